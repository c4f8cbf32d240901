"""The 印刷 screen's builds: one report job at a time in a worker process (app/report_job.py),
polled from the event loop, and the worker for the next build (warmed before it, kept after it).

    builder = ReportBuilder(ctx, parent)
    builder.finished.connect(on_done)      # (JobResult, (year, parts)) once per build
    builder.start(year, parts)             # returns at once; raises what reading the data raises
    builder.wait(parent)                   # a window-modal progress dialog with 中止, until it ends
    builder.cancel() / builder.stop()      # the build / also the kept worker
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..app.context import AppContext
from ..app.report_job import ReportJob, Worker

POLL_MS = 50  # how often the worker is asked whether the report is ready


class ReportBuilder(QObject):
    finished = Signal(object, tuple)  # JobResult, the (year, parts) it was built for
    progress = Signal(int)            # whole seconds since the build started

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._job: ReportJob | None = None
        # the worker for the next build: started when one is near (it imports while the ticks
        # settle), kept after a build (the next one is warm), ended by stop()
        self._spare: Worker | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    # -- state ------------------------------------------------------------------------
    def building(self, key: tuple | None = None) -> bool:
        """A build is under way (for `key` = (year, parts tuple), when given)."""
        return self._job is not None and self._job.running and (key is None or self._job.key == key)

    def worker_pid(self) -> int | None:
        """The process building the report now (None when none is)."""
        return self._job.pid if self.building() else None

    def idle_worker_pid(self) -> int | None:
        """The process kept for the next build (None when none is)."""
        return self._spare.pid if self._spare is not None else None

    # -- workers --------------------------------------------------------------------------
    def warm(self) -> None:
        """A build is near: have a worker importing and registering fonts meanwhile."""
        if self._spare is not None and not self._spare.usable():
            self._spare.stop()  # it died meanwhile
            self._spare = None
        if self._spare is None:
            self._spare = Worker.spawn(self.ctx)

    def stop(self) -> None:
        """End the build (if any) and the kept worker: nothing of this screen keeps running."""
        self.cancel()
        if self._spare is not None:
            self._spare.stop()
            self._spare = None

    # -- one build ------------------------------------------------------------------------
    def start(self, year: int, parts: list[str]) -> None:
        """Start building (a build under way is ended first); `finished` follows, maybe at once."""
        self.cancel()
        spare, self._spare = self._spare, None
        self._job = ReportJob.start(self.ctx, year, parts, spare)
        self._timer.start()
        self._poll()

    def cancel(self) -> None:
        """End the build under way; `finished` comes at once with a cancelled result."""
        if self.building():
            self._job.cancel()
            self._poll()

    def _poll(self) -> None:
        job = self._job
        if job is None:
            self._timer.stop()
            return
        result = job.poll()
        if result is None:
            self.progress.emit(int(job.elapsed()))
            return
        self._timer.stop()
        self._job = None
        if self._spare is None and job.worker.usable():
            self._spare = job.worker
        elif job.worker is not self._spare:
            job.worker.stop()
        self.finished.emit(result, job.key)

    def wait(self, parent: QWidget) -> bool:
        """Wait for the build under way behind a window-modal progress dialog (no other click
        reaches the window meanwhile) whose 中止 cancels it; True when it was built."""
        job = self._job
        if job is None or not job.running:
            return False
        loop = QEventLoop(self)
        dialog = QProgressDialog("報告書を作成しています…", "中止", 0, 0, parent)
        dialog.setWindowTitle("報告書の作成")
        dialog.setObjectName("print:progress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        outcome: list[bool] = []

        def ended(result, _key) -> None:
            outcome.append(result.ok)
            loop.quit()

        self.finished.connect(ended)
        dialog.canceled.connect(self.cancel)
        try:
            dialog.show()
            loop.exec()
        finally:
            self.finished.disconnect(ended)
            dialog.close()
            dialog.deleteLater()
        return bool(outcome and outcome[-1])
