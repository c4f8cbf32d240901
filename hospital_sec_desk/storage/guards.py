"""How every Store method runs: the @reads / @writes guards, the busy wait, the time stamp.

A guarded method turns an SQLite or OS error into SaveFailed (a write) or ReadFailed (a
read), with a Japanese sentence; a write's transaction is rolled back and the connection
stays usable, so the next action simply retries. Another program holding the write lock
longer than BUSY_SECONDS gives StoreBusy; for BUSY_QUIET_SECONDS after that, calls wait only
BUSY_RETRY_SECONDS (keystrokes during a long lock do not freeze a second each). A guarded
method called from another one (nesting) lets the outermost call decide.

The guards keep their state on the object (storage.store.Store, and PlanningStore through
it): `_depth`, `_busy_until`, and the methods `_wait_for_lock`, `_check_durable` (a write
after a failed fsync is refused) and `_roll_back`.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import time

from .errors import BUSY_CODES, ReadFailed, SaveFailed, StoreBusy, logged, sqlite_code

BUSY_SECONDS = 1.0  # how long a write waits for another program's lock before StoreBusy
BUSY_QUIET_SECONDS = 5.0  # after StoreBusy, further calls wait only BUSY_RETRY_SECONDS (no freeze per key)
BUSY_RETRY_SECONDS = 0.05


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="milliseconds")


def _guarded(error, method):
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        self._depth += 1
        try:
            if self._depth == 1:
                self._wait_for_lock()
                if error is SaveFailed:
                    self._check_durable()
            result = method(self, *args, **kwargs)
            if self._depth == 1:
                self._busy_until = 0.0
            return result
        except (sqlite3.Error, OSError, ValueError, MemoryError) as exc:
            if isinstance(exc, ValueError) and error is SaveFailed:
                raise  # a caller's bad argument (e.g. an unknown status), not a storage fault
            if self._depth > 1:
                raise
            self._roll_back()
            if sqlite_code(exc) in BUSY_CODES:
                logged(f"{method.__name__} busy", exc)
                self._busy_until = time.monotonic() + BUSY_QUIET_SECONDS
                raise StoreBusy() from exc
            raise error(logged(method.__name__, exc)) from exc
        finally:
            self._depth -= 1

    run.guarded_as = error  # tests/storage/test_store_guards.py: every Store method is guarded
    return run


def writes(method):
    """A Store write: SQLite/OS errors become SaveFailed / StoreBusy, rolled back."""
    return _guarded(SaveFailed, method)


def reads(method):
    """A Store read: SQLite/OS errors and undecodable values become ReadFailed."""
    return _guarded(ReadFailed, method)
