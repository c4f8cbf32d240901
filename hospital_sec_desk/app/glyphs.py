"""Can this text be printed? For every entry field (the UI warns as the user types).

    from hospital_sec_desk.app.glyphs import unprintable_chars, unprintable_warning
    unprintable_chars("𠮷田😀")   -> ["😀"]       (𠮷 prints from the names fallback font)
    unprintable_warning("😀")     -> "「😀」は印刷用の書体にないため…"   ('' when all prints)
"""

from __future__ import annotations

from ..domain.glyphs import unprintable, unprintable_message
from ..reports.fonts import printable_coverage


def unprintable_chars(text: str | None) -> list[str]:
    return unprintable(text, printable_coverage())


def unprintable_warning(text: str | None) -> str:
    return unprintable_message(text, printable_coverage())
