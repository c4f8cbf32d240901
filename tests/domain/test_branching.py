"""Branching of the survey: walk every combination of Q10, Q11, Q12 (and unanswered)."""

from __future__ import annotations

import itertools

import pytest

from hospital_sec_desk.domain.branching import applicable
from hospital_sec_desk.domain.edition_parse import load_edition
from hospital_sec_desk.paths import resource

BACKUP_DETAIL = ["backup_frequency", "backup_copies", "backup_generations", "backup_media",
                 "backup_offline", "backup_leak_protection"]


@pytest.fixture(scope="module")
def survey():
    return load_edition(resource("questionnaires", "survey_r6.toml"))


@pytest.mark.parametrize("q10,q11,q12", list(itertools.product([None, "yes", "no"], repeat=3)))
def test_combinations(survey, q10, q11, q12):
    values = {k: {"choice": v} for k, v in (("bcp", q10), ("ehr", q11), ("ehr_backup", q12)) if v}
    flags = applicable(survey, values)
    assert flags["bcp_drill"] is (q10 == "yes")
    assert flags["ehr_backup"] is (q11 == "yes")
    for key in BACKUP_DETAIL:
        assert flags[key] is (q11 == "yes" and q12 == "yes"), key
    always = [i.key for i in survey.items if i.key not in {"bcp_drill", "ehr_backup", *BACKUP_DETAIL}]
    assert all(flags[k] for k in always)
    assert always[-2:] == ["server_services", "pc_services"]


def test_q12_answer_left_from_before_does_not_leak(survey):
    """Q11 changed to いいえ after Q12 = はい: Q12-x are 対象外 although Q12 still holds はい."""
    flags = applicable(survey, {"ehr": {"choice": "no"}, "ehr_backup": {"choice": "yes"}})
    assert not any(flags[k] for k in BACKUP_DETAIL)
