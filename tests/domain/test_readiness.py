"""加算 readiness: answer patterns give met / not met / unknown per requirement; rules are data."""

from __future__ import annotations

import re

import pytest

from hospital_sec_desk.domain.answers import CARRIED, AnswerRecord
from hospital_sec_desk.domain.readiness import (
    MET,
    NOT_MET,
    UNKNOWN,
    evaluate,
    parse_rules,
    readiness,
    rules_for,
)
from hospital_sec_desk.paths import resource
from tests.conftest import seed

EHR_BACKUP = {"ehr": "yes", "ehr_backup": "yes"}

R6_CASES = [
    # (answers as item -> choice, requirement key, expected status)
    ({"security_officer": "yes"}, "officer", UNKNOWN),    # 設置 yes, 専任 not asked
    ({"security_officer": "no"}, "officer", NOT_MET),
    ({}, "officer", UNKNOWN),
    ({"security_officer": "yes"}, "training", UNKNOWN),   # training is not asked in r6
    ({"security_officer": "yes"}, "qualification", UNKNOWN),
    ({"bcp": "no"}, "bcp", NOT_MET),
    ({"bcp": "yes", "bcp_drill": "no"}, "bcp", NOT_MET),
    ({"bcp": "yes", "bcp_drill": "yes"}, "bcp", UNKNOWN),  # 年1回程度 and 改善 are never asked
    ({"bcp": "yes"}, "bcp", UNKNOWN),
    ({**EHR_BACKUP, "backup_copies": "c2", "backup_media": "c2", "backup_offline": "yes"}, "backup", MET),
    ({**EHR_BACKUP, "backup_copies": "c1", "backup_media": "c1", "backup_offline": "yes"}, "backup", MET),
    ({**EHR_BACKUP, "backup_copies": "c2", "backup_media": "c3", "backup_offline": "yes"}, "backup", UNKNOWN),
    ({**EHR_BACKUP, "backup_copies": "c2", "backup_media": "c2", "backup_offline": "no"}, "backup", NOT_MET),
    ({**EHR_BACKUP, "backup_copies": "c3", "backup_media": "c3", "backup_offline": "yes"}, "backup", NOT_MET),
    ({"ehr": "yes", "ehr_backup": "no"}, "backup", NOT_MET),
    ({"ehr": "no"}, "backup", UNKNOWN),
    (EHR_BACKUP, "backup", UNKNOWN),
    ({"info_management_rules": "no"}, "guideline", NOT_MET),
    ({k: "yes" for k in ("security_officer", "info_management_rules", "responsibility_split",
                         "network_overview", "emergency_contacts", "vulnerability_info", "bcp")},
     "guideline", UNKNOWN),
]


def _records(answers: dict[str, str]) -> dict[str, AnswerRecord]:
    return {k: AnswerRecord({"choice": v}) for k, v in answers.items()}


def _result(edition, answers, key, beds=None):
    results = readiness(edition, _records(answers), beds)
    return next(r for r in results if r.requirement.key == key)


@pytest.mark.parametrize(("answers", "key", "expected"), R6_CASES)
def test_r6_patterns(ctx, answers, key, expected):
    assert _result(ctx.registry.get("survey", "r6"), answers, key).status == expected


def test_reasons_name_the_questions(ctx):
    r6 = ctx.registry.get("survey", "r6")
    both = _result(r6, {**EHR_BACKUP, "backup_copies": "c3", "backup_offline": "no"}, "backup")
    assert both.status == NOT_MET and len(both.reasons) == 2
    assert any("Q12-2" in r for r in both.reasons) and any("Q12-5" in r for r in both.reasons)
    open_backup = _result(r6, EHR_BACKUP, "backup")
    assert open_backup.open_items == ("Q12-2", "Q12-4", "Q12-5")
    assert any("Q12-2、Q12-4、Q12-5" in line for line in open_backup.lines())
    officer = _result(r6, {"security_officer": "yes"}, "officer")
    assert "専任" in officer.reasons[0] and "専任" in officer.ask
    drill = _result(r6, {"bcp": "yes", "bcp_drill": "yes"}, "bcp")
    assert drill.status == UNKNOWN and "Q10・Q10-1" in drill.reasons[0]
    assert "年1回程度" in drill.ask and "改善" in drill.ask
    training = _result(r6, {}, "training")
    assert "研修" in training.ask and training.open_items == ()


def test_carried_answers_count_only_when_confirmed(ctx):
    r6 = ctx.registry.get("survey", "r6")
    records = _records({"bcp": "yes"}) | {"bcp_drill": AnswerRecord({"choice": "yes"}, state=CARRIED)}
    result = next(r for r in readiness(r6, records) if r.requirement.key == "bcp")
    assert result.status == UNKNOWN
    assert result.open_items == ("Q10-1（前年度の回答が未確認）",)


def test_beds_note_for_200_beds_or_more(ctx):
    r6 = ctx.registry.get("survey", "r6")
    assert "200床以上" in _result(r6, {"security_officer": "yes"}, "officer", beds=250).beds_note
    assert _result(r6, {"security_officer": "yes"}, "officer", beds=199).beds_note == ""
    assert _result(r6, {"security_officer": "yes"}, "officer", beds=None).beds_note == ""


@pytest.mark.parametrize(("answers", "key", "expected"), [
    ({"staff_training": "yes"}, "training", UNKNOWN),  # 年1回程度 is not asked
    ({"staff_training": "no"}, "training", NOT_MET),
    ({"security_officer": "yes", "officer_qualified": "no"}, "qualification", UNKNOWN),  # 望ましい: never ×
    ({"security_officer": "no"}, "qualification", UNKNOWN),
    ({"ehr": "yes", "backup_offline": "yes"}, "backup", UNKNOWN),   # r8 does not ask 複数の方式
    ({"ehr": "yes", "backup_offline": "no"}, "backup", NOT_MET),
    ({"bcp": "yes", "bcp_drill": "yes"}, "bcp", UNKNOWN),
])
def test_r8_patterns(ctx, answers, key, expected):
    r8 = ctx.registry.get("survey", "r8")
    if r8 is None:
        pytest.skip("survey r8 not installed")
    assert _result(r8, answers, key).status == expected


def test_r8_qualification_multi_choice(ctx):
    r8 = ctx.registry.get("survey", "r8")
    if r8 is None:
        pytest.skip("survey r8 not installed")
    base = _records({"security_officer": "yes", "officer_qualified": "yes"})
    quals = {"officer_qualifications": AnswerRecord({"choices": ["security_management"]})}
    assert next(r for r in readiness(r8, base | quals) if r.requirement.key == "qualification").status == MET


def test_every_rules_file_reads_an_installed_edition(ctx):
    files = sorted(resource("rules").glob("readiness_*.toml"))
    assert files
    for path in files:
        q, ed = re.match(r"readiness_([a-z]+)_(\w+)\.toml", path.name).groups()
        edition = ctx.registry.get(q, ed)
        assert edition is not None, path.name
        rules = rules_for(edition)
        assert [r.number for r in rules.requirements] == ["(8)", "(9)", "(9)", "(10)", "(11)", "(12)"]
        assert {r.status for r in evaluate(rules, edition, {})} == {UNKNOWN}


def test_requirement_texts_are_verbatim_from_seed_001(ctx):
    source = seed("001").read_text(encoding="utf-8").replace("**", "")
    for edition in (ctx.registry.get("survey", "r6"), ctx.registry.get("survey", "r8")):
        if edition is None:
            continue
        for req in rules_for(edition).requirements:
            assert req.text in source, req.key


def test_bad_rules_are_refused(ctx):
    r6 = ctx.registry.get("survey", "r6")
    good = {"format_version": 1, "questionnaire": "survey", "edition": "r6", "requirements": [
        {"key": "x", "number": "(1)", "title": "t", "text": "t", "otherwise": "o",
         "rules": [{"status": "met", "when": [{"item": "bcp", "any_of": ["yes"]}], "reason": "{bcp}"}]}]}
    assert parse_rules(good, r6, "t.toml").requirements[0].rules[0].reason == "Q10"
    cases = [
        ("unknown item", {"item": "nope", "any_of": ["yes"]}, "{bcp}", "met"),
        ("bad choices", {"item": "bcp", "any_of": ["maybe"]}, "{bcp}", "met"),
        ("bad placeholder", {"item": "bcp", "any_of": ["yes"]}, "{nope}", "met"),
        ("must be one of", {"item": "bcp", "any_of": ["yes"]}, "{bcp}", "fine"),
    ]
    for message, cond, reason, status in cases:
        raw = {**good, "requirements": [{**good["requirements"][0],
                                         "rules": [{"status": status, "when": [cond], "reason": reason}]}]}
        with pytest.raises(ValueError, match=message):
            parse_rules(raw, r6, "t.toml")
    with pytest.raises(ValueError, match="reads survey/r8"):
        parse_rules({**good, "edition": "r8"}, r6, "t.toml")


def _year(ctx, q, answers):
    ed = ctx.registry.get(q, "r6")
    return ed, _records(answers)


ALL_FACTS = {"bcp_drill_yearly": "2026年6月10日に訓練を実施（訓練記録）",
             "bcp_drill_improved": "2026年7月1日に手順書を改訂（訓練記録）",
             "training_yearly": "2026年5月20日に全職員研修（研修記録）"}


@pytest.mark.parametrize("edition", ["r6", "r8"])
def test_met_only_when_every_named_condition_is_established(ctx, edition):
    survey = ctx.registry.get("survey", edition)
    records = _records({"bcp": "yes", "bcp_drill": "yes"})

    def bcp(facts=None, others=None):
        return next(r for r in readiness(survey, records, facts=facts, others=others)
                    if r.requirement.key == "bcp")

    assert bcp().status == UNKNOWN
    one = bcp({"bcp_drill_yearly": ALL_FACTS["bcp_drill_yearly"]})
    assert one.status == UNKNOWN and "改善" in one.ask and "年1回" not in one.ask
    met = bcp(ALL_FACTS)
    assert met.status == MET and any("訓練記録" in r for r in met.reasons)


def test_checklist_and_bcp_rows_are_read(ctx):
    """Checklist 3-(3) いいえ makes (12) ×; BCP row 1-2-3 (教育訓練) done establishes the drill."""
    r8 = ctx.registry.get("survey", "r8")
    checklist_no = {"checklist": _year(ctx, "checklist", {"uses_medical_systems": "yes", "bcp": "no"})}
    res = next(r for r in readiness(r8, _records({"bcp": "yes", "bcp_drill": "yes"}), others=checklist_no)
               if r.requirement.key == "bcp")
    assert res.status == NOT_MET and any("3-(3)" in r for r in res.reasons)
    others = {"checklist": _year(ctx, "checklist", {"uses_medical_systems": "yes", "bcp": "yes"}),
              "bcp": _year(ctx, "bcp", {"b1_2_3": "done"})}
    met = next(r for r in readiness(r8, {}, others=others, facts=ALL_FACTS) if r.requirement.key == "bcp")
    assert met.status != MET  # no survey answer: the met rule itself needs the survey's はい
    met = next(r for r in readiness(r8, _records({"bcp": "yes", "bcp_drill": "yes"}), others=others,
                                    facts=ALL_FACTS) if r.requirement.key == "bcp")
    assert met.status == MET


def test_training_needs_the_yearly_record(ctx):
    r8 = ctx.registry.get("survey", "r8")
    records = _records({"staff_training": "yes"})
    get = lambda facts: next(r for r in readiness(r8, records, facts=facts) if r.requirement.key == "training")  # noqa: E731
    assert get({}).status == UNKNOWN and "年1回程度" in get({}).ask
    assert get(ALL_FACTS).status == MET


def test_unknown_fact_is_refused(ctx):
    r8 = ctx.registry.get("survey", "r8")
    raw = {"format_version": 1, "questionnaire": "survey", "edition": "r8", "requirements": [
        {"key": "x", "number": "(1)", "title": "t", "text": "t", "otherwise": "o",
         "conditions": [{"text": "c", "by": [{"fact": "no_such_fact"}]}], "rules": []}]}
    with pytest.raises(ValueError, match="unknown fact"):
        parse_rules(raw, r8, "x.toml")
