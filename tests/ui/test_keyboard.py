"""Keyboard only: a walk of each questionnaire (survey r6 and r8, BCP, checklist with its
grids) ends with every applicable item answered; the review page's Enter finishes and home
shows the questionnaire finished; Enter and the chosen number confirm a carried answer; the
grid's keys (number per row, ↑/↓ between rows)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from hospital_sec_desk.domain.answer_kinds import DEVICE_GRID
from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.ui.main_window import MainWindow
from hospital_sec_desk.ui.wizard import REVIEW
from tests.failure.helpers import keyboard_walk
from tests.ui.helpers import show_active


def window(qtbot, ctx, survey: str = "r6") -> MainWindow:
    ctx.store.save_facility(name="テスト病院", corporation="医療法人テスト会", beds=50, prefecture="東京都")
    ctx.store.start_year(2026, {"survey": survey, "bcp": "r6", "checklist": "r6"}, None)
    win = MainWindow(ctx)
    show_active(qtbot, win)
    return win


@pytest.mark.parametrize("questionnaire,survey", [("survey", "r6"), ("survey", "r8"), ("bcp", "r6"),
                                                  ("checklist", "r6")])
def test_keyboard_walk_answers_everything_and_finishes(qtbot, ctx, questionnaire, survey):
    win = window(qtbot, ctx, survey)
    win.open_wizard(questionnaire, "restart")
    wizard = win.wizard
    answered = keyboard_walk(qtbot, wizard, number=1)
    c = wizard.session.completeness()
    assert c.applicable > 0 and c.answered == c.applicable, (answered, c)
    if questionnaire == "checklist":
        grids = [k for k in answered if wizard.edition.item(k).type == "device_grid"]
        assert len(grids) == 7  # 2-(1), 2-(4) … 2-(9): every grid answered by number keys
    assert wizard.current_key == REVIEW
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # on the review page: 完了
    assert win.screen_key == "home"
    assert win.home.findChild(QLabel, f"card-finished:{questionnaire}") is not None


def _carried(qtbot, ctx):
    ctx.store.save_facility(name="テスト病院", corporation="医療法人テスト会", beds=50, prefecture="東京都")
    ids = ctx.store.start_year(2025, {"survey": "r6", "bcp": "r6"}, None)
    ctx.store.save_answer(ids["survey"], "security_officer", AnswerRecord(value={"choice": "no"}))
    ctx.store.save_answer(ids["survey"], "bcp", AnswerRecord(value={"choice": "yes"}))
    ctx.store.start_year(2026, {"survey": "r6", "bcp": "r6"}, 2025)
    win = MainWindow(ctx)
    show_active(qtbot, win)
    win.open_wizard("survey", "security_officer")
    return win


def test_enter_confirms_a_carried_answer_and_goes_on(qtbot, ctx):
    win = _carried(qtbot, ctx)
    session = win.wizard.session
    assert session.is_carried("security_officer")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not session.is_carried("security_officer")
    assert session.record("security_officer").value == {"choice": "no"}
    assert win.wizard.current_key != "security_officer"


def test_the_chosen_number_confirms_a_carried_answer(qtbot, ctx):
    win = _carried(qtbot, ctx)
    session = win.wizard.session
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)  # 2 = いいえ, the carried choice
    assert not session.is_carried("security_officer")
    assert session.record("security_officer").value == {"choice": "no"}
    win.wizard.go("bcp")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)  # another choice: a new answer
    assert session.record("bcp").value == {"choice": "no"} and not session.is_carried("bcp")


def test_grid_keys_rows_and_arrows(qtbot, ctx):
    win = window(qtbot, ctx)
    win.open_wizard("checklist", "uses_medical_systems")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    win.wizard.go("asset_ledger")
    page = win.wizard.page
    rows = page.grid.rows
    assert len(rows) == 3 and QApplication.focusWidget() is rows[0][0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)  # サーバ: いいえ, focus to 端末PC
    assert rows[0][1].isChecked() and QApplication.focusWidget() in rows[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # to ネットワーク機器, nothing chosen
    assert QApplication.focusWidget() in rows[2] and not any(b.isChecked() for b in rows[2])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)  # ネットワーク機器: はい, back to 端末PC
    assert rows[2][0].isChecked() and QApplication.focusWidget() in rows[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    value = win.wizard.session.record("asset_ledger").value
    assert {d: DEVICE_GRID.device(value, d) for d in ("server", "pc", "network")} == \
        {"server": "no", "pc": "yes", "network": "yes"}
    assert "asset_ledger" in {st.key for st in win.wizard.session.states() if st.status == "answered"}
    assert "行" in win.wizard.hint.text()


def test_tab_order_goes_from_the_page_to_next_then_the_rest(qtbot, ctx):
    win = window(qtbot, ctx)
    win.open_wizard("survey", "security_officer")
    names = []
    for _ in range(12):
        names.append(QApplication.focusWidget().objectName())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    memo = names.index("memo:survey:security_officer")
    assert names.index("answer:survey:security_officer:yes") < memo
    assert names[memo + 1:memo + 5] == ["nav:next", "nav:back", "nav:review", "nav:home"]
    assert names[memo + 5] == "item-list"


def test_review_page_print_button_opens_the_print_screen(qtbot, ctx):
    win = window(qtbot, ctx)
    win.open_wizard("bcp", "review")
    assert win.wizard.next_btn.text() == "完了 →"
    win.wizard.page.print_btn.click()
    assert win.screen_key == "print"
    assert win.stack.currentWidget().year == 2026
