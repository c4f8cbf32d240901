"""Which items apply given the answers (item states and counts: item_state.py)."""

from __future__ import annotations

from collections.abc import Mapping

from .answers import AnswerRecord, selected
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
