"""Errors for the user: one Japanese sentence for any exception, the English detail in a log.

`user_message(exc)` is what the GUI and the command line show. `setup_logging(folder)` sends
the "hospital_sec_desk" logger (the storage layer logs every OS/SQLite error it converts) to
`<data folder>/logs/app.log`: private (folder 0700, file 0600), at most 256 KB, rotated
into app.log.1 and app.log.2. Logging never fails the app: a folder that cannot be written
just gets no log.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..fileio import TargetRefused
from ..storage.backup import restore_folder
from ..storage.errors import (  # noqa: F401 - re-exported for ui/ and the CLI
    AlreadyRunning,
    DatabaseDamaged,
    DatabaseMissing,
    DatabaseTooNew,
    SaveFailed,
    StorageError,
    StorageUnavailable,
    StoreBusy,
    log,
    logged,
    reason,
)

LOG_DIR = "logs"
LOG_NAME = "app.log"
LOG_MAX_BYTES = 256 * 1024
LOG_BACKUPS = 2
ROOT_LOGGER = "hospital_sec_desk"


class PrivateLogHandler(logging.FileHandler):
    """A rotating file created only when something is logged, 0600 in a 0700 folder.

    The rotation of logging.handlers.RotatingFileHandler, written here: that module (with the
    socket, queue and selectors modules it imports) cost about 3 % of the start to the first
    painted window, for a log that is written only when something went wrong."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        super().__init__(self.folder / LOG_DIR / LOG_NAME, encoding="utf-8", delay=True)

    def _open(self):
        logs = self.folder / LOG_DIR
        if not logs.is_dir():
            os.mkdir(logs, 0o700)  # only inside an existing data folder
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding="utf-8")

    def emit(self, record) -> None:
        try:
            if self._full(record):
                self._rotate()
        except Exception:  # noqa: BLE001 - logging never fails the app
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record) -> bool:
        if self.stream is None:
            self.stream = self._open()
        size = self.stream.tell() if self.stream.seekable() else 0
        return size > 0 and size + len(self.format(record).encode("utf-8")) + 1 > LOG_MAX_BYTES

    def _rotate(self) -> None:
        """app.log.1 -> app.log.2, app.log -> app.log.1 (the oldest one is dropped)."""
        self.stream.close()
        self.stream = None
        for n in range(LOG_BACKUPS, 0, -1):
            older = f"{self.baseFilename}.{n - 1}" if n > 1 else self.baseFilename
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{n}")

    def handleError(self, record) -> None:  # noqa: N802 - logging's name
        pass  # a full disk or a read-only folder: no log, and no message on stderr either


def setup_logging(folder: Path) -> None:
    """Log warnings of the app to <folder>/logs/app.log (replacing an earlier folder's log)."""
    logger = logging.getLogger(ROOT_LOGGER)
    for handler in list(logger.handlers):
        if isinstance(handler, PrivateLogHandler):
            logger.removeHandler(handler)
            handler.close()
    handler = PrivateLogHandler(folder)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # never onto stderr of a windowed app


def user_message(exc: BaseException) -> str:
    """Japanese text for any exception: a StorageError's or refused target's own message, an OS
    error's mapped reason (the English detail logged), else the mapped reason of anything else."""
    if isinstance(exc, StorageError | TargetRefused):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"：{exc.filename}" if exc.filename else ""
        return f"ファイルを読み書きできませんでした（{logged('file', exc)}）{where}"
    log.warning("unexpected: %s: %s", type(exc).__name__, exc, exc_info=exc)
    return f"処理できませんでした（{reason(exc)}）。詳しい記録はデータフォルダの logs/app.log にあります。"


def restore_before_open(folder: Path, backup: Path) -> Path | None:
    """The start-up's restore (the folder is not open yet): under the folder lock, crash-safe.
    Returns where the replaced file was kept. Raises StorageError (Japanese)."""
    return restore_folder(Path(folder), Path(backup))
