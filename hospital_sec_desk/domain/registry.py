"""The set of questionnaire editions: bundled ones plus files dropped into <data>/editions/."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .edition import Edition, EditionError
from .edition_cache import EditionCache


@dataclass
class Registry:
    editions: list[Edition] = field(default_factory=list)
    errors: list[EditionError] = field(default_factory=list)

    def get(self, questionnaire: str, edition: str) -> Edition | None:
        return next((e for e in self.editions
                     if e.questionnaire == questionnaire and e.edition == edition), None)

    def questionnaires(self) -> list[str]:
        """Questionnaire keys, in display order."""
        seen: dict[str, int] = {}
        for e in self.editions:
            seen[e.questionnaire] = min(seen.get(e.questionnaire, e.order), e.order)
        return sorted(seen, key=lambda q: (seen[q], q))

    def editions_of(self, questionnaire: str) -> list[Edition]:
        """Editions of one questionnaire, newest (by published date) first."""
        found = [e for e in self.editions if e.questionnaire == questionnaire]
        return sorted(found, key=lambda e: (e.published, e.edition), reverse=True)

    def newest(self, questionnaire: str) -> Edition | None:
        found = self.editions_of(questionnaire)
        return found[0] if found else None


def load_registry(bundled_dir: Path, extra_dir: Path | None = None,
                  cache_file: Path | None = None) -> Registry:
    """Load every *.toml edition; a bad dropped-in file is recorded and skipped.

    A bad bundled file is a programming error and raises. With `cache_file`, unchanged files
    come from the parsed-editions cache (domain/edition_cache.py).
    """
    cache = EditionCache(cache_file)
    load_edition = cache.load
    reg = Registry()
    for path in sorted(bundled_dir.glob("*.toml")):
        reg.editions.append(load_edition(path))
    if extra_dir is not None and extra_dir.is_dir():
        for path in sorted(extra_dir.glob("*.toml")):
            try:
                ed = load_edition(path)
            except EditionError as exc:
                reg.errors.append(exc)
                continue
            if reg.get(ed.questionnaire, ed.edition) is not None:
                reg.errors.append(EditionError(path, "edition",
                                               f"{ed.id} is already installed; file ignored"))
                continue
            reg.editions.append(ed)
    cache.save()
    return reg
