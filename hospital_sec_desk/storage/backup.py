"""Automatic backups with SQLite's online backup API into <folder>/backups/.

Names are backup-YYYYMMDD-HHMMSS-ffffff-<reason>.sqlite3, so sorting by name sorts by
time. Retention: the newest 10, plus the newest of each month for the last 12 months
(the current month included). Files in backups/ with other names are never touched.
Each backup is a self-contained file (rollback-journal mode, no -wal beside it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sqlite3
from pathlib import Path

from .errors import BackupUnusable

BACKUP_DIR = "backups"
DIGEST_NAME = "last_digest"
STAT_NAME = "last_stat"
KEEP_LAST = 10
KEEP_MONTHS = 12
NAME_RE = re.compile(r"backup-([0-9]{8})-([0-9]{6})-([0-9]{6})-([a-z0-9_]+)\.sqlite3")


def backup_dir(folder: Path) -> Path:
    path = Path(folder) / BACKUP_DIR
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def list_backups(folder: Path) -> list[Path]:
    """Backups, newest first."""
    path = Path(folder) / BACKUP_DIR
    if not path.is_dir():
        return []
    found = [p for p in path.glob("backup-*.sqlite3") if NAME_RE.fullmatch(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def backup_problem(backup: Path) -> str | None:
    """None when the backup is a sound database this app can open, else why not (Japanese)."""
    from .database import inspect_file
    from .schema import SCHEMA_VERSION

    if not backup.is_file():
        return "ファイルが見つかりません"
    result, version, _names = inspect_file(backup)
    if result != "ok":
        return result
    if version > SCHEMA_VERSION:
        return "新しいバージョンのアプリで作られたバックアップです"
    return None


def good_backups(folder: Path) -> list[Path]:
    """Backups that pass the integrity check, newest first."""
    return [p for p in list_backups(folder) if backup_problem(p) is None]


def _private_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if os.name == "posix":
        os.fchmod(fd, 0o600)
    os.close(fd)


def _write_private_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    _private_file(tmp)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _copy_database(source: Path, target: Path) -> None:
    """Copy with the backup API into a new private file, fsynced, in rollback-journal mode."""
    _private_file(target)
    from .database import sqlite_uri

    src = sqlite3.connect(sqlite_uri(source, mode="ro"), uri=True)
    dst = sqlite3.connect(str(target), isolation_level=None)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
        src.close()
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _content_digest(db_path: Path) -> str:
    """A digest of the logical content (not the file bytes, which WAL checkpoints change)."""
    from .database import sqlite_uri

    conn = sqlite3.connect(sqlite_uri(db_path, mode="ro"), uri=True)
    try:
        h = hashlib.sha256()
        for line in conn.iterdump():
            h.update(line.encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    finally:
        conn.close()


def make_backup(db_path: Path, reason: str = "manual") -> Path:
    folder = backup_dir(db_path.parent)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"backup-{stamp}-{reason}.sqlite3"
    tmp = folder / f".{target.name}.tmp"
    try:
        _copy_database(db_path, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _write_private_text(folder / DIGEST_NAME, _content_digest(db_path))
    prune(db_path.parent)
    return target


def _stat_stamp(db_path: Path) -> str:
    """Size and modification time of the database and its WAL: a cheap 'maybe changed' test."""
    parts = []
    for path in (db_path, Path(f"{db_path}-wal")):
        try:
            st = path.stat()
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except FileNotFoundError:
            parts.append("-")
    return " ".join(parts)


def backup_if_changed(db_path: Path, *, force: bool = False, reason: str = "start") -> Path | None:
    """Back up when the content changed since the last backup (always when `force`).

    The file's size and mtime are compared first; only when they moved is the content
    digest computed (a WAL checkpoint changes the bytes, not the content).
    """
    folder = backup_dir(db_path.parent)
    digest_file = folder / DIGEST_NAME
    stat_file = folder / STAT_NAME
    stamp = _stat_stamp(db_path)
    if not force and digest_file.exists() and list_backups(db_path.parent):
        if stat_file.exists() and stat_file.read_text(encoding="utf-8") == stamp:
            return None
        if digest_file.read_text(encoding="utf-8") == _content_digest(db_path):
            _write_private_text(stat_file, stamp)
            return None
    made = make_backup(db_path, reason)
    _write_private_text(stat_file, stamp)
    return made


def prune(folder: Path, today: dt.date | None = None) -> list[Path]:
    """Apply the retention policy; returns the files removed."""
    today = today or dt.date.today()
    all_backups = list_backups(folder)
    keep = set(all_backups[:KEEP_LAST])
    months_seen: set[str] = set()
    oldest_month = (today.year * 12 + today.month - 1) - (KEEP_MONTHS - 1)
    for path in all_backups:
        stamp = NAME_RE.fullmatch(path.name).group(1)  # YYYYMMDD
        month = stamp[:6]
        index = int(stamp[:4]) * 12 + int(stamp[4:6]) - 1
        if index >= oldest_month and month not in months_seen:
            months_seen.add(month)
            keep.add(path)
    removed = [p for p in all_backups if p not in keep]
    for p in removed:
        p.unlink()
    return removed


def restore(db_path: Path, backup: Path) -> Path | None:
    """Replace the database with a backup; returns where the current file was kept aside.

    The backup is checked first (a bad one raises BackupUnusable and changes nothing),
    then copied beside the database; only then is the current file renamed aside
    (never deleted) and the copy moved into place. The folder lock must be held.
    """
    from .database import move_aside

    problem = backup_problem(Path(backup))
    if problem:
        raise BackupUnusable(Path(backup), problem)
    tmp = db_path.with_name(f".{db_path.name}.restore.tmp")
    try:
        _copy_database(Path(backup), tmp)
        moved = None
        if db_path.exists():
            moved = move_aside(db_path, "replaced")
        for suffix in ("-wal", "-shm"):  # orphans would be replayed into the restored file
            side = Path(str(db_path) + suffix)
            if side.exists():
                side.rename(side.with_name(f"{side.name}.orphan-{dt.datetime.now():%Y%m%d-%H%M%S}"))
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
    return moved


def restore_folder(folder: Path, backup: Path) -> Path | None:
    """restore() under the folder lock, so no other instance opens the file mid-restore.

    Raises AlreadyRunning when another instance holds the folder, BackupUnusable for a bad
    backup (nothing changed). Returns where the replaced file was kept.
    """
    from .database import DB_NAME, secure_dir
    from .lock import FolderLock

    lock = FolderLock(secure_dir(Path(folder)))
    lock.acquire()
    try:
        return restore(Path(folder) / DB_NAME, Path(backup))
    finally:
        lock.release()
