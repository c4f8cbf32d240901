"""name_lines: names break between words or at natural boundaries, shrink a little, wrap last."""

from __future__ import annotations

from hospital_sec_desk.reports.name_lines import fit_lines, unit_width


def texts(lines) -> list[str]:
    return [t for t, _size, _wraps in lines]


def test_an_office_breaks_between_its_units():
    office = "医政局 研究開発振興課 医療技術情報推進室"
    width = unit_width("医政局 研究開発振興課 医療技術") * 14  # room for 15 characters or so
    assert texts(fit_lines(office, 14, width)) == ["医政局 研究開発振興課", "医療技術情報推進室"]


def test_a_word_breaks_at_natural_boundaries_not_before_a_compound():
    width = unit_width("株式会社メディカル") * 14 + 2
    assert texts(fit_lines("株式会社メディカルシステムズ", 14, width)) == ["株式会社", "メディカルシステムズ"]
    width = unit_width("電子カルテ・オーダリング・") * 12 + 2
    lines = texts(fit_lines("電子カルテ・オーダリング・部門システム連携", 12, width))
    assert lines[0] == "電子カルテ・オーダリング・" and "部門システム連携" in lines[1]


def test_a_segment_slightly_too_wide_is_shrunk_within_the_minimum():
    width = unit_width("医療技術情報推進室") * 13
    [(text, size, wraps)] = fit_lines("医療技術情報推進室", 14, width)
    assert text == "医療技術情報推進室" and 14 * 0.8 <= size < 14 and not wraps


def test_only_a_long_segment_without_boundaries_wraps_by_character():
    width = unit_width("あいうえお") * 10
    assert fit_lines("あいうえおかきくけこさしすせそ", 10, width) == [("あいうえおかきくけこさしすせそ", 10, True)]
    # a long name with script changes breaks there first
    width = unit_width("とても長い名前の地域医療情報連携") * 10 + 2
    assert texts(fit_lines("とても長い名前の地域医療情報連携ネットワーク保守サービス株式会社", 10, width)) == [
        "とても長い名前の地域医療情報連携", "ネットワーク保守サービス株式会社"]


def test_numbers_and_typed_lines_stay_whole():
    width = unit_width("03-1234-5678（代表） ") * 12
    lines = texts(fit_lines("03-1234-5678（代表） 0120-999-888（夜間）\n内線 2101", 12, width, min_ratio=1.0))
    assert lines == ["03-1234-5678（代表）", "0120-999-888（夜間）", "内線 2101"]
    assert fit_lines("", 12, 100) == []
