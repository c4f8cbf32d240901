"""The 連絡体制図: one A4 page, every registry entry it draws is on the page, labelled branches."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from hospital_sec_desk.domain.contacts import find_role
from hospital_sec_desk.reports.contact_chart import (
    LIST_TITLE,
    MAX_DEPARTMENTS,
    MAX_VENDORS,
    MIN_BOX_PT,
    build_chart,
    chain_boxes,
)
from hospital_sec_desk.reports.context import load_context
from tests.reports.test_poster import HOSPITAL, VENDORS, flat, pdf_text

INHOUSE = {
    "医療情報システム安全管理責任者": dict(name="伊藤 誠", extension="2101", mobile="090-8765-4321"),
    "院長／経営層": dict(name="佐々木 健", extension="1001", mobile="090-1111-0000"),
    "事務長": dict(name="中村 恵", extension="1002"),
    "CSIRT（対応チーム）": dict(name="情報システム室 小林", extension="2105"),
}


def setup(ctx, vendors: int) -> None:
    store = ctx.store
    store.save_facility(name=HOSPITAL)
    for role, fields in INHOUSE.items():
        store.save_contact(find_role(store.contacts(), "inhouse", role)["id"], **fields)
    store.save_contact(category="inhouse", role="看護部長", department="看護部", name="松本 由美", extension="3001")
    for v in VENDORS[:vendors]:
        store.save_contact(category="vendor", **v)  # on the chart whether or not on the poster
    police = find_role(store.contacts(), "outside", "警察")
    store.save_contact(police["id"], organization="さくら警察署", phone="03-3333-0110")
    store.set_setting("contacts_confirmed_on", "2026-05-01")


def chart(ctx) -> bytes:
    return build_chart(load_context(ctx.store, ctx.registry, 2026))


@pytest.mark.parametrize("vendors", [0, 1, 6])
def test_one_a4_page(ctx, vendors):
    setup(ctx, vendors)
    reader = PdfReader(io.BytesIO(chart(ctx)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.5)


def test_every_entry_drawn_is_on_the_page(ctx):
    setup(ctx, 6)
    text = flat(pdf_text(chart(ctx)))
    assert flat(HOSPITAL) in text and "連絡体制図" in text and "2026年5月1日（令和8年）" in text
    for fields in INHOUSE.values():
        for value in fields.values():
            assert flat(value) in text, value
    assert "松本由美" in text and "3001" in text
    for v in VENDORS:
        for field in ("organization", "systems", "phone", "phone_after_hours", "name", "contract_no"):
            assert flat(v[field]) in text, (field, v[field])
    for c in ctx.store.contacts("outside"):
        assert flat(c["organization"]) in text
        if c["phone"]:
            assert c["phone"] in text
    assert "さくら警察署" in text and "03-3333-0110" in text and "03-3595-2430" in text


def test_the_chain_and_the_branches_carry_their_rows(ctx):
    setup(ctx, 2)
    text = flat(pdf_text(chart(ctx)))
    order = [text.index(flat(head)) for head, _ in chain_boxes(ctx.store.contacts())]
    assert order == sorted(order)  # drawn top to bottom in the order of the chain
    for head in ("発見者", "部門の責任者", "医療情報システム安全管理責任者", "経営層（院長）"):
        assert head in text
    for row in ("確認表2-1", "確認表3-2", "確認表3-6", "確認表1-2", "チェックリスト3-(1)"):
        assert row in text, row
    assert "事業者（保守会社等）への連絡" in text and "外部関係機関への報告・相談" in text


@pytest.mark.parametrize("vendors, heads", [(11, 1), (16, 11), (5, 11)])
def test_every_contact_is_on_the_chart_or_the_list_printed_with_it(ctx, vendors, heads):
    setup(ctx, 0)
    for n in range(vendors):
        ctx.store.save_contact(category="vendor", organization=f"保守会社{n:02d}", phone=f"03-0000-00{n:02d}")
    for n in range(heads):
        ctx.store.save_contact(category="inhouse", role="部長", department=f"部署{n:02d}", name=f"部長{n:02d}",
                               extension=f"5{n:03d}")
    data = chart(ctx)
    pages = [flat(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]
    assert "ほか3社連絡先一覧を参照" not in "".join(pages)
    listed = "".join(pages[1:])
    if vendors > MAX_VENDORS or heads > MAX_DEPARTMENTS:
        assert len(pages) >= 2 and flat(LIST_TITLE) in listed
    for n in range(vendors):
        assert f"保守会社{n:02d}" in "".join(pages) and f"03-0000-00{n:02d}" in "".join(pages)
        if vendors > MAX_VENDORS:
            assert f"保守会社{n:02d}" in listed  # the list holds every one, in full
    for n in range(heads):
        assert f"部長{n:02d}" in "".join(pages) and f"5{n:03d}" in "".join(pages)
    if vendors > MAX_VENDORS:
        assert f"ほか{vendors - MAX_VENDORS}社" in pages[0] and "連絡先一覧" in pages[0]


def test_long_text_is_cut_inside_its_box_and_printed_whole_in_the_list(ctx):
    setup(ctx, 0)
    long_name = "地域医療情報連携ネットワーク保守サービス株式会社" * 4
    ctx.store.save_contact(category="vendor", organization=long_name, systems="電子カルテ" * 20,
                           phone="03-1234-5678", hours="平日 9:00～18:00 " * 10)
    rctx = load_context(ctx.store, ctx.registry, 2026)
    data = build_chart(rctx)
    pages = [flat(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) == 2 and "続きは連絡先一覧" in pages[0]
    assert flat(long_name) in pages[1]


def test_box_text_stays_inside_and_at_least_the_minimum_size():
    from hospital_sec_desk.reports.contact_chart import fit_box

    lines = ["対象：" + "電子カルテ" * 30, "平日 03-1234-5678"]
    ps, heights, whole = fit_box(150, 80, "とても長い社名の保守会社" * 5, lines, False, 10.5)
    assert not whole and sum(heights) <= 80 - 8
    assert min(p.style.fontSize for p in ps) >= MIN_BOX_PT * 0.88 - 0.01
    ps, heights, whole = fit_box(150, 80, "短い社名", ["平日 03-1234-5678"], False, 10.5)
    assert whole and ps[0].style.fontSize >= 10


def test_chain_headings_share_one_size_and_never_strand_a_character(ctx):
    from hospital_sec_desk.reports.contact_chart import MANAGER_HEAD

    setup(ctx, 2)
    heads = [h for h, _ in chain_boxes(ctx.store.contacts())]
    assert MANAGER_HEAD in heads and MANAGER_HEAD.split("\n")[1] == "安全管理責任者"
    text = pdf_text(chart(ctx))
    assert "安全管理責任者" in text.replace(" ", "")
    assert not re.search(r"\n者\n", text)


def test_user_text_is_literal_and_fonts_embedded(ctx):
    setup(ctx, 0)
    ctx.store.save_contact(category="vendor", organization="<b>&amp;", systems="𠮷野家", name="髙橋 😀",
                           phone="03-1234-5678")
    data = chart(ctx)
    text = flat(pdf_text(data))
    assert "<b>&amp;" in text and "𠮷野家" in text and "髙橋〓" in text and "😀" not in text
    page = PdfReader(io.BytesIO(data)).pages[0]
    for font in (f.get_object() for f in page["/Resources"]["/Font"].values()):
        assert re.fullmatch(r"/[A-Z]{6}\+(IPAexGothic|HSDNamesFallback)", str(font["/BaseFont"]))
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_an_empty_registry_still_draws_the_chain(ctx):
    for c in ctx.store.contacts():
        ctx.store.delete_contact(c["id"])
    text = flat(pdf_text(chart(ctx)))
    assert "発見者" in text and "（未登録）" in text and "各部署の所属長" in text
