"""A 10,000-character contact field (possible through import) is cut visibly for printing;
the poster stays one page and the registry keeps the whole text."""

from __future__ import annotations

import io

from pypdf import PdfReader

from hospital_sec_desk.reports.context import PRINT_FIELD_LIMIT, load_context
from hospital_sec_desk.reports.poster import build_poster


def test_long_fields_are_cut_for_printing(ctx):
    ctx.store.save_facility(name="長文病院")
    ctx.ensure_year(2026)
    long = "長" * 10_000
    cid = ctx.store.save_contact(category="vendor", organization=long, phone="03-1234-5678", on_poster=1)
    rc = load_context(ctx.store, ctx.registry, 2026)
    vendor = next(c for c in rc.contacts if c["id"] == cid)
    assert len(vendor["organization"]) == PRINT_FIELD_LIMIT and vendor["organization"].endswith("…")
    assert ctx.store.contact(cid)["organization"] == long
    reader = PdfReader(io.BytesIO(build_poster(rc)))
    assert len(reader.pages) == 1
    assert "03-1234-5678" in reader.pages[0].extract_text()
