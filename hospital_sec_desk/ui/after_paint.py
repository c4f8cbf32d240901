"""Work that waits until the window has painted its first frame (start-up speed).

The window shows what a user needs first; what can come a moment later (the readiness panel,
the start-up backup, warming the write path) is queued here and runs from the event loop right
after the window's first Paint event — not from a zero timer queued before show(), which Qt may
run before anything is on the screen. Work queued after that first frame runs at the next turn
of the event loop (a screen rebuilt later fills the same way, without blocking its paint).

A widget that is not inside a window with a hook (a panel built alone, e.g. in a test) runs its
work at once, so it is never left unfilled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

HOOK_ATTR = "after_paint"
log = logging.getLogger("hospital_sec_desk.ui")
_PAINT = QEvent.Type.Paint


class AfterFirstPaint(QObject):
    """Installed on a top-level window: queued callables run once it has painted."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.painted = False
        self._queue: list[Callable[[], None]] = []
        window.installEventFilter(self)
        setattr(window, HOOK_ATTR, self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if not self.painted and event.type() == _PAINT:
            self.painted = True
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self.run_pending)  # after this frame is done and shown
        return False

    def later(self, fn: Callable[[], None], *, first: bool = False) -> None:
        """Queue `fn`; `first`: ahead of what is queued (work that runs in a thread starts first)."""
        if self.painted:
            QTimer.singleShot(0, fn)
        else:
            self._queue.insert(0 if first else len(self._queue), fn)

    def run_pending(self) -> None:
        """Run what waits (in order); also called by --smoke right after its forced paint. One
        task that fails (logged) does not keep the others from running."""
        self.painted = True
        while self._queue:
            fn = self._queue.pop(0)
            try:
                fn()
            except Exception:  # noqa: BLE001 - the window stays usable; the log has the detail
                log.exception("work after the first paint failed")


def later(widget: QWidget, fn: Callable[[], None]) -> None:
    """Run `fn` after the first paint of `widget`'s window (at once when it has no hook);
    skipped when the widget was deleted in the meantime (a screen replaced at once)."""
    hook = getattr(widget.window(), HOOK_ATTR, None)
    if not isinstance(hook, AfterFirstPaint):
        fn()
        return

    def run() -> None:
        if isValid(widget):
            fn()

    hook.later(run)
