"""Storage errors. Each carries a message in Japanese for the user.

`reason(exc)` is the one mapping from an OSError errno or an SQLite error code to a
Japanese sentence; the English detail goes to the "hospital_sec_desk" logger (written to
<data>/logs/app.log by app/errors.py), never into the message the user sees.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path

log = logging.getLogger("hospital_sec_desk.storage")
logging.getLogger("hospital_sec_desk").addHandler(logging.NullHandler())  # never stderr by default

_ERRNO = {
    errno.ENOSPC: "空き容量が足りません",
    errno.EDQUOT: "空き容量が足りません（容量の割り当ての上限です）",
    errno.EFBIG: "ファイルの大きさの上限を超えるため書き込めません",
    errno.EACCES: "読み書きする権限がありません",
    errno.EPERM: "読み書きする権限がありません",
    errno.EROFS: "読み取り専用の場所です",
    errno.EBUSY: "ファイルが他のプログラムに使われています",
    errno.ETXTBSY: "ファイルが他のプログラムに使われています",
    errno.EAGAIN: "ファイルが他のプログラムに使われています",
    errno.EIO: "ディスクの読み書きに失敗しました（装置の故障や接続の切れが考えられます）",
    errno.EISDIR: "ファイルのはずの場所がフォルダになっています",
    errno.ENOTDIR: "フォルダのはずの場所がファイルになっています",
    errno.ENOENT: "ファイルまたはフォルダが見つかりません",
    errno.EEXIST: "同じ名前のファイルが既にあります",
    errno.ENAMETOOLONG: "ファイルの名前や場所が長すぎます",
    errno.EMFILE: "開いているファイルが多すぎます",
    errno.ENFILE: "開いているファイルが多すぎます",
    errno.ELOOP: "フォルダのリンクが循環しています",
    errno.ENODEV: "ディスクが見つかりません",
    errno.ENXIO: "ディスクが見つかりません",
    errno.ENOMEM: "メモリが足りません",
}
_SQLITE = {  # primary result codes
    3: "読み書きする権限がありません",  # SQLITE_PERM
    5: "ファイルが他のプログラムに使われています",  # SQLITE_BUSY
    6: "ファイルが他のプログラムに使われています",  # SQLITE_LOCKED
    7: "メモリが足りません",  # SQLITE_NOMEM
    8: "書き込めません（読み取り専用か、書き込む権限がありません）",  # SQLITE_READONLY
    10: "ディスクの読み書きに失敗しました（空き容量の不足や装置の故障が考えられます）",  # SQLITE_IOERR
    11: "データファイルが壊れています",  # SQLITE_CORRUPT
    13: "空き容量が足りません",  # SQLITE_FULL
    14: "データファイルを開けません（権限か場所に問題があります）",  # SQLITE_CANTOPEN
    15: "ファイルのロックに失敗しました",  # SQLITE_PROTOCOL
    18: "データが大きすぎます",  # SQLITE_TOOBIG
    26: "データファイルが壊れています（このアプリのデータではありません）",  # SQLITE_NOTADB
}
DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
BUSY_CODES = {5, 6}
SQLITE_IOERR_NOMEM = 3082


def sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def reason(exc: BaseException) -> str:
    """A Japanese sentence (no final 。) for an OS or SQLite error; English goes to the log."""
    if isinstance(exc, OSError):
        return _ERRNO.get(exc.errno, "ファイルの読み書きに失敗しました")
    if isinstance(exc, sqlite3.Error):
        code = sqlite_code(exc)
        if code is None:
            text = str(exc).lower()
            if "decode" in text or "malformed" in text or "json" in text:
                return "データファイルの中身が壊れています"
            return "データファイルの読み書きに失敗しました"
        if getattr(exc, "sqlite_errorcode", 0) == SQLITE_IOERR_NOMEM:
            return _SQLITE[7]
        return _SQLITE.get(code, "データファイルの読み書きに失敗しました")
    if isinstance(exc, UnicodeError | ValueError):
        return "データファイルの中身が壊れています"
    if isinstance(exc, MemoryError):
        return "メモリが足りません"
    return "予期しない問題が起きました"


def is_damage(exc: BaseException) -> bool:
    """True only for errors that mean damaged bytes (never for an I/O or permission error)."""
    if isinstance(exc, sqlite3.Error):
        code = sqlite_code(exc)
        if code is None:
            return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError) \
                or "decode" in str(exc).lower()
        return code in DAMAGE_CODES
    return isinstance(exc, UnicodeError | ValueError)


def logged(what: str, exc: BaseException) -> str:
    """Log the English detail of `exc` and return its Japanese reason."""
    log.warning("%s: %s: %s", what, type(exc).__name__, exc, exc_info=exc)
    return reason(exc)


class StorageError(Exception):
    """Base: `str(exc)` is a Japanese message fit to show the user."""


class DatabaseTooNew(StorageError):
    def __init__(self, path: Path, found: int, supported: int):
        self.path, self.found, self.supported = path, found, supported
        super().__init__(
            f"このデータファイル（{path.name}）は、新しいバージョンのアプリで保存されています"
            f"（形式 {found}、このアプリは {supported} まで）。ファイルは変更していません。"
            "アプリを最新版に更新してから開いてください。"
        )


class DatabaseDamaged(StorageError):
    def __init__(self, path: Path, moved_to: Path | None, detail: str, backups: list[Path]):
        self.path, self.moved_to, self.detail, self.backups = path, moved_to, detail, backups
        where = f"「{moved_to.name}」として別の名前で保管しました（削除していません）。" if moved_to else ""
        offer = ("バックアップから復元できます。" if backups else "利用できるバックアップはありません。")
        super().__init__(f"データファイルが壊れていました。{where}{offer}")


class AlreadyRunning(StorageError):
    def __init__(self, folder: Path):
        self.folder = folder
        super().__init__(
            "このアプリは既に起動しています（同じデータフォルダを使う別のウィンドウがあります）。"
            "先に開いているウィンドウをお使いください。"
        )


class ImportRejected(StorageError):
    """A bad import file: nothing was written. `problems` lists what and where."""

    def __init__(self, problems: list[str], total: int | None = None):
        self.problems = problems  # the first ones (import_check.MAX_PROBLEMS); `total` counts all
        self.total = len(problems) if total is None else total
        shown = "\n".join(f"・{p}" for p in problems[:10])
        more = f"\n（ほか {self.total - 10:,} 件）" if self.total > 10 else ""
        super().__init__(f"読み込めないファイルです。データは変更していません。\n{shown}{more}")


class BackupUnusable(StorageError):
    """A backup that cannot be restored: nothing was changed."""

    def __init__(self, backup: Path, detail: str):
        self.backup, self.detail = backup, detail
        super().__init__(f"バックアップ「{backup.name}」は使えません（{detail}）。データは変更していません。")


class StorageUnavailable(StorageError):
    """The data cannot be read or written right now (disk full, permissions, …). Nothing changed."""

    def __init__(self, where: Path, why: str, *, action: str = "データを開けません"):
        self.where, self.why = where, why
        super().__init__(f"{action}（{why}）。場所：{where}\nデータは変更していません。"
                         "原因を取り除いてから、もう一度お試しください。")


class DatabaseMissing(StorageError):
    """No database, but backups exist: data was lost or moved; restoring is offered."""

    def __init__(self, path: Path, backups: list[Path]):
        self.path, self.backups = path, backups
        offer = "バックアップから復元できます。" if backups else "使えるバックアップは見つかりませんでした。"
        super().__init__(f"データファイル（{path.name}）が見つかりません。以前のバックアップがあります。{offer}")


class SaveFailed(StorageError):
    """A write did not happen: nothing was saved; the store stays usable (the next action retries)."""

    def __init__(self, why: str):
        self.why = why
        super().__init__(f"保存できませんでした（{why}）。この変更は保存されていません。"
                         "原因を取り除いてから、もう一度操作してください。")


class StoreBusy(SaveFailed):
    """Another program held the database longer than we wait."""

    def __init__(self) -> None:
        StorageError.__init__(self, "データファイルが他のプログラムに使われているため、保存できませんでした。"
                              "この変更は保存されていません。少し待ってから、もう一度操作してください。")
        self.why = "他のプログラムが使用中"


class ReadFailed(StorageError):
    def __init__(self, why: str):
        self.why = why
        super().__init__(f"データを読み込めませんでした（{why}）。")


class RestoreFailed(StorageError):
    """`finished=False`: the copy is in place and the next open completes the restore."""

    def __init__(self, why: str, detail: str = "データは変更していません。", *, finished: bool = True):
        self.why = why
        head = "復元できませんでした" if finished else "復元を最後まで進められませんでした"
        super().__init__(f"{head}（{why}）。{detail}")
