"""The drill log plugs into readiness: the fact keys are those the rules read, and (9)/(12) turn ✓
only with the records behind them."""

from __future__ import annotations

from hospital_sec_desk.domain import drills as d
from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.domain.readiness import FACT_KEYS, readiness
from hospital_sec_desk.domain.registry import load_registry
from hospital_sec_desk.paths import resource

from .test_drills import TODAY, good


def test_readiness_facts_use_the_readiness_keys():
    full = d.readiness_facts([d.validate(good()), d.validate(good(kind="研修", improvements=""))], TODAY)
    assert set(full) == set(FACT_KEYS) == {"training_yearly", "bcp_drill_yearly", "bcp_drill_improved"}
    bare = d.readiness_facts([d.validate(good(improvements=""))], TODAY)
    assert set(bare) == {"bcp_drill_yearly"}                 # no improvement: (12) stays ？
    assert d.readiness_facts([d.validate(good(held_on="2024-01-10", next_on=""))], TODAY) == {}


def _result(key: str, facts: dict):
    edition = load_registry(resource("questionnaires")).get("survey", "r8")
    records = {k: AnswerRecord(value={"choice": "yes"}) for k in ("bcp", "bcp_drill", "staff_training")}
    return next(r for r in readiness(edition, records, facts=facts) if r.requirement.key == key)


def test_requirements_9_and_12_turn_met_only_with_the_records():
    log = [d.validate(good()), d.validate(good(kind="研修", improvements=""))]
    assert _result("bcp", d.readiness_facts(log, TODAY)).status == "met"
    assert _result("training", d.readiness_facts(log, TODAY)).status == "met"
    no_improvement = d.readiness_facts([d.validate(good(improvements=""))], TODAY)
    assert _result("bcp", no_improvement).status == "unknown"      # はい alone is not enough
    assert _result("training", {}).status == "unknown"
