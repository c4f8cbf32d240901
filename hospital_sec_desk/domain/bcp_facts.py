"""The BCP document's input snapshot, its fact blocks, and the facility / contact facts.

Pure. Each builder reads one snapshot (BcpInput) and returns (blocks, to-decide lines):
a missing fact becomes a "to decide" line instead of a blank. The other builders and the
dispatcher are in bcp_tables.py.
"""

from __future__ import annotations

import datetime as dt

from .actions import ACTION_STATUSES
from .answers import AnswerRecord, answer_dates
from .branching import applicable_from_records
from .contacts import ROLE_MHLW, ROLE_SAFETY_MANAGER, default_contacts, find_role
from .dates import jp_date
from .drills import Drill
from .edition import Edition
from .item_state import ANSWERED, NOT_APPLICABLE, item_state
from .item_state import CARRIED as CARRIED_STATE
from .mhlw_contact import unconfirmed_shipped_entry
from .record import field, record

ROLE_OFFICER = ROLE_SAFETY_MANAGER
ACTION_STATUS_LABELS = ACTION_STATUSES
QUESTIONNAIRE_LABELS = {"survey": "調査票", "checklist": "チェックリスト", "bcp": "確認表"}
TBD = "（要記入）"
BLANK = "—"


@record
class QuestionnaireAnswers:
    edition: Edition
    records: dict[str, AnswerRecord]
    actions: dict[str, dict] = field(default_factory=dict)   # item_key -> owner/due/status/note


@record
class BcpInput:
    year: int
    facility: dict
    contacts: list[dict]
    answers: dict[str, QuestionnaireAnswers]    # questionnaire -> this year's answers
    drills: list[Drill]
    edits: dict[str, str]                       # section key -> the hospital's body text
    today: dt.date


@record
class Block:
    """A pre-filled fact: 'pairs' (label, value) rows, a 'table' with headers, or a 'note'."""

    kind: str
    title: str
    rows: tuple[tuple[str, ...], ...] = ()
    headers: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()     # column fractions, a layout hint for tables
    empty: str = ""                    # shown when rows is empty


def date_text(value: object) -> str:
    """A stored date as the app prints dates (domain/dates.py): 「2026年9月30日」."""
    return jp_date(value)  # type: ignore[arg-type]


def _s(value: object) -> str:
    return "" if value is None else str(value).strip()


def _join(*parts: object, sep: str = "／") -> str:
    return sep.join(p for p in (_s(x) for x in parts) if p)


class _Reader:
    """One snapshot, read for the section builders (answers by 'questionnaire:key')."""

    def __init__(self, data: BcpInput):
        self.data = data
        self._flags = {q: applicable_from_records(a.edition, a.records) for q, a in data.answers.items()}

    def contacts(self, category: str) -> list[dict]:
        return [c for c in self.data.contacts if c.get("category") == category]

    def answer(self, ref: str) -> tuple[str, str, str] | None:
        """(label, answer text, state note) of 'questionnaire:key', None when not in the edition."""
        q, _, key = ref.partition(":")
        qa = self.data.answers.get(q)
        if qa is None or not qa.edition.has_item(key):
            return None
        item = qa.edition.item(key)
        label = f"{QUESTIONNAIRE_LABELS.get(q, q)} {item.number}　{item.title}"
        state = item_state(item, self._flags[q].get(key, False), qa.records.get(key))
        if state.status == NOT_APPLICABLE:
            return label, "対象外", ""
        if state.status == ANSWERED:
            text = state.text
            dates = answer_dates(item, state.record.value)
            if dates.get("checked_on"):
                text += f"（確認日 {date_text(dates['checked_on'])}）"
            return label, text, ""
        if state.status == CARRIED_STATE:
            return label, state.text + "（前年度の回答・未確認）", "carried"
        return label, "未回答", "open"

    def memo(self, ref: str) -> str:
        q, _, key = ref.partition(":")
        qa = self.data.answers.get(q)
        record = qa.records.get(key) if qa is not None else None
        return record.memo.strip() if record is not None and self.choice(ref) else ""

    def choice(self, ref: str) -> str:
        """The answer text of 'q:key' when answered, else ''."""
        got = self.answer(ref)
        return got[1] if got and not got[2] and got[1] != "対象外" else ""


def _facility(r: _Reader) -> tuple[list[Block], list[str]]:
    f = r.data.facility
    beds = f.get("beds")
    rows = [("医療機関名", _s(f.get("name"))), ("開設者", _s(f.get("corporation"))),
            ("許可病床数", f"{beds}床" if beds not in (None, "") else ""),
            ("所在地", _join(f.get("prefecture"), f.get("address"), sep=" ")), ("電話番号", _s(f.get("phone")))]
    missing = [label for label, value in rows if not value]
    decide = [f"施設情報の未登録の項目（{'、'.join(missing)}）" ] if missing else []
    return [Block("pairs", "施設", tuple((k, v or TBD) for k, v in rows))], decide


def _officer(r: _Reader) -> tuple[list[Block], list[str]]:
    found = [c for c in r.contacts("inhouse") if c.get("role") == ROLE_OFFICER]
    c = found[0] if found else {}
    rows = (("氏名", _s(c.get("name")) or TBD), ("部署", _s(c.get("department")) or BLANK),
            ("電話・内線", _join(c.get("phone"), c.get("extension") and f"内線 {c['extension']}") or TBD),
            ("携帯・時間外", _join(c.get("mobile"), c.get("phone_after_hours")) or TBD))
    decide = [] if _s(c.get("name")) else ["医療情報システム安全管理責任者の氏名（連絡先の画面で登録）"]
    return [Block("pairs", "医療情報システム安全管理責任者", rows)], decide


def _inhouse_roles(r: _Reader) -> tuple[list[Block], list[str]]:
    rows = tuple((_s(c.get("role")) or BLANK, _s(c.get("name")) or TBD, _s(c.get("department")) or BLANK)
                 for c in r.contacts("inhouse"))
    return [Block("table", "役割表（院内の連絡先から）", rows, ("役割", "氏名", "部署"), (0.4, 0.3, 0.3),
                  "院内の連絡先が登録されていません。")], []


def _inhouse_contacts(r: _Reader) -> tuple[list[Block], list[str]]:
    people = r.contacts("inhouse")
    rows = tuple((_s(c.get("role")) or _s(c.get("department")) or BLANK, _s(c.get("name")) or TBD,
                  _join(c.get("phone"), c.get("extension") and f"内線 {c['extension']}") or TBD,
                  _join(c.get("mobile"), c.get("phone_after_hours")) or BLANK) for c in people)
    decide = []
    unnamed = [c for c in people if not _s(c.get("name"))]
    if unnamed:
        decide.append("院内の連絡先で氏名が空欄の役割（" + "、".join(_s(c.get("role")) or "役割なし"
                                                      for c in unnamed) + "）")
    return [Block("table", "院内の連絡先", rows, ("役割・部署", "氏名", "電話・内線", "携帯・時間外"),
                  (0.32, 0.2, 0.24, 0.24), "院内の連絡先が登録されていません。")], decide


def _vendor_contacts(r: _Reader) -> tuple[list[Block], list[str]]:
    vendors = r.contacts("vendor")
    rows = tuple((_s(c.get("organization")) or TBD, _s(c.get("name")) or BLANK, _s(c.get("systems")) or BLANK,
                  _s(c.get("phone")) or TBD, _join(c.get("phone_after_hours"), c.get("hours")) or BLANK,
                  _s(c.get("contract_no")) or BLANK) for c in vendors)
    decide = [] if vendors else ["保守事業者（ベンダー）の連絡先（連絡先の画面で登録）"]
    no_phone = [_s(c.get("organization")) or "名称なし" for c in vendors if not _s(c.get("phone"))]
    if no_phone:
        decide.append("電話番号が空欄の事業者（" + "、".join(no_phone) + "）")
    return [Block("table", "保守事業者（ベンダー）の連絡先", rows,
                  ("会社名", "担当者", "担当システム", "電話", "時間外・受付時間", "契約番号"),
                  (0.22, 0.13, 0.19, 0.16, 0.18, 0.12), "保守事業者の連絡先が登録されていません。")], decide


def _outside_contacts(r: _Reader) -> tuple[list[Block], list[str]]:
    rows = tuple((_s(c.get("organization")) or _s(c.get("role")) or BLANK, _s(c.get("department")) or BLANK,
                  _s(c.get("phone")) or TBD, _s(c.get("hours")) or BLANK) for c in r.contacts("outside"))
    decide = []
    shipped = find_role(default_contacts(), "outside", ROLE_MHLW)
    if unconfirmed_shipped_entry(find_role(r.contacts("outside"), "outside", ROLE_MHLW), shipped):
        decide.append("厚生労働省の連絡先の確認（2018年の院内掲示用ポスターの部署と番号のままです。"
                      "最新の案内で確かめ、「連絡先」画面で直してください）")
    return [Block("table", "外部関係機関", rows, ("機関", "部署", "電話", "受付時間"), (0.28, 0.36, 0.16, 0.2),
                  "外部関係機関の連絡先が登録されていません。")], decide


def _chart_reference(r: _Reader) -> tuple[list[Block], list[str]]:
    text = ("連絡体制図は、このアプリの「印刷」画面で「連絡体制図」を選ぶと、上の連絡先から作られます。"
            "印刷してこの計画に添付し、職員の目につく場所にも掲示してください。")
    return [Block("note", "連絡体制図", ((text,),))], []
