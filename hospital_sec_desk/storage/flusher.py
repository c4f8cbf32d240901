"""Durability after the commit: a thread that fsyncs the `-wal` file a moment after each change.

The Store commits with WAL and `synchronous=NORMAL` on the calling (GUI) thread. When a save
returns, its transaction is in the `-wal` file, in the OS cache: every reader sees it and a kill -9
of the app loses nothing; only a power cut could, until the `-wal` is on the disk. This thread
closes that gap: after each commit (`committed()`) it opens the `-wal`, fsyncs it and closes it,
a few milliseconds later. Commits made while an fsync runs are covered by the next one (a burst
costs one or two fsyncs, not one each). The first fsync also fsyncs the folder, so the file's
name survives a power cut too (SQLite does the same at its first sync of a new `-wal`, the
header's at the first commit; the -wal then lives, same file, as long as the Store's connection).

WAL with NORMAL never corrupts the database, whatever is lost: SQLite fsyncs the `-wal` before
every checkpoint copies it into the database file.

No handle is kept open between fsyncs (Windows could not delete the `-wal` at close otherwise;
its fsync needs a handle opened for writing: fileio.fsync_file). A `-wal` that no longer exists
was checkpointed into the database and deleted by SQLite, which syncs before it deletes: nothing
to do.

A failed fsync (EIO, ENOSPC…) is logged and kept as `failure` until `clear(failure)`: the Store
refuses the next write with SaveFailed (see Store._check_durable), and `take_unreported()` hands
it once to whoever tells the user (app/sessions.sync_problem). `on_failure`, when set, is called
in this thread right after a failure is recorded: the window hands it over to its own thread
with a queued Qt signal and asks sync_problem there (no polling). At close,
app/sessions.unsynced_at_close asks before the window goes.
`wait()` returns when everything committed before the call is synced (or failed); `close()`
waits, then ends the thread (the Store's close calls it before closing the connection).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ..fileio import fsync_file, fsync_folder
from .errors import SaveFailed, logged, reason

FileSync = Callable[[Path], None]


class NotDurable(SaveFailed):
    """An fsync of the `-wal` failed after a save had returned: said once, at once, to the user."""

    def __init__(self, why: str):
        self.why = why
        Exception.__init__(self, f"保存した内容をディスクに書き込めませんでした（{why}）。直前の変更は、停電などの際に"
                                 "失われるおそれがあります。原因を取り除いてから、もう一度操作してください。")


class WalFlusher:
    """fsync of one database's `-wal` in a worker thread, after each commit (module doc)."""

    def __init__(self, wal: Path, *, sync: FileSync = fsync_file, sync_folder: FileSync = fsync_folder):
        self.wal = Path(wal)
        self._sync, self._sync_folder = sync, sync_folder
        self._cond = threading.Condition(threading.Lock())
        self._wanted = 0  # commits asked to be made durable
        self._done = 0  # of them, synced (or failed: see failure)
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._folder_synced = False
        self.failure: Exception | None = None  # kept until clear()
        self._unreported: Exception | None = None
        self.syncs = 0  # fsyncs of the -wal done (tests, benchmarks)
        self.on_failure: Callable[[], None] | None = None  # called in this thread after a failure

    # -- the committing thread ------------------------------------------------------------
    def committed(self) -> None:
        """A transaction was just committed: have it synced (returns at once)."""
        with self._cond:
            self._wanted += 1
            if self._thread is None and not self._stopping:
                self._thread = threading.Thread(target=self._run, name="wal-flusher", daemon=True)
                self._thread.start()
            else:
                self._cond.notify()

    @property
    def pending(self) -> bool:
        return self._done < self._wanted

    def wait(self, timeout: float | None = None) -> Exception | None:
        """Until every commit made before this call is synced (or failed); returns the failure."""
        with self._cond:
            target = self._wanted
            if self._thread is not None:
                self._cond.wait_for(lambda: self._done >= target, timeout)
                return self.failure
        if target > self._done:  # a commit after close(): synced on this thread
            self._flush(target)
        return self.failure

    def close(self) -> Exception | None:
        """Wait for what is pending, then end the thread. Returns the failure, if any."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        return self.wait()

    def clear(self, failure: Exception) -> None:
        """The Store re-established durability another way (a checkpoint): forget `failure`."""
        with self._cond:
            if self.failure is failure:
                self.failure = None

    def take_unreported(self) -> NotDurable | None:
        """A failure nobody was told of yet, as the Japanese error; None otherwise (once each)."""
        with self._cond:
            failure, self._unreported = self._unreported, None
        if failure is None:
            return None
        error = NotDurable(reason(failure))
        error.__cause__ = failure
        return error

    # -- the worker thread -----------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._wanted > self._done or self._stopping)
                if self._wanted <= self._done:
                    return  # stopping and nothing left
                target = self._wanted
            self._flush(target)

    def _flush(self, target: int) -> None:
        try:
            self._sync_wal()
            failure = None
        except Exception as exc:  # noqa: BLE001 - OSError mostly; any other must not end the
            logged("fsync of the -wal after a commit", exc)  # thread with waiters left hanging
            failure = exc
        if failure is not None:
            with self._cond:
                self.failure = self._unreported = failure
            hook = self.on_failure  # told before the waiters go on (a closing window asks next)
            if hook is not None:
                try:
                    hook()
                except Exception as exc:  # noqa: BLE001 - a gone window must not end the thread
                    logged("telling the window of a failed fsync", exc)
        with self._cond:
            self._done = max(self._done, target)
            self._cond.notify_all()

    def _sync_wal(self) -> None:
        try:
            self._sync(self.wal)
        except FileNotFoundError:
            return  # checkpointed and deleted by SQLite (synced before): nothing to do
        self.syncs += 1
        if not self._folder_synced:  # the -wal's name (it lives while the Store's connection does)
            self._sync_folder(self.wal.parent)
            self._folder_synced = True
