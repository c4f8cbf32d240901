"""The BCP document as PDF: cover with contents, then chapter by chapter with facts and 決めること.

Lays out a domain.bcp_document.BcpDocument only; every page carries the notice that the
text is the app's own wording, not MHLW's template.
"""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Frame, KeepTogether, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate

from ..domain.bcp_document import BcpDocument, Block, Section
from ..domain.bcp_facts import TBD
from ..domain.dates import printed_date
from .fast_table import Grid
from .fonts import register_fonts
from .pages import APP_FOOTER, NumberedCanvas, fit
from .pdf_base import (
    FRAME_H,
    FRAME_W,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE,
    RULE,
    P,
    Para,
    PartMarker,
    T,
    cell,
    clean,
    coloured,
    gap,
    grid,
    safe,
)

DECIDE_BG = colors.HexColor("#fff4c2")
DECIDE_EDGE = colors.HexColor("#d9a400")
TBD_COLOR = "#a35200"
EDITED_COLOR = "#1f5fbf"


FOOT = 6 * mm  # extra bottom space for the two-line notice above the page number


def _cell(text: str):
    """A table cell; 「（要記入）」 stands out in the highlight colour."""
    if TBD in text:
        return P(safe(text, 300).replace(safe(TBD), coloured(safe(TBD), TBD_COLOR)), "cell")
    return cell(text)


def _block(block: Block) -> list:
    out = [T(block.title, "h3")]
    if block.kind == "note":
        return out + [T(row[0], "body") for row in block.rows]
    if not block.rows:
        return out + [T(block.empty or "（登録なし）", "note")]
    if block.kind == "pairs":
        rows = [[cell(k, "cell_head"), _cell(v)] for k, v in block.rows]
        return out + [grid(rows, list(block.widths or (0.3, 0.7)), header_rows=0,
                           extra=[("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f3f7"))])]
    rows = [[cell(h, "cell_head") for h in block.headers]] + [[_cell(c) for c in r] for r in block.rows]
    widths = list(block.widths) or [1 / len(block.headers)] * len(block.headers)
    return out + [grid(rows, widths, zebra=True)]


def _decide_box(section: Section, label: str) -> Grid:
    lines = [P(coloured(safe(f"■ {label}"), "#6b4a00"), "cell_head")]
    lines += [T(f"□ {item}", "cell") for item in section.to_decide]
    table = Grid([[x] for x in lines], colWidths=[FRAME_W], hAlign="LEFT")
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts()), ("BACKGROUND", (0, 0), (-1, -1), DECIDE_BG), ("BOX", (0, 0), (-1, -1), 0.9, DECIDE_EDGE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)])
    return table


def _section(doc: BcpDocument, section: Section) -> list:
    head = [CondPageBreak((70 if section.blocks else 40) * mm), T(section.heading, "h2")]
    if section.edited:
        head.append(P(coloured(safe(f"（{doc.spec.edited_label}）"), EDITED_COLOR), "note"))
    paragraphs = [T(line, "body") for line in section.body.split("\n") if line.strip()] or [T("", "body")]
    story = [KeepTogether(head + paragraphs[:1])] + paragraphs[1:] + [gap(1.5)]
    for block in section.blocks:
        story.append(KeepTogether(_block(block)[:2]))
        story += _block(block)[2:]
    if section.to_decide:
        story += [gap(2), _decide_box(section, doc.spec.decide_label)]
    return story + [gap(3)]


def _cover(doc: BcpDocument) -> list:
    spec = doc.spec
    story = [gap(6), T(doc.facility_name or "（医療機関名未登録）", "subtitle"), gap(2),
             T(spec.title, "title"), T(spec.subtitle, "subtitle"), gap(3),
             T(f"{doc.year_label}　作成日：{printed_date(doc.made_on)}", "subtitle"), gap(6)]
    notice = Grid([[T(spec.notice, "body")]], colWidths=[FRAME_W], hAlign="LEFT")
    notice.setStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts()), ("BOX", (0, 0), (-1, -1), 0.8, RULE), ("LEFTPADDING", (0, 0), (-1, -1), 8),
                     ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)])
    story += [notice, gap(4)]
    legend = (f"この文書は、アプリに登録された施設情報・連絡先・回答・研修訓練の記録で下書きを作ったものです。"
              f"黄色の枠「{spec.decide_label}」は、病院で決めて書き足す内容です（全体で {doc.decide_count} 件）。"
              f"「{TBD}」は未登録の欄です。")
    story += [T(legend, "body"), gap(3), T("目次", "h3")]
    rows, shaded = [], []
    for ch in doc.chapters:
        shaded.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), colors.HexColor("#e8edf3")))
        rows.append([cell(ch.heading, "cell_head"), cell("")])
        for s in ch.sections:
            n = len(s.to_decide)
            rows.append([cell("　" + s.heading), cell(f"決めること {n} 件" if n else "")])
    tight = [("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    story.append(grid(rows, [0.78, 0.22], header_rows=0, extra=shaded + tight))
    return story + [PageBreak()]


def story(doc: BcpDocument) -> list:
    out = [PartMarker("表紙")] + _cover(doc)
    for n, ch in enumerate(doc.chapters):
        if n:
            out.append(PageBreak())
        out += [PartMarker(ch.heading), T(ch.heading, "h1")]
        for section in ch.sections:
            out += _section(doc, section)
    return out


def _decorate(doc: BcpDocument):
    font = register_fonts()
    hospital = clean(doc.facility_name or "（医療機関名未登録）", 200).replace("\n", " ")
    right = clean(f"{doc.year_label}　事業継続計画（BCP）")
    notice = Para(safe(doc.spec.notice), ParagraphStyle("notice", fontName=font, fontSize=7, leading=9.5,
                                                         textColor=MUTED, wordWrap="CJK"))

    def on_page(canv, _doc) -> None:
        top = PAGE[1] - MARGIN_TOP + 5 * mm
        canv.saveState()
        canv.setFillColor(INK)
        canv.setFont(font, 9)
        canv.drawRightString(PAGE[0] - MARGIN_X, top, fit(right, font, 9, FRAME_W * 0.55))
        canv.setFont(font, 10)
        canv.drawString(MARGIN_X, top, fit(hospital, font, 10, FRAME_W * 0.42))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, top - 2.5 * mm, PAGE[0] - MARGIN_X, top - 2.5 * mm)
        canv.line(MARGIN_X, MARGIN_BOTTOM + FOOT - 2 * mm, PAGE[0] - MARGIN_X, MARGIN_BOTTOM + FOOT - 2 * mm)
        _, h = notice.wrap(FRAME_W, 20 * mm)
        notice.drawOn(canv, MARGIN_X, MARGIN_BOTTOM + FOOT - 3 * mm - h)
        canv.setFont(font, 7)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_X, MARGIN_BOTTOM - 10 * mm, APP_FOOTER)
        canv.restoreState()

    return on_page


def build_bcp_pdf(doc: BcpDocument) -> bytes:
    """The BCP document as PDF bytes (A4, the bundled font embedded)."""
    register_fonts()
    rl_config.useA85 = 0
    buf = io.BytesIO()
    hospital = clean(doc.facility_name, 200)
    template = BaseDocTemplate(buf, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                               topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
                               title=f"{hospital} {doc.year_label} {doc.spec.title}".strip(), author=hospital,
                               creator=APP_FOOTER, subject=doc.spec.title, lang="ja-JP")
    frame = Frame(MARGIN_X, MARGIN_BOTTOM + FOOT, FRAME_W, FRAME_H - FOOT, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate("page", [frame], onPageEnd=_decorate(doc))])
    template.build(story(doc), canvasmaker=NumberedCanvas)
    return buf.getvalue()
