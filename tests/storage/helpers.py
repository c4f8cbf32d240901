"""Shared helpers for the storage tests: a registry with a synthetic edition, sample data."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.domain.edition import Choice, Edition, Field, Item, Section
from hospital_sec_desk.domain.registry import Registry
from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import DB_NAME, open_store

YES_NO = (Choice("yes", "はい"), Choice("no", "いいえ"))

# Bundled editions have neither device grids nor date fields yet; this one covers them.
TEST_EDITION = Edition(
    questionnaire="testq", edition="t1", kind="checklist", title="テスト用の確認表", short_title="テスト",
    source="tests", official_text=False, order=99, sections=(Section("s1", "第1部"),),
    items=(
        Item("grid", "1", "機器ごとの対策", "s1", "device_grid", choices=YES_NO,
             devices=(Choice("server", "サーバ"), Choice("pc", "端末"))),
        Item("checked", "2", "点検しましたか", "s1", "single", choices=YES_NO,
             dates=(Field("checked_on", "点検日"),)),
    ),
)


def one_answer_folder(tmp_path: Path) -> Path:
    """A closed data folder: one survey answer (memo 控え) and one start backup of exactly it."""
    folder = tmp_path / "data"
    store = open_store(folder)
    aid = store.ensure_assessment(2026, "survey", "r6")
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}, memo="控え"))
    store.close()
    open_store(folder).close()  # the start backup
    assert len(backups.list_backups(folder)) == 1
    return folder


def make_registry(folder: Path) -> Registry:
    from hospital_sec_desk.app.context import registry_for

    reg = registry_for(folder)
    return Registry([*reg.editions, TEST_EDITION], list(reg.errors))


def first_of(edition: Edition, type_: str) -> Item:
    return next(i for i in edition.items if i.type == type_)


def populate(store, registry: Registry, synthetic: bool = True) -> dict[str, int]:
    """Representative data: every table, two years, a carried answer, a vendor reference.

    `synthetic` adds answers to TEST_EDITION (absent from the app's own registry, so the
    command-line tests leave it out)."""
    survey, bcp = registry.get("survey", "r6"), registry.get("bcp", "r6")
    store.save_facility(name="さくら記念病院", corporation="医療法人さくら会", beds=120, prefecture="東京都",
                        address="東京都千代田区1-1", phone="03-0000-0000", respondent_name="鈴木",
                        respondent_dept="情報システム室", respondent_contact="内線123")
    vendor = store.save_contact(category="vendor", name="山田", organization="電子カルテ株式会社",
                                systems="電子カルテ", phone="0120-000-000", on_poster=1)
    store.save_contact(category="inhouse", role="システム管理者", name="佐藤", extension="123")
    store.save_contact(category="outside", name="警察署 サイバー犯罪相談窓口", phone="110")
    store.set_setting("contacts_confirmed_on", "2026-05-01")
    editions = {"survey": "r6", "bcp": "r6", **({"testq": "t1"} if synthetic else {})}
    ids = store.start_year(2025, editions, None)
    single, multi, form = first_of(survey, "single"), first_of(survey, "multi"), first_of(survey, "form")
    store.save_answer(ids["survey"], single.key, AnswerRecord(
        {"choice": single.choices[-1].key}, memo="来年度に任命予定\n（理事会で決定）", vendor_flag=True,
        vendor_id=vendor))
    store.save_answer(ids["survey"], multi.key, AnswerRecord({"choices": [c.key for c in multi.choices[:2]]}))
    store.save_answer(ids["survey"], form.key, AnswerRecord(
        {"fields": {f.key: f"記入{n}" for n, f in enumerate(form.fields)}}))
    store.save_action(ids["survey"], single.key, owner="佐藤", due="2026-03-31", status="in_progress",
                      note="理事会に提案")
    b = first_of(bcp, "single")
    store.save_answer(ids["bcp"], b.key, AnswerRecord({"choice": b.choices[1].key}, memo="タブ\tあり"))
    store.save_action(ids["bcp"], b.key, owner="事務長", status="open")
    if synthetic:
        store.save_answer(ids["testq"], "grid", AnswerRecord({"devices": {"server": "yes", "pc": "no"}}))
        store.save_answer(ids["testq"], "checked", AnswerRecord(
            {"choice": "yes", "dates": {"checked_on": "2025-10-01"}}))
    store.db.execute("UPDATE assessments SET closed = 1 WHERE id = ?", [ids["bcp"]])  # an old format field
    store.set_last_item(ids["survey"], multi.key)
    new = store.start_year(2026, {"survey": "r6"}, 2025)
    store.save_answer(new["survey"], multi.key, store.answers(new["survey"])[multi.key].with_(state="answered"))
    return ids


def file_digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def fingerprint(folder: Path) -> tuple:
    """The bytes of the database and its WAL (the -shm is only an index)."""
    db = Path(folder) / DB_NAME
    return file_digest(db), file_digest(Path(str(db) + "-wal"))


def without_time(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def ticking_backup_clock(monkeypatch, start: dt.datetime = dt.datetime(2026, 11, 1, 9, 0)) -> None:
    """Backups named one second apart, from `start` (many backups made in one test keep their order)."""
    clock = [start]

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            clock[0] += dt.timedelta(seconds=1)
            return clock[0]

    monkeypatch.setattr(backups.dt, "datetime", Clock)
