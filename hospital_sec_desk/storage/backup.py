"""Automatic backups with SQLite's online backup API into <folder>/backups/, and restore.

Names are backup-YYYYMMDD-HHMMSS-ffffff-<reason>.sqlite3, so sorting by name sorts by
time. A backup is taken only when the content differs from the newest backup (always
before a migration). Retention: the newest 10 distinct contents, plus the newest of each
month for the last 12 months (the current month included); an unreadable backup
counts as a content of its own. Files in backups/ with other
names are never touched, except our own temporary files of a killed backup.
Each backup is a self-contained file (rollback-journal mode, no -wal beside it).

Taking one (`_take`): one read transaction on the database gives its content digest
(storage/digest.py) and, only when that differs from the newest backup's, the page copy of
that same snapshot into a temporary file, which is fsynced, renamed and its folder fsynced.
So the digest is computed once, and it is the digest of exactly the file kept.

Restore is crash-safe: the backup is copied to `.<db>.restore.tmp`, fsynced, renamed to
`.<db>.restore.ready` (the copy is complete), then the current file is renamed aside and
the ready copy into place. A start that finds `.restore.ready` finishes the restore; a
`.restore.tmp` (a copy cut short) is deleted. The folder lock must be held throughout.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from pathlib import Path

from ..fileio import fsync_file
from . import digest
from .errors import BackupUnusable, RestoreFailed, StorageError, StorageUnavailable, logged
from .lock import FolderLock
from .sqlfile import (
    DB_NAME,
    JOURNAL_SUFFIXES,
    create_private,
    fsync_dir,
    inspect_file,
    move_aside,
    move_orphans,
    read_uri,
    side,
)

BACKUP_DIR = "backups"
DIGEST_NAME = digest.CACHE_NAME  # the backups' content digests (a cache)
STAT_NAME = "last_stat"
KEEP_LAST = 10
KEEP_MONTHS = 12
NAME_RE = re.compile(r"backup-([0-9]{8})-([0-9]{6})-([0-9]{6})-([a-z0-9_]+)\.sqlite3")
TEMP_RE = re.compile(r"\.backup-.*\.sqlite3\.tmp(-journal|-wal|-shm)?"
                     r"|\.?(last_digest|last_stat|digests-v[0-9]+)\.tmp"
                     r"|\.tmp-[a-z0-9_]+")  # the side files' (domain/cache_file.write_private: mkstemp)


def restore_tmp(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.restore.tmp")


def restore_ready(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.restore.ready")


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


def _copy_from(src: sqlite3.Connection, target: Path) -> None:
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


def _discard(tmp: Path) -> None:
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
        _copy_from(src, target)
    finally:
        src.close()


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
                _copy_from(src, tmp)
                os.replace(tmp, target)
            except BaseException:
                _discard(tmp)
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
            _discard(tmp)
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


__all__ = ["StorageError", "backup_if_changed", "make_backup", "restore", "restore_folder", "good_backups"]
