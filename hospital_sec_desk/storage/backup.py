"""Automatic backups with SQLite's online backup API into <folder>/backups/.

Retention: the newest 10, plus the newest of each month for the last 12 months.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from pathlib import Path

BACKUP_DIR = "backups"
KEEP_LAST = 10
KEEP_MONTHS = 12


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
    return sorted(path.glob("backup-*.sqlite3"), key=lambda p: p.name, reverse=True)


def _content_digest(db_path: Path) -> str:
    """A digest of the logical content (not the file bytes, which WAL checkpoints change)."""
    conn = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        for line in conn.iterdump():
            h.update(line.encode("utf-8"))
        return h.hexdigest()
    finally:
        conn.close()


def make_backup(db_path: Path, reason: str = "manual") -> Path:
    folder = backup_dir(db_path.parent)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"backup-{stamp}-{reason}.sqlite3"
    src = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    if os.name == "posix":
        os.chmod(target, 0o600)
    (folder / "last_digest").write_text(_content_digest(db_path))
    prune(db_path.parent)
    return target


def backup_if_changed(db_path: Path, *, force: bool = False, reason: str = "start") -> Path | None:
    folder = backup_dir(db_path.parent)
    digest_file = folder / "last_digest"
    if not force and digest_file.exists() and list_backups(db_path.parent):
        if digest_file.read_text() == _content_digest(db_path):
            return None
    return make_backup(db_path, reason)


def prune(folder: Path, today: dt.date | None = None) -> list[Path]:
    """Apply the retention policy; returns the files removed."""
    today = today or dt.date.today()
    all_backups = list_backups(folder)
    keep = set(all_backups[:KEEP_LAST])
    months_seen: set[str] = set()
    oldest_month = (today.year * 12 + today.month - 1) - (KEEP_MONTHS - 1)
    for path in all_backups:
        stamp = path.name.split("-")[1]  # YYYYMMDD
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
    """Replace the database with a backup. The current file is kept aside first."""
    from .database import move_aside

    moved = move_aside(db_path) if db_path.exists() else None
    src = sqlite3.connect(f"file:{backup.as_posix()}?mode=ro", uri=True)
    dst = sqlite3.connect(str(db_path))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    if os.name == "posix":
        os.chmod(db_path, 0o600)
    return moved
