"""Year-by-year comparison of one questionnaire's answers, matched by stable item key.

Input is a History: {year: {questionnaire: (edition, records)}}. Items are matched
across editions by key, never by number (numbers move between editions).

Cell states:
- ANSWERED        a confirmed answer; text is the answer text.
- CARRIED         carried over from the year before and not yet confirmed.
- UNANSWERED      未回答.
- NOT_APPLICABLE  対象外 (branching: e.g. Q10-1 when Q10 is いいえ).
- ABSENT          that year's edition has no such item.

What counts as changed (documented here because the screen and the tests rely on it):
a cell is *settled* when it is ANSWERED or NOT_APPLICABLE. A cell is marked changed
when it and the cell of the previous column (the previous year in the table) are both
settled and differ: answers are compared by choice keys, field texts and device
choices (not by labels, which an edition may reword), and an answer against 対象外
counts as a change. Unanswered, carried-unconfirmed and absent cells are never marked
changed and never make the next year's cell changed: a year still being answered would
otherwise light up every row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .answers import AnswerRecord, signature
from .branching import applicable_from_records
from .edition import Edition, Item
from .item_state import ANSWERED, NOT_APPLICABLE, UNANSWERED, item_state
from .item_state import CARRIED as CARRIED_STATE
from .record import record

ABSENT = "absent"

TEXT_UNANSWERED = "未回答"
TEXT_NOT_APPLICABLE = "対象外"
TEXT_ABSENT = "この年度の調査票にない項目"
CARRIED_SUFFIX = "（前年度から引継ぎ・未確認）"

History = Mapping[int, Mapping[str, tuple[Edition, Mapping[str, AnswerRecord]]]]


@record
class Cell:
    year: int
    state: str
    text: str
    number: str = ""          # the item's number in that year's edition ("" when absent)
    changed: bool = False
    previous_text: str = ""   # the previous column's text, when changed


@record
class Row:
    key: str
    number: str               # from the newest edition that has the item
    title: str
    in_newest: bool
    cells: tuple[Cell, ...]

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.cells)

    def cell(self, year: int) -> Cell | None:
        return next((c for c in self.cells if c.year == year), None)


@record
class Comparison:
    questionnaire: str
    title: str                # the newest edition's short title
    years: tuple[int, ...]    # ascending; only years that have this questionnaire
    editions: tuple[Edition, ...]  # the edition of each year, same order as years
    rows: tuple[Row, ...]

    def visible_rows(self, changed_only: bool = False) -> list[Row]:
        return [r for r in self.rows if r.changed] if changed_only else list(self.rows)

    def changed_cells(self) -> set[tuple[str, int]]:
        return {(r.key, c.year) for r in self.rows for c in r.cells if c.changed}


def _cell(year: int, item: Item | None, applies: bool, record: AnswerRecord | None) -> tuple[Cell, tuple | None]:
    """The cell and its settled signature (None when not settled)."""
    if item is None:
        return Cell(year, ABSENT, TEXT_ABSENT), None
    st = item_state(item, applies, record)
    if st.status == NOT_APPLICABLE:
        return Cell(year, NOT_APPLICABLE, TEXT_NOT_APPLICABLE, item.number), ("na",)
    if st.status == ANSWERED:
        return Cell(year, ANSWERED, st.text, item.number), signature(item, record.value)
    if st.status == CARRIED_STATE:
        return Cell(year, CARRIED_STATE, st.text + CARRIED_SUFFIX, item.number), None
    return Cell(year, UNANSWERED, TEXT_UNANSWERED, item.number), None


def _newest_first(editions: Iterable[Edition]) -> list[Edition]:
    unique = {e.edition: e for e in editions}
    return sorted(unique.values(), key=lambda e: (e.published, e.edition), reverse=True)


def questionnaires_in(history: History, order: list[str] | None = None) -> list[str]:
    """Questionnaires present in any year, in `order` (registry order) first."""
    found = {q for per_year in history.values() for q in per_year}
    ranked = [q for q in (order or []) if q in found]
    return ranked + sorted(found - set(ranked))


def build_comparison(history: History, questionnaire: str) -> Comparison:
    """The items × years table of one questionnaire (see the module docstring)."""
    years = tuple(sorted(y for y, per in history.items() if questionnaire in per))
    per_year = [history[y][questionnaire] for y in years]
    editions = tuple(ed for ed, _ in per_year)
    ordered = _newest_first(editions)
    keys: dict[str, Item] = {}
    for ed in ordered:
        for item in ed.items:
            keys.setdefault(item.key, item)
    newest = ordered[0] if ordered else None
    flags = [applicable_from_records(ed, recs) for ed, recs in per_year]
    rows: list[Row] = []
    for key, head in keys.items():
        cells: list[Cell] = []
        prev: Cell | None = None
        prev_sig: tuple | None = None
        for n, (ed, recs) in enumerate(per_year):
            item = ed.item(key) if ed.has_item(key) else None
            cell, sig = _cell(years[n], item, flags[n].get(key, False), recs.get(key))
            if sig is not None and prev_sig is not None and sig != prev_sig:
                cell = Cell(cell.year, cell.state, cell.text, cell.number, True, prev.text)
            cells.append(cell)
            prev, prev_sig = cell, sig
        rows.append(Row(key, head.number, head.title, newest is not None and newest.has_item(key),
                        tuple(cells)))
    return Comparison(questionnaire, newest.name if newest else questionnaire, years, editions,
                      tuple(rows))
