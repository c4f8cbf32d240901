"""Trend shares: positive answers among applicable single-choice items, per year."""

from __future__ import annotations

from hospital_sec_desk.app.history import load_history
from hospital_sec_desk.domain.answers import CARRIED, AnswerRecord
from hospital_sec_desk.domain.trend import Share, build_trend, counts_text, percent_text, positive_share
from tests.domain.test_compare import three_years

YES, NO = AnswerRecord({"choice": "yes"}), AnswerRecord({"choice": "no"})


def test_share_counts_follow_branching(ctx):
    survey = ctx.registry.get("survey", "r6")
    # 8 base yes/no items + Q11 + Q12 + Q13-1/2 apply (Q10-1 and Q12-1…6 do not); Q6 is multi.
    records = {"security_officer": YES, "bcp": NO, "ehr": YES, "ehr_backup": NO, "server_services": YES,
               "consultation": AnswerRecord({"choices": ["c1"]})}
    share = positive_share(survey, records)
    assert share == Share(applicable=12, answered=5, positive=3)
    assert share.percent == 25 and not share.complete


def test_carried_answer_is_not_counted_as_positive(ctx):
    survey = ctx.registry.get("survey", "r6")
    share = positive_share(survey, {"security_officer": YES.with_(state=CARRIED)})
    assert (share.answered, share.positive) == (0, 0)


def test_bcp_rows_done(ctx):
    bcp = ctx.registry.get("bcp", "r6")
    done = {i.key: AnswerRecord({"choice": "done"}) for i in bcp.items[:10]}
    done[bcp.items[10].key] = AnswerRecord({"choice": "partial"})
    share = positive_share(bcp, done)
    assert share == Share(applicable=len(bcp.items), answered=11, positive=10)
    assert share.applicable == 17 and share.percent == 59


def test_trend_per_year_from_the_database(ctx):
    three_years(ctx)
    points = build_trend(load_history(ctx))
    assert [p.year for p in points] == [2024, 2025, 2026]
    # 2024 (r6): 18 applicable (Q10-1 not: Q10 いいえ); はい for Q2, Q3, Q11, Q12 -> 4/18 = 22 %.
    assert points[0].survey == Share(18, 8, 4)  # Q2 Q3 Q10 Q11 Q12 Q12-2 Q12-4 Q12-5 answered
    assert percent_text(points[0].survey) == "22%"
    # 2025: Q10-1 applies (19); positive Q2 Q5 Q10 Q11 Q12 Q12-2 Q12-5 = 7; Q3 is an unconfirmed carry-over.
    assert (points[1].survey.applicable, points[1].survey.positive) == (19, 7)
    assert percent_text(points[1].survey) == "37%"
    assert [percent_text(p.bcp) for p in points] == ["6%", "18%", "59%"]


def test_texts():
    assert percent_text(None) == "—"
    assert percent_text(Share(0, 0, 0)) == "—"
    assert counts_text(Share(10, 8, 5), "はい等") == "はい等 5／対象 10（未回答 2）"
    assert counts_text(Share(10, 10, 5), "はい等") == "はい等 5／対象 10"
    assert counts_text(None, "はい等") == "記録なし"
