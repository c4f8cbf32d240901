"""The newer survey edition (r8): our own wording, seed 001's topics, stable keys shared with r6,
branching, and answers comparing across the two editions."""

from __future__ import annotations

import re

import pytest

from hospital_sec_desk.domain.answers import CARRIED, AnswerRecord
from hospital_sec_desk.domain.branching import applicable
from hospital_sec_desk.domain.compare import ABSENT, ANSWERED, build_comparison
from hospital_sec_desk.domain.edition_parse import load_edition
from hospital_sec_desk.domain.registry import load_registry
from hospital_sec_desk.domain.session import AssessmentSession
from hospital_sec_desk.paths import resource
from tests.conftest import seed

SHARED_WITH_R6 = {"respondent", "security_officer", "bcp", "bcp_drill", "mds_sds_check",
                  "ehr", "backup_offline"}
# key -> a word both editions' texts of that key must contain (same topic)
TOPIC = {"security_officer": "安全管理責任者", "bcp": "BCP", "bcp_drill": "訓練",
         "mds_sds_check": "MDS/SDS", "ehr": "電子カルテ", "backup_offline": "オフライン", "respondent": "回答者"}
# seed 001 chart topic -> the item asking it
CHARTS = {"安全管理責任者を置いて": "security_officer", "資格": "officer_qualified", "持っている資格": "officer_qualifications",
          "情報システム部門": "it_staff_count", "各部門": "dept_security_staff", "CSIRT": "csirt", "研修": "staff_training",
          "BCP": "bcp", "訓練": "bcp_drill", "医療機器は除き": "asset_ledger", "医療機器を": "medical_device_ledger",
          "外部接続点": "network_diagram_current", "ネットワーク機器に": "patch_network", "サーバと端末PC": "patch_server_pc",
          "死活監視": "monitoring", "MDS/SDS": "mds_sds_check", "役割分担": "role_sharing_table",
          "二要素認証を導入して": "two_factor", "理由": "two_factor_reasons", "費用": "two_factor_cost",
          "電子カルテシステムを導入": "ehr", "オフライン": "backup_offline"}


@pytest.fixture(scope="module")
def r6():
    return load_edition(resource("questionnaires", "survey_r6.toml"))


@pytest.fixture(scope="module")
def r8():
    return load_edition(resource("questionnaires", "survey_r8.toml"))


def test_identity_and_own_wording(r6, r8):
    assert (r8.questionnaire, r8.edition, r8.kind) == ("survey", "r8", "survey")
    assert r8.official_text is False and not any(i.official for i in r8.items)
    assert r8.published > r6.published
    assert r8.items[0].key == "respondent"


def test_r8_is_the_default_for_new_years():
    reg = load_registry(resource("questionnaires"))
    assert reg.newest("survey").edition == "r8"
    assert [e.edition for e in reg.editions_of("survey")] == ["r8", "r6"]


def test_every_chart_topic_has_an_item(r8):
    for word, key in CHARTS.items():
        assert word in r8.item(key).title, f"{key} should ask about {word}"


def test_shared_keys_are_the_expected_set_with_the_same_topic(r6, r8):
    shared = {i.key for i in r6.items} & {i.key for i in r8.items}
    assert shared == SHARED_WITH_R6
    for key in shared:
        a, b = r6.item(key), r8.item(key)
        assert a.type == b.type, key
        assert [c.key for c in a.choices] == [c.key for c in b.choices], key
        assert [f.key for f in a.fields] == [f.key for f in b.fields], key
        word = TOPIC[key]
        assert word in a.title + a.guidance and word in b.title + b.guidance, key


def test_two_factor_branching(r8):
    no = applicable(r8, {"two_factor": {"choice": "no"}})
    assert no["two_factor_reasons"] and no["two_factor_plan"] and not no["two_factor_cost"]
    yes = applicable(r8, {"two_factor": {"choice": "yes"}})
    assert yes["two_factor_cost"] and not yes["two_factor_reasons"] and not yes["two_factor_plan"]
    assert r8.item("two_factor_reasons").type == "multi" and r8.item("two_factor_cost").type == "single"


def test_other_branches(r8):
    flags = applicable(r8, {"security_officer": {"choice": "no"}, "bcp": {"choice": "no"},
                            "ehr": {"choice": "no"}})
    assert not any(flags[k] for k in ("officer_qualified", "officer_qualifications", "bcp_drill",
                                      "backup_offline"))
    flags = applicable(r8, {"security_officer": {"choice": "yes"}, "officer_qualified": {"choice": "yes"},
                            "ehr": {"choice": "yes"}})
    assert flags["officer_qualifications"] and flags["backup_offline"]


def records(values: dict) -> dict[str, AnswerRecord]:
    return {k: AnswerRecord(v) for k, v in values.items()}


def test_an_r6_answer_shows_beside_the_same_key_in_r8(r6, r8):
    old = records({"bcp": {"choice": "yes"}, "ehr": {"choice": "yes"}, "ehr_backup": {"choice": "yes"},
                   "backup_offline": {"choice": "no"}, "consultation": {"choices": ["c1"]}})
    new = records({"bcp": {"choice": "yes"}, "ehr": {"choice": "yes"}, "backup_offline": {"choice": "yes"},
                   "two_factor": {"choice": "no"}})
    table = build_comparison({2024: {"survey": (r6, old)}, 2026: {"survey": (r8, new)}}, "survey")
    bcp = {c.year: c for c in next(r for r in table.rows if r.key == "bcp").cells}
    assert bcp[2024].state == bcp[2026].state == ANSWERED and bcp[2024].text == "はい" and not bcp[2026].changed
    offline = next(r for r in table.rows if r.key == "backup_offline")
    assert offline.cell(2024).text == "いいえ" and offline.cell(2026).text == "はい" and offline.changed
    assert offline.cell(2024).number == "Q12-5" and offline.cell(2026).number == "17-1"
    assert next(r for r in table.rows if r.key == "two_factor").cell(2024).state == ABSENT
    assert next(r for r in table.rows if r.key == "consultation").cell(2026).state == ABSENT
    session = AssessmentSession(r8, {}, lambda k, r: r, previous=old)
    assert session.previous_text("bcp") == "はい" and session.previous_text("backup_offline") == "いいえ"


def test_carry_over_from_r6_to_r8_keeps_shared_answers(tmp_path, r6, r8):
    from hospital_sec_desk.storage.database import open_store

    store = open_store(tmp_path / "d", lock=False, auto_backup=False)
    try:
        first = store.start_year(2024, {"survey": "r6"}, None)["survey"]
        store.save_answer(first, "bcp", AnswerRecord({"choice": "no"}))
        store.save_answer(first, "backup_frequency", AnswerRecord({"choice": "c1"}))
        second = store.start_year(2026, {"survey": "r8"}, 2024)["survey"]
        carried = store.answers(second)
    finally:
        store.close()
    assert carried["bcp"].state == CARRIED and carried["bcp"].value == {"choice": "no"}
    assert not r8.has_item("backup_frequency")  # copied but unused: r8 has no such item


def test_seed_quotes_in_help_are_verbatim(r8):
    seeds = "".join(re.sub(r"\*\*|\s+", "", seed(n).read_text(encoding="utf-8")) for n in ("000", "001"))
    quoted = [h for h in r8.help if "より" in h.title]
    assert len(quoted) >= 6
    for note in quoted:
        text = note.text
        for c in r8.corrections:
            if c.item == f"(help) {note.key}":
                text = text.replace(c.corrected, c.seed)
        for line in text.splitlines():
            assert re.sub(r"\s+", "", line) in seeds, f"{note.key}: {line[:30]}…"
