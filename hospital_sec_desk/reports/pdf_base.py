"""Shared PDF pieces: styles, safe text for Paragraph, headings, table styles.

Every piece of user (or edition) text goes through `safe()` before it reaches a
Paragraph: it is escaped (never parsed as markup); characters IPAexGothic lacks but the
names fallback font has (𠮷, JIS X 0213 kanji) are drawn from that font, per run; what
neither font has (emoji) is replaced visibly with 〓 instead of printing tofu.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from ..domain.text import shorten
from . import fast_numbers
from .fast_paragraph import FastParagraph
from .fast_table import Grid
from .fonts import FALLBACK, fallback_coverage, main_coverage, register_fonts

fast_numbers.install()  # every PDF module imports this one: reportlab's fp_str remembered

PAGE = A4
MARGIN_X = 15 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_W = PAGE[0] - 2 * MARGIN_X
FRAME_H = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM

INK = colors.HexColor("#1b2a3a")
ACCENT = colors.HexColor("#1f5fbf")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9aa3ad")
SHADE = colors.HexColor("#e8edf3")
SHADE_LIGHT = colors.HexColor("#f5f7fa")
STATUS_COLORS = {  # same meaning as the app's side list; answered items by tone
    "good": "#2e7d32",
    "attention": "#c0392b",
    "neutral": "#1b2a3a",
    "未回答": "#b00020",
    "前年度から引継ぎ（未確認）": "#a15c00",
    "対象外": "#777777",
}

REPLACEMENT = "〓"
_SPACES = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u205f]")
CELL_LIMIT = 300


# The characters a font prints, as code points: building these sets from the fonts' tables is
# cheap, where sets of one-character strings (15,000 strings made and hashed) cost 1 % of a print.
@lru_cache(maxsize=1)
def _printable_main() -> frozenset[int]:
    """Every code point the bundled font can print, and the newline."""
    return main_coverage() | {ord("\n")}


@lru_cache(maxsize=1)
def _printable_any() -> frozenset[int]:
    """Every code point the main or the fallback font can print, and the newline."""
    return _printable_main() | fallback_coverage()


def _replacement(ch: str) -> str:
    if unicodedata.category(ch) in ("Cc", "Cf", "Mn") or 0xFE00 <= ord(ch) <= 0xFE0F:
        return ""  # controls, zero-width joiners, variation selectors: nothing to see
    return REPLACEMENT


def clean(text: object, limit: int | None = None, *, fallback: bool = False) -> str:
    """Plain text safe for the font: unknown characters -> 〓, controls dropped.

    Newlines are kept (callers decide how to break); `limit` shortens with …
    With `fallback`, characters the names fallback font has are kept (safe() draws them).
    """
    s = unicodedata.normalize("NFC", "" if text is None else str(text))
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = _SPACES.sub(" ", s)
    if limit is not None:
        s = shorten(s, limit)
    printable = _printable_any() if fallback else _printable_main()
    if printable.issuperset(map(ord, s)):
        return s
    return "".join(ch if ord(ch) in printable else _replacement(ch) for ch in s)


def escape(text: str) -> str:
    """xml.sax.saxutils.escape (whose import pulls in urllib.request, email and ssl: 25 ms)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


_SAFE: dict[tuple[str, int | None], str] = {}
_SAFE_MAX = 20000


def safe(text: object, limit: int | None = None) -> str:
    """Paragraph markup for literal text: cleaned, escaped, newlines as <br/>; runs of characters
    only the fallback font has are wrapped in <font name=…>. (Kept per text: a report makes the
    same cells many times.)"""
    if type(text) is not str:
        return _safe(text, limit)
    key = (text, limit)
    markup = _SAFE.get(key)
    if markup is None:
        if len(_SAFE) >= _SAFE_MAX:
            _SAFE.clear()
        markup = _SAFE[key] = _safe(text, limit)
    return markup


def _safe(text: object, limit: int | None) -> str:
    s = clean(text, limit, fallback=True)
    extra = fallback_coverage()
    if extra.isdisjoint(map(ord, s)):
        return escape(s).replace("\n", "<br/>")
    out, run, in_fb = [], "", False
    for ch in s + "\0":
        fb = ord(ch) in extra
        if (fb != in_fb or ch == "\0") and run:
            out.append(f'<font name="{FALLBACK}">{escape(run)}</font>' if in_fb else escape(run))
            run = ""
        in_fb = fb
        run += ch
    return "".join(out).replace("\n", "<br/>")


def coloured(text: str, hex_color: str) -> str:
    """Markup for an already-safe string in a colour."""
    return f'<font color="{hex_color}">{text}</font>'


def answer_markup(row, limit: int | None = None, flag: bool = True) -> str:
    """A report row's answer (text, 対象外, 未回答, carry-over) coloured by its tone."""
    text = safe(row.display, limit)
    if flag and row.tone == "attention":
        text += "（要対応）"
    return coloured(text, STATUS_COLORS.get(row.tone, "#000000"))


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK", textColor=INK)

    def st(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "base": base,
        "title": st("title", fontSize=22, leading=30, alignment=TA_CENTER, spaceAfter=6 * mm),
        "subtitle": st("subtitle", fontSize=13, leading=19, alignment=TA_CENTER, textColor=MUTED),
        # headings keep with what follows: never alone at the foot of a page
        "h1": st("h1", fontSize=15, leading=20, textColor=colors.white, backColor=INK,
                 borderPadding=(3, 4, 4, 4), spaceAfter=4 * mm, spaceBefore=0, keepWithNext=1),
        "h2": st("h2", fontSize=12, leading=17, textColor=INK, spaceBefore=4 * mm, spaceAfter=2 * mm,
                 borderColor=ACCENT, borderWidth=0, borderPadding=(0, 0, 1, 0), keepWithNext=1),
        "h3": st("h3", fontSize=10.5, leading=15, spaceBefore=3 * mm, spaceAfter=1 * mm, keepWithNext=1),
        "body": base,
        "indent": st("indent", leftIndent=8 * mm),
        "note": st("note", fontSize=8.5, leading=12, textColor=MUTED),
        "small": st("small", fontSize=7.5, leading=10.5, textColor=MUTED, leftIndent=8 * mm),
        "cell": st("cell", fontSize=8.5, leading=11.5),
        "cell_small": st("cell_small", fontSize=7.5, leading=10),
        "cell_head": st("cell_head", fontSize=8.5, leading=11.5, textColor=INK),
        "cell_big": st("cell_big", fontSize=10, leading=13),
        "cell_r": st("cell_r", fontSize=8.5, leading=11.5, alignment=TA_RIGHT),
        "cell_c": st("cell_c", fontSize=8.5, leading=11.5, alignment=TA_CENTER),
    }


# Spans a line never breaks inside: dates (2026年6月15日（令和8年）, 2026/06/15), 「…御中」 with the
# character before it, katakana words (company names), phone numbers and codes.
KEEP = tuple(re.compile(p) for p in (  # separate patterns: their spans may overlap (ネットワーク, ク御中)
    r"\d{4}年\d{1,2}月\d{1,2}日", r"（[令平昭][和成]\d{1,2}年）", r"\d{4}[/-]\d{1,2}[/-]\d{1,2}", r"\S御中",
    r"[ァ-ヺー・]{2,16}", r"[0-9A-Za-z()+\-]{6,}"))
KEEP_TRIES = 6

_FRAGS: dict[tuple[str, int], tuple[ParagraphStyle, list]] = {}
_FRAGS_MAX = 20000
# (text, style, width) -> the lines of that paragraph: one report prints the same texts many
# times (each vendor's sheets, the checklist per vendor); see Para.wrap. Emptied per report.
_LAYOUTS: dict[tuple[str, int, float], tuple] = {}
_LAYOUTS_MAX = 20000


def forget_layouts() -> None:
    _LAYOUTS.clear()


def _own_lines(bl):
    """A copy of a paragraph's lines that split() may change (it appends spaces to words)."""
    if getattr(bl, "kind", 0) != 1:
        return bl
    return bl.clone(lines=[line.clone(words=[w.clone() for w in line.words]) for line in bl.lines])


class Para(FastParagraph):
    """A Paragraph that parses its markup once per text and breaks its lines once per width.

    Tables, KeepTogether and the frame each wrap a paragraph, usually at the same
    width; CJK line breaking is the costliest step of the whole report (FastParagraph
    computes reportlab's lines faster; here they are kept per width). Parsed
    fragments are kept (cloned on reuse), so a preview rebuilt after ticking a part
    does not parse the same edition texts again.
    """

    _wrapped_at: float | None = None
    _source: str | None = None  # the markup given (None: a part made by split())
    _shared_lines = False

    def __init__(self, text: str, style: ParagraphStyle, **kwargs):
        if kwargs or not isinstance(text, str):  # split() passes ready fragments
            super().__init__(text, style, **kwargs)
            return
        self._source = text
        key = (text, id(style))
        cached = _FRAGS.get(key)
        if cached is not None and cached[0] is style:  # (the style held: its id is not reused)
            super().__init__(text, style, frags=[f.clone() for f in cached[1]])
            return
        super().__init__(text, style)
        if len(_FRAGS) < _FRAGS_MAX and not getattr(self, "bulletText", None):
            _FRAGS[key] = (style, [f.clone() for f in self.frags])

    def wrap(self, availWidth, availHeight):
        if self._wrapped_at == availWidth and getattr(self, "blPara", None) is not None:
            return self.width, self.height
        key = None
        if self._source is not None and self.style.wordWrap == "CJK" and not self.bulletText:
            key = (self._source, id(self.style), availWidth)
            known = _LAYOUTS.get(key)
            if known is not None and known[0] is self.style:  # the same text, style and width
                _, frags, self.blPara, self.width, self.height, widths = known
                self.frags, self._wrapWidths = list(frags), list(widths)
                self._wrapped_at, self._shared_lines = availWidth, True
                return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        for _ in range(KEEP_TRIES):  # move a break that fell inside a date, 御中 or a word
            if not self._break_before_kept(availWidth):
                break
            size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        if key is not None and getattr(self, "blPara", None) is not None:
            if len(_LAYOUTS) >= _LAYOUTS_MAX:
                _LAYOUTS.clear()
            _LAYOUTS[key] = (self.style, list(self.frags), self.blPara, self.width, self.height,
                             list(self._wrapWidths))
            self._shared_lines = True
        return size

    def known_size(self, availWidth):
        """What wrap(availWidth, …) returns without wrapping, when that was the width of the
        last wrap (fast_table.Grid draws table cells with it); None otherwise."""
        if self._wrapped_at == availWidth and getattr(self, "blPara", None) is not None:
            return self.width, self.height
        return None

    def split(self, availWidth, availHeight):
        if self._shared_lines and getattr(self, "blPara", None) is not None:
            self.blPara, self._shared_lines = _own_lines(self.blPara), False
        return super().split(availWidth, availHeight)

    def _break_before_kept(self, width: float) -> bool:
        """If a line break falls inside a span that must not break (KEEP), put a forced line
        break before the span instead; True when the frags changed (wrap again)."""
        bl = getattr(self, "blPara", None)
        if bl is None or not self.frags or getattr(self.style, "wordWrap", None) != "CJK":
            return False
        texts = ["".join(getattr(w, "text", "") or "" for w in line.words) if bl.kind == 1
                 else "".join(line[1]) for line in bl.lines]
        plain = "".join(getattr(f, "text", "") or "" for f in self.frags)
        if len(texts) < 2 or sum(len(t) for t in texts) != len(plain):
            return False
        breaks, at = [], 0
        for t in texts[:-1]:
            at += len(t)
            breaks.append(at)
        f0 = self.frags[0]
        spans = [m.span() for pattern in KEEP for m in pattern.finditer(plain)
                 if pdfmetrics.stringWidth(m.group(), f0.fontName, f0.fontSize) < width * 0.9]
        start = next((s for b in breaks for s, e in spans if s < b < e), None)
        if start is None:
            return False
        at = 0
        for i, f in enumerate(self.frags):
            n = len(getattr(f, "text", "") or "")
            if at <= start < at + n or (start == at + n and i == len(self.frags) - 1):
                k = start - at
                br = f.clone()
                br.text = ""
                br.lineBreak = True
                head, tail = f.clone(), f.clone()
                head.text, tail.text = f.text[:k], f.text[k:]
                self.frags[i:i + 1] = ([head] if k else []) + [br, tail]
                self.blPara = None
                return True
            at += n
        return False


def P(markup: str, style: str = "body") -> Paragraph:
    """A Paragraph from markup that is already safe (built with safe())."""
    return Para(markup, styles()[style])


def T(text: object, style: str = "body", limit: int | None = None) -> Paragraph:
    """A Paragraph of literal text."""
    return Para(safe(text, limit), styles()[style])


def cell(text: object, style: str = "cell", limit: int = CELL_LIMIT) -> Paragraph:
    """A table cell of literal text, shortened: a table row cannot split across pages."""
    return Para(safe(text, limit), styles()[style])


def heading(text: str) -> Paragraph:
    return T(text, "h1")


class PartMarker(Flowable):
    """An invisible flowable telling the page header which part is being printed."""

    def __init__(self, label: str):
        super().__init__()
        self.label = label
        self.width = self.height = 0

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv.part_label = self.label


def grid_style(header_rows: int = 1, extra: list | None = None) -> TableStyle:
    cmds = [
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        cmds += [("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
                 ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE")]
    return TableStyle(cmds + (extra or []))


def grid(rows: list[list], widths: list[float], header_rows: int = 1, extra: list | None = None,
         zebra: bool = False) -> Grid:
    """A ruled table; widths are fractions of the frame width (summing to 1)."""
    cmds = list(extra or [])
    if zebra:
        cmds += [("BACKGROUND", (0, r), (-1, r), SHADE_LIGHT)
                 for r in range(header_rows + 1, len(rows), 2)]
    table = Grid(rows, colWidths=[w * FRAME_W for w in widths], repeatRows=header_rows,
                  style=grid_style(header_rows, cmds), hAlign="LEFT")
    return table


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def style_percent_axis(chart, font: str, step: int) -> None:
    """The 0–100 % value axis shared by the summary and trend bar charts."""
    from reportlab.lib import colors

    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, step
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dde2e8")
