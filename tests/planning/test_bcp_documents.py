"""The BCP document from realistic data: pre-filled facts, 決めること, edits kept; PDF and .docx
opened again (pypdf, python-docx) to find the facts; the Excel workbook read back (openpyxl)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from hospital_sec_desk.app import planning
from hospital_sec_desk.domain.bcp_facts import TBD

from . import sample

NOTICE_START = "本文は本アプリの独自の文案です。"


@pytest.fixture
def filled(ctx):
    sample.populate(ctx)
    return ctx


def test_document_is_prefilled_from_the_app(filled):
    doc = planning.bcp_document(filled, sample.YEAR, sample.TODAY)
    contacts = doc.section("contacts")
    vendor = next(b for b in contacts.blocks if b.title.startswith("保守事業者"))
    assert (sample.VENDOR_EHR, "高田 誠", "電子カルテ・オーダリング", sample.VENDOR_EHR_PHONE) == vendor.rows[0][:4]
    assert any("東北ネットワーク保守株式会社" in x for x in contacts.to_decide)   # its phone is missing
    assert any("厚生労働省の連絡先の確認" in x for x in contacts.to_decide)        # the shipped 2018 entry
    inhouse = next(b for b in contacts.blocks if b.title == "院内の連絡先")
    assert inhouse.rows[0][:3] == ("医療情報システム安全管理責任者", sample.OFFICER, "022-123-4567／内線 215")
    backup = doc.section("backup").blocks[0]
    assert backup.headers == ("システム", "頻度", "作成方法", "復旧方法")
    system, frequency, method, restore = backup.rows[0]
    assert (system, frequency) == ("電子カルテシステム", "毎日（毎晩2時に自動取得）")
    assert "オフライン保管：いいえ" in method and "世代：3 世代以上" in method
    assert "確認日 2026年6月10日" in restore
    assert any("オフライン" in x for x in doc.section("backup").to_decide)
    checks = doc.section("check_table").blocks[0]
    row = next(r for r in checks.rows if r[1].startswith("ネットワーク構成図"))
    assert row[2:6] == ("できていない", "情報システム係 佐々木", "2027年1月31日", "対応中")
    assert any("教育訓練" in x and "担当と期限" in x for x in doc.section("check_table").to_decide) is False
    assert any("1-2「教育訓練が実施できているか。」の対応の担当と期限" in x
               for s in doc.sections() for x in s.to_decide)
    log = doc.section("drill_log").blocks[0]
    assert log.rows[0][2] == sample.DRILL_TOPIC and log.rows[0][5] == sample.DRILL_IMPROVEMENT
    assert doc.decide_count == sum(len(s.to_decide) for s in doc.sections()) > 20


def test_missing_facts_become_things_to_decide(ctx):
    doc = planning.bcp_document(ctx, sample.YEAR, sample.TODAY)   # nothing entered yet
    assert any("保守事業者" in x for x in doc.section("contacts").to_decide)
    assert any("施設情報の未登録の項目" in x for x in doc.section("purpose").to_decide)
    assert any("訓練・演習の計画" in x for x in doc.section("document").to_decide)
    assert doc.section("backup").blocks[0].rows[-1][1] == TBD


def test_edits_are_kept_per_year_and_survive_regeneration(filled):
    text = "1. 患者さんの安全を最優先にします。\n2. 当院は救急の受け入れを続けます。"
    assert planning.save_bcp_text(filled, sample.YEAR, "policy", text)
    for _ in range(2):   # regenerate twice: the edit stays, the facts are rebuilt
        doc = planning.bcp_document(filled, sample.YEAR, sample.TODAY)
        assert doc.section("policy").body == text and doc.section("policy").edited
    assert planning.bcp_document(filled, sample.YEAR + 1, sample.TODAY).section("policy").edited is False
    default = doc.section("policy").default_body
    assert not planning.save_bcp_text(filled, sample.YEAR, "policy", default)  # back to our text
    assert planning.bcp_edits(filled, sample.YEAR) == {}
    with pytest.raises(KeyError):
        planning.save_bcp_text(filled, sample.YEAR, "no_such_section", "x")


def test_pdf_holds_the_facts_and_the_notice_on_every_page(filled):
    pdf = PdfReader(io.BytesIO(planning.bcp_pdf(filled, sample.YEAR, sample.TODAY)))
    pages = [p.extract_text() for p in pdf.pages]
    assert len(pages) >= 8
    missing = [n for n, p in enumerate(pages) if NOTICE_START not in p.replace("\n", "")]
    assert not missing, [pages[n][-300:] for n in missing]
    text = "".join(pages).replace("\n", "")
    for fact in (sample.HOSPITAL, sample.VENDOR_EHR_PHONE, sample.OFFICER, "毎晩2時に自動取得", sample.DRILL_TOPIC):
        assert fact in text, fact
    fonts = {f for p in pdf.pages for f in (p["/Resources"].get("/Font") or {}).values()}
    assert all("IPAexGothic" in str(f.get_object()["/BaseFont"]) for f in fonts)


def test_docx_holds_the_facts_with_japanese_fonts(filled):
    doc = Document(io.BytesIO(planning.bcp_docx(filled, sample.YEAR, sample.TODAY)))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    text = "\n".join([p.text for p in doc.paragraphs] + cells)
    for fact in (sample.HOSPITAL, sample.VENDOR_EHR, sample.VENDOR_EHR_PHONE, sample.OFFICER,
                 "毎日（毎晩2時に自動取得）", sample.DRILL_IMPROVEMENT, "Wordで編集した内容は、アプリには戻りません"):
        assert fact in text, fact
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][:4] == \
        ["第1章　総則", "第2章　体制整備", "第3章　サイバーインシデント発生時の対応", "第4章　事後対応"]
    runs = [r for p in doc.paragraphs for r in p.runs] + \
        [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "BIZ UDゴシック", run.text
    assert NOTICE_START in doc.sections[0].footer.paragraphs[0].text


def test_workbook_has_dates_as_dates_and_numbers_as_text(filled):
    wb = load_workbook(io.BytesIO(planning.workbook(filled, sample.YEAR)))
    assert wb.sheetnames == ["行動計画", "回答", "研修・訓練"]
    plan = wb["行動計画"]
    assert [c.value for c in plan[1]] == ["調査票", "番号", "項目", "回答", "担当", "期限", "状況", "メモ"]
    assert plan.freeze_panes == "D2" and plan.column_dimensions["C"].width == 50
    rows = {r[2]: r for r in plan.iter_rows(min_row=2, values_only=True)}
    net = rows["ネットワーク構成図・システム構成図が整備できているか。"]
    assert net[1] == "1-1" and net[4] == "情報システム係 佐々木" and net[6] == "対応中"
    assert net[5] == dt.datetime(2027, 1, 31)
    assert plan.cell(row=2, column=2).data_type == "s"
    answers = wb["回答"]
    numbers = [r[1] for r in answers.iter_rows(min_row=2, values_only=True)]
    assert "2-1" in numbers and all(isinstance(n, str) for n in numbers)
    log = list(wb["研修・訓練"].iter_rows(min_row=2, values_only=True))
    assert log[0][0] == dt.datetime(2026, 10, 15) and log[0][2] == sample.DRILL_TOPIC and log[0][3] == 24


def test_formula_like_text_stays_text(filled):
    planning.save_drill(filled, {"held_on": "2026-11-01", "kind": "研修", "topic": "=HYPERLINK(\"x\")"})
    wb = load_workbook(io.BytesIO(planning.workbook(filled, sample.YEAR)))
    cell = next(c for row in wb["研修・訓練"].iter_rows(min_row=2) for c in row if str(c.value).startswith("="))
    assert cell.data_type == "s"


def test_reviewed_mhlw_contact_is_not_asked_again(filled):
    mhlw = next(c for c in filled.store.contacts("outside") if c["role"] == "厚生労働省")
    filled.store.save_contact(mhlw["id"], memo="2026年11月に最新の案内で確認した")
    doc = planning.bcp_document(filled, sample.YEAR, sample.TODAY)
    assert not any("厚生労働省の連絡先の確認" in x for x in doc.section("contacts").to_decide)
