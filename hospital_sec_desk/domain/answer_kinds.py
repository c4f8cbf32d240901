"""One class per item type: the only code that knows the shape of an answer's value.

An answer value is a small JSON-able dict whose shape depends on the item type:

- single:       {"choice": "yes"}
- multi:        {"choices": ["c1", "c3"]}
- form:         {"fields": {"name": "…", "org": "…"}}
- device_grid:  {"devices": {"server": "yes", "pc": "no"}}

Any type may also carry {"dates": {"checked_on": "2026-05-01"}} (see `dates_of`), and a single
or multi answer {"other": {"c4": "地域の医師会"}}: what a 「その他」 choice marked `other_text` in the
edition is (see `other_texts`; shown in the answer's text while that choice is selected).

Each kind owns: which choices a value selects (branching, rules), completeness, the
Japanese display text, the comparison signature across years, the import check of the
value's shape, and the edits the session makes. Adding an item type means adding one
class here and registering it in KINDS (and, in ui/, its widget).
"""

from __future__ import annotations

from typing import Protocol

from .edition import Item

DATES = "dates"
OTHER = "other"


class Checker(Protocol):
    """The primitive checks of an import (storage/import_check.py): each records a Japanese
    problem at `loc` and returns False when the value is not acceptable."""

    def fail(self, loc: str, problem: str) -> bool: ...
    def mapping(self, value, loc: str) -> bool: ...
    def array(self, value, loc: str) -> bool: ...
    def text(self, value, loc: str) -> bool: ...
    def choice(self, value, loc: str, allowed, label: str = "値") -> bool: ...
    def date(self, value, loc: str, *, empty_ok: bool = False) -> bool: ...


def at(parent: str, key: str | int) -> str:
    """The location of `key` inside `parent`, as shown in messages: a.b[0].c"""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    key = key if len(key) <= 60 else key[:60] + "…"
    return f"{parent}.{key}" if parent else str(key)


def check_value(item: Item, value, loc: str, checker: Checker) -> None:
    """Check an imported answer value against its item: the kind's part and the dates."""
    if not checker.mapping(value, loc):
        return
    kind = kind_of(item)
    for key in value:
        if key == OTHER and item.type in ("single", "multi"):
            _check_other(item, value[OTHER], at(loc, OTHER), checker)
        elif key not in (kind.key, DATES):
            checker.fail(at(loc, key), f"この設問（{item.type}）の回答には使えない項目です")
    if kind.key in value:
        kind.check(item, value[kind.key], at(loc, kind.key), checker)
    if DATES in value and checker.mapping(value[DATES], at(loc, DATES)):
        known = {d.key for d in item.dates}
        for k, d in value[DATES].items():
            if k in known:
                checker.date(d, at(at(loc, DATES), k), empty_ok=True)
            else:
                checker.fail(at(at(loc, DATES), k), "この設問にない日付欄です")


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def dates_of(value: dict | None) -> dict:
    """The {name: ISO date} part of any value."""
    return _mapping(_mapping(value).get(DATES))


def _check_other(item: Item, part, loc: str, checker: Checker) -> None:
    if not checker.mapping(part, loc):
        return
    allowed = tuple(c.key for c in item.choices if c.other_text)
    for k, text in part.items():
        if checker.choice(k, at(loc, k), allowed, "「その他」の選択肢"):
            checker.text(text, at(loc, k))


def other_texts(item: Item, value: dict | None) -> dict[str, str]:
    """{choice: what the other is} for the item's `other_text` choices."""
    allowed = {c.key for c in item.choices if c.other_text}
    return {k: v for k, v in _mapping(_mapping(value).get(OTHER)).items() if k in allowed and isinstance(v, str)}


def with_other_text(item: Item, value: dict | None, choice: str, text: str) -> dict:
    """The value with what `choice` (an `other_text` choice) is; "" removes it."""
    choice_ = item.choice(choice)
    if choice_ is None or not choice_.other_text:
        raise KeyError(choice)
    others = {k: v for k, v in other_texts(item, value).items() if k != choice}
    if text:
        others[choice] = text
    out = {k: v for k, v in (value or {}).items() if k != OTHER}
    return {**out, OTHER: others} if others else out


def _label(item: Item, choice: str, value: dict | None) -> str:
    """A choice's label, with what the other is (「④ その他（地域の医師会）」)."""
    extra = other_texts(item, value).get(choice, "")
    return item.choice(choice).label + (f"（{extra}）" if extra else "")


def with_date(value: dict | None, name: str, iso: str) -> dict:
    out = dict(value or {})
    out[DATES] = {**dates_of(value), name: iso}
    return out


class AnswerKind:
    """Base: the value key a kind stores its answer under, and the shared behaviour."""

    type = ""
    key = ""

    def selected(self, item: Item, value: dict | None) -> set[str]:
        return set()

    def complete(self, item: Item, value: dict | None) -> bool:
        raise NotImplementedError

    def text(self, item: Item, value: dict | None) -> str:
        raise NotImplementedError

    def signature(self, item: Item, value: dict | None) -> tuple:
        """What an answer means, independent of labels (compared across years)."""
        return ("choices", frozenset(self.selected(item, value)))

    def check(self, item: Item, part, loc: str, checker: Checker) -> None:
        """Import check of the kind's own part of a value (`value[self.key]`)."""
        raise NotImplementedError

    def part(self, value: dict | None):
        return _mapping(value).get(self.key)


class SingleKind(AnswerKind):
    type, key = "single", "choice"

    def selected(self, item, value):
        choice = self.part(value)
        return {choice} if item.choice(choice or "") else set()

    def complete(self, item, value):
        return bool(self.selected(item, value))

    def text(self, item, value):
        c = item.choice(self.part(value) or "")
        return _label(item, c.key, value) if c else ""

    def check(self, item, part, loc, checker):
        checker.choice(part, loc, tuple(c.key for c in item.choices), "選択肢")

    def choose(self, value: dict | None, choice: str) -> dict:
        return {**(value or {}), self.key: choice}


class MultiKind(AnswerKind):
    type, key = "multi", "choices"

    def _list(self, value) -> list:
        part = self.part(value)
        return [c for c in part if isinstance(c, str)] if isinstance(part, list) else []

    def selected(self, item, value):
        return {c for c in self._list(value) if item.choice(c)}

    def complete(self, item, value):
        return bool(self.selected(item, value))

    def text(self, item, value):
        return "、".join(_label(item, k, value) for k in self._list(value) if item.choice(k))

    def check(self, item, part, loc, checker):
        if not checker.array(part, loc):
            return
        choices = tuple(c.key for c in item.choices)
        for n, c in enumerate(part):
            checker.choice(c, at(loc, n), choices, "選択肢")
        if len(set(map(str, part))) != len(part):
            checker.fail(loc, "同じ選択肢が重複しています")

    def toggle(self, item: Item, value: dict | None, choice: str, on: bool) -> dict:
        """Multi-choice update honouring exclusive choices (Q6 ⑤ ⑥ clear the rest)."""
        current = [c for c in self._list(value) if item.choice(c)]
        rest = {k: v for k, v in (value or {}).items() if k != self.key}
        if not on:
            return {**rest, self.key: [c for c in current if c != choice]}
        picked = item.choice(choice)
        if picked is None:
            raise KeyError(choice)
        if picked.exclusive:
            return {**rest, self.key: [choice]}
        kept = [c for c in current if not item.choice(c).exclusive and c != choice]
        order = [c.key for c in item.choices]
        return {**rest, self.key: sorted(kept + [choice], key=order.index)}


class FormKind(AnswerKind):
    type, key = "form", "fields"

    def fields(self, value: dict | None) -> dict:
        return _mapping(self.part(value))

    def field(self, value: dict | None, name: str) -> str:
        return str(self.fields(value).get(name, ""))

    def complete(self, item, value):
        return all(self.field(value, f.key).strip() for f in item.fields)

    def filled(self, value: dict | None) -> bool:
        """Something was typed into at least one field."""
        return any(str(v).strip() for v in self.fields(value).values())

    def text(self, item, value):
        return " / ".join(f"{f.label}：{self.field(value, f.key)}" for f in item.fields
                          if self.field(value, f.key).strip())

    def signature(self, item, value):
        return ("fields", tuple((f.key, self.field(value, f.key).strip()) for f in item.fields))

    def check(self, item, part, loc, checker):
        if not checker.mapping(part, loc):
            return
        known = {f.key for f in item.fields}
        for k, text in part.items():
            if k in known:
                checker.text(text, at(loc, k))
            else:
                checker.fail(at(loc, k), "この設問にない記入欄です")

    def set_field(self, value: dict | None, name: str, text: str) -> dict:
        return {**(value or {}), self.key: {**self.fields(value), name: text}}

    def make(self, fields: dict[str, str]) -> dict:
        return {self.key: dict(fields)}


class DeviceGridKind(AnswerKind):
    type, key = "device_grid", "devices"

    def devices(self, value: dict | None) -> dict:
        return _mapping(self.part(value))

    def device(self, value: dict | None, device: str) -> str:
        got = self.devices(value).get(device, "")
        return got if isinstance(got, str) else ""

    def selected(self, item, value):
        return {c for c in self.devices(value).values() if isinstance(c, str) and item.choice(c)}

    def complete(self, item, value):
        return all(item.choice(self.device(value, d.key)) for d in item.devices)

    def text(self, item, value):
        parts = []
        for d in item.devices:
            c = item.choice(self.device(value, d.key))
            if c:
                parts.append(f"{d.label}：{c.label}")
        return "、".join(parts)

    def signature(self, item, value):
        return ("devices", tuple(sorted((d.key, self.device(value, d.key)) for d in item.devices)))

    def check(self, item, part, loc, checker):
        if not checker.mapping(part, loc):
            return
        known = {d.key for d in item.devices}
        choices = tuple(c.key for c in item.choices)
        for k, c in part.items():
            if k in known:
                checker.choice(c, at(loc, k), choices, "選択肢")
            else:
                checker.fail(at(loc, k), "この設問にない機器です")

    def set_device(self, value: dict | None, device: str, choice: str) -> dict:
        return {**(value or {}), self.key: {**self.devices(value), device: choice}}


SINGLE, MULTI, FORM, DEVICE_GRID = SingleKind(), MultiKind(), FormKind(), DeviceGridKind()
KINDS: dict[str, AnswerKind] = {k.type: k for k in (SINGLE, MULTI, FORM, DEVICE_GRID)}


def kind_of(item: Item) -> AnswerKind:
    return KINDS[item.type]
