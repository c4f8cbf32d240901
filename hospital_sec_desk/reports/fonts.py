"""The bundled Japanese font, registered once in reportlab (embedded and subset).

reportlab embeds TrueType fonts as subsets automatically; CFF-outline .otf files
are not supported, which is why the bundle carries IPAexGothic as a .ttf.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..paths import font_path

FONT = "IPAexGothic"
_registered = False


def register_fonts() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont(FONT, str(font_path())))
        # Bold/italic map to the same face: IPAexGothic has one weight, and a
        # missing mapping would make reportlab fall back to Helvetica (tofu).
        from reportlab.lib.fonts import addMapping

        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT, bold, italic, FONT)
        _registered = True
    return FONT
