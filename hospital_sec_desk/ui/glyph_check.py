"""The warning under entry fields when a typed character cannot be printed (app/glyphs).

The check needs the PDF fonts' character maps (reports/, reportlab): it is loaded on first
use, not when the window opens, so start-up stays light; screens call `warn_later` to run
it after the page is drawn.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

_SAFE_BELOW = 0x2000  # ASCII and Latin letters, all in the printing fonts: no need to load the check


def warning(text: str) -> str:
    """The Japanese warning for `text` ('' when everything prints)."""
    if all(ord(ch) < _SAFE_BELOW for ch in text or ""):
        return ""
    return importlib.import_module("hospital_sec_desk.app.glyphs").unprintable_warning(text)


def show(target: QLabel, text: str) -> None:
    target.setText(warning(text))
    target.setVisible(bool(target.text()))


def warn_later(target: QLabel, text: Callable[[], str], delay_ms: int = 150) -> QTimer:
    """A single-shot timer (restart it on each change) that updates `target` from `text()`."""
    timer = QTimer(target)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(lambda: show(target, text()))
    return timer
