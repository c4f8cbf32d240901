"""Export and import: round trip, the no-overwrite rule, contacts, the published schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from hospital_sec_desk.domain.progress import REVIEW_LAST_ITEM
from hospital_sec_desk.storage import import_check
from hospital_sec_desk.storage.database import open_store
from hospital_sec_desk.storage.errors import ImportRejected
from hospital_sec_desk.storage.exchange import dumps, export_all, import_all, load_import_file

from . import schema_mini
from .helpers import fingerprint, populate, without_time

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "export.schema.json").read_text("utf-8"))


@pytest.fixture
def source(tmp_path, registry):
    store = open_store(tmp_path / "source")
    populate(store, registry)
    yield store
    store.close()


@pytest.fixture
def empty(tmp_path):
    store = open_store(tmp_path / "empty")
    yield store
    store.close()


def test_export_import_export_is_identical(source, empty, registry):
    first = export_all(source)
    assert first["assessments"] and first["contacts"] and first["settings"]
    result = import_all(empty, json.loads(dumps(first)), registry)
    assert len(result.assessments_added) == len(first["assessments"])
    assert result.facility_written and result.contacts_added == len(first["contacts"])
    second = export_all(empty)
    assert without_time(second) == without_time(first)


def test_export_carries_every_kind_of_data(source):
    doc = export_all(source)
    assert doc["format_version"] == import_check.FORMAT_VERSION
    a2025 = {a["questionnaire"]: a for a in doc["assessments"] if a["year"] == 2025}
    a2026 = next(a for a in doc["assessments"] if a["year"] == 2026)
    assert a2025["bcp"]["closed"] is True and a2025["survey"]["last_item"]
    vendor_answers = [r for r in a2025["survey"]["answers"].values() if r["vendor_flag"]]
    assert len(vendor_answers) == 1
    vendor = next(c for c in doc["contacts"] if c["ref"] == vendor_answers[0]["vendor"])
    assert vendor["category"] == "vendor" and vendor["organization"] == "電子カルテ株式会社"
    assert {r["state"] for r in a2026["answers"].values()} == {"answered", "carried"}
    assert any(r["due"] == "2026-03-31" for r in a2025["survey"]["action_items"].values())
    assert doc["settings"] == {"contacts_confirmed_on": "2026-05-01"}
    assert a2025["testq"]["answers"]["checked"]["value"]["dates"] == {"checked_on": "2025-10-01"}


def test_reimport_of_identical_data_changes_nothing(source, registry):
    doc = export_all(source)
    source.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = fingerprint(source.folder)
    result = import_all(source, doc, registry)
    assert result.assessments_added == [] and len(result.assessments_same) == len(doc["assessments"])
    assert result.contacts_added == 0 and result.contacts_matched == len(doc["contacts"])
    assert fingerprint(source.folder) == before


def _refused(store, doc, registry) -> ImportRejected:
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = fingerprint(store.folder)
    with pytest.raises(ImportRejected) as info:
        import_all(store, doc, registry)
    assert fingerprint(store.folder) == before
    assert "データは変更していません" in str(info.value)
    return info.value


def test_a_differing_year_is_refused_not_overwritten(source, registry):
    doc = export_all(source)
    index, survey = next((i, a) for i, a in enumerate(doc["assessments"])
                         if a["year"] == 2025 and a["questionnaire"] == "survey")
    key = next(iter(survey["answers"]))
    survey["answers"][key]["memo"] = "別のパソコンで書き換えたメモ"
    doc["assessments"].append({**copy.deepcopy(survey), "year": 2030})  # new: would be added
    exc = _refused(source, doc, registry)
    assert any(p.startswith(f"assessments[{index}]：") and "回答 1 件" in p and "上書きはしません" in p
               for p in exc.problems), exc.problems
    assert 2030 not in source.years()


def test_new_years_are_added_beside_identical_ones(source, empty, registry):
    doc = export_all(source)
    only_2025 = {**doc, "assessments": [a for a in doc["assessments"] if a["year"] == 2025]}
    import_all(empty, only_2025, registry)
    result = import_all(empty, doc, registry)
    assert result.assessments_added == [(2026, "survey")]
    assert len(result.assessments_same) == len(only_2025["assessments"])
    assert without_time(export_all(empty)) == without_time(doc)


def test_facility_and_setting_conflicts_are_refused(source, registry):
    doc = export_all(source)
    doc["facility"]["phone"] = "06-1111-1111"
    doc["settings"]["contacts_confirmed_on"] = "2027-01-01"
    exc = _refused(source, doc, registry)
    assert any(p.startswith("facility.phone：代表電話") for p in exc.problems), exc.problems
    assert any(p.startswith("settings.contacts_confirmed_on：") for p in exc.problems), exc.problems


def test_contacts_are_matched_by_content_and_vendor_links_follow(source, empty, registry):
    doc = export_all(source)
    empty.save_contact(category="vendor", name="別のベンダー")
    same = next(c for c in doc["contacts"] if c["category"] == "vendor")
    empty.save_contact(**{k: same[k] for k in same if k not in ("ref", "updated_at", "position")})
    result = import_all(empty, doc, registry)
    assert result.contacts_matched == 1 and result.contacts_added == len(doc["contacts"]) - 1
    vendors = empty.contacts("vendor")
    assert [c["name"] for c in vendors] == ["別のベンダー", "山田"]  # no duplicate, order kept
    aid = empty.find_assessment(2025, "survey")["id"]
    linked = [r.vendor_id for r in empty.answers(aid).values() if r.vendor_flag]
    assert linked == [vendors[1]["id"]]


def test_bad_import_in_the_middle_writes_nothing(source, empty, registry):
    doc = export_all(source)
    doc["assessments"][-1]["answers"]["no_such_item"] = doc["assessments"][-1]["answers"].popitem()[1]
    exc = _refused(empty, doc, registry)
    assert any("no_such_item：" in p and "にない設問" in p for p in exc.problems)
    assert empty.years() == [] and empty.contacts() == [] and not empty.has_facility()


def test_load_import_file_reports_where_the_json_breaks(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "format": "hospital-sec-desk-export",\n  "format_version": 1,,\n}', "utf-8")
    with pytest.raises(ImportRejected) as info:
        load_import_file(bad)
    assert info.value.problems[0].startswith("3行目 ")
    with pytest.raises(ImportRejected, match="見つかりません"):
        load_import_file(tmp_path / "missing.json")
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + b'{"a": 1}')
    assert load_import_file(bom) == {"a": 1}


def test_exported_document_matches_the_published_schema(source):
    doc = json.loads(dumps(export_all(source)))
    assert schema_mini.errors(doc, SCHEMA) == []
    jsonschema.validate(doc, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_the_review_page_position_is_part_of_the_format(source, empty, registry):
    aid = source.find_assessment(2025, "survey")["id"]
    source.set_last_item(aid, REVIEW_LAST_ITEM)  # what the wizard stores on the review page
    source.set_setting(import_check.SEEDED, "1")
    doc = json.loads(dumps(export_all(source)))
    jsonschema.validate(doc, SCHEMA)
    import_all(empty, doc, registry)
    again = export_all(empty)
    assert without_time(again) == without_time(doc)
    assert empty.setting(import_check.SEEDED) == "1"
    assert {a["last_item"] for a in again["assessments"]} >= {REVIEW_LAST_ITEM}


@pytest.mark.parametrize("mutate,where", [
    (lambda d: d["assessments"][0].update(last_item="__reviewx__"), "assessments[0].last_item："),
    (lambda d: d["settings"].update(contacts_seeded="2"), "settings.contacts_seeded："),
    (lambda d: d["settings"].update(contacts_seeded=1), "settings.contacts_seeded："),
    (lambda d: [r.update(due="1999-12-31") for r in d["assessments"][0]["action_items"].values()],
     "assessments[0].action_items."),
])
def test_reserved_values_are_validated(source, empty, registry, mutate, where):
    doc = json.loads(dumps(export_all(source)))
    mutate(doc)
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(doc))
    exc = _refused(empty, doc, registry)
    assert any(p.startswith(where) for p in exc.problems), exc.problems


def test_schema_lists_exactly_the_keys_the_code_uses():
    defs = SCHEMA["$defs"]
    assert SCHEMA["required"] == list(import_check.TOP_KEYS)
    assert defs["facility"]["required"] == list(import_check.FACILITY_KEYS)
    assert defs["contact"]["required"] == list(import_check.CONTACT_KEYS)
    assert defs["assessment"]["required"] == list(import_check.ASSESSMENT_KEYS)
    assert defs["answer"]["required"] == list(import_check.ANSWER_KEYS)
    assert defs["action_item"]["required"] == list(import_check.ACTION_KEYS)
    assert set(defs["settings"]["properties"]) == set(import_check.EXPORTED_SETTINGS)
    assert SCHEMA["properties"]["format"]["const"] == import_check.FORMAT_NAME
    assert SCHEMA["properties"]["format_version"]["const"] == import_check.FORMAT_VERSION


@pytest.mark.parametrize("mutate", [
    lambda d: d.update(format_version=3),
    lambda d: d.pop("facility"),
    lambda d: d["facility"].update(beds="120"),
    lambda d: d["contacts"][0].update(extra=1),
    lambda d: d["assessments"][0].update(created_at="2026/04/01 09:00"),
    lambda d: d["assessments"][0].update(closed=1),
    lambda d: d["contacts"][0].update(memo="x" * 10_001),
    lambda d: d["contacts"][0].update(memo="bell\x07"),
    lambda d: d["settings"].update(contacts_confirmed_on="1999-12-31"),
])
def test_schema_and_importer_both_refuse(source, empty, registry, mutate):
    doc = json.loads(dumps(export_all(source)))
    mutate(doc)
    assert schema_mini.errors(doc, SCHEMA)
    with pytest.raises(ImportRejected):
        import_all(empty, doc, registry)


def test_a_blank_year_started_by_the_app_is_filled_not_refused(source, empty, registry):
    doc = export_all(source)
    blank = empty.ensure_assessment(2026, "survey", "r6")  # e.g. the app's first start on a new PC
    result = import_all(empty, doc, registry)
    assert (2026, "survey") in result.assessments_added
    assert [a["id"] for a in empty.assessments(2026)] == [blank]  # completed, not duplicated
    assert without_time(export_all(empty)) == without_time(doc)
    assert any("サイバーセキュリティ対策調査" in line for line in result.summary())


def test_an_empty_facility_in_the_file_leaves_the_database_alone(source, empty, registry):
    doc = export_all(source)
    doc["facility"] = {k: (None if k == "beds" else "") for k in doc["facility"]}
    empty.save_facility(name="既存の病院")
    import_all(empty, doc, registry)
    assert empty.facility()["name"] == "既存の病院"
