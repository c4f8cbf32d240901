"""The drill log's rules: validation (Japanese messages, nothing half-accepted), facts, reminder."""

from __future__ import annotations

import datetime as dt

import pytest

from hospital_sec_desk.domain import drills as d

TODAY = dt.date(2026, 11, 20)


def good(**over) -> dict:
    base = {"held_on": "2026-10-15", "kind": "初動対応訓練", "topic": "ランサムウェア想定", "participants": "２４",
            "findings": "連絡に40分", "improvements": "連絡網を見直す", "next_on": "2027/10/1"}
    return {**base, **over}


def test_validate_normalises_typed_values():
    drill = d.validate(good())
    assert drill.held_on == dt.date(2026, 10, 15)
    assert drill.participants == 24          # full-width digits accepted
    assert drill.next_on == dt.date(2027, 10, 1)
    assert drill.to_row()["next_on"] == "2027-10-01"


@pytest.mark.parametrize(("over", "message"), [
    ({"held_on": ""}, "実施日を入力してください。"),
    ({"held_on": "2026-02-30"}, "実施日：存在しない日付です。"),
    ({"kind": "飲み会"}, "種類は「研修」"),
    ({"topic": "  "}, "テーマ・研修名を入力してください。"),
    ({"participants": "-3"}, "参加人数は0以上の整数"),
    ({"participants": "12人"}, "参加人数は0以上の整数"),
    ({"next_on": "2026-10-01"}, "次回予定日は実施日より後の日付にしてください。"),
    ({"findings": "あ" * (d.TEXT_MAX + 1)}, "気づいた課題は4,000文字以内"),
])
def test_bad_input_is_refused_in_japanese(over, message):
    with pytest.raises(d.DrillError) as err:
        d.validate(good(**over))
    assert any(m.startswith(message) for m in err.value.messages), err.value.messages


def test_every_problem_is_listed_at_once():
    with pytest.raises(d.DrillError) as err:
        d.validate({"held_on": "", "kind": "", "topic": "", "participants": "x"})
    assert len(err.value.messages) == 4


def test_drill_fact_needs_a_recent_drill_with_an_improvement():
    recent = d.validate(good())
    no_improvement = d.validate(good(improvements=""))
    old = d.validate(good(held_on="2025-11-19", next_on=""))
    assert d.drill_fact([recent], TODAY).established
    assert not d.drill_fact([no_improvement], TODAY).established
    assert "改善策が書かれていません" in d.drill_fact([no_improvement], TODAY).reason
    assert not d.drill_fact([old], TODAY).established       # 12 months and a day ago
    assert d.drill_fact([old], dt.date(2026, 11, 18)).established
    training = d.validate(good(kind="研修", improvements=""))
    assert not d.drill_fact([training], TODAY).established  # a 研修 is not a BCP drill
    assert d.training_fact([training], TODAY).established
    assert not d.training_fact([recent], TODAY).established


def test_future_dates_establish_nothing():
    planned = d.validate(good(held_on="2027-01-10", next_on=""))
    assert not d.drill_fact([planned], TODAY).established
    assert d.reminder([planned], TODAY) != ""


def test_reminder_after_twelve_months():
    assert "まだありません" in d.reminder([], TODAY)
    assert d.reminder([d.validate(good())], TODAY) == ""
    old = d.validate(good(held_on="2025-09-01", next_on=""))
    text = d.reminder([old], TODAY)
    assert "12か月以上" in text and "2025年9月1日" in text


def test_months_before_handles_month_ends():
    assert d.months_before(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)
    assert d.months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)


def test_year_summary_for_the_history_comparison():
    log = [d.validate(good()), d.validate(good(kind="研修", improvements="", held_on="2026-06-03", next_on="")),
           d.validate(good(improvements="", held_on="2027-02-01", next_on=""))]
    assert d.year_summary(log, 2026) == "研修 1回、訓練・演習 2回（改善策の記録 1件）"
    assert d.year_summary(log, 2025) == "記録なし"

