"""FastParagraph: a reportlab Paragraph with the same fragments and lines, computed faster.

- its fragments come from markup_cache (the text's shape parsed once per style) when the
  shortcut mirrors reportlab's parser exactly, else from reportlab's parser;
- its CJK lines come from cjk_break (reportlab's algorithm on cached glyph widths) for plain
  fragments, else from reportlab.
Layout and drawing are reportlab's own: a FastParagraph prints exactly as a Paragraph.
`known_size(width)` is what its last wrap returned when that was at `width` (fast_table.Grid
then draws it as a table cell without wrapping it again), else None.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph

from . import cjk_break, markup_cache


class FastParagraph(Paragraph):
    _last_wrap: tuple | None = None  # (width, what wrap returned at that width)

    def __init__(self, text, style, **kwargs):
        fast = None
        if not kwargs and isinstance(text, str):
            fast = markup_cache.fragments(text, style)
        if fast is None:  # split() passes ready fragments; odd markup takes the parser
            super().__init__(text, style, **kwargs)
            return
        cleaned, out_style, frags = fast
        super().__init__(cleaned, out_style, frags=frags)

    def wrap(self, availWidth, availHeight):
        # (reportlab's wrap depends on the width, the style and the fragments, not the height)
        size = super().wrap(availWidth, availHeight)
        self._last_wrap = (availWidth, size)
        return size

    def known_size(self, availWidth):
        """What wrap(availWidth, …) would return, when the last wrap was at that width; else None."""
        last = self._last_wrap
        if last is not None and last[0] == availWidth and getattr(self, "blPara", None) is not None:
            return last[1]
        return None

    def breakLinesCJK(self, maxWidths):
        """reportlab's CJK line breaking, computed on cached glyph widths (cjk_break)."""
        frags = self.frags
        if (getattr(self, "bulletText", None) or not frags or getattr(self, "_splitpara", 0)
                or not cjk_break.supported(frags)):
            return super().breakLinesCJK(maxWidths)
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        self.height = 0
        if len(frags) == 1 and not self.style.endDots:
            f = frags[0]
            lines = [(space, [line]) for space, line in cjk_break.single(f, maxWidths)]
            return f.clone(kind=0, lines=lines, ascent=f.fontSize, descent=-0.2 * f.fontSize)
        return cjk_break.split(frags, maxWidths)

    def drawPara(self, debug=0):
        """reportlab's drawing, replayed when this canvas drew the same lines before (fast_text).

        A paragraph's operators are drawn relative to its own origin (drawOn translates), so the
        same lines (the very object: Para shares them per text, style and width), style, size
        and transparency state give the same operators. They are kept only when drawing had no
        effect beyond them: every text run stable (fast_text), no links, anchors, images or
        bullets, no transparency or spot-colour operators (those register page resources)."""
        canv = self.canv
        paras = getattr(canv, "hsd_paras", None)
        bl = getattr(self, "blPara", None)
        if paras is None or debug or bl is None or not _replayable(self):
            return super().drawPara(debug)
        key = (id(bl), id(self.style), self.width, self.height, type(self),
               tuple(sorted(canv._extgstate._d.items())), getattr(self, "autoLeading", None),
               getattr(self, "_JustifyLast", False), tuple(getattr(self, "_offsets", ())))
        hit = paras.get(key)
        if hit is not None and hit[0] is bl and hit[1] is self.style:
            canv._code.extend(hit[2])
            return None
        code, start, unstable = canv._code, len(canv._code), canv.hsd_unstable
        result = super().drawPara(debug)
        drawn = code[start:]
        if (canv._code is code and canv.hsd_unstable == unstable and len(paras) < 20000
                and not any(" gs" in c or "scn" in c or " cs" in c for c in drawn)):
            paras[key] = (bl, self.style, drawn)
        return result


def _replayable(p) -> bool:
    if getattr(p, "bulletText", None) or getattr(p.style, "endDots", None):
        return False
    return not any(getattr(f, "link", None) or getattr(f, "cbDefn", None) or getattr(f, "us_lines", None)
                   for f in p.frags)
