"""The print screen's report, built in a worker process so that the window stays small.

Building a full report loads reportlab's fonts and lays out every page: 45–60 MB that the
window's process would keep for the rest of the session (Python does not give it back). Here
a `spawn` child (a fresh interpreter: no Qt, never a fork of the window) receives the report's
snapshot, builds the bytes with the very same reports.report.build_report and sends them back
through one-way pipes (OS pipes, no socket). The screen keeps its worker while it is shown, so a
second build is as warm as it was in the window; leaving the screen ends it.

The snapshot (ReportContext) is read in this process through the Store, as before; the child
never opens the database, so the folder lock and the data stay this process's alone (it reads
and may rewrite only the parsed-font cache under cache/, as the `print` command does).

    worker = Worker.spawn(ctx)                # optional: imports and fonts while the user ticks
    job = ReportJob.start(ctx, year, parts, worker)  # returns at once (a new worker without one)
    job.poll()    -> None while it builds, else a JobResult (the PDF, or a Japanese message)
    job.cancel()  # its worker is ended; nothing is left running
    job.worker    # still usable after a result (reuse it), worker.stop() when done

In the PyInstaller bundle the child is the app's own executable: packaging/launcher.py calls
multiprocessing.freeze_support() before anything else, so that it runs this worker, not a window.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import threading
import time
import weakref

from ..domain.record import field, record
from ..reports.fonts import register_fonts
from ..reports.fonts import use_cache as use_font_cache
from ..reports.poster import poster_notices
from ..reports.report import build_report
from .context import CACHE_DIR, AppContext
from .errors import log, user_message
from .snapshot import report_context

_SPAWN = multiprocessing.get_context("spawn")
STOP_WAIT_S = 2.0  # after terminate(): how long a child may take before it is killed

DIED = "報告書を作成する処理が途中で終了しました。もう一度「プレビュー更新」を押してください。"
NOT_STARTED = "報告書を作成する処理を開始できませんでした（{reason}）。"
CANCELLED = "報告書の作成を中止しました。"


@record(frozen=False)
class JobResult:
    data: bytes | None = None          # the PDF, when built
    message: str = ""                  # Japanese, when not built (failed or cancelled)
    notices: list[str] = field(default_factory=list)  # the poster's notices, when it is a part
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.data is not None


def _reply(replies, snapshot, parts: list[str]) -> None:
    try:
        data = build_report(snapshot, parts)
        notices = poster_notices(snapshot, "A4") if "poster" in parts else []
        replies.send(("ok", data, notices))
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the window, in Japanese there
        try:
            replies.send(("error", exc))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its text then
            replies.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _serve(requests, replies, cache_dir) -> None:
    """In the child: get ready (modules imported on the way here, fonts registered), then answer
    each request with the report's bytes (and the poster's notices) or the exception, until the
    window closes the request pipe (or ends this process)."""
    try:
        with contextlib.suppress(Exception):  # a failure here fails the build below, and is said there
            use_font_cache(cache_dir)
            register_fonts()
        while True:
            try:
                snapshot, parts = requests.recv()
            except (EOFError, OSError):
                return  # the window is done with this worker
            _reply(replies, snapshot, parts)
    finally:
        os._exit(0)  # nothing left to flush or tear down (reportlab's objects die with it)


def _stop(process, requests, replies, writers: list) -> None:
    """End the child (if it still runs), then the request writers, then close the pipes; safe
    to call more than once. The child goes first, so that a writer blocked on a full pipe fails."""
    try:
        if process is not None and process.is_alive():
            process.terminate()
            process.join(STOP_WAIT_S)
            if process.is_alive():
                process.kill()
                process.join(STOP_WAIT_S)
        elif process is not None:
            process.join(0.05)  # reap it
    except (OSError, ValueError):  # already reaped or closed
        pass
    for writer in writers:
        writer.join(STOP_WAIT_S)
    for conn in (requests, replies):
        try:
            conn.close()
        except OSError:
            pass


class Worker:
    """A child process that imports reportlab and registers the fonts at once (while the screen
    waits for the ticks to settle), then builds one report at a time. `spawn()` never raises: a
    worker that could not start has `error` set."""

    def __init__(self, cache_dir):
        self.error = ""
        self.busy = False  # a request was sent and its reply not read yet
        self._writers: list[threading.Thread] = []
        requests_child, self._requests = _SPAWN.Pipe(duplex=False)  # (read end, write end)
        self.replies, replies_child = _SPAWN.Pipe(duplex=False)
        self.process = _SPAWN.Process(target=_serve, args=(requests_child, replies_child, cache_dir),
                                      daemon=True, name="hospital-sec-desk-report")
        try:
            self.process.start()
        except (OSError, RuntimeError, ValueError) as exc:
            log.warning("report worker: cannot start: %s: %s", type(exc).__name__, exc)
            self.error = NOT_STARTED.format(reason=user_message(exc))
            self.process = None
        finally:
            for conn in (requests_child, replies_child):  # the child holds its own copies
                conn.close()
        # a screen deleted without stopping it (or the app exiting) ends the child too
        self._finalizer = weakref.finalize(self, _stop, self.process, self._requests, self.replies,
                                           self._writers)

    @classmethod
    def spawn(cls, ctx: AppContext) -> Worker:
        return cls(ctx.folder / CACHE_DIR)

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def usable(self) -> bool:
        return (self.process is not None and self._finalizer.alive and not self.busy
                and self.process.is_alive())

    def send(self, snapshot, parts: list[str]) -> None:
        """Hand over a request without waiting: the child may still be importing, and a snapshot
        is larger than a pipe holds, so a thread writes it."""
        payload = pickle.dumps((snapshot, parts), protocol=pickle.HIGHEST_PROTOCOL)
        self._writers[:] = [w for w in self._writers if w.is_alive()]
        writer = threading.Thread(target=self._write, args=(payload,), daemon=True,
                                  name="hospital-sec-desk-report-request")
        self._writers.append(writer)
        self.busy = True
        writer.start()

    def _write(self, payload: bytes) -> None:
        try:
            self._requests.send_bytes(payload)
        except (OSError, ValueError):  # the child ended (cancelled or died): poll() tells which
            pass

    def stop(self) -> None:
        self._finalizer()


class ReportJob:
    """One build in one worker."""

    def __init__(self, worker: Worker, key: tuple):
        self.key = key
        self.started = time.monotonic()
        self.worker = worker
        self.result: JobResult | None = None if not worker.error else JobResult(message=worker.error)

    @classmethod
    def start(cls, ctx: AppContext, year: int, parts: list[str], worker: Worker | None = None) -> ReportJob:
        """Read the snapshot here and hand it to `worker` (when usable) or to a new one; returns
        at once. A worker that cannot start gives a finished job saying so."""
        parts = list(parts)
        snapshot = report_context(ctx, year, with_history=True)
        if worker is None or not worker.usable():
            if worker is not None:
                worker.stop()
            worker = Worker.spawn(ctx)
        job = cls(worker, (year, tuple(parts)))
        if job.result is None:
            worker.send(snapshot, parts)
        return job

    @property
    def pid(self) -> int | None:
        return self.worker.pid

    @property
    def running(self) -> bool:
        return self.result is None

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def poll(self) -> JobResult | None:
        """None while the child builds; then its result (kept: later calls return the same)."""
        if self.result is not None:
            return self.result
        conn, process = self.worker.replies, self.worker.process
        try:
            if not conn.poll():
                if process.is_alive():
                    return None
                if not conn.poll():  # it may have written just before it ended
                    return self._finish(self._died(), keep=False)
            message = conn.recv()
        except (EOFError, OSError):
            return self._finish(self._died(), keep=False)
        if message[0] == "ok":
            return self._finish(JobResult(data=message[1], notices=list(message[2])))
        return self._finish(JobResult(message=f"報告書を作成できませんでした。{user_message(message[1])}"))

    def wait(self, timeout: float) -> JobResult | None:
        """Block up to `timeout` seconds (for scripts and tests; the window polls)."""
        deadline = time.monotonic() + timeout
        while self.poll() is None and time.monotonic() < deadline:
            self.worker.replies.poll(min(0.05, max(0.0, deadline - time.monotonic())))
        return self.result

    def cancel(self) -> None:
        """End the worker now; the result says it was cancelled (unless it had finished)."""
        if self.result is None:
            self._finish(JobResult(message=CANCELLED, cancelled=True), keep=False)

    def _died(self) -> JobResult:
        code = self.worker.process.exitcode if self.worker.process is not None else None
        log.warning("report worker ended without a result (exit code %s)", code)
        return JobResult(message=DIED)

    def _finish(self, result: JobResult, keep: bool = True) -> JobResult:
        """`keep`: the worker answered and waits for the next request; else it is ended."""
        self.result = result
        self.worker.busy = False
        if not keep:
            self.worker.stop()
        return result
