"""Validation of a parsed edition file into the Edition model."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .edition import (
    FORMAT_VERSION,
    ITEM_TYPES,
    KEY_RE,
    Choice,
    Condition,
    Correction,
    Edition,
    EditionError,
    Field,
    HelpNote,
    Item,
    Section,
)

KINDS = ("survey", "bcp", "checklist")

# The keys each table may hold: anything else is a typo (e.g. `offical`) and is refused.
TOP_KEYS = {"format_version", "questionnaire", "edition", "kind", "order", "official_text", "title",
            "short_title", "questionnaire_title", "published", "fiscal_years", "provisional",
            "provisional_reason", "source", "notes", "corrections", "choice_sets", "help",
            "sections", "items"}
ITEM_KEYS = {"key", "number", "title", "section", "type", "choices", "choice_set", "fields", "devices",
             "table_title", "group", "guidance", "reference", "branch_note", "help", "when", "attention",
             "positive", "official", "dates", "vendor", "help_ours"}
SECTION_KEYS = {"key", "title", "description"}
HELP_KEYS = {"key", "title", "text"}
CORRECTION_KEYS = {"item", "field", "seed", "corrected", "source"}
CHOICE_KEYS = {"key", "label", "exclusive", "other_text"}
FIELD_KEYS = {"key", "label", "multiline"}
DATE_KEYS = FIELD_KEYS | {"only_for"}
WHEN_KEYS = {"item", "any_of"}


class _Ctx:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, key: str, problem: str) -> EditionError:
        return EditionError(self.path, key, problem)

    def get(self, table: dict, name: str, where: str, typ: type | tuple = str,
            required: bool = True, default: Any = None) -> Any:
        key = f"{where}.{name}" if where else name
        if name not in table:
            if required:
                raise self.fail(key, "missing")
            return default
        value = table[name]
        if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
            expected = typ.__name__ if isinstance(typ, type) else "/".join(t.__name__ for t in typ)
            raise self.fail(key, f"must be {expected}, not {type(value).__name__}")
        if isinstance(value, str) and required and not value.strip():
            raise self.fail(key, "empty")
        return value

    def key(self, table: dict, where: str, name: str = "key") -> str:
        value = self.get(table, name, where)
        if not KEY_RE.match(value):
            raise self.fail(f"{where}.{name}", f"{value!r} is not a valid key (a-z, 0-9, _)")
        return value

    def only(self, table: dict, allowed: set[str], where: str) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            prefix = f"{where}." if where else ""
            raise self.fail(f"{prefix}{unknown[0]}", "unknown key (check the spelling; see docs/editions-format.md)")

    def table_list(self, raw: dict, name: str, where: str = "", required: bool = True) -> list[dict]:
        value = self.get(raw, name, where, list, required=required, default=[])
        for n, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise self.fail(f"{where + '.' if where else ''}{name}[{n}]", "must be a table")
        return value


def _choices(ctx: _Ctx, entries: list, where: str) -> tuple[Choice, ...]:
    out: list[Choice] = []
    for n, entry in enumerate(entries):
        w = f"{where}[{n}]"
        if not isinstance(entry, dict):
            raise ctx.fail(w, "must be a table")
        ctx.only(entry, CHOICE_KEYS, w)
        key = ctx.key(entry, w)
        if any(c.key == key for c in out):
            raise ctx.fail(f"{w}.key", f"duplicate choice {key!r}")
        out.append(Choice(key, ctx.get(entry, "label", w),
                          bool(ctx.get(entry, "exclusive", w, bool, False, False)),
                          bool(ctx.get(entry, "other_text", w, bool, False, False))))
    return tuple(out)


def _fields(ctx: _Ctx, entries: list, where: str,
            choices: tuple[Choice, ...] | None = None) -> tuple[Field, ...]:
    """Form fields, or (with `choices`) date fields, which may carry `only_for`."""
    out: list[Field] = []
    for n, entry in enumerate(entries):
        w = f"{where}[{n}]"
        if not isinstance(entry, dict):
            raise ctx.fail(w, "must be a table")
        ctx.only(entry, FIELD_KEYS if choices is None else DATE_KEYS, w)
        key = ctx.key(entry, w)
        if any(f.key == key for f in out):
            raise ctx.fail(f"{w}.key", f"duplicate field {key!r}")
        only_for = tuple(ctx.get(entry, "only_for", w, list, False, []))
        known = {c.key for c in choices or ()}
        for v in only_for:
            if v not in known:
                raise ctx.fail(f"{w}.only_for", f"unknown choice {v!r}")
        out.append(Field(key, ctx.get(entry, "label", w),
                         bool(ctx.get(entry, "multiline", w, bool, False, False)), only_for))
    return tuple(out)


def _item(ctx: _Ctx, entry: dict, n: int, sets: dict, sections: set[str],
          default_official: bool) -> Item:
    w = f"items[{n}]"
    key = ctx.key(entry, w)
    w = f"items.{key}"
    ctx.only(entry, ITEM_KEYS, w)
    typ = ctx.get(entry, "type", w)
    if typ not in ITEM_TYPES:
        raise ctx.fail(f"{w}.type", f"{typ!r} is not one of {', '.join(ITEM_TYPES)}")
    section = ctx.get(entry, "section", w)
    if section not in sections:
        raise ctx.fail(f"{w}.section", f"unknown section {section!r}")
    choices: tuple[Choice, ...] = ()
    if "choice_set" in entry and "choices" in entry:
        raise ctx.fail(f"{w}.choice_set", "give either choices or choice_set, not both")
    if "choice_set" in entry:
        name = ctx.get(entry, "choice_set", w)
        if name not in sets:
            raise ctx.fail(f"{w}.choice_set", f"unknown choice set {name!r}")
        choices = sets[name]
    elif "choices" in entry:
        choices = _choices(ctx, ctx.get(entry, "choices", w, list), f"{w}.choices")
    if typ in ("single", "multi", "device_grid") and not choices:
        raise ctx.fail(f"{w}.choices", "missing (give choices or choice_set)")
    fields = _fields(ctx, ctx.get(entry, "fields", w, list, False, []), f"{w}.fields")
    if typ == "form" and not fields:
        raise ctx.fail(f"{w}.fields", "missing (a form needs fields)")
    devices = _choices(ctx, ctx.get(entry, "devices", w, list, False, []), f"{w}.devices")
    if typ == "device_grid" and not devices:
        raise ctx.fail(f"{w}.devices", "missing (a device grid needs devices)")
    choice_keys = {c.key for c in choices}
    marks: dict[str, tuple[str, ...]] = {}
    for name in ("attention", "positive"):
        values = ctx.get(entry, name, w, list, False, [])
        for v in values:
            if v not in choice_keys:
                raise ctx.fail(f"{w}.{name}", f"unknown choice {v!r}")
        marks[name] = tuple(values)
    conds: list[Condition] = []
    for m, cond in enumerate(ctx.table_list(entry, "when", w, required=False)):
        cw = f"{w}.when[{m}]"
        ctx.only(cond, WHEN_KEYS, cw)
        any_of = tuple(ctx.get(cond, "any_of", cw, list))
        if not any_of:
            raise ctx.fail(f"{cw}.any_of", "empty")
        conds.append(Condition(ctx.get(cond, "item", cw), any_of))
    helps = ctx.get(entry, "help", w, list, False, [])
    if not all(isinstance(h, str) for h in helps):
        raise ctx.fail(f"{w}.help", "must be a list of help keys (strings)")
    return Item(
        key=key,
        number=ctx.get(entry, "number", w),
        title=ctx.get(entry, "title", w),
        section=section,
        type=typ,
        choices=choices,
        fields=fields,
        devices=devices,
        table_title=ctx.get(entry, "table_title", w, str, False, ""),
        group=ctx.get(entry, "group", w, str, False, ""),
        guidance=ctx.get(entry, "guidance", w, str, False, "").strip(),
        reference=ctx.get(entry, "reference", w, str, False, "").strip(),
        branch_note=ctx.get(entry, "branch_note", w, str, False, ""),
        help=tuple(helps),
        when=tuple(conds),
        attention=marks["attention"],
        positive=marks["positive"],
        official=bool(ctx.get(entry, "official", w, bool, False, default_official)),
        dates=_fields(ctx, ctx.get(entry, "dates", w, list, False, []), f"{w}.dates", choices),
        vendor=bool(ctx.get(entry, "vendor", w, bool, False, False)),
        help_ours=ctx.get(entry, "help_ours", w, str, False, "").strip(),
    )


def _check_conditions(ctx: _Ctx, items: list[Item]) -> None:
    seen: dict[str, Item] = {}
    for item in items:
        for m, cond in enumerate(item.when):
            w = f"items.{item.key}.when[{m}]"
            target = seen.get(cond.item)
            if target is None:
                raise ctx.fail(f"{w}.item", f"{cond.item!r} is not an earlier item")
            known = {c.key for c in target.choices}
            for choice in cond.any_of:
                if choice not in known:
                    raise ctx.fail(f"{w}.any_of", f"unknown choice {choice!r} of {cond.item!r}")
        seen[item.key] = item


def _help_notes(ctx: _Ctx, raw: dict, items: list[Item]) -> tuple[HelpNote, ...]:
    """The [[help]] notes; every key an item's `help` list names must be one of them."""
    notes: list[HelpNote] = []
    for n, h in enumerate(ctx.table_list(raw, "help", required=False)):
        ctx.only(h, HELP_KEYS, f"help[{n}]")
        key = ctx.key(h, f"help[{n}]")
        if any(x.key == key for x in notes):
            raise ctx.fail(f"help.{key}", "duplicate key")
        notes.append(HelpNote(key, ctx.get(h, "title", f"help.{key}"),
                              ctx.get(h, "text", f"help.{key}").strip()))
    known = {x.key for x in notes}
    for item in items:
        for name in item.help:
            if name not in known:
                raise ctx.fail(f"items.{item.key}.help", f"unknown help note {name!r}")
    return tuple(notes)


YEARS_RE = re.compile(r"^(\d{4})-(\d{4})?$")


def _fiscal_years(ctx: _Ctx, raw: dict) -> tuple[tuple[int, ...], int | None]:
    """`fiscal_years = [2023]`, `"2023-2025"` (a closed range) or `"2024-"` (every year from 2024)."""
    value = ctx.get(raw, "fiscal_years", "", (list, str), False, None)
    if value is None:
        return (), None
    if isinstance(value, str):
        m = YEARS_RE.match(value.strip())
        if not m:
            raise ctx.fail("fiscal_years", f"{value!r} is not a list of years, \"YYYY-YYYY\" or \"YYYY-\"")
        first = int(m.group(1))
        if m.group(2) is None:
            return (), first
        last = int(m.group(2))
        if last < first:
            raise ctx.fail("fiscal_years", f"{value!r}: the range ends before it starts")
        return tuple(range(first, last + 1)), None
    years = []
    for y in value:
        if not isinstance(y, int) or isinstance(y, bool) or not 2000 <= y <= 2100:
            raise ctx.fail("fiscal_years", f"{y!r} is not a 年度 (a year such as 2025)")
        years.append(y)
    if not years:
        raise ctx.fail("fiscal_years", "empty")
    return tuple(sorted(set(years))), None


def parse_edition(raw: dict, path: Path) -> Edition:
    ctx = _Ctx(path)
    ctx.only(raw, TOP_KEYS, "")
    version = ctx.get(raw, "format_version", "", int)
    if version != FORMAT_VERSION:
        raise ctx.fail("format_version", f"{version} is not supported (this app reads {FORMAT_VERSION})")
    kind = ctx.get(raw, "kind", "")
    if kind not in KINDS:
        raise ctx.fail("kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    official = ctx.get(raw, "official_text", "", bool)
    sets: dict[str, tuple[Choice, ...]] = {}
    for name, entries in ctx.get(raw, "choice_sets", "", dict, False, {}).items():
        if not isinstance(entries, list):
            raise ctx.fail(f"choice_sets.{name}", "must be a list of choices")
        sets[name] = _choices(ctx, entries, f"choice_sets.{name}")
    sections: list[Section] = []
    for n, entry in enumerate(ctx.table_list(raw, "sections")):
        ctx.only(entry, SECTION_KEYS, f"sections[{n}]")
        key = ctx.key(entry, f"sections[{n}]")
        if any(s.key == key for s in sections):
            raise ctx.fail(f"sections.{key}", "duplicate key")
        sections.append(Section(key, ctx.get(entry, "title", f"sections.{key}"),
                                ctx.get(entry, "description", f"sections.{key}", str, False, "")))
    items: list[Item] = []
    section_keys = {s.key for s in sections}
    for n, entry in enumerate(ctx.table_list(raw, "items")):
        item = _item(ctx, entry, n, sets, section_keys, official)
        if any(i.key == item.key for i in items):
            raise ctx.fail(f"items.{item.key}", "duplicate key")
        items.append(item)
    if not items:
        raise ctx.fail("items", "no items")
    _check_conditions(ctx, items)
    helps = _help_notes(ctx, raw, items)
    corrections = []
    for n, c in enumerate(ctx.table_list(raw, "corrections", required=False)):
        w = f"corrections[{n}]"
        ctx.only(c, CORRECTION_KEYS, w)
        corrections.append(Correction(ctx.get(c, "item", w), ctx.get(c, "field", w),
                                      ctx.get(c, "seed", w), ctx.get(c, "corrected", w),
                                      ctx.get(c, "source", w, str, False, "")))
    years, years_from = _fiscal_years(ctx, raw)
    provisional = ctx.get(raw, "provisional", "", bool, False, False)
    reason = ctx.get(raw, "provisional_reason", "", str, False, "").strip()
    if provisional and not reason:
        raise ctx.fail("provisional_reason", "missing (a provisional edition says why, in Japanese)")
    if reason and not provisional:
        raise ctx.fail("provisional_reason", "only for provisional = true")
    return Edition(
        questionnaire=ctx.key(raw, "", "questionnaire"),
        edition=ctx.get(raw, "edition", ""),
        kind=kind,
        title=ctx.get(raw, "title", ""),
        short_title=ctx.get(raw, "short_title", ""),
        questionnaire_title=ctx.get(raw, "questionnaire_title", "", str, False, ""),
        source=ctx.get(raw, "source", ""),
        official_text=official,
        order=ctx.get(raw, "order", "", int, False, 100),
        sections=tuple(sections),
        items=tuple(items),
        help=helps,
        corrections=tuple(corrections),
        published=ctx.get(raw, "published", "", str, False, ""),
        notes=ctx.get(raw, "notes", "", str, False, ""),
        path=str(path),
        fiscal_years=years,
        fiscal_years_from=years_from,
        provisional=provisional,
        provisional_reason=reason,
    )


def read_table(path: str | Path) -> dict:
    """The TOML table of a data file (a readiness rules file); raises OSError,
    UnicodeDecodeError or tomllib.TOMLDecodeError."""
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def load_edition(path: str | Path) -> Edition:
    """Read and validate one edition file; raise EditionError naming file and key."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise EditionError(path, "(file)", f"not UTF-8 ({exc.reason})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise EditionError(path, "(file)", f"not valid TOML: {exc}") from exc
    except OSError as exc:
        raise EditionError(path, "(file)", f"cannot read: {exc.strerror}") from exc
    return parse_edition(raw, path)
