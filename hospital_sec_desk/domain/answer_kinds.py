"""One class per item type: the only code that knows the shape of an answer's value.

An answer value is a small JSON-able dict whose shape depends on the item type:

- single:       {"choice": "yes"}
- multi:        {"choices": ["c1", "c3"]}
- form:         {"fields": {"name": "…", "org": "…"}}
- device_grid:  {"devices": {"server": "yes", "pc": "no"}}

Any type may also carry {"dates": {"checked_on": "2026-05-01"}} (see `dates_of`).

Each kind owns: which choices a value selects (branching, rules), completeness, the
Japanese display text, the comparison signature across years, the import check of the
value's shape, and the edits the session makes. Adding an item type means adding one
class here and registering it in KINDS (and, in ui/, its widget).
"""

from __future__ import annotations

from collections.abc import Callable

from .edition import Item

DATES = "dates"

Problem = Callable[[str, str], None]  # (where, Japanese problem) -> None


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def dates_of(value: dict | None) -> dict:
    """The {name: ISO date} part of any value."""
    return _mapping(_mapping(value).get(DATES))


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

    def check(self, item: Item, part, where: str, fail: Problem) -> None:
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
        return c.label if c else ""

    def check(self, item, part, where, fail):
        if not isinstance(part, str) or item.choice(part) is None:
            fail(where, "この設問にない選択肢です")

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
        return "、".join(item.choice(k).label for k in self._list(value) if item.choice(k))

    def check(self, item, part, where, fail):
        if not isinstance(part, list):
            fail(where, "選択肢の一覧（配列）ではありません")
            return
        for n, c in enumerate(part):
            if not isinstance(c, str) or item.choice(c) is None:
                fail(f"{where}[{n}]", "この設問にない選択肢です")
        if len(set(map(str, part))) != len(part):
            fail(where, "同じ選択肢が重複しています")

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

    def check(self, item, part, where, fail):
        if not isinstance(part, dict):
            fail(where, "入力欄の一覧（オブジェクト）ではありません")
            return
        known = {f.key for f in item.fields}
        for k, v in part.items():
            if k not in known:
                fail(f"{where}.{k}", "この設問にない入力欄です")
            elif not isinstance(v, str):
                fail(f"{where}.{k}", "文字列ではありません")

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

    def check(self, item, part, where, fail):
        if not isinstance(part, dict):
            fail(where, "機器ごとの回答（オブジェクト）ではありません")
            return
        known = {d.key for d in item.devices}
        for k, v in part.items():
            if k not in known:
                fail(f"{where}.{k}", "この設問にない機器です")
            elif not isinstance(v, str) or item.choice(v) is None:
                fail(f"{where}.{k}", "この設問にない選択肢です")

    def set_device(self, value: dict | None, device: str, choice: str) -> dict:
        return {**(value or {}), self.key: {**self.devices(value), device: choice}}


SINGLE, MULTI, FORM, DEVICE_GRID = SingleKind(), MultiKind(), FormKind(), DeviceGridKind()
KINDS: dict[str, AnswerKind] = {k.type: k for k in (SINGLE, MULTI, FORM, DEVICE_GRID)}


def kind_of(item: Item) -> AnswerKind:
    return KINDS[item.type]
