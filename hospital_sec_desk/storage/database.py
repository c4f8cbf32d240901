"""Opening the data folder: lock, integrity check, version check, backup, migrate.

open_store(folder) is the one way in. Order matters:
1. the folder exists (0700 on POSIX) and this process holds its lock;
2. an existing file is checked read-only: a damaged file is moved aside, never deleted;
   a file from a newer app is refused unchanged;
3. a backup is taken when the data changed since the last one, and always before a migration;
4. migrations run; WAL, synchronous=FULL (durable across power loss), foreign keys on.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from . import backup as backups
from .errors import DatabaseDamaged, DatabaseTooNew, StorageError
from .lock import FolderLock
from .schema import MIGRATION_SET, SCHEMA_VERSION, apply_migrations, migrations
from .store import Store

DB_NAME = "hospital_sec_desk.sqlite3"


def secure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def secure_file(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=5.0)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def inspect_file(path: Path) -> tuple[str, int, set[str]]:
    """Read-only look at a file: (quick_check result, user_version, applied migration names)."""
    uri = f"file:{path.as_posix()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        return f"開けません: {exc}", 0, set()
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names: set[str] = set()
        has = conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone()
        if has:
            names = {r[0] for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])}
        return str(result), int(version), names
    except sqlite3.Error as exc:
        return f"読めません: {exc}", 0, set()
    finally:
        conn.close()


def move_aside(path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
        n += 1
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            side.rename(Path(str(target) + suffix))
    return target


def check_existing(path: Path) -> bool:
    """Raise on a damaged or newer file; True when pending migrations exist."""
    result, version, applied = inspect_file(path)
    if result != "ok":
        moved = move_aside(path)
        raise DatabaseDamaged(path, moved, result, backups.list_backups(path.parent))
    known = {m.name for m in migrations._migrations}
    if version > SCHEMA_VERSION or (applied - known):
        raise DatabaseTooNew(path, version, SCHEMA_VERSION)
    return bool(known - applied)


def open_store(folder: Path, *, lock: bool = True, auto_backup: bool = True) -> Store:
    folder = secure_dir(Path(folder))
    folder_lock = FolderLock(folder) if lock else None
    if folder_lock is not None:
        folder_lock.acquire()
    try:
        path = folder / DB_NAME
        existed = path.exists() and path.stat().st_size > 0
        pending = check_existing(path) if existed else True
        if existed and auto_backup:
            backups.backup_if_changed(path, force=pending, reason="migrate" if pending else "start")
        conn = connect(path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        db = Database(conn)
        apply_migrations(db)
        for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
            secure_file(p)
        store = Store(db, path, folder)
    except BaseException:
        if folder_lock is not None:
            folder_lock.release()
        raise
    if folder_lock is not None:
        store.on_close(folder_lock.release)
    return store


__all__ = ["open_store", "DB_NAME", "StorageError", "check_existing"]
