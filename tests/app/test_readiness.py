"""The home panel judges from the whole year, as the report does: the drill log counts."""

from __future__ import annotations

import datetime as dt

from hospital_sec_desk.app import facility, planning, sessions
from hospital_sec_desk.app import readiness as app_readiness


def _status(judged, key):
    return next(r.status for r in judged.results if r.requirement.key == key)


def test_the_panel_reads_the_drill_log_and_every_questionnaire(ctx):
    facility.save_facility(ctx, 2026, name="テスト病院", beds=50)
    session = sessions.open_session(ctx, 2026, "survey")
    for key in ("bcp", "bcp_drill", "staff_training"):
        if session.edition.has_item(key):
            session.choose(key, "yes")
    before = app_readiness.judge(ctx, 2026)
    assert _status(before, "bcp") == "unknown"  # はい alone: a drill and its improvement unrecorded
    assert {"BCP確認表", "立入検査チェックリスト"} <= set(before.read)  # the other questionnaires are read
    held = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    planning.save_drill(ctx, {"held_on": held, "kind": "初動対応訓練", "topic": "ランサムウェア想定",
                              "participants": "12", "findings": "連絡に40分", "improvements": "連絡網を見直す",
                              "next_on": ""})
    after = app_readiness.judge(ctx, 2026)
    assert _status(after, "bcp") == "met"
