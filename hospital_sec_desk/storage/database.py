"""Opening the data folder: lock, recovery, integrity check, version check, backup, migrate.

open_store(folder) is the one way in. Order matters:
1. the folder exists (created 0700; an existing one only tightened) and this process holds
   its lock; anything that cannot be read or written now raises StorageUnavailable and
   changes nothing;
2. what a killed process left is finished: a restore whose copy was complete, a hot
   -journal (rolled back), a -wal (folded in); temporary files of killed backups go;
3. an existing file is checked read-only: damaged bytes move it aside (never deleted) and
   the good backups are offered; a file from a newer app is refused unchanged; no file
   beside existing backups is not silently replaced by an empty one (DatabaseMissing);
4. a backup is taken when the data differs from the newest backup, and always before a
   migration;
5. migrations run (synchronous=FULL); then WAL with synchronous=NORMAL, foreign keys on: a
   commit is in the -wal when it returns (readers see it, a kill -9 loses nothing) and the
   Store's flusher thread fsyncs the -wal right after (storage/flusher.py), so it is durable
   across a power cut milliseconds later; closing the Store waits for it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from . import backup as backups
from .errors import (
    DatabaseDamaged,
    DatabaseMissing,
    DatabaseTooNew,
    StorageError,
    StorageUnavailable,
    is_damage,
    logged,
    reason,
)
from .lock import FolderLock
from .reader import LazyDatabase
from .schema import SCHEMA_VERSION, apply_migrations
from .sqlfile import (
    DB_NAME,
    SIDE_SUFFIXES,
    check_db_path,
    create_private,
    inspect_file,
    move_aside,
    move_orphans,
    prepare_folder,
    secure_file,
    settle,
    side,
    sqlite_uri,
)
from .startup_backup import StartupBackup
from .store import BUSY_SECONDS, Store

secure_dir = prepare_folder  # the old name
SYNCHRONOUS = "NORMAL"  # with WAL: never corrupt; the -wal is fsynced by the Store's flusher thread


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_SECONDS)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _damaged(path: Path, detail: str) -> DatabaseDamaged:
    """Move the damaged file aside (never deleted) and offer the good backups."""
    try:
        moved: Path | None = move_aside(path)
    except OSError as exc:
        logged("move damaged file aside", exc)
        moved = None
    return DatabaseDamaged(path, moved, detail, backups.good_backups(path.parent))


def _examine(path: Path, *, create: bool) -> tuple[bool, bool]:
    """Check what is there before anything is written. Returns (has data, migrations pending)."""
    folder = path.parent
    try:
        backups.complete_restore(path)
    except OSError as exc:
        raise StorageUnavailable(path, logged("complete restore", exc)) from exc
    backups.clean_temporaries(folder)
    check_db_path(path)
    problem = settle(path)
    if problem:
        raise _damaged(path, problem)
    try:
        size = path.stat().st_size if path.exists() else None
        if size is None:
            move_orphans(path)
    except OSError as exc:
        raise StorageUnavailable(path, logged("look at database", exc)) from exc
    if size is None and backups.list_backups(folder) and not create:
        raise DatabaseMissing(path, backups.good_backups(folder))
    if size == 0:
        if backups.list_backups(folder) and not create:
            raise _damaged(path, "空のファイルになっていました")
        return False, True
    if size is None:
        return False, True
    found = inspect_file(path)
    if found.problem:
        raise _damaged(path, found.problem)
    if found.too_new:
        raise DatabaseTooNew(path, found.version, SCHEMA_VERSION)
    return bool(found.applied), found.pending


def _connect_and_migrate(path: Path, pending: bool = True) -> LazyDatabase:
    """Reads go through the plain connection; sqlite-utils is loaded only to migrate (pending)
    or at the first write (storage/reader.py)."""
    create_private(path)
    conn = connect(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # a migration is synced before it returns
        db = LazyDatabase(conn)
        if pending:
            apply_migrations(db.full)
        conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")  # the flusher syncs each commit after it
        for p in (path, *(side(path, s) for s in SIDE_SUFFIXES)):
            secure_file(p)
        return db
    except BaseException:
        conn.close()
        raise


def open_store(folder: Path, *, lock: bool = True, auto_backup: bool = True,
               held_lock: FolderLock | None = None, create: bool = False,
               defer_backup: bool = False) -> Store:
    """Open (or create) the folder's database.

    `defer_backup` (the window): the start-up backup of changed data is not taken here but by
    `start_deferred(store)` in a worker thread once the window has painted; the first write
    waits for it (storage/startup_backup.py). The backup before a migration is never deferred.

    `held_lock`: a lock this process already holds (in-app restore); open_store takes it
    over and releases it if the open fails. `create`: start an empty database even where
    backups exist (the user chose to, after DatabaseMissing).
    """
    folder_lock = held_lock
    try:
        folder = prepare_folder(Path(folder))
        if folder_lock is None and lock:
            folder_lock = FolderLock(folder)
            folder_lock.acquire()
        path = folder / DB_NAME
        has_data, pending = _examine(path, create=create)
        later = None
        if has_data and auto_backup:
            if defer_backup and not pending:
                later = StartupBackup(path)
            else:
                backups.backup_if_changed(path, force=pending, reason="migrate" if pending else "start")
        try:
            db = _connect_and_migrate(path, pending)
        except (sqlite3.Error, OSError) as exc:
            if is_damage(exc):
                raise _damaged(path, f"開けません（{reason(exc)}）") from exc
            raise StorageUnavailable(path, logged("open database", exc)) from exc
        store = Store(db, path, folder, lock=folder_lock)
        if later is not None:
            db.before_write = later.ensure  # the first write waits for the backup
            store.on_close(later.wait)  # the lock is not released while it still writes
            store.startup_backup = later
    except BaseException:
        if folder_lock is not None and folder_lock.held:
            folder_lock.release()
        raise
    return store


def start_deferred(store: Store) -> None:
    """Once the window has painted: the deferred start-up backup, in its worker thread."""
    later = getattr(store, "startup_backup", None)
    if later is not None:
        later.start()


def warm_writes() -> None:
    """Idle time: load sqlite-utils so that the first write does not wait for the import."""
    LazyDatabase.warm()


def restore_open(store: Store, backup: Path) -> tuple[Store, Path | None, StorageError | None]:
    """Restore a backup while this process keeps the folder lock, then reopen.

    The connection is closed, the restore runs and the database is opened again under the
    same lock (no other instance can take the folder in between). Returns the new store,
    where the replaced file was kept, and the error when the restore was refused (the old
    data is then open again, unchanged).
    """
    lock = store.close_keep_lock()
    moved, error = None, None
    try:
        moved = backups.restore(store.path, Path(backup))
    except StorageError as exc:
        error = exc
    return open_store(store.folder, auto_backup=False, held_lock=lock), moved, error


__all__ = ["open_store", "restore_open", "start_deferred", "warm_writes", "DB_NAME", "StorageError", "move_aside", "inspect_file", "sqlite_uri"]
