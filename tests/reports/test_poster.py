"""The 院内掲示用 poster: one page, official wording, every number, embedded fonts, literal text."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A3, A4

from hospital_sec_desk.app.glyphs import unprintable_chars, unprintable_warning
from hospital_sec_desk.cli import main
from hospital_sec_desk.domain.contacts import ROLE_SAFETY_MANAGER, find_role
from hospital_sec_desk.reports.context import load_context
from hospital_sec_desk.reports.poster import (
    INSTRUCTIONS,
    MIN_TEXT_PT,
    TITLE,
    build_poster,
    missing_chars,
    poster_fit,
    poster_notices,
)

VENDORS = [
    dict(organization="株式会社メディカルシステムズ", systems="電子カルテ", phone="03-1234-5678",
         phone_after_hours="0120-123-456", hours="平日 9:00～18:00", name="山田 太郎", contract_no="MS-2024-00123"),
    dict(organization="レセコンサポート株式会社", systems="レセコン", phone="06-1111-2222",
         phone_after_hours="090-1234-5678", hours="24時間", name="髙橋 花子", contract_no="RC-778"),
    dict(organization="ネットワーク工業株式会社", systems="院内ネットワーク・VPN装置", phone="0570-000-111",
         phone_after_hours="080-9999-0000", hours="平日 8:30～17:30", name="佐藤", contract_no="NW-55-A"),
    dict(organization="PACSイメージング株式会社", systems="画像システム", phone="045-123-4567",
         phone_after_hours="", hours="平日 9:00～17:00", name="鈴木", contract_no=""),
    dict(organization="臨床検査システム合同会社", systems="検査システム", phone="0120-999-888",
         phone_after_hours="0120-999-889", hours="24時間365日", name="田中 一郎", contract_no="LAB-1"),
    dict(organization="とても長い名前の地域医療情報連携ネットワーク保守サービス株式会社",
         systems="地域連携・バックアップ・クラウドサービス", phone="011-222-3333",
         phone_after_hours="050-1234-5678", hours="平日 9:00～18:00 土日祝 10:00～17:00", name="高橋",
         contract_no="CL-2025-0001-XYZ"),
]
HOSPITAL = "医療法人社団さくら会 さくら記念病院"


def flat(text: str) -> str:
    """Extracted text without any whitespace (line breaks fall anywhere in CJK text)."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def setup(ctx, vendors: int = 1, confirmed: str = "2026-11-21") -> None:
    store = ctx.store
    store.save_facility(name=HOSPITAL)
    for v in VENDORS[:vendors]:
        store.save_contact(category="vendor", on_poster=1, **v)
    manager = find_role(store.contacts(), "inhouse", ROLE_SAFETY_MANAGER)
    store.save_contact(manager["id"], name="伊藤 誠", extension="2101", mobile="090-8765-4321")
    if confirmed:
        store.set_setting("contacts_confirmed_on", confirmed)


def poster(ctx, size: str = "A4") -> bytes:
    return build_poster(load_context(ctx.store, ctx.registry, 2026), size)


@pytest.mark.parametrize("size", ["A4", "A3"])
@pytest.mark.parametrize("vendors", [0, 1, 6])
def test_exactly_one_portrait_page(ctx, vendors, size):
    setup(ctx, vendors)
    reader = PdfReader(io.BytesIO(poster(ctx, size)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    want = {"A4": A4, "A3": A3}[size]
    assert (float(box.width), float(box.height)) == pytest.approx(want, abs=0.5)


def sizes(data: bytes) -> list[tuple[str, float]]:
    """(text run, font size in pt as printed) of every text run of every page."""
    out: list[tuple[str, float]] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                out.append((text, size * abs(tm[3]) * abs(cm[3] or 1)))
        page.extract_text(visitor_text=visit)
    return out


def vendors_like(n: int, long: bool = False) -> list[dict]:
    base = VENDORS * 3
    out = []
    for i in range(n):
        v = dict(base[i])
        v["organization"] = f"保守会社{i + 1:02d}" + ("長い社名" * 10 if long else v["organization"])
        if long:
            v["hours"] = "平日 " * 30
        out.append(v)
    return out


@pytest.mark.parametrize("n, sheets", [(5, 1), (11, 2), (16, 2)])
def test_many_vendors_are_all_printed_at_the_minimum_size_or_larger(ctx, n, sheets):
    setup(ctx, 0)
    for v in vendors_like(n):
        ctx.store.save_contact(category="vendor", on_poster=1, **v)
    rctx = load_context(ctx.store, ctx.registry, 2026)
    fit = poster_fit(rctx, "A4")
    data = build_poster(rctx, "A4")
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == fit.sheets >= sheets if n > 5 else len(pages) == 1
    assert fit.fits == (len(pages) == 1)
    text = flat(pdf_text(data))
    for i in range(1, n + 1):
        assert f"保守会社{i:02d}" in text  # nothing dropped
    runs = sizes(data)
    instruction = [sz for t, sz in runs if len(flat(t)) >= 8 and flat(t) in flat("".join(INSTRUCTIONS))]
    assert instruction and min(instruction) >= MIN_TEXT_PT - 0.01
    phones = [sz for t, sz in runs if re.fullmatch(r"[0-9-]{6,}", t.strip())]
    assert phones and min(phones) >= MIN_TEXT_PT - 0.01
    if not fit.fits:
        assert "A4用紙1枚に収まりません" in fit.message and "枚に分けて" in fit.message


def test_long_text_is_not_shrunk_and_a3_is_offered(ctx):
    setup(ctx, 0)
    for v in vendors_like(6, long=True):
        ctx.store.save_contact(category="vendor", on_poster=1, **v)
    rctx = load_context(ctx.store, ctx.registry, 2026)
    fit = poster_fit(rctx, "A4")
    assert not fit.fits and fit.scale == pytest.approx(0.8)  # the floor
    a3 = poster_fit(rctx, "A3")
    assert ("A3用紙で印刷するか" in fit.message) == a3.fits
    runs = sizes(build_poster(rctx, "A3"))
    phones = [sz for t, sz in runs if re.fullmatch(r"[0-9-]{6,}", t.strip())]
    assert min(phones) >= MIN_TEXT_PT - 0.01


def test_text_holds_the_hospital_every_vendor_the_mhlw_entry_and_the_official_wording(ctx):
    setup(ctx, 6)
    ctx.store.save_contact(category="vendor", on_poster=0, organization="載せない株式会社", phone="03-9999-9999")
    text = flat(pdf_text(poster(ctx)))
    assert flat(TITLE) in text and flat(HOSPITAL) in text
    for sentence in INSTRUCTIONS:
        assert flat(sentence) in text
    assert "被害等が発生した場合は、厚生労働省へご連絡ください。" in text and "被書等" not in text
    for v in VENDORS:
        for field in ("organization", "systems", "phone", "phone_after_hours", "hours", "name", "contract_no"):
            assert flat(v[field]) in text, (field, v[field])
    assert "載せない株式会社" not in text and "03-9999-9999" not in text
    assert "医政局研究開発振興課医療技術情報推進室" in text and "03-3595-2430" in text
    assert "平日午前9時～午後6時" in text
    assert "伊藤誠" in text and "2101" in text and "090-8765-4321" in text
    assert "連絡先を確認した日：2026年11月21日（令和8年）" in text


def test_the_mhlw_entry_is_the_one_in_the_registry(ctx):
    setup(ctx, 1)
    mhlw = find_role(ctx.store.contacts(), "outside", "厚生労働省")
    ctx.store.save_contact(mhlw["id"], department="医政局 特定医薬品開発支援・医療情報担当参事官室",
                           phone="03-6812-7837", hours="10:00～17:00")
    text = flat(pdf_text(poster(ctx)))
    assert "特定医薬品開発支援・医療情報担当参事官室" in text and "03-6812-7837" in text
    assert "03-3595-2430" not in text


def test_without_vendors_or_confirmation_the_poster_has_blanks_and_says_unconfirmed(ctx):
    setup(ctx, 0, confirmed="")
    text = flat(pdf_text(poster(ctx)))
    assert "社名：" in text and "電話番号：" in text and "担当者名：" in text
    assert "連絡先を確認した日：未確認" in text


def test_a_deleted_mhlw_entry_does_not_break_the_poster(ctx):
    setup(ctx, 1)
    ctx.store.delete_contact(find_role(ctx.store.contacts(), "outside", "厚生労働省")["id"])
    text = flat(pdf_text(poster(ctx)))
    assert "連絡先が登録されていません" in text and "03-3595-2430" not in text


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_fonts_are_embedded_and_subset(ctx, size):
    setup(ctx, 6)
    page = PdfReader(io.BytesIO(poster(ctx, size))).pages[0]
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:  # every font: no Helvetica reference left for the printer to substitute
        assert re.fullmatch(r"/[A-Z]{6}\+IPAexGothic", str(font["/BaseFont"])), font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_user_text_is_printed_literally_or_replaced_visibly(ctx):
    setup(ctx, 0)
    ctx.store.save_facility(name="<i>病院</i> & 医院")
    ctx.store.save_contact(category="vendor", on_poster=1, organization="<b>&amp;", systems="𠮷野家 <br/>",
                           name="髙橋 😀", phone="03-1234-5678", phone_after_hours="<font size=80>",
                           hours="&lt;朝&gt; & <para", contract_no="👨‍👩‍👧 A-1")
    text = flat(pdf_text(poster(ctx)))
    assert "<b>&amp;" in text
    assert "<i>病院</i>&医院" in text
    assert "𠮷野家<br/>" in text  # from the names fallback font, not 〓
    assert "髙橋〓" in text and "😀" not in text
    assert "<fontsize=80>" in text and "&lt;朝&gt;&<para" in text
    assert "〓〓〓A-1" in text


def test_glyph_coverage_of_the_bundled_fonts():
    assert missing_chars("髙橋") == []            # 髙 is in IPAexGothic
    assert missing_chars("𠮷野家") == []          # 𠮷 (U+20BB7) from the names fallback font
    assert missing_chars("😀") == ["😀"]
    assert unprintable_warning("𠮷田 😀").startswith("「😀」は印刷用の書体にない")
    assert unprintable_chars("\u9ad9\ufe00橋") == []  # a variation selector is dropped, not reported


def test_surname_with_tsuchiyoshi_is_drawn_from_the_fallback_font(ctx):
    """The PDF text holds 𠮷 and the page embeds a subset of the fallback font (only the glyphs used)."""
    setup(ctx, 0)
    manager = find_role(ctx.store.contacts(), "inhouse", ROLE_SAFETY_MANAGER)
    ctx.store.save_contact(manager["id"], name="𠮷田 花子")
    data = poster(ctx)
    assert "𠮷田花子" in flat(pdf_text(data))
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for f in page["/Resources"]["/Font"].values():
            fonts.add(str(f.get_object()["/BaseFont"]))
    assert any("HSDNamesFallback" in f for f in fonts)
    assert len(data) < 400_000  # subset: the 1.3 MB font is not embedded whole


def _drawn_sizes(data: bytes, needle: str) -> list[float]:
    sizes: list[float] = []

    def visit(text, cm, tm, _font, size):
        if needle in text:
            sizes.append(size * tm[0] * cm[0])

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize(("vendors", "size", "least"), [(1, "A4", 20), (6, "A4", 14), (6, "A3", 20)])
def test_phone_numbers_stay_large_enough_to_read_from_two_metres(ctx, vendors, size, least):
    setup(ctx, vendors)
    data = poster(ctx, size)
    sizes = _drawn_sizes(data, "03-1234-5678")
    assert sizes and min(sizes) >= least, sizes
    title = _drawn_sizes(data, "サイバー攻撃を受けた場合の対応について")
    assert title and max(title) > min(sizes)


def test_cli_writes_the_poster(ctx, data_dir, tmp_path, capsys):
    setup(ctx, 2)
    ctx.close()
    out = tmp_path / "poster.pdf"
    assert main(["--data-dir", str(data_dir), "poster", "--out", str(out), "--size", "A3"]) == 0
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1 and float(reader.pages[0].mediabox.height) == pytest.approx(A3[1], abs=0.5)
    assert "レセコンサポート株式会社" in flat(pdf_text(out.read_bytes()))
    assert "保存しました" in capsys.readouterr().out
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]
    missing = tmp_path / "no-such-folder" / "p.pdf"
    assert main(["--data-dir", str(data_dir), "poster", "--out", str(missing)]) == 2
    assert "保存先のフォルダがありません" in capsys.readouterr().err


def test_notice_while_the_shipped_2018_mhlw_entry_is_unconfirmed(ctx):
    setup(ctx, 1)
    rctx = load_context(ctx.store, ctx.registry, 2026)
    notes = poster_notices(rctx)
    assert len(notes) == 1 and "2018年（平成30年）" in notes[0] and "03-3595-2430" in notes[0]
    mhlw = find_role(ctx.store.contacts(), "outside", "厚生労働省")
    ctx.store.save_contact(mhlw["id"], memo="2026年11月21日に厚生労働省のページで確認。番号は変更なし。")
    assert poster_notices(load_context(ctx.store, ctx.registry, 2026)) == []
    ctx.store.save_contact(mhlw["id"], memo=mhlw["memo"], phone="03-6812-7837")
    assert poster_notices(load_context(ctx.store, ctx.registry, 2026)) == []  # changed number


# -- line breaking: names break between words, numbers never -----------------------------
LONG_MHLW = "医政局 特定医薬品開発支援・医療情報担当参事官室 医療機関サイバーセキュリティ対策相談窓口"
LONG_VENDOR = dict(organization="Medical Information Network Solutions 株式会社 東日本サポートセンター",
                   systems="電子カルテ・オーダリング・部門システム連携（地域医療連携ネットワーク）",
                   phone="0120-123-456", phone_after_hours="03-1234-5678", hours="24時間365日",
                   name="カスタマーサポート部 山田 太郎", contract_no="MINS-2024-000123-A")
LONG_MANAGER = "情報システム管理部 医療情報システム安全管理責任者代理 長谷川 久美子"
LONG_HOSPITAL = "社会医療法人財団 みなと地域医療連携推進機構 附属みなと総合リハビリテーション記念病院"


def pdf_lines(data: bytes) -> list[str]:
    """Every printed line (pdftotext's layout: a table row's cells side by side), spaces removed."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        out += [flat(line) for line in page.extract_text(extraction_mode="layout").splitlines()]
    return out


def on_one_line(data: bytes, *words: str) -> list[str]:
    """The words that are not printed whole on one line."""
    lines = pdf_lines(data)
    return [w for w in words if not any(flat(w) in line for line in lines)]


def long_names(ctx) -> None:
    setup(ctx, 1)
    store = ctx.store
    store.save_facility(name=LONG_HOSPITAL)
    store.save_contact(category="vendor", on_poster=1, **LONG_VENDOR)
    manager = find_role(store.contacts(), "inhouse", ROLE_SAFETY_MANAGER)
    store.save_contact(manager["id"], name=LONG_MANAGER)
    mhlw = find_role(store.contacts(), "outside", "厚生労働省")
    store.save_contact(mhlw["id"], department=LONG_MHLW, phone="03-6812-7837（代表）",
                       hours="平日 10:00～17:00（祝日・年末年始を除く）")


@pytest.mark.parametrize("size", ["A4", "A3"])
@pytest.mark.parametrize("vendors", [0, 1, 6])
def test_the_shipped_mhlw_office_is_never_broken_inside_a_word(ctx, vendors, size):
    """The shipped 「医政局 研究開発振興課 医療技術情報推進室」 broke as 「…医療技術情報/推進室」."""
    setup(ctx, vendors)
    data = poster(ctx, size)
    words = ["医政局", "研究開発振興課", "医療技術情報推進室", "03-3595-2430", "090-8765-4321"]
    if vendors:
        words += ["メディカルシステムズ", "03-1234-5678", "0120-123-456", "MS-2024-00123"]
    assert on_one_line(data, *words) == []


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_long_hospital_entered_names_break_between_words_and_numbers_stay_whole(ctx, size):
    long_names(ctx)
    data = poster(ctx, size)
    words = [*LONG_HOSPITAL.split(), *LONG_VENDOR["organization"].split(), *LONG_MANAGER.split()[2:],
             "医政局", "医療情報担当参事官室", "医療機関サイバーセキュリティ対策相談窓口",
             "カスタマーサポート部", "山田太郎", "MINS-2024-000123-A", "24時間365日", "10:00～17:00"]
    phones = ["0120-123-456", "03-1234-5678", "03-6812-7837", "090-8765-4321", "2101"]
    assert on_one_line(data, *words, *phones) == []
    text = flat(pdf_text(data))
    assert flat(LONG_MHLW) in text and flat(LONG_VENDOR["organization"]) in text and flat(LONG_MANAGER) in text
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    runs = sizes(data)  # a too-wide segment is printed a little smaller, never tiny
    body = [sz for t, sz in runs if flat(t) in flat(LONG_MANAGER + LONG_MHLW)]
    assert body and min(body) >= MIN_TEXT_PT * 0.8


def test_a_long_vendor_name_without_spaces_breaks_at_its_legal_form_and_scripts(ctx):
    setup(ctx, 6)
    data = poster(ctx, "A4")
    assert on_one_line(data, "株式会社メディカルシステムズ", "ネットワーク保守サービス株式会社",
                       "9:00～18:00", "CL-2025-0001-XYZ", "MS-2024-00123") == []
