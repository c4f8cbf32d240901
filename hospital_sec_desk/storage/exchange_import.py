"""Import: validate the whole document, compare it with the database, then write once.

plan_import() only reads; it raises ImportRejected listing every problem and every
conflict with what is already stored. apply_import() writes the plan in one transaction.
"""

from __future__ import annotations

import json

from ..domain.answers import STATES
from ..domain.fiscal import nendo_label
from ..domain.progress import is_valid_last_item
from ..domain.record import field, record
from .exchange_export import contact_refs, export_all
from .exchange_planning import READABLE_VERSIONS, PlanningPlan, check_planning, plan_planning, top_keys
from .import_check import (
    ACTION_KEYS,
    ANSWER_KEYS,
    ASSESSMENT_KEYS,
    CONTACT_CATEGORIES,
    CONTACT_KEYS,
    EXPORTED_SETTINGS,
    FACILITY_KEYS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_ASSESSMENTS,
    MAX_CONTACTS,
    Checker,
    where,
)
from .store import ACTION_STATUSES, CONTACT_FIELDS, FACILITY_FIELDS, Store

FACILITY_LABELS = {"name": "病院名", "corporation": "法人名", "beds": "病床数", "prefecture": "都道府県",
                   "address": "住所", "phone": "代表電話", "respondent_name": "回答者氏名",
                   "respondent_dept": "回答者所属", "respondent_contact": "回答者連絡先"}
CONTACT_CONTENT = tuple(f for f in CONTACT_FIELDS if f != "position")


@record(frozen=False)
class ImportPlan:
    data: dict
    write_facility: bool = False
    settings: dict[str, str] = field(default_factory=dict)
    contact_ids: dict[str, int] = field(default_factory=dict)  # ref -> existing id (matched)
    new_contacts: list[dict] = field(default_factory=list)
    new_assessments: list[dict] = field(default_factory=list)
    same_assessments: list[dict] = field(default_factory=list)
    fill_ids: dict[int, int] = field(default_factory=dict)  # index in new_assessments -> empty one's id
    titles: dict[str, str] = field(default_factory=dict)  # questionnaire -> short title
    planning: PlanningPlan = field(default_factory=PlanningPlan)  # drills, BCP edits

    @property
    def changes_anything(self) -> bool:
        """False when the file holds nothing the database does not already have."""
        return bool(self.write_facility or self.settings or self.new_contacts or self.new_assessments
                    or self.planning.changes_anything)


@record(frozen=False)
class ImportResult:
    facility_written: bool
    settings_added: list[str]
    contacts_added: int
    contacts_matched: int
    assessments_added: list[tuple[int, str]]
    assessments_same: list[tuple[int, str]]
    answers_added: int
    titles: dict[str, str] = field(default_factory=dict)
    planning_lines: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        """What was done, in Japanese, one line each."""
        name = self.titles.get
        lines = [f"{nendo_label(y)}「{name(q, q)}」を追加しました" for y, q in self.assessments_added]
        lines += [f"{nendo_label(y)}「{name(q, q)}」は同じ内容が既にあるため、そのままにしました"
                  for y, q in self.assessments_same]
        same = f"（同じ内容の連絡先 {self.contacts_matched} 件は既存のものを使いました）" if self.contacts_matched else ""
        lines.append(f"回答 {self.answers_added} 件、連絡先 {self.contacts_added} 件を追加しました{same}")
        if self.facility_written:
            lines.append("施設情報を読み込みました")
        return lines + self.planning_lines


def _check_document(c: Checker, data: dict, registry) -> dict:
    """Structure and values, against the installed editions. Returns ref -> contact."""
    c.obj(data, "", top_keys(data.get("format_version")))
    c.text(data.get("app_version", ""), "app_version", max_len=40)
    c.datetime(data.get("exported_at", ""), "exported_at")
    fac = data.get("facility", {})
    c.obj(fac, "facility", FACILITY_KEYS)
    for key in set(FACILITY_KEYS) & set(fac if isinstance(fac, dict) else ()):
        loc, v = where("facility", key), fac[key]
        if key == "beds":
            _ = v is None or c.integer(v, loc, 0, 100_000)
        elif key == "updated_at":
            c.datetime(v, loc, empty_ok=True)
        else:
            c.text(v, loc)
    settings = data.get("settings", {})
    if c.mapping(settings, "settings"):
        for key, v in settings.items():
            sub = where("settings", key)
            if key not in EXPORTED_SETTINGS:
                c.fail(sub, "不明な設定です")
            elif EXPORTED_SETTINGS[key] == "date":
                c.date(v, sub, empty_ok=True)
            elif c.text(v, sub, max_len=40) and v != "1":
                c.fail(sub, f"値「{v[:20]}」は使えません（使えるもの：1）")
    contacts: dict[str, dict] = {}
    rows = data.get("contacts", [])
    for i, row in enumerate(rows if c.array(rows, "contacts", MAX_CONTACTS) else []):
        loc = where("contacts", i)
        c.obj(row, loc, CONTACT_KEYS)
        if not isinstance(row, dict):
            continue
        for key in set(CONTACT_KEYS) & set(row):
            sub, v = where(loc, key), row[key]
            if key == "ref":
                if c.ref(v, sub) and v in contacts:
                    c.fail(sub, f"参照名「{v}」が重複しています")
                elif isinstance(v, str):
                    contacts[v] = row
            elif key == "category":
                c.choice(v, sub, CONTACT_CATEGORIES, "区分")
            elif key == "on_poster":
                c.boolean(v, sub)
            elif key == "position":
                c.integer(v, sub, 0, 1_000_000)
            elif key == "updated_at":
                c.datetime(v, sub, empty_ok=True)
            else:
                c.text(v, sub)
    seen: dict[tuple, int] = {}
    rows = data.get("assessments", [])
    for i, a in enumerate(rows if c.array(rows, "assessments", MAX_ASSESSMENTS) else []):
        loc = where("assessments", i)
        c.obj(a, loc, ASSESSMENT_KEYS)
        if not isinstance(a, dict):
            continue
        edition = None
        ok_year = "year" in a and c.integer(a["year"], where(loc, "year"), 2000, 2200)
        ok_q = "questionnaire" in a and c.text(a["questionnaire"], where(loc, "questionnaire"), max_len=100)
        if ok_q and "edition" in a and c.text(a["edition"], where(loc, "edition"), max_len=100):
            edition = registry.get(a["questionnaire"], a["edition"])
            if edition is None:
                c.fail(where(loc, "edition"), f"版「{a['questionnaire'][:40]}/{a['edition'][:40]}」は"
                       "このアプリに入っていません")
        if ok_year and ok_q:
            key = (a["year"], a["questionnaire"])
            if key in seen:
                c.fail(loc, f"同じ年度・調査票が assessments[{seen[key]}] にもあります")
            seen.setdefault(key, i)
        if "created_at" in a:
            c.datetime(a["created_at"], where(loc, "created_at"))
        if "closed" in a:
            c.boolean(a["closed"], where(loc, "closed"))
        if "last_item" in a and c.text(a["last_item"], where(loc, "last_item"), max_len=200):
            if edition is not None and not is_valid_last_item(edition, a["last_item"]):
                c.fail(where(loc, "last_item"), f"この版（{edition.id}）にない設問です")
        for part, keys in (("answers", ANSWER_KEYS), ("action_items", ACTION_KEYS)):
            records = a.get(part, {})
            if not c.mapping(records, where(loc, part)):
                continue
            for item_key, rec in records.items():
                sub = where(where(loc, part), item_key)
                if edition is not None and not edition.has_item(item_key):
                    c.fail(sub, f"この版（{edition.id}）にない設問です")
                    continue
                c.obj(rec, sub, keys)
                if not isinstance(rec, dict):
                    continue
                _check_record(c, rec, sub, edition.item(item_key) if edition else None, contacts)
    check_planning(c, data)
    return contacts


def _check_record(c: Checker, rec: dict, loc: str, item, contacts: dict) -> None:
    checks = {
        "value": lambda v, s: item is None or c.answer_value(v, s, item),
        "memo": c.text, "owner": c.text, "note": c.text, "vendor_flag": c.boolean,
        "vendor": lambda v, s: v is None or (c.ref(v, s) and (
            v in contacts or c.fail(s, f"連絡先「{v}」が contacts にありません"))),
        "state": lambda v, s: c.choice(v, s, STATES, "状態"),
        "status": lambda v, s: c.choice(v, s, tuple(ACTION_STATUSES), "状況"),
        "due": lambda v, s: c.date(v, s, empty_ok=True),
        "updated_at": c.datetime,
    }
    for key, v in rec.items():
        if key in checks:
            checks[key](v, where(loc, key))


def _contact_content(row: dict) -> tuple:
    return tuple(bool(row[f]) if f == "on_poster" else row[f] for f in CONTACT_CONTENT)


def _content(answers: dict, actions: dict, vendor_of) -> tuple:
    """An assessment's content, comparable between the file and the database (no timestamps)."""
    ans = {k: (json.dumps(r["value"], sort_keys=True), r["memo"], bool(r["vendor_flag"]),
               vendor_of(r["vendor"]), r["state"]) for k, r in answers.items()}
    act = {k: tuple(r[f] for f in ("owner", "due", "status", "note")) for k, r in actions.items()}
    return ans, act


def _conflicts(c: Checker, plan: ImportPlan, store: Store, contacts: dict) -> None:
    data = plan.data
    current = export_all(store)
    cur_fac, new_fac = current["facility"], data["facility"]
    file_has = any(new_fac[f] not in ("", None) for f in FACILITY_FIELDS)
    db_blank = all(cur_fac[f] in ("", None) for f in FACILITY_FIELDS)
    if db_blank and (file_has or (new_fac["updated_at"] and not cur_fac["updated_at"])):
        plan.write_facility = True  # (a facility saved empty is carried too, with its time)
    elif file_has:
        for f in FACILITY_FIELDS:
            if cur_fac[f] != new_fac[f]:
                c.fail(where("facility", f), f"{FACILITY_LABELS[f]}がこのデータと異なります"
                       f"（ファイル「{str(new_fac[f])[:60]}」、このデータ「{str(cur_fac[f])[:60]}」）。"
                       "上書きはしません")
    for key, value in data["settings"].items():
        if key not in current["settings"]:
            plan.settings[key] = value
        elif current["settings"][key] != value:
            c.fail(where("settings", key), f"このデータの値「{current['settings'][key]}」と異なります。上書きはしません")
    existing = {}
    for row in current["contacts"]:
        existing.setdefault(_contact_content(row), []).append(row["ref"])
    ids = {ref: cid for cid, ref in contact_refs(store).items()}
    for row in data["contacts"]:
        matches = existing.get(_contact_content(row))
        if matches:
            plan.contact_ids[row["ref"]] = ids[matches.pop(0)]
        else:
            plan.new_contacts.append(row)
    cur_contacts = {r["ref"]: r for r in current["contacts"]}
    stored = {(a["year"], a["questionnaire"]): a for a in current["assessments"]}
    for i, a in enumerate(data["assessments"]):
        old = stored.get((a["year"], a["questionnaire"]))
        if old is None or not (old["answers"] or old["action_items"] or old["closed"]):
            if old is not None:  # started but still blank (e.g. by the app's first start): fill it
                found = store.find_assessment(a["year"], a["questionnaire"])
                plan.fill_ids[len(plan.new_assessments)] = found["id"]
            plan.new_assessments.append(a)
            continue
        mine = _content(old["answers"], old["action_items"],
                        lambda r: r and _contact_content(cur_contacts[r]))
        theirs = _content(a["answers"], a["action_items"], lambda r: r and _contact_content(contacts[r]))
        diffs = []
        if old["edition"] != a["edition"]:
            diffs.append(f"版 {old['edition']} と {a['edition']}")
        if old["closed"] != a["closed"]:
            diffs.append("締めの状態")
        for label, m, t in (("回答", mine[0], theirs[0]), ("対応計画", mine[1], theirs[1])):
            n = sum(m.get(k) != t.get(k) for k in set(m) | set(t))
            if n:
                diffs.append(f"{label} {n} 件")
        if diffs:
            title = plan.titles.get(a["questionnaire"], a["questionnaire"])
            c.fail(where("assessments", i), f"{nendo_label(a['year'])}の「{title}」は既に"
                   f"このデータにあり、内容が異なります（{'、'.join(diffs)}）。上書きはしません")
        else:
            plan.same_assessments.append(a)


def check_document(data, registry) -> dict:
    """The file alone, without a database: raises ImportRejected; returns ref -> contact."""
    c = Checker()
    if not isinstance(data, dict):
        c.fail("", "JSONオブジェクトではありません")
        raise c.rejected()
    if data.get("format") != FORMAT_NAME:
        c.fail("format", f"このアプリの書き出しファイルではありません（「{FORMAT_NAME}」ではありません）")
        raise c.rejected()
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version not in READABLE_VERSIONS:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION
        c.fail("format_version", "新しいバージョンのアプリで書き出されたファイルです。アプリを更新してください"
               if newer else f"形式のバージョン（{str(version)[:20]}）が不明です（このアプリは {FORMAT_VERSION}）")
        raise c.rejected()
    contacts = _check_document(c, data, registry)
    if c.problems:
        raise c.rejected()
    return contacts


def plan_import(store: Store, data, registry) -> ImportPlan:
    """Check everything, write nothing. Raises ImportRejected listing every problem."""
    contacts = check_document(data, registry)
    c = Checker()
    plan = ImportPlan(data, titles={a["questionnaire"]: registry.get(a["questionnaire"], a["edition"]).short_title
                                    for a in data["assessments"]})
    _conflicts(c, plan, store, contacts)
    plan.planning = plan_planning(c, store, data)
    if c.problems:
        raise c.rejected()
    return plan
