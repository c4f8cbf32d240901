"""Storage: the only code that touches SQLite."""

from .errors import StorageError  # noqa: F401
