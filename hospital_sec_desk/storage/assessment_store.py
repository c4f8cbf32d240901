"""The Store's assessments, answers and action items (part of storage.store.Store).

An assessment is one questionnaire of one fiscal year in one edition; its answers are one
row per item key (`answers`: the value as JSON, memo, vendor flag, state, updated_at), its
action items one row per item key (`action_items`). `start_year` carries last year's answers
over as 未確認 (`CARRIED`); `switch_edition` moves an assessment to another edition. One short
transaction per change; the @reads / @writes guards (guards.py) turn SQLite and OS errors
into ReadFailed / SaveFailed.

AssessmentRecords is a mixin: it uses the Store's `db` and the guards' state, set up by
storage.store.Store.
"""

from __future__ import annotations

import json

from ..domain.actions import ACTION_FIELDS, ACTION_STATUSES
from ..domain.answers import CARRIED, AnswerRecord
from .guards import now_iso, reads, writes

ANSWER_COLUMNS = ("assessment_id", "item_key", "value", "memo", "vendor_flag", "vendor_id", "state",
                  "updated_at")
INSERT_ANSWER = (f"INSERT INTO answers ({', '.join(ANSWER_COLUMNS)}) "
                 f"VALUES ({', '.join('?' * len(ANSWER_COLUMNS))})")
UPSERT_ANSWER = (INSERT_ANSWER + " ON CONFLICT(assessment_id, item_key) DO UPDATE SET "
                 + ", ".join(f"{c} = excluded.{c}" for c in ANSWER_COLUMNS[2:]))


def answer_row(assessment_id: int, item_key: str, record: AnswerRecord) -> list:
    """The values of ANSWER_COLUMNS for one record (the one place an answer row is built)."""
    return [assessment_id, item_key, json.dumps(record.value, ensure_ascii=False), record.memo,
            int(record.vendor_flag), record.vendor_id, record.state, record.updated_at]


class AssessmentRecords:
    # -- assessments ---------------------------------------------------------
    @reads
    def years(self) -> list[int]:
        rows = self.db.execute("SELECT DISTINCT fiscal_year FROM assessments ORDER BY 1").fetchall()
        return [r[0] for r in rows]

    @reads
    def assessments(self, year: int | None = None) -> list[dict]:
        where, params = ("WHERE fiscal_year = ?", [year]) if year is not None else ("", [])
        cur = self.db.execute(f"SELECT * FROM assessments {where} ORDER BY fiscal_year, id", params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    @reads
    def assessment(self, assessment_id: int) -> dict:
        rows = list(self.db["assessments"].rows_where("id = ?", [assessment_id]))
        if not rows:
            raise KeyError(assessment_id)
        return rows[0]

    @reads
    def find_assessment(self, year: int, questionnaire: str) -> dict | None:
        rows = [a for a in self.assessments(year) if a["questionnaire"] == questionnaire]
        return rows[0] if rows else None

    @writes
    def ensure_assessment(self, year: int, questionnaire: str, edition: str) -> int:
        found = self.find_assessment(year, questionnaire)
        if found:
            return found["id"]
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO assessments (fiscal_year, questionnaire, edition, created_at) "
                "VALUES (?, ?, ?, ?)", [year, questionnaire, edition, now_iso()])
            return cur.lastrowid

    @writes
    def set_last_item(self, assessment_id: int, item_key: str) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE assessments SET last_item = ? WHERE id = ?", [item_key, assessment_id])

    # -- answers -------------------------------------------------------------
    @reads
    def answers(self, assessment_id: int) -> dict[str, AnswerRecord]:
        cur = self.db.execute(
            "SELECT item_key, value, memo, vendor_flag, vendor_id, state, updated_at "
            "FROM answers WHERE assessment_id = ?", [assessment_id])
        return {k: AnswerRecord(json.loads(v), m, bool(f), vid, s, u)
                for k, v, m, f, vid, s, u in cur.fetchall()}

    @writes
    def save_answer(self, assessment_id: int, item_key: str, record: AnswerRecord) -> AnswerRecord:
        """Write one item's whole record in one short transaction; returns it with updated_at."""
        stamped = record.with_(updated_at=now_iso())
        with self.db.atomic():
            self.db.execute(UPSERT_ANSWER, answer_row(assessment_id, item_key, stamped))
        return stamped

    @writes
    def start_year(self, year: int, editions: dict[str, str], carry_from: int | None) -> dict[str, int]:
        """Create the year's assessments; copy `carry_from`'s answers as 未確認 carry-overs.

        `editions` maps questionnaire -> edition for the new year. Carried answers keep
        their value and memo but state 'carried' (counted as unanswered until confirmed);
        the vendor flag is not carried. Returns questionnaire -> assessment id.
        """
        ids: dict[str, int] = {}
        with self.db.atomic():
            for questionnaire, edition in editions.items():
                ids[questionnaire] = self.ensure_assessment(year, questionnaire, edition)
                if carry_from is None:
                    continue
                old = self.find_assessment(carry_from, questionnaire)
                if old is None:
                    continue
                stamp = now_iso()
                self.db.execute(
                    "INSERT OR IGNORE INTO answers (assessment_id, item_key, value, memo, vendor_flag, "
                    "state, updated_at) SELECT ?, item_key, value, memo, 0, ?, ? FROM answers "
                    "WHERE assessment_id = ?", [ids[questionnaire], CARRIED, stamp, old["id"]])
        return ids

    @writes
    def switch_edition(self, assessment_id: int, edition: str, carried: list[str],
                       cleared: list[str]) -> None:
        """Move an assessment to another edition in one transaction (app/editions.py plans it).

        `carried` answers become 未確認 (to be confirmed against the new wording); `cleared`
        answers lose their value (it does not fit the new item) but keep their memo. Answers of
        items the new edition lacks stay stored, unshown, and return if the edition is switched back.
        """
        stamp = now_iso()
        with self.db.atomic():
            self.db.execute("UPDATE assessments SET edition = ? WHERE id = ?", [edition, assessment_id])
            for key in carried:
                self.db.execute("UPDATE answers SET state = ?, updated_at = ? WHERE assessment_id = ? "
                                "AND item_key = ?", [CARRIED, stamp, assessment_id, key])
            for key in cleared:
                self.db.execute("UPDATE answers SET value = '{}', state = ?, updated_at = ? "
                                "WHERE assessment_id = ? AND item_key = ?",
                                [CARRIED, stamp, assessment_id, key])

    # -- action items --------------------------------------------------------
    @reads
    def action_items(self, assessment_id: int) -> dict[str, dict]:
        rows = self.db["action_items"].rows_where("assessment_id = ?", [assessment_id])
        return {r["item_key"]: {f: r[f] for f in (*ACTION_FIELDS, "updated_at")} for r in rows}

    @writes
    def save_action(self, assessment_id: int, item_key: str, **fields) -> None:
        unknown = set(fields) - set(ACTION_FIELDS)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        if "status" in fields and fields["status"] not in ACTION_STATUSES:
            raise ValueError(fields["status"])
        # upsert writes only the given columns; a new row takes the schema's defaults for the rest
        row = {**fields, "assessment_id": assessment_id, "item_key": item_key, "updated_at": now_iso()}
        with self.db.atomic():
            self.db["action_items"].upsert(row, pk=("assessment_id", "item_key"))
