"""No development words in the BCP document: its resource strings, the PDF, the Word file, the
Excel workbook and the two screens' own texts (the same rule as tests/reports)."""

from __future__ import annotations

import io
import tomllib

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from hospital_sec_desk.app import planning
from hospital_sec_desk.paths import resource
from tests.reports.test_no_development_words import DEV_WORDS, visible_strings

from . import sample

STRUCTURE_KEYS = {"facts", "checks"}   # builder names and item keys: never shown


def test_resource_strings_hold_no_development_words():
    raw = tomllib.loads(resource("bcp_document.toml").read_text(encoding="utf-8"))
    found = []
    for ch in raw["chapters"]:
        for s in ch["sections"]:
            shown = {k: v for k, v in s.items() if k not in STRUCTURE_KEYS}
            found += [(w, DEV_WORDS.search(t).group()) for w, t in visible_strings(shown) if DEV_WORDS.search(t)]
    found += [(k, v) for k, v in raw.items() if isinstance(v, str) and DEV_WORDS.search(v)]
    assert found == []


def test_documents_hold_no_development_words(ctx):
    sample.populate(ctx)
    pdf = PdfReader(io.BytesIO(planning.bcp_pdf(ctx, sample.YEAR, sample.TODAY)))
    texts = [p.extract_text() for p in pdf.pages]
    doc = Document(io.BytesIO(planning.bcp_docx(ctx, sample.YEAR, sample.TODAY)))
    texts += [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    wb = load_workbook(io.BytesIO(planning.workbook(ctx, sample.YEAR)))
    texts += [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    texts += [planning.WORD_EDITS_NOTE, planning.drill_reminder(ctx)]
    hits = {m.group() for t in texts for m in [DEV_WORDS.search(t)] if m}
    assert hits == set()
