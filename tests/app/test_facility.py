"""Facility edits reach survey Q1 until Q1 is edited by hand; the cover reads the facility."""

from __future__ import annotations

from hospital_sec_desk.app import facility, sessions
from hospital_sec_desk.app.context import AppContext

BASE = dict(name="さくら病院", corporation="医療法人さくら会", respondent_name="山田 花子",
            respondent_dept="事務部", respondent_contact="内線100")


def q1(ctx: AppContext, year: int = 2026) -> dict:
    _edition, records = sessions.records(ctx, year, "survey")
    rec = records.get(facility.RESPONDENT_KEY)
    return rec.value.get("fields", {}) if rec else {}


def test_first_save_creates_the_year_and_fills_q1(ctx):
    assert ctx.years() == []
    assert facility.save_facility(ctx, 2026, **BASE)
    assert 2026 in ctx.years()
    assert q1(ctx) == {"name": "山田 花子", "affiliation": "医療法人さくら会　さくら病院　事務部",
                       "contact": "内線100"}


def test_q1_follows_the_facility_until_edited_by_hand(ctx):
    facility.save_facility(ctx, 2026, **BASE)
    assert facility.save_facility(ctx, 2026, **{**BASE, "respondent_contact": "内線200"})
    assert q1(ctx)["contact"] == "内線200"
    session = sessions.open_session(ctx, 2026, "survey")
    session.set_field(facility.RESPONDENT_KEY, "contact", "携帯 090-1111-2222")
    assert not facility.save_facility(ctx, 2026, **{**BASE, "respondent_contact": "内線300"})
    assert q1(ctx)["contact"] == "携帯 090-1111-2222"  # the hand edit is kept
    assert ctx.facility()["respondent_contact"] == "内線300"  # the facility itself changed


def test_saving_unchanged_facility_writes_no_answer(ctx):
    facility.save_facility(ctx, 2026, **BASE)
    _e, before = sessions.records(ctx, 2026, "survey")
    assert not facility.save_facility(ctx, 2026, **BASE)
    _e, after = sessions.records(ctx, 2026, "survey")
    assert after[facility.RESPONDENT_KEY].updated_at == before[facility.RESPONDENT_KEY].updated_at


def test_current_year_is_the_last_used_one_else_this_year_never_a_future_one(ctx, monkeypatch):
    import hospital_sec_desk.app.context as context

    monkeypatch.setattr(context, "fiscal_year", lambda *a: 2026)
    facility.save_facility(ctx, 2025, **BASE)
    ctx.start_year(2027, {"survey": "r8", "bcp": "r6"}, carry=False)
    assert ctx.current_year() == 2025  # 2026 does not exist; the future 2027 is not opened
    ctx.remember_year(2027)
    assert ctx.current_year() == 2027
    ctx.store.set_setting("last_year", "1999")  # a year that no longer exists is ignored
    assert ctx.current_year() == 2025
    ctx.start_year(2026, {"survey": "r8", "bcp": "r6"}, carry=True)
    assert ctx.current_year() == 2026
