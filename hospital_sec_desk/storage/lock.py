"""One app instance per data folder: an OS-level lock on <folder>/.lock.

The lock is released by the OS when the process dies (even by SIGKILL), so a crash
never leaves the folder locked.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .errors import AlreadyRunning, StorageUnavailable, logged

if os.name == "nt":
    import msvcrt
else:
    import fcntl

LOCK_NAME = ".lock"


class FolderLock:
    def __init__(self, folder: Path):
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Raises AlreadyRunning when another process holds it, StorageUnavailable when the
        lock file cannot be made or opened (a folder named .lock, no permission, disk full)."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StorageUnavailable(self.path.parent, logged("open lock", exc)) from exc
        try:
            if os.name == "nt":
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK):
                raise AlreadyRunning(self.path.parent) from exc
            raise StorageUnavailable(self.path.parent, logged("lock", exc)) from exc
        self._fd = fd
        try:  # informational only: which process holds the folder
            if os.name == "posix":
                os.fchmod(fd, 0o600)
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
        except OSError:
            pass

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if os.name == "nt":
                os.lseek(self._fd, 0, os.SEEK_SET)
                msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
            else:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None
