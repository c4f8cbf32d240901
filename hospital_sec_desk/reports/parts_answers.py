"""回答一覧: every questionnaire of the year in edition order.

Editions whose items carry a `group` (大項目), like the BCP 確認表, print as the
official table (項番 / 大項目 / 確認項目 / 確認欄), one table per step; all others
print item by item with the memo and the ガイドライン reference in small type.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak
from reportlab.platypus.flowables import HRFlowable

from .context import AssessmentData, ReportContext
from .pdf_base import RULE, SHADE_LIGHT, P, T, answer_markup, cell, coloured, gap, grid, heading, safe
from .rows import ItemRow, item_rows, questionnaire_label, vendor_label

MEMO_LIMIT = 4000  # a longer memo is cut in print (the CSV keeps it whole)
CUT_NOTE = "（メモが長いため以下省略。全文はCSVで書き出すと確認できます）"


def _memo(text: str) -> str:
    cut = len(text) > MEMO_LIMIT
    return safe(text, MEMO_LIMIT) + (coloured(safe(CUT_NOTE), "#555555") if cut else "")


def _vendor_note(ctx: ReportContext, row: ItemRow) -> str:
    if not row.flagged:
        return ""
    return f"ベンダー確認：要確認（{vendor_label(ctx.contact(row.record.vendor_id))}）"


def _item_block(ctx: ReportContext, row: ItemRow) -> list[Flowable]:
    item = row.item
    number = coloured(safe(item.number), "#1f5fbf")
    if not row.applicable and not row.memo.strip():
        # 対象外 and nothing to say: one grey line keeps long branches compact
        line = f'{number}　{coloured(safe(item.title) + "　— 対象外", "#777777")}'
        return [P(line, "h3"), gap(1), HRFlowable(width="100%", thickness=0.4, color=RULE, spaceAfter=0)]
    head = P(f"{number}　{safe(item.title)}", "h3")
    answer = P(f"回答：{answer_markup(row)}", "indent")
    together: list[Flowable] = [head, answer]  # a question stays with its memo and vendor line
    if row.memo.strip():
        together.append(P(f"メモ：{_memo(row.memo)}", "indent"))
    vendor = _vendor_note(ctx, row)
    if vendor:
        together.append(P(coloured(safe(vendor), "#6a1b9a"), "indent"))
    block: list[Flowable] = [KeepTogether(together)]
    if item.reference.strip() and row.applicable:
        block.append(gap(1))
        block.append(P(safe(item.reference.strip()).replace("<br/><br/>", "<br/>"), "small"))
    block.append(gap(1.5))
    block.append(HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=1, spaceAfter=0))
    return block


def _list_layout(ctx: ReportContext, a: AssessmentData) -> list[Flowable]:
    rows = item_rows(a)
    multi = len(a.edition.sections) > 1
    story: list[Flowable] = []
    for section in a.edition.sections:
        in_section = [r for r in rows if r.item.section == section.key]
        if not in_section:
            continue
        if multi:
            story += [CondPageBreak(40 * mm), T(section.title, "h2")]
        for row in in_section:
            story += _item_block(ctx, row)
    return story


def _spans(rows: list[ItemRow]) -> list[tuple]:
    """SPAN commands merging 項番 and 大項目 over consecutive rows of the same group."""
    cmds, start = [], 0
    for i in range(1, len(rows) + 1):
        same = i < len(rows) and (rows[i].item.number, rows[i].item.group) == (
            rows[start].item.number, rows[start].item.group)
        if not same:
            if i - start > 1:
                cmds += [("SPAN", (0, start + 1), (0, i)), ("SPAN", (1, start + 1), (1, i))]
            start = i
    return cmds


def _table_layout(ctx: ReportContext, a: AssessmentData) -> list[Flowable]:
    rows = item_rows(a)
    story: list[Flowable] = []
    for section in a.edition.sections:
        in_section = [r for r in rows if r.item.section == section.key]
        if not in_section:
            continue
        story += [CondPageBreak(50 * mm), T(section.title, "h2")]
        if section.description:
            story += [T(section.description, "note"), gap(1.5)]
        data = [[cell(h, "cell_head") for h in ("項番", "大項目", "確認項目", "確認欄")]]
        for r in in_section:
            data.append([cell(r.item.number), cell(r.item.group), cell(r.item.title),
                         P(answer_markup(r, flag=False), "cell")])
        extra = _spans(in_section) + [("VALIGN", (0, 1), (1, -1), "MIDDLE"),
                                      ("BACKGROUND", (0, 1), (1, -1), SHADE_LIGHT)]
        story.append(grid(data, [0.08, 0.27, 0.47, 0.18], extra=extra))
        notes = []
        for r in in_section:
            lines = []
            if r.memo.strip():
                lines.append(f"メモ：{_memo(r.memo)}")
            vendor = _vendor_note(ctx, r)
            if vendor:
                lines.append(coloured(safe(vendor), "#6a1b9a"))
            if r.item.reference.strip():
                lines.append(safe(r.item.reference.strip()))
            if lines:
                title = safe(f"{r.item.number} {r.item.title}", 60)
                notes.append(P(f"{coloured(title, '#1f5fbf')}<br/>" + "<br/>".join(lines), "note"))
        if notes:
            story += [gap(2)] + [n for note in notes for n in (note, gap(1))]
    return story


def answers_flowables(ctx: ReportContext) -> list[Flowable]:
    story: list[Flowable] = [heading("回答一覧")]
    if not ctx.assessments:
        return story + [T("この年度の回答はまだありません。")]
    for n, a in enumerate(ctx.assessments):
        if n:
            story.append(PageBreak())
        story.append(KeepTogether([T(questionnaire_label(a), "h2"), T(a.edition.title, "note"), gap(2)]))
        grouped = any(i.group for i in a.edition.items)
        story += _table_layout(ctx, a) if grouped else _list_layout(ctx, a)
    story.append(gap(2))
    story.append(P(coloured(safe("対象外：分岐により回答不要となった項目です。"), "#777777"), "note"))
    return story

