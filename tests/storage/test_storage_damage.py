"""Damaged content is found at start, before anything reads it: the file is moved aside (same
bytes) and the good backups are offered. Cache files that are damaged are simply rebuilt."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import DB_NAME, open_store
from hospital_sec_desk.storage.errors import DatabaseDamaged, DatabaseMissing, DatabaseTooNew

from .bitflip import run as bit_flips
from .helpers import one_answer_folder


@pytest.fixture
def folder(tmp_path):
    return one_answer_folder(tmp_path)


def _tamper(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in sql:
        conn.execute(statement)
    conn.close()


DAMAGE = {
    "invalid_utf8_in_a_memo": ["UPDATE answers SET memo = CAST(x'e6a7ff' AS TEXT)"],
    "invalid_utf8_in_the_facility": ["INSERT INTO facility (id, name) VALUES (1, CAST(x'c3' AS TEXT))"],
    "broken_json_in_an_answer": ["UPDATE answers SET value = '{\"choice\": '"],
    "json_that_is_not_an_object": ["UPDATE answers SET value = '[1, 2]'"],
    "a_state_outside_its_check": ["UPDATE answers SET state = 'bogus'"],
    "an_unknown_key_in_an_answer": ["UPDATE answers SET value = '{\"chokce\": \"yes\"}'"],
    "a_due_date_that_is_no_date": ["INSERT INTO action_items (assessment_id, item_key, due, updated_at) "
                                   "SELECT id, 'bcp', '20\x125-03-31', 'x' FROM assessments"],
    "a_year_outside_its_check": ["UPDATE assessments SET fiscal_year = 99999"],
    "an_answer_of_no_assessment": ["UPDATE answers SET assessment_id = 12345"],
    "dropped_migrations_table": ["DROP TABLE _sqlite_migrations"],
    "dropped_answers_table": ["DROP TABLE answers"],
    "a_column_renamed": ["ALTER TABLE facility RENAME COLUMN phone TO fax"],
    "version_behind_its_migrations": ["PRAGMA user_version = 1"],
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_content_is_moved_aside_and_the_backup_restores_it(folder, kind):
    path = folder / DB_NAME
    _tamper(path, *DAMAGE[kind])
    damaged = path.read_bytes()
    with pytest.raises(DatabaseDamaged) as info:
        open_store(folder)
    assert info.value.moved_to.read_bytes() == damaged and not path.exists()
    assert info.value.backups == backups.list_backups(folder) and "復元できます" in str(info.value)
    backups.restore(path, info.value.backups[0])
    store = open_store(folder)
    try:
        aid = store.find_assessment(2026, "survey")["id"]
        assert store.answers(aid)["bcp"].memo == "控え"
    finally:
        store.close()


def test_another_apps_sqlite_file_with_a_version_is_not_called_newer(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseDamaged) as info:
        open_store(folder)
    assert not isinstance(info.value, DatabaseTooNew)
    assert "新しいバージョン" not in str(info.value)
    assert info.value.detail == "このアプリのデータファイルではありません"


@pytest.mark.parametrize("name", [backups.STAT_NAME, backups.DIGEST_NAME])
def test_a_damaged_cache_file_in_backups_is_rebuilt(folder, name):
    """last_stat / last_digest only save time: garbage in them costs a digest, not the data."""
    (folder / "backups" / name).write_bytes(b"\xff\xfe\x00garbage")
    open_store(folder).close()
    assert len(backups.list_backups(folder)) == 1  # the content did not change: no new backup
    assert (folder / "backups" / backups.STAT_NAME).read_text("utf-8")


def test_a_missing_database_beside_backups_offers_them(folder):
    (folder / DB_NAME).unlink()
    for _ in range(2):  # and nothing was created in its place
        with pytest.raises(DatabaseMissing) as info:
            open_store(folder)
        assert info.value.backups == backups.list_backups(folder) and "バックアップ" in str(info.value)
        assert not (folder / DB_NAME).exists()
    open_store(folder, create=True).close()  # the user's explicit choice
    assert (folder / DB_NAME).exists()


def test_an_orphan_wal_is_not_replayed_into_a_new_database(tmp_path):
    folder = tmp_path / "data"
    store = open_store(folder)
    store.save_facility(name="旧病院")
    wal = Path(f"{store.path}-wal").read_bytes()
    store.close()
    (folder / DB_NAME).unlink()
    Path(f"{folder / DB_NAME}-wal").write_bytes(wal)
    store = open_store(folder)
    try:
        assert store.facility()["name"] == ""
    finally:
        store.close()
    assert list(folder.glob("*-wal.orphan-*"))


KILL_IN_TRANSACTION = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("PRAGMA cache_size = 1")  # spill changed pages into the main file early
conn.execute("BEGIN")
conn.execute("UPDATE answers SET memo = 'x' || hex(randomblob(2000))")
conn.execute("INSERT INTO settings VALUES ('k', hex(randomblob(50000)))")
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_hot_rollback_journal_is_rolled_back_at_start(folder):
    path = folder / DB_NAME
    proc = subprocess.run([sys.executable, "-c", KILL_IN_TRANSACTION, str(path)], capture_output=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert Path(f"{path}-journal").exists()
    for _ in range(2):
        store = open_store(folder)
        try:
            aid = store.find_assessment(2026, "survey")["id"]
            assert store.answers(aid)["bcp"].memo == "控え" and store.setting("k") == ""
        finally:
            store.close()
    assert not Path(f"{path}-journal").exists() and not list(folder.glob("*damaged*"))


def test_bit_flips_never_give_a_traceback():
    """A sample of the measurement in bitflip.py (the report runs 200+)."""
    shown: list[str] = []
    counts = bit_flips(60, seed=11, keep=shown, where="data")  # flips in bytes that hold data
    assert counts["traceback"] == 0, shown
    assert counts["refused"] + counts["same"] + counts["changed"] == 60
