"""National figures: every figure has a source, belongs to a real item key, and bands look up."""

from __future__ import annotations

import tomllib

import pytest

from hospital_sec_desk.domain.national import (
    figure_cell_text,
    figure_detail,
    load_national,
    parse_figures,
)
from hospital_sec_desk.paths import resource


def test_figures_from_the_reference_table():
    nf = load_national()
    expected = {("security_officer", 2023): 73, ("security_officer", 2024): 86, ("bcp", 2023): 23,
                ("bcp", 2024): 27, ("bcp_drill", 2024): 34, ("ehr", 2026): 74, ("ehr", 2024): 70,
                ("backup_offline", 2023): 49, ("staff_training", 2026): 63,
                ("officer_qualified", 2026): 16, ("network_overview", 2024): 92,
                ("vulnerability_info", 2024): 82}
    got = {(f.item, f.year): f.percent for f in nf.figures}
    for key, percent in expected.items():
        assert got[key] == percent, key
    assert len(nf.figures) == 17


def test_every_figure_names_a_source_and_an_item_some_edition_has(ctx):
    keys = {(e.questionnaire, i.key) for e in ctx.registry.editions for i in e.items}
    for f in load_national().figures:
        assert (f.questionnaire, f.item) in keys, f.item
        assert f.source.startswith("厚生労働省") and "seed" not in f.source.lower()
        assert f.conducted and f.population
    bcp_2024 = next(f for f in load_national().figures if (f.item, f.year) == ("bcp", 2024))
    assert "確認表等」のページ" in bcp_2024.source
    assert all("二次資料" in b.source for b in bcp_2024.bands)


def test_lookup_newest_first_and_bed_bands():
    nf = load_national()
    assert [f.year for f in nf.for_item("survey", "ehr")] == [2026, 2024, 2023]
    assert nf.newest("survey", "ehr").percent == 74
    assert nf.newest("survey", "respondent") is None
    fig, band = nf.band_figure("survey", "ehr", 60)
    assert (fig.year, band.percent, band.label) == (2024, 57, "20〜99床")
    assert nf.band_figure("survey", "ehr", 150) is None
    assert nf.band_figure("survey", "ehr", None) is None
    assert nf.band_figure("survey", "bcp", 99)[1].percent == 25
    assert nf.band_figure("survey", "bcp", 500)[1].label == "500床以上"
    assert nf.band_figure("survey", "bcp", 300) is None


def test_texts_show_figure_period_and_source():
    nf = load_national()
    assert figure_cell_text(nf, "survey", "ehr", 60) == "全国 74%（2026年調査）\n20〜99床 57%（2024年調査）"
    assert figure_cell_text(nf, "survey", "ehr", 300) == "全国 74%（2026年調査）"
    assert figure_cell_text(nf, "survey", "security_officer", 60) == "全国 86%（2024年調査）\n20〜99床 81%"
    assert figure_cell_text(nf, "survey", "respondent", 60) == ""
    detail = figure_detail(nf, "survey", "bcp", 80)
    assert "27%" in detail and "2024年2月1日〜3月8日" in detail and "確認表等」のページ" in detail
    assert "99床以下（この病院の病床数 80床）：25%" in detail


def test_bad_files_are_refused():
    raw = tomllib.loads(resource("national_figures.toml").read_text(encoding="utf-8"))
    bad_source = {**raw, "figures": [{**raw["figures"][0], "source": "nowhere"}]}
    with pytest.raises(ValueError, match="unknown source"):
        parse_figures(bad_source)
    bad_percent = {**raw, "figures": [{**raw["figures"][0], "percent": 130}]}
    with pytest.raises(ValueError, match="percentage"):
        parse_figures(bad_percent)
    with pytest.raises(ValueError, match="format_version"):
        parse_figures({**raw, "format_version": 2})
