"""The backups folder and its files: names, listing, checks, temporaries, and the page copy.

<folder>/backups/ holds backup-YYYYMMDD-HHMMSS-ffffff-<reason>.sqlite3 files (NAME_RE), so
sorting by name sorts by time, beside the digest cache and `last_stat` (caches of backup.py).
Files in backups/ with other names are never touched, except our own temporary files of a
killed backup (TEMP_RE). Each backup is a self-contained file (rollback-journal mode, no -wal
beside it): `copy_from` makes it with SQLite's online backup API, and a restore copies one
back the same way (`copy_database`). Taking backups and retention are in backup.py, restore
in restore.py; storage.backup re-exports these names.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from ..fileio import fsync_file
from . import digest
from .errors import StorageUnavailable, logged
from .sqlfile import JOURNAL_SUFFIXES, create_private, inspect_file, read_uri, side

BACKUP_DIR = "backups"
DIGEST_NAME = digest.CACHE_NAME  # the backups' content digests (a cache)
STAT_NAME = "last_stat"
NAME_RE = re.compile(r"backup-([0-9]{8})-([0-9]{6})-([0-9]{6})-([a-z0-9_]+)\.sqlite3")
TEMP_RE = re.compile(r"\.backup-.*\.sqlite3\.tmp(-journal|-wal|-shm)?"
                     r"|\.?(last_digest|last_stat|digests-v[0-9]+)\.tmp"
                     r"|\.tmp-[a-z0-9_]+")  # the side files' (domain/cache_file.write_private: mkstemp)


def backup_dir(folder: Path) -> Path:
    """<folder>/backups, created 0700 when missing (an existing one is only tightened)."""
    path = Path(folder) / BACKUP_DIR
    try:
        if not os.path.lexists(path):
            os.mkdir(path, 0o700)
        if not path.is_dir():
            raise NotADirectoryError(20, "backups is not a directory", str(path))
        mode = path.stat().st_mode & 0o777
        if os.name == "posix" and mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError as exc:
        raise StorageUnavailable(path, logged("backup folder", exc), action="バックアップを作れません") from exc
    return path


def list_backups(folder: Path) -> list[Path]:
    """Backups, newest first."""
    path = Path(folder) / BACKUP_DIR
    try:
        with os.scandir(path) as entries:  # the entry's type, where the system gives it, saves a stat each
            found = [Path(e.path) for e in entries if NAME_RE.fullmatch(e.name) and e.is_file()]
    except OSError as exc:
        if not isinstance(exc, (FileNotFoundError, NotADirectoryError)):
            logged("list backups", exc)
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


def backup_problem(backup: Path) -> str | None:
    """None when the backup is a sound database this app can open, else why not (Japanese)."""
    if not backup.is_file():
        return "ファイルが見つかりません"
    try:
        found = inspect_file(backup)
    except StorageUnavailable as exc:
        return f"読めません（{exc.why}）"
    if found.problem:
        return found.problem
    if found.too_new:
        return "新しいバージョンのアプリで作られたバックアップです"
    return None


def good_backups(folder: Path) -> list[Path]:
    """Backups that pass the integrity check, newest first."""
    return [p for p in list_backups(folder) if backup_problem(p) is None]


def clean_temporaries(folder: Path) -> None:
    """Remove temporary files of killed backups (the folder lock is held: nobody writes them)."""
    path = Path(folder) / BACKUP_DIR
    try:
        if path.is_dir():
            for p in path.iterdir():
                if TEMP_RE.fullmatch(p.name):
                    p.unlink()
    except OSError as exc:
        logged("clean backup temporaries", exc)


def copy_from(src: sqlite3.Connection, target: Path) -> None:
    """Copy what `src` sees with the backup API into a new private file, then fsync it.

    The copy is a temporary file that nothing uses before this fsync (and a rename), so SQLite's
    own journal and syncs while writing it are turned off: a copy cut short is thrown away."""
    target.unlink(missing_ok=True)
    create_private(target, sync=False)  # private before SQLite opens it; fsynced once written
    dst = sqlite3.connect(str(target), isolation_level=None)
    try:
        dst.execute("PRAGMA synchronous = OFF")
        dst.execute("PRAGMA journal_mode = OFF")
        src.backup(dst)
        mode = dst.execute("PRAGMA journal_mode = DELETE").fetchone()[0]  # the source's WAL flag -> none
        if mode != "delete":
            raise sqlite3.OperationalError(f"the copy stayed in journal mode {mode}")
    finally:
        dst.close()
    fsync_file(target)


def discard(tmp: Path) -> None:
    """Remove a temporary copy that failed, with SQLite's side files of it; best effort (what is
    left is removed at the next start), so the error reported stays the one that stopped the copy."""
    for path in (tmp, *(side(tmp, s) for s in JOURNAL_SUFFIXES)):
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            logged("remove a temporary copy", exc)


def copy_database(source: Path, target: Path) -> None:
    """Copy with the backup API into a new private file, fsynced, in rollback-journal mode."""
    src = sqlite3.connect(read_uri(source), uri=True)
    try:
        copy_from(src, target)
    finally:
        src.close()
