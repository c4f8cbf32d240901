"""The session's cached applicability (branching.Applicability) is always what a pass from scratch
gives, over any sequence of answers in every shipped edition, and it runs that pass only when the
answer of an item some condition reads was replaced."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hospital_sec_desk.domain import branching
from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.domain.branching import Applicability, applicable_from_records, branch_reads
from hospital_sec_desk.domain.edition_parse import load_edition
from hospital_sec_desk.domain.session import AssessmentSession
from hospital_sec_desk.paths import resource

EDITIONS = ["survey_r6", "survey_r8", "checklist_r6"]  # bcp_r6 has no branching
_LOADED = {name: load_edition(resource("questionnaires", f"{name}.toml")) for name in EDITIONS}


def _answers(edition):
    """Steps: (item key, value) with a single/multi item's choice, or None (answer cleared)."""
    single = [i for i in edition.items if i.type in ("single", "multi") and i.choices]
    return st.lists(st.sampled_from(single).flatmap(
        lambda i: st.tuples(st.just(i), st.one_of(st.none(), st.sampled_from([c.key for c in i.choices])))),
        max_size=40)


@pytest.mark.parametrize("name", EDITIONS)
def test_the_cache_equals_a_fresh_pass_after_every_answer(name):
    edition = _LOADED[name]
    assert branch_reads(edition), "the edition has branching"

    @settings(max_examples=60, deadline=None)
    @given(_answers(edition))
    def walk(steps):
        cache, records = Applicability(edition), {}
        assert cache.flags(records) == applicable_from_records(edition, records)
        for item, choice in steps:
            if choice is None:
                records.pop(item.key, None)
            else:
                value = {"choice": choice} if item.type == "single" else {"choices": [choice]}
                records[item.key] = AnswerRecord(value=value)
            assert cache.flags(records) == applicable_from_records(edition, records), (item.key, choice)

    walk()


def test_branching_runs_only_when_an_answer_a_condition_reads_is_replaced(monkeypatch):
    edition = _LOADED["survey_r8"]
    reads = branch_reads(edition)
    assert reads == ("security_officer", "officer_qualified", "bcp", "two_factor", "ehr")
    passes = []
    real = branching.applicable
    monkeypatch.setattr(branching, "applicable", lambda *a: passes.append(1) or real(*a))
    session = AssessmentSession(edition, {}, saver=lambda key, record: record)
    assert session.applies["officer_qualified"] is False and len(passes) == 1
    session.set_memo("security_officer", "メモ")
    assert session.applies
    assert len(passes) == 2  # the memo replaced a record a condition reads: one pass, on demand
    assert session.applies
    session.applicable_items()
    session.state("security_officer")
    assert len(passes) == 2  # nothing replaced since: no pass
    for item in edition.items:
        if item.key not in reads and item.type == "single":
            session.choose(item.key, item.choices[0].key)
            assert session.applies
    assert len(passes) == 2  # answers no condition reads: no pass
    session.choose("security_officer", "yes")
    assert session.applies["officer_qualified"] is True and len(passes) == 3
    flags = session.applicable()
    flags["officer_qualified"] = False  # a copy: the cache is not changed through it
    assert session.applies["officer_qualified"] is True
    with pytest.raises(TypeError):
        session.applies["officer_qualified"] = False  # read-only
