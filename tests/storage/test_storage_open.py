"""Opening the data folder: damaged files, files from a newer app, a second instance."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import DB_NAME, open_store
from hospital_sec_desk.storage.errors import AlreadyRunning, DatabaseDamaged, DatabaseTooNew
from hospital_sec_desk.storage.exchange import export_all

from .helpers import file_digest, populate, without_time


@pytest.fixture
def saved(tmp_path, registry):
    """A closed data folder with data and one backup (taken at the second start)."""
    folder = tmp_path / "data"
    store = open_store(folder)
    populate(store, registry)
    doc = export_all(store)
    store.close()
    open_store(folder).close()
    assert len(backups.list_backups(folder)) == 1
    return folder, doc


def _half(b: bytes) -> bytes:
    return b[: len(b) // 2]


def _random_pages(b: bytes) -> bytes:
    rng = random.Random(7)
    return b[:4096] + rng.randbytes(len(b) - 4096)


CORRUPTIONS = {
    "truncated_to_half": _half,
    "truncated_by_one_byte": lambda b: b[:-1],
    "truncated_inside_header": lambda b: b[:60],
    "emptied": lambda b: b"",
    "random_bytes": lambda b: random.Random(3).randbytes(len(b)),
    "random_pages_behind_a_good_header": _random_pages,
    "text_file": lambda b: "これはデータベースではありません\n".encode() * 50,
}


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_damaged_file_is_moved_aside_and_a_backup_restores_everything(saved, kind):
    folder, doc = saved
    path = folder / DB_NAME
    damaged = CORRUPTIONS[kind](path.read_bytes())
    path.write_bytes(damaged)
    with pytest.raises(DatabaseDamaged) as info:
        open_store(folder)
    exc = info.value
    assert not path.exists()
    assert exc.moved_to is not None and exc.moved_to.read_bytes() == damaged  # kept, same bytes
    assert exc.moved_to.name in str(exc) and "壊れ" in str(exc) and "復元できます" in str(exc)
    assert exc.backups == backups.list_backups(folder)  # the good ones, newest first
    moved = backups.restore(path, exc.backups[0])
    assert moved is None  # nothing was in the way: the damaged file had been moved already
    store = open_store(folder)
    try:
        assert without_time(export_all(store)) == without_time(doc)
    finally:
        store.close()


def test_damaged_file_without_backups_says_so(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"\x00" * 8192)
    with pytest.raises(DatabaseDamaged) as info:
        open_store(folder)
    assert info.value.backups == [] and "利用できるバックアップはありません" in str(info.value)
    open_store(folder).close()  # a fresh start is possible; the damaged file stays aside
    assert len(list(folder.glob("hospital_sec_desk.damaged-*.sqlite3"))) == 1


def test_an_empty_file_on_first_start_is_a_new_database(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"")  # a crash between creating and initialising the file
    store = open_store(folder)
    store.close()
    assert not list(folder.glob("*damaged*"))


def test_a_damaged_backup_is_not_offered(saved):
    folder, _doc = saved
    good = backups.list_backups(folder)[0]
    bad = good.with_name("backup-29990101-000000-000000-start.sqlite3")
    bad.write_bytes(b"garbage" * 1000)
    (folder / DB_NAME).write_bytes(b"garbage" * 1000)
    with pytest.raises(DatabaseDamaged) as info:
        open_store(folder)
    assert info.value.backups == [good]


def test_an_unrelated_sqlite_file_is_moved_aside(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseDamaged, match="壊れ") as info:
        open_store(folder)
    assert "このアプリのデータファイルではありません" in info.value.detail
    assert info.value.moved_to.exists()


def _tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("sql", [
    "PRAGMA user_version = 99",
    "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
    "VALUES ('hospital_sec_desk', '0099_from_the_future', '2030-01-01')",
])
def test_a_database_from_a_newer_app_is_refused_unchanged(saved, sql):
    folder, _doc = saved
    path = folder / DB_NAME
    _tamper(path, sql)
    before, listing = file_digest(path), sorted(os.listdir(folder))
    for _ in range(2):  # and the lock is released after the refusal
        with pytest.raises(DatabaseTooNew) as info:
            open_store(folder)
        assert "新しいバージョン" in str(info.value) and "変更していません" in str(info.value)
    assert file_digest(path) == before
    assert sorted(os.listdir(folder)) == listing  # no -wal, no -shm, no new backup


def test_second_instance_is_refused_while_the_first_keeps_working(tmp_path):
    folder = tmp_path / "data"
    first = open_store(folder)
    aid = first.ensure_assessment(2026, "survey", "r6")
    with pytest.raises(AlreadyRunning) as info:
        open_store(folder)
    assert "既に起動しています" in str(info.value)
    other = subprocess.run([sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(folder),
                            "export", str(tmp_path / "out.json")], capture_output=True, text=True, timeout=60)
    assert other.returncode == 1 and "既に起動しています" in other.stderr
    assert not (tmp_path / "out.json").exists()
    first.save_answer(aid, "security_officer", AnswerRecord({"choice": "yes"}))  # still works
    assert first.answers(aid)["security_officer"].value == {"choice": "yes"}
    first.close()
    second = open_store(folder)  # released on close
    try:
        assert second.answers(aid)["security_officer"].value == {"choice": "yes"}
    finally:
        second.close()
    after = subprocess.run([sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(folder),
                            "export", str(tmp_path / "out.json")], capture_output=True, text=True, timeout=60)
    assert after.returncode == 0, after.stderr
    assert (tmp_path / "out.json").exists()


def test_a_failed_open_releases_the_lock(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"not a database" * 400)
    with pytest.raises(DatabaseDamaged):
        open_store(folder)
    open_store(folder).close()  # not AlreadyRunning


def test_storage_never_loads_qt():
    code = ("import sys, hospital_sec_desk.storage.database, hospital_sec_desk.storage.exchange, "
            "hospital_sec_desk.storage.backup, hospital_sec_desk.cli.data; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stderr


@pytest.mark.parametrize("name", ["山田 太郎", "a#b", "50%", "what?", "x&mode=rw"])
def test_folder_names_that_mean_something_in_uris(tmp_path, registry, name):
    folder = tmp_path / name / "data"
    store = open_store(folder)
    populate(store, registry)
    doc = export_all(store)
    store.close()
    open_store(folder).close()
    made = backups.list_backups(folder)
    assert len(made) == 1 and backups.backup_problem(made[0]) is None
    (folder / DB_NAME).write_bytes(b"\x00" * 4096)
    with pytest.raises(DatabaseDamaged) as info:
        open_store(folder)
    assert info.value.backups == made
    backups.restore(folder / DB_NAME, made[0])
    store = open_store(folder)
    try:
        assert without_time(export_all(store)) == without_time(doc)
    finally:
        store.close()
