"""Storage errors. Each carries a message in Japanese for the user."""

from __future__ import annotations

from pathlib import Path


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

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n".join(f"・{p}" for p in problems[:10])
        more = f"\n（ほか {len(problems) - 10} 件）" if len(problems) > 10 else ""
        super().__init__(f"読み込めないファイルです。データは変更していません。\n{shown}{more}")


class BackupUnusable(StorageError):
    """A backup that cannot be restored: nothing was changed."""

    def __init__(self, backup: Path, detail: str):
        self.backup, self.detail = backup, detail
        super().__init__(f"バックアップ「{backup.name}」は使えません（{detail}）。データは変更していません。")
