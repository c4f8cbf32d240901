"""The Store: every read and write of the app's data goes through here.

One short transaction per change (db.atomic()), on the calling (GUI) thread:
sqlite-utils' connection is single-thread. See database.py for opening. Commits run with WAL and
synchronous=NORMAL: when a write returns, the change is in the -wal file (every reader sees it, a
kill -9 loses nothing) and the Store's WalFlusher (storage/flusher.py) fsyncs the -wal a few
milliseconds later in its thread, for power cuts. `close()` waits for it (so does a restore,
which closes first); `flush()` waits for it on demand. A backup or an export does not: it reads
what is committed and fsyncs its own file, so it still works when the -wal cannot be synced. A
failed fsync refuses the next write (SaveFailed) and is handed once to the UI (`sync_failure()`).

Every write turns an SQLite or OS error into SaveFailed (StoreBusy when another program
holds the write lock longer than BUSY_SECONDS; right after that, only briefly) with a
Japanese sentence; the transaction is rolled back and the connection stays usable, so the
next action simply retries. Reads turn theirs into ReadFailed.

This module holds the connection's state: the busy wait, durability (flush, the refused write
after a failed fsync) and closing. The records are in assessment_store.py (assessments,
answers, action items) and facility_store.py (settings, facility, contacts); the @reads /
@writes guards and now_iso() in guards.py. Their names stay importable from here.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from ..domain.actions import ACTION_FIELDS, ACTION_STATUSES
from ..domain.contacts import CONTACT_FIELDS
from .assessment_store import ANSWER_COLUMNS, INSERT_ANSWER, UPSERT_ANSWER, AssessmentRecords, answer_row
from .errors import SaveFailed, logged, reason
from .facility_store import FACILITY_FIELDS, FacilityRecords
from .flusher import NotDurable, WalFlusher
from .guards import BUSY_QUIET_SECONDS, BUSY_RETRY_SECONDS, BUSY_SECONDS, now_iso, reads, writes
from .lock import FolderLock
from .reader import LazyDatabase

__all__ = [
    "Store", "reads", "writes", "now_iso", "answer_row",
    "BUSY_SECONDS", "BUSY_QUIET_SECONDS", "BUSY_RETRY_SECONDS",
    "ANSWER_COLUMNS", "INSERT_ANSWER", "UPSERT_ANSWER",
    "FACILITY_FIELDS", "CONTACT_FIELDS", "ACTION_FIELDS", "ACTION_STATUSES",
]


class Store(AssessmentRecords, FacilityRecords):
    """One open data folder's database (durability: see this module's docstring)."""

    def __init__(self, db: LazyDatabase, path: Path, folder: Path, lock: FolderLock | None = None):
        self.db = db  # reads: plain sqlite3; writes: sqlite-utils (storage/reader.py)
        self.flusher = WalFlusher(path.with_name(path.name + "-wal"))
        db.after_commit = self.flusher.committed
        self.startup_backup = None  # a deferred start-up backup (database.open_store)
        self.path = path
        self.folder = folder
        self.lock = lock
        self._closers: list = []
        self._depth = 0
        self._busy_until = 0.0  # until then another program held the lock: wait only briefly
        self._waiting = BUSY_SECONDS

    def _wait_for_lock(self) -> None:
        """Wait up to BUSY_SECONDS for another program's lock, but only BUSY_RETRY_SECONDS
        shortly after a StoreBusy: keystrokes during a long lock do not freeze a second each."""
        wanted = BUSY_RETRY_SECONDS if time.monotonic() < self._busy_until else BUSY_SECONDS
        if wanted != self._waiting:
            self.db.conn.execute(f"PRAGMA busy_timeout = {int(wanted * 1000)}")
            self._waiting = wanted

    def _check_durable(self) -> None:
        """Before a write: after a failed fsync of the -wal, this write is refused (SaveFailed)
        and what is stored is made durable another way, a checkpoint into the database file
        (SQLite syncs it); when that succeeds, the next write goes through again."""
        failure = self.flusher.failure
        if failure is not None:
            self._recover(failure)
            raise SaveFailed(logged("write refused after a failed fsync", failure)) from failure

    def _recover(self, failure: Exception) -> bool:
        try:
            busy = self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error as exc:
            logged("checkpoint after a failed fsync", exc)
            return False
        if busy:
            return False
        self.flusher.clear(failure)
        return True

    def flush(self) -> None:
        """Wait until every change so far is on the disk; SaveFailed when that could not be done."""
        failure = self.flusher.wait()
        if failure is not None and not self._recover(failure):
            raise SaveFailed(reason(failure)) from failure

    def sync_failure(self) -> NotDurable | None:
        """A failed fsync after a save had returned, once (the UI tells the user at once)."""
        return self.flusher.take_unreported()

    def on_sync_failure(self, notify) -> None:
        """`notify()` is called in the flusher's thread after a failed fsync (None: nobody)."""
        self.flusher.on_failure = notify

    def _roll_back(self) -> None:
        try:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            logged("rollback", exc)

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        lock = self.close_keep_lock()
        if lock is not None:
            lock.release()

    def close_keep_lock(self) -> FolderLock | None:
        """Close the database but keep holding the folder lock; returns the lock."""
        lock, self.lock = self.lock, None
        try:
            self.flusher.close()  # nothing is left unsynced; no -wal handle open at SQLite's close
            self.db.conn.close()
        finally:
            for fn in self._closers:
                fn()
            self._closers.clear()
        return lock

    def on_close(self, fn) -> None:
        self._closers.append(fn)
