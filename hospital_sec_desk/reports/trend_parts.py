"""Report parts: 経年推移 (trend chart and table) and 加算の要件の充足状況 (readiness).

report.py imports trend_flowables and readiness_flowables lazily by name.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from ..domain.fiscal import nendo_label
from ..domain.readiness import MET, NOT_MET, readiness, rules_for
from ..domain.trend import SERIES, TrendPoint, build_trend, counts_text, percent_text
from .context import AssessmentData, ReportContext
from .fonts import register_fonts
from .pdf_base import (
    ACCENT,
    FRAME_W,
    INK,
    RULE,
    P,
    T,
    cell,
    coloured,
    gap,
    grid,
    heading,
    safe,
    style_percent_axis,
)

SERIES_COLORS = {"survey": ACCENT, "bcp": colors.HexColor("#2e7d32")}
STATUS_HEX = {MET: "#2e7d32", NOT_MET: "#b00020"}
UNKNOWN_HEX = "#555555"


def _history(ctx: ReportContext) -> dict[int, dict]:
    """{year: {questionnaire: (edition, records)}} from the context (all years when loaded)."""
    years: dict[int, list[AssessmentData]] = dict(ctx.history) or {ctx.year - 1: ctx.previous,
                                                                    ctx.year: ctx.assessments}
    return {y: {a.edition.questionnaire: (a.edition, a.records) for a in data}
            for y, data in years.items() if data and y <= ctx.year}  # never a later year


def trend_chart(points: list[TrendPoint]) -> Drawing:
    font = register_fonts()
    height = 70 * mm
    d = Drawing(FRAME_W, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 10 * mm
    chart.width, chart.height = FRAME_W - chart.x - 4 * mm, height - chart.y - 16 * mm
    chart.data = [[getattr(p, attr).percent if getattr(p, attr) and getattr(p, attr).percent is not None
                   else None for p in points] for attr, _l, _p in SERIES]
    chart.categoryAxis.categoryNames = [f"{p.year}年度" for p in points]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8.5
    chart.categoryAxis.strokeColor = RULE
    style_percent_axis(chart, font, 25)
    for n, (attr, _l, _p) in enumerate(SERIES):
        chart.bars[n].fillColor = SERIES_COLORS[attr]
        chart.bars[n].strokeColor = None
    chart.barSpacing = 1.5
    chart.groupSpacing = 10
    chart.barLabelFormat = "%d%%"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 6
    chart.barLabels.fillColor = INK
    d.add(chart)
    x = chart.x
    for attr, label, _p in SERIES:
        d.add(Rect(x, height - 7 * mm, 3 * mm, 3 * mm, fillColor=SERIES_COLORS[attr], strokeColor=None))
        d.add(String(x + 4.5 * mm, height - 6.6 * mm, label, fontName=font, fontSize=8.5, fillColor=INK))
        x += 80 * mm
    return d


def trend_flowables(ctx: ReportContext) -> list[Flowable]:
    story: list[Flowable] = [heading("経年推移")]
    points = build_trend(_history(ctx))
    if not points:
        return story + [T("回答が記録された年度がありません。")]
    story.append(T("各年度の、対象の項目のうち望ましい回答の割合です。調査票は「はい」など調査票で定めた望ましい"
                   "選択肢、BCP確認表は「できている」を数えます。未回答の項目も分母に含みます。", "note"))
    story += [gap(2), trend_chart(points), gap(3)]
    head = ["年度", "調査票「はい」等", "内訳", "BCP確認表「できている」", "内訳"]
    rows = [[cell(h, "cell_head") for h in head]]
    for p in points:
        rows.append([cell(nendo_label(p.year)),
                     cell(percent_text(p.survey), "cell_big"), cell(counts_text(p.survey, "はい等")),
                     cell(percent_text(p.bcp), "cell_big"), cell(counts_text(p.bcp, "できている"))])
    story.append(grid(rows, [0.2, 0.13, 0.27, 0.13, 0.27], zebra=True))
    return story


def _survey_with_rules(ctx: ReportContext) -> AssessmentData | None:
    return next((a for a in ctx.assessments if rules_for(a.edition) is not None), None)


def readiness_flowables(ctx: ReportContext) -> list[Flowable]:
    story: list[Flowable] = [heading("加算の要件の充足状況")]
    data = _survey_with_rules(ctx)
    if data is None:
        return story + [T(f"{ctx.nendo}は、判定のルールがある調査票の回答がありません。")]
    rules = rules_for(data.edition)
    beds = ctx.facility.get("beds")
    others = {a.edition.questionnaire: (a.edition, a.records) for a in ctx.assessments if a is not data}
    results = readiness(data.edition, data.records, beds, others=others, facts=ctx.facts) or []
    story.append(T(rules.title, "h2"))
    read = "・".join(f"「{a.edition.short_title}」" for a in ctx.assessments)
    story.append(T(f"{ctx.nendo}の{read}の回答から判定しました。"
                   f"出典：{rules.source}", "note"))
    rows = [[cell(h, "cell_head") for h in ("施設基準", "判定", "理由・確かめること")]]
    for r in results:
        req = r.requirement
        title = safe(f"{req.number} {req.title}" + ("（望ましい）" if req.recommended else ""))
        quote = safe(f"原文：{req.text}", 300)
        status = coloured(safe(r.label), STATUS_HEX.get(r.status, UNKNOWN_HEX))
        rows.append([P(f"{title}<br/><font size=7.5 color='#555555'>{quote}</font>", "cell"),
                     P(f"<b>{status}</b>", "cell"), cell("\n".join(r.lines()))])
    story.append(grid(rows, [0.38, 0.15, 0.47]))
    story.append(gap(2))
    story.append(KeepTogether([T("「分からない」は、調査票の回答だけでは判断できない基準です。施設基準(1)〜(7)"
                                 "（オンライン請求など）は、このアプリでは確かめません。", "note"),
                               T(f"病床数：{beds}床" if beds else "病床数：未入力", "note")]))
    return story

