"""The printable report: every answered question, 対象外, the action plan, the G-MIS sheet in
survey order, one inquiry sheet per vendor with exactly its flagged questions, embedded fonts,
odd user text printed literally, header and 「x / y ページ」 on every page, the print command."""

from __future__ import annotations

import argparse
import io
import re

import pytest
from pypdf import PdfReader

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.reports import parts_inquiry, report
from hospital_sec_desk.reports.context import load_context
from hospital_sec_desk.reports.parts_inquiry import inquiry_flowables
from hospital_sec_desk.reports.rows import ANSWERED, NOT_APPLICABLE, item_rows
from tests.sample_data import BCP, HOSPITAL, SURVEY, populate

ODD = "<b>&amp; 𠮷野家 髙橋 😀 </b>"


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return norm("".join(pdf_pages(data)))


@pytest.fixture
def filled(ctx):
    info = populate(ctx)
    return ctx, info, load_context(ctx.store, ctx.registry, 2026, with_history=True)


def survey_rows(rctx):
    return item_rows(rctx.by_questionnaire("survey"))


def test_answers_part_holds_every_answered_question_and_na(filled):
    _app, _info, rctx = filled
    text = pdf_text(report.build_report(rctx, ["answers"]))
    rows = [r for a in rctx.assessments for r in item_rows(a)]
    answered = [r for r in rows if r.status == ANSWERED]
    assert len(answered) >= 25
    for r in answered:
        if r.item.group:  # BCP 確認表 row: 確認項目 then 確認欄
            assert norm(r.item.title + r.text) in text, r.item.number
        else:
            assert norm(f"{r.item.title}回答：{r.text}") in text, r.item.number
    # Q10 = いいえ makes Q10-1 対象外, even though a stale value is stored for it
    drill = next(r for r in survey_rows(rctx) if r.item.key == "bcp_drill")
    assert drill.status == NOT_APPLICABLE
    after = text.split(norm(drill.item.title), 1)[1]
    assert after.startswith("—対象外")
    # carried over and not confirmed yet
    assert "前年度から引継ぎ（未確認）:いいえ" in text
    # BCP rows in the 確認表 layout, with the step titles and the columns
    for heading in ("項番", "大項目", "確認項目", "確認欄", "1平時", "2検知", "3初動対応"):
        assert heading in text
    assert "未回答" in text  # b2_3_1 and step 3 rows stay unanswered


def test_full_report_has_header_and_page_numbers_on_every_page(filled):
    _app, _info, rctx = filled
    pages = [norm(p) for p in pdf_pages(report.build_report(rctx, report.DEFAULT_PARTS))]
    assert len(pages) >= 8
    assert "ページ" not in pages[0] and "印刷日" not in pages[0]  # the cover is bare
    for n, page in enumerate(pages[1:], 2):
        assert f"{n}/{len(pages)}ページ" in page
        assert norm(HOSPITAL) in page
        assert "2026年度（令和8年度）" in page
        assert "印刷日：" in page


def test_action_plan_lists_each_action_item_sorted_by_due(filled):
    _app, _info, rctx = filled
    text = pdf_text(report.build_report(rctx, ["actions"]))
    for _choice, action in BCP.values():
        if action:
            assert norm(action["owner"]) in text
    dues = ["2026年6月30日", "2026年7月31日", "2026年9月30日", "2026年12月20日", "2027年1月15日"]
    positions = [text.index(d) for d in dues]
    assert positions == sorted(positions)
    assert text.rindex("未定") > positions[-1]  # items with no 期限 come last
    for status in ("未着手", "対応中", "完了"):
        assert status in text
    # every いいえ / できていない / 一部 of the survey and the BCP is there; a はい is not
    survey = {r.item.key: r for r in survey_rows(rctx)}
    for key in ("info_management_rules", "network_overview", "mds_sds_check", "bcp", "backup_generations"):
        assert norm(survey[key].item.title) in text
    assert norm(survey["security_officer"].item.title) not in text
    assert norm(survey["bcp_drill"].item.title) not in text  # 対象外 needs no action


def test_gmis_sheet_lists_q_numbers_in_survey_order(ctx):
    populate(ctx, year=2023)  # r6 is the official survey of 令和5年度
    rctx = load_context(ctx.store, ctx.registry, 2023)
    pages = pdf_pages(report.build_report(rctx, ["gmis"]))
    assert 1 <= len(pages) <= 2
    text = "".join(pages)
    assert "未回答（未確認）の項目：Q13-2" in text  # the carry-over still to confirm, named up front
    table = text.split("回答（G-MISで選ぶもの）", 1)[1]
    expected = [i.number for i in rctx.by_questionnaire("survey").edition.items]
    assert re.findall(r"Q\d+(?:-\d+)?", table) == expected
    compact = norm(text)
    drill = rctx.by_questionnaire("survey").edition.item("bcp_drill")
    assert "Q10-1" + norm(drill.title) + "対象外" in compact
    assert "①毎日" in compact and "②事業者" in compact


def test_inquiry_sheet_holds_exactly_the_vendors_flagged_questions(filled):
    _app, info, rctx = filled
    titles = {key: norm(rctx.by_questionnaire("survey").edition.item(key).title) for key in SURVEY}
    flagged = {}
    for key, (_value, _memo, vendor) in SURVEY.items():
        if vendor:
            flagged.setdefault(vendor, set()).add(key)
    vendor_ids = {"ehr": info["vendors"]["ehr"], "net": info["vendors"]["net"], "none": None}
    for vendor, vid in vendor_ids.items():
        text = pdf_text(report.render(rctx, inquiry_flowables(rctx, only=vid)))
        assert "ベンダー照会票" in text and "ご回答欄" in text
        for key, title in titles.items():
            if key in flagged[vendor]:
                assert title in text, (vendor, key)
            elif any(key in keys for keys in flagged.values()):
                assert title not in text, (vendor, key)
    assert "株式会社メディカルシステムズ御中" in pdf_text(
        report.render(rctx, inquiry_flowables(rctx, only=info["vendors"]["ehr"])))
    assert inquiry_flowables(rctx, only=info["vendors"]["idle"]) == []  # nothing flagged: no sheet
    whole = pdf_text(report.build_report(rctx, ["inquiry"]))
    assert whole.count("ご回答日") == 3 and "ベンダー未指定" in whole


def test_fonts_are_embedded_subsets_and_nothing_else(filled):
    _app, _info, rctx = filled
    reader = PdfReader(io.BytesIO(report.build_report(rctx, list(report.PARTS))))
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            name = str(font["/BaseFont"])
            seen.add(name)
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, name
            assert re.match(r"^/[A-Z]{6}\+IPAexGothic$", name), name
    assert seen


def test_odd_memo_prints_literally(ctx):
    long_text = "長い説明" * 2500  # 10,000 characters
    populate(ctx, survey_memo={"security_officer": ODD, "network_overview": long_text})
    rctx = load_context(ctx.store, ctx.registry, 2026)
    data = report.build_report(rctx, list(report.PARTS))
    text = pdf_text(data)
    assert "<b>&amp;" in text and "&amp;amp;" not in text
    assert "𠮷野家髙橋〓" in text  # 𠮷 from the names fallback font; the emoji replaced visibly
    assert text.count("長い説明") >= 900  # printed up to the cut, then a visible note
    assert "メモが長いため以下省略" in text
    assert data.startswith(b"%PDF")


def test_changes_part_only_with_a_previous_year(ctx):
    populate(ctx, previous=True)
    rctx = load_context(ctx.store, ctx.registry, 2026)
    text = pdf_text(report.build_report(rctx, ["changes"]))
    assert "前年度からの変更点" in text
    assert "いいえ→はい" in text  # Q4 responsibility_split
    assert "はい→いいえ" in text  # Q5 network_overview
    alone = load_context(ctx.store, ctx.registry, 2025)
    assert report.PARTS["changes"].builder(alone) == []


def test_unknown_part_and_missing_optional_module():
    with pytest.raises(KeyError):
        report.build_story(None, ["cover", "nonsense"])
    assert not hasattr(report, "_load_optional")  # every part ships: no silent drop
    core = [k for k in report.PARTS if not report.PARTS[k].optional]
    assert core == ["cover", "summary", "answers", "actions", "changes", "gmis", "inquiry"]
    assert all(report.PARTS[k].label for k in report.PARTS)


def test_print_command_writes_the_pdf_and_rejects_bad_parts(ctx, data_dir, tmp_path, capsys):
    from hospital_sec_desk.cli.output import cmd_print

    populate(ctx)
    ctx.store.save_answer(ctx.store.find_assessment(2026, "survey")["id"], "pc_services",
                          AnswerRecord(value={"choice": "yes"}))
    ctx.close()
    out = tmp_path / "報告書.pdf"
    args = argparse.Namespace(year=None, out=str(out), parts="cover,gmis")
    assert cmd_print(args, data_dir) == 0
    text = pdf_text(out.read_bytes())
    assert "G-MIS転記用シート" in text and "自己点検報告書" in text and "回答一覧" not in text
    bad = argparse.Namespace(year=2026, out=str(tmp_path / "x.pdf"), parts="cover,bogus")
    assert cmd_print(bad, data_dir) == 2
    err = capsys.readouterr().err
    assert "bogus" in err and "gmis" in err and "指定できる名前" in err
    assert cmd_print(argparse.Namespace(year=2019, out=str(tmp_path / "y.pdf"), parts=None), data_dir) == 1
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


def test_stand_in_edition_gets_no_gmis_sheet_and_a_band_on_every_question_page(filled):
    """2026 on r6: not that year's form. The sheet says so, prints no Q numbers; every page of a
    part showing its questions carries the 「暫定」 band; the cover does not."""
    _app, _info, rctx = filled
    assert rctx.by_questionnaire("survey").provisional
    gmis = pdf_text(report.build_report(rctx, ["gmis"]))
    assert "G-MIS転記用シートではありません" in gmis
    assert "G-MISの回答画面と見比べながら" not in gmis
    assert not re.findall(r"Q\d+", gmis)
    pages = pdf_pages(report.build_report(rctx, ["cover", "answers", "actions", "checklist"]))
    band = "【暫定】" + rctx.by_questionnaire("survey").edition.short_title + "："
    assert band not in pages[0]  # the cover has no band (it names the stand-in in its own table)
    answer_pages = [p for p in pages if "回答一覧" in p or "行動計画" in p]
    assert len(answer_pages) >= 2
    for page in answer_pages:
        assert band in page and "令和8年度（2026年度）" in page


def test_inquiry_sheets_are_numbered_per_vendor_and_printable_alone(filled):
    _app, info, rctx = filled
    vendors = parts_inquiry.inquiry_vendors(rctx)
    assert [v[0] for v in vendors].count(None) == 1 and len(vendors) == 3
    pages = pdf_pages(report.build_report(rctx, ["inquiry"]))
    firsts = [p for p in pages if "この照会票1/" in norm(p)]
    assert len(firsts) == 3  # each sheet starts at page 1 of its own
    assert all("照会1" in norm(p) for p in firsts)
    alone = pdf_pages(report.build_inquiry(rctx, info["vendors"]["ehr"]))
    text = norm("".join(alone))
    assert "株式会社メディカルシステムズ御中" in text and "北陸ネットワークサービス" not in text
    assert f"この照会票1/{len(alone)}ページ" in text
    with pytest.raises(KeyError):
        report.build_inquiry(rctx, info["vendors"]["idle"])  # nothing flagged for it


def test_cover_names_a_stand_in_edition(filled):
    _app, _info, rctx = filled
    cover = pdf_pages(report.build_report(rctx, ["cover"]))[0]
    assert "【暫定】" in cover and "ページ" not in cover


@pytest.mark.parametrize("text, width, kept", [
    ("確認日 2026年6月15日です", 70, "2026年6月15日"),
    ("期限：2026年12月31日（令和8年）まで", 80, "2026年12月31日"),
    ("株式会社ネットワーク御中", 60, "ク御中"),
    ("電話 076-123-4567 まで", 75, "076-123-4567"),
])
def test_dates_names_and_numbers_do_not_break_mid_string(text, width, kept):
    from hospital_sec_desk.reports.pdf_base import P, safe

    p = P(safe(text), "cell")
    p.wrap(width, 1000)
    bl = p.blPara
    lines = ["".join(w.text for w in ln.words) if bl.kind == 1 else "".join(ln[1]) for ln in bl.lines]
    assert len(lines) >= 2  # the text does wrap at this width
    assert any(kept in ln for ln in lines), lines


def test_readiness_part_reads_the_other_questionnaires_and_recorded_facts(ctx):
    populate(ctx, year=2023)
    ids = {q: ctx.store.find_assessment(2023, q)["id"] for q in ("survey", "bcp")}
    ctx.store.save_answer(ids["survey"], "bcp", AnswerRecord(value={"choice": "yes"}))
    ctx.store.save_answer(ids["survey"], "bcp_drill", AnswerRecord(value={"choice": "yes"}))
    plain = pdf_text(report.build_report(load_context(ctx.store, ctx.registry, 2023), ["readiness"]))
    assert "年1回程度" in plain and "BCP確認表" in plain  # (12) asks for the record; BCP read too
    facts = {"bcp_drill_yearly": "2023年6月1日に訓練を実施した記録があります。",
             "bcp_drill_improved": "訓練の結果から手順書を改訂した記録があります。"}
    text = pdf_text(report.build_report(load_context(ctx.store, ctx.registry, 2023, facts=facts), ["readiness"]))
    assert "訓練を実施した記録があります" in text.replace("\n", "")


def test_header_prints_a_hospital_name_with_tsuchiyoshi(ctx):
    ctx.store.save_facility(name="𠮷田記念病院")
    ctx.ensure_year(2026)
    pages = pdf_pages(report.build_report(load_context(ctx.store, ctx.registry, 2026), ["answers"]))
    assert all("𠮷田記念病院" in norm(p) for p in pages) and "〓" not in pages[0]
