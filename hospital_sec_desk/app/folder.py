"""A data folder opened for one command, and the errors every command says the same way.

Split from app/data.py so that the commands that only read the folder (print, csv, poster, bcp,
xlsx) do not load the export and import machinery (storage/exchange and the BCP document's
modules: about 1.7 % of a cold print's instructions). app/data.py re-exports these names.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..fileio import TargetRefused
from ..storage import backup as backups
from ..storage.database import DB_NAME, open_store
from ..storage.errors import AlreadyRunning, StorageError
from .context import AppContext, registry_for
from .errors import setup_logging, user_message

__all__ = ["AlreadyRunning", "BadArgument", "NoData", "StorageError", "TargetRefused", "USER_ERRORS",
           "describe", "has_data", "open_folder", "opened"]
USER_ERRORS = (StorageError, TargetRefused, OSError)


class BadArgument(ValueError):
    """A wrong argument (a part name, a paper size): `str(exc)` is Japanese."""


class NoData(StorageError):
    def __init__(self, folder: Path):
        self.folder = folder
        found = backups.list_backups(Path(folder))
        offer = (f"バックアップが {len(found)} 件あります。`backup list` で一覧を見て、"
                 "`backup restore ファイル名` で復元できます（アプリを起動しても復元を選べます）。"
                 if found else "")
        super().__init__(f"データの保存場所（{folder}）にデータがありません。{offer}")


def describe(exc: BaseException) -> str:
    """One Japanese line (or a few) for a failure of a data use case."""
    return user_message(exc)


def has_data(folder: Path) -> bool:
    return (Path(folder) / DB_NAME).exists()


def open_folder(folder: Path, *, must_exist: bool = True, seed: bool = False,
                auto_backup: bool = True) -> AppContext:
    """The data folder opened for one command. `seed` adds the default contacts on first use
    (as the window does); export and import leave the data exactly as it is. `auto_backup`
    False: no start-up backup (the import takes its own, only when it changes content)."""
    folder = Path(folder)
    if must_exist and not has_data(folder):
        raise NoData(folder)
    if seed:
        return AppContext.open(folder)
    setup_logging(folder)
    return AppContext(folder, open_store(folder, auto_backup=auto_backup), registry_for(folder))


@contextmanager
def opened(folder: Path, *, must_exist: bool = True, seed: bool = False,
           auto_backup: bool = True) -> Iterator[AppContext]:
    """open_folder() for the length of a `with` block."""
    ctx = open_folder(folder, must_exist=must_exist, seed=seed, auto_backup=auto_backup)
    try:
        yield ctx
    finally:
        ctx.close()
