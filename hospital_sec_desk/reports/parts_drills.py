"""The report part 「研修・訓練の記録」: what the log establishes for 施設基準 (9) and (12), and the
records of the 年度 and the year before it (ReportContext.drills, filled by the application layer)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..domain.dates import jp_date
from ..domain.drills import in_fiscal_year, recorded_facts
from .context import ReportContext
from .pdf_base import P, T, cell, coloured, gap, grid, heading, safe

LABEL = "研修・訓練の記録"
FACT_TITLES = {"training": "施設基準(9) 年1回程度の情報セキュリティ研修",
               "bcp_drill": "施設基準(12) 年1回程度の訓練・演習と改善"}


def drills_flowables(ctx: ReportContext) -> list[Flowable]:
    drills = list(ctx.drills)
    story: list[Flowable] = [heading(LABEL)]
    story.append(T(f"{jp_date(ctx.printed_on)}時点で、記録からわかることです（この12か月に行ったもの）。"
                   "訓練・演習は、結果を踏まえて決めた改善策まで記録されているときに「記録あり」とします。", "note"))
    story.append(gap(2))
    rows = [[cell("要件", "cell_head"), cell("記録", "cell_head"), cell("根拠", "cell_head")]]
    for key, fact in recorded_facts(drills, ctx.printed_on).items():
        mark = coloured("✓ 記録あり", "#2e7d32") if fact.established else coloured("？ 記録なし", "#a15c00")
        rows.append([cell(FACT_TITLES[key]), P(mark, "cell"), cell(fact.reason)])
    story += [grid(rows, [0.34, 0.14, 0.52]), gap(4)]
    for year in (ctx.year, ctx.year - 1):
        held = in_fiscal_year(drills, year)
        story.append(T(f"{year}年度の記録", "h2"))
        if not held:
            story.append(T("この年度の記録はありません。", "note"))
            continue
        data = [[cell(h, "cell_head") for h in ("実施日", "種類", "テーマ・研修名", "人数", "気づいた課題",
                                                  "決めた改善策", "次回予定")]]
        for d in held:
            data.append([cell(jp_date(d.held_on)), cell(d.kind), cell(d.topic),
                         cell("" if d.participants is None else f"{d.participants}人", "cell_r"),
                         cell(d.findings or "—"), P(safe(d.improvements, 300) if d.improvements
                                                   else coloured("（未記入）", "#a15c00"), "cell"),
                         cell(jp_date(d.next_on) if d.next_on else "—")])
        story.append(grid(data, [0.16, 0.12, 0.17, 0.06, 0.16, 0.17, 0.16], zebra=True))
    return story
