"""Main window flows: first start shows setup, home opens the wizard ready for the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from hospital_sec_desk.ui.main_window import MainWindow
from tests.ui.helpers import setup_facility


def test_first_start_asks_for_the_facility_then_fills_q1(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    assert win.screen_key == "setup"
    setup = win.stack.currentWidget()
    setup.edits["name"].setText("みどり病院")
    setup.edits["respondent_name"].setText("田中 一郎")
    save = win.findChild(QPushButton, "setup:save")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert win.screen_key == "home"
    year = win.year
    survey = ctx.store.find_assessment(year, "survey")
    q1 = ctx.store.answers(survey["id"])["respondent"]
    assert q1.value["fields"]["name"] == "田中 一郎" and "みどり病院" in q1.value["fields"]["affiliation"]


def test_setup_refuses_an_empty_name_and_keeps_the_rest(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    setup = win.stack.currentWidget()
    setup.edits["corporation"].setText("医療法人テスト会")
    assert setup.save() is False
    assert "病院名" in setup.error.text() and setup.edits["corporation"].text() == "医療法人テスト会"
    assert not ctx.store.has_facility()


def test_wizard_from_home_has_keyboard_focus(qtbot, ctx):
    setup_facility(ctx)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    resume = win.findChild(QPushButton, "card:survey:resume")
    qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    assert win.screen_key == "wizard"
    focus = QApplication.focusWidget()
    assert focus is not None and focus.objectName().startswith("answer:survey:")
