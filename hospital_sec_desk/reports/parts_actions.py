"""行動計画（要対応項目） and 前年度からの変更点."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from ..domain.actions import ACTION_STATUSES
from .context import AssessmentData, ReportContext
from .pdf_base import P, T, cell, coloured, gap, grid, heading, safe
from .rows import action_rows, format_date, item_rows, questionnaire_label, short_label

STATUS_COLORS = {"open": "#b00020", "in_progress": "#a15c00", "done": "#2e7d32"}


def _status_cell(action: dict | None) -> Paragraph:
    key = (action or {}).get("status") or "open"
    label = ACTION_STATUSES.get(key, key)
    return P(coloured(safe(label), STATUS_COLORS.get(key, "#000000")), "cell")


def actions_flowables(ctx: ReportContext) -> list[Flowable]:
    story: list[Flowable] = [heading("行動計画（要対応項目）")]
    plan = action_rows(ctx)
    story.append(T("回答が「いいえ」「できていない」「一部できている」などの項目です。"
                   "担当者と期限を決めて対応し、完了したら状況を更新してください（期限の早い順）。", "note"))
    story.append(gap(2))
    if not plan:
        return story + [T("要対応の項目はありません。")]
    head = ["No.", "調査票", "番号", "項目", "回答", "担当者", "期限", "状況"]
    data = [[cell(h, "cell_head") for h in head]]
    for n, r in enumerate(plan, 1):
        act = r.action or {}
        title = safe(r.item.title, 200)
        note = (act.get("note") or "").strip()
        if note:
            title += "<br/>" + coloured("備考：" + safe(note, 300), "#555555")
        due = format_date(act.get("due") or "")
        data.append([cell(str(n), "cell_r"), cell(short_label(r.assessment), "cell_small", 40),
                     cell(r.item.number), P(title, "cell"), cell(r.text, "cell", 120),
                     cell(act.get("owner") or "未定", "cell", 120), cell(due or "未定"), _status_cell(act)])
    story.append(grid(data, [0.045, 0.1, 0.075, 0.31, 0.14, 0.12, 0.13, 0.08], zebra=True))
    return story


def _display(row) -> str:
    """A year's answer to one item for comparison: text, 対象外 or 未回答 (carry-over = its text)."""
    return "対象外" if not row.applicable else (row.state.text or "未回答")


def change_rows(ctx: ReportContext) -> list[tuple[AssessmentData, object, str, str]]:
    """(assessment, item, old, new) for items (matched by key) whose answer text changed.

    A questionnaire with no answers last year has nothing to compare; an item not
    answered yet this year (or still the unconfirmed carry-over) has not changed.
    """
    out = []
    for a in ctx.assessments:
        prev = ctx.previous_of(a.edition.questionnaire)
        if prev is None or not prev.records:
            continue
        before = {r.item.key: r for r in item_rows(prev)}
        for row in item_rows(a):
            if row.item.key not in before:
                continue
            old, new = _display(before[row.item.key]), _display(row)
            if old != new and new != "未回答":
                out.append((a, row.item, old, new))
    return out


def changes_flowables(ctx: ReportContext) -> list[Flowable]:
    if not ctx.previous:
        return []
    story: list[Flowable] = [heading("前年度からの変更点")]
    story.append(T(f"{ctx.year - 1}年度の回答と比べて、回答が変わった項目です（項目は版が変わっても同じ項目どうしで比較）。"
                   "今年度まだ回答していない項目と、前年度の回答を引き継いだままの項目は含みません。", "note"))
    rows = change_rows(ctx)
    if not rows:
        return story + [gap(2), T("前年度から回答が変わった項目はありません。")]
    for a in ctx.assessments:
        mine = [r for r in rows if r[0] is a]
        changed = [r for r in mine if r[2] != "未回答"]
        added = [r for r in mine if r[2] == "未回答"]
        if not mine:
            continue
        story.append(T(questionnaire_label(a), "h2"))
        if changed:
            data = [[cell(h, "cell_head") for h in ("番号", "項目", "前年度", "", "今年度")]]
            for _a, item, old, new in changed:
                data.append([cell(item.number), cell(item.title, "cell", 200), cell(old, "cell", 200),
                             cell("→", "cell_c"), P(coloured(safe(new, 200), "#1f5fbf"), "cell")])
            story.append(grid(data, [0.08, 0.46, 0.2, 0.04, 0.22], zebra=True))
        if added:
            numbers = "、".join(dict.fromkeys(item.number for _a, item, _o, _n in added))
            story += [gap(1.5), T(f"前年度は未回答で、今年度回答した項目：{numbers}", "note", 800)]
    return story
