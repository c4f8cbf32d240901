"""The 立入検査 checklist edition: verbatim 「」 texts, the not-official mark, item 0 gating,
device grids, dates and the seed 003 Q&A attached as help."""

from __future__ import annotations

import re

import pytest

from hospital_sec_desk.domain.answers import AnswerRecord, date_fields_for, has_value
from hospital_sec_desk.domain.branching import applicable
from hospital_sec_desk.domain.edition_parse import load_edition
from hospital_sec_desk.domain.item_state import completeness
from hospital_sec_desk.paths import resource
from tests.conftest import SHARED, seed

GATE = "uses_medical_systems"
OFFICIAL = {"uses_medical_systems", "security_officer", "asset_ledger", "remote_maintenance", "mds_sds_check",
            "access_log", "security_patches", "connection_restriction", "backup_restore", "bcp"}
GRIDS = {"asset_ledger": ["server", "pc", "network"], "access_rights": ["server", "pc"],
         "unused_accounts": ["server", "pc"], "access_log": ["server"],
         "security_patches": ["server", "pc", "network"], "connection_restriction": ["network"],
         "unneeded_services": ["server", "pc"]}
FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


@pytest.fixture(scope="module")
def ed():
    return load_edition(resource("questionnaires", "checklist_r6.toml"))


@pytest.fixture(scope="module")
def quotes() -> list[str]:
    path = SHARED / "reference" / "checklist.md"
    if not path.is_file():
        pytest.skip("../shared/reference/checklist.md not available")
    found = re.findall(r"「([^「」]+)」", path.read_text(encoding="utf-8"))
    assert len(found) >= 12, "the reference file changed shape: too few 「」 texts found"
    return found


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_identity(ed):
    assert (ed.questionnaire, ed.edition, ed.kind) == ("checklist", "r6", "checklist")
    assert ed.items[0].key == GATE and ed.items[0].number == "0"
    assert not ed.official_text, "a mixed file must not claim all its text is official"


def test_every_quoted_text_is_verbatim_in_the_edition(ed, quotes):
    titles = {i.title for i in ed.items}
    everything = "\n".join([*titles, *(i.guidance for i in ed.items)])
    for q in quotes:
        if q.startswith("…"):  # a partial quote (the R7 rewording of 2-(2)): the known part is quoted
            assert q in everything, q
        else:
            assert q in titles, f"「{q}」 is not an item title verbatim"


def test_official_mark_matches_the_quotes(ed, quotes):
    full = {q for q in quotes if not q.startswith("…")}
    for item in ed.items:
        if item.title not in full:
            assert item.official is False, f"{item.key}: own wording must carry official = false"
    official = {i.key for i in ed.items if i.official}
    assert official == OFFICIAL
    assert all(i.title in full for i in ed.items if i.official)


def test_r7_additions_are_never_official(ed):
    r7 = [i for i in ed.items if i.section == "r7_additions"]
    assert len(r7) >= 5 and not any(i.official for i in r7)
    assert any(i.title == "パスワードの使い回しを禁止している。" for i in r7)


def test_item0_no_makes_every_other_item_not_applicable(ed):
    flags = applicable(ed, {GATE: {"choice": "no"}})
    assert flags[GATE] is True
    assert [k for k, v in flags.items() if v] == [GATE]
    flags = applicable(ed, {GATE: {"choice": "yes"}})
    assert all(flags.values())
    assert [k for k, v in applicable(ed, {}).items() if v] == [GATE]  # unanswered gate: nothing else yet
    c = completeness(ed, {GATE: AnswerRecord({"choice": "no"})})
    assert (c.applicable, c.answered, c.not_applicable) == (1, 1, len(ed.items) - 1) and c.done


def test_every_other_item_is_gated_by_item0_only(ed):
    for item in ed.items[1:]:
        assert [(c.item, c.any_of) for c in item.when] == [(GATE, ("yes",))], item.key
        assert [c.key for c in item.choices] == ["yes", "no"]


def test_device_grids(ed):
    grids = {i.key: [d.key for d in i.devices] for i in ed.items if i.type == "device_grid"}
    assert grids == GRIDS
    labels = {}
    for item in ed.items:
        for d in item.devices:
            assert labels.setdefault(d.key, d.label) == d.label, f"{item.key}: device {d.key} relabelled"
    assert labels == {"server": "サーバ", "pc": "端末PC", "network": "ネットワーク機器"}
    item = ed.item("asset_ledger")
    assert not has_value(item, {"devices": {"server": "yes", "pc": "no"}})
    assert has_value(item, {"devices": {"server": "yes", "pc": "no", "network": "yes"}})


def test_dates_target_only_for_no(ed):
    assert [d.key for d in ed.item(GATE).dates] == ["checked_on"]
    for item in ed.items[1:]:
        assert [(d.key, d.label, d.only_for) for d in item.dates] == [
            ("checked_on", "確認日", ()), ("target_on", "目標日", ("no",))], item.key
    single, grid = ed.item("bcp"), ed.item("security_patches")
    assert [f.key for f in date_fields_for(single, {"choice": "yes"})] == ["checked_on"]
    assert [f.key for f in date_fields_for(single, {"choice": "no"})] == ["checked_on", "target_on"]
    one_no = {"devices": {"server": "yes", "pc": "no", "network": "yes"}}
    assert [f.key for f in date_fields_for(grid, one_no)] == ["checked_on", "target_on"]


def test_every_seed_003_qa_is_attached_to_the_items_it_cites(ed):
    notes = {h.key: h for h in ed.help if h.key.startswith("qa_")}
    assert sorted(notes) == [f"qa_{n:02d}" for n in range(1, 22)]
    for key, note in notes.items():
        users = [i for i in ed.items if key in i.help]
        assert users, f"{key} is attached to no item"
        question = note.text.split("\nA：")[0].translate(FULLWIDTH)
        cited = re.search(r"（(\d)(?:-\((\d)\))?）$", question)
        if cited is None:
            continue  # Q-19 … Q-21 concern the checklist as a whole
        section, sub = cited.groups()
        if sub:
            assert f"{section}-({sub})" in {i.number for i in users}, f"{key} not on item {section}-({sub})"
        else:
            assert any(i.number.startswith(f"{section}-") for i in users), key


def test_qa_help_texts_are_verbatim_from_seed_003(ed):
    seed_text = norm(seed("003").read_text(encoding="utf-8"))
    for note in ed.help:
        if not note.key.startswith("qa_"):
            continue
        text = note.text
        for c in ed.corrections:
            if c.item == f"(help) {note.key}":
                assert c.corrected in text
                text = text.replace(c.corrected, c.seed)
        question, answer = text.split("\nA：", 1)
        assert norm(question) in seed_text, note.key
        for line in ("A：" + answer).splitlines():
            assert norm(line) in seed_text, f"{note.key}: {line[:30]}…"


def test_keys_shared_with_the_surveys(ed):
    r6 = load_edition(resource("questionnaires", "survey_r6.toml"))
    r8 = load_edition(resource("questionnaires", "survey_r8.toml"))
    keys = {i.key for i in ed.items}
    assert keys & {i.key for i in r6.items} == {"security_officer", "mds_sds_check", "bcp"}
    assert keys & {i.key for i in r8.items} == {"security_officer", "mds_sds_check", "bcp", "asset_ledger",
                                                 "two_factor"}
    for key in ("security_officer", "mds_sds_check", "bcp"):
        assert [c.key for c in ed.item(key).choices] == [c.key for c in r6.item(key).choices] == ["yes", "no"]


def test_vendor_items(ed):
    vendor = [i.number for i in ed.items if i.vendor]
    assert vendor == ["1-(1)", "2-(1)", "2-(2)", "2-(3)", "2-(4)", "2-(5)", "2-(6)", "2-(7)", "2-(8)", "2-(9)",
                      "3-(2)"]
    assert not any(i.vendor for i in [i for i in ed.items if i.section == "r7_additions"])
