"""集計（概要）: answered / applicable per questionnaire, a bar chart, the action plan by status."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..storage.store import ACTION_STATUSES
from .context import ReportContext
from .fonts import register_fonts
from .pdf_base import ACCENT, FRAME_W, INK, MUTED, RULE, SHADE_LIGHT, T, cell, clean, gap, grid, heading
from .rows import ANSWERED, CARRIED_UNCONFIRMED, NOT_APPLICABLE, action_rows, item_rows, questionnaire_label


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


def ratio_chart(labels: list[str], ratios: list[float]) -> Drawing:
    """Horizontal bars: answered ratio (0–100 %) per questionnaire."""
    font = register_fonts()
    n = max(len(labels), 1)
    bar_h = 9 * mm
    height = n * bar_h + 16 * mm
    width = FRAME_W
    d = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 10 * mm
    chart.width, chart.height = width - chart.x - 18 * mm, n * bar_h
    # Bars read top-down in questionnaire order.
    chart.data = [[round(r * 100, 1) for r in reversed(ratios)] or [0]]
    chart.categoryAxis.categoryNames = [clean(x, 24) for x in reversed(labels)] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dde2e8")
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
        labels.append(questionnaire_label(a))
        ratios.append(c["answered"] / c["applicable"] if c["applicable"] else 0.0)
        rows.append([cell(questionnaire_label(a)), cell(f"{c['answered']} / {c['applicable']}"),
                     cell(str(c["applicable"] - c["answered"] - c["carried"])), cell(str(c["carried"])),
                     cell(str(c["na"])), cell(str(c["flagged"])), cell(str(c["attention"]))])
        open_numbers = [r.item.number for r in ir if r.applicable and r.status != ANSWERED]
        if open_numbers:
            unanswered_lines.append(f"{questionnaire_label(a)}：{'、'.join(dict.fromkeys(open_numbers))}")
    num_align = [("ALIGN", (1, 1), (-1, -1), "RIGHT")]
    story += [grid(rows, [0.31, 0.15, 0.09, 0.12, 0.09, 0.13, 0.11], extra=num_align), gap(2),
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
    rows += [[cell(label), cell(f"{counts[k]} 件")] for k, label in ACTION_STATUSES.items()]
    rows.append([cell("合計"), cell(f"{len(plan)} 件")])
    story.append(grid(rows, [0.25, 0.15], extra=[("ALIGN", (1, 1), (1, -1), "RIGHT"),
                                                 ("BACKGROUND", (0, -1), (-1, -1), SHADE_LIGHT)]))
    if unset:
        story += [gap(1.5), T(f"うち担当者または期限が未設定：{unset} 件", "note")]
    return story
