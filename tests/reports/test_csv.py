"""CSV export: UTF-8 with BOM and CRLF, one row per item of every questionnaire, the states in
Japanese, formula injection neutralised, and the `csv` command."""

from __future__ import annotations

import argparse
import csv
import io
import re

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.reports.context import load_context
from hospital_sec_desk.reports.csv_export import HEADER, export_csv, guard
from tests.sample_data import VENDOR_EHR, populate


def read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")  # strict: raises on anything that is not UTF-8
    return list(csv.reader(io.StringIO(text, newline="")))


def by_number(rows, questionnaire_label: str) -> dict[str, list[str]]:
    return {r[1]: r for r in rows[1:] if r[0] == questionnaire_label}


def test_csv_has_bom_header_and_one_row_per_item(ctx):
    populate(ctx)
    rctx = load_context(ctx.store, ctx.registry, 2026)
    data = export_csv(rctx)
    rows = read(data)
    assert tuple(rows[0]) == HEADER
    assert len(rows) == 1 + sum(len(a.edition.items) for a in rctx.assessments)
    assert len(rctx.assessments) >= 2
    assert data.count(b"\r\n") >= len(rows) and b"\n" not in data.replace(b"\r\n", b"")
    survey = by_number(rows, rctx.by_questionnaire("survey").edition.short_title)
    assert [r[1] for r in rows[1:] if r[0] == rctx.by_questionnaire("survey").edition.short_title] == [
        i.number for i in rctx.by_questionnaire("survey").edition.items]
    assert survey["Q2"][3:6] == ["はい", "回答済み", "事務長が兼任（2024年4月から）"]
    assert survey["Q10-1"][3:5] == ["", "対象外"]
    assert survey["Q13-2"][3:5] == ["いいえ", "前年度から引継ぎ（未確認）"]
    assert survey["Q4"][6] == f"要確認（{VENDOR_EHR}）"
    assert survey["Q12-5"][6] == "要確認（ベンダー未指定）"
    assert survey["Q2"][7].startswith("20") and survey["Q2"][7][4] == "/"
    bcp_rows = [r for r in rows[1:] if r[0] == rctx.by_questionnaire("bcp").edition.short_title]
    assert {r[4] for r in bcp_rows} == {"回答済み", "未回答"}


def test_formula_injection_is_neutralised(ctx):
    ids = populate(ctx)["assessments"]
    for key, memo in (("security_officer", "=HYPERLINK(\"http://x\")"), ("bcp", "+1"), ("ehr", "@SUM(A1)"),
                      ("ehr_backup", "-2"), ("pc_services", "普通のメモ\n2行目 =1")):
        ctx.store.save_answer(ids["survey"], key, AnswerRecord(value={"choice": "yes"}, memo=memo))
    rows = read(export_csv(load_context(ctx.store, ctx.registry, 2026)))
    memos = {r[1]: r[5] for r in rows[1:]}
    assert memos["Q2"] == "'=HYPERLINK(\"http://x\")"
    assert memos["Q10"] == "'+1" and memos["Q11"] == "'@SUM(A1)" and memos["Q12"] == "'-2"
    assert memos["Q13-2"] == "普通のメモ\n2行目 =1"  # only a leading sign matters; newlines kept
    assert guard("1-1") == "=\"1-1\"" and guard("") == "" and guard("\t=x") == "'\t=x"


def test_odd_text_round_trips(ctx):
    ids = populate(ctx)["assessments"]
    odd = "<b>&amp; 𠮷野家 髙橋 😀, \"引用\""
    ctx.store.save_answer(ids["survey"], "security_officer", AnswerRecord(value={"choice": "yes"}, memo=odd))
    rows = read(export_csv(load_context(ctx.store, ctx.registry, 2026)))
    assert next(r for r in rows if r[1] == "Q2")[5] == odd


def test_csv_command(ctx, data_dir, tmp_path, capsys):
    from hospital_sec_desk.cli.output import cmd_csv

    populate(ctx)
    ctx.close()
    out = tmp_path / "回答"
    assert cmd_csv(argparse.Namespace(year=2026, out=str(out)), data_dir) == 0
    rows = read((tmp_path / "回答.csv").read_bytes())
    assert rows[0][0] == "調査票" and len(rows) > 30
    assert "保存しました" in capsys.readouterr().out
    assert cmd_csv(argparse.Namespace(year=None, out=str(tmp_path / "no" / "a.csv")), data_dir) == 2


def test_item_numbers_and_phone_numbers_stay_text_in_excel(ctx):
    """The bytes: every item number Excel would turn into a date is written ="2-1"; a phone number
    with a leading zero likewise; ordinary text is written as is."""
    populate(ctx)
    ids = ctx.store.find_assessment(2026, "survey")["id"]
    ctx.store.save_answer(ids, "security_officer", AnswerRecord(value={"choice": "yes"}, memo="0761234567"))
    rctx = load_context(ctx.store, ctx.registry, 2026)
    data = export_csv(rctx)
    rows = read(data)
    numbers = [r[1] for r in rows[1:]]
    bcp = [r[1] for r in rows[1:] if "BCP" in r[0]]
    assert '="1-1"' in bcp and '="3-6"' in bcp
    dateish = [n for n in numbers if re.fullmatch(r"\d+-\d+", n.strip('="'))]
    assert dateish and all(n.startswith('="') and n.endswith('"') for n in dateish)
    assert b'"=""1-1"""' in data  # csv quoting of the formula ="1-1"
    assert "Q2" in numbers and "2-(1)" in "".join(numbers)  # not converted by Excel: left alone
    memo = next(r[5] for r in rows[1:] if r[1] == "Q2")
    assert memo == '="0761234567"'


def test_as_text_shapes():
    from hospital_sec_desk.reports.csv_export import as_text

    for converted in ("2-1", "12-31", "3/6", "2026.4", "10:30", "0120-000-111", "076 123 4567", "1E5",
                      "5%", "123456789012", "1 1/2"):
        assert as_text(converted).startswith('="'), converted
    for kept in ("Q2", "2-(1)", "はい", "120", "参考", "3-(3)", "a-1", ""):
        assert as_text(kept) == kept, kept
    assert as_text('1-1') == '="1-1"' and guard('=cmd') == "'=cmd"
