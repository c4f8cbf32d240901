"""表紙: the hospital, the 年度, the date, who answered, and what the year covers."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from ..domain.branching import completeness
from ..domain.fiscal import era_year, wareki_date
from .context import ReportContext
from .pdf_base import FRAME_W, INK, RULE, SHADE, P, T, cell, gap, grid_style, safe
from .rows import questionnaire_label, respondent

REPORT_TITLE = "医療情報システムのサイバーセキュリティ対策"
REPORT_SUBTITLE = "自己点検 報告書"


def _info_table(rows: list[tuple[str, str]]) -> Table:
    data = [[cell(label, "cell_big"), cell(value or "（未入力）", "cell_big")] for label, value in rows]
    table = Table(data, colWidths=[38 * mm, FRAME_W - 38 * mm - 20 * mm], hAlign="CENTER",
                  style=grid_style(0, [
                      ("BACKGROUND", (0, 0), (0, -1), SHADE),
                      ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                      ("TOPPADDING", (0, 0), (-1, -1), 5),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                      ("LEFTPADDING", (0, 0), (-1, -1), 6),
                  ]))
    return table


class _Rule(Flowable):
    def __init__(self, width: float):
        super().__init__()
        self.width, self.height = width, 1.2 * mm

    def draw(self):
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(1.2)
        self.canv.line(0, 0, self.width, 0)


def cover_flowables(ctx: ReportContext) -> list[Flowable]:
    f = ctx.facility
    name, affiliation, contact = respondent(ctx)
    year_text = f"{ctx.year}年度（{era_year(ctx.year)[:-1]}年度）"
    story: list[Flowable] = [
        gap(28),
        P(safe(REPORT_TITLE), "subtitle"),
        gap(2),
        P(safe(REPORT_SUBTITLE), "title"),
        _Rule(FRAME_W),
        gap(10),
        P(safe(f.get("name") or "（病院名未入力）", 120), "title"),
        P(safe(year_text), "subtitle"),
        gap(18),
        _info_table([
            ("病院名", f.get("name") or ""),
            ("法人名", f.get("corporation") or ""),
            ("対象年度", year_text),
            ("作成日", f"{ctx.printed_on:%Y年%m月%d日}（{wareki_date(ctx.printed_on)}）"),
            ("回答者 氏名", name),
            ("回答者 所属", affiliation),
            ("回答者 連絡先", contact),
        ]),
        gap(12),
    ]
    if ctx.assessments:
        rows = [[cell("調査票", "cell_head"), cell("版・出典", "cell_head"), cell("回答状況", "cell_head")]]
        for a in ctx.assessments:
            c = completeness(a.edition, a.records)
            source = a.edition.source or a.edition.title
            rows.append([cell(questionnaire_label(a)), cell(source, "cell_small", 160),
                         cell(f"{c.answered} / {c.applicable} 項目")])
        story.append(T("この報告書の対象", "h3"))
        story.append(Table(rows, colWidths=[0.3 * FRAME_W, 0.52 * FRAME_W, 0.18 * FRAME_W],
                           style=grid_style(1, [("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE)]),
                           hAlign="LEFT", repeatRows=1))
    else:
        story.append(T("この年度の回答はまだありません。", "note"))
    return story
