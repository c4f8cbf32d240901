"""Keyboard-only walks of the survey, persistence across reopening, and carry-over."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.ui.wizard import REVIEW, WizardScreen
from tests.ui.helpers import setup_facility, show_active

SKIPPED_WHEN_NO = {"bcp_drill", "ehr_backup", "backup_frequency", "backup_copies", "backup_generations",
                   "backup_media", "backup_offline", "backup_leak_protection"}


def key(qtbot, k, text=""):
    target = QApplication.focusWidget()
    assert target is not None, "nothing has keyboard focus"
    qtbot.keyClick(target, k)


def walk(qtbot, wizard: WizardScreen, yes: bool) -> list[str]:
    """Answer every page by keyboard: a number key then Enter (two actions per question)."""
    seen: list[str] = []
    for _ in range(60):
        current = wizard.findChild(type(wizard.current), "current-item").text()
        if current == REVIEW:
            return seen
        seen.append(current)
        item = wizard.edition.item(current)
        if item.type == "form":
            for n, _f in enumerate(item.fields):
                qtbot.keyClicks(QApplication.focusWidget(), f"field{n}")  # QTest types ASCII only
                if n < len(item.fields) - 1:
                    key(qtbot, Qt.Key.Key_Tab)
        else:
            yes_no = [c.key for c in item.choices] == ["yes", "no"]
            key(qtbot, Qt.Key.Key_2 if (yes_no and not yes) else Qt.Key.Key_1)
        key(qtbot, Qt.Key.Key_Return)
    raise AssertionError("the walk did not reach the review page")


def test_walk_all_no_skips_branches(qtbot, ctx):
    setup_facility(ctx)
    wizard = WizardScreen(ctx, 2026, "survey", "restart")
    show_active(qtbot, wizard)
    seen = walk(qtbot, wizard, yes=False)
    assert not SKIPPED_WHEN_NO & set(seen)
    assert seen[0] == "respondent" and seen[-1] == "pc_services"
    assert set(wizard.page.not_applicable) == SKIPPED_WHEN_NO
    c = wizard.session.completeness()
    assert c.answered == c.applicable == 13 and c.not_applicable == 8
    stored = ctx.store.answers(ctx.store.find_assessment(wizard.year, wizard.edition.questionnaire)["id"])
    assert stored["bcp"].value == {"choice": "no"} and stored["ehr"].value == {"choice": "no"}
    assert stored["respondent"].value["fields"] == {"name": "field0", "affiliation": "field1", "contact": "field2"}


def test_walk_all_yes_shows_every_item(qtbot, ctx):
    setup_facility(ctx)
    wizard = WizardScreen(ctx, 2026, "survey", "restart")
    show_active(qtbot, wizard)
    seen = walk(qtbot, wizard, yes=True)
    assert seen == [i.key for i in wizard.edition.items]
    assert wizard.page.not_applicable == []
    assert ctx.store.answers(ctx.store.find_assessment(wizard.year, wizard.edition.questionnaire)["id"])["consultation"].value == {"choices": ["c1"]}


def test_back_keeps_answers_and_alt_arrows_navigate(qtbot, ctx):
    setup_facility(ctx)
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    show_active(qtbot, wizard)
    key(qtbot, Qt.Key.Key_2)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wizard.current_key == "info_management_rules"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert wizard.current_key == "security_officer"
    button = wizard.findChild(QAbstractButton, "answer:survey:security_officer:no")
    assert button is not None and button.isChecked()
    assert button.accessibleName()


def test_q6_exclusive_choices_clear_others(qtbot, ctx):
    setup_facility(ctx)
    wizard = WizardScreen(ctx, 2026, "survey", "consultation")
    show_active(qtbot, wizard)
    for k in (Qt.Key.Key_1, Qt.Key.Key_2):
        key(qtbot, k)
    assert wizard.session.record("consultation").value == {"choices": ["c1", "c2"]}
    key(qtbot, Qt.Key.Key_5)
    assert wizard.session.record("consultation").value == {"choices": ["c5"]}
    c1 = wizard.findChild(QAbstractButton, "answer:survey:consultation:c1")
    assert c1 is not None and not c1.isChecked()
    key(qtbot, Qt.Key.Key_3)
    assert wizard.session.record("consultation").value == {"choices": ["c3"]}


def test_answers_survive_closing_and_reopening(qtbot, data_dir):
    ctx = AppContext.open(data_dir)
    setup_facility(ctx)
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    show_active(qtbot, wizard)
    key(qtbot, Qt.Key.Key_1)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_2)
    memo = wizard.findChild(type(wizard.page.memo), "memo:survey:info_management_rules")
    memo.setPlainText("規程は来年度に作成予定 <b>&amp;</b> 𠮷")
    wizard.close()
    ctx.close()
    ctx2 = AppContext.open(data_dir)
    try:
        again = WizardScreen(ctx2, 2026, "survey", "resume")
        show_active(qtbot, again)
        assert again.current_key == "info_management_rules"
        rec = again.session.record("info_management_rules")
        assert rec.value == {"choice": "no"} and rec.memo == "規程は来年度に作成予定 <b>&amp;</b> 𠮷"
        assert again.session.record("security_officer").value == {"choice": "yes"}
        assert again.page.memo.toPlainText() == rec.memo
    finally:
        ctx2.close()


def test_carry_over_counts_unanswered_until_confirmed(qtbot, ctx):
    setup_facility(ctx, 2025)
    first = WizardScreen(ctx, 2025, "survey", "security_officer")
    show_active(qtbot, first)
    key(qtbot, Qt.Key.Key_1)
    ctx.store.start_year(2026, {"survey": "r6", "bcp": "r6"}, 2025)
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    show_active(qtbot, wizard)
    assert wizard.session.is_carried("security_officer")
    assert not wizard.session.is_answered("security_officer")
    assert wizard.session.completeness().carried_unconfirmed == 1
    confirm = wizard.page.confirm_btn
    assert confirm.isVisible() and "未確認" in wizard.page.prev_label.text()
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert wizard.session.is_answered("security_officer")
    assert ctx.store.answers(ctx.store.find_assessment(wizard.year, wizard.edition.questionnaire)["id"])["security_officer"].state == "answered"
