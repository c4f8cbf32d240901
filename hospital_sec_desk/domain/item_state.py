"""The state of every item of an assessment, computed in one place.

`item_states(edition, records)` is what the session, the wizard's side list, the review
page, the home card, the report rows, the comparison, readiness, the CSV and the G-MIS
sheet read: whether an item applies, whether it is answered, carried over and not yet
confirmed, unanswered or 対象外, its answer text, whether it needs action and whether it is
flagged for the vendor.
"""

from __future__ import annotations

from collections.abc import Mapping

from .answers import AnswerRecord, answer_text, is_answered, is_carried, needs_action
from .branching import applicable_from_records
from .edition import Edition, Item
from .record import record

ANSWERED = "answered"
CARRIED = "carried"
UNANSWERED = "unanswered"
NOT_APPLICABLE = "not_applicable"

STATUS_LABELS = {
    ANSWERED: "回答済み",
    CARRIED: "前年度から引継ぎ（未確認）",
    UNANSWERED: "未回答",
    NOT_APPLICABLE: "対象外",
}


@record
class ItemState:
    item: Item
    applies: bool
    status: str                 # ANSWERED / CARRIED / UNANSWERED / NOT_APPLICABLE
    record: AnswerRecord | None
    text: str                   # the answer's text (also for a carried or partial answer)

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def flagged(self) -> bool:
        """Marked 「ベンダーに確認」 (counts on applicable items only)."""
        return self.applies and self.record is not None and self.record.vendor_flag

    @property
    def needs_action(self) -> bool:
        """A confirmed answer that is one of the item's attention choices."""
        return self.status == ANSWERED and needs_action(self.item, self.record)

    @property
    def open(self) -> bool:
        """Applies and is not yet answered (carried-over answers included)."""
        return self.status in (CARRIED, UNANSWERED)


def item_state(item: Item, applies: bool, record: AnswerRecord | None) -> ItemState:
    text = answer_text(item, record.value) if record is not None else ""
    if not applies:
        status = NOT_APPLICABLE
    elif is_answered(item, record):
        status = ANSWERED
    elif is_carried(item, record):
        status = CARRIED
    else:
        status = UNANSWERED
    return ItemState(item, applies, status, record, text)


def item_states(edition: Edition, records: Mapping[str, AnswerRecord]) -> list[ItemState]:
    """Every item of the edition, in edition order, with its state."""
    flags = applicable_from_records(edition, records)
    return [item_state(i, flags[i.key], records.get(i.key)) for i in edition.items]


@record
class Completeness:
    applicable: int
    answered: int
    not_applicable: int
    carried_unconfirmed: int
    flagged: int

    @property
    def done(self) -> bool:
        return self.applicable > 0 and self.answered == self.applicable

    @property
    def started(self) -> bool:
        return self.answered > 0 or self.carried_unconfirmed > 0

    @property
    def ratio(self) -> float:
        return self.answered / self.applicable if self.applicable else 0.0


def summarize(states: list[ItemState]) -> Completeness:
    count = {s: 0 for s in STATUS_LABELS}
    for st in states:
        count[st.status] += 1
    applicable = len(states) - count[NOT_APPLICABLE]
    return Completeness(applicable, count[ANSWERED], count[NOT_APPLICABLE], count[CARRIED],
                        sum(st.flagged for st in states))


def completeness(edition: Edition, records: Mapping[str, AnswerRecord]) -> Completeness:
    return summarize(item_states(edition, records))
