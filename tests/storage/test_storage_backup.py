"""Backups: retention, when they are taken, what they contain, restoring."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import DB_NAME, open_store
from hospital_sec_desk.storage.errors import BackupUnusable

from .helpers import file_digest

V1 = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "v1.sqlite3"


def _fabricate(folder, moments: list[dt.datetime], reason: str = "start") -> None:
    target = folder / backups.BACKUP_DIR
    target.mkdir(parents=True, exist_ok=True)
    for m in moments:
        (target / f"backup-{m:%Y%m%d-%H%M%S-%f}-{reason}.sqlite3").write_bytes(b"")


def test_retention_keeps_last_ten_and_one_per_month_for_a_year(tmp_path):
    today = dt.date(2026, 11, 21)
    start = dt.datetime(2024, 9, 1, 9, 0)
    moments = [start + dt.timedelta(days=d, hours=h) for d in range((dt.datetime(2026, 11, 21) - start).days + 1)
               for h in (0, 8)]
    _fabricate(tmp_path, moments)
    (tmp_path / "backups" / "notes.txt").write_text("keep me")
    (tmp_path / "backups" / "backup-mine.sqlite3").write_bytes(b"not ours by name")
    removed = backups.prune(tmp_path, today=today)
    kept = {p.name for p in backups.list_backups(tmp_path)}
    newest = sorted(moments, reverse=True)
    expected = set(newest[:10])
    for k in range(12):  # the newest backup of each of the last 12 months
        y, m = divmod(today.year * 12 + today.month - 1 - k, 12)
        expected.add(max(x for x in moments if (x.year, x.month) == (y, m + 1)))
    assert kept == {f"backup-{m:%Y%m%d-%H%M%S-%f}-start.sqlite3" for m in expected}
    assert len(kept) == 10 + 11  # this month's newest is among the last ten
    assert len(removed) == len(moments) - len(kept)
    assert (tmp_path / "backups" / "notes.txt").exists() and (tmp_path / "backups" / "backup-mine.sqlite3").exists()


def test_retention_removes_nothing_when_there_are_few(tmp_path):
    _fabricate(tmp_path, [dt.datetime(2020, 1, d) for d in range(1, 8)])
    assert backups.prune(tmp_path, today=dt.date(2026, 11, 21)) == []
    assert len(backups.list_backups(tmp_path)) == 7


def test_backup_at_start_only_when_the_data_changed(tmp_path):
    folder = tmp_path / "data"
    store = open_store(folder)
    aid = store.ensure_assessment(2026, "survey", "r6")
    store.close()
    counts = []
    for change in (False, False, True, False):
        store = open_store(folder)
        counts.append(len(backups.list_backups(folder)))
        if change:
            store.save_answer(aid, "security_officer", AnswerRecord({"choice": "no"}))
        store.close()
    store = open_store(folder)
    store.close()
    assert counts + [len(backups.list_backups(folder))] == [1, 1, 1, 2, 2]


def test_backup_always_before_a_migration(tmp_path):
    """A v1 file (the committed fixture) gets a backup of its v1 content before it migrates."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(V1, folder / DB_NAME)
    open_store(folder).close()
    newest = backups.list_backups(folder)[0]
    assert newest.name.endswith("-migrate.sqlite3")
    conn = sqlite3.connect(newest)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    assert version == 1 and "assessments_one_per_year" not in indexes  # taken before the migration ran


def test_backups_are_self_contained_copies(tmp_path):
    folder = tmp_path / "data"
    store = open_store(folder)
    aid = store.ensure_assessment(2026, "survey", "r6")
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}, memo="控え"))
    made = backups.make_backup(store.path, "manual")
    store.close()
    assert not list(made.parent.glob("*-wal")) and not list(made.parent.glob("*.tmp"))
    conn = sqlite3.connect(f"file:{made}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT memo FROM answers").fetchall() == [("控え",)]
    finally:
        conn.close()


def test_restore_keeps_the_current_file_aside(tmp_path):
    folder = tmp_path / "data"
    store = open_store(folder)
    aid = store.ensure_assessment(2026, "survey", "r6")
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))
    made = backups.make_backup(store.path)
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))
    store.close()
    current = (folder / DB_NAME).read_bytes()
    moved = backups.restore(folder / DB_NAME, made)
    assert moved.read_bytes() == current and "replaced" in moved.name
    store = open_store(folder)
    try:
        assert store.answers(aid)["bcp"].value == {"choice": "yes"}
    finally:
        store.close()


@pytest.mark.parametrize("content", [b"", b"garbage" * 2000])
def test_restoring_a_bad_backup_changes_nothing(tmp_path, content):
    folder = tmp_path / "data"
    open_store(folder).close()
    bad = folder / "backups" / "backup-20260101-000000-000000-manual.sqlite3"
    bad.parent.mkdir(exist_ok=True)
    bad.write_bytes(content)
    before = file_digest(folder / DB_NAME)
    with pytest.raises(BackupUnusable, match="使えません"):
        backups.restore(folder / DB_NAME, bad)
    assert file_digest(folder / DB_NAME) == before
    assert not list(folder.glob("*replaced*"))
