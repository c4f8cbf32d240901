"""The start-up backup of data changed since the last backup, off the path to the first paint.

A start whose data changed since the newest backup (every start after a working session) backs
it up before anything is written. That costs one content digest and a copy of the same snapshot
(about 6 ms of CPU with 10 years of data, 24 M instructions) and two fsyncs (the copy, then the
folder after its rename: 5–20 ms of waiting, more on a slow disk), so the window does not wait
for it:

- `StartupBackup(db_path)` is made when the folder opens (nothing runs yet);
- `start()` (called once the window has painted) takes the backup in a worker thread, which
  uses its own read-only connections (backup.backup_if_changed) — the Store keeps reading;
- `ensure()` is the Store's `before_write`: the first write waits for the backup, so the backup
  holds the data exactly as it was before this session. Not started yet: it runs right there.
  Failed (a full disk, an I/O error): it is tried once more there; failing again, the error
  (StorageUnavailable, Japanese) refuses the write — nothing pretends to be saved — and the
  next write tries again;
- `wait()` at close: the folder lock is not released while the backup still writes.

The backup before a migration is not deferred (database.open_store takes it synchronously).
Crash safety is backup.py's: a killed backup leaves only a temporary file, removed at the next
start, and the database itself is only read.
"""

from __future__ import annotations

import threading
from pathlib import Path

from . import backup as backups
from .errors import logged


class StartupBackup:
    def __init__(self, db_path: Path, reason: str = "start"):
        self.db_path = Path(db_path)
        self.reason = reason
        self.made: Path | None = None
        self.error: BaseException | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._done = threading.Event()

    @property
    def done(self) -> bool:
        return self._done.is_set() and self.error is None

    def _run(self) -> None:
        try:
            self.made = backups.backup_if_changed(self.db_path, reason=self.reason)
            self.error = None
        except BaseException as exc:  # noqa: BLE001 - kept for the first write, which raises it
            self.error = exc
        finally:
            self._done.set()

    def start(self) -> None:
        """Take the backup in a worker thread (once; no-op when it already ran or runs)."""
        with self._lock:
            if self._thread is None and not self._done.is_set():
                self._thread = threading.Thread(target=self._run, name="hsd-startup-backup", daemon=True)
                self._thread.start()

    def wait(self) -> None:
        """Wait for a started backup to finish (never raises)."""
        thread = self._thread
        if thread is not None:
            thread.join()

    def ensure(self) -> None:
        """Before the first write: the backup is done, else it is done now; raises its error."""
        with self._lock:
            if self._thread is None and not self._done.is_set():
                self._run()  # not started (no window painted, or a command): run it here
        self.wait()
        if self.error is not None:
            logged("start-up backup, retried before a write", self.error)
            with self._lock:
                self._run()
            if self.error is not None:
                raise self.error
