"""The BCP document's tables: backups (2.2.4), 確認表 rows with their action plan, the drill log.

Pure. `section_blocks()` is the one entry point: it runs the builders a section names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import bcp_facts as f
from .answers import answer_text, is_answered, needs_action
from .bcp_facts import BLANK, TBD, Block, _Reader, date_text
from .drills import DRILL_KINDS, TRAINING_KINDS, in_last_year, newest_first
from .text import shorten

_CIRCLED = re.compile(r"^[①-⑳]\s*")
BCP = "bcp"


def _plain(text: str) -> str:
    """'① 毎日' -> '毎日' (the survey's choice numbering does not belong in a table cell)."""
    return _CIRCLED.sub("", text)


def _backup_table(r: _Reader) -> tuple[list[Block], list[str]]:
    decide: list[str] = []
    made = r.choice("survey:ehr_backup")
    ehr = r.choice("survey:ehr")
    rows: list[tuple[str, ...]] = []
    if ehr == "いいえ":
        decide.append("電子カルテ以外の医療情報システムのバックアップ（調査票では電子カルテのみ問われます）")
    elif made == "いいえ":
        rows.append(("電子カルテシステム", "作成していない（調査票の回答）", TBD, TBD))
        decide.append("電子カルテシステムのバックアップの作成（調査票で「作成していない」と回答）")
    else:
        freq = _plain(r.choice("survey:backup_frequency"))
        memo = r.memo("survey:backup_frequency")
        frequency = _f_join(freq, memo) or TBD
        method = "\n".join(p for p in (
            _labelled("作成数", r.choice("survey:backup_copies")),
            _labelled("世代", r.choice("survey:backup_generations")),
            _labelled("媒体", r.choice("survey:backup_media")),
            _labelled("オフライン保管", r.choice("survey:backup_offline")),
            _labelled("漏洩対策", r.choice("survey:backup_leak_protection"))) if p) or TBD
        restore = "\n".join(p for p in (
            _labelled("復旧手順の確認", r.choice("checklist:backup_restore")),
            _labelled("確認表1-2 復旧手順", r.choice("bcp:b1_2_4"))) if p) or TBD
        rows.append(("電子カルテシステム", frequency, method, restore))
        if frequency == TBD:
            decide.append("電子カルテシステムのバックアップの頻度")
        if restore == TBD:
            decide.append("電子カルテシステムの復旧方法と、復旧手順を確かめた日")
        if r.choice("survey:backup_offline") == "いいえ":
            decide.append("オフラインで保管するバックアップ（調査票でオフライン保管「いいえ」）")
    rows.append(("その他のシステム（医事会計、検査、画像など）", TBD, TBD, TBD))
    return [Block("table", "バックアップ体制", tuple(rows), ("システム", "頻度", "作成方法", "復旧方法"),
                  (0.24, 0.22, 0.32, 0.22))], decide


def _f_join(a: str, b: str) -> str:
    return f"{a}（{b}）" if a and b else a or b


def _labelled(label: str, value: str) -> str:
    return f"{label}：{_plain(value)}" if value else ""


def _action_cells(action: dict | None) -> tuple[str, str, str]:
    if not action:
        return "", "", ""
    return (str(action.get("owner") or ""), date_text(action.get("due") or ""),
            f.ACTION_STATUS_LABELS.get(str(action.get("status") or ""), ""))


def _check_rows(r: _Reader, keys: tuple[str, ...] | None) -> tuple[list[tuple[str, ...]], list[str]]:
    qa = r.data.answers.get(BCP)
    if qa is None:
        return [], ["BCP確認表への回答（この年度の確認表がありません）"]
    items = [qa.edition.item(k) for k in keys if qa.edition.has_item(k)] if keys else list(qa.edition.items)
    rows, decide = [], []
    for item in items:
        record = qa.records.get(item.key)
        answered = is_answered(item, record)
        action = qa.actions.get(item.key) if answered and needs_action(item, record) else None
        owner, due, status = _action_cells(action)
        answer = answer_text(item, record.value) if answered else "未回答"
        rows.append((item.number, item.title, answer, owner, due, status,
                     str((action or {}).get("note") or "")))
        if not answered:
            decide.append(f"確認表 {item.number}「{shorten(item.title, 28)}」への回答")
        elif needs_action(item, record) and not (owner and due):
            decide.append(f"確認表 {item.number}「{shorten(item.title, 28)}」の対応の担当と期限")
    return rows, decide


def _checks(r: _Reader, keys: tuple[str, ...]) -> tuple[list[Block], list[str]]:
    rows, decide = _check_rows(r, keys)
    if not rows:
        return [], decide
    short = tuple((n, t, a, "／".join(x for x in (o, d, s) if x) or (BLANK if a != "未回答" else ""))
                  for n, t, a, o, d, s, _ in rows)
    return [Block("table", "BCP確認表の回答", short, ("項番", "確認項目", "回答", "担当／期限／状況"),
                  (0.08, 0.52, 0.15, 0.25))], decide


def _check_table(r: _Reader) -> tuple[list[Block], list[str]]:
    rows, _ = _check_rows(r, None)
    return [Block("table", "BCP確認表と行動計画", tuple(rows),
                  ("項番", "確認項目", "回答", "担当", "期限", "状況", "メモ"),
                  (0.07, 0.35, 0.12, 0.13, 0.15, 0.08, 0.1), "この年度の確認表がありません。")], []


def _answers(r: _Reader, refs: tuple[str, ...]) -> tuple[list[Block], list[str]]:
    rows, decide = [], []
    for ref in refs:
        got = r.answer(ref)
        if got is None:
            continue
        label, text, state = got
        rows.append((label, text))
        if state:
            decide.append(f"{shorten(label, 40)}への回答" + ("の確認" if state == "carried" else ""))
    return ([Block("pairs", "関係する回答", tuple(rows), widths=(0.6, 0.4))] if rows else []), decide


def _drill_summary(r: _Reader) -> tuple[list[Block], list[str]]:
    today = r.data.today
    training = in_last_year(r.data.drills, today, TRAINING_KINDS)
    drills = in_last_year(r.data.drills, today, DRILL_KINDS)
    upcoming = sorted(d.next_on for d in r.data.drills if d.next_on and d.next_on >= today)

    def last(items) -> str:
        return f"{date_text(items[0].held_on)}　{items[0].kind}「{items[0].topic}」" if items else "この12か月の記録なし"

    rows = (("最近の研修", last(training)), ("最近の訓練・演習", last(drills)),
            ("次回の予定", date_text(upcoming[0]) if upcoming else TBD))
    decide = [] if drills else ["年1回程度の訓練・演習の計画（この12か月の記録がありません）"]
    return [Block("pairs", "研修・訓練（記録から）", rows)], decide


def _drill_improvements(r: _Reader) -> tuple[list[Block], list[str]]:
    rows = tuple((date_text(d.held_on), d.kind, d.improvements) for d in newest_first(r.data.drills)
                 if d.has_improvement)
    return [Block("table", "研修・訓練を踏まえて決めた改善策", rows, ("実施日", "種類", "決めた改善策"),
                  (0.16, 0.14, 0.7), "改善策の記録はまだありません。")], []


def _next_drill(r: _Reader) -> list[str]:
    if any(d.next_on and d.next_on >= r.data.today for d in r.data.drills):
        return []
    return ["次の研修・訓練の予定日と内容（記録に次回予定日がありません）"]


def _drill_log(r: _Reader) -> tuple[list[Block], list[str]]:
    rows = tuple((date_text(d.held_on), d.kind, d.topic, "" if d.participants is None else f"{d.participants}人",
                  d.findings or BLANK, d.improvements or BLANK, date_text(d.next_on) if d.next_on else BLANK)
                 for d in newest_first(r.data.drills))
    return [Block("table", "研修・訓練の記録", rows,
                  ("実施日", "種類", "テーマ・研修名", "人数", "気づいた課題", "決めた改善策", "次回予定"),
                  (0.16, 0.12, 0.17, 0.06, 0.16, 0.17, 0.16), "記録はまだありません。")], _next_drill(r)


BUILDERS: dict[str, Callable[[_Reader], tuple[list[Block], list[str]]]] = {
    "facility": f._facility, "officer": f._officer, "inhouse_roles": f._inhouse_roles,
    "inhouse_contacts": f._inhouse_contacts, "vendor_contacts": f._vendor_contacts,
    "outside_contacts": f._outside_contacts, "chart_reference": f._chart_reference,
    "backup_table": _backup_table, "drill_summary": _drill_summary,
    "drill_improvements": _drill_improvements, "drill_log": _drill_log, "check_table": _check_table,
}
FACT_KINDS = tuple(BUILDERS)


def section_blocks(facts: tuple[str, ...], checks: tuple[str, ...], answers: tuple[str, ...],
                   data: f.BcpInput) -> tuple[list[Block], list[str]]:
    """The blocks and to-decide lines of one section (facts, then 確認表 rows, then answers)."""
    reader = _Reader(data)
    blocks: list[Block] = []
    decide: list[str] = []
    parts = [BUILDERS[k](reader) for k in facts]
    if checks:
        parts.append(_checks(reader, checks))
    if answers:
        parts.append(_answers(reader, answers))
    for b, d in parts:
        blocks += b
        decide += [x for x in d if x not in decide]
    return blocks, decide
