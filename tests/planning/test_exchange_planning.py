"""Drills and BCP edits in the export file: exported, checked (Japanese, with places), merged
without overwriting, and carried through a full export → import into an empty folder."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from hospital_sec_desk.app import planning
from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.storage import exchange_planning as ep
from hospital_sec_desk.storage.errors import ImportRejected
from hospital_sec_desk.storage.exchange import export_all, import_all
from hospital_sec_desk.storage.import_check import Checker
from hospital_sec_desk.storage.planning_store import PlanningStore

from . import sample

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "export.schema.json"


@pytest.fixture
def filled(ctx):
    sample.populate(ctx)
    planning.save_bcp_text(ctx, sample.YEAR, "policy", "当院の方針：患者さんの安全が最優先です。")
    return ctx


def _problems(data: dict) -> list[str]:
    c = Checker()
    ep.check_planning(c, data)
    return c.problems


def test_export_holds_every_record(filled):
    data = ep.export_planning(filled.store)
    assert [d["topic"] for d in data["drills"]][-1] == sample.DRILL_TOPIC     # oldest first
    assert data["drills"][-1]["participants"] == 24 and data["drills"][0]["next_on"] == ""
    assert data["bcp_text"] == [{"year": sample.YEAR, "section": "policy",
                                 "body": "当院の方針：患者さんの安全が最優先です。",
                                 "updated_at": data["bcp_text"][0]["updated_at"]}]
    assert _problems(data) == []


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["drills"][0].update(kind="飲み会"), "drills[0].kind：種類「飲み会」は使えません"),
    (lambda d: d["drills"][0].update(held_on="2026-02-30"), "drills[0].held_on：日付"),
    (lambda d: d["drills"][0].update(participants=-1), "drills[0].participants：範囲外の数です"),
    (lambda d: d["drills"][0].update(topic=" "), "drills[0].topic：テーマ・研修名が空です"),
    (lambda d: d["drills"][0].pop("findings"), "drills[0].findings：必要な項目がありません"),
    (lambda d: d["drills"][0].update(extra=1), "drills[0].extra：不明な項目です"),
    (lambda d: d["bcp_text"][0].update(section="no_such"), "bcp_text[0].section：BCPの節「no_such」"),
    (lambda d: d["bcp_text"].append(dict(d["bcp_text"][0])), "bcp_text[1]：同じ年度・節が bcp_text[0] にも"),
    (lambda d: d.update(drills={}), "drills：配列ではありません"),
])
def test_bad_records_are_refused_with_their_place(filled, change, expected):
    data = copy.deepcopy(ep.export_planning(filled.store))
    change(data)
    assert any(p.startswith(expected) for p in _problems(data)), _problems(data)


def test_merge_adds_new_skips_same_refuses_different(filled, data_dir, tmp_path):
    data = ep.export_planning(filled.store)
    c = Checker()
    same = ep.plan_planning(c, filled.store, data)
    assert not same.changes_anything and same.same_drills == 3 and not c.problems
    other = AppContext.open(tmp_path / "other")
    try:
        plan = ep.plan_planning(Checker(), other.store, data)
        assert len(plan.new_drills) == 3 and len(plan.new_edits) == 1
        with other.store.db.atomic():
            ep.write_planning(other.store.db, plan)
        assert ep.export_planning(other.store) == data
        assert plan.summary() == ["研修・訓練の記録 3 件を追加しました",
                                  "BCPの本文（病院で編集したもの）1 件を追加しました"]
        PlanningStore(other.store).save_bcp_edit(sample.YEAR, "policy", "別の方針")
        c = Checker()
        ep.plan_planning(c, other.store, data)
        assert c.problems and "本文がこのデータと異なります。上書きはしません" in c.problems[0]
    finally:
        other.close()


def test_full_export_import_carries_the_planning_records(filled, tmp_path):
    data = json.loads(json.dumps(export_all(filled.store)))
    assert data["format_version"] == 2 and len(data["drills"]) == 3 and len(data["bcp_text"]) == 1
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    other = AppContext.open(tmp_path / "other")
    try:
        result = import_all(other.store, data, other.registry)
        assert "研修・訓練の記録 3 件を追加しました" in result.summary()
        assert [d.topic for d in planning.drills(other)] == [d.topic for d in planning.drills(filled)]
        assert planning.bcp_edits(other, sample.YEAR) == planning.bcp_edits(filled, sample.YEAR)
        again = import_all(other.store, data, other.registry)      # the same file again: nothing added
        assert "研修・訓練の記録 0 件を追加しました（同じ内容の 3 件はそのままにしました）" in again.summary()
        assert len(planning.drills(other)) == 3
    finally:
        other.close()


def test_version_1_files_still_import(filled, tmp_path):
    data = json.loads(json.dumps(export_all(filled.store)))
    old = {k: v for k, v in data.items() if k not in ("drills", "bcp_text")}
    old["format_version"] = 1
    other = AppContext.open(tmp_path / "old")
    try:
        import_all(other.store, old, other.registry)
        assert planning.drills(other) == [] and other.store.facility()["name"] == sample.HOSPITAL
        with pytest.raises(ImportRejected) as err:           # v1 with v2 keys: unknown keys
            import_all(other.store, {**old, "drills": []}, other.registry)
        assert "drills：不明な項目です" in str(err.value)
    finally:
        other.close()
