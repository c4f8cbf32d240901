"""A screenshot per screen at 100 % and 150 % scaling; each must be drawn, not empty."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QColor, QImage


def ink(path) -> float:
    img = QImage(str(path))
    dark = sum(1 for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)
               if QColor(img.pixel(x, y)).lightness() < 110)
    return dark / ((img.width() // 7) * (img.height() // 7))


@pytest.mark.parametrize("scale,width", [("1.0", 1280), ("1.5", 1920)])
def test_screens(tmp_path, scale, width):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "hospital_sec_desk.ui.screenshots", str(tmp_path),
                           "--scale", scale], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    names = ["home.png", "question.png", "bcp.png", "review.png"]
    for name in names:
        img = QImage(str(tmp_path / name))
        assert img.width() == width, (name, img.width())
        assert ink(tmp_path / name) > 0.01, f"{name} looks empty"
