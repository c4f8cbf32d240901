"""「新しい年度を始める」 defaults each questionnaire to the edition of the 年度 chosen, stand-ins marked."""

from __future__ import annotations

from hospital_sec_desk.ui.new_year_dialog import NewYearDialog

from .helpers import setup_facility


def test_the_edition_follows_the_year_and_stand_ins_say_so(qtbot, ctx):
    setup_facility(ctx, 2025)
    dialog = NewYearDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2023)
    survey = dialog.editions["survey"]
    assert survey.currentData() == "r6" and not survey.currentText().startswith("【暫定】")
    dialog.year.setValue(2026)
    assert survey.currentData() == ctx.registry.for_year("survey", 2026).edition == "r8"
    assert survey.currentText().startswith("【暫定】")
    assert "暫定" in dialog.edition_note.text()
    year, editions, carry = dialog.result_values()
    assert (year, editions["survey"], carry) == (2026, "r8", True)  # 2025 exists: carried over by default
