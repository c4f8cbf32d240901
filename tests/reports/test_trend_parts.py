"""Report parts 経年推移 and 加算の要件: the printed text holds each year's figures and each result."""

from __future__ import annotations

import io

from pypdf import PdfReader

from hospital_sec_desk.app.history import load_history
from hospital_sec_desk.domain.trend import build_trend, percent_text
from hospital_sec_desk.reports import report
from hospital_sec_desk.reports.context import load_context
from hospital_sec_desk.reports.trend_parts import readiness_flowables, trend_flowables
from tests.domain.test_compare import three_years


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_trend_page_holds_each_years_figure(ctx):
    three_years(ctx)
    rctx = load_context(ctx.store, ctx.registry, 2026, with_history=True)
    pdf = report.render(rctx, trend_flowables(rctx))
    text = _text(pdf).replace(" ", "")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    for year, era in ((2024, "令和6"), (2025, "令和7"), (2026, "令和8")):
        assert f"{year}年度（{era}年度）" in text
    # Survey 22 / 37 % (r6, r6), BCP 6 / 18 / 59 % (hand-counted in tests/domain/test_trend.py).
    for figure in ("22%", "37%", "6%", "18%", "59%", "はい等4／対象18", "できている10／対象17"):
        assert figure in text, figure
    for point in build_trend(load_history(ctx)):
        assert percent_text(point.survey) in text and percent_text(point.bcp) in text


def test_trend_without_history_uses_this_and_last_year(ctx):
    three_years(ctx)
    rctx = load_context(ctx.store, ctx.registry, 2025)
    text = _text(report.render(rctx, trend_flowables(rctx))).replace(" ", "")
    assert "2024年度" in text and "2025年度" in text and "2026年度" not in text


def test_readiness_part_lists_each_requirement(ctx):
    three_years(ctx)
    rctx = load_context(ctx.store, ctx.registry, 2025)
    text = _text(report.render(rctx, readiness_flowables(rctx))).replace(" ", "").replace("\n", "")
    for number in ("(8)", "(9)", "(10)", "(11)", "(12)"):
        assert number in text
    # 2025 (r6): Q10 はい, Q10-1 いいえ -> (12) not met; Q2 はい -> (9) unknown (専任 not asked).
    assert "BCPの対処手順を訓練等で確かめていません" in text
    assert "×満たしていない" in text and "？分からない" in text
    assert "バックアップを複数の方式で確保し、その一部はネットワークから切り離れたオフラインで保管" in text


def test_readiness_part_without_a_survey(ctx):
    ctx.store.save_facility(name="<b>病院</b>")
    rctx = load_context(ctx.store, ctx.registry, 2030)
    text = _text(report.render(rctx, readiness_flowables(rctx)))
    assert "判定のルールがある調査票の回答がありません" in text
