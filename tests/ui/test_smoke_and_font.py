"""`--smoke` exits 0 offscreen; Japanese renders with the bundled font (not tofu); Qt speaks Japanese."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter
from PySide6.QtWidgets import QLabel

from hospital_sec_desk.ui.main_window import MainWindow
from hospital_sec_desk.ui.qt_setup import BUNDLED_FAMILY
from tests.ui.helpers import setup_facility

SAMPLE = "病院サイバー対策"


def test_smoke_exits_zero(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(tmp_path / "d"), "--smoke"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "d" / "hospital_sec_desk.sqlite3").exists()


def render(text: str, font: QFont) -> QImage:
    img = QImage(400, 60, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setFont(font)
    p.setPen(QColor("black"))
    p.drawText(QPoint(4, 40), text)
    p.end()
    return img


def test_bundled_font_is_registered_and_used(qapp):
    assert BUNDLED_FAMILY in QFontDatabase.families()
    assert BUNDLED_FAMILY in qapp.font().families()


def test_main_window_shows_japanese_glyphs_not_tofu(qapp, qtbot, ctx, tmp_path):
    setup_facility(ctx)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    shot = win.grab()
    shot.save(str(tmp_path / "main_window.png"))
    title = next(lab for lab in win.findChildren(QLabel) if lab.objectName() == "h1")
    font = title.font()
    with_app_font = render(SAMPLE, font)
    bundled = QFont(BUNDLED_FAMILY)
    bundled.setPixelSize(font.pixelSize() if font.pixelSize() > 0 else 0)
    bundled.setPointSizeF(font.pointSizeF())
    bundled.setBold(font.bold())
    no_japanese = QFont("DejaVu Sans")
    no_japanese.setPointSizeF(font.pointSizeF())
    no_japanese.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    tofu = render(SAMPLE, no_japanese)
    assert with_app_font != tofu, "the window's font renders Japanese as missing glyphs"
    assert with_app_font == render(SAMPLE, bundled), "Japanese is not drawn with the bundled font"
    ink = sum(1 for x in range(0, shot.width(), 4) for y in range(0, 60, 2)
              if QColor(shot.toImage().pixel(x, y)).lightness() < 100)
    assert ink > 50, "the window's title area is empty"


def test_standard_buttons_are_japanese(qapp):
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "キャンセル"
