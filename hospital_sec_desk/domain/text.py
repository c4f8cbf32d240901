"""Cleaning of user-typed text and dates (pure functions shared by UI, storage checks and CLI)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MAX_TEXT = 10_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def clean_text(text: str, multiline: bool = False, limit: int = MAX_TEXT) -> str:
    """Drop control characters (keeping tab, and newlines when multiline); cap the length.

    Markup characters such as < & are kept as typed: every consumer treats text as
    plain text, never as markup.
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not multiline:
        text = text.replace("\n", " ")
    return text[:limit]


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, the cut marked with …"""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_date(text: str) -> tuple[str, str | None]:
    """'2026-05-01', '2026/5/1', '２０２６年５月１日' -> ('2026-05-01', None); '' -> ('', None).

    On a bad date returns ('', message in Japanese); the caller keeps what was typed.
    """
    raw = unicodedata.normalize("NFKC", text).strip()
    if not raw:
        return "", None
    m = _DATE.match(raw)
    if not m:
        return "", "日付は「2026-05-01」の形で入力してください。"
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return "", "存在しない日付です。"
    if not 2000 <= day.year <= 2200:
        return "", "年が範囲外です（2000〜2200年）。"
    return day.isoformat(), None
