"""Which characters of a text cannot be printed, so every entry field can warn as the user types.

Pure: the printable code points come from the caller (app/glyphs.py passes the bundled fonts'
coverage: IPAexGothic plus the names fallback font). Invisible characters (controls, joiners,
variation selectors) are dropped when printing, not reported.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

REPLACEMENT = "〓"


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Mn") or 0xFE00 <= ord(ch) <= 0xFE0F or \
        0xE0100 <= ord(ch) <= 0xE01EF


def unprintable(text: str | None, coverage: Collection[int]) -> list[str]:
    """The distinct characters of `text` that would print as 〓, in order of appearance."""
    seen: dict[str, None] = {}
    for ch in unicodedata.normalize("NFC", text or ""):
        if ch in "\n\r\t " or ch == REPLACEMENT or ord(ch) in coverage or _invisible(ch):
            continue
        seen.setdefault(ch, None)
    return list(seen)


def unprintable_message(text: str | None, coverage: Collection[int]) -> str:
    """A Japanese warning naming those characters ('' when every character prints)."""
    chars = unprintable(text, coverage)
    if not chars:
        return ""
    return (f"「{'」「'.join(chars)}」は印刷用の書体にないため、印刷すると「〓」になります。"
            "よく似た字や読みがなに置き換えられる場合は置き換えてください。")
