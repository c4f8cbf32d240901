"""fast_table.Grid replays a table drawn before with the same key: a document of repeated tables
(strings, empty cells, paragraphs and lists of them, backgrounds, zebra rows, dashed lines,
splits across pages) and of tables that differ from them in one thing only (a column width, a
row height, a background, a line, a cell's colour, font size, alignment, padding or text, a
paragraph style, a string) has the bytes of reportlab's Table on reportlab's
canvas; repeated tables are replayed, and tables with links or transparent colours are not
kept."""

from __future__ import annotations

import io
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas as RlCanvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Table

from hospital_sec_desk.reports import pdf_base
from hospital_sec_desk.reports.fast_table import Grid
from hospital_sec_desk.reports.fast_text import Canvas
from hospital_sec_desk.reports.fonts import register_fonts
from hospital_sec_desk.reports.pdf_base import Para, grid_style

BASE = [("BACKGROUND", (0, 0), (-1, 0), pdf_base.SHADE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]


class Alpha(Flowable):
    """Sets a transparent fill (a page-level state the replay key must see)."""

    def wrap(self, aW, aH):
        return 0, 0

    def draw(self):
        self.canv.setFillAlpha(0.5)


@lru_cache(maxsize=1)
def _styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    """One style object per look, as the report's styles are (paragraphs share lines per style)."""
    font = register_fonts()
    return (ParagraphStyle("p", fontName=font, fontSize=8.5, leading=11.5, wordWrap="CJK"),
            ParagraphStyle("o", fontName=font, fontSize=8.5, leading=12.5, wordWrap="CJK"))


def _table(table_class, variant: str = "", rows: int = 12):
    plain, other = _styles()
    data = [["項番", "確認項目", "確認結果", "確認日"]]
    for i in range(rows):
        text = f"{i + 1}. バックアップをオフラインで保管していますか？" * (1 + i % 2)
        if variant == "text" and i == 3:  # other characters, the same widths: the same size
            text = text.replace("保管", "保存")
        first = Para(text, other if variant == "pstyle" and i == 2 else plain)
        date = "2026年6月2日" if variant == "date" and i == 4 else "2026年6月1日"
        data.append([str(i + 1), first, [Para("はい・いいえ", plain), Para("備考", plain)] if i % 3 else "",
                     "" if i % 4 else date])
    widths = [30, 250, 110, 70]
    if variant == "width":
        widths = [30, 251, 109, 70]
    extra = list(BASE)
    extra += [("BACKGROUND", (0, r), (-1, r), pdf_base.SHADE_LIGHT) for r in range(2, rows + 1, 2)]
    extra.append(("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.HexColor("#1f5fbf"), None, [2, 1]))
    if variant == "background":
        extra.append(("BACKGROUND", (2, 5), (2, 5), colors.HexColor("#fff3e0")))
    if variant == "line":
        extra.append(("LINEABOVE", (0, 7), (-1, 7), 0.6, colors.black))
    if variant == "colour":
        extra.append(("TEXTCOLOR", (0, 4), (0, 4), colors.HexColor("#b00020")))
    if variant == "fontsize":
        extra.append(("FONTSIZE", (0, 6), (0, 6), 7))
    if variant == "align":
        extra.append(("ALIGN", (1, 3), (1, 3), "RIGHT"))
    if variant == "padding":
        extra.append(("LEFTPADDING", (2, 2), (2, 2), 5))
    if variant == "link":
        extra.append(("HREF", (0, 1), (0, 1), "https://www.mhlw.go.jp/"))
    heights = None
    if variant == "height":
        heights = [None] * (rows + 1)
        heights[0] = 30
    return table_class(data, colWidths=widths, rowHeights=heights, repeatRows=1, style=grid_style(1, extra),
                       hAlign="LEFT")


VARIANTS = ["", "width", "height", "background", "line", "colour", "fontsize", "align", "padding", "text",
            "pstyle", "date", "link"]


def _story(table_class) -> list:
    story = []
    for _ in range(3):
        for variant in VARIANTS:
            story += [_table(table_class, variant), _table(table_class, variant, rows=40), PageBreak()]
    story += [Alpha(), _table(table_class), _table(table_class)]
    return story


def _build(table_class, canvasmaker) -> tuple[bytes, list]:
    pdf_base.forget_layouts()
    made = []

    def maker(*args, **kwargs):
        made.append(canvasmaker(*args, **kwargs))
        return made[-1]

    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(_story(table_class), canvasmaker=maker)
    pdf_base.forget_layouts()
    return buf.getvalue(), made


def test_replayed_tables_write_reportlabs_bytes(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    replays = []

    class Counting(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.hsd_tables = Tables()

    class Tables(dict):
        def get(self, key, default=None):
            found = super().get(key, default)
            replays.append(found is not None)
            return found

    plain, _ = _build(Table, RlCanvas)
    fast, made = _build(Grid, Counting)
    assert fast == plain
    assert sum(replays) >= 2 * len(VARIANTS) * 2  # the second and third rounds replayed
    kept = made[-1].hsd_tables
    assert len(kept) >= len(VARIANTS) - 1  # the variants were told apart
    assert not any("/URI" in "".join(code) for _, code in kept.values())
    assert not any(" gs" in c for _, code in kept.values() for c in code)


def test_a_table_with_a_link_is_drawn_each_time():
    c = Canvas(io.BytesIO())
    table = _table(Grid, "link")
    table.wrapOn(c, 500, 800)
    for _ in range(2):
        table.drawOn(c, 20, 20)
    assert not c.hsd_tables
