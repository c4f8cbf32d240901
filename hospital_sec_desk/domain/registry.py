"""The set of questionnaire editions: bundled ones plus files dropped into <data>/editions/."""

from __future__ import annotations

from pathlib import Path

from .edition import Edition, EditionError
from .edition_cache import EditionCache
from .fiscal import era_year
from .record import field, record
from .rule_tables import remember, rules_path

PROVISIONAL_LABEL = "暫定"


@record
class EditionStatus:
    """Whether an edition, used for a given 年度, is the official form of that year, and why not.

    `reasons` are Japanese sentences for the user (the 「暫定」 mark's text): the edition's own
    `provisional_reason`, and a sentence when the edition does not serve that 年度.
    """

    provisional: bool
    reasons: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return PROVISIONAL_LABEL if self.provisional else ""

    @property
    def text(self) -> str:
        return "".join(self.reasons)


def _nendo(year: int) -> str:
    return f"{era_year(year)[:-1]}年度（{year}年度）"


@record(frozen=False)
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

    def for_year(self, questionnaire: str, year: int) -> Edition | None:
        """The edition a new assessment of `year` starts on.

        The newest edition that names `year` in its `fiscal_years`; else the edition of the
        nearest earlier 年度 (a year whose survey is not yet published, or not in the app); else
        (a year before every edition) the oldest one; editions naming no year count as serving all.
        """
        found = self.editions_of(questionnaire)
        if not found:
            return None
        serving = [e for e in found if e.serves(year) or not _names_years(e)]
        if serving:
            return serving[0]
        earlier = [e for e in found if _first_year(e) <= year]
        if earlier:
            return max(earlier, key=lambda e: (_last_year(e, year), e.published, e.edition))
        return min(found, key=lambda e: (_first_year(e), e.published, e.edition))

    def status(self, edition: Edition, year: int) -> EditionStatus:
        """Is `edition` the official form for `year`? Both the edition's own stand-in reason and a
        year it does not serve make it 「暫定」."""
        reasons: list[str] = []
        if edition.provisional:
            reasons.append(edition.provisional_reason)
        if _names_years(edition) and not edition.serves(year):
            reasons.append(self._year_reason(edition, year))
        return EditionStatus(bool(reasons), tuple(reasons))

    def _year_reason(self, edition: Edition, year: int) -> str:
        others = [e for e in self.editions_of(edition.questionnaire) if _names_years(e)]
        first = min((_first_year(e) for e in others), default=year)
        open_ended = any(e.fiscal_years_from is not None for e in others)
        latest = max((max(e.fiscal_years, default=0) for e in others), default=0)
        if year >= first and not open_ended and year > latest:
            return (f"{_nendo(year)}の{edition.name}はまだ公表されていません。公表されるまで、"
                    f"前の年度の版（{edition.short_title}）で下書きしています。"
                    "公表されたら、設問と番号を正式なものと見比べてください。")
        return (f"{_nendo(year)}の{edition.name}はこのアプリに入っていません。"
                f"別の年度の版（{edition.short_title}）で下書きしています。"
                "設問と番号は、その年度の正式なもので確かめてください。")

    def unserved_years(self, questionnaire: str, years: list[int]) -> list[int]:
        """Of `years`, those that no edition of the questionnaire names (for a notice)."""
        eds = self.editions_of(questionnaire)
        if not any(_names_years(e) for e in eds):
            return []
        return [y for y in years if not any(e.serves(y) for e in eds)]


def _names_years(e: Edition) -> bool:
    return bool(e.fiscal_years) or e.fiscal_years_from is not None


def _first_year(e: Edition) -> int:
    starts = list(e.fiscal_years) + ([e.fiscal_years_from] if e.fiscal_years_from is not None else [])
    return min(starts) if starts else 0


def _last_year(e: Edition, year: int) -> int:
    """The latest 年度 ≤ `year` the edition serves (0 if none)."""
    if e.fiscal_years_from is not None and year >= e.fiscal_years_from:
        return year
    return max((y for y in e.fiscal_years if y <= year), default=0)


def _load_rule_tables(editions: list[Edition], cache: EditionCache) -> None:
    """Each edition's readiness rules file through the cache (domain/rule_tables.py). A file
    that cannot be read or parsed is left for domain.readiness to report where it is used."""
    for e in editions:
        path = rules_path(e.questionnaire, e.edition)
        if path.is_file():
            try:
                remember(path, cache.load_table(path))
            except (OSError, ValueError):  # UnicodeDecodeError and TOMLDecodeError are ValueErrors
                continue


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
    _load_rule_tables(reg.editions, cache)
    cache.save()
    return reg
