"""Editions by 年度: which edition a new year starts on, the 「暫定」 mark, and switching."""

from __future__ import annotations

from pathlib import Path

import pytest

from hospital_sec_desk.app.editions import (
    EditionSwitchError,
    edition_status,
    plan_edition_switch,
    switch_edition,
)
from hospital_sec_desk.domain.answers import ANSWERED, CARRIED, AnswerRecord
from hospital_sec_desk.domain.edition import EditionError
from hospital_sec_desk.domain.edition_parse import load_edition
from hospital_sec_desk.domain.edition_switch import plan_switch
from hospital_sec_desk.domain.registry import load_registry
from hospital_sec_desk.paths import resource

YES = {"choice": "yes"}


@pytest.fixture(scope="module")
def reg():
    return load_registry(resource("questionnaires"))


@pytest.mark.parametrize("year, edition, provisional", [
    (2023, "r6", False),  # the survey of 令和6年1月 asks about 令和5年度
    (2024, "r6", True),   # 令和6年度's edition is not in the app
    (2025, "r8", True),   # our wording of the 令和8年3–4月 survey
    (2026, "r8", True),   # not yet published
])
def test_survey_edition_for_year(reg, year, edition, provisional):
    ed = reg.for_year("survey", year)
    assert ed.edition == edition
    status = reg.status(ed, year)
    assert status.provisional is provisional
    assert status.label == ("暫定" if provisional else "")


def test_year_reasons_say_why(reg):
    r8 = reg.get("survey", "r8")
    assert r8.provisional and "当アプリで作成した文言" in r8.provisional_reason
    text_2026 = reg.status(r8, 2026).text
    assert "令和8年度（2026年度）" in text_2026 and "まだ公表されていません" in text_2026
    text_2024 = reg.status(reg.for_year("survey", 2024), 2024).text
    assert "令和6年度（2024年度）" in text_2024 and "このアプリに入っていません" in text_2024
    assert not reg.status(reg.get("bcp", "r6"), 2026).provisional  # one 確認表 for every year


def test_new_year_defaults_to_its_edition(ctx):
    ctx.ensure_year(2023)
    ctx.ensure_year(2025)
    assert ctx.store.find_assessment(2023, "survey")["edition"] == "r6"
    assert ctx.store.find_assessment(2025, "survey")["edition"] == "r8"
    assert edition_status(ctx, 2025, "survey").provisional
    assert not edition_status(ctx, 2023, "survey").provisional


def _write(tmp_path: Path, extra: str) -> Path:
    text = Path(resource("questionnaires") / "survey_r6.toml").read_text(encoding="utf-8")
    text = text.replace('fiscal_years = [2023]', extra)
    path = tmp_path / "survey_x.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("extra, years, start", [
    ('fiscal_years = "2023-2025"', (2023, 2024, 2025), None),
    ('fiscal_years = "2027-"', (), 2027),
    ('fiscal_years = [2024, 2023]', (2023, 2024), None),
])
def test_fiscal_years_forms(tmp_path, extra, years, start):
    ed = load_edition(_write(tmp_path, extra))
    assert (ed.fiscal_years, ed.fiscal_years_from) == (years, start)


@pytest.mark.parametrize("extra, key", [
    ('fiscal_years = "2025-2023"', "fiscal_years"),
    ('fiscal_years = ["2023"]', "fiscal_years"),
    ('fiscal_years = [2023]\nprovisional = true', "provisional_reason"),
    ('fiscal_years = [2023]\nprovisional_reason = "x"', "provisional_reason"),
])
def test_bad_year_fields_are_refused(tmp_path, extra, key):
    with pytest.raises(EditionError) as exc:
        load_edition(_write(tmp_path, extra))
    assert exc.value.key == key


def test_plan_lists_what_cannot_carry(reg):
    r6, r8 = reg.get("survey", "r6"), reg.get("survey", "r8")
    records = {"security_officer": AnswerRecord(YES), "network_overview": AnswerRecord(YES),
               "bcp": AnswerRecord(YES, memo="見直し中"), "backup_generations": AnswerRecord({"choice": "c1"})}
    plan = plan_switch(r6, r8, records)
    assert set(plan.carried) == {"security_officer", "bcp"}
    lost = {x.key: x for x in plan.lost}
    assert set(lost) == {"network_overview", "backup_generations"}  # split key; r8 no longer asks
    assert lost["network_overview"].number == "Q5"
    assert "network_diagram_current" in plan.new_items
    assert "2件の回答を引き継ぎ" in plan.summary and "2件は" in plan.summary


def test_switch_carries_by_key_and_back(ctx):
    ctx.ensure_year(2025)  # starts on r8
    aid = ctx.store.find_assessment(2025, "survey")["id"]
    ctx.store.save_answer(aid, "security_officer", AnswerRecord(YES))
    ctx.store.save_answer(aid, "network_diagram_current", AnswerRecord(YES))
    plan = plan_edition_switch(ctx, 2025, "survey", "r6")
    assert "network_diagram_current" in {x.key for x in plan.lost}
    switch_edition(ctx, plan, 2025)
    assert ctx.store.find_assessment(2025, "survey")["edition"] == "r6"
    answers = ctx.store.answers(aid)
    assert answers["security_officer"].state == CARRIED  # confirm against the new wording
    assert answers["network_diagram_current"].value == YES  # kept, unshown
    back = plan_edition_switch(ctx, 2025, "survey", "r8")
    switch_edition(ctx, back, 2025)
    assert ctx.store.answers(aid)["network_diagram_current"].state == ANSWERED  # not in r6: untouched
    with pytest.raises(EditionSwitchError, match="すでに"):
        plan_edition_switch(ctx, 2025, "survey", "r8")
    with pytest.raises(EditionSwitchError, match="入っていません"):
        plan_edition_switch(ctx, 2025, "survey", "r99")


def test_stale_plan_is_refused(ctx):
    ctx.ensure_year(2025)
    plan = plan_edition_switch(ctx, 2025, "survey", "r6")
    switch_edition(ctx, plan, 2025)
    with pytest.raises(EditionSwitchError, match="変わっています"):
        switch_edition(ctx, plan, 2025)
