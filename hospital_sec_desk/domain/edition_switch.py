"""Switching a year's assessment to another edition: what carries over by stable key.

Answers are stored per item key (docs/editions-format.md §9), so an answer carries to the new
edition when the new edition has an item with the same key, of the same type, and the stored value
still fits it (every chosen choice, field and device exists there). Everything else is listed
before the switch so the user can decide; nothing is deleted silently.
"""

from __future__ import annotations

from .answer_kinds import dates_of
from .answers import AnswerRecord, has_value, selected
from .edition import Edition, Item
from .record import record


@record
class Lost:
    """An answer that cannot be carried: the old item's number and title, and why (Japanese)."""

    key: str
    number: str
    title: str
    why: str


@record
class SwitchPlan:
    old: Edition
    new: Edition
    carried: tuple[str, ...]  # keys whose answers carry (they become 未確認 until confirmed)
    lost: tuple[Lost, ...]  # answers that do not fit the new edition (kept stored, not shown)
    cleared: tuple[str, ...]  # keys present in the new edition whose old value does not fit it
    new_items: tuple[str, ...]  # keys only the new edition asks

    @property
    def summary(self) -> str:
        """One Japanese sentence for the confirmation dialog."""
        text = (f"「{self.old.short_title}」から「{self.new.short_title}」に切り替えます。"
                f"{len(self.carried)}件の回答を引き継ぎ（確認が必要になります）、")
        if self.lost:
            text += f"{len(self.lost)}件は新しい版に同じ設問がないため引き継げません。"
        else:
            text += "引き継げない回答はありません。"
        if self.new_items:
            text += f"新しい版だけにある設問が{len(self.new_items)}件あります。"
        return text


def _misfit(old: Item, new: Item, value: dict) -> str:
    """Why `value` (an answer to `old`) does not fit `new`; empty when it does."""
    if old.type != new.type:
        return "新しい版では答え方が違います"
    picked = selected(old, value)
    known = {c.key for c in new.choices}
    if picked - known:
        return "選んだ選択肢が新しい版にありません"
    if new.type == "form" and {f.key for f in old.fields} - {f.key for f in new.fields}:
        return "記入欄が新しい版と違います"
    if new.type == "device_grid" and {d.key for d in old.devices} - {d.key for d in new.devices}:
        return "機器の欄が新しい版と違います"
    if set(dates_of(value)) - {f.key for f in new.dates}:
        return "日付の欄が新しい版にありません"
    return ""


def plan_switch(old: Edition, new: Edition, records: dict[str, AnswerRecord]) -> SwitchPlan:
    """What switching from `old` to `new` does to these answers (nothing is changed here)."""
    if old.questionnaire != new.questionnaire:
        raise ValueError(f"{old.id} and {new.id} are different questionnaires")
    carried: list[str] = []
    lost: list[Lost] = []
    cleared: list[str] = []
    for item in old.items:
        record = records.get(item.key)
        if record is None or not (record.value or record.memo):
            continue
        if not new.has_item(item.key):
            lost.append(Lost(item.key, item.number, item.title, "新しい版に同じ設問がありません"))
            continue
        why = _misfit(item, new.item(item.key), record.value) if record.value else ""
        if why:
            lost.append(Lost(item.key, item.number, item.title, why))
            cleared.append(item.key)
        elif has_value(item, record.value) or record.memo:
            carried.append(item.key)
    new_items = tuple(i.key for i in new.items if not old.has_item(i.key))
    return SwitchPlan(old, new, tuple(carried), tuple(lost), tuple(cleared), new_items)
