"""The report part 「研修・訓練の記録」 and the history line, from the sample hospital."""

from __future__ import annotations

import io

from pypdf import PdfReader

from hospital_sec_desk.app import planning
from hospital_sec_desk.reports.parts_drills import drills_flowables
from hospital_sec_desk.reports.report import PARTS, build_report, render

from . import sample


def test_report_part_shows_the_log_and_what_it_establishes(ctx, tmp_path):
    sample.populate(ctx)
    report = planning.report_context(ctx, sample.YEAR)
    report.printed_on = sample.TODAY
    pdf = render(report, drills_flowables(report), "研修・訓練の記録")
    (tmp_path / "drills.pdf").write_bytes(pdf)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    assert "✓ 記録あり" in text and "？ 記録なし" not in text
    assert sample.DRILL_TOPIC in text and "2026年10月15日" in text
    assert "2025年度の記録この年度の記録はありません。" in text.replace(" ", "")
    assert planning.drill_summaries(ctx, [2024, 2026]) == {
        2024: "訓練・演習 1回（改善策の記録 1件）", 2026: "研修 1回、訓練・演習 1回（改善策の記録 1件）"}


def test_report_part_without_records(ctx):
    report = planning.report_context(ctx, sample.YEAR)
    pdf = render(report, drills_flowables(report))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count("？ 記録なし") == 2


def test_the_part_is_offered_by_the_report(ctx):
    sample.populate(ctx)
    assert PARTS["drills"].label == "研修・訓練の記録" and PARTS["drills"].optional
    pdf = build_report(planning.report_context(ctx, sample.YEAR), ["drills"])
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert sample.DRILL_TOPIC in text.replace("\n", "")
