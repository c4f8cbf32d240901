"""Front matter: 表紙 (hospital, 年度, date, who answered) and 集計（概要） (counts, a bar chart)."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..domain.actions import ACTION_STATUSES
from ..domain.dates import printed_date
from ..domain.fiscal import era_year
from ..domain.item_state import completeness
from .context import ReportContext
from .fast_table import Grid
from .fonts import register_fonts
from .pdf_base import (
    ACCENT,
    FRAME_W,
    INK,
    MUTED,
    RULE,
    SHADE,
    SHADE_LIGHT,
    P,
    T,
    cell,
    clean,
    coloured,
    gap,
    grid,
    grid_style,
    heading,
    safe,
    style_percent_axis,
)
from .rows import (
    ANSWERED,
    CARRIED_UNCONFIRMED,
    NOT_APPLICABLE,
    action_rows,
    item_rows,
    questionnaire_label,
    respondent,
    short_label,
)

REPORT_TITLE = "医療情報システムのサイバーセキュリティ対策"
REPORT_SUBTITLE = "自己点検 報告書"


def _info_table(rows: list[tuple[str, str]]) -> Grid:
    data = [[cell(label, "cell_big"), cell(value or "（未入力）", "cell_big")] for label, value in rows]
    table = Grid(data, colWidths=[38 * mm, FRAME_W - 38 * mm - 20 * mm], hAlign="CENTER",
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
            ("作成日", printed_date(ctx.printed_on)),
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
            label = cell(questionnaire_label(a))
            if a.provisional:  # a stand-in edition: 「暫定」 and why, also on the cover
                label = P(safe(questionnaire_label(a)) + "<br/>" + coloured(safe("【暫定】" + a.status.text, 400),
                                                                          "#b00020"), "cell_small")
            rows.append([label, cell(source, "cell_small", 160),
                         cell(f"{c.answered} / {c.applicable} 項目")])
        story.append(T("この報告書の対象", "h3"))
        story.append(Grid(rows, colWidths=[0.34 * FRAME_W, 0.5 * FRAME_W, 0.16 * FRAME_W],
                           style=grid_style(1, [("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE)]),
                           hAlign="LEFT", repeatRows=1))
    else:
        story.append(T("この年度の回答はまだありません。", "note"))
    return story


def _counts(rows) -> dict[str, int]:
    applicable = [r for r in rows if r.applicable]
    return {
        "applicable": len(applicable),
        "answered": sum(r.status == ANSWERED for r in rows),
        "na": sum(r.status == NOT_APPLICABLE for r in rows),
        "carried": sum(r.status == CARRIED_UNCONFIRMED for r in rows),
        "flagged": sum(r.flagged for r in rows),
        "attention": sum(r.needs_action for r in rows),
    }


def _fit_label(text: str, font: str, width: float, size: float = 9) -> str:
    text = clean(text, 60).replace("\n", " ")
    while len(text) > 1 and stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    return text


def ratio_chart(labels: list[str], ratios: list[float]) -> Drawing:
    """Horizontal bars: answered ratio (0–100 %) per questionnaire."""
    font = register_fonts()
    n = max(len(labels), 1)
    bar_h = 9 * mm
    height = n * bar_h + 16 * mm
    width = FRAME_W
    d = Drawing(width, height, initialFontName=font)
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 10 * mm
    chart.width, chart.height = width - chart.x - 18 * mm, n * bar_h
    # Bars read top-down in questionnaire order.
    chart.data = [[round(r * 100, 1) for r in reversed(ratios)] or [0]]
    chart.categoryAxis.categoryNames = [_fit_label(x, font, chart.x - 4 * mm) for x in reversed(labels)] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = RULE
    style_percent_axis(chart, font, 20)
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barWidth = bar_h * 0.6
    chart.groupSpacing = bar_h * 0.4
    chart.barLabelFormat = "%.0f%%"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabels.fillColor = INK
    d.add(chart)
    d.add(String(chart.x, 2 * mm, "回答済みの割合（対象の項目のうち）", fontName=font, fontSize=8,
                 fillColor=MUTED))
    return d


def summary_flowables(ctx: ReportContext) -> list[Flowable]:
    story: list[Flowable] = [heading("集計（概要）")]
    if not ctx.assessments:
        return story + [T("この年度の回答はまだありません。")]
    head = ["調査票", "回答済み／対象", "未回答", "引継ぎ未確認", "対象外", "ベンダー確認中", "要対応"]
    rows = [[cell(h, "cell_head") for h in head]]
    labels, ratios, unanswered_lines = [], [], []
    for a in ctx.assessments:
        ir = item_rows(a)
        c = _counts(ir)
        labels.append(short_label(a))
        ratios.append(c["answered"] / c["applicable"] if c["applicable"] else 0.0)
        numbers = [f"{c['answered']} / {c['applicable']}", c["applicable"] - c["answered"] - c["carried"],
                   c["carried"], c["na"], c["flagged"], c["attention"]]
        rows.append([cell(questionnaire_label(a))] + [cell(str(v), "cell_r") for v in numbers])
        open_numbers = [r.item.number for r in ir if r.applicable and r.status != ANSWERED]
        if open_numbers:
            unanswered_lines.append(f"{questionnaire_label(a)}：{'、'.join(dict.fromkeys(open_numbers))}")
    story += [grid(rows, [0.32, 0.14, 0.08, 0.12, 0.08, 0.15, 0.11]), gap(2),
              T("「引継ぎ未確認」は前年度の回答を引き継いだまま、今年度まだ確認していない項目です。"
                "「ベンダー確認中」はベンダーへの確認が必要として印を付けた項目です。", "note"),
              gap(5), ratio_chart(labels, ratios)]
    if unanswered_lines:
        story += [T("まだ回答（確認）していない項目", "h2")]
        story += [T(line, "body", 600) for line in unanswered_lines]

    plan = action_rows(ctx)
    counts = {k: 0 for k in ACTION_STATUSES}
    unset = 0
    for r in plan:
        act = r.action or {}
        counts[act.get("status") if act.get("status") in counts else "open"] += 1
        if not (act.get("owner") or "").strip() or not (act.get("due") or "").strip():
            unset += 1
    story += [T("行動計画（要対応項目）の状況", "h2")]
    rows = [[cell("状況", "cell_head"), cell("件数", "cell_head")]]
    rows += [[cell(label), cell(f"{counts[k]} 件", "cell_r")] for k, label in ACTION_STATUSES.items()]
    rows.append([cell("合計"), cell(f"{len(plan)} 件", "cell_r")])
    story.append(grid(rows, [0.25, 0.15], extra=[("BACKGROUND", (0, -1), (-1, -1), SHADE_LIGHT)]))
    if unset:
        story += [gap(1.5), T(f"うち担当者または期限が未設定：{unset} 件", "note")]
    return story
