"""The observable session: what observers hear, what a failed save leaves, staged memos."""

from __future__ import annotations

import pytest

from hospital_sec_desk.domain.answers import CARRIED, AnswerRecord
from hospital_sec_desk.domain.edition_parse import load_edition
from hospital_sec_desk.domain.item_state import ANSWERED, NOT_APPLICABLE, UNANSWERED
from hospital_sec_desk.domain.session import CHANGED, FAILED, AssessmentSession
from hospital_sec_desk.paths import resource


@pytest.fixture(scope="module")
def survey():
    return load_edition(resource("questionnaires", "survey_r6.toml"))


class Disk:
    """A saver that keeps what it was given and can be told to fail, like a full disk."""

    def __init__(self):
        self.rows: dict[str, AnswerRecord] = {}
        self.failing = False
        self.calls = 0

    def __call__(self, key, record):
        self.calls += 1
        if self.failing:
            raise OSError(28, "No space left on device")
        self.rows[key] = record.with_(updated_at="t")
        return self.rows[key]


def make(survey, records=None):
    disk = Disk()
    session = AssessmentSession(survey, records or {}, disk)
    heard: list[tuple[str, str]] = []
    session.subscribe(lambda ev, key, payload: heard.append((ev, key)))
    return session, disk, heard


def test_observers_hear_each_saved_change(survey):
    session, disk, heard = make(survey)
    session.choose("security_officer", "yes")
    session.toggle("consultation", "c1", True)
    assert heard == [(CHANGED, "security_officer"), (CHANGED, "consultation")]
    assert disk.rows["security_officer"].value == {"choice": "yes"}


def test_a_failed_save_changes_nothing_and_the_next_action_retries(survey):
    session, disk, heard = make(survey)
    session.choose("security_officer", "yes")
    disk.failing = True
    assert session.choose("security_officer", "no") is None
    assert heard[-1] == (FAILED, "security_officer")
    assert session.record("security_officer").value == {"choice": "yes"}  # what is stored
    assert disk.rows["security_officer"].value == {"choice": "yes"}
    disk.failing = False
    assert session.choose("security_officer", "no").value == {"choice": "no"}
    assert disk.rows["security_officer"].value == {"choice": "no"}


def test_a_failed_first_answer_leaves_the_item_unanswered(survey):
    session, disk, _heard = make(survey)
    disk.failing = True
    session.choose("security_officer", "yes")
    assert "security_officer" not in session.records
    assert session.state("security_officer").status == UNANSWERED


def test_a_staged_memo_is_written_only_by_flush(survey):
    session, disk, heard = make(survey)
    session.stage_memo("bcp", "下書き")
    assert disk.calls == 0 and session.dirty
    assert session.record("bcp").memo == "下書き"
    assert session.flush()
    assert disk.rows["bcp"].memo == "下書き" and not session.dirty
    assert heard == [(CHANGED, "bcp")]


def test_an_answer_given_while_typing_saves_the_memo_with_it(survey):
    session, disk, _heard = make(survey)
    session.stage_memo("bcp", "策定中")
    session.choose("bcp", "no")
    assert disk.rows["bcp"].memo == "策定中" and disk.rows["bcp"].value == {"choice": "no"}
    assert not session.dirty


def test_a_memo_that_cannot_be_saved_stays_staged(survey):
    session, disk, heard = make(survey)
    disk.failing = True
    session.stage_memo("bcp", "大事なメモ")
    assert not session.flush()
    assert session.dirty and session.record("bcp").memo == "大事なメモ"
    assert heard[-1] == (FAILED, "bcp")
    disk.failing = False
    assert session.flush() and disk.rows["bcp"].memo == "大事なメモ"


def test_item_states_agree_with_the_counts(survey):
    records = {"security_officer": AnswerRecord({"choice": "yes"}),
               "bcp": AnswerRecord({"choice": "no"}),
               "info_management_rules": AnswerRecord({"choice": "yes"}, state=CARRIED)}
    session, _disk, _heard = make(survey, records)
    states = {s.key: s for s in session.states()}
    counts = session.completeness()
    assert states["security_officer"].status == ANSWERED
    assert states["info_management_rules"].open and states["info_management_rules"].label.startswith("前年度")
    assert states["bcp_drill"].status == NOT_APPLICABLE  # Q10 = いいえ → Q10-1 対象外
    assert counts.answered == sum(s.status == ANSWERED for s in states.values()) == 2
    assert counts.carried_unconfirmed == 1
    assert counts.applicable + counts.not_applicable == len(survey.items)
    session.confirm("info_management_rules")
    assert session.completeness().answered == 3


def test_unsubscribe_stops_the_calls(survey):
    session, _disk, heard = make(survey)
    calls = []
    stop = session.subscribe(lambda *a: calls.append(a))
    stop()
    session.choose("security_officer", "yes")
    assert calls == [] and heard  # the other observer still hears


def test_read_only_sessions_refuse_changes(survey):
    session = AssessmentSession(survey, {}, Disk(), read_only=True)
    with pytest.raises(PermissionError):
        session.choose("security_officer", "yes")
    with pytest.raises(PermissionError):
        session.stage_memo("bcp", "x")


def test_form_fields_are_staged_like_memos(survey):
    session, disk, _heard = make(survey)
    session.stage_field("respondent", "name", "山田")
    session.stage_field("respondent", "contact", "内線1")
    assert disk.calls == 0
    assert session.record("respondent").value == {"fields": {"name": "山田", "contact": "内線1"}}
    assert session.state("respondent").status == UNANSWERED  # not yet stored, not yet counted
    assert session.flush() and disk.calls == 1
    assert disk.rows["respondent"].value == {"fields": {"name": "山田", "contact": "内線1"}}
