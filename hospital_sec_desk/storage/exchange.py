"""Export and import of everything as one JSON file (docs/data-format.md, "Export file").

    data = export_all(store)                  # a JSON-able dict
    result = import_all(store, data, registry)  # validate all, then one transaction

Import never changes what is already in the database: what is new is added, what is
identical is skipped, and any disagreement (a 年度's answers, the facility, a setting)
refuses the whole file with ImportRejected listing each conflict. Contacts are matched
by content; unmatched ones are added.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..domain.answers import AnswerRecord
from .errors import ImportRejected, StorageError, logged
from .exchange_export import contact_refs, dumps, export_all
from .exchange_import import ImportPlan, ImportResult, check_document, plan_import
from .exchange_planning import write_planning
from .import_check import (
    ACTION_KEYS,
    CONTACT_KEYS,
    FACILITY_KEYS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    parse_bytes,
    too_big,
)
from .store import INSERT_ANSWER, Store, answer_row

__all__ = ["export_all", "import_all", "load_import_file", "dumps", "check_document", "plan_import", "apply_import",
           "contact_refs", "ImportPlan", "ImportResult", "FORMAT_NAME", "FORMAT_VERSION"]


def load_import_file(path: str | Path) -> dict:
    """Read and parse a file; ImportRejected (in Japanese, saying where) when it is not JSON."""
    path = Path(path)
    name = path.name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportRejected([too_big(size)])
        with path.open("rb") as fh:  # read at most one byte past the limit (the file may grow)
            raw = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise ImportRejected([f"{name}：ファイルが見つかりません"]) from exc
    except IsADirectoryError as exc:
        raise ImportRejected([f"{name}：ファイルではなくフォルダです"]) from exc
    except OSError as exc:
        raise ImportRejected([f"{name}：読み込めません（{logged('import file', exc)}）"]) from exc
    return parse_bytes(raw)


def apply_import(store: Store, plan: ImportPlan) -> ImportResult:
    """Write a checked plan in one transaction (all or nothing); a plan that changes nothing
    writes nothing (not even an empty transaction)."""
    if not plan.changes_anything:
        return _result(plan, 0)
    try:
        return _write(store, plan)
    except sqlite3.Error as exc:  # the transaction was rolled back
        raise StorageError(f"書き込めませんでした（{logged('import', exc)}）。データは変更していません。") from exc


def _write(store: Store, plan: ImportPlan) -> ImportResult:
    data, db = plan.data, store.db
    ids = dict(plan.contact_ids)
    answers_added = 0
    with db.atomic():
        if plan.write_facility:
            fac = data["facility"]
            db.execute("DELETE FROM facility WHERE id = 1")
            db.execute(f"INSERT INTO facility (id, {', '.join(FACILITY_KEYS)}) VALUES "
                       f"(1, {', '.join('?' * len(FACILITY_KEYS))})", [fac[k] for k in FACILITY_KEYS])
        for key, value in plan.settings.items():
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [key, value])
        empty = not db.execute("SELECT 1 FROM contacts LIMIT 1").fetchone()
        for row in plan.new_contacts:
            values = {k: row[k] for k in CONTACT_KEYS if k != "ref"}
            if not empty:  # appended after the contacts already there, in the file's order
                values["position"] = db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM contacts "
                                                "WHERE category = ?", [row["category"]]).fetchone()[0]
            values["on_poster"] = int(values["on_poster"])
            cur = db.execute(f"INSERT INTO contacts ({', '.join(values)}) VALUES "
                             f"({', '.join('?' * len(values))})", list(values.values()))
            ids[row["ref"]] = cur.lastrowid
        for n, a in enumerate(plan.new_assessments):
            row = [a["edition"], a["created_at"], int(a["closed"]), a["last_item"]]
            aid = plan.fill_ids.get(n)
            if aid is not None:  # a blank assessment of that 年度 is completed, not duplicated
                db.execute("UPDATE assessments SET edition = ?, created_at = ?, closed = ?, last_item = ? "
                           "WHERE id = ?", [*row, aid])
            else:
                aid = db.execute("INSERT INTO assessments (edition, created_at, closed, last_item, fiscal_year, "
                                 "questionnaire) VALUES (?, ?, ?, ?, ?, ?)",
                                 [*row, a["year"], a["questionnaire"]]).lastrowid
            for key, r in a["answers"].items():
                record = AnswerRecord(r["value"], r["memo"], bool(r["vendor_flag"]), ids.get(r["vendor"]),
                                      r["state"], r["updated_at"])
                db.execute(INSERT_ANSWER, answer_row(aid, key, record))
                answers_added += 1
            for key, r in a["action_items"].items():
                db.execute("INSERT INTO action_items (assessment_id, item_key, owner, due, status, note, "
                           "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [aid, key, *(r[k] for k in ACTION_KEYS)])
        write_planning(db, plan.planning)
    return _result(plan, answers_added)


def _result(plan: ImportPlan, answers_added: int) -> ImportResult:
    return ImportResult(plan.write_facility, sorted(plan.settings), len(plan.new_contacts),
                        len(plan.contact_ids), [_pair(a) for a in plan.new_assessments],
                        [_pair(a) for a in plan.same_assessments], answers_added, plan.titles,
                        plan.planning.summary())


def _pair(assessment: dict) -> tuple[int, str]:
    return assessment["year"], assessment["questionnaire"]


def import_all(store: Store, data: dict, registry) -> ImportResult:
    """Validate the whole document against the registry and the database, then write it in
    one transaction. Raises ImportRejected (nothing written) on any problem or conflict."""
    return apply_import(store, plan_import(store, data, registry))
