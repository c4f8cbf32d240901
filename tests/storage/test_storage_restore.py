"""Restore: crash-safe (a complete copy is finished at the next start, a cut-short one is
dropped), never between locks in the app, and backups: only distinct contents, temp files of
killed backups cleaned."""

from __future__ import annotations

import os

import pytest

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import DB_NAME, open_store, restore_open
from hospital_sec_desk.storage.errors import AlreadyRunning, BackupUnusable
from hospital_sec_desk.storage.lock import FolderLock

from .helpers import ticking_backup_clock


def _save(folder, choice: str, *, backup: bool = False):
    store = open_store(folder, auto_backup=backup)
    aid = store.ensure_assessment(2026, "survey", "r6")
    store.save_answer(aid, "bcp", AnswerRecord({"choice": choice}))
    store.close()


def _choice(folder) -> str:
    store = open_store(folder)
    try:
        return store.answers(store.find_assessment(2026, "survey")["id"])["bcp"].value["choice"]
    finally:
        store.close()


@pytest.fixture
def folder(tmp_path):
    """Backup holds "yes", the current file "no"."""
    folder = tmp_path / "data"
    _save(folder, "yes")
    open_store(folder).close()
    _save(folder, "no")
    return folder


def test_a_complete_copy_left_by_a_killed_restore_is_finished_at_start(folder):
    db = folder / DB_NAME
    backups.copy_database(backups.list_backups(folder)[0], backups.restore_ready(db))  # killed after this
    assert _choice(folder) == "yes"
    replaced = list(folder.glob("hospital_sec_desk.replaced-*.sqlite3"))
    assert len(replaced) == 1 and not backups.restore_ready(db).exists()


def test_a_killed_restore_after_the_current_file_was_moved_is_finished(folder):
    db = folder / DB_NAME
    backups.copy_database(backups.list_backups(folder)[0], backups.restore_ready(db))
    os.rename(db, folder / "hospital_sec_desk.replaced-20260101-000000.sqlite3")  # killed after this
    assert _choice(folder) == "yes"  # not "missing beside backups": the restore completes


def test_a_cut_short_copy_is_dropped_and_nothing_changes(folder):
    db = folder / DB_NAME
    backups.restore_tmp(db).write_bytes(b"SQLite format 3\x00" + b"\x00" * 1000)
    assert _choice(folder) == "no"
    assert not backups.restore_tmp(db).exists() and not list(folder.glob("*replaced*"))


def test_temporary_files_of_killed_backups_are_removed(folder):
    junk = [folder / "backups" / ".backup-20260101-000000-000000-start.sqlite3.tmp",
            folder / "backups" / ".last_digest.tmp", folder / "backups" / ".last_stat.tmp"]
    for p in junk:
        p.write_bytes(b"x" * 5000)
    mine = folder / "backups" / "my-notes.tmp"
    mine.write_text("not ours")
    open_store(folder).close()
    assert not any(p.exists() for p in junk) and mine.exists()


def test_in_app_restore_keeps_the_folder_locked_throughout(folder, monkeypatch):
    store = open_store(folder)
    attempts: list[str] = []
    real = backups.restore

    def restore_and_try_to_take_the_folder(db_path, backup):
        try:  # what a second instance would do in the middle of the restore
            FolderLock(folder).acquire()
            attempts.append("taken")
        except AlreadyRunning:
            attempts.append("refused")
        return real(db_path, backup)

    monkeypatch.setattr(backups, "restore", restore_and_try_to_take_the_folder)
    store, moved, error = restore_open(store, backups.list_backups(folder)[-1])
    try:
        assert attempts == ["refused"] and error is None and "replaced" in moved.name
        assert store.answers(store.find_assessment(2026, "survey")["id"])["bcp"].value == {"choice": "yes"}
        with pytest.raises(AlreadyRunning):
            FolderLock(folder).acquire()  # still held by the reopened store
    finally:
        store.close()
    FolderLock(folder).acquire()  # released on close


def test_in_app_restore_of_a_bad_backup_reopens_the_old_data(folder):
    bad = folder / "backups" / "backup-20200101-000000-000000-manual.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    store = open_store(folder)
    store, moved, error = restore_open(store, bad)
    try:
        assert isinstance(error, BackupUnusable) and moved is None
        assert store.answers(store.find_assessment(2026, "survey")["id"])["bcp"].value == {"choice": "no"}
    finally:
        store.close()


def test_retention_counts_distinct_contents(tmp_path, monkeypatch):
    """Backups equal to a newer one do not use up the 'newest 10': 10 contents stay."""
    folder = tmp_path / "data"
    made = []
    ticking_backup_clock(monkeypatch)
    store = open_store(folder, auto_backup=False)
    aid = store.ensure_assessment(2026, "survey", "r6")
    for n in range(12):
        store.save_answer(aid, "bcp", AnswerRecord({"choice": f"c{n}"}))
        for _ in range(3):  # three manual backups of each content
            made.append(backups.make_backup(store.path, "manual"))
    store.close()
    kept = backups.list_backups(folder)
    contents = set()
    for p in kept:
        contents.add(backups.content_digest(p))
    assert len(contents) == 10  # the newest 10 distinct contents, not 10 files of 4 contents
    assert len(kept) == 10


def test_an_unchanged_content_makes_no_new_backup(folder):
    open_store(folder).close()  # "no" is backed up now
    before = backups.list_backups(folder)
    for _ in range(5):
        assert backups.backup_if_changed(folder / DB_NAME, reason="import") is None
        open_store(folder).close()
    assert backups.list_backups(folder) == before
