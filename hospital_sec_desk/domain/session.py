"""The in-memory answer model of one assessment; a saver persists each change at once.

Widgets edit this object, never the database: every mutating method updates the
records and immediately calls `saver(item_key, record)` (storage's save_answer),
so an answer is durable the moment it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .answers import ANSWERED, CARRIED, AnswerRecord, answer_text, has_value, is_answered, toggle_multi
from .branching import Completeness, applicable_from_records, completeness
from .edition import Edition, Item

Saver = Callable[[str, AnswerRecord], AnswerRecord]
ActionSaver = Callable[[str, dict], None]


class AssessmentSession:
    def __init__(self, edition: Edition, records: Mapping[str, AnswerRecord], saver: Saver,
                 previous: Mapping[str, AnswerRecord] | None = None, read_only: bool = False,
                 actions: Mapping[str, dict] | None = None, action_saver: ActionSaver | None = None):
        self.edition = edition
        self.actions: dict[str, dict] = {k: dict(v) for k, v in (actions or {}).items()}
        self._action_saver = action_saver
        self.records: dict[str, AnswerRecord] = dict(records)
        self.previous: dict[str, AnswerRecord] = dict(previous or {})
        self._saver = saver
        self.read_only = read_only

    # -- queries -------------------------------------------------------------
    def record(self, key: str) -> AnswerRecord:
        return self.records.get(key) or AnswerRecord()

    def applicable(self) -> dict[str, bool]:
        return applicable_from_records(self.edition, self.records)

    def applicable_items(self) -> list[Item]:
        flags = self.applicable()
        return [i for i in self.edition.items if flags[i.key]]

    def completeness(self) -> Completeness:
        return completeness(self.edition, self.records)

    def is_answered(self, key: str) -> bool:
        return is_answered(self.edition.item(key), self.records.get(key))

    def is_carried(self, key: str) -> bool:
        rec = self.records.get(key)
        return rec is not None and rec.state == CARRIED and has_value(self.edition.item(key), rec.value)

    def previous_text(self, key: str) -> str:
        rec = self.previous.get(key)
        return answer_text(self.edition.item(key), rec.value) if rec else ""

    def first_open_item(self) -> Item | None:
        """The first applicable item not yet answered (confirmed)."""
        for item in self.applicable_items():
            if not self.is_answered(item.key):
                return item
        return None

    # -- changes (each persisted at once) --------------------------------------
    def _put(self, key: str, record: AnswerRecord) -> AnswerRecord:
        if self.read_only:
            raise PermissionError("read-only")
        saved = self._saver(key, record)
        self.records[key] = saved
        return saved

    def set_value(self, key: str, value: dict) -> AnswerRecord:
        """A new answer: confirmed (state answered), replacing any carry-over."""
        return self._put(key, self.record(key).with_(value=value, state=ANSWERED))

    def choose(self, key: str, choice: str) -> AnswerRecord:
        return self.set_value(key, {**self.record(key).value, "choice": choice})

    def toggle(self, key: str, choice: str, on: bool) -> AnswerRecord:
        item = self.edition.item(key)
        return self.set_value(key, toggle_multi(item, self.record(key).value, choice, on))

    def set_field(self, key: str, field: str, text: str) -> AnswerRecord:
        value = dict(self.record(key).value)
        value["fields"] = {**value.get("fields", {}), field: text}
        return self.set_value(key, value)

    def set_device(self, key: str, device: str, choice: str) -> AnswerRecord:
        value = dict(self.record(key).value)
        value["devices"] = {**value.get("devices", {}), device: choice}
        return self.set_value(key, value)

    def set_date(self, key: str, name: str, iso: str) -> AnswerRecord:
        value = dict(self.record(key).value)
        value["dates"] = {**value.get("dates", {}), name: iso}
        return self._put(key, self.record(key).with_(value=value))

    def set_memo(self, key: str, memo: str) -> AnswerRecord:
        return self._put(key, self.record(key).with_(memo=memo))

    def set_vendor_flag(self, key: str, flag: bool, vendor_id: int | None = None) -> AnswerRecord:
        return self._put(key, self.record(key).with_(vendor_flag=flag, vendor_id=vendor_id if flag else None))

    def action(self, key: str) -> dict:
        return self.actions.get(key, {"owner": "", "due": "", "status": "open", "note": ""})

    def set_action(self, key: str, **fields) -> dict:
        """Update the action-plan entry (担当者 / 期限 / 状況) of an item answered いいえ etc."""
        if self.read_only:
            raise PermissionError("read-only")
        merged = {**self.action(key), **fields}
        if self._action_saver is not None:
            self._action_saver(key, fields)
        self.actions[key] = merged
        return merged

    def needs_action(self, key: str) -> bool:
        from .answers import needs_action

        return needs_action(self.edition.item(key), self.records.get(key))

    def confirm(self, key: str) -> AnswerRecord:
        """Accept a carried-over answer as this year's answer (one click)."""
        return self._put(key, self.record(key).with_(state=ANSWERED))
