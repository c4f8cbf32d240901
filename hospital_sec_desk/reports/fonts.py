"""The bundled Japanese fonts, registered once in reportlab (embedded and subset).

- IPAexGothic (ipaexg.ttf): every text.
- HSD Names Fallback (hsd-names-fallback.ttf, built by packaging/make_name_font.py from IPAmj明朝,
  IPA Font License): only the characters IPAexGothic lacks — JIS X 0213 kanji and 𠮷 — drawn per
  character run (pdf_base.safe), so a name such as 𠮷田 prints right. reportlab embeds only the
  glyphs used.
reportlab embeds TrueType fonts as subsets automatically; CFF-outline .otf files
are not supported, which is why the bundle carries .ttf files.

Parsing the two files costs about 0.12 s; with `use_cache(folder)` (the app passes its data
folder's cache/) the parsed fonts come from font_cache.FontCache, keyed by each file's sha256
(a few milliseconds). Fonts are built as font_cache.Font: reportlab's TTFont with a faster
splitString (same subsets and bytes).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts

from ..paths import font_path, resource
from .font_cache import CACHE_NAME, FontCache

FONT = "IPAexGothic"
FALLBACK = "HSDNamesFallback"
FALLBACK_FILE = "hsd-names-fallback.ttf"
_registered = False
_cache_dir: Path | None = None
_original_cmap = ttfonts.makeToUnicodeCMap


def _utf16_hex(cp: int) -> str:
    return chr(cp).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname, subset):
    """reportlab 5.1 writes a code point above U+FFFF as odd-length hex (<20BB7>), so 𠮷 cannot be
    copied or searched in the PDF; a ToUnicode CMap wants UTF-16BE (a surrogate pair)."""
    text = _original_cmap(fontname, subset)
    if all(v <= 0xFFFF for v in subset):
        return text
    for i, v in enumerate(subset):
        if v > 0xFFFF:
            text = text.replace(f"<{i:02X}> <{v:04X}>", f"<{i:02X}> <{_utf16_hex(v)}>")
    return text


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def use_cache(folder: Path | None) -> None:
    """Keep the parsed fonts in `folder` (created when missing; None: no cache). Takes effect
    when the fonts are first registered in this process."""
    global _cache_dir
    _cache_dir = Path(folder) if folder is not None else None


def register_fonts() -> str:
    global _registered
    if not _registered:
        cache = FontCache(_cache_dir / CACHE_NAME if _cache_dir is not None else None)
        pdfmetrics.registerFont(cache.load(FONT, font_path()))
        pdfmetrics.registerFont(cache.load(FALLBACK, resource("fonts", FALLBACK_FILE)))
        cache.save()
        # Bold/italic map to the same face: each font has one weight, and a
        # missing mapping would make reportlab fall back to Helvetica (tofu).
        for face in (FONT, FALLBACK):
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(face, bold, italic, face)
        _registered = True
    return FONT


@lru_cache(maxsize=1)
def main_coverage() -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(register_fonts()).face.charToGlyph)


@lru_cache(maxsize=1)
def fallback_coverage() -> frozenset[int]:
    """Code points only the fallback font has."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(FALLBACK).face.charToGlyph) - main_coverage()


def printable_coverage() -> frozenset[int]:
    """Every code point a printed page can show (for domain.glyphs.unprintable)."""
    return main_coverage() | fallback_coverage()
