"""ベンダー照会票: one sheet per vendor with flagged items, with room for the vendor's answers.

Items flagged without a (known) vendor go to a sheet 「ベンダー未指定」. A single
vendor's sheet can be built alone (inquiry_flowables(ctx, only=vendor_id)).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak

from ..domain.dates import printed_date
from .context import ReportContext
from .fast_table import Grid
from .fonts import register_fonts
from .pdf_base import (
    FRAME_W,
    RULE,
    SHADE,
    SHADE_LIGHT,
    P,
    PartMarker,
    T,
    answer_markup,
    cell,
    coloured,
    gap,
    grid_style,
    heading,
    safe,
)
from .rows import ItemRow, questionnaire_label, respondent, vendor_groups, vendor_label

ALL = object()  # sentinel: every sheet
ANSWER_BOX_H = 28 * mm


def _addressee(vendor: dict | None) -> list[Flowable]:
    if vendor is None:
        return [P(safe("照会先：ベンダー未指定"), "h2"),
                P(coloured(safe("照会先のベンダーが決まっていない項目です。照会先を決めて、"
                                "アプリの回答画面でベンダーを指定すると、そのベンダー宛ての照会票になります。"),
                           "#b00020"), "note")]
    # 「御中」 in a cell of its own beside the name: it never splits or starts a line alone
    name_w = FRAME_W - 96 * mm - 12 * mm
    out = [Grid([[P(safe(vendor_label(vendor), 120), "h2"), P("御中", "h2")]],
                 colWidths=[name_w, 12 * mm], hAlign="LEFT",
                 style=[("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), register_fonts())])]
    who = (vendor.get("name") or "").strip()
    dept = (vendor.get("department") or "").strip()
    if who or dept:
        out.append(T(f"{dept}　{who} 様".strip() if who else dept, "body", 120))
    if (vendor.get("systems") or "").strip():
        out.append(T(f"対象システム：{vendor['systems']}", "note", 200))
    return out


def _sender(ctx: ReportContext) -> Grid:
    name, affiliation, contact = respondent(ctx)
    rows = [("照会元", ctx.facility.get("name") or ""), ("ご担当", f"{affiliation}　{name}".strip()),
            ("連絡先", contact), ("照会日", printed_date(ctx.printed_on))]
    data = [[cell(k, "cell_small"), cell(v or "", "cell", 160)] for k, v in rows]
    return Grid(data, colWidths=[16 * mm, 80 * mm], hAlign="RIGHT",
                 style=grid_style(0, [("BACKGROUND", (0, 0), (0, -1), SHADE_LIGHT)]))


def _answer_box() -> Grid:
    data = [[P(coloured(safe("ご回答欄（ご記入ください）"), "#555555"), "cell_small")], [""]]
    return Grid(data, colWidths=[FRAME_W - 8 * mm], rowHeights=[None, ANSWER_BOX_H], hAlign="RIGHT",
                 style=grid_style(0, [("GRID", (0, 0), (-1, -1), 0, RULE), ("BOX", (0, 0), (-1, -1), 0.9, RULE),
                                      ("LINEBELOW", (0, 0), (-1, 0), 0.3, RULE),
                                      ("BACKGROUND", (0, 0), (-1, 0), SHADE_LIGHT)]))


def _question(n: int, row: ItemRow, tail: list[Flowable] | None = None) -> list[Flowable]:
    item = row.item
    head = P(f'{coloured(safe(f"照会{n}"), "#1f5fbf")}　{safe(questionnaire_label(row.assessment))}　'
             f'{safe(item.number)}<br/>{safe(item.title)}', "h3")
    parts: list[Flowable] = [head, P("現在の回答：" + answer_markup(row, 300, flag=False), "indent")]
    if item.guidance.strip():
        parts.append(P(safe(item.guidance.strip(), 1200).replace("<br/><br/>", "<br/>"), "small"))
    if row.memo.strip():
        parts.append(P("病院からの補足：" + safe(row.memo, 3000), "indent"))
    parts += [gap(1.5), _answer_box(), gap(3)] + (tail or [])
    return [KeepTogether(parts)]


def _signer() -> Grid:
    data = [[cell("ご回答者（会社名・ご氏名）", "cell_small"), ""], [cell("ご回答日", "cell_small"), ""]]
    return Grid(data, colWidths=[40 * mm, 80 * mm], rowHeights=[9 * mm, 9 * mm], hAlign="RIGHT",
                 style=grid_style(0, [("BACKGROUND", (0, 0), (0, -1), SHADE),
                                      ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))


class SheetMarker(PartMarker):
    """Starts one vendor's sheet: its pages are numbered on their own (「この照会票 1 / 2 ページ」)."""

    def __init__(self, label: str, group: int):
        super().__init__(label)
        self.group = group

    def draw(self):
        super().draw()
        self.canv.sheet_group = self.canv.page_sheet = self.group


class SheetEnd(PartMarker):
    def __init__(self):
        super().__init__("")

    def draw(self):
        self.canv.sheet_group = None


def _sheet(ctx: ReportContext, vendor: dict | None, rows: list[ItemRow], group: int = 0) -> list[Flowable]:
    story: list[Flowable] = [SheetMarker(f"ベンダー照会票（{vendor_label(vendor)}）", group),
                             heading("ベンダー照会票")]
    sender = _sender(ctx)
    top = Grid([[_addressee(vendor), sender]], colWidths=[FRAME_W - 96 * mm, 96 * mm], hAlign="LEFT",
                style=[("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                       ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                       ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    story += [top, gap(4)]
    story.append(T("いつも大変お世話になっております。当院では厚生労働省の調査・確認表への回答と、"
                   "医療情報システムの安全管理の点検を行っています。下記の項目について、貴社で把握されている"
                   "状況をご教示ください。各項目の回答欄にご記入のうえ、ご返送くださいますようお願いいたします。"
                   f"（照会項目：{len(rows)}件）"))
    story.append(gap(3))
    for n, row in enumerate(rows, 1):  # 照会1, 照会2 … per vendor
        story += _question(n, row, [gap(1), _signer()] if n == len(rows) else None)
    return story + [SheetEnd()]


def inquiry_vendors(ctx: ReportContext) -> list[tuple[int | None, str, int]]:
    """(vendor id or None for 未指定, label, number of items) per sheet: for choosing one to print."""
    return [(v["id"] if v else None, vendor_label(v), len(rows)) for v, rows in vendor_groups(ctx)]


def inquiry_flowables(ctx: ReportContext, only=ALL) -> list[Flowable]:
    """Every vendor's sheet, or only one: `only` = a vendor's contact id, or None for 未指定."""
    groups = vendor_groups(ctx)
    if only is not ALL:
        groups = [(v, rows) for v, rows in groups if (v["id"] if v else None) == only]
    if not groups:
        if only is not ALL:
            return []
        return [heading("ベンダー照会票"),
                T("ベンダーへの確認が必要として印を付けた項目はありません。")]
    story: list[Flowable] = []
    for n, (vendor, rows) in enumerate(groups):
        if n:
            story.append(PageBreak())
        story += _sheet(ctx, vendor, rows, n + 1)
    return story
