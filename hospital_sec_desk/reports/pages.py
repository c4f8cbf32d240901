"""The report's page furniture: running header, footer, page numbers, the 「暫定」 band.

- Every page but the cover carries a header (病院名, 年度, the part) and a footer (「x / y ページ」,
  印刷日). The cover has neither (PartMarker with bare=True).
- A page showing questions of a stand-in edition (a 「暫定」 edition, registry.status) carries a red
  band above the header with the reason, on every page of that part (EditionMarker).
Page totals come from NumberedCanvas, which keeps each page until the end and stamps the numbers
when the count is known (one layout pass).
"""

from __future__ import annotations

from copy import deepcopy
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import Frame

from ..domain.dates import printed_date
from .context import ReportContext
from .fast_text import Canvas
from .fonts import FALLBACK, fallback_coverage, register_fonts
from .pdf_base import FRAME_W, INK, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MUTED, PAGE, RULE, PartMarker, clean

APP_FOOTER = "病院サイバーセキュリティ点検デスク"
PROVISIONAL_RED = colors.HexColor("#b00020")
BAND_SIZE = 7.0  # pt: the 「暫定」 reason above the header
BAND_LINES = 3


_ATOMIC = frozenset({int, float, str, bool, type(None)})


class BodyFrame(Frame):
    """reportlab's Frame, deep-copied faster: reportlab copies the current frame (copy.deepcopy)
    each time it measures a list of flowables (_listWrapOn: every KeepTogether, 168 times for 6
    vendors), through its generic object protocol, one deepcopy call per attribute. This one
    makes the same copy directly: a new instance of the class whose __dict__ holds the same
    numbers, strings and None (which deepcopy returns as they are) and a deep copy of anything
    else (the background list), registered in `memo` as deepcopy registers it
    (tests/reports/test_body_frame.py compares both copies)."""

    def __deepcopy__(self, memo):
        cls = self.__class__
        new = cls.__new__(cls)
        memo[id(self)] = new
        attrs = new.__dict__
        for name, value in self.__dict__.items():
            attrs[name] = value if type(value) in _ATOMIC else deepcopy(value, memo)
        return new


class PartStart(PartMarker):
    """Starts a part: its label, whether its pages are bare (the cover), no 「暫定」 band yet."""

    def __init__(self, label: str, bare: bool = False):
        super().__init__(label)
        self.bare = bare

    def draw(self):
        self.canv.part_label = self.label
        self.canv.part_bare = self.bare
        self.canv.provisional_notes = ()


class EditionMarker(PartMarker):
    """Marks the pages of the current part as showing questions of 「暫定」 editions."""

    def __init__(self, notes: tuple[str, ...]):
        super().__init__("")
        self.notes = notes

    def draw(self):
        self.canv.provisional_notes = self.notes


class NumberedCanvas(Canvas):
    """Keeps every page, then stamps 「x / y ページ」 once the total is known (not on a bare page).
    Its text runs are formatted once per document (fast_text)."""

    def __init__(self, *args, **kwargs):
        # The embedded font from the first page on: no unembedded Helvetica in the file.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or register_fonts()
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self.page_is_bare = False
        self.page_sheet = None

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self.page_sheet = getattr(self, "sheet_group", None)  # the next page continues that sheet
        self.page_is_bare = False
        self._startPage()

    def save(self):
        total = len(self._pages)
        sheets: dict = {}
        for state in self._pages:
            if state.get("page_sheet") is not None:
                sheets[state["page_sheet"]] = sheets.get(state["page_sheet"], 0) + 1
        seen: dict = {}
        for state in self._pages:
            self.__dict__.update(state)
            if not state.get("page_is_bare"):
                text = f"{self._pageNumber} / {total} ページ"
                group = state.get("page_sheet")
                if group is not None:  # a vendor sheet is numbered on its own
                    seen[group] = seen.get(group, 0) + 1
                    text = f"この照会票 {seen[group]} / {sheets[group]} ページ（全体 {text}）"
                self.saveState()
                self.setFont(register_fonts(), 8.5)
                self.setFillColor(INK)
                self.drawCentredString(PAGE[0] / 2, MARGIN_BOTTOM - 10 * mm, text)
                self.restoreState()
            super().showPage()
        super().save()


@lru_cache(maxsize=512)  # the same header texts on every page
def fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Break plain text into lines no wider than `width` (character by character, for CJK)."""
    return list(_wrap_lines(text, font, size, width))


@lru_cache(maxsize=64)  # the 「暫定」 band: the same text on every page of a part
def _wrap_lines(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    lines, line = [], ""
    for ch in text:
        if ch == "\n" or stringWidth(line + ch, font, size) > width:
            lines.append(line)
            line = "" if ch == "\n" else ch
        else:
            line += ch
    if line:
        lines.append(line)
    return tuple(lines)


def draw_runs(canv: canvas.Canvas, x: float, y: float, text: str, font: str, size: float,
              align: str = "left") -> None:
    """Draw plain text, characters only the names fallback font has (𠮷) in that font."""
    extra = fallback_coverage()
    runs: list[tuple[str, str]] = []
    for ch in text:
        face = FALLBACK if ord(ch) in extra else font
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + ch)
        else:
            runs.append((face, ch))
    width = sum(stringWidth(t, f, size) for f, t in runs)
    if align == "right":
        x -= width
    for face, part in runs:
        canv.setFont(face, size)
        canv.drawString(x, y, part)
        x += stringWidth(part, face, size)


def _band(canv: canvas.Canvas, notes: tuple[str, ...], font: str) -> None:
    text = "【暫定】" + "　".join(clean(n) for n in notes)
    lines = wrap_lines(text, font, BAND_SIZE, FRAME_W)
    if len(lines) > BAND_LINES:
        lines = lines[:BAND_LINES - 1] + [fit("".join(lines[BAND_LINES - 1:]), font, BAND_SIZE, FRAME_W)]
    canv.setFillColor(PROVISIONAL_RED)
    canv.setFont(font, BAND_SIZE)
    y = PAGE[1] - 6.5 * mm
    for line in lines:
        canv.drawString(MARGIN_X, y, line)
        y -= BAND_SIZE * 1.3


def decorate(ctx: ReportContext):
    font = register_fonts()
    hospital = clean(ctx.facility.get("name") or "（病院名未入力）", 200, fallback=True).replace("\n", " ")
    printed = f"印刷日：{printed_date(ctx.printed_on)}"

    def on_page_end(canv: canvas.Canvas, doc) -> None:
        if getattr(canv, "part_bare", False):
            canv.page_is_bare = True
            return
        top = PAGE[1] - MARGIN_TOP + 5 * mm
        right_text = clean(f"{ctx.nendo}　{getattr(canv, 'part_label', '')}".strip())
        left_w = min(stringWidth(hospital, font, 10), FRAME_W * 0.45)
        right_w = FRAME_W - left_w - 6 * mm
        canv.saveState()
        notes = getattr(canv, "provisional_notes", ())
        if notes:
            _band(canv, notes, font)
        canv.setFillColor(INK)
        canv.setFont(font, 9)
        canv.drawRightString(PAGE[0] - MARGIN_X, top, fit(right_text, font, 9, right_w))
        draw_runs(canv, MARGIN_X, top, fit(hospital, font, 10, left_w), font, 10)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, top - 2.5 * mm, PAGE[0] - MARGIN_X, top - 2.5 * mm)
        bottom = MARGIN_BOTTOM - 10 * mm
        canv.line(MARGIN_X, MARGIN_BOTTOM - 5 * mm, PAGE[0] - MARGIN_X, MARGIN_BOTTOM - 5 * mm)
        canv.setFont(font, 7.5)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_X, bottom, APP_FOOTER)
        canv.drawRightString(PAGE[0] - MARGIN_X, bottom, printed)
        canv.restoreState()

    return on_page_end
