"""The print screen's report, built in a worker process so that the window stays small.

Building a full report loads reportlab's fonts and lays out every page: 45–60 MB that the
window's process would keep for the rest of the session (Python does not give it back). Here
a `spawn` child (a fresh interpreter: no Qt, never a fork of the window) receives the report's
snapshot, builds the bytes with the very same reports.report.build_report, sends them back
through a one-way pipe (an OS pipe, no socket) and exits.

The snapshot (ReportContext) is read in this process through the Store, as before; the child
never opens the database, so the folder lock and the data stay this process's alone (it reads
and may rewrite only the parsed-font cache under cache/, as the `print` command does).

    job = ReportJob.start(ctx, year, parts)   # returns at once
    job.poll()    -> None while it builds, else a JobResult (the PDF, or a Japanese message)
    job.cancel()  # the child is ended; nothing is left running

In the PyInstaller bundle the child is the app's own executable: packaging/launcher.py calls
multiprocessing.freeze_support() before anything else, so that it runs this worker, not a window.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import weakref
from dataclasses import dataclass, field

from ..reports.fonts import use_cache as use_font_cache
from ..reports.poster import poster_notices
from ..reports.report import build_report
from .context import CACHE_DIR, AppContext
from .errors import log, user_message
from .planning import report_context

_SPAWN = multiprocessing.get_context("spawn")
STOP_WAIT_S = 2.0  # after terminate(): how long a child may take before it is killed

DIED = "報告書を作成する処理が途中で終了しました。もう一度「プレビュー更新」を押してください。"
NOT_STARTED = "報告書を作成する処理を開始できませんでした（{reason}）。"
CANCELLED = "報告書の作成を中止しました。"


@dataclass
class JobResult:
    data: bytes | None = None          # the PDF, when built
    message: str = ""                  # Japanese, when not built (failed or cancelled)
    notices: list[str] = field(default_factory=list)  # the poster's notices, when it is a part
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.data is not None


def _build(snapshot, parts: list[str], cache_dir, conn) -> None:
    """In the child: the report's bytes (and the poster's notices), or the exception."""
    try:
        use_font_cache(cache_dir)
        data = build_report(snapshot, parts)
        notices = poster_notices(snapshot, "A4") if "poster" in parts else []
        conn.send(("ok", data, notices))
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the window, in Japanese there
        try:
            conn.send(("error", exc))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its text then
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()
    os._exit(0)  # replied: nothing left to flush or tear down (reportlab's objects die with it)


def _stop(process, conn) -> None:
    """End the child (if it still runs) and close the pipe; safe to call more than once."""
    try:
        if process is not None:
            process.join(0.05)  # after its reply it exits by itself
        if process is not None and process.is_alive():
            process.terminate()
            process.join(STOP_WAIT_S)
            if process.is_alive():
                process.kill()
                process.join(STOP_WAIT_S)
    except (OSError, ValueError):  # already reaped or closed
        pass
    try:
        conn.close()
    except OSError:
        pass


class ReportJob:
    """One build in one child process."""

    def __init__(self, process, conn, key: tuple):
        self.key = key
        self.started = time.monotonic()
        self._process = process
        self._conn = conn
        self.result: JobResult | None = None
        # the screen may be deleted without cancelling (or the app may exit): the child goes too
        self._finalizer = weakref.finalize(self, _stop, process, conn)

    @classmethod
    def start(cls, ctx: AppContext, year: int, parts: list[str]) -> ReportJob:
        """Read the snapshot here, start the child; a child that cannot start gives a finished
        job whose result says so (never an exception)."""
        parts = list(parts)
        key = (year, tuple(parts))
        snapshot = report_context(ctx, year, with_history=True)
        receive, send = _SPAWN.Pipe(duplex=False)
        process = _SPAWN.Process(target=_build, args=(snapshot, parts, ctx.folder / CACHE_DIR, send), daemon=True,
                                 name="hospital-sec-desk-report")
        try:
            process.start()
        except (OSError, RuntimeError, ValueError) as exc:
            log.warning("report worker: cannot start: %s: %s", type(exc).__name__, exc)
            receive.close()
            send.close()
            job = cls(None, receive, key)
            job.result = JobResult(message=NOT_STARTED.format(reason=user_message(exc)))
            return job
        finally:
            if process.pid is not None:
                send.close()  # the child holds its own copy: EOF here when it ends
        return cls(process, receive, key)

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def running(self) -> bool:
        return self.result is None

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def poll(self) -> JobResult | None:
        """None while the child builds; then its result (kept: later calls return the same)."""
        if self.result is not None:
            return self.result
        try:
            if not self._conn.poll():
                if self._process.is_alive():
                    return None
                if not self._conn.poll():  # it may have written just before it ended
                    return self._finish(self._died())
            message = self._conn.recv()
        except (EOFError, OSError):
            return self._finish(self._died())
        if message[0] == "ok":
            return self._finish(JobResult(data=message[1], notices=list(message[2])))
        return self._finish(JobResult(message=f"報告書を作成できませんでした。{user_message(message[1])}"))

    def wait(self, timeout: float) -> JobResult | None:
        """Block up to `timeout` seconds (for the command line and tests; the window polls)."""
        deadline = time.monotonic() + timeout
        while self.poll() is None and time.monotonic() < deadline:
            self._conn.poll(min(0.05, max(0.0, deadline - time.monotonic())))
        return self.result

    def cancel(self) -> None:
        """End the child now; the result says it was cancelled (unless it had finished)."""
        if self.result is None:
            self._finish(JobResult(message=CANCELLED, cancelled=True))
        else:
            self._finalizer()

    def _died(self) -> JobResult:
        code = self._process.exitcode if self._process is not None else None
        log.warning("report worker ended without a result (exit code %s)", code)
        return JobResult(message=DIED)

    def _finish(self, result: JobResult) -> JobResult:
        self.result = result
        self._finalizer()  # reap the child, close the pipe
        return result
