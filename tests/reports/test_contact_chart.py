"""The 連絡体制図: one A4 page, every registry entry it draws is on the page, labelled branches."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from hospital_sec_desk.domain.contacts import find_role
from hospital_sec_desk.reports.contact_chart import MAX_VENDORS, build_chart, chain_boxes
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
    assert flat(HOSPITAL) in text and "連絡体制図" in text and "令和8年5月1日" in text
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


def test_more_vendors_than_fit_are_counted_not_dropped_silently(ctx):
    setup(ctx, 0)
    for n in range(MAX_VENDORS + 3):
        ctx.store.save_contact(category="vendor", organization=f"保守会社{n:02d}", phone=f"03-0000-00{n:02d}")
    data = chart(ctx)
    text = flat(pdf_text(data))
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    for n in range(MAX_VENDORS):
        assert f"保守会社{n:02d}" in text and f"03-0000-00{n:02d}" in text
    assert "ほか3社" in text and f"保守会社{MAX_VENDORS:02d}" not in text


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
