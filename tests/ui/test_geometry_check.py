"""The geometry and accessibility checks used by the screenshot test find what they claim to
find: a control cut by its parent, a button wider than its text room, a horizontal scroll bar,
a focusable control without an accessible name — and pass a window without such faults."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

from tests.ui.geometry import problems, unnamed


def test_a_clean_window_passes(qtbot):
    top = QWidget()
    qtbot.addWidget(top)
    lay = QVBoxLayout(top)
    lay.addWidget(QPushButton("保存", top))
    lay.addWidget(QLabel("説明", top))
    top.resize(300, 200)
    top.show()
    assert [p for p in problems(top) if "window" not in p] == []
    assert unnamed(top) == []


def test_faults_are_found(qtbot):
    top = QWidget()
    qtbot.addWidget(top)
    top.resize(300, 200)
    cut = QPushButton("とても長いボタンの文字列がはみ出します", top)
    cut.setGeometry(200, 10, 60, 30)  # text does not fit its width
    outside = QPushButton("外", top)
    outside.setGeometry(280, 10, 80, 30)  # runs past the window's right edge
    scroll = QScrollArea(top)
    scroll.setGeometry(0, 60, 200, 100)
    inner = QLabel("横にはみ出す内容" * 10)
    inner.setMinimumWidth(900)
    scroll.setWidget(inner)
    field = QLineEdit(top)  # focusable, no name
    field.setGeometry(0, 170, 100, 24)
    top.show()
    found = problems(top)
    assert any("button text needs" in p for p in found), found
    assert any("cut by the window" in p for p in found), found
    assert any("horizontal scroll bar" in p for p in found), found
    assert any("QLineEdit" in p for p in unnamed(top))
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    assert any("beside the visible part of a scroll area" in p for p in problems(top))
