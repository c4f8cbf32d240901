"""The checklist report part (form layout) and the 事業者確認用 request sheets build into a PDF
that holds the item texts; user text is printed literally, never parsed as markup."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.domain.edition_parse import load_edition
from hospital_sec_desk.paths import resource
from hospital_sec_desk.reports.checklist_parts import (
    checklist_flowables,
    context_from_parts,
    vendor_request_flowables,
)

FACILITY = {"name": "<b>みどり</b>病院 & 診療所", "phone": "03-0000-0000"}
VENDORS = [{"id": 7, "organization": "株式会社<i>電カル</i>", "systems": "電子カルテ", "name": "山田",
            "phone": "03-1111-1111"},
           {"organization": "ネット保守&サービス", "systems": "UTM・VPN", "name": "佐藤", "phone": "03-2222-2222"}]


@pytest.fixture(scope="module")
def ed():
    return load_edition(resource("questionnaires", "checklist_r6.toml"))


def pdf_text(flowables) -> tuple[str, int]:
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(flowables)
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    text = "".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", "", text), len(reader.pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def answers() -> dict:
    return {
        "uses_medical_systems": {"choice": "yes", "dates": {"checked_on": "2026-05-01"}},
        "asset_ledger": {"devices": {"server": "yes", "pc": "no", "network": "yes"},
                         "dates": {"checked_on": "2026-05-02", "target_on": "2026-12-01"}},
        "bcp": {"choice": "no", "dates": {"checked_on": "2026-05-03"}},
        "mds_sds_check": AnswerRecord({"choice": "no"}, vendor_flag=True, vendor_id=7),
    }


def test_checklist_pdf_holds_every_item_text_in_form_order(ed):
    ctx = context_from_parts(ed, answers(), FACILITY, VENDORS, year=2026)
    text, _pages = pdf_text(checklist_flowables(ctx))
    positions = []
    for item in ed.items:
        shown = squash(item.title if item.official else "※" + item.title)
        assert shown in text, item.key
        positions.append(text.index(shown))
    assert positions == sorted(positions), "items are not printed in the form's order"
    for header in ("サーバ", "端末PC", "ネットワーク機器", "医療情報システム全般", "確認日", "目標日"):
        assert header in text
    assert "2026年5月2日" in text and "2026年12月1日" in text
    assert "未設定" in text  # bcp is いいえ without a 目標日
    assert squash(FACILITY["name"]) in text  # printed literally: the markup was escaped


def test_item0_no_prints_every_other_item_as_not_applicable(ed):
    ctx = context_from_parts(ed, {"uses_medical_systems": {"choice": "no"}}, FACILITY, [], year=2026)
    text, _ = pdf_text(checklist_flowables(ctx))
    assert text.count("対象外") >= len(ed.items) - 1
    assert "はい・いいえ" not in text


def test_vendor_sheets_list_the_vendor_items_per_vendor(ed):
    ctx = context_from_parts(ed, answers(), FACILITY, VENDORS, year=2026)
    text, pages = pdf_text(vendor_request_flowables(ctx))
    assert pages >= 2
    assert squash("株式会社<i>電カル</i>御中") in text and squash("ネット保守&サービス御中") in text
    for item in ed.items:
        shown = squash(item.title if item.official else "※" + item.title)
        assert text.count(shown) == (2 if item.vendor else 0) + (1 if item.key == "mds_sds_check" else 0), item.key
    assert text.count("当院から特に確認をお願いしたい項目") == 1  # only the vendor the item is flagged for
    assert "Q-21" in text and "ご回答日" in text


def test_vendor_sheet_without_vendors_or_systems(ed):
    none, _ = pdf_text(vendor_request_flowables(context_from_parts(ed, answers(), FACILITY, [], year=2026)))
    assert "連絡先が登録されていません" in none
    off = context_from_parts(ed, {"uses_medical_systems": {"choice": "no"}}, FACILITY, VENDORS, year=2026)
    text, _ = pdf_text(vendor_request_flowables(off))
    assert "依頼不要" in text and "御中" not in text


def test_parts_are_wired_into_the_report(ed):
    from hospital_sec_desk.reports.report import PARTS, build_report

    assert {"checklist", "vendor_checklist"} <= set(PARTS)
    ctx = context_from_parts(ed, answers(), FACILITY, VENDORS, year=2026)
    pdf = build_report(ctx, ["checklist", "vendor_checklist"])
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert squash(ed.item("asset_ledger").title) in text and "事業者確認用" in text
