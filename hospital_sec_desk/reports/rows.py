"""Report rows: each item of an assessment with its state and printable answer text.

Shared by the PDF parts and the CSV export; no reportlab here, so the CSV (and the
UI, through it) never pulls in the PDF machinery.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..domain import item_state as st
from ..domain.answer_kinds import FORM, dates_of
from ..domain.answers import AnswerRecord, answer_text, selected
from ..domain.dates import jp_date
from ..domain.edition import Item
from ..domain.record import record
from .context import AssessmentData, ReportContext

ANSWERED = "回答済み"
UNANSWERED = "未回答"
NOT_APPLICABLE = "対象外"
CARRIED_UNCONFIRMED = "前年度から引継ぎ（未確認）"
_STATUS = {st.ANSWERED: ANSWERED, st.UNANSWERED: UNANSWERED, st.NOT_APPLICABLE: NOT_APPLICABLE,
           st.CARRIED: CARRIED_UNCONFIRMED}  # the item states (domain/item_state.py) as printed
NO_VENDOR = "ベンダー未指定"


@record
class ItemRow:
    """An item's state (domain/item_state.py) as the report prints it."""

    assessment: AssessmentData
    state: st.ItemState
    text: str            # the answer text with its dates ("" when there is none)

    @property
    def item(self) -> Item:
        return self.state.item

    @property
    def record(self) -> AnswerRecord | None:
        return self.state.record

    @property
    def applicable(self) -> bool:
        return self.state.applies

    @property
    def status(self) -> str:
        """ANSWERED / UNANSWERED / NOT_APPLICABLE / CARRIED_UNCONFIRMED (the printed words)."""
        return _STATUS[self.state.status]

    @property
    def display(self) -> str:
        """The answer as printed: text, 対象外, 未回答 or the unconfirmed carry-over."""
        if self.status == ANSWERED:
            return self.text
        if self.status == NOT_APPLICABLE:
            return NOT_APPLICABLE
        if self.status == CARRIED_UNCONFIRMED:
            return f"{CARRIED_UNCONFIRMED}: {self.text}"
        return f"{UNANSWERED}（入力途中：{self.text}）" if self.text else UNANSWERED

    @property
    def memo(self) -> str:
        return self.record.memo if self.record else ""

    @property
    def flagged(self) -> bool:
        """Still flagged for the vendor (only applicable items count)."""
        return self.state.flagged

    @property
    def needs_action(self) -> bool:
        """An answered item whose answer calls for an action (いいえ / できていない / 一部)."""
        return self.state.needs_action

    @property
    def tone(self) -> str:
        """'good' / 'attention' / 'neutral' for an answered item, else the status."""
        if self.status != ANSWERED:
            return self.status
        if self.needs_action:
            return "attention"
        picked = selected(self.item, self.record.value if self.record else None)
        return "good" if picked and picked <= set(self.item.positive) else "neutral"

    @property
    def action(self) -> dict | None:
        return self.assessment.actions.get(self.item.key)


def questionnaire_label(assessment: AssessmentData) -> str:
    return assessment.edition.short_title or assessment.edition.title


_KIND_SHORT = {"survey": "G-MIS調査", "bcp": "BCP確認表", "checklist": "チェックリスト"}


def short_label(assessment: AssessmentData) -> str:
    """A label narrow enough for a table column."""
    return _KIND_SHORT.get(assessment.edition.kind) or questionnaire_label(assessment)


def full_text(item: Item, record: AnswerRecord | None) -> str:
    """answer_text plus any dates the item records (e.g. 確認日), each on a line of its own, so a
    narrow column breaks before a date rather than inside it."""
    if record is None:
        return ""
    text = answer_text(item, record.value)
    dates = dates_of(record.value)
    extra = [f"{d.label}：{jp_date(str(dates[d.key]))}" for d in item.dates if str(dates.get(d.key, "")).strip()]
    return "\n".join([text, *extra] if text else extra)


_kept = threading.local()  # .rows: {id(assessment): (assessment, rows)} inside rows_kept()


@contextmanager
def rows_kept() -> Iterator[None]:
    """Within (one report being built, in this thread): item_rows(a) is computed once per
    assessment object. A report asks for the same assessments' rows in most of its parts (24
    times for 6 assessments); the rows are frozen records and each caller gets its own list, and
    nothing is kept after the build (the assessments may change before the next one)."""
    if getattr(_kept, "rows", None) is not None:  # nested: the outer build keeps them
        yield
        return
    _kept.rows = {}
    try:
        yield
    finally:
        _kept.rows = None


def item_rows(assessment: AssessmentData) -> list[ItemRow]:
    """Every item of the assessment, in edition order."""
    kept = getattr(_kept, "rows", None)
    if kept is not None:
        hit = kept.get(id(assessment))
        if hit is not None and hit[0] is assessment:
            return list(hit[1])
    rows = [ItemRow(assessment, s, full_text(s.item, s.record))
            for s in st.item_states(assessment.edition, assessment.records)]
    if kept is not None:
        kept[id(assessment)] = (assessment, rows)  # (the assessment held: its id is not reused)
        return list(rows)
    return rows


def blank_row(row: ItemRow) -> ItemRow:
    """The same item with no answer (a form to fill in by hand)."""
    return ItemRow(row.assessment, st.item_state(row.item, True, None), "")


def action_rows(ctx: ReportContext) -> list[ItemRow]:
    """The action plan: every answered item needing action, sorted by 期限 (empty last)."""
    found = [r for a in ctx.assessments for r in item_rows(a) if r.needs_action]
    order = {id(r): n for n, r in enumerate(found)}

    def key(row: ItemRow):
        due = ((row.action or {}).get("due") or "").strip()
        return (due == "", due, order[id(row)])

    return sorted(found, key=key)


def vendor_groups(ctx: ReportContext) -> list[tuple[dict | None, list[ItemRow]]]:
    """Flagged items per vendor, registry order; None collects items with no (known) vendor."""
    vendors = ctx.vendors()
    known = {v["id"] for v in vendors}
    groups: dict[int | None, list[ItemRow]] = {}
    for a in ctx.assessments:
        for row in item_rows(a):
            if row.flagged:
                vid = row.record.vendor_id if row.record.vendor_id in known else None
                groups.setdefault(vid, []).append(row)
    out: list[tuple[dict | None, list[ItemRow]]] = [(v, groups[v["id"]]) for v in vendors if v["id"] in groups]
    if None in groups:
        out.append((None, groups[None]))
    return out


def vendor_label(vendor: dict | None) -> str:
    if vendor is None:
        return NO_VENDOR
    name = (vendor.get("organization") or "").strip() or (vendor.get("name") or "").strip()
    return name or "（名称未入力のベンダー）"


def format_date(text: str) -> str:
    """'2026-09-30' -> '2026年9月30日' (the one date rule, domain/dates.py); else as typed."""
    return jp_date((text or "").strip())


def format_stamp(text: str) -> str:
    """An ISO timestamp as 'YYYY/MM/DD HH:MM' (local time as stored)."""
    try:
        return dt.datetime.fromisoformat(text).strftime("%Y/%m/%d %H:%M")
    except (TypeError, ValueError):
        return text or ""


def respondent(ctx: ReportContext) -> tuple[str, str, str]:
    """(name, affiliation, contact): survey Q1 when filled in, else the facility's respondent."""
    survey = ctx.by_questionnaire("survey")
    if survey is not None and survey.edition.has_item("respondent"):
        rec = survey.records.get("respondent")
        got = tuple(FORM.field(rec.value if rec else None, k).strip() for k in ("name", "affiliation", "contact"))
        if any(got):
            return got  # type: ignore[return-value]
    f = ctx.facility
    return (f.get("respondent_name") or "", f.get("respondent_dept") or "", f.get("respondent_contact") or "")
