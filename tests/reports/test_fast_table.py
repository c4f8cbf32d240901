"""fast_table.Grid writes exactly the bytes of reportlab's Table for tables of paragraphs (every
alignment and vertical alignment, several paragraphs a cell with space before and after, string
and empty cells, a nested table, links, spans, zebra rows, repeated header rows and splits across
pages), and it does take its shortcut for the paragraph cells."""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas as RlCanvas
from reportlab.platypus import SimpleDocTemplate, Table

from hospital_sec_desk.reports import fast_table, pdf_base
from hospital_sec_desk.reports.fast_paragraph import FastParagraph
from hospital_sec_desk.reports.fast_table import Grid
from hospital_sec_desk.reports.fast_text import Canvas
from hospital_sec_desk.reports.fonts import register_fonts
from hospital_sec_desk.reports.pdf_base import Para, cell, grid_style


def _story(table_class) -> list:
    font = register_fonts()
    plain = ParagraphStyle("p", fontName=font, fontSize=8.5, leading=11.5, wordWrap="CJK")
    spaced = ParagraphStyle("s", parent=plain, spaceBefore=3, spaceAfter=5)
    story = []
    for valign in ("TOP", "MIDDLE", "BOTTOM"):
        for align in ("LEFT", "CENTER", "RIGHT"):
            rows = [["項目", "回答", "備考"]]
            for i in range(14):
                rows.append([
                    cell(f"{i + 1}. バックアップをオフラインで保管していますか？" * (1 + i % 3)),
                    [Para("はい", spaced), Para("定期的に確認" * (i % 4), spaced)],
                    "文字列のセル\n二行目" if i % 5 == 0 else ("" if i % 7 == 0 else cell("備考")),
                ])
            extra = [("VALIGN", (0, 1), (-1, -1), valign), ("ALIGN", (0, 1), (-1, -1), align)]
            extra += [("BACKGROUND", (0, r), (-1, r), pdf_base.SHADE_LIGHT) for r in range(2, len(rows), 2)]
            story.append(table_class(rows, colWidths=[250, 150, 90], repeatRows=1,
                                     style=grid_style(1, extra), hAlign="LEFT"))
    poster_like = ParagraphStyle("f", parent=plain, fontSize=9, leading=12)  # poster.para's paragraphs
    story.append(table_class([[FastParagraph(f"連絡先{i}　電話 03-1234-{i:04d}" * (1 + i % 3), poster_like),
                               [FastParagraph("夜間・休日", poster_like), FastParagraph("内線 123", spaced)]]
                              for i in range(30)], colWidths=[220, 120], repeatRows=1,
                             style=grid_style(1, [("VALIGN", (0, 0), (-1, -1), "MIDDLE")])))
    inner = table_class([[cell("入れ子"), cell("の表")]], colWidths=[60, 60])
    story.append(table_class([[cell("外側"), inner], [cell("結合したセル" * 8), ""]],
                             colWidths=[200, 140],
                             style=grid_style(0, [("SPAN", (0, 1), (1, 1)),
                                                  ("HREF", (0, 0), (0, 0), "https://www.mhlw.go.jp/")])))
    return story


def _build(table_class, canvasmaker) -> bytes:
    pdf_base.forget_layouts()
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(_story(table_class), canvasmaker=canvasmaker)
    pdf_base.forget_layouts()
    return buf.getvalue()


def test_grid_writes_the_same_bytes_as_reportlab_table(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    taken = []
    known = fast_table._known_sizes

    def counting(cellval, width):
        found = known(cellval, width)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(fast_table, "_known_sizes", counting)
    for canvasmaker in (Canvas, RlCanvas):  # the report's canvas and reportlab's own
        taken.clear()
        plain = _build(Table, canvasmaker)
        fast = _build(Grid, canvasmaker)
        assert fast == plain
        assert sum(taken) > 9 * 14 * 2 + 30 * 2  # the paragraph cells took the shortcut
        assert not all(taken)  # strings, empty cells and the nested table did not


def test_known_size_is_what_wrap_returns():
    p = cell("医療情報システムの点検を毎年行っていますか。" * 3)
    assert p.known_size(120) is None  # never wrapped
    size = p.wrap(120, 1000)
    assert p.known_size(120) == size == p.wrap(120, 10)
    assert p.known_size(121) is None  # another width wraps again


def test_a_fast_paragraph_knows_the_size_of_its_last_wrap():
    style = ParagraphStyle("f", fontName=register_fonts(), fontSize=9, leading=12, wordWrap="CJK")
    p = FastParagraph("医療情報システムの点検を毎年行っていますか。" * 3, style)
    assert p.known_size(120) is None  # never wrapped
    size = p.wrap(120, 1000)
    assert p.known_size(120) == size == p.wrap(120, 10) == FastParagraph(p.text, style).wrap(120, 5)
    assert p.known_size(121) is None  # another width wraps again
    cannot = p.wrap(0, 100)  # reportlab's "cannot fit" answer
    assert p.known_size(0) == cannot and p.known_size(120) is None


def test_grid_sets_the_cell_styles_reportlab_sets():
    commands = [("FONTNAME", (0, 0), (-1, -1), "Helvetica"), ("FONTSIZE", (1, 1), (2, 3), 7),
                ("LEADING", (0, -2), (-1, -1), 9), ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("LEFTPADDING", (0, 0), (9, 9), 1),
                ("RIGHTPADDING", (2, 0), (1, 0), 2), ("TOPPADDING", (0, 6), (-1, 8), 3),
                ("BOTTOMPADDING", (0, "splitlast"), (-1, "splitlast"), 4), ("FACE", (1, 1), (1, 1), "Courier"),
                ("SIZE", (0, 0), (0, 0), 11), ("ALIGNMENT", (0, 0), (0, -1), "CENTER"),
                ("HREF", (0, 1), (0, 1), "https://example.org/"), ("TEXTCOLOR", (0, 0), (-1, -1), "#123456"),
                ("FONT", (1, 2), (2, 2), "Times-Roman", 8), ("GRID", (0, 0), (-1, -1), 0.5, "#999999")]
    rows = [[f"{r}.{c}" for c in range(4)] for r in range(6)]
    plain, fast = Table(rows, style=commands), Grid(rows, style=commands)
    assert [[vars(s) for s in row] for row in fast._cellStyles] == [[vars(s) for s in row] for row in plain._cellStyles]
    assert fast._linecmds == plain._linecmds and fast._srflcmds == plain._srflcmds
