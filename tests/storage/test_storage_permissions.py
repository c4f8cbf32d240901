"""On POSIX the data folder and everything in it is private: folders 0700, files 0600,
whatever the umask (the test runs with umask 000, the worst case)."""

from __future__ import annotations

import os
import stat

import pytest

from hospital_sec_desk.cli import main
from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import DB_NAME, open_store
from hospital_sec_desk.storage.errors import DatabaseDamaged

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture
def open_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_everything_in_the_data_folder_is_private(tmp_path, open_umask):
    folder = tmp_path / "data"
    store = open_store(folder)
    aid = store.ensure_assessment(2026, "survey", "r6")
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))
    db = folder / DB_NAME
    live = [db, db.with_name(DB_NAME + "-wal"), db.with_name(DB_NAME + "-shm"), folder / ".lock"]
    assert all(p.exists() for p in live)
    assert {p.name: mode(p) for p in live} == {p.name: 0o600 for p in live}
    backups.make_backup(store.path, "manual")
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))
    store.close()
    store = open_store(folder)  # a start backup (changed since the last), -wal/-shm recreated
    store.close()
    assert mode(folder) == 0o700 and mode(folder / "backups") == 0o700
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert len(list((folder / "backups").glob("backup-*"))) == 2
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_moved_aside_and_restored_files_stay_private(tmp_path, open_umask):
    folder = tmp_path / "data"
    open_store(folder).close()
    open_store(folder).close()
    (folder / DB_NAME).write_bytes(b"broken" * 1000)
    os.chmod(folder / DB_NAME, 0o600)
    with pytest.raises(DatabaseDamaged) as info:
        open_store(folder)
    backups.restore(folder / DB_NAME, info.value.backups[0])
    assert mode(info.value.moved_to) == 0o600 and mode(folder / DB_NAME) == 0o600


def test_exported_file_is_private(tmp_path, open_umask, capsys):
    folder = tmp_path / "data"
    open_store(folder).close()
    out = tmp_path / "export.json"
    assert main(["--data-dir", str(folder), "export", str(out)]) == 0
    assert mode(out) == 0o600
