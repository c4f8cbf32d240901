"""Answer values and records, independent of storage.

An answer value is a small JSON-able dict whose shape depends on the item type:

- single:       {"choice": "yes"}
- multi:        {"choices": ["c1", "c3"]}
- form:         {"fields": {"name": "…", "org": "…"}}
- device_grid:  {"devices": {"server": "yes", "pc": "no"}}

Any type may also carry {"dates": {"checked_on": "2026-05-01"}}.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .edition import Field, Item

ANSWERED = "answered"
CARRIED = "carried"  # 前年度から引継ぎ（未確認）
STATES = (ANSWERED, CARRIED)


@dataclass(frozen=True)
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
    if not value:
        return set()
    known = {c.key for c in item.choices}
    if item.type == "single":
        choice = value.get("choice")
        return {choice} if choice in known else set()
    if item.type == "multi":
        return {c for c in value.get("choices", []) if c in known}
    if item.type == "device_grid":
        return {c for c in value.get("devices", {}).values() if c in known}
    return set()


def date_fields_for(item: Item, value: dict | None) -> tuple[Field, ...]:
    """The item's date fields that apply to this answer.

    A date field with `only_for` (e.g. the checklist's 目標日, only for いいえ) applies
    when the answer selects one of those choices (for a device grid: on any device).
    """
    picked = selected(item, value)
    return tuple(f for f in item.dates if not f.only_for or picked & set(f.only_for))


def has_value(item: Item, value: dict | None) -> bool:
    """True when the value is a complete answer to the item."""
    if not value:
        return False
    if item.type in ("single", "multi"):
        return bool(selected(item, value))
    if item.type == "form":
        fields = value.get("fields", {})
        return all(str(fields.get(f.key, "")).strip() for f in item.fields)
    if item.type == "device_grid":
        devices = value.get("devices", {})
        known = {c.key for c in item.choices}
        return all(devices.get(d.key) in known for d in item.devices)
    return False


def is_answered(item: Item, record: AnswerRecord | None) -> bool:
    """Answered and confirmed: a carry-over counts as unanswered until confirmed."""
    return record is not None and record.state == ANSWERED and has_value(item, record.value)


def toggle_multi(item: Item, value: dict | None, choice: str, on: bool) -> dict:
    """Multi-choice update honouring exclusive choices (Q6 ⑤ ⑥ clear the rest)."""
    current = [c for c in (value or {}).get("choices", []) if item.choice(c)]
    if not on:
        return {"choices": [c for c in current if c != choice]}
    picked = item.choice(choice)
    if picked is None:
        raise KeyError(choice)
    if picked.exclusive:
        return {"choices": [choice]}
    kept = [c for c in current if not item.choice(c).exclusive and c != choice]
    order = [c.key for c in item.choices]
    return {"choices": sorted(kept + [choice], key=order.index)}


def answer_text(item: Item, value: dict | None) -> str:
    """Human-readable Japanese text of an answer (empty when there is none)."""
    if not value:
        return ""
    if item.type == "single":
        c = item.choice(value.get("choice", ""))
        return c.label if c else ""
    if item.type == "multi":
        return "、".join(item.choice(k).label for k in value.get("choices", []) if item.choice(k))
    if item.type == "form":
        fields = value.get("fields", {})
        return " / ".join(f"{f.label}：{fields.get(f.key, '')}" for f in item.fields
                          if str(fields.get(f.key, "")).strip())
    if item.type == "device_grid":
        devices = value.get("devices", {})
        parts = []
        for d in item.devices:
            c = item.choice(devices.get(d.key, ""))
            if c:
                parts.append(f"{d.label}：{c.label}")
        return "、".join(parts)
    return ""


def needs_action(item: Item, record: AnswerRecord | None) -> bool:
    """The answer is one of the item's attention choices (いいえ / できていない / 一部)."""
    if record is None or not item.attention:
        return False
    return bool(selected(item, record.value) & set(item.attention))
