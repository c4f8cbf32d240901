"""No development words anywhere a user looks: every report part, the poster, the 連絡体制図, the
CSV, and every user-visible string of resources/ (the TOML values a screen or a page can show)."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest
from pypdf import PdfReader

from hospital_sec_desk.paths import resource
from hospital_sec_desk.reports import report
from hospital_sec_desk.reports.context import load_context
from hospital_sec_desk.reports.csv_export import export_csv
from hospital_sec_desk.reports.poster import build_poster
from tests.sample_data import populate

# seed / issue / TODO …, source file names (000_9482e9bf30af0ec1.txt, *.toml, *.py), "r6"-style ids
DEV_WORDS = re.compile(r"seed|issue|todo|fixme|xxx|\.txt\b|\.toml\b|\.py\b|[0-9]{3}_[0-9a-f]{16}|"
                       r"\b[a-z]+_[a-z0-9_]+\b", re.IGNORECASE)  # last: a snake_case identifier (a key)
PLACEHOLDER = re.compile(r"\{[a-z0-9_]+\}")  # {item_key} in readiness reasons: replaced before shown
# TOML keys whose values are identifiers or the seeds' own (uncorrected) wording, never shown
INTERNAL = {"key", "item", "questionnaire", "edition", "kind", "choice_set", "section", "seed", "source",
            "help", "attention", "positive", "any_of", "only_for", "tells", "status", "format_version",
            "id", "role_key", "category", "answers", "field", "type", "published", "fiscal_years", "fact"}


def visible_strings(node, where: str = ""):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in INTERNAL and where != "sources":
                continue
            yield from visible_strings(v, f"{where}.{k}" if where else k)
    elif isinstance(node, list):
        for n, v in enumerate(node):
            yield from visible_strings(v, f"{where}[{n}]")
    elif isinstance(node, str):
        yield where, node


@pytest.mark.parametrize("path", sorted(Path(resource("questionnaires")).glob("*.toml"))
                         + sorted(Path(resource("rules")).glob("*.toml"))
                         + [Path(resource("national_figures.toml")), Path(resource("default_contacts.toml"))],
                         ids=lambda p: p.name)
def test_resource_strings_hold_no_development_words(path):
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    found = [(w, s[:60]) for w, s in visible_strings(raw) if DEV_WORDS.search(PLACEHOLDER.sub("", s))]
    assert not found, found


def test_scanner_catches_what_it_should():
    for text in ("（seed 001）", "seed 004", "issue 15", "TODO 後で", "000_9482e9bf30af0ec1.txt", "survey_r8",
                 "network_overview"):
        assert DEV_WORDS.search(text), text
    for text in ("厚生労働省", "BCP確認表", "サイバーセキュリティ対策調査（令和8年実施分）", "2-(1)"):
        assert not DEV_WORDS.search(text), text


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("year", [2023, 2026])
def test_every_printed_part_poster_and_csv_hold_no_development_words(ctx, year):
    populate(ctx, year=year)
    rctx = load_context(ctx.store, ctx.registry, year, with_history=True)
    outputs = {key: pdf_text(report.build_report(rctx, [key])) for key in report.PARTS}
    outputs["poster A4"] = pdf_text(build_poster(rctx, "A4"))
    outputs["csv"] = export_csv(rctx).decode("utf-8-sig")
    for name, text in outputs.items():
        assert text.strip(), name
        hits = DEV_WORDS.findall(text)
        assert not hits, (name, hits)
