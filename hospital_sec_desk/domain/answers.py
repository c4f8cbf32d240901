"""Answer records and the questions every layer asks of an answer.

The shape of a value belongs to its item type's kind (answer_kinds.py); the functions
here are the stable entry points the rest of the app uses.
"""

from __future__ import annotations

from .answer_kinds import dates_of, kind_of
from .edition import Field, Item
from .record import field, record, replace

ANSWERED = "answered"
CARRIED = "carried"  # 前年度から引継ぎ（未確認）
STATES = (ANSWERED, CARRIED)


@record
class AnswerRecord:
    value: dict = field(default_factory=dict)
    memo: str = ""
    vendor_flag: bool = False
    vendor_id: int | None = None
    state: str = ANSWERED
    updated_at: str = ""

    def with_(self, **changes) -> AnswerRecord:
        return replace(self, **changes)


def selected(item: Item, value: dict | None) -> set[str]:
    """The choice keys an answer selects (used by branching and rules)."""
    return kind_of(item).selected(item, value) if value else set()


def date_fields_for(item: Item, value: dict | None) -> tuple[Field, ...]:
    """The item's date fields that apply to this answer.

    A date field with `only_for` (e.g. the checklist's 目標日, only for いいえ) applies
    when the answer selects one of those choices (for a device grid: on any device).
    """
    picked = selected(item, value)
    return tuple(f for f in item.dates if not f.only_for or picked & set(f.only_for))


def answer_dates(item: Item, value: dict | None) -> dict[str, str]:
    """The dates given for the item's applicable date fields, by field key."""
    given = dates_of(value)
    return {f.key: str(given[f.key]) for f in date_fields_for(item, value) if given.get(f.key)}


def has_value(item: Item, value: dict | None) -> bool:
    """True when the value is a complete answer to the item."""
    return bool(value) and kind_of(item).complete(item, value)


def is_answered(item: Item, record: AnswerRecord | None) -> bool:
    """Answered and confirmed: a carry-over counts as unanswered until confirmed."""
    return record is not None and record.state == ANSWERED and has_value(item, record.value)


def is_carried(item: Item, record: AnswerRecord | None) -> bool:
    """Carried over from the year before with a complete value, not yet confirmed."""
    return record is not None and record.state == CARRIED and has_value(item, record.value)


def answer_text(item: Item, value: dict | None) -> str:
    """Human-readable Japanese text of an answer (empty when there is none)."""
    return kind_of(item).text(item, value) if value else ""


def signature(item: Item, value: dict | None) -> tuple:
    """What an answer means, independent of labels: compared across years."""
    return kind_of(item).signature(item, value or {})


def needs_action(item: Item, record: AnswerRecord | None) -> bool:
    """The answer is one of the item's attention choices (いいえ / できていない / 一部)."""
    if record is None or not item.attention:
        return False
    return bool(selected(item, record.value) & set(item.attention))
