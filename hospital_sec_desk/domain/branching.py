"""Which items apply given the answers (item states and counts: item_state.py)."""

from __future__ import annotations

from collections.abc import Mapping
from operator import is_

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


def branch_reads(edition: Edition) -> tuple[str, ...]:
    """The keys of the items some condition reads, in edition order: only a change of one of
    their answers can change which items apply."""
    named = {cond.item for item in edition.items for cond in item.when}
    return tuple(i.key for i in edition.items if i.key in named)


class Applicability:
    """`applicable_from_records` of one edition, computed again only when the record of an item
    some condition reads was replaced (records are immutable: a change puts a new one), so an
    answer to an item no condition reads (most of them) costs a few look-ups, not a pass."""

    def __init__(self, edition: Edition):
        self.edition = edition
        self._reads = branch_reads(edition)
        self._seen: tuple[AnswerRecord | None, ...] | None = None
        self._flags: dict[str, bool] = {}

    def flags(self, records: Mapping[str, AnswerRecord]) -> dict[str, bool]:
        """Item key -> applies; the same dict while nothing it depends on changed (do not modify it)."""
        seen = tuple(map(records.get, self._reads))
        last = self._seen
        if last is None or not all(map(is_, seen, last)):
            self._flags = applicable(self.edition, {k: r.value for k in self._reads
                                                    if (r := records.get(k)) is not None})
            self._seen = seen
        return self._flags
