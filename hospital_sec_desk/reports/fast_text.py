"""Text operators of a TrueType text run, formatted once per document and reused.

reportlab's PDFTextObject._formatText turns a run of text into PDF operators: the font's subset
switches (`/F1+0 10 Tf 14 TL`) and the escaped subset bytes (`(...) Tj`). A report formats the
same runs many times (a vendor's sheets, the checklist per vendor, the page furniture): 3,303
runs of 1,106 distinct ones for 6 vendors, 15,855 of 1,991 for 70 vendors.

`TextObject._formatText` keeps reportlab's result per canvas (one canvas: one document), keyed
by everything the result depends on: the text, the font's name, size and leading, and the
subset the text object is in before the run. A result is kept only when it can no longer
change within the document: the font is a subsetting TrueType font whose subsets already have
a PDF name there, and every character of the run already has its code there (so formatting it
again assigns nothing and gives the same operators). Then the cached operators and the subset
the run ends in are exactly what reportlab would produce again. Anything else (a new
character, a shaped string, a standard font) is formatted by reportlab as before.
"""

from __future__ import annotations

from operator import itemgetter

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen.textobject import PDFTextObject

_MAX_RUNS = 50000  # per document


class TextObject(PDFTextObject):
    def _formatText(self, text):
        runs = getattr(self._canvas, "hsd_runs", None)
        if runs is None or type(text) is not str:
            return super()._formatText(text)
        key = (text, self._fontname, self._fontsize, self._leading, self._curSubset)
        hit = runs.get(key)
        if hit is not None:
            self._curSubset = hit[1]
            return hit[0]
        stable = _stable(self._fontname, text, self._canvas._doc)
        code = super()._formatText(text)
        if not stable:
            self._canvas.hsd_unstable += 1  # (a paragraph drawing this run is not replayed)
        elif len(runs) < _MAX_RUNS:
            runs[key] = (code, self._curSubset)
        return code


def _stable(font_name: str, text: str, doc) -> bool:
    """True when formatting `text` in `doc` can assign nothing new (see the module docstring)."""
    font = getFont(font_name)
    if not getattr(font, "_dynamicFont", False) or getattr(font, "shapable", False):
        return False
    state = getattr(font, "state", {}).get(doc)
    if state is None or state.internalName is None:
        return False
    return all(map(state.assignments.__contains__, map(ord, text)))  # (every code assigned)


class Canvas(rl_canvas.Canvas):
    """A reportlab Canvas whose text objects reuse formatted runs (TextObject); its saveState
    keeps the same attributes as reportlab's, fetched at once (a report saves the state
    12,000 times for 70 vendors: every table cell and paragraph)."""

    _STATE_NAMES = tuple(rl_canvas.Canvas.STATE_ATTRIBUTES)
    _state_of = staticmethod(itemgetter(*_STATE_NAMES))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hsd_runs: dict = {}
        self.hsd_unstable = 0  # runs formatted while they could still change (new characters...)
        self.hsd_paras: dict = {}  # drawn paragraphs, see fast_paragraph.FastParagraph.drawPara
        self.hsd_tables: dict = {}  # drawn tables, see fast_table.Grid.draw

    def push_state_stack(self):
        self.state_stack.append(self._state_of(self.__dict__))
        self._extgstate = self._extgstate.pushCopy()

    def pop_state_stack(self):
        self.__dict__.update(zip(self._STATE_NAMES, self.state_stack.pop()))

    def beginText(self, x=0, y=0, direction=None):
        return TextObject(self, x, y, direction=direction)
