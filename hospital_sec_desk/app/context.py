"""What the running app holds: the data folder, the open store, the editions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..contacts_defaults import ensure_default_contacts
from ..domain.edition_cache import CACHE_NAME as EDITION_CACHE
from ..domain.fiscal import fiscal_year
from ..domain.registry import Registry, load_registry
from ..paths import resource
from ..storage.database import open_store
from ..storage.store import Store

EDITIONS_DIR = "editions"
CACHE_DIR = "cache"  # derived files, rebuilt when missing or bad


def registry_for(folder: Path) -> Registry:
    """Bundled editions plus valid files dropped into <folder>/editions/."""
    return load_registry(resource("questionnaires"), Path(folder) / EDITIONS_DIR,
                         Path(folder) / CACHE_DIR / EDITION_CACHE)


@dataclass
class AppContext:
    folder: Path
    store: Store
    registry: Registry

    @classmethod
    def open(cls, folder: Path, *, lock: bool = True) -> AppContext:
        store = open_store(folder, lock=lock)
        ensure_default_contacts(store)
        return cls(Path(folder), store, registry_for(folder))

    def close(self) -> None:
        self.store.close()

    def restore(self, backup: Path) -> Path | None:
        """Replace the database with a backup while the app runs; returns where the old file went.

        The store is closed, the copy runs under the folder lock, then the store is opened
        again (with its own lock) — also when the backup is refused (nothing changes then).
        """
        from ..storage import backup as backups

        self.store.close()
        try:
            return backups.restore_folder(self.folder, Path(backup))
        finally:
            self.store = open_store(self.folder, auto_backup=False)

    def current_year(self) -> int:
        """The year to show at start: the newest in the database, else this 年度."""
        years = self.store.years()
        return max(years) if years else fiscal_year()

    def edition_for(self, year: int, questionnaire: str):
        """The edition used by that year's assessment, else the newest installed one."""
        found = self.store.find_assessment(year, questionnaire)
        if found:
            ed = self.registry.get(questionnaire, found["edition"])
            if ed is not None:
                return ed
        return self.registry.newest(questionnaire)

    def ensure_year(self, year: int, carry_from: int | None = None) -> dict[str, int]:
        """Create the year's assessments (newest edition of each questionnaire)."""
        editions = {}
        for q in self.registry.questionnaires():
            ed = self.edition_for(year, q)
            if ed is not None:
                editions[q] = ed.edition
        return self.store.start_year(year, editions, carry_from)
