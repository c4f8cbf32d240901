"""Taking automatic backups with SQLite's online backup API into <folder>/backups/, and retention.

A backup is taken only when the content differs from the newest backup (always before a
migration). Retention: the newest 10 distinct contents, plus the newest of each month for
the last 12 months (the current month included); an unreadable backup counts as a content
of its own. Each backup is a self-contained file (rollback-journal mode, no -wal beside it).

Taking one (`_take`): one read transaction on the database gives its content digest
(storage/digest.py) and, only when that differs from the newest backup's, the page copy of
that same snapshot into a temporary file, which is fsynced, renamed and its folder fsynced.
So the digest is computed once, and it is the digest of exactly the file kept.

backup_files.py has the backups folder (names, listing, checks, temporaries of killed
backups) and the page copy; restore.py the crash-safe restore. This module re-exports their
names: `storage.backup` stays the one module the rest of the app uses for all of it.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from . import digest
from .backup_files import (
    BACKUP_DIR,
    DIGEST_NAME,
    NAME_RE,
    STAT_NAME,
    TEMP_RE,
    backup_dir,
    backup_problem,
    clean_temporaries,
    copy_database,
    copy_from,
    discard,
    good_backups,
    list_backups,
)
from .errors import StorageError, StorageUnavailable, logged
from .restore import complete_restore, restore, restore_folder, restore_ready, restore_tmp
from .sqlfile import fsync_dir, read_uri

KEEP_LAST = 10
KEEP_MONTHS = 12

content_digest = digest.of_file  # the digest of a database file (storage/digest.py)


def _stat_stamp(db_path: Path) -> str:
    """Size and modification time of the database and its WAL: a cheap 'maybe changed' test.

    An empty WAL (no frames: the window's own connection, open while its start-up backup runs)
    counts as none, so the next start, after that connection removed it, sees the same stamp."""
    parts = []
    for path in (db_path, Path(f"{db_path}-wal")):
        try:
            st = path.stat()
        except FileNotFoundError:
            st = None
        parts.append(f"{st.st_size}:{st.st_mtime_ns}" if st and (st.st_size or path == db_path) else "-")
    return " ".join(parts)


def _take(db_path: Path, reason: str, unless: str | None, cache: dict[str, str]) -> Path | None:
    """A backup of the database, unless its content digest is `unless` (then None).

    The digest and the copy read the same snapshot (one read transaction: the backup API
    uses the source's open transaction), so the digest recorded is that of the file kept.
    Raises StorageUnavailable (nothing half-written is left)."""
    folder = backup_dir(db_path.parent)
    try:
        src = sqlite3.connect(read_uri(db_path), uri=True, isolation_level=None)
        try:
            src.execute("BEGIN")
            found = digest.of_connection(src)
            if found == unless:
                return None
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            target = folder / f"backup-{stamp}-{reason}.sqlite3"
            tmp = folder / f".{target.name}.tmp"
            try:
                copy_from(src, tmp)
                os.replace(tmp, target)
            except BaseException:
                discard(tmp)
                raise
            fsync_dir(folder)
        finally:
            src.close()
        digest.remember(cache, target, found)
    except (OSError, sqlite3.Error) as exc:
        raise StorageUnavailable(db_path, logged("make backup", exc), action="バックアップを作れません") from exc
    prune(db_path.parent, digests=cache)
    return target
def make_backup(db_path: Path, reason: str = "manual") -> Path:
    """A new backup, always. Raises StorageUnavailable (nothing half-written is left)."""
    return _take(db_path, reason, None, digest.load_cache(db_path.parent / BACKUP_DIR))


def backup_if_changed(db_path: Path, *, force: bool = False, reason: str = "start") -> Path | None:
    """Back up when the content differs from the newest backup (always when `force`).

    The file's size and mtime are compared first; only when they moved is the content
    digest computed (a WAL checkpoint changes the bytes, not the content), once: the copy is
    made from the same snapshot only when it differs. Import calls this with reason="import":
    an import that changed nothing makes no backup.
    """
    folder = backup_dir(db_path.parent)
    stat_file = folder / STAT_NAME
    try:
        stamp = _stat_stamp(db_path)
        found = [] if force else list_backups(db_path.parent)
        if found and digest.read_side_file(stat_file) == stamp:
            return None
    except OSError as exc:
        raise StorageUnavailable(db_path, logged("compare with backup", exc), action="バックアップを作れません") from exc
    cache = digest.load_cache(folder)
    made = _take(db_path, reason, digest.of_backup(found[0], cache) if found else None, cache)
    try:
        digest.write_side_file(stat_file, stamp)
    except OSError as exc:
        logged("write last_stat", exc)  # a cache only: the next start compares digests
    return made


def prune(folder: Path, today: dt.date | None = None, *, digests: dict[str, str] | None = None) -> list[Path]:
    """Apply the retention policy; returns the files removed.

    The newest KEEP_LAST distinct contents are kept (a backup equal to a newer one does not
    count), plus the newest backup of each of the last KEEP_MONTHS months. Backups that
    cannot be read are kept and not counted. `digests`: the cache already loaded (and updated).
    """
    today = today or dt.date.today()
    all_backups = list_backups(folder)
    keep: set[Path] = set()
    months_seen: set[str] = set()
    oldest_month = (today.year * 12 + today.month - 1) - (KEEP_MONTHS - 1)
    for path in all_backups:
        stamp = NAME_RE.fullmatch(path.name).group(1)  # YYYYMMDD
        index = int(stamp[:4]) * 12 + int(stamp[4:6]) - 1
        if index >= oldest_month and stamp[:6] not in months_seen:
            months_seen.add(stamp[:6])
            keep.add(path)
    distinct: set[str] = set()
    cache = digest.load_cache(Path(folder) / BACKUP_DIR) if digests is None else digests
    for path in all_backups:
        if len(distinct) >= KEEP_LAST:
            break
        found = digest.of_backup(path, cache) or path.name  # unreadable: counted as a content of its own
        if found not in distinct:
            keep.add(path)
            distinct.add(found)
    removed = [p for p in all_backups if p not in keep]
    for p in removed:
        try:
            p.unlink()
        except OSError as exc:
            logged("prune", exc)
    try:
        digest.save_cache(Path(folder) / BACKUP_DIR, cache, [p for p in all_backups if p not in removed])
    except OSError as exc:
        logged("save digests", exc)
    return removed


__all__ = [
    "StorageError", "backup_if_changed", "make_backup", "restore", "restore_folder", "good_backups",
    "prune", "content_digest", "KEEP_LAST", "KEEP_MONTHS",
    # backup_files.py
    "BACKUP_DIR", "DIGEST_NAME", "STAT_NAME", "NAME_RE", "TEMP_RE", "backup_dir", "list_backups",
    "backup_problem", "clean_temporaries", "copy_from", "discard", "copy_database",
    # restore.py
    "restore_tmp", "restore_ready", "complete_restore",
]
