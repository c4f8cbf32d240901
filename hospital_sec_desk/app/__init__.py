"""The application layer: the use cases that ui/ and the CLI call.

ui/ and cli/ import this package and domain/, never storage/ or reports/ directly.
"""

from .context import AppContext

__all__ = ["AppContext"]
