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
    ({"bcp": "yes", "bcp_drill": "yes"}, "bcp", MET),
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
    met = _result(r6, {"bcp": "yes", "bcp_drill": "yes"}, "bcp")
    assert "Q10・Q10-1" in met.reasons[0] and "年1回" in met.note
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
    ({"staff_training": "yes"}, "training", MET),
    ({"staff_training": "no"}, "training", NOT_MET),
    ({"security_officer": "yes", "officer_qualified": "no"}, "qualification", NOT_MET),
    ({"ehr": "yes", "backup_offline": "yes"}, "backup", UNKNOWN),   # r8 does not ask 複数の方式
    ({"ehr": "yes", "backup_offline": "no"}, "backup", NOT_MET),
    ({"bcp": "yes", "bcp_drill": "yes"}, "bcp", MET),
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
