"""Data use cases: export, import, backups, restore, copies to a USB stick.

The データの管理 dialog and the command line call these, never storage/ directly. Every
failure is a StorageError or TargetRefused whose text is a Japanese sentence, or an OSError
that describe() turns into one (the English detail goes to the log).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from ..domain.record import record
from ..fileio import TargetRefused, check_target, write_atomic
from ..storage import backup as backups
from ..storage.errors import AlreadyRunning, StorageError
from ..storage.exchange import apply_import, check_document, dumps, export_all, load_import_file, plan_import
from .context import AppContext, registry_for
from .folder import USER_ERRORS, BadArgument, NoData, describe, has_data, open_folder, opened

__all__ = ["AlreadyRunning", "BadArgument", "NoData", "StorageError", "TargetRefused", "USER_ERRORS",
           "describe", "has_data", "open_folder", "opened", "registry_for"]
REASON_LABELS = {"start": "起動時", "migrate": "更新の前", "manual": "手動", "import": "読み込みの前",
                 "restore": "復元の前"}
WEEKDAYS = "月火水木金土日"


# -- export ----------------------------------------------------------------------------------
@record(frozen=False)
class Exported:
    path: Path
    assessments: int
    answers: int
    contacts: int

    def text(self) -> str:
        return (f"書き出しました：{self.path}（調査 {self.assessments} 件、回答 {self.answers} 件、"
                f"連絡先 {self.contacts} 件）")


def export_target(out, data_folder: Path) -> Path:
    """The file `out` names for an export, checked before anything is opened (TargetRefused)."""
    return check_target(out, ".json", data_folder)


def export_to(ctx: AppContext, out) -> Exported:
    """Everything as one JSON file at `out` (never inside the data folder; written atomically)."""
    target = export_target(out, ctx.folder)
    data = export_all(ctx.store)
    write_atomic(target, dumps(data))
    answers = sum(len(a["answers"]) for a in data["assessments"])
    return Exported(target, len(data["assessments"]), answers, len(data["contacts"]))


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?", re.IGNORECASE)


def safe_file_name(name: str, fallback: str = "hospital", limit: int = 80) -> str:
    """A facility name made fit to be one file name on Windows, macOS and Linux: no folder
    separators, no reserved characters or names, no leading dots, not too long."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.sub(r"\.{2,}", "_", _UNSAFE.sub("_", text))
    text = re.sub(r"_+", "_", text).strip(" ._")[:limit].rstrip(" ._")
    if not text or _RESERVED.fullmatch(text) or set(text) <= {"_", "."}:
        return fallback
    return text


def suggested_export_name(ctx: AppContext) -> str:
    return f"{safe_file_name(ctx.store.facility()['name'])}_データ.json"


def copy_export_to(ctx: AppContext, folder: Path) -> Exported:
    """Export into another folder (e.g. a USB stick) under the suggested name."""
    return export_to(ctx, Path(folder) / suggested_export_name(ctx))


# -- import ----------------------------------------------------------------------------------
@record(frozen=False)
class Imported:
    lines: list[str]
    changed: bool
    backup: Path | None  # the backup holding the content before the import


def read_import_file(path: Path, registry) -> dict:
    """The file alone, checked against the installed editions (no database touched)."""
    data = load_import_file(path)
    check_document(data, registry)
    return data


def import_from(ctx: AppContext, path: Path, data: dict | None = None) -> Imported:
    """Validate, compare with the data, back up when it would change content, write once."""
    data = read_import_file(path, ctx.registry) if data is None else data
    plan = plan_import(ctx.store, data, ctx.registry)
    if not plan.changes_anything:
        return Imported(apply_import(ctx.store, plan).summary(), False, None)
    backup = None
    store = ctx.store
    if store.assessments() or store.contacts() or store.has_facility():
        backup = backups.backup_if_changed(store.path, reason="import") or _newest(ctx.folder)
    return Imported(apply_import(store, plan).summary(), True, backup)


# -- backups ---------------------------------------------------------------------------------
@record(frozen=False)
class BackupInfo:
    path: Path
    when: dt.datetime
    reason: str
    size: int

    @property
    def label(self) -> str:
        """「2026年12月1日（火）21:19　起動時」"""
        w = self.when
        why = REASON_LABELS.get(self.reason, self.reason)
        return f"{w.year}年{w.month}月{w.day}日（{WEEKDAYS[w.weekday()]}）{w:%H:%M}　{why}"


def _info(path: Path) -> BackupInfo:
    m = backups.NAME_RE.fullmatch(path.name)
    when = dt.datetime.strptime(f"{m.group(1)}{m.group(2)}", "%Y%m%d%H%M%S")
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return BackupInfo(path, when, m.group(4), size)


def list_backups(folder: Path, *, good_only: bool = False) -> list[BackupInfo]:
    """Backups, newest first (`good_only`: only those that pass the integrity check)."""
    found = backups.good_backups(Path(folder)) if good_only else backups.list_backups(Path(folder))
    return [_info(p) for p in found]


def backup_folder(folder: Path) -> Path:
    return Path(folder) / backups.BACKUP_DIR


def _newest(folder: Path) -> Path | None:
    found = backups.list_backups(Path(folder))
    return found[0] if found else None


def create_backup(ctx: AppContext, before: set[Path] | None = None) -> tuple[Path, bool]:
    """A backup of the current content: (path, True) when one was made now (also by the start
    of this run, listed in `before`'s absence), (newest, False) when one with the same content
    already exists."""
    made_at_open = [p for p in backups.list_backups(ctx.folder) if before is not None and p not in before]
    if made_at_open:
        return made_at_open[0], True
    made = backups.backup_if_changed(ctx.store.path, reason="manual")
    if made is not None:
        return made, True
    newest = _newest(ctx.folder)
    return (newest, False) if newest is not None else (backups.make_backup(ctx.store.path, "manual"), True)


def find_backup(folder: Path, name: str) -> Path | None:
    """A backup by its listed name or by its path."""
    given = Path(name).expanduser()
    if given.is_file():
        return given
    candidate = backup_folder(folder) / given.name
    return candidate if candidate.is_file() else None


def restore(ctx: AppContext, backup: Path) -> Path | None:
    """Restore while the app runs (the folder stays locked); returns where the old file went."""
    return ctx.restore(Path(backup))


def restore_folder(folder: Path, backup: Path) -> Path | None:
    """Restore a folder no window has open (refused with AlreadyRunning otherwise)."""
    return backups.restore_folder(Path(folder), Path(backup))


def copy_backup_to(backup: Path, folder: Path, data_folder: Path) -> Path:
    """A copy of one backup file in another folder (e.g. a USB stick), written atomically."""
    target = check_target(Path(folder) / Path(backup).name, ".sqlite3", data_folder)
    write_atomic(target, Path(backup).read_bytes())
    return target
