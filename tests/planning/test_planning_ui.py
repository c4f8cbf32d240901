"""The 研修・訓練 and BCP screens: fit 1024×600, keyboard-usable dialog, bad input refused in
Japanese with nothing saved, the hospital's BCP text kept. Screenshots go to tmp for viewing."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow

from hospital_sec_desk.app import planning
from hospital_sec_desk.ui.bcp_screen import BcpScreen
from hospital_sec_desk.ui.drill_screen import DrillDialog, DrillScreen
from hospital_sec_desk.ui.style import STYLE
from tests.ui.geometry import problems

from . import sample

SHOTS = os.environ.get("PLANNING_SHOTS")  # a folder to keep the screenshots in, for looking at them


def _shown(qtbot, widget, size=(1024, 600)):
    win = QMainWindow()
    win.setStyleSheet(STYLE)
    win.setCentralWidget(widget)
    win.resize(*size)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _layout_problems(win) -> list[str]:
    """The geometry problems of the screen's widgets (the test screen is 800×800, so the
    window-on-screen check is left to the screenshot tests' configured screens)."""
    return [p for p in problems(win) if not p.startswith("window (")]


def _shot(win, name: str, tmp_path) -> None:
    folder = SHOTS or str(tmp_path)
    assert win.grab().save(os.path.join(folder, name))


@pytest.fixture
def filled(ctx):
    sample.populate(ctx)
    return ctx


def test_drill_screen_fits_and_lists_the_log(qapp, qtbot, filled, tmp_path):
    screen = DrillScreen(filled)
    win = _shown(qtbot, screen)
    _shot(win, "drills-1024x600.png", tmp_path)
    assert screen.table.rowCount() == 3
    assert screen.table.item(0, 2).text() == sample.DRILL_TOPIC
    assert "✓ 要件(12)" in screen.facts.text()
    assert not screen.reminder.isVisible()       # a drill in the last 12 months
    assert _layout_problems(win) == []


def test_drill_dialog_refuses_bad_input_and_saves_good(qapp, qtbot, filled, tmp_path):
    dialog = DrillDialog(filled)
    dialog.setStyleSheet(STYLE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.held_on.setFocus()
    qtbot.keyClicks(dialog.held_on, "2026-13-01")
    qtbot.keyClick(dialog.held_on, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.kind   # keyboard order follows the form
    dialog.topic.setText("")
    assert not dialog.save()
    assert "実施日：" in dialog.error.text() and "テーマ・研修名を入力してください。" in dialog.error.text()
    assert len(planning.drills(filled)) == 3     # nothing saved
    assert _layout_problems(dialog) == [] and dialog.height() <= 560   # every line visible, fits 600 px
    _shot(dialog, "drill-dialog-error.png", tmp_path)
    dialog.held_on.setText("2026-11-10")
    dialog.kind.setCurrentText("机上演習")
    dialog.topic.setText("夜間の停電とシステム停止")
    dialog.participants.setText("15")
    dialog.improvements.setPlainText("非常用電源の切替手順を掲示する")
    buttons = dialog.findChild(QDialogButtonBox)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.text() in ("保存", "保存(&S)")     # Qt's own Japanese standard button
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [d.topic for d in planning.drills(filled)][0] == "夜間の停電とシステム停止"


def test_drill_screen_reminds_when_the_last_drill_is_old(qapp, qtbot, ctx):
    sample.populate(ctx, drills=False)
    planning.save_drill(ctx, {"held_on": "2023-05-01", "kind": "訓練", "topic": "連絡訓練"})
    screen = DrillScreen(ctx)
    win = _shown(qtbot, screen)
    assert win.isVisible()
    assert screen.reminder.isVisible() and "12か月以上" in screen.reminder.text()
    assert planning.drill_reminder(ctx) == screen.reminder.text()


def test_bcp_screen_fits_and_keeps_the_hospitals_text(qapp, qtbot, filled, tmp_path):
    screen = BcpScreen(filled)
    screen.set_year(sample.YEAR)
    win = _shown(qtbot, screen)
    _shot(win, "bcp-1024x600.png", tmp_path)
    assert _layout_problems(win) == []
    assert "アプリには戻りません" in screen.word_note.text() and screen.word_note.accessibleName()
    assert screen.key == "purpose"
    screen.body.setPlainText("当院の計画の目的：患者さんの安全を守る。")
    screen.body.document().setModified(True)
    row = next(n for n in range(screen.sections.count())
               if screen.sections.item(n).data(Qt.ItemDataRole.UserRole) == "contacts")
    screen.sections.setCurrentRow(row)          # moving on saves the edit
    assert screen.key == "contacts"
    assert "東北ネットワーク保守株式会社" in screen.decide.text()
    assert planning.bcp_edits(filled, sample.YEAR) == {"purpose": "当院の計画の目的：患者さんの安全を守る。"}
    assert "（編集済み）" in screen.sections.item(1).text()
    again = BcpScreen(filled)                    # regenerating keeps it
    again.set_year(sample.YEAR)
    assert again.body.toPlainText() == "当院の計画の目的：患者さんの安全を守る。"


def test_bcp_text_typed_is_saved_after_a_pause_and_on_leaving(qapp, qtbot, filled):
    screen = BcpScreen(filled)
    screen.set_year(sample.YEAR)
    win = _shown(qtbot, screen)
    screen.body.setFocus()
    screen.body.moveCursor(screen.body.textCursor().MoveOperation.End)
    screen.body.insertPlainText("当院では夜間も同じ手順で対応します。")   # (QTest types ASCII only)
    qtbot.waitUntil(lambda: "当院では夜間も" in planning.bcp_edits(filled, sample.YEAR).get("purpose", ""),
                    timeout=5000)
    assert screen.body.textCursor().position() == len(screen.body.toPlainText())   # not rebuilt under the cursor
    assert "（編集済み）" in screen.sections.currentItem().text()
    qtbot.keyClicks(screen.body, " ok")
    win.hide()                                    # leaving the screen (or closing) saves at once
    assert planning.bcp_edits(filled, sample.YEAR)["purpose"].endswith(" ok")
