"""Every screen and dialog at 1024×600, 1366×768 and 1920×1080 at 150 % (1280×720 logical):
a screenshot each, drawn (not empty), the window inside the screen's available area, no
visible control outside its window or cut by an ancestor, no horizontal scroll bar, no text
cut inside its control, every focusable control named for QAccessible (tests/ui/geometry.py).
The harness is tests/ui/screens.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PySide6.QtGui import QColor, QImage

from tests.conftest import ROOT
from tests.ui.screens import offscreen_env

SCREENS = ["home", "setup", "wizard-single", "wizard-multi", "wizard-form", "wizard-carried", "wizard-grid",
           "wizard-dates", "wizard-bcp", "review", "contacts", "contacts-vendors", "print", "history", "glossary", "data",
           "new-year", "contact"]


def ink(img: QImage) -> float:
    dark = sum(1 for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)
               if QColor(img.pixel(x, y)).lightness() < 110)
    return dark / ((img.width() // 7) * (img.height() // 7))


@pytest.mark.parametrize("size,scale,logical", [("1024x600", "1", (1024, 600)), ("1366x768", "1", (1366, 768)),
                                                ("1920x1080", "1.5", (1280, 720))])
def test_every_screen_fits(tmp_path, size, scale, logical):
    env = offscreen_env(tmp_path, size, scale)
    proc = subprocess.run([sys.executable, "-m", "tests.ui.screens", str(tmp_path)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    found = json.loads(proc.stdout)
    assert sorted(found) == sorted(SCREENS)
    assert {name: p for name, p in found.items() if p} == {}
    ratio = float(scale)
    for name in SCREENS:
        img = QImage(str(tmp_path / f"{name}.png"))
        assert not img.isNull(), name
        assert ink(img) > 0.005, f"{name} looks empty"
        # the grab is in device pixels: never wider or taller than the screen
        assert img.width() <= logical[0] * ratio + 1 and img.height() <= logical[1] * ratio + 1, name
    home = QImage(str(tmp_path / "home.png"))
    assert home.width() >= min(logical[0], 1280) * ratio - 8  # the window uses the screen it has
