"""FastParagraph: a reportlab Paragraph with the same fragments and lines, computed faster.

- its fragments come from markup_cache (the text's shape parsed once per style) when the
  shortcut mirrors reportlab's parser exactly, else from reportlab's parser;
- its CJK lines come from cjk_break (reportlab's algorithm on cached glyph widths) for plain
  fragments, else from reportlab.
Layout and drawing are reportlab's own: a FastParagraph prints exactly as a Paragraph.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph

from . import cjk_break, markup_cache


class FastParagraph(Paragraph):
    def __init__(self, text, style, **kwargs):
        fast = None
        if not kwargs and isinstance(text, str):
            fast = markup_cache.fragments(text, style)
        if fast is None:  # split() passes ready fragments; odd markup takes the parser
            super().__init__(text, style, **kwargs)
            return
        cleaned, out_style, frags = fast
        super().__init__(cleaned, out_style, frags=frags)

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
