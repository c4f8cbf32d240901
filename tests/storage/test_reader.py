"""The Store's lazy database handle (storage/reader.py) and the deferred start-up backup
(storage/startup_backup.py): reads never load sqlite-utils, a write waits for the backup, a
failed backup refuses the write and is retried."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading

import pytest
from sqlite_utils import Database

from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.errors import StorageUnavailable
from hospital_sec_desk.storage.reader import LazyDatabase, is_read
from hospital_sec_desk.storage.startup_backup import StartupBackup


def _conn(path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)")
    return conn


def test_only_a_select_is_a_read():
    assert is_read("SELECT 1") and is_read("  select * from t")
    for sql in ("INSERT INTO t VALUES (1)", "UPDATE t SET n = 1", "PRAGMA user_version = 3",
                "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", "", "BEGIN"):
        assert not is_read(sql)


def test_rows_where_matches_sqlite_utils(tmp_path):
    conn = _conn(tmp_path / "a.db")
    Database(conn)["t"].insert_all([{"id": i, "name": f"n{i % 3}", "n": 10 - i} for i in range(1, 9)])
    lazy, full = LazyDatabase(conn), Database(conn)
    for args, kwargs in ((("n > ?", [3]), {"order_by": "name, id"}), ((), {}), (("id = ?", [4]), {}),
                         (("name = :x", {"x": "n1"}), {"order_by": "n", "limit": 2, "offset": 1})):
        assert list(lazy["t"].rows_where(*args, **kwargs)) == list(full["t"].rows_where(*args, **kwargs))
    assert not lazy.built


def test_reads_never_import_sqlite_utils(tmp_path):
    path = tmp_path / "a.db"
    conn = _conn(path)
    conn.execute("INSERT INTO t VALUES (1, 'x', 2)")
    conn.close()
    probe = ("import sys, sqlite3; from hospital_sec_desk.storage.reader import LazyDatabase; "
             f"db = LazyDatabase(sqlite3.connect({str(path)!r}, isolation_level=None)); "
             "rows = list(db['t'].rows_where('id = ?', [1])) + db.execute('SELECT * FROM t').fetchall(); "
             "print(len(rows), 'sqlite_utils' in sys.modules); db['t'].insert({'id': 2}); "
             "print('sqlite_utils' in sys.modules, db.execute('SELECT count(*) FROM t').fetchone()[0])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2", "False", "True", "2"]


def test_the_first_write_runs_before_write_once_and_a_refusal_writes_nothing(tmp_path):
    conn = _conn(tmp_path / "a.db")
    calls = []

    def before():
        calls.append(1)
        if len(calls) == 1:
            raise StorageUnavailable(tmp_path / "a.db", "テスト", action="バックアップを作れません")

    db = LazyDatabase(conn, before_write=before)
    with pytest.raises(StorageUnavailable):
        with db.atomic():
            db.execute("INSERT INTO t VALUES (1, 'x', 1)")
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0 and not db.built
    with db.atomic():
        db.execute("INSERT INTO t VALUES (1, 'x', 1)")
    db["t"].upsert({"id": 1, "name": "y"}, pk="id")
    db.execute("UPDATE t SET n = 5")
    assert calls == [1, 1] and db.built
    assert list(db["t"].rows_where()) == [{"id": 1, "name": "y", "n": 5}]


def _changed_store_file(tmp_path):
    """A database with one backup, then changed (so the next start-up backup is due)."""
    path = tmp_path / "hospital_sec_desk.sqlite3"
    conn = _conn(path)
    conn.execute("INSERT INTO t VALUES (1, 'before', 1)")
    backups.make_backup(path, "manual")
    conn.execute("UPDATE t SET name = 'session start'")
    return path, conn


def test_a_write_waits_for_the_background_backup_which_holds_the_data_before_the_session(tmp_path, monkeypatch):
    path, conn = _changed_store_file(tmp_path)
    gate = threading.Event()
    real = backups.backup_if_changed

    def slow(*args, **kwargs):
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(backups, "backup_if_changed", slow)
    job = StartupBackup(path)
    db = LazyDatabase(conn, before_write=job.ensure)
    job.start()
    assert db.execute("SELECT name FROM t").fetchone()[0] == "session start"  # reads do not wait
    writer = threading.Thread(target=lambda: db.execute("UPDATE t SET name = 'edited'"))
    writer.start()
    writer.join(0.3)
    assert writer.is_alive()  # the write waits for the backup
    gate.set()
    writer.join(10)
    assert job.done and job.made is not None
    kept = sqlite3.connect(str(job.made))
    assert kept.execute("SELECT name FROM t").fetchone()[0] == "session start"
    assert conn.execute("SELECT name FROM t").fetchone()[0] == "edited"


def test_a_backup_not_started_runs_at_the_first_write(tmp_path):
    path, conn = _changed_store_file(tmp_path)
    job = StartupBackup(path)
    db = LazyDatabase(conn, before_write=job.ensure)
    before = len(backups.list_backups(tmp_path))
    db.execute("UPDATE t SET n = 9")
    assert len(backups.list_backups(tmp_path)) == before + 1 and job.done


def test_a_failed_backup_is_retried_and_refuses_the_write_until_it_succeeds(tmp_path, monkeypatch):
    path, conn = _changed_store_file(tmp_path)
    failures = {"left": 2}
    real = backups.backup_if_changed

    def flaky(*args, **kwargs):
        if failures["left"]:
            failures["left"] -= 1
            raise StorageUnavailable(path, "ディスクがいっぱいです", action="バックアップを作れません")
        return real(*args, **kwargs)

    monkeypatch.setattr(backups, "backup_if_changed", flaky)
    job = StartupBackup(path)
    db = LazyDatabase(conn, before_write=job.ensure)
    job.start()
    job.wait()
    with pytest.raises(StorageUnavailable) as refused:
        db.execute("UPDATE t SET name = 'lost?'")  # the background try and one retry fail
    assert "バックアップ" in str(refused.value)
    assert conn.execute("SELECT name FROM t").fetchone()[0] == "session start"
    db.execute("UPDATE t SET name = 'saved'")  # the next write tries again: this time it works
    assert failures["left"] == 0 and job.done
    kept = sqlite3.connect(str(job.made))
    assert kept.execute("SELECT name FROM t").fetchone()[0] == "session start"
