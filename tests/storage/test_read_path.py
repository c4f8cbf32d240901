"""The read path of a start: opening an existing, current data folder and reading it loads no
sqlite-utils; the schema check needs none; the deferred start-up backup (the window's) is taken
after open_store returns, holds the data from before the session, and the first write waits."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import open_store, start_deferred
from hospital_sec_desk.storage.schema import MIGRATION_NAMES, migration_set
from hospital_sec_desk.storage.sqlfile import DB_NAME, SCHEMA_SQL, reference_schema

from .helpers import populate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


def test_the_plain_reference_schema_equals_what_sqlite_utils_migrations_build():
    from sqlite_utils import Database

    for applied in range(1, len(MIGRATION_NAMES) + 1):
        conn = sqlite3.connect(":memory:", isolation_level=None)
        migration_set().apply(Database(conn, execute_plugins=False), stop_before=MIGRATION_NAMES[applied:])
        assert frozenset(conn.execute(SCHEMA_SQL).fetchall()) == reference_schema(applied)
        conn.close()


def test_opening_and_reading_an_existing_folder_never_imports_sqlite_utils(tmp_path, registry):
    folder = tmp_path / "data"
    store = open_store(folder)
    populate(store, registry)
    store.close()
    probe = ("import sys; from pathlib import Path; from hospital_sec_desk.storage.database import open_store; "
             f"s = open_store(Path({str(folder)!r}), defer_backup=True); "
             "got = (s.facility()['name'], s.years(), len(s.contacts()), "
             "[len(s.answers(a['id'])) for a in s.assessments()]); "
             "print(bool(got[0]), bool(got[1]), got[2] > 0, sum(got[3]) > 0, 'sqlite_utils' in sys.modules); "
             "s.set_setting('probe', '1'); print('sqlite_utils' in sys.modules, s.setting('probe')); s.close()")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "True", "True", "False", "True", "1"]


def _changed_folder(tmp_path, registry) -> Path:
    """A folder whose data changed since its newest backup (a working session ended)."""
    folder = tmp_path / "data"
    store = open_store(folder)
    populate(store, registry)
    store.close()
    open_store(folder).close()  # backs the data up
    store = open_store(folder, auto_backup=False)
    store.set_setting("edited", "in the last session")
    store.close()
    return folder


def _kept(backup: Path):
    return sqlite3.connect(str(backup)).execute("SELECT value FROM settings WHERE key = 'edited'").fetchone()


def test_the_deferred_backup_is_taken_after_open_and_holds_the_data_from_before(tmp_path, registry):
    folder = _changed_folder(tmp_path, registry)
    before = backups.list_backups(folder)
    store = open_store(folder, defer_backup=True)
    assert backups.list_backups(folder) == before  # nothing taken while opening
    start_deferred(store)
    store.startup_backup.wait()
    made = backups.list_backups(folder)
    assert len(made) == len(before) + 1 and _kept(made[0]) == ("in the last session",)
    store.set_setting("edited", "now")
    store.close()
    assert backups.list_backups(folder) == made  # no second backup for the same start


def test_a_write_before_the_backup_started_takes_it_first(tmp_path, registry):
    folder = _changed_folder(tmp_path, registry)
    before = len(backups.list_backups(folder))
    store = open_store(folder, defer_backup=True)
    store.set_setting("edited", "at once")  # the window never painted: the backup runs here
    store.close()
    made = backups.list_backups(folder)
    assert len(made) == before + 1 and _kept(made[0]) == ("in the last session",)
    live = sqlite3.connect(str(folder / DB_NAME))
    assert live.execute("SELECT value FROM settings WHERE key = 'edited'").fetchone() == ("at once",)


def test_a_pending_migration_is_backed_up_before_open_returns_even_when_deferred(tmp_path, monkeypatch):
    """The migration backup is never deferred: a version-1 file is backed up inside open_store."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    shutil.copyfile(FIXTURES / "v1.sqlite3", folder / DB_NAME)
    seen = []
    real = backups.backup_if_changed
    monkeypatch.setattr(backups, "backup_if_changed", lambda *a, **k: seen.append(k) or real(*a, **k))
    store = open_store(folder, defer_backup=True)
    assert [k.get("reason") for k in seen] == ["migrate"] and store.startup_backup is None
    assert len(backups.list_backups(folder)) == 1
    store.close()
