"""年度 (the April–March fiscal year) and Japanese era formatting."""

from __future__ import annotations

import datetime as dt

# (first Western year, era name); Reiwa 1 = 2019, Heisei 1 = 1989.
_ERAS = ((2019, "令和"), (1989, "平成"), (1926, "昭和"))


def fiscal_year(day: dt.date | None = None) -> int:
    """The fiscal year containing `day`, as the Western year of its April."""
    day = day or dt.date.today()
    return day.year if day.month >= 4 else day.year - 1


def era_year(year: int) -> str:
    for start, name in _ERAS:
        if year >= start:
            n = year - start + 1
            return f"{name}{'元' if n == 1 else n}年"
    return f"{year}年"


def nendo_label(year: int) -> str:
    """2026 -> '2026年度（令和8年度）'."""
    return f"{year}年度（{era_year(year)[:-1]}年度）"


def wareki_date(day: dt.date) -> str:
    """2026-11-21 -> '令和8年11月21日'."""
    return f"{era_year(day.year)}{day.month}月{day.day}日"


def is_before_fiscal_year(day: dt.date, year: int) -> bool:
    """True when `day` falls before April 1 of fiscal year `year`."""
    return day < dt.date(year, 4, 1)
