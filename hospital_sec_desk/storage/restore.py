"""Restore: replace the database with one of its backups, crash-safe.

The backup is checked first (backup_files.backup_problem), then copied to `.<db>.restore.tmp`,
fsynced, renamed to `.<db>.restore.ready` (the copy is complete), then the current file is
renamed aside (never deleted) and the ready copy into place. A start that finds
`.restore.ready` finishes the restore (`complete_restore`, from database.py); a `.restore.tmp`
(a copy cut short) is deleted. The folder lock must be held throughout. storage.backup
re-exports these names.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .backup_files import backup_problem, copy_database, discard
from .errors import BackupUnusable, RestoreFailed, logged
from .lock import FolderLock
from .sqlfile import DB_NAME, JOURNAL_SUFFIXES, fsync_dir, move_aside, move_orphans, side


def restore_tmp(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.restore.tmp")


def restore_ready(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.restore.ready")


def complete_restore(db_path: Path) -> Path | None:
    """Finish a restore whose copy is complete (`.restore.ready`); drop a cut-short copy.

    Returns where the replaced file was kept, or None. Run with the folder lock held.
    """
    tmp, ready = restore_tmp(db_path), restore_ready(db_path)
    for path in (tmp, *(side(tmp, s) for s in JOURNAL_SUFFIXES)):
        path.unlink(missing_ok=True)
    if not ready.exists():
        return None
    moved = move_aside(db_path, "replaced") if db_path.exists() else None
    move_orphans(db_path, moved)
    os.rename(ready, db_path)
    fsync_dir(db_path.parent)
    return moved


def restore(db_path: Path, backup: Path) -> Path | None:
    """Replace the database with a backup; returns where the current file was kept aside.

    The backup is checked first (a bad one raises BackupUnusable and changes nothing),
    copied beside the database (a full disk stops here: RestoreFailed, nothing changed),
    then the current file is renamed aside (never deleted) and the copy moved into place.
    The folder lock must be held.
    """
    problem = backup_problem(Path(backup))
    if problem:
        raise BackupUnusable(Path(backup), problem)
    tmp, ready = restore_tmp(db_path), restore_ready(db_path)
    try:
        try:
            copy_database(Path(backup), tmp)
            os.rename(tmp, ready)
        except BaseException:
            discard(tmp)
            raise
    except (OSError, sqlite3.Error) as exc:
        raise RestoreFailed(logged("restore copy", exc)) from exc
    try:  # from here the complete copy is `.restore.ready`: a failure leaves it for the next open
        fsync_dir(db_path.parent)
        return complete_restore(db_path)
    except OSError as exc:
        why = logged("restore rename", exc)
        raise RestoreFailed(why, "復元の準備はできています。次にデータを開くときに自動で完了します"
                            "（元のデータは削除していません）。", finished=False) from exc


def restore_folder(folder: Path, backup: Path) -> Path | None:
    """restore() under the folder lock, so no other instance opens the file mid-restore.

    Raises AlreadyRunning when another instance holds the folder, BackupUnusable for a bad
    backup (nothing changed). Returns where the replaced file was kept.
    """
    lock = FolderLock(Path(folder))
    lock.acquire()
    try:
        return restore(Path(folder) / DB_NAME, Path(backup))
    finally:
        lock.release()
