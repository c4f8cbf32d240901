"""Every schema version's committed fixture opens with the current app, migrated, data intact."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import DB_NAME, open_store
from hospital_sec_desk.storage.schema import MIGRATION_NAMES, MIGRATION_SET, SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DB_FIXTURES = sorted((FIXTURES / "db").glob("v*.sqlite3"), key=lambda p: int(p.stem[1:]))


def _maker():
    spec = importlib.util.spec_from_file_location("make_fixture_db", FIXTURES / "make_fixture_db.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_is_a_fixture_for_every_schema_version():
    assert [int(p.stem[1:]) for p in DB_FIXTURES] == list(range(1, SCHEMA_VERSION + 1))
    for p in DB_FIXTURES:
        assert p.with_suffix(".expected.json").is_file()


@pytest.mark.parametrize("fixture", DB_FIXTURES, ids=lambda p: p.stem)
def test_fixture_opens_migrates_and_keeps_its_data(tmp_path, fixture):
    expected = json.loads(fixture.with_suffix(".expected.json").read_text("utf-8"))
    version = expected.pop("schema_version")
    assert f"v{version}" == fixture.stem
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(fixture, folder / DB_NAME)
    store = open_store(folder)
    try:
        assert _maker().snapshot(store) == expected
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        applied = {r[0] for r in store.db.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])}
        assert applied == set(MIGRATION_NAMES)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        # NORMAL since the -wal is fsynced after each commit by the Store's flusher thread
        # (storage/flusher.py; tests/storage/test_flusher.py): durable across a power cut
        # milliseconds after the commit, at no fsync on the GUI thread
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    finally:
        store.close()
    reasons = [p.name.rsplit("-", 1)[1] for p in backups.list_backups(folder)]
    assert reasons == (["migrate.sqlite3"] if version < SCHEMA_VERSION else ["start.sqlite3"])


def test_fixture_files_are_self_contained_and_sound():
    for p in DB_FIXTURES:
        assert p.read_bytes()[18:20] == b"\x01\x01"  # rollback-journal file format: no -wal needed
        conn = sqlite3.connect(f"file:{p}?mode=ro&immutable=1", uri=True)
        try:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
        assert not Path(str(p) + "-wal").exists()
