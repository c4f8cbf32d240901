"""What the running app holds: the data folder, the open store, the editions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..domain.contacts import SEEDED_KEY, default_contacts
from ..domain.edition_cache import CACHE_NAME as EDITION_CACHE
from ..domain.fiscal import fiscal_year
from ..domain.record import record
from ..domain.registry import Registry, load_registry
from ..paths import resource
from ..storage.database import open_store, restore_open, start_deferred, warm_writes
from ..storage.store import Store
from .errors import setup_logging

EDITIONS_DIR = "editions"
CACHE_DIR = "cache"  # derived files, rebuilt when missing or bad
LAST_YEAR_KEY = "last_year"  # setting: the 年度 shown when the app was last used


def registry_for(folder: Path) -> Registry:
    """Bundled editions plus valid files dropped into <folder>/editions/."""
    return load_registry(resource("questionnaires"), Path(folder) / EDITIONS_DIR,
                         Path(folder) / CACHE_DIR / EDITION_CACHE)


@record(frozen=False)
class AppContext:
    folder: Path
    store: Store
    registry: Registry
    sync_listener: Callable[[], None] | None = None  # see watch_sync

    @classmethod
    def open(cls, folder: Path, *, lock: bool = True, create: bool = False,
             defer_backup: bool = False) -> AppContext:
        """`create`: start empty even where backups exist (after DatabaseMissing, by choice).
        `defer_backup` (the window): the start-up backup of changed data waits for
        after_first_paint(); the first save waits for it (storage/startup_backup.py)."""
        setup_logging(folder)
        store = open_store(folder, lock=lock, create=create, defer_backup=defer_backup)
        if store.setting(SEEDED_KEY) != "1":  # the shipped contacts, once (their file read only then)
            store.add_contacts_once(default_contacts(), SEEDED_KEY)
        return cls(Path(folder), store, registry_for(folder))

    def close(self) -> None:
        self.store.close()

    def after_first_paint(self) -> None:
        """The window is on the screen: take the deferred start-up backup (a worker thread)."""
        start_deferred(self.store)

    @staticmethod
    def warm_up() -> None:
        """Idle time after the start: load the write path before the first save needs it."""
        warm_writes()

    def watch_sync(self, notify: Callable[[], None] | None) -> None:
        """`notify()` is called from the storage's flusher thread when a save that had returned
        could not be put on the disk (None: stop). It must only hand over to the caller's own
        thread (a queued Qt signal), which then asks sessions.sync_problem(). Kept across a
        restore (the reopened store gets it too)."""
        self.sync_listener = notify
        self.store.on_sync_failure(notify)

    def restore(self, backup: Path) -> Path | None:
        """Replace the database with a backup while the app runs; returns where the old file went.

        The folder lock stays held from close to reopen (no other instance can take the
        folder in between); the store is open again afterwards, also when the backup is
        refused (then nothing changed and the StorageError is raised).
        """
        self.store, moved, error = restore_open(self.store, Path(backup))
        self.store.on_sync_failure(self.sync_listener)
        if error is not None:
            raise error
        return moved

    # -- years -----------------------------------------------------------------
    def years(self) -> list[int]:
        """The 年度 that have assessments, oldest first."""
        return self.store.years()

    def current_year(self) -> int:
        """The year to show at start: the last one used, else this 年度 when it exists,
        else the newest in the database before it, else this 年度."""
        years = self.store.years()
        last = self.store.setting(LAST_YEAR_KEY)
        if last.isdigit() and int(last) in years:
            return int(last)
        now = fiscal_year()
        if now in years or not years:
            return now
        earlier = [y for y in years if y < now]
        return max(earlier) if earlier else min(years)

    def remember_year(self, year: int) -> None:
        """The year shown now becomes the one the next start opens."""
        if self.store.setting(LAST_YEAR_KEY) != str(year):
            self.store.set_setting(LAST_YEAR_KEY, str(year))

    @staticmethod
    def previous_year(year: int) -> int:
        """The 年度 compared with and carried from: the one before (the only place this is decided)."""
        return year - 1

    def start_year(self, year: int, editions: dict[str, str], carry: bool) -> dict[str, int]:
        """Create a 年度's assessments with the chosen editions, carrying the year before's answers."""
        return self.store.start_year(year, editions, self.previous_year(year) if carry else None)

    # -- facility and settings ---------------------------------------------------
    def facility(self) -> dict:
        return self.store.facility()

    def has_facility(self) -> bool:
        return self.store.has_facility()

    def edition_for(self, year: int, questionnaire: str):
        """The edition used by that year's assessment, else the one for that 年度 (registry.for_year)."""
        return self.edition_of(self.store.find_assessment(year, questionnaire), year, questionnaire)

    def edition_of(self, found: dict | None, year: int, questionnaire: str):
        """edition_for() when the assessment row (or None) is already at hand."""
        ed = self.registry.get(questionnaire, found["edition"]) if found else None
        return ed if ed is not None else self.registry.for_year(questionnaire, year)

    def ensure_year(self, year: int, carry_from: int | None = None) -> dict[str, int]:
        """Create the year's assessments (newest edition of each questionnaire)."""
        editions = {}
        for q in self.registry.questionnaires():
            ed = self.edition_for(year, q)
            if ed is not None:
                editions[q] = ed.edition
        return self.store.start_year(year, editions, carry_from)
