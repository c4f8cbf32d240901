"""The BCP document as an editable Word file (.docx, python-docx), same content as the PDF.

Every run carries the Japanese font for ASCII and East Asian text (`w:rFonts w:eastAsia`),
so Word does not fall back to a Western font; headings use Word's own heading styles, so
the navigation pane and a table of contents work. Edits made in Word stay in Word.
"""

from __future__ import annotations

import copy
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..domain.bcp_document import BcpDocument, Block, Section
from ..domain.bcp_facts import TBD
from ..domain.dates import printed_date

FONT = "BIZ UDゴシック"   # on Windows 10 and later; LibreOffice/Word substitute a Japanese font otherwise
INK = RGBColor(0x1B, 0x2A, 0x3A)
MUTED = RGBColor(0x55, 0x55, 0x55)
TBD_COLOR = RGBColor(0xA3, 0x52, 0x00)
EDITED_COLOR = RGBColor(0x1F, 0x5F, 0xBF)
HEAD_FILL = "DCE4EE"
DECIDE_FILL = "FFF4C2"
STYLE_IDS = {"Title": "Title", "Heading 1": "Heading1", "Heading 2": "Heading2", "Heading 3": "Heading3",
             "Table Grid": "TableGrid"}  # the ids of python-docx's default template
WORD_NOTE = ("この文書をWordで編集した内容は、アプリには戻りません。アプリで作り直すと、アプリに保存された"
             "本文と最新の登録内容から作られます。病院の最終版はWordで仕上げてください。")


def _font(target, size: float | None = None) -> None:
    """Set the Japanese font on a run or a style, East Asian text included."""
    target.font.name = FONT
    rpr = target.element.get_or_add_rPr() if hasattr(target, "element") else target._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        target.font.size = Pt(size)


_RPR: dict[tuple, object] = {}


def _rpr(size: float | None, bold: bool, color: RGBColor | None):
    """A run's properties (font incl. eastAsia, bold, colour, size), built once per kind, then copied:
    python-docx's property setters cost most of the build time."""
    key = (size, bold, str(color) if color is not None else None)
    if key not in _RPR:
        probe = Document().add_paragraph().add_run("")
        _font(probe, size)
        probe.bold = bold or None
        if color is not None:
            probe.font.color.rgb = color
        _RPR[key] = probe._r.rPr
    return copy.deepcopy(_RPR[key])


def _run(par, text: str, *, size: float | None = None, bold: bool = False, color: RGBColor | None = None):
    run = par.add_run(text)
    run._r.insert(0, _rpr(size, bold, color))
    return run


def _para(container, text: str = "", *, style: str | None = None, size: float | None = None,
          bold: bool = False, color: RGBColor | None = None, align=None):
    par = container.add_paragraph()
    if style:
        par._p.style = STYLE_IDS[style]  # by id: python-docx's look-up by name scans every style
    if align is not None:
        par.alignment = align
    if text:
        _tbd_runs(par, text, size=size, bold=bold, color=color)
    return par


def _tbd_runs(par, text: str, **kw) -> None:
    """Runs for `text`; 「（要記入）」 in the highlight colour."""
    parts = text.split(TBD)
    for n, part in enumerate(parts):
        if part:
            _run(par, part, **kw)
        if n < len(parts) - 1:
            _run(par, TBD, size=kw.get("size"), bold=True, color=TBD_COLOR)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _cell_text(cell, text: str, *, bold: bool = False, size: float = 9) -> None:
    par = cell.paragraphs[0]
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if n:
            par = cell.add_paragraph()
        par.paragraph_format.space_after = Pt(0)
        _tbd_runs(par, line, size=size, bold=bold)


def _cell_margins(table, top: int = 45, side: int = 85) -> None:
    """Padding inside every cell (twips): Word's Table Grid has none at top and bottom."""
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for edge, size in (("top", top), ("left", side), ("bottom", top), ("right", side)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(size))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)


def _new_table(doc, widths: tuple[float, ...], width_mm: float):
    """A ruled table with fixed column widths (the grid columns too, which LibreOffice reads)."""
    table = doc.add_table(rows=0, cols=len(widths))
    table._tbl.tblPr.style = STYLE_IDS["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Mm(width_mm * w)
    _cell_margins(table)
    return table


def _table(doc, headers: tuple[str, ...], rows, widths: tuple[float, ...], width_mm: float) -> None:
    table = _new_table(doc, widths, width_mm)
    if headers:
        cells = table.add_row().cells
        for c, h in zip(cells, headers, strict=True):
            _cell_text(c, h, bold=True)
            _shade(c, HEAD_FILL)
        _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for c, v in zip(cells, row, strict=True):
            _cell_text(c, v)
    if table.rows:  # the first row's widths (and the grid's) fix the layout
        for c, w in zip(table.rows[0].cells, widths, strict=True):
            c.width = Mm(width_mm * w)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _block(doc, block: Block, width_mm: float) -> None:
    _para(doc, block.title, style="Heading 3")
    if block.kind == "note":
        for row in block.rows:
            _para(doc, row[0])
        return
    if not block.rows:
        _para(doc, block.empty or "（登録なし）", color=MUTED, size=9)
        return
    if block.kind == "pairs":
        _table(doc, (), block.rows, block.widths or (0.3, 0.7), width_mm)
        return
    widths = block.widths or tuple(1 / len(block.headers) for _ in block.headers)
    _table(doc, block.headers, block.rows, widths, width_mm)


def _decide(doc, section: Section, label: str, width_mm: float) -> None:
    table = _new_table(doc, (1.0,), width_mm)
    cell = table.add_row().cells[0]
    cell.width = Mm(width_mm)
    _shade(cell, DECIDE_FILL)
    _cell_text(cell, f"■ {label}", bold=True, size=10)
    for item in section.to_decide:
        par = cell.add_paragraph()
        par.paragraph_format.space_after = Pt(0)
        _tbd_runs(par, f"□ {item}", size=9.5)


def _page_break(doc) -> None:
    run = _run(doc.add_paragraph(), "")
    run.add_break(WD_BREAK.PAGE)


def _styles(doc) -> None:
    for name, size in (("Normal", 10.5), ("Title", 20), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = doc.styles[name]
        _font(style, size)
        style.font.color.rgb = INK
    normal = doc.styles["Normal"].paragraph_format
    normal.space_after = Pt(3)
    normal.line_spacing = 1.2


def _page_setup(doc, bcp: BcpDocument) -> float:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(18)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    head = sec.header.paragraphs[0]
    _run(head, f"{bcp.facility_name or '（医療機関名未登録）'}　{bcp.year_label}　{bcp.spec.title}", size=8,
         color=MUTED)
    foot = sec.footer.paragraphs[0]
    _run(foot, bcp.spec.notice, size=7, color=MUTED)
    num = sec.footer.add_paragraph()
    num.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    num._p.append(field)
    return 210 - 36


def build_bcp_docx(bcp: BcpDocument) -> bytes:
    """The BCP document as .docx bytes."""
    doc = Document()
    _styles(doc)
    width = _page_setup(doc, bcp)
    spec = bcp.spec
    _para(doc, bcp.facility_name or "（医療機関名未登録）", size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, spec.title, style="Title", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, spec.subtitle, size=12, color=MUTED, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"{bcp.year_label}　作成日：{printed_date(bcp.made_on)}", size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, spec.notice, size=10)
    _para(doc, f"黄色の枠「{spec.decide_label}」は、病院で決めて書き足す内容です（全体で {bcp.decide_count} 件）。"
               f"「{TBD}」は未登録の欄です。", size=10)
    _para(doc, WORD_NOTE, size=10, bold=True)
    _para(doc, "目次", style="Heading 3")
    rows = []
    for ch in bcp.chapters:
        rows.append((ch.heading, ""))
        rows += [("　" + s.heading, f"決めること {len(s.to_decide)} 件" if s.to_decide else "") for s in ch.sections]
    _table(doc, (), rows, (0.78, 0.22), width)
    for ch in bcp.chapters:
        _page_break(doc)
        _para(doc, ch.heading, style="Heading 1")
        for s in ch.sections:
            _para(doc, s.heading, style="Heading 2")
            if s.edited:
                _para(doc, f"（{spec.edited_label}）", size=8.5, color=EDITED_COLOR)
            for line in s.body.split("\n"):
                if line.strip():
                    _para(doc, line)
            for block in s.blocks:
                _block(doc, block, width)
            if s.to_decide:
                _para(doc, "")
                _decide(doc, s, spec.decide_label, width)
    props = doc.core_properties
    props.title = f"{bcp.facility_name} {bcp.year_label} {spec.title}".strip()
    props.author = bcp.facility_name or ""
    props.language = "ja-JP"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
