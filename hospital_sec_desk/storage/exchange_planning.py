"""The planning records in the export file (format version 2): `drills` and `bcp_text`.

Export: every drill record and every BCP text edit. Check: exact keys, types, dates, known
kinds and BCP sections, no duplicate (year, section). Import adds, as for the rest of the
file: a drill identical in content to one already stored is skipped, any other is added; a
BCP edit is added when that 年度 has none for the section, skipped when equal, and refuses
the whole import when it differs. A version-1 file has neither key and imports as before.
"""

from __future__ import annotations

from ..domain.bcp_document import load_spec
from ..domain.drills import KINDS, PARTICIPANTS_MAX, TOPIC_MAX
from ..domain.fiscal import nendo_label
from ..domain.record import field, record
from .import_check import TOP_KEYS, Checker, where
from .planning_store import DRILL_FIELDS

PLANNING_KEYS = ("drills", "bcp_text")
DRILL_KEYS = (*DRILL_FIELDS, "updated_at")
BCP_TEXT_KEYS = ("year", "section", "body", "updated_at")
MAX_DRILLS = 10_000
MAX_BCP_TEXT = 5_000


def export_planning(store) -> dict:
    """The two arrays of the export file, in a stable order."""
    cur = store.db.execute(f"SELECT {', '.join(DRILL_KEYS)} FROM drills ORDER BY held_on, id")
    drills = [dict(zip(DRILL_KEYS, r, strict=True)) for r in cur.fetchall()]
    cur = store.db.execute("SELECT fiscal_year, section_key, body, updated_at FROM bcp_text "
                           "ORDER BY fiscal_year, section_key")
    edits = [dict(zip(BCP_TEXT_KEYS, r, strict=True)) for r in cur.fetchall()]
    return {"drills": drills, "bcp_text": edits}


def check_planning(c: Checker, data: dict) -> None:
    """Structure and values of the two arrays (absent in a version-1 file: nothing to check)."""
    drills = data.get("drills", [])
    for i, row in enumerate(drills if c.array(drills, "drills", MAX_DRILLS) else []):
        loc = where("drills", i)
        if not c.obj(row, loc, DRILL_KEYS):
            continue
        c.date(row["held_on"], where(loc, "held_on"))
        c.date(row["next_on"], where(loc, "next_on"), empty_ok=True)
        c.choice(row["kind"], where(loc, "kind"), KINDS, "種類")
        if c.text(row["topic"], where(loc, "topic"), max_len=TOPIC_MAX) and not row["topic"].strip():
            c.fail(where(loc, "topic"), "テーマ・研修名が空です")
        if row["participants"] is not None:
            c.integer(row["participants"], where(loc, "participants"), 0, PARTICIPANTS_MAX)
        c.text(row["findings"], where(loc, "findings"))
        c.text(row["improvements"], where(loc, "improvements"))
        c.datetime(row["updated_at"], where(loc, "updated_at"))
    sections = {s.key for s in load_spec().sections()}
    seen: dict[tuple, int] = {}
    edits = data.get("bcp_text", [])
    for i, row in enumerate(edits if c.array(edits, "bcp_text", MAX_BCP_TEXT) else []):
        loc = where("bcp_text", i)
        if not c.obj(row, loc, BCP_TEXT_KEYS):
            continue
        ok_year = c.integer(row["year"], where(loc, "year"), 2000, 2200)
        ok_section = c.text(row["section"], where(loc, "section"), max_len=100)
        if ok_section and row["section"] not in sections:
            c.fail(where(loc, "section"), f"BCPの節「{row['section'][:40]}」はこのアプリにありません")
        if c.text(row["body"], where(loc, "body")) and not row["body"].strip():
            c.fail(where(loc, "body"), "本文が空です")
        c.datetime(row["updated_at"], where(loc, "updated_at"))
        if ok_year and ok_section:
            key = (row["year"], row["section"])
            if key in seen:
                c.fail(loc, f"同じ年度・節が bcp_text[{seen[key]}] にもあります")
            seen.setdefault(key, i)


def _drill_content(row: dict) -> tuple:
    return tuple(row[f] for f in DRILL_FIELDS)


@record(frozen=False)
class PlanningPlan:
    new_drills: list[dict] = field(default_factory=list)
    same_drills: int = 0
    new_edits: list[dict] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_drills or self.new_edits)

    def summary(self) -> list[str]:
        lines = []
        if self.new_drills or self.same_drills:
            same = f"（同じ内容の {self.same_drills} 件はそのままにしました）" if self.same_drills else ""
            lines.append(f"研修・訓練の記録 {len(self.new_drills)} 件を追加しました{same}")
        if self.new_edits:
            lines.append(f"BCPの本文（病院で編集したもの）{len(self.new_edits)} 件を追加しました")
        return lines


def plan_planning(c: Checker, store, data: dict) -> PlanningPlan:
    """Compare with the database; a differing BCP edit is a conflict (recorded in `c`)."""
    plan = PlanningPlan()
    current = export_planning(store)
    have = {}
    for row in current["drills"]:
        have[_drill_content(row)] = have.get(_drill_content(row), 0) + 1
    for row in data.get("drills", []):
        key = _drill_content(row)
        if have.get(key):
            have[key] -= 1
            plan.same_drills += 1
        else:
            plan.new_drills.append(row)
    stored = {(r["year"], r["section"]): r["body"] for r in current["bcp_text"]}
    titles = {s.key: f"{s.number} {s.title}" for s in load_spec().sections()}
    for i, row in enumerate(data.get("bcp_text", [])):
        old = stored.get((row["year"], row["section"]))
        if old is None:
            plan.new_edits.append(row)
        elif old != row["body"]:
            c.fail(where("bcp_text", i), f"{nendo_label(row['year'])}のBCP「{titles[row['section']]}」の本文が"
                   "このデータと異なります。上書きはしません")
    return plan


def write_planning(db, plan: PlanningPlan) -> None:
    """Insert the plan's rows; the caller holds the import's transaction."""
    for row in plan.new_drills:
        db.execute(f"INSERT INTO drills ({', '.join(DRILL_KEYS)}) VALUES ({', '.join('?' * len(DRILL_KEYS))})",
                   [row[k] for k in DRILL_KEYS])
    for row in plan.new_edits:
        db.execute("INSERT INTO bcp_text (fiscal_year, section_key, body, updated_at) VALUES (?, ?, ?, ?)",
                   [row[k] for k in BCP_TEXT_KEYS])


READABLE_VERSIONS = (1, 2)  # version 1: the same file without `drills` and `bcp_text`


def top_keys(version) -> tuple[str, ...]:
    """The top-level keys a file of this format version has (all required, no others)."""
    return tuple(k for k in TOP_KEYS if k not in PLANNING_KEYS) if version == 1 else TOP_KEYS
