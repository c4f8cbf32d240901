"""Which items apply given the answers, and completeness counts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .answers import CARRIED, AnswerRecord, has_value, is_answered, selected
from .edition import Edition, Item


def applicable(edition: Edition, values: Mapping[str, dict | None]) -> dict[str, bool]:
    """Map each item key to whether it applies.

    An item applies when every one of its conditions holds: the item named is
    itself applicable and its answer selects one of the listed choices. Items
    that do not apply are 対象外. Conditions only point backwards (validated
    by the loader), so one pass in edition order is enough.
    """
    result: dict[str, bool] = {}
    for item in edition.items:
        ok = True
        for cond in item.when:
            if not result.get(cond.item, False):
                ok = False
                break
            target = edition.item(cond.item)
            if not selected(target, values.get(cond.item)) & set(cond.any_of):
                ok = False
                break
        result[item.key] = ok
    return result


def applicable_from_records(edition: Edition, records: Mapping[str, AnswerRecord]) -> dict[str, bool]:
    """Branching uses the value given, confirmed or carried over (so the walk is stable)."""
    return applicable(edition, {k: r.value for k, r in records.items()})


def applicable_items(edition: Edition, records: Mapping[str, AnswerRecord]) -> list[Item]:
    flags = applicable_from_records(edition, records)
    return [i for i in edition.items if flags[i.key]]


@dataclass(frozen=True)
class Completeness:
    applicable: int
    answered: int
    not_applicable: int
    carried_unconfirmed: int
    flagged: int
    unanswered_keys: tuple[str, ...]

    @property
    def done(self) -> bool:
        return self.applicable > 0 and self.answered == self.applicable

    @property
    def ratio(self) -> float:
        return self.answered / self.applicable if self.applicable else 0.0


def completeness(edition: Edition, records: Mapping[str, AnswerRecord]) -> Completeness:
    flags = applicable_from_records(edition, records)
    answered = carried = flagged = 0
    unanswered: list[str] = []
    for item in edition.items:
        rec = records.get(item.key)
        if not flags[item.key]:
            continue
        if is_answered(item, rec):
            answered += 1
        else:
            unanswered.append(item.key)
            if rec is not None and rec.state == CARRIED and has_value(item, rec.value):
                carried += 1
        if rec is not None and rec.vendor_flag:
            flagged += 1
    n_app = sum(flags.values())
    return Completeness(n_app, answered, len(flags) - n_app, carried, flagged, tuple(unanswered))
