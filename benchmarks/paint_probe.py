"""Run a Qt program and report when its first window was first painted.

    python benchmarks/paint_probe.py -m hospital_sec_desk --data-dir D --smoke
    python benchmarks/paint_probe.py benchmarks/bare_window.py

The program runs unchanged (runpy) with its own import order: a meta-path hook waits until the
program itself imports PySide6.QtWidgets and only then swaps in a QApplication subclass that
installs one event filter. "First paint" is the moment the first frame of a top-level window
is done: the first event after the window's first Paint events (paint events of the frame's
widgets come back to back). At exit it prints `PAINT-PROBE <perf_counter>` on stderr; on Linux
(CLOCK_MONOTONIC), Windows and macOS perf_counter is one clock for every process, so the
parent subtracts its own perf_counter taken before spawning. Both sides of a comparison run
through this same wrapper, so its small cost is paid on both.
"""

from __future__ import annotations

import atexit
import importlib.abc
import importlib.util
import os
import runpy
import sys
import time

_state = {"painting": False, "done": None}


def _report() -> None:
    if _state["done"] is not None:
        print(f"PAINT-PROBE {_state['done']!r}", file=sys.stderr, flush=True)


def _patch(widgets) -> None:
    from PySide6.QtCore import QEvent, QObject

    paint = QEvent.Type.Paint

    class Filter(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == paint:
                if not _state["painting"] and getattr(obj, "window", None) is not None:
                    _state["painting"] = True
            elif _state["painting"]:
                _state["done"] = time.perf_counter()
                QApplication.instance().removeEventFilter(self)
            return False

    base = widgets.QApplication

    class QApplication(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._paint_probe = Filter()
            self.installEventFilter(self._paint_probe)

    widgets.QApplication = QApplication


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
