"""Run a Qt program and report when its first window was first painted.

    python benchmarks/paint_probe.py -m hospital_sec_desk --data-dir D --smoke
    python benchmarks/paint_probe.py benchmarks/bare_window.py

The program runs unchanged (runpy) with its own import order: a meta-path hook waits until the
program itself imports PySide6.QtWidgets and only then wraps QWidget.show to watch the first
top-level window shown. "First paint" is the moment that window's first frame is done: the
first event after its first Paint events (paint events of the frame's widgets come back to
back). Only that window is filtered until it paints, and the application only during that
frame, so the probe costs both sides alike (a few events; an application-wide filter for the
whole start cost the app ~65 ms more than the bare window). At exit it prints
`PAINT-PROBE <perf_counter>` on stderr; on Linux (CLOCK_MONOTONIC), Windows and macOS
perf_counter is one clock for every process, so the parent subtracts its own perf_counter taken
before spawning. Both sides of a comparison run through this same wrapper.
"""

from __future__ import annotations

import atexit
import importlib.abc
import importlib.util
import os
import runpy
import sys
import time

_state = {"watching": False, "painting": False, "done": None}
_keep: dict = {}  # the filters (kept referenced)


def _report() -> None:
    if _state["done"] is not None:
        print(f"PAINT-PROBE {_state['done']!r}", file=sys.stderr, flush=True)


def _patch(widgets) -> None:
    """Watch the first top-level window shown: a filter on that window only, and during its first
    frame (from its first Paint event to the first other event) one on the application. A filter
    on the application for the whole start would cost the app far more than the bare window (a
    Python call for every event of every widget: ~65 ms more on the app side, measured)."""
    from PySide6.QtCore import QEvent, QObject

    paint = QEvent.Type.Paint

    class FrameEnd(QObject):  # on the application, only while the first frame is painted
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() != paint and _state["done"] is None:
                _state["done"] = time.perf_counter()
                widgets.QApplication.instance().removeEventFilter(self)
            return False

    class FirstPaint(QObject):  # on the first window shown
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == paint and not _state["painting"]:
                _state["painting"] = True
                obj.removeEventFilter(self)
                widgets.QApplication.instance().installEventFilter(_keep["end"])
            return False

    _keep.update(first=FirstPaint(), end=FrameEnd())
    show = widgets.QWidget.show

    def show_and_watch(self):
        if not _state["watching"] and self.isWindow():
            _state["watching"] = True
            self.installEventFilter(_keep["first"])
        return show(self)

    widgets.QWidget.show = show_and_watch


class _Hook(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        self._loader = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _patch(module)


def main(argv: list[str]) -> None:
    atexit.register(_report)
    sys.meta_path.insert(0, _Hook())
    if argv[0] == "-m":  # as `python -m` does: the working directory first on sys.path
        sys.path[0] = os.getcwd()
        sys.argv = [argv[1], *argv[2:]]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = list(argv)
        runpy.run_path(argv[0], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
