"""The 立入検査 checklist in the form's own layout, and the 事業者確認用 request sheet per vendor.

Both take a ReportContext (report.py registers them as the optional parts "checklist" and
"vendor_checklist"). `context_from_parts` builds one from plain arguments (edition, answer
records, facility, vendors) for callers without a Store.

Layout follows the form: one table per section with 項番 / 確認項目 / 確認結果 / 確認日 /
目標日; a section holding device-grid items gets a column per device (サーバ / 端末PC /
ネットワーク機器, from the edition data) plus 医療情報システム全般 for its other items, and
cells an item does not ask are shaded. Items whose title is not the official text are
marked ※. All text goes through pdf_base.safe (escaped, never parsed as markup).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak

from ..domain.answer_kinds import DEVICE_GRID, SINGLE, dates_of
from ..domain.answers import AnswerRecord, date_fields_for
from ..domain.dates import printed_date
from ..domain.edition import Edition, Item, Section
from ..domain.fiscal import fiscal_year
from .context import AssessmentData, ReportContext
from .fast_table import Grid
from .pdf_base import (
    MUTED,
    SHADE,
    SHADE_LIGHT,
    P,
    PartMarker,
    T,
    cell,
    coloured,
    gap,
    grid,
    grid_style,
    heading,
    safe,
)
from .rows import (
    ANSWERED,
    CARRIED_UNCONFIRMED,
    NOT_APPLICABLE,
    ItemRow,
    blank_row,
    format_date,
    item_rows,
    respondent,
    vendor_label,
)

QUESTIONNAIRE = "checklist"
GENERAL = "医療情報システム全般"
BLANK = "はい・いいえ"  # printed where no answer is recorded, to circle by hand
NOT_OFFICIAL_MARK = "※"
VENDOR_NOTES = ("qa_06", "qa_19", "qa_20", "qa_21")  # Q&A on the 事業者確認用, printed on the sheet
LEGEND = ("※ の項目は当アプリによる要約で、正式な文言ではありません。網かけの欄は、その項目で確認しない欄です。"
          "正式な様式（医療機関確認用・事業者確認用）とマニュアルは厚生労働省のホームページで公開されています。")


# -- adapter ---------------------------------------------------------------------------
def context_from_parts(edition: Edition, records: Mapping[str, AnswerRecord | dict], facility: dict,
                       vendors: list[dict], year: int | None = None,
                       printed_on: dt.date | None = None) -> ReportContext:
    """A ReportContext from plain arguments; records may be AnswerRecords or bare answer values."""
    recs = {k: r if isinstance(r, AnswerRecord) else AnswerRecord(value=dict(r)) for k, r in records.items()}
    year = year or fiscal_year()
    row = {"id": 0, "fiscal_year": year, "questionnaire": edition.questionnaire, "edition": edition.edition}
    contacts = [{"id": v.get("id", n), "category": "vendor", **v} for n, v in enumerate(vendors, 1)]
    return ReportContext(year=year, facility=dict(facility), assessments=[AssessmentData(edition, row, recs)],
                         previous=[], contacts=contacts, printed_on=printed_on or dt.date.today())


# -- shared pieces ---------------------------------------------------------------------
def _columns(items: list[Item]) -> list[tuple[str, str]]:
    """(device key, label) columns for a section; GENERAL collects items without devices."""
    cols: dict[str, str] = {}
    for item in items:
        for d in item.devices if item.type == "device_grid" else ():
            cols.setdefault(d.key, d.label)
    if cols and any(i.type != "device_grid" for i in items):
        cols[""] = GENERAL
    return list(cols.items())


def _title(item: Item) -> str:
    return item.title if item.official else f"{NOT_OFFICIAL_MARK}{item.title}"


def _answer(row: ItemRow, device: str | None) -> str:
    """Markup of one result cell: the choice, 対象外, or はい・いいえ left to fill in by hand."""
    if row.status == NOT_APPLICABLE:
        return coloured(safe(NOT_APPLICABLE), "#777777")
    value = row.record.value if row.record else None
    key = DEVICE_GRID.device(value, device) if device else SINGLE.part(value)
    choice = row.item.choice(key or "")
    if choice is None:
        return coloured(safe(BLANK).replace("・", "・<br/>"), "#9aa3ad")
    text = safe(choice.label)
    if row.status == CARRIED_UNCONFIRMED:
        text += coloured(safe("（前年度・未確認）"), "#a15c00")
    return coloured(text, "#b00020") if key in row.item.attention else text


def _dates(row: ItemRow) -> tuple[str, str]:
    if row.status == NOT_APPLICABLE:
        return "", ""
    value = row.record.value if row.record else None
    dates = dates_of(value)
    checked = safe(format_date(str(dates.get("checked_on", ""))))
    target = safe(format_date(str(dates.get("target_on", ""))))
    wants_target = any(f.key == "target_on" for f in date_fields_for(row.item, value))
    if wants_target and not target and row.status == ANSWERED:
        target = coloured(safe("未設定"), "#b00020")
    return checked, target


def _section_table(rows: list[ItemRow], with_target: bool = True) -> Grid:
    cols = _columns([r.item for r in rows])
    head = ["項番", "確認項目"] + [label for _, label in cols] + (["確認結果"] if not cols else [])
    head += ["確認日"] + (["目標日"] if with_target else [])
    dev_w = 0.09 if len(cols) <= 4 else 0.36 / len(cols)
    result_w = [dev_w] * len(cols) if cols else [0.12]
    date_w = [0.115, 0.115] if with_target else [0.115]
    widths = [0.07, 1 - 0.07 - sum(result_w) - sum(date_w)] + result_w + date_w
    data: list[list] = [[cell(h, "cell_head") for h in head]]
    shade: list = []
    for r_no, row in enumerate(rows, 1):
        item = row.item
        line: list = [cell(item.number), cell(_title(item))]
        if cols:
            asked = {d.key for d in item.devices} if item.type == "device_grid" else {""}
            for c_no, (key, _label) in enumerate(cols, 2):
                if key in asked:
                    line.append(P(_answer(row, key or None), "cell"))
                else:
                    line.append("")
                    shade.append(("BACKGROUND", (c_no, r_no), (c_no, r_no), SHADE))
        else:
            line.append(P(_answer(row, None), "cell"))
        checked, target = _dates(row)
        line.append(P(checked, "cell_small"))
        if with_target:
            line.append(P(target, "cell_small"))
        data.append(line)
    return grid(data, widths, extra=shade)


def _checklist(ctx: ReportContext) -> AssessmentData | None:
    return ctx.by_questionnaire(QUESTIONNAIRE)


# -- 医療機関確認用 ------------------------------------------------------------------------
def checklist_flowables(ctx: ReportContext) -> list[Flowable]:
    """The checklist as the form lays it out, with this year's answers and dates."""
    a = _checklist(ctx)
    if a is None:
        return [heading("サイバーセキュリティ対策チェックリスト"),
                T("この年度のチェックリストはまだ記入されていません。")]
    ed = a.edition
    rows = item_rows(a)
    story: list[Flowable] = [heading(ed.title)]
    story.append(T(f"{ctx.facility.get('name') or ''}　{ctx.nendo}", "h3"))
    story += [T(LEGEND, "note"), T(f"出典：{ed.source}", "note"), gap(2)]
    for section in ed.sections:
        in_section = [r for r in rows if r.item.section == section.key]
        if not in_section:
            continue
        with_target = any(f.key == "target_on" for r in in_section for f in r.item.dates)
        story += [CondPageBreak(45 * mm), KeepTogether([T(section.title, "h2"), *_section_note(section)])]
        story.append(_section_table(in_section, with_target))
    story += [gap(3), T(_tally(rows), "note")]
    return story


def _section_note(section: Section) -> list[Flowable]:
    return [T(section.description, "note"), gap(1)] if section.description.strip() else []


def _tally(rows: list[ItemRow]) -> str:
    live = [r for r in rows if r.status != NOT_APPLICABLE]
    answered = [r for r in live if r.status == ANSWERED]
    attention = [r for r in answered if r.needs_action]
    return (f"対象 {len(live)} 項目のうち 記入済み {len(answered)}、「いいえ」を含む項目 {len(attention)}、"
            f"未記入・未確認 {len(live) - len(answered)}（対象外 {len(rows) - len(live)}）")


# -- 事業者確認用 依頼票 ------------------------------------------------------------------
def vendor_request_flowables(ctx: ReportContext) -> list[Flowable]:
    """One sheet per registered vendor: the checklist items the vendor must answer."""
    a = _checklist(ctx)
    title = "事業者確認用チェックリスト 記入のお願い"
    if a is None:
        return [heading(title), T("この年度のチェックリストがありません。")]
    every = item_rows(a)  # once for all the sheets
    rows = [r for r in every if r.item.vendor and r.applicable]
    vendors = ctx.vendors()
    if not rows:
        return [heading(title), T("事業者に確認を依頼する項目はありません（医療情報システムを導入・運用していない"
                                  "場合など、チェックリストの項目が対象外のときは依頼不要です）。")]
    if not vendors:
        return [heading(title), T("システム事業者（ベンダー）の連絡先が登録されていません。連絡先の画面で事業者を"
                                  "登録すると、事業者ごとの依頼票を印刷できます。")]
    story: list[Flowable] = []
    blank = [blank_row(r) for r in rows]
    for n, vendor in enumerate(vendors):
        if n:
            story.append(PageBreak())
        story += _vendor_sheet(ctx, a, vendor, title, every, blank)
    return story


def _vendor_sheet(ctx: ReportContext, a: AssessmentData, vendor: dict, title: str,
                  every: list[ItemRow], blank: list[ItemRow]) -> list[Flowable]:
    """One vendor's sheet; `every`: item_rows(a); `blank`: the requested rows, unanswered."""
    story: list[Flowable] = [PartMarker(f"事業者確認用（{vendor_label(vendor)}）"), heading(title)]
    story.append(T(f"{vendor_label(vendor)}　御中", "h2", 120))
    who = " ".join(s for s in ((vendor.get("department") or "").strip(), (vendor.get("name") or "").strip()) if s)
    if who:
        story.append(T(f"{who} 様", "body", 120))
    if (vendor.get("systems") or "").strip():
        story.append(T(f"対象システム：{vendor['systems']}", "note", 200))
    story += [gap(2), _sender(ctx), gap(3)]
    story.append(T("いつも大変お世話になっております。医療法に基づく立入検査では「医療機関におけるサイバーセキュリティ"
                   "対策チェックリスト」により対策状況が確認され、医療機関は契約している事業者ごとに「事業者確認用」"
                   "チェックリストへの記入を依頼することとされています。貴社が提供・保守している医療情報システムに"
                   "ついて、厚生労働省の様式「事業者確認用」にご記入のうえ、ご返送くださいますようお願いいたします。"
                   "下の表は記入をお願いしたい項目の一覧です（確認結果の欄に直接ご記入いただいても結構です）。"))
    story += [gap(2), T(LEGEND, "note"), gap(2)]
    story.append(_section_table(blank, with_target=False))
    flagged = [r for r in every if r.flagged and r.record.vendor_id == vendor.get("id")]
    if flagged:
        story += [gap(3), T("当院から特に確認をお願いしたい項目", "h3")]
        story += [T(f"・{r.item.number}　{_title(r.item)}", "indent", 300) for r in flagged]
    notes = [h for h in a.edition.help if h.key in VENDOR_NOTES]
    if notes:
        head = T("ご参考：「サイバーセキュリティ対策チェックリスト」に関するＱ＆Ａ（厚生労働省）より", "h3")
        paras = [T(h.text, "small", 1500) for h in notes]
        story += [gap(3), KeepTogether([head, paras[0]]), *paras[1:]]
    signer = Grid([[cell("ご回答者（会社名・ご氏名）", "cell_small"), ""], [cell("ご回答日", "cell_small"), ""]],
                   colWidths=[45 * mm, 80 * mm], rowHeights=[10 * mm, 10 * mm], hAlign="RIGHT",
                   style=grid_style(0, [("BACKGROUND", (0, 0), (0, -1), SHADE),
                                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [gap(3), KeepTogether([signer])]
    return story


def _sender(ctx: ReportContext) -> Grid:
    name, affiliation, contact = respondent(ctx)
    day = ctx.printed_on
    rows = [("依頼元", ctx.facility.get("name") or ""), ("ご担当", f"{affiliation}　{name}".strip()),
            ("連絡先", contact or ctx.facility.get("phone") or ""),
            ("依頼日", printed_date(day))]
    data = [[cell(k, "cell_small"), cell(v, "cell", 160)] for k, v in rows]
    return Grid(data, colWidths=[16 * mm, 78 * mm], hAlign="RIGHT",
                 style=grid_style(0, [("BACKGROUND", (0, 0), (0, -1), SHADE_LIGHT),
                                      ("TEXTCOLOR", (0, 0), (0, -1), MUTED)]))
