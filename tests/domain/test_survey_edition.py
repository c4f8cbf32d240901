"""The survey edition holds seed 000's texts verbatim (white space normalised, slips corrected)."""

from __future__ import annotations

import re

import pytest

from hospital_sec_desk.domain.edition_parse import load_edition
from hospital_sec_desk.paths import resource
from tests.conftest import seed

HEAD = re.compile(r"^Q\s*(\d+(?:-\d+)?)\s+(\S.*)$")


def norm(text: str) -> str:
    """Remove white space and markdown list markers of the PDF-to-text extraction."""
    text = re.sub(r"(?m)^\s*-\s+", "", text)
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def edition():
    return load_edition(resource("questionnaires", "survey_r6.toml"))


@pytest.fixture(scope="module")
def seed_text():
    return seed("000").read_text(encoding="utf-8")


def corrected(edition, text: str) -> str:
    for c in edition.corrections:
        text = text.replace(c.seed, c.corrected)
    return text


def body_and_table(seed_text: str) -> tuple[str, str]:
    body = seed_text.split("【調査項目について】", 1)[1]
    body, table = body.split("Q番号\t調査項目", 1)
    return body, table


def test_every_body_heading_is_an_item_title(edition, seed_text):
    body, _ = body_and_table(seed_text)
    headings = [m for m in (HEAD.match(line.strip()) for line in body.splitlines()) if m]
    assert len(headings) == 21
    titles = {norm(f"{i.number}{i.title}") for i in edition.items}
    for m in headings:
        heading = corrected(edition, m.group(0))
        assert norm(heading) in titles, heading


def test_every_table_title_is_kept(edition, seed_text):
    _, table = body_and_table(seed_text)
    rows = [line.split("\t", 1) for line in table.splitlines() if re.match(r"^Q\d", line) and "\t" in line]
    assert len(rows) == 21
    by_number = {i.number: i for i in edition.items}
    for number, title in rows:
        item = by_number[number.strip()]
        wanted = norm(corrected(edition, title))
        assert wanted in (norm(item.table_title), norm(item.title)), number
    differing = {i.number for i in edition.items if i.table_title}
    assert {"Q4", "Q7", "Q9", "Q12-3", "Q12-4"} <= differing


def test_guidance_paragraphs_are_verbatim(edition, seed_text):
    flat = norm(corrected(edition, seed_text))
    for item in edition.items:
        assert item.guidance, item.number
        for paragraph in item.guidance.split("\n\n"):
            assert norm(paragraph) in flat, (item.number, paragraph[:30])
        if item.reference:
            for paragraph in item.reference.split("\n\n"):
                assert norm(paragraph) in flat, (item.number, paragraph[:30])


def test_choices_listed_verbatim_else_yes_no(edition, seed_text):
    flat = norm(seed_text)
    listed = {"Q6": 6, "Q12-1": 5, "Q12-2": 3, "Q12-3": 3, "Q12-4": 3}
    for item in edition.items:
        if item.number in listed:
            assert len(item.choices) == listed[item.number]
            for c in item.choices:
                assert norm(c.label) in flat
        elif item.number == "Q1":
            assert item.type == "form" and [f.key for f in item.fields] == ["name", "affiliation", "contact"]
        else:
            assert [c.label for c in item.choices] == ["はい", "いいえ"], item.number


def test_q6_five_and_six_are_exclusive(edition):
    q6 = edition.item("consultation")
    assert q6.type == "multi"
    assert [c.exclusive for c in q6.choices] == [False] * 4 + [True] * 2


def test_slip_corrections_are_listed(edition):
    assert any(c.seed == "当てはあるもの" and c.corrected == "当てはまるもの" for c in edition.corrections)
    assert "当てはまるもの" in edition.item("backup_generations").title


def test_survey_notes_are_help_text(edition):
    keys = {h.key for h in edition.help}
    assert {"medical_information_system", "ehr_definition", "mds_sds", "target"} <= keys
