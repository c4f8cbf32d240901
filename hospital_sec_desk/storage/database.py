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
import struct
from pathlib import Path

from sqlite_utils import Database

from . import backup as backups
from .errors import DatabaseDamaged, DatabaseTooNew, StorageError
from .lock import FolderLock
from .schema import MIGRATION_SET, SCHEMA_VERSION, apply_migrations, migrations
from .store import Store

DB_NAME = "hospital_sec_desk.sqlite3"
SIDE_SUFFIXES = ("-wal", "-shm")


def secure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def secure_file(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (whatever the umask), if missing.

    SQLite gives the -wal and -shm files the permissions of the database file, so
    creating the database 0600 before SQLite touches it keeps all three private.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def sqlite_uri(path: Path, **params: str) -> str:
    """A `file:` URI for sqlite3.connect(uri=True), safe for any folder name.

    Characters with a meaning in URIs are escaped (a user folder may hold '#', '%' or
    '?'); a Windows drive path gets the leading slash SQLite expects (file:/C:/…).
    """
    text = Path(path).resolve().as_posix()
    for ch, code in (("%", "%25"), ("?", "%3f"), ("#", "%23")):
        text = text.replace(ch, code)
    if not text.startswith("/"):
        text = "/" + text
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{text}" + (f"?{query}" if query else "")


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=5.0)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _header_problem(path: Path, has_wal: bool) -> str | None:
    """Damage SQLite itself may not notice: a file cut short of the size its header records.

    The size checks are skipped while a -wal file holds data: a checkpoint killed half-way
    leaves the main file short, and SQLite repairs that from the WAL on the next open.
    """
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return "SQLiteのデータファイルではありません"
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "ファイルの見出しが壊れています"
    if has_wal:
        return None
    if size % page_size:
        return "ファイルが途中で切れています"
    counter, pages, valid_for = (struct.unpack(">I", head[i:i + 4])[0] for i in (24, 28, 92))
    if pages and counter == valid_for and pages * page_size > size:
        return "ファイルが途中で切れています"
    return None


def inspect_file(path: Path) -> tuple[str, int, set[str]]:
    """Read-only look at a file: (quick_check result, user_version, applied migration names).

    Without a -wal file the database is opened `immutable` so that SQLite creates no
    side files; with one (after a crash) it must be read through the WAL.
    """
    wal = Path(str(path) + "-wal")
    has_wal = wal.exists()
    problem = _header_problem(path, has_wal and wal.stat().st_size > 0)
    if problem:
        return problem, 0, set()
    uri = sqlite_uri(path, mode="ro") if has_wal else sqlite_uri(path, mode="ro", immutable="1")
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
        if not names and version == 0 and conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name NOT IN ('_sqlite_migrations', 'sqlite_sequence')").fetchone()[0]:
            return "このアプリのデータファイルではありません", 0, set()
        return str(result), int(version), names
    except sqlite3.Error as exc:
        return f"読めません: {exc}", 0, set()
    finally:
        conn.close()


def move_aside(path: Path, label: str = "damaged") -> Path:
    """Rename the file (and its -wal/-shm) to <stem>.<label>-<time><suffix>; never deletes."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.{label}-{stamp}-{n}{path.suffix}")
        n += 1
    path.rename(target)
    for suffix in SIDE_SUFFIXES:
        side = Path(str(path) + suffix)
        if side.exists():
            side.rename(Path(str(target) + suffix))
    return target


def check_existing(path: Path) -> bool:
    """Raise on a damaged or newer file; True when pending migrations exist."""
    result, version, applied = inspect_file(path)
    if result != "ok":
        moved = move_aside(path)
        raise DatabaseDamaged(path, moved, result, backups.good_backups(path.parent))
    known = {m.name for m in migrations._migrations}
    if version > SCHEMA_VERSION or (applied - known):
        raise DatabaseTooNew(path, version, SCHEMA_VERSION)
    return bool(known - applied)


def _is_fresh(path: Path) -> bool:
    """True for a new database: no file, or an empty one left by a crash during creation.

    An empty file beside existing backups or a non-empty -wal is not new: data was lost.
    """
    if not path.exists():
        return True
    if path.stat().st_size > 0:
        return False
    wal = Path(str(path) + "-wal")
    if backups.list_backups(path.parent) or (wal.exists() and wal.stat().st_size > 0):
        moved = move_aside(path)
        raise DatabaseDamaged(path, moved, "空のファイルになっていました", backups.good_backups(path.parent))
    return True


def open_store(folder: Path, *, lock: bool = True, auto_backup: bool = True) -> Store:
    folder = secure_dir(Path(folder))
    folder_lock = FolderLock(folder) if lock else None
    if folder_lock is not None:
        folder_lock.acquire()
    try:
        path = folder / DB_NAME
        existed = not _is_fresh(path)
        pending = check_existing(path) if existed else True
        if existed and auto_backup:
            backups.backup_if_changed(path, force=pending, reason="migrate" if pending else "start")
        create_private(path)
        conn = connect(path)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            db = Database(conn, execute_plugins=False)  # no third-party plugins in our connection
            apply_migrations(db)
        except BaseException:
            conn.close()
            raise
        for p in (path, *(Path(str(path) + s) for s in SIDE_SUFFIXES)):
            secure_file(p)
        store = Store(db, path, folder)
    except BaseException:
        if folder_lock is not None:
            folder_lock.release()
        raise
    if folder_lock is not None:
        store.on_close(folder_lock.release)
    return store


__all__ = ["open_store", "DB_NAME", "StorageError", "check_existing", "move_aside", "inspect_file", "sqlite_uri"]
