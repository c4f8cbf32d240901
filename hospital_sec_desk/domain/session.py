"""The in-memory answer model of one assessment, observable; savers persist each change.

Widgets edit this object, never the database. Every answer change updates the records
and at once calls `saver(item_key, record)` (storage's save through the application
layer), so an answer is durable the moment it is given. Typing in a memo is *staged*:
the text is held in memory and written by `flush()` after a short idle, on leaving the
field, on leaving the page and on close (the application layer and the UI call it), so
the disk is off the typing path. Form fields and 「その他」 texts are staged the same way.

Observers (`subscribe`) are told of every saved change and every failed save, so any
number of views stay in step without re-reading each other's widgets. A failed save
changes nothing in memory: the record stays what is stored, observers get `failed` with
the error, and the next action retries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from .answer_kinds import DEVICE_GRID, FORM, MULTI, SINGLE, with_date, with_other_text
from .answers import ANSWERED, AnswerRecord, answer_text, is_answered, is_carried, needs_action
from .branching import Applicability
from .edition import Edition, Item
from .item_state import Completeness, ItemState, item_state, item_states, summarize
from .progress import REVIEW_LAST_ITEM

Saver = Callable[[str, AnswerRecord], AnswerRecord]
ActionSaver = Callable[[str, dict], None]
PositionSaver = Callable[[str], None]

# Observer events: (event, item key, payload)
CHANGED = "changed"        # payload: the saved AnswerRecord
ACTION = "action"          # payload: the merged action dict
FAILED = "failed"          # payload: the exception raised by the saver
Observer = Callable[[str, str, object], None]

REVIEW = REVIEW_LAST_ITEM  # the wizard's position after the last item: the review page


class AssessmentSession:
    def __init__(self, edition: Edition, records: Mapping[str, AnswerRecord], saver: Saver,
                 previous: Mapping[str, AnswerRecord] | None = None, read_only: bool = False,
                 actions: Mapping[str, dict] | None = None, action_saver: ActionSaver | None = None,
                 position: str = "", position_saver: PositionSaver | None = None):
        self.edition = edition
        self.actions: dict[str, dict] = {k: dict(v) for k, v in (actions or {}).items()}
        self._action_saver = action_saver
        self.records: dict[str, AnswerRecord] = dict(records)
        self.previous: dict[str, AnswerRecord] = dict(previous or {})
        self._saver = saver
        self._position_saver = position_saver
        self.position = position
        self.read_only = read_only
        self._observers: list[Observer] = []
        self._staged: dict[str, AnswerRecord] = {}  # item key -> record typed but not yet written
        self._applicability = Applicability(edition)  # recomputed only when a branching answer changed

    # -- observers -----------------------------------------------------------
    def subscribe(self, fn: Observer) -> Callable[[], None]:
        """Call fn(event, key, payload) on every change; returns an unsubscribe function."""
        self._observers.append(fn)
        return lambda: fn in self._observers and self._observers.remove(fn)

    def _emit(self, event: str, key: str, payload: object) -> None:
        for fn in list(self._observers):
            fn(event, key, payload)

    # -- queries -------------------------------------------------------------
    def record(self, key: str) -> AnswerRecord:
        """The record as the user sees it: what is stored, with what is being typed."""
        return self._staged.get(key) or self.records.get(key) or AnswerRecord()

    def applicable(self) -> dict[str, bool]:
        return dict(self._applicability.flags(self.records))

    @property
    def applies(self) -> Mapping[str, bool]:
        """Item key -> whether it applies, read-only; computed again only when the answer of an
        item some condition reads was replaced (most answers change no applicability)."""
        return MappingProxyType(self._applicability.flags(self.records))

    def applicable_items(self) -> list[Item]:
        flags = self._applicability.flags(self.records)
        return [i for i in self.edition.items if flags[i.key]]

    def states(self) -> list[ItemState]:
        return item_states(self.edition, self.records)

    def state(self, key: str) -> ItemState:
        return item_state(self.edition.item(key), self.applies[key], self.records.get(key))

    def completeness(self) -> Completeness:
        return summarize(self.states())

    def is_answered(self, key: str) -> bool:
        return is_answered(self.edition.item(key), self.records.get(key))

    def is_carried(self, key: str) -> bool:
        return is_carried(self.edition.item(key), self.records.get(key))

    def needs_action(self, key: str) -> bool:
        return needs_action(self.edition.item(key), self.records.get(key))

    def previous_text(self, key: str) -> str:
        rec = self.previous.get(key)
        return answer_text(self.edition.item(key), rec.value) if rec else ""

    def first_open_item(self) -> Item | None:
        """The first applicable item not yet answered (confirmed)."""
        return next((s.item for s in self.states() if s.open), None)

    # -- changes (each persisted at once) --------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            raise PermissionError("read-only")

    def _put(self, key: str, record: AnswerRecord) -> AnswerRecord | None:
        """Save; on failure keep what is stored, tell the observers, return None."""
        self._check_writable()
        staged = self._staged.pop(key, None)  # `record` was built from record(key): it holds it
        try:
            saved = self._saver(key, record)
        except Exception as exc:  # noqa: BLE001 - the application layer turns it into Japanese
            if staged is not None:
                self._staged[key] = staged
            self._emit(FAILED, key, exc)
            return None
        self.records[key] = saved
        self._emit(CHANGED, key, saved)
        return saved

    def set_value(self, key: str, value: dict) -> AnswerRecord | None:
        """A new answer: confirmed (state answered), replacing any carry-over."""
        return self._put(key, self.record(key).with_(value=value, state=ANSWERED))

    def choose(self, key: str, choice: str) -> AnswerRecord | None:
        return self.set_value(key, SINGLE.choose(self.record(key).value, choice))

    def toggle(self, key: str, choice: str, on: bool) -> AnswerRecord | None:
        item = self.edition.item(key)
        return self.set_value(key, MULTI.toggle(item, self.record(key).value, choice, on))

    def set_field(self, key: str, field: str, text: str) -> AnswerRecord | None:
        return self.set_value(key, FORM.set_field(self.record(key).value, field, text))

    def set_device(self, key: str, device: str, choice: str) -> AnswerRecord | None:
        return self.set_value(key, DEVICE_GRID.set_device(self.record(key).value, device, choice))

    def set_date(self, key: str, name: str, iso: str) -> AnswerRecord | None:
        return self._put(key, self.record(key).with_(value=with_date(self.record(key).value, name, iso)))

    def set_other_text(self, key: str, choice: str, text: str) -> AnswerRecord | None:
        """What a 「その他」 choice is (edition `other_text`), written now (see stage_other_text)."""
        return self._put(key, self._with_other_text(key, choice, text))

    def _with_other_text(self, key: str, choice: str, text: str) -> AnswerRecord:
        item = self.edition.item(key)
        return self.record(key).with_(value=with_other_text(item, self.record(key).value, choice, text))

    def set_memo(self, key: str, memo: str) -> AnswerRecord | None:
        """Write the memo now (see stage_memo for typing)."""
        self._staged.pop(key, None)
        return self._put(key, self.record(key).with_(memo=memo))

    def _stage(self, key: str, record: AnswerRecord) -> None:
        self._check_writable()
        self._staged[key] = record

    def stage_memo(self, key: str, memo: str) -> None:
        """Hold a memo being typed in memory; flush() writes it."""
        self._stage(key, self.record(key).with_(memo=memo))

    def stage_field(self, key: str, field: str, text: str) -> None:
        """Hold a form field being typed (a confirmed answer once written); flush() writes it."""
        self._stage(key, self.record(key).with_(value=FORM.set_field(self.record(key).value, field, text),
                                                state=ANSWERED))

    def stage_other_text(self, key: str, choice: str, text: str) -> None:
        """Hold what a 「その他」 choice is, as typed; flush() writes it."""
        self._stage(key, self._with_other_text(key, choice, text))

    @property
    def dirty(self) -> bool:
        return bool(self._staged)

    def flush(self) -> bool:
        """Write everything being typed; False when something could not be saved (it stays staged)."""
        ok = True
        for key in list(self._staged):
            if self._put(key, self._staged[key]) is None:
                ok = False
        return ok

    def set_vendor_flag(self, key: str, flag: bool, vendor_id: int | None = None) -> AnswerRecord | None:
        return self._put(key, self.record(key).with_(vendor_flag=flag, vendor_id=vendor_id if flag else None))

    def confirm(self, key: str) -> AnswerRecord | None:
        """Accept a carried-over answer as this year's answer (one click)."""
        return self._put(key, self.record(key).with_(state=ANSWERED))

    def action(self, key: str) -> dict:
        return self.actions.get(key, {"owner": "", "due": "", "status": "open", "note": ""})

    def set_action(self, key: str, **fields) -> dict | None:
        """Update the action-plan entry (担当者 / 期限 / 状況) of an item answered いいえ etc."""
        self._check_writable()
        merged = {**self.action(key), **fields}
        if self._action_saver is not None:
            try:
                self._action_saver(key, fields)
            except Exception as exc:  # noqa: BLE001 - see _put
                self._emit(FAILED, key, exc)
                return None
        self.actions[key] = merged
        self._emit(ACTION, key, merged)
        return merged

    # -- position ------------------------------------------------------------
    def go(self, key: str) -> None:
        """Remember where the user is (an item key or REVIEW); written at once."""
        self.position = key
        if self.read_only or self._position_saver is None:
            return
        try:
            self._position_saver(key)
        except Exception as exc:  # noqa: BLE001 - see _put
            self._emit(FAILED, key, exc)
