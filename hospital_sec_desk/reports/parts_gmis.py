"""G-MIS転記用シート: Q番号 → answer, in the survey's order, compact, to type into G-MIS.

One row per question with a box to tick once it is typed in. Form answers (Q1)
print one field per line, as G-MIS asks for them separately.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..domain.answer_kinds import FORM
from .context import AssessmentData, ReportContext
from .pdf_base import P, T, cell, coloured, gap, grid, heading, safe
from .rows import ANSWERED, NOT_APPLICABLE, ItemRow, item_rows, questionnaire_label

TICK_BOX = "□"


def survey_assessments(ctx: ReportContext) -> list[AssessmentData]:
    """The G-MIS questionnaires of the year (kind 'survey')."""
    return [a for a in ctx.assessments if a.edition.kind == "survey"]


def _answer_markup(row: ItemRow) -> str:
    if row.status == NOT_APPLICABLE:
        return coloured("対象外", "#777777")
    if row.item.type == "form" and row.record is not None and row.status == ANSWERED:
        lines = [f"{safe(f.label)}：{safe(FORM.field(row.record.value, f.key), 200)}" for f in row.item.fields]
        return "<br/>".join(lines)
    if row.status == ANSWERED:
        return safe(row.text, 300)
    return coloured(safe(row.display, 300), "#b00020")


def _sheet(a: AssessmentData) -> list[Flowable]:
    rows = item_rows(a)
    data = [[cell("入力済", "cell_small"), cell("番号", "cell_head"), cell("質問", "cell_head"),
             cell("回答（G-MISで選ぶもの）", "cell_head")]]
    na_rows = []
    for n, r in enumerate(rows, 1):
        question = safe(r.item.title, 400)
        if r.status == NOT_APPLICABLE:
            na_rows.append(n)
        data.append([cell(TICK_BOX, "cell_big"), cell(r.item.number, "cell_big"),
                     P(question, "cell_small"),
                     P(_answer_markup(r), "cell_big")])
    extra = [("ALIGN", (0, 1), (0, -1), "CENTER"), ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
             ("TOPPADDING", (0, 1), (-1, -1), 2), ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5)]
    extra += [("TEXTCOLOR", (0, n), (-1, n), "#777777") for n in na_rows]
    unanswered = [r.item.number for r in rows if r.applicable and r.status != ANSWERED]
    story: list[Flowable] = [T(questionnaire_label(a), "h2"), T(a.edition.title, "note"), gap(1)]
    if unanswered:
        story += [P(coloured(safe(f"未回答（未確認）の項目：{'、'.join(unanswered)}　"
                                  "— G-MISに入力する前に回答を確定してください。"), "#b00020"), "note"), gap(1)]
    story.append(grid(data, [0.07, 0.08, 0.5, 0.35], extra=extra, zebra=True))
    return story


NOT_GMIS_TITLE = "回答の控え（G-MIS転記用シートではありません）"


def _draft_sheet(a: AssessmentData) -> list[Flowable]:
    """A stand-in edition: the answers by topic, with no number a clerk could take for G-MIS's."""
    rows = item_rows(a)
    data = [[cell("設問の内容（当アプリの文言）", "cell_head"), cell("下書きした回答", "cell_head")]]
    for r in rows:
        data.append([P(safe(r.item.title, 400), "cell_small"), P(_answer_markup(r), "cell")])
    warning = ("この年度の調査票は、正式な設問文・番号がこのアプリに入っていないため、G-MISの転記用シートは"
               "印刷できません。G-MISの回答画面では、設問の番号と文言がこの控えと違います。"
               "G-MISの設問を一つずつ読み、同じ内容の行を探して入力してください。")
    return [T(questionnaire_label(a), "h2"),
            P(coloured(safe(warning), "#b00020"), "body"),
            P(coloured(safe("理由：" + a.status.text), "#b00020"), "note"), gap(2),
            grid(data, [0.6, 0.4], zebra=True)]


def gmis_flowables(ctx: ReportContext) -> list[Flowable]:
    """The G-MIS sheet for an official edition of that 年度; a plainly labelled 控え otherwise."""
    surveys = survey_assessments(ctx)
    official = [a for a in surveys if not a.provisional]
    story: list[Flowable] = [heading("G-MIS転記用シート" if official or not surveys else NOT_GMIS_TITLE)]
    if official:
        story.append(T("G-MISの回答画面と見比べながら、上から順に入力してください。"
                       "入力した行の「入力済」の□に印を付けると、入力漏れを防げます。"
                       "「対象外」は、前の質問の回答により回答不要となる質問です（回答要領の分岐の指示のとおり）。",
                       "note"))
        story.append(gap(2))
    if not surveys:
        return story + [T("この年度のG-MIS調査の回答はありません。")]
    for a in surveys:
        story += _sheet(a) if not a.provisional else _draft_sheet(a)
    return story
