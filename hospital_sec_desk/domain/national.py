"""Published national figures (resources/national_figures.toml) and their lookup.

A figure belongs to a questionnaire's stable item key, so it shows beside that item
in any edition that has the key. Figures are printed with the period the survey ran
in and their source, always (see the data file's header on survey labels).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from ..paths import resource
from .record import record

FORMAT_VERSION = 1


@record
class Band:
    min_beds: int | None
    max_beds: int | None
    percent: float
    source: str

    def contains(self, beds: int | None) -> bool:
        if beds is None:
            return False
        return ((self.min_beds is None or beds >= self.min_beds)
                and (self.max_beds is None or beds <= self.max_beds))

    @property
    def label(self) -> str:
        if self.min_beds is not None and self.max_beds is not None:
            return f"{self.min_beds}〜{self.max_beds}床"
        if self.max_beds is not None:
            return f"{self.max_beds}床以下"
        return f"{self.min_beds}床以上"


@record
class Figure:
    questionnaire: str
    item: str
    label: str
    survey: str
    year: int
    conducted: str
    percent: float
    population: str
    source: str
    bands: tuple[Band, ...] = ()

    def band_for(self, beds: int | None) -> Band | None:
        return next((b for b in self.bands if b.contains(beds)), None)


class NationalFigures:
    def __init__(self, figures: list[Figure]):
        self.figures = figures
        self._by_item: dict[tuple[str, str], list[Figure]] = {}
        for f in sorted(figures, key=lambda f: f.year, reverse=True):
            self._by_item.setdefault((f.questionnaire, f.item), []).append(f)

    def for_item(self, questionnaire: str, key: str) -> list[Figure]:
        """The item's figures, newest survey first (empty when none is published)."""
        return list(self._by_item.get((questionnaire, key), ()))

    def newest(self, questionnaire: str, key: str) -> Figure | None:
        found = self._by_item.get((questionnaire, key))
        return found[0] if found else None

    def band_figure(self, questionnaire: str, key: str, beds: int | None) -> tuple[Figure, Band] | None:
        """The newest figure with a bed-size band holding `beds`, and that band."""
        for f in self._by_item.get((questionnaire, key), ()):
            band = f.band_for(beds)
            if band is not None:
                return f, band
        return None


def _num(entry: dict, name: str, where: str, required: bool = True) -> float | None:
    value = entry.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"{where}.{name}: must be a number")
    return value


def parse_figures(raw: dict, where: str = "national_figures.toml") -> NationalFigures:
    if raw.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"{where}: format_version must be {FORMAT_VERSION}")
    sources = raw.get("sources", {})

    def source(name: str, w: str) -> str:
        if name not in sources:
            raise ValueError(f"{w}.source: unknown source {name!r}")
        return sources[name]

    figures: list[Figure] = []
    for n, e in enumerate(raw.get("figures", [])):
        w = f"{where}: figures[{n}]"
        for name in ("questionnaire", "item", "label", "survey", "conducted", "population", "source"):
            if not isinstance(e.get(name), str) or not e[name].strip():
                raise ValueError(f"{w}.{name}: missing")
        percent = _num(e, "percent", w)
        if not 0 <= percent <= 100:
            raise ValueError(f"{w}.percent: {percent} is not a percentage")
        bands = tuple(Band(_num(b, "min_beds", w, False), _num(b, "max_beds", w, False),
                           _num(b, "percent", w), source(b.get("source", e["source"]), w))
                      for b in e.get("bands", []))
        figures.append(Figure(e["questionnaire"], e["item"], e["label"], e["survey"], int(_num(e, "year", w)),
                              e["conducted"], percent, e["population"], source(e["source"], w), bands))
    return NationalFigures(figures)


@lru_cache(maxsize=4)
def load_national(path: Path | None = None) -> NationalFigures:
    path = Path(path) if path else resource("national_figures.toml")
    return parse_figures(tomllib.loads(path.read_text(encoding="utf-8")), path.name)


def _pct(value: float) -> str:
    return f"{value:g}%"


def figure_cell_text(figures: NationalFigures, questionnaire: str, key: str, beds: int | None) -> str:
    """Short text for a table cell: '全国 86%（2024年調査）' and the bed-band figure if any."""
    newest = figures.newest(questionnaire, key)
    if newest is None:
        return ""
    text = f"全国 {_pct(newest.percent)}（{newest.year}年調査）"
    banded = figures.band_figure(questionnaire, key, beds)
    if banded is not None:
        fig, band = banded
        text += f"\n{band.label} {_pct(band.percent)}" + ("" if fig is newest else f"（{fig.year}年調査）")
    return text


def figure_detail(figures: NationalFigures, questionnaire: str, key: str, beds: int | None) -> str:
    """Every figure of the item with survey period, population and source (tooltip / report)."""
    lines: list[str] = []
    for f in figures.for_item(questionnaire, key):
        lines.append(f"{f.label}：{_pct(f.percent)}")
        lines.append(f"  調査：{f.conducted}実施（{f.survey}調査）／対象：{f.population}")
        band = f.band_for(beds)
        if band is not None:
            lines.append(f"  病床規模 {band.label}（この病院の病床数 {beds}床）：{_pct(band.percent)}"
                         f"　出典：{band.source}")
        lines.append(f"  出典：{f.source}")
    return "\n".join(lines)
