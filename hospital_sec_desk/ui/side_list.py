"""The wizard's side list: one line an item under its section heading, and the review entry.

Built once per set of applicable items; a refresh (every answer) looks only at the entries
whose item state the StateCache replaced and at the old and the new highlighted entry, sets only
what changed in them (mark, colour, tooltip, enabled state, highlight) and repaints only those rows.

Why a subclass: QListView answers every dataChanged of its model by laying out all entries
again and repainting the whole list (QListModeViewBase::dataChanged posts a delayed layout),
which cost ~3 ms a click here, mostly shaping the Japanese text of every row again. The
entries are one line each with uniform sizes, so a change never moves another row: the
list passes a change on to QAbstractItemView, which repaints that row (and tells
assistive technology), and skips the relayout.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from ..domain.answers import AnswerRecord
from ..domain.edition import Edition
from ..domain.item_state import ANSWERED, CARRIED, NOT_APPLICABLE, ItemState, item_state
from ..domain.session import REVIEW, AssessmentSession
from . import style

HIGHLIGHT = "#dde8f8"  # the entry of the item on screen
HEADING = "#1b2a3a"
REVIEW_TEXT = "▶ 確認（未回答・要確認の一覧）"
TITLE_CHARS = 30


def mark(st: ItemState) -> tuple[str, str]:
    """The side list's mark and colour of an item state."""
    if st.status == NOT_APPLICABLE:
        return "－", style.COLOR_NA
    if st.status == CARRIED:
        return "↻", style.COLOR_CARRIED
    if st.flagged:
        return "⚑", style.COLOR_FLAGGED
    if st.status == ANSWERED:
        return "✓", style.COLOR_ANSWERED
    return "○", style.COLOR_UNANSWERED


def entry_look(st: ItemState, current: bool) -> dict:
    """What an item's entry shows: text, tooltip, colour, whether it can be chosen, highlight."""
    item = st.item
    sign, color = mark(st)
    return {"text": f"{sign} {item.number} {item.title[:TITLE_CHARS]}",
            "tip": f"{item.number} {item.title}\n{st.label}" + ("・ベンダーに確認" if st.flagged else ""),
            "color": color, "applies": st.applies, "current": current}


class StateCache:
    """The item states of a session (as `session.states()`), each recomputed only when its
    record or its applicability changed since the last call: a click replaces one record
    (records are immutable, a save puts a new one), branching may change a few flags.
    After each `states()`, `changed` holds the keys whose state was recomputed (in edition order;
    every key on the first call)."""

    def __init__(self, session: AssessmentSession):
        self.session = session
        self._known: dict[str, tuple[AnswerRecord | None, bool, ItemState]] = {}
        self.changed: list[str] = []

    def states(self) -> list[ItemState]:
        session = self.session
        records, flags, known_all = session.records, session.applies, self._known
        out, changed = [], []
        for item in session.edition.items:
            key = item.key
            record, applies = records.get(key), flags[key]
            known = known_all.get(key)
            if known is None or known[0] is not record or known[1] != applies:
                known = known_all[key] = (record, applies, item_state(item, applies, record))
                changed.append(key)
            out.append(known[2])
        self.changed = changed
        return out


class SideList(QListWidget):
    def __init__(self, edition: Edition, parent=None):
        super().__init__(parent)
        self.edition = edition
        self.setObjectName("item-list")
        self.setAccessibleName("設問の一覧")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setUniformItemSizes(True)  # one line an entry
        self._keys: list[str] | None = None
        self._index: dict[str, int] = {}  # item key -> its position in the states shown
        self._current: str | None = None  # the key last shown highlighted
        self._entries: dict[str, QListWidgetItem] = {}
        self._shown: dict[str, dict] = {}
        self._entry_flags = None
        self._highlight = QBrush(QColor(HIGHLIGHT))

    def dataChanged(self, top_left, bottom_right, roles=()):  # noqa: N802 (Qt API)
        """Repaint the changed rows only (see the module docstring): no relayout of the list."""
        QAbstractItemView.dataChanged(self, top_left, bottom_right, roles)

    def entry(self, key: str) -> QListWidgetItem:
        return self._entries[key]

    def show_states(self, states: list[ItemState], current_key: str,
                    changed: list[str] | None = None) -> None:
        """Show the item states; the list is rebuilt only when the items listed change.

        `changed`: the keys whose state changed since the last call with the same items (the
        StateCache's `changed`); only those entries and the old and new highlighted one are
        looked at. None: every entry is (a different list of items always rebuilds)."""
        if changed is None or self._keys is None or len(states) != len(self._keys):
            keys = [st.item.key for st in states]
            if keys != self._keys:
                self._build(states)
            todo = range(len(states))
        else:
            index = self._index
            todo = {index[key] for key in changed}
            if current_key != self._current:
                todo.update(index[key] for key in (self._current, current_key) if key in index)
        self._current = current_key
        if not todo:
            return
        self.blockSignals(True)
        for i in sorted(todo):
            st = states[i]
            self._show_entry(st, st.item.key == current_key)
        self.blockSignals(False)

    def _build(self, states: list[ItemState]) -> None:
        self.blockSignals(True)
        self.clear()
        self._keys = [st.item.key for st in states]
        self._index = {key: i for i, key in enumerate(self._keys)}
        self._entries, self._shown = {}, {}
        section = None
        entry = None
        for st in states:
            item = st.item
            if item.section != section:
                section = item.section
                head = QListWidgetItem(self.edition.section(section).title)
                head.setFlags(Qt.ItemFlag.NoItemFlags)
                head.setForeground(QBrush(QColor(HEADING)))
                f = head.font()
                f.setBold(True)
                head.setFont(f)
                self.addItem(head)
            entry = QListWidgetItem()
            entry.setData(Qt.ItemDataRole.UserRole, item.key)
            self._entries[item.key] = entry
            self.addItem(entry)
        self._entry_flags = entry.flags() if entry is not None else None
        review = QListWidgetItem(REVIEW_TEXT)
        review.setData(Qt.ItemDataRole.UserRole, REVIEW)
        self.addItem(review)
        self.blockSignals(False)

    def _show_entry(self, st: ItemState, current: bool) -> None:
        """Set only what changed: each setter repaints the entry's row."""
        want = entry_look(st, current)
        shown = self._shown.setdefault(st.item.key, {})
        if shown == want:
            return
        entry = self._entries[st.item.key]
        if shown.get("text") != want["text"]:
            entry.setText(want["text"])
        if shown.get("tip") != want["tip"]:
            entry.setToolTip(want["tip"])
        if shown.get("color") != want["color"]:
            entry.setForeground(QBrush(QColor(want["color"])))
        if shown.get("applies") != want["applies"]:
            entry.setFlags(self._entry_flags if want["applies"] else Qt.ItemFlag.ItemIsEnabled)
        if shown.get("current") != want["current"]:
            entry.setBackground(self._highlight if current else QBrush())
        shown.update(want)
