"""The one date rule for everything the app prints or shows.

- A date is written 西暦 with 年月日, no zero padding: 「2026年6月15日」 (`jp_date`).
- Where a person reads a single date (the cover, 印刷日, the poster's 確認日, sentences), the 和暦
  year follows in brackets: 「2026年6月15日（令和8年）」 (`printed_date`).
- Stored dates stay ISO (2026-06-15); a stored value that is not a date is printed as given.
docs/editions-format.md ("Dates") repeats this rule.
"""

from __future__ import annotations

import datetime as dt

from .fiscal import era_year


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def jp_date(value: dt.date | str | None) -> str:
    """2026-06-15 -> 「2026年6月15日」; '' for no date; an unreadable value as given."""
    day = _as_date(value)
    if day is None:
        return "" if not value else str(value)
    return f"{day.year}年{day.month}月{day.day}日"


def printed_date(value: dt.date | str | None) -> str:
    """2026-06-15 -> 「2026年6月15日（令和8年）」."""
    day = _as_date(value)
    if day is None:
        return jp_date(value)
    return f"{jp_date(day)}（{era_year(day.year)}）"
