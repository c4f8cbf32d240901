"""The wizard's cached item states are always what the session computes from scratch: after a
carried-over answer is replaced, a branch switched off and on again, a vendor flag set (the cache
reuses a state only while its record and its applicability stand)."""

from __future__ import annotations

from hospital_sec_desk.app.sessions import open_session
from hospital_sec_desk.ui.side_list import StateCache
from tests.ui.helpers import setup_facility


def _same(cache: StateCache) -> None:
    assert cache.states() == cache.session.states()


def test_cached_states_follow_every_change(ctx):
    setup_facility(ctx, year=2025, survey="r8")
    session = open_session(ctx, 2025, "survey")
    session.choose("security_officer", "yes")
    ctx.store.start_year(2026, {"survey": "r8", "bcp": "r6"}, 2025)  # carried over, 未確認
    session = open_session(ctx, 2026, "survey")
    cache = StateCache(session)
    _same(cache)
    before = {st.key: st for st in cache.states()}
    assert before["security_officer"].status == "carried"
    assert before["officer_qualified"].applies
    session.choose("security_officer", "no")  # officer_qualified no longer applies
    _same(cache)
    assert not {st.key: st for st in cache.states()}["officer_qualified"].applies
    session.choose("security_officer", "yes")
    session.choose("officer_qualified", "no")
    _same(cache)
    session.set_vendor_flag("officer_qualified", True)
    _same(cache)
    assert {st.key: st for st in cache.states()}["officer_qualified"].flagged
    reused = {st.key: st for st in cache.states()}
    assert reused["security_officer"] is {st.key: st for st in cache.states()}["security_officer"]  # not recomputed

