"""Automatic backups with SQLite's online backup API into <folder>/backups/, and restore.

Names are backup-YYYYMMDD-HHMMSS-ffffff-<reason>.sqlite3, so sorting by name sorts by
time. A backup is taken only when the content differs from the newest backup (always
before a migration). Retention: the newest 10 distinct contents, plus the newest of each
month for the last 12 months (the current month included); an unreadable backup
counts as a content of its own. Files in backups/ with other
names are never touched, except our own temporary files of a killed backup.
Each backup is a self-contained file (rollback-journal mode, no -wal beside it).

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
from .errors import BackupUnusable, RestoreFailed, StorageError, StorageUnavailable, logged
from .lock import FolderLock
from .sqlfile import DB_NAME, create_private, fsync_dir, inspect_file, move_aside, move_orphans, read_uri

BACKUP_DIR = "backups"
DIGEST_NAME = "last_digest"
STAT_NAME = "last_stat"
KEEP_LAST = 10
KEEP_MONTHS = 12
NAME_RE = re.compile(r"backup-([0-9]{8})-([0-9]{6})-([0-9]{6})-([a-z0-9_]+)\.sqlite3")
TEMP_RE = re.compile(r"\.(backup-.*\.sqlite3|last_digest|last_stat)\.tmp|(last_digest|last_stat)\.tmp")


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
        if not path.is_dir():
            return []
        found = [p for p in path.iterdir() if NAME_RE.fullmatch(p.name) and p.is_file()]
    except OSError as exc:
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


def _write_private_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    create_private(tmp)
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _read_text(path: Path) -> str | None:
    """A small side file we wrote, or None when missing or unreadable (it is only a cache)."""
    try:
        return path.read_bytes()[:4096].decode("utf-8")
    except (OSError, UnicodeError):
        return None


def copy_database(source: Path, target: Path) -> None:
    """Copy with the backup API into a new private file, fsynced, in rollback-journal mode."""
    target.unlink(missing_ok=True)
    create_private(target)
    src = sqlite3.connect(read_uri(source), uri=True)
    try:
        dst = sqlite3.connect(str(target), isolation_level=None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    fsync_file(target)


def content_digest(db_path: Path) -> str:
    """A digest of the logical content (not the file bytes, which WAL checkpoints change)."""
    import hashlib  # here: loading it (OpenSSL) is about 1 % of a start, and this runs after the first paint

    conn = sqlite3.connect(read_uri(db_path), uri=True)
    try:
        h = hashlib.sha256()
        for line in conn.iterdump():
            h.update(line.encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    finally:
        conn.close()


def make_backup(db_path: Path, reason: str = "manual") -> Path:
    """A new backup, always. Raises StorageUnavailable (nothing half-written is left)."""
    folder = backup_dir(db_path.parent)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"backup-{stamp}-{reason}.sqlite3"
    tmp = folder / f".{target.name}.tmp"
    try:
        try:
            copy_database(db_path, tmp)
            os.replace(tmp, target)
            fsync_dir(folder)
        finally:
            tmp.unlink(missing_ok=True)
        digests = _digest_cache(db_path.parent)
        digests[target.name] = content_digest(target)
        _save_digests(db_path.parent, digests)
    except (OSError, sqlite3.Error) as exc:
        raise StorageUnavailable(db_path, logged("make backup", exc), action="バックアップを作れません") from exc
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


def _digest_cache(folder: Path) -> dict[str, str]:
    """Backup name -> content digest, from last_digest (a cache: garbage lines are ignored).
    Backups are written once and never changed, so a name's digest stays true."""
    cache = {}
    for line in (_read_text(Path(folder) / BACKUP_DIR / DIGEST_NAME) or "").splitlines():
        parts = line.split(" ")
        if len(parts) == 2 and NAME_RE.fullmatch(parts[0]) and re.fullmatch(r"[0-9a-f]{64}", parts[1]):
            cache[parts[0]] = parts[1]
    return cache


def _save_digests(folder: Path, cache: dict[str, str]) -> None:
    names = {p.name for p in list_backups(folder)}
    lines = [f"{n} {d}" for n, d in sorted(cache.items(), reverse=True) if n in names]
    _write_private_text(Path(folder) / BACKUP_DIR / DIGEST_NAME, "\n".join(lines) + "\n")


def backup_digest(path: Path, cache: dict[str, str]) -> str | None:
    """The content digest of one backup (cached), None when it cannot be read."""
    if path.name not in cache:
        try:
            cache[path.name] = content_digest(path)
        except (OSError, sqlite3.Error) as exc:
            logged("digest of a backup", exc)
            return None
    return cache[path.name]


def newest_digest(folder: Path) -> str | None:
    """The content digest of the newest backup."""
    found = list_backups(folder)
    return backup_digest(found[0], _digest_cache(folder)) if found else None


def backup_if_changed(db_path: Path, *, force: bool = False, reason: str = "start") -> Path | None:
    """Back up when the content differs from the newest backup (always when `force`).

    The file's size and mtime are compared first; only when they moved is the content
    digest computed (a WAL checkpoint changes the bytes, not the content). Import calls
    this with reason="import": an import that changed nothing makes no backup.
    """
    folder = backup_dir(db_path.parent)
    stat_file = folder / STAT_NAME
    try:
        stamp = _stat_stamp(db_path)
        if not force and list_backups(db_path.parent):
            if _read_text(stat_file) == stamp:
                return None
            if newest_digest(db_path.parent) == content_digest(db_path):
                _write_private_text(stat_file, stamp)
                return None
    except (OSError, sqlite3.Error) as exc:
        raise StorageUnavailable(db_path, logged("compare with backup", exc), action="バックアップを作れません") from exc
    made = make_backup(db_path, reason)
    try:
        _write_private_text(stat_file, stamp)
    except OSError as exc:
        logged("write last_stat", exc)  # a cache only: the next start compares digests
    return made


def prune(folder: Path, today: dt.date | None = None) -> list[Path]:
    """Apply the retention policy; returns the files removed.

    The newest KEEP_LAST distinct contents are kept (a backup equal to a newer one does not
    count), plus the newest backup of each of the last KEEP_MONTHS months. Backups that
    cannot be read are kept and not counted.
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
    cache = _digest_cache(folder)
    for path in all_backups:
        if len(distinct) >= KEEP_LAST:
            break
        try:
            digest = (backup_digest(path, cache) if path.stat().st_size else None) or path.name
        except OSError:
            digest = path.name
        if digest not in distinct:  # unreadable: counted as a content of its own
            keep.add(path)
            distinct.add(digest)
    removed = [p for p in all_backups if p not in keep]
    for p in removed:
        try:
            p.unlink()
        except OSError as exc:
            logged("prune", exc)
    try:
        _save_digests(folder, cache)
    except OSError as exc:
        logged("save digests", exc)
    return removed


def complete_restore(db_path: Path) -> Path | None:
    """Finish a restore whose copy is complete (`.restore.ready`); drop a cut-short copy.

    Returns where the replaced file was kept, or None. Run with the folder lock held.
    """
    tmp, ready = restore_tmp(db_path), restore_ready(db_path)
    tmp.unlink(missing_ok=True)
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
            fsync_dir(db_path.parent)
        finally:
            tmp.unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:
        raise RestoreFailed(logged("restore copy", exc)) from exc
    try:
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
