"""The application layer: the use cases that ui/ and the CLI call.

ui/ and cli/ import this package and domain/, never storage/ or reports/ directly.
`StorageError` is re-exported so that callers can tell "could not save / read" (its
text is a Japanese sentence for the user) from anything else.
"""

from ..storage.errors import StorageError
from .context import AppContext

__all__ = ["AppContext", "StorageError"]
