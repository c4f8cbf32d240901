"""Every Store method that reads or writes SQLite is guarded (storage/guards.py): its SQLite and
OS errors become a Japanese ReadFailed / SaveFailed (a write rolled back), never a traceback.
switch_edition was not (found when store.py was split); it is now, and a failing write there
changes nothing."""

from __future__ import annotations

import inspect
import sqlite3

import pytest

from hospital_sec_desk.domain.answers import CARRIED, AnswerRecord
from hospital_sec_desk.storage.database import open_store
from hospital_sec_desk.storage.errors import ReadFailed, SaveFailed
from hospital_sec_desk.storage.store import Store

# What is not a database read or write: durability and the lifecycle (their errors are theirs).
LIFECYCLE = {"flush", "sync_failure", "on_sync_failure", "close", "close_keep_lock", "on_close"}


def test_every_public_store_method_is_guarded():
    unguarded, kinds = [], {}
    for name, member in inspect.getmembers(Store, inspect.isfunction):
        if name.startswith("_") or name in LIFECYCLE:
            continue
        guard = getattr(member, "guarded_as", None)
        if guard is None:
            unguarded.append(name)
        kinds[name] = guard
    assert unguarded == [], unguarded
    assert kinds["switch_edition"] is SaveFailed and kinds["save_answer"] is SaveFailed
    assert kinds["answers"] is ReadFailed


def test_a_failing_switch_of_edition_says_so_in_japanese_and_changes_nothing(tmp_path, monkeypatch):
    store = open_store(tmp_path / "data")
    try:
        aid = store.ensure_assessment(2026, "survey", "r6")
        store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}, memo="控え"))
        store.save_answer(aid, "other", AnswerRecord({"choice": "no"}))
        before = (store.assessment(aid)["edition"], store.answers(aid))
        real = store.db.execute
        calls = []

        def failing(sql, *args, **kwargs):
            calls.append(sql)
            if len(calls) == 3:  # the edition and one answer changed already, in the transaction
                raise sqlite3.OperationalError("disk I/O error")
            return real(sql, *args, **kwargs)

        monkeypatch.setattr(store.db, "execute", failing)
        with pytest.raises(SaveFailed) as info:
            store.switch_edition(aid, "r8", carried=["bcp"], cleared=["other"])
        monkeypatch.undo()
        text = str(info.value)
        assert text.startswith("保存できませんでした（") and "disk" not in text, text
        assert (store.assessment(aid)["edition"], store.answers(aid)) == before  # rolled back
        store.switch_edition(aid, "r8", carried=["bcp"], cleared=["other"])  # the same store goes on
        after = store.answers(aid)
        assert store.assessment(aid)["edition"] == "r8"
        assert after["bcp"].state == CARRIED and after["other"].value == {} and after["bcp"].memo == "控え"
    finally:
        store.close()
