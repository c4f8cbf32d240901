"""The app's own export always imports: a property test through the real session.

Hypothesis drives the domain session (app.sessions.open_session) of all three
questionnaires through random answers, memos, dates, vendor flags and action items; the
user reaches the review page (last_item = REVIEW_LAST_ITEM) or stops at an item; a next
年度 is started with carry-over and partly confirmed; contacts are added and deleted (the
default 厚生労働省 entry too); the facility is saved. Then export -> import into an empty
folder -> first start -> export must give the same document, every export must validate
against docs/export.schema.json, and a deleted default contact must stay deleted.

ROUNDTRIP_EXAMPLES=n runs more examples (the closing figures used 300).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from hospital_sec_desk.app import contacts as app_contacts
from hospital_sec_desk.app import data
from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.app.facility import save_facility
from hospital_sec_desk.app.sessions import open_session
from hospital_sec_desk.domain import contacts as cd
from hospital_sec_desk.domain.progress import REVIEW_LAST_ITEM
from hospital_sec_desk.domain.session import FAILED
from hospital_sec_desk.domain.text import clean_text

from .helpers import without_time

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "export.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
EXAMPLES = int(os.environ.get("ROUNDTRIP_EXAMPLES", "25"))
TRIED = {"round trips": 0}
# Shrinking a failure of this test takes minutes; ROUNDTRIP_SHRINK=0 reports it unshrunk.
PHASES = tuple(Phase) if os.environ.get("ROUNDTRIP_SHRINK", "1") == "1" else (Phase.explicit, Phase.reuse, Phase.generate)

# What a user can type: any Unicode scalar (no lone surrogates, which no keyboard produces),
# cleaned as the widgets clean it.
RAW = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
TEXT = st.one_of(RAW, st.sampled_from(["", "<b>&amp;</b>", "𠮷野家 髙橋 😀", "行1\n行2\tタブ", "あ" * 10_000]))
ISO = st.dates(dt.date(2000, 1, 1), dt.date(2200, 12, 31)).map(dt.date.isoformat)  # what parse_date accepts


def typed(draw, multiline: bool = False) -> str:
    return clean_text(draw(TEXT), multiline=multiline)


def validate(doc: dict) -> None:
    problems = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not problems, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in problems[:5]]


def answer_some(draw, session, vendors: list[int]) -> None:
    """Random edits of random applicable items, as the item page makes them."""
    failures = []
    session.subscribe(lambda event, key, payload: event == FAILED and failures.append((key, payload)))
    try:
        _answer_some(draw, session, vendors)
    finally:
        assert not failures, failures  # a save that failed would be a finding, not noise


def _answer_some(draw, session, vendors: list[int]) -> None:
    with_other = [i for i in session.edition.items if any(c.other_text for c in i.choices)]
    for _ in range(draw(st.integers(0, 12))):
        what = draw(st.sampled_from(["value", "value", "memo", "vendor", "action", "date", "confirm", "other"]))
        # 「その他」 items are often hidden by the branching; what was typed before stays stored
        items = with_other if what == "other" and with_other else session.applicable_items()
        item = draw(st.sampled_from(items))
        key, choices = item.key, [c.key for c in item.choices]
        others = [c.key for c in item.choices if c.other_text]
        if what == "value" and item.type == "single":
            session.choose(key, draw(st.sampled_from(choices)))
        elif what == "value" and item.type == "multi":
            session.toggle(key, draw(st.sampled_from(choices)), draw(st.booleans()))
        elif what == "value" and item.type == "form":
            session.set_field(key, draw(st.sampled_from([f.key for f in item.fields])), typed(draw))
        elif what == "value" and item.type == "device_grid":
            session.set_device(key, draw(st.sampled_from([d.key for d in item.devices])),
                               draw(st.sampled_from(choices)))
        elif what == "memo":
            if draw(st.booleans()):
                session.stage_memo(key, typed(draw, multiline=True))
                session.flush()
            else:
                session.set_memo(key, typed(draw, multiline=True))
        elif what == "vendor":
            flag = draw(st.booleans())
            session.set_vendor_flag(key, flag, draw(st.sampled_from([None, *vendors])) if flag else None)
        elif what == "action":
            session.set_action(key, **draw(st.fixed_dictionaries({}, optional={
                "owner": TEXT.map(clean_text), "due": st.one_of(st.just(""), ISO),
                "status": st.sampled_from(["open", "in_progress", "done"]), "note": TEXT.map(clean_text)})))
        elif what == "date" and item.dates:
            session.set_date(key, draw(st.sampled_from([d.key for d in item.dates])),
                             draw(st.one_of(st.just(""), ISO)))
        elif what == "other" and others:  # 「その他」 with what it is
            choice = draw(st.sampled_from(others))
            if item.type == "single":
                session.choose(key, choice)
            else:
                session.toggle(key, choice, True)
            session.set_other_text(key, choice, typed(draw))
        elif what == "confirm" and session.is_carried(key):
            session.confirm(key)
    stop = draw(st.sampled_from(["review", "item", "none"]))
    if stop == "review":
        session.go(REVIEW_LAST_ITEM)
    elif stop == "item":
        session.go(draw(st.sampled_from(session.applicable_items())).key)


def edit_contacts(draw, ctx) -> bool:
    """Add and delete contacts; returns True when the default 厚生労働省 entry was deleted."""
    for _ in range(draw(st.integers(0, 3))):
        category = draw(st.sampled_from(list(cd.FORM)))
        raw = {field: draw(TEXT) for field, _label in cd.FORM[category]}
        raw["memo"] = draw(TEXT)
        app_contacts.save_contact(ctx, None, **cd.clean_contact(category, raw))
    for _ in range(draw(st.integers(0, 2))):
        present = app_contacts.contacts(ctx)
        if present:
            app_contacts.delete_contact(ctx, draw(st.sampled_from(present))["id"])
    mhlw = cd.find_role(app_contacts.contacts(ctx, "outside"), "outside", cd.ROLE_MHLW)
    if mhlw is not None and draw(st.booleans()):
        app_contacts.delete_contact(ctx, mhlw["id"])
    if draw(st.booleans()):
        app_contacts.mark_confirmed(ctx)
    return cd.find_role(app_contacts.contacts(ctx, "outside"), "outside", cd.ROLE_MHLW) is None


def build_source(draw, folder: Path) -> tuple[Path, bool]:
    ctx = AppContext.open(folder)
    try:
        year = draw(st.integers(2024, 2027))
        facility = {k: typed(draw) for k in ("name", "corporation", "prefecture", "address", "phone",
                                             "respondent_name", "respondent_dept", "respondent_contact")}
        save_facility(ctx, year, beds=draw(st.none() | st.integers(0, 5000)), **facility)
        ctx.ensure_year(year)
        vendors = [c["id"] for c in app_contacts.contacts(ctx, "vendor")]
        years = [year]
        if draw(st.booleans()):
            editions = {q: ctx.edition_for(year + 1, q).edition for q in ctx.registry.questionnaires()
                        if ctx.edition_for(year + 1, q) is not None}
            ctx.start_year(year + 1, editions, carry=True)
            years.append(year + 1)
        deleted_mhlw = edit_contacts(draw, ctx)
        vendors = [c["id"] for c in app_contacts.contacts(ctx, "vendor")] or vendors
        for y in years:
            for q in ctx.registry.questionnaires():
                answer_some(draw, open_session(ctx, y, q), vendors)
        if vendors and draw(st.booleans()):  # a vendor that answers point to is deleted afterwards
            app_contacts.delete_contact(ctx, draw(st.sampled_from(vendors)))
        out = folder.parent / "first.json"
        data.export_to(ctx, out)
        return out, deleted_mhlw
    finally:
        ctx.close()


@settings(max_examples=EXAMPLES, deadline=None, phases=PHASES, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_own_export_always_imports_and_round_trips(tmp_path_factory, data_):
    TRIED["round trips"] += 1
    base = tmp_path_factory.mktemp("roundtrip")
    try:
        round_trip(data_, base)
    except Exception as exc:
        print(f"round trip {TRIED['round trips']} failed: {type(exc).__name__}: {str(exc)[:2000]}")
        raise


def round_trip(data_, base: Path) -> None:
    first_file, deleted_mhlw = build_source(data_.draw, base / "source")
    first = json.loads(first_file.read_text("utf-8"))
    validate(first)

    with data.opened(base / "target", must_exist=False) as ctx:  # the import command's way
        done = data.import_from(ctx, first_file)
    assert done.changed or not first["assessments"]
    ctx = AppContext.open(base / "target")  # the first start on the new computer
    try:
        second_file = base / "second.json"
        data.export_to(ctx, second_file)
        if deleted_mhlw:
            assert cd.find_role(app_contacts.contacts(ctx, "outside"), "outside", cd.ROLE_MHLW) is None
    finally:
        ctx.close()
    second = json.loads(second_file.read_text("utf-8"))
    validate(second)
    assert without_time(second) == without_time(first), first_difference(first, second)


def first_difference(a, b, path=()) -> str:
    """Where two documents first differ, for the failure message."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key != "exported_at" and a.get(key) != b.get(key):
                return first_difference(a.get(key), b.get(key), (*path, key))
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, (*path, i))
    return f"{list(path)}: {str(a)[:300]!r} != {str(b)[:300]!r}"
