"""After normal starts of the app (a backup made on the way): the data folder and its backups
folder are 0700, the database, its -wal/-shm, the lock and every backup file 0600 — under the
most permissive umask (000), in a folder the user had created world-readable."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.storage.database import DB_NAME

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def start_app(folder: Path) -> None:
    """The app's own start (`--smoke`: open the folder, paint the main window, exit 0)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("HOSPITAL_SEC_DESK_DATA_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(folder), "--smoke"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture
def open_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def test_data_folder_and_backups_are_private_after_normal_starts(tmp_path, open_umask):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)  # as created by hand, world-writable: the app must close it
    start_app(folder)  # first start: creates the database
    start_app(folder)  # second start: the data is older than any backup -> a start backup
    backups = sorted((folder / "backups").glob("backup-*.sqlite3"))
    assert backups, "a normal start made no backup"
    ctx = AppContext.open(folder)  # and while the app has the folder open (-wal/-shm exist)
    try:
        ctx.store.save_facility(name="権限テスト病院")
        db = folder / DB_NAME
        live = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
        assert all(p.exists() for p in live)
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        assert {str(p.relative_to(folder)): oct(mode(p)) for p in files} == \
            {str(p.relative_to(folder)): oct(0o600) for p in files}
        assert set(live) | set(backups) <= set(files)
    finally:
        ctx.close()
    assert mode(folder) == 0o700
    assert mode(folder / "backups") == 0o700
    dirs = [p for p in folder.rglob("*") if p.is_dir()]
    assert {str(p.relative_to(folder)): oct(mode(p)) for p in dirs} == \
        {str(p.relative_to(folder)): oct(0o700) for p in dirs}
