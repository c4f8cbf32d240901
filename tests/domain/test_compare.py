"""The year-by-year comparison: matched by key across editions, exactly the changed cells marked."""

from __future__ import annotations

from hospital_sec_desk.app.history import load_history
from hospital_sec_desk.domain.answers import CARRIED, AnswerRecord
from hospital_sec_desk.domain.compare import (
    ABSENT,
    ANSWERED,
    CARRIED_STATE,
    NOT_APPLICABLE,
    TEXT_ABSENT,
    TEXT_NOT_APPLICABLE,
    TEXT_UNANSWERED,
    UNANSWERED,
    build_comparison,
    questionnaires_in,
)

YES, NO = {"choice": "yes"}, {"choice": "no"}


def _c(key: str) -> dict:
    return {"choice": key}


# Three years: 2024 and 2025 answer survey r6, 2026 the newer survey r8 (shared stable keys).
SURVEY = {
    2024: ("r6", {
        "respondent": {"fields": {"name": "山田花子", "affiliation": "医療法人さくら会 さくら病院",
                                  "contact": "03-1234-5678"}},
        "security_officer": YES, "info_management_rules": YES, "consultation": {"choices": ["c1", "c2"]},
        "bcp": NO, "ehr": YES, "ehr_backup": YES, "backup_copies": _c("c3"), "backup_media": _c("c3"),
        "backup_offline": NO,
    }),
    2025: ("r6", {
        "respondent": {"fields": {"name": "山田花子", "affiliation": "医療法人さくら会 さくら病院",
                                  "contact": "03-1234-9999"}},
        "security_officer": YES, "consultation": {"choices": ["c2", "c1"]}, "network_overview": YES,
        "bcp": YES, "bcp_drill": NO, "ehr": YES, "ehr_backup": YES, "backup_copies": _c("c2"),
        "backup_media": _c("c3"), "backup_offline": YES,
    }),
    2026: ("r8", {
        "respondent": {"fields": {"name": "山田花子", "affiliation": "医療法人さくら会 さくら病院",
                                  "contact": "03-1234-9999"}},
        "security_officer": NO, "staff_training": YES, "bcp": YES, "bcp_drill": YES, "ehr": YES,
        "backup_offline": YES,
    }),
}
# 2025's Q3 is a carry-over nobody confirmed yet.
CARRIED_2025 = {"info_management_rules": YES}
BCP_DONE = {2024: ["b1_1_1"], 2025: ["b1_1_1", "b1_1_2", "b1_1_3"],
            2026: ["b1_1_1", "b1_1_2", "b1_1_3", "b1_1_4", "b1_2_1", "b1_2_2", "b1_2_3", "b1_2_4",
                   "b2_1_1", "b2_2_1"]}
BCP_NOT_DONE = {2024: ["b1_1_2"], 2025: ["b1_1_4"], 2026: []}

EXPECTED_CHANGED = {
    ("respondent", 2025),        # contact number changed
    ("bcp", 2025),               # いいえ -> はい
    ("bcp_drill", 2025),         # 対象外 -> いいえ
    ("backup_copies", 2025),     # ③ 1つ -> ② 2つ
    ("backup_offline", 2025),    # いいえ -> はい
    ("security_officer", 2026),  # はい -> いいえ (r6 Q2 vs r8 設問2, matched by key)
    ("bcp_drill", 2026),         # いいえ -> はい
}


def three_years(ctx) -> None:
    """Fill the data folder through the Store API (also used by the UI and report tests)."""
    store = ctx.store
    store.save_facility(name="さくら病院", corporation="医療法人さくら会", beds=60)
    for year, (edition, answers) in SURVEY.items():
        ids = store.start_year(year, {"survey": edition, "bcp": "r6"}, None)
        for key, value in answers.items():
            store.save_answer(ids["survey"], key, AnswerRecord(value))
        if year == 2025:
            for key, value in CARRIED_2025.items():
                store.save_answer(ids["survey"], key, AnswerRecord(value, state=CARRIED))
        for key in BCP_DONE[year]:
            store.save_answer(ids["bcp"], key, AnswerRecord({"choice": "done"}))
        for key in BCP_NOT_DONE[year]:
            store.save_answer(ids["bcp"], key, AnswerRecord({"choice": "not_done"}))


def _survey(ctx):
    three_years(ctx)
    return build_comparison(load_history(ctx), "survey")


def test_exactly_the_changed_cells_are_marked(ctx):
    comp = _survey(ctx)
    assert comp.years == (2024, 2025, 2026)
    assert [e.edition for e in comp.editions] == ["r6", "r6", "r8"]
    assert comp.changed_cells() == EXPECTED_CHANGED


def test_changed_only_filter_keeps_rows_with_a_change(ctx):
    comp = _survey(ctx)
    visible = comp.visible_rows(changed_only=True)
    assert {r.key for r in visible} == {k for k, _ in EXPECTED_CHANGED}
    assert len(comp.visible_rows()) == len(comp.rows) > len(visible)


def test_rows_follow_newest_edition_then_older_only_keys(ctx):
    comp = _survey(ctx)
    r8 = ctx.registry.get("survey", "r8")
    r6 = ctx.registry.get("survey", "r6")
    keys = [r.key for r in comp.rows]
    assert keys[: len(r8.items)] == [i.key for i in r8.items]
    assert keys[len(r8.items):] == [i.key for i in r6.items if not r8.has_item(i.key)]
    assert len(keys) == len(set(keys))
    row = next(r for r in comp.rows if r.key == "security_officer")
    assert row.number == r8.item("security_officer").number  # newest edition's number
    assert [c.number for c in row.cells] == ["Q2", "Q2", r8.item("security_officer").number]


def test_cell_states_and_texts(ctx):
    comp = _survey(ctx)
    rows = {r.key: r for r in comp.rows}
    copies = rows["backup_copies"]
    assert not copies.in_newest
    assert copies.cell(2026).state == ABSENT and copies.cell(2026).text == TEXT_ABSENT
    assert copies.cell(2025).text == "② 2つ" and copies.cell(2025).previous_text == "③ 1つ"
    training = rows["staff_training"]
    assert [c.state for c in training.cells] == [ABSENT, ABSENT, ANSWERED]
    drill = rows["bcp_drill"].cells
    assert (drill[0].state, drill[0].text) == (NOT_APPLICABLE, TEXT_NOT_APPLICABLE)
    rules = rows["info_management_rules"].cells
    assert rules[1].state == CARRIED_STATE and rules[1].text.startswith("はい") and not rules[1].changed
    network = rows["network_overview"].cells
    assert (network[0].state, network[0].text) == (UNANSWERED, TEXT_UNANSWERED)
    assert network[1].state == ANSWERED and not network[1].changed  # unanswered -> answered: no change
    assert not rows["consultation"].changed  # same choices in another order


def test_bcp_questionnaire_and_order(ctx):
    three_years(ctx)
    history = load_history(ctx)
    assert questionnaires_in(history, ctx.registry.questionnaires()) == ["survey", "bcp"]
    comp = build_comparison(history, "bcp")
    assert comp.changed_cells() == {("b1_1_2", 2025), ("b1_1_4", 2026)}


def test_missing_questionnaire_gives_an_empty_table():
    comp = build_comparison({2025: {}}, "survey")
    assert comp.years == () and comp.rows == ()
