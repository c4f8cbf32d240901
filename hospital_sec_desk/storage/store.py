"""The Store: every read and write of the app's data goes through here.

One short transaction per change (db.atomic()), on the calling (GUI) thread:
sqlite-utils' connection is single-thread. See database.py for opening. Commits run with WAL and
synchronous=NORMAL: when a write returns, the change is in the -wal file (every reader sees it, a
kill -9 loses nothing) and the Store's WalFlusher (storage/flusher.py) fsyncs the -wal a few
milliseconds later in its thread, for power cuts. `close()` waits for it (so does a restore,
which closes first); `flush()` waits for it on demand. A backup or an export does not: it reads
what is committed and fsyncs its own file, so it still works when the -wal cannot be synced. A
failed fsync refuses the next write (SaveFailed) and is handed once to the UI (`sync_failure()`).

Every write turns an SQLite or OS error into SaveFailed (StoreBusy when another program
holds the write lock longer than BUSY_SECONDS; right after that, only briefly) with a
Japanese sentence; the transaction is rolled back and the connection stays usable, so the
next action simply retries. Reads turn theirs into ReadFailed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
import time
from pathlib import Path

from ..domain.actions import ACTION_FIELDS, ACTION_STATUSES  # noqa: F401 (re-exported)
from ..domain.answers import CARRIED, AnswerRecord
from ..domain.contacts import CONTACT_FIELDS  # noqa: F401 (re-exported)
from .errors import BUSY_CODES, ReadFailed, SaveFailed, StoreBusy, logged, reason, sqlite_code
from .flusher import NotDurable, WalFlusher
from .lock import FolderLock
from .reader import LazyDatabase

BUSY_SECONDS = 1.0  # how long a write waits for another program's lock before StoreBusy
BUSY_QUIET_SECONDS = 5.0  # after StoreBusy, further calls wait only BUSY_RETRY_SECONDS (no freeze per key)
BUSY_RETRY_SECONDS = 0.05

FACILITY_FIELDS = ("name", "corporation", "beds", "prefecture", "address", "phone",
                   "respondent_name", "respondent_dept", "respondent_contact")


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


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="milliseconds")


def _guarded(error, method):
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        self._depth += 1
        try:
            if self._depth == 1:
                self._wait_for_lock()
                if error is SaveFailed:
                    self._check_durable()
            result = method(self, *args, **kwargs)
            if self._depth == 1:
                self._busy_until = 0.0
            return result
        except (sqlite3.Error, OSError, ValueError, MemoryError) as exc:
            if isinstance(exc, ValueError) and error is SaveFailed:
                raise  # a caller's bad argument (e.g. an unknown status), not a storage fault
            if self._depth > 1:
                raise
            self._roll_back()
            if sqlite_code(exc) in BUSY_CODES:
                logged(f"{method.__name__} busy", exc)
                self._busy_until = time.monotonic() + BUSY_QUIET_SECONDS
                raise StoreBusy() from exc
            raise error(logged(method.__name__, exc)) from exc
        finally:
            self._depth -= 1
    return run


def writes(method):
    """A Store write: SQLite/OS errors become SaveFailed / StoreBusy, rolled back."""
    return _guarded(SaveFailed, method)


def reads(method):
    """A Store read: SQLite/OS errors and undecodable values become ReadFailed."""
    return _guarded(ReadFailed, method)


class Store:
    def __init__(self, db: LazyDatabase, path: Path, folder: Path, lock: FolderLock | None = None):
        self.db = db  # reads: plain sqlite3; writes: sqlite-utils (storage/reader.py)
        self.flusher = WalFlusher(path.with_name(path.name + "-wal"))
        db.after_commit = self.flusher.committed
        self.startup_backup = None  # a deferred start-up backup (database.open_store)
        self.path = path
        self.folder = folder
        self.lock = lock
        self._closers: list = []
        self._depth = 0
        self._busy_until = 0.0  # until then another program held the lock: wait only briefly
        self._waiting = BUSY_SECONDS

    def _wait_for_lock(self) -> None:
        """Wait up to BUSY_SECONDS for another program's lock, but only BUSY_RETRY_SECONDS
        shortly after a StoreBusy: keystrokes during a long lock do not freeze a second each."""
        wanted = BUSY_RETRY_SECONDS if time.monotonic() < self._busy_until else BUSY_SECONDS
        if wanted != self._waiting:
            self.db.conn.execute(f"PRAGMA busy_timeout = {int(wanted * 1000)}")
            self._waiting = wanted

    def _check_durable(self) -> None:
        """Before a write: after a failed fsync of the -wal, this write is refused (SaveFailed)
        and what is stored is made durable another way, a checkpoint into the database file
        (SQLite syncs it); when that succeeds, the next write goes through again."""
        failure = self.flusher.failure
        if failure is not None:
            self._recover(failure)
            raise SaveFailed(logged("write refused after a failed fsync", failure)) from failure

    def _recover(self, failure: Exception) -> bool:
        try:
            busy = self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error as exc:
            logged("checkpoint after a failed fsync", exc)
            return False
        if busy:
            return False
        self.flusher.clear(failure)
        return True

    def flush(self) -> None:
        """Wait until every change so far is on the disk; SaveFailed when that could not be done."""
        failure = self.flusher.wait()
        if failure is not None and not self._recover(failure):
            raise SaveFailed(reason(failure)) from failure

    def sync_failure(self) -> NotDurable | None:
        """A failed fsync after a save had returned, once (the UI tells the user at once)."""
        return self.flusher.take_unreported()

    def _roll_back(self) -> None:
        try:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            logged("rollback", exc)

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        lock = self.close_keep_lock()
        if lock is not None:
            lock.release()

    def close_keep_lock(self) -> FolderLock | None:
        """Close the database but keep holding the folder lock; returns the lock."""
        lock, self.lock = self.lock, None
        try:
            self.flusher.close()  # nothing is left unsynced; no -wal handle open at SQLite's close
            self.db.conn.close()
        finally:
            for fn in self._closers:
                fn()
            self._closers.clear()
        return lock

    def on_close(self, fn) -> None:
        self._closers.append(fn)

    # -- settings ------------------------------------------------------------
    @reads
    def setting(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    @writes
    def set_setting(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    # -- facility ------------------------------------------------------------
    @reads
    def facility(self) -> dict:
        rows = list(self.db["facility"].rows_where("id = 1"))
        if not rows:
            return {f: (None if f == "beds" else "") for f in FACILITY_FIELDS}
        return {f: rows[0][f] for f in FACILITY_FIELDS}

    @reads
    def has_facility(self) -> bool:
        return bool(self.facility()["name"].strip())

    @writes
    def save_facility(self, **fields) -> None:
        unknown = set(fields) - set(FACILITY_FIELDS)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        row = {"id": 1, **self.facility(), **fields, "updated_at": now_iso()}
        with self.db.atomic():
            self.db["facility"].upsert(row, pk="id")

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

    # -- contacts ------------------------------------------------------------
    @reads
    def contacts(self, category: str | None = None) -> list[dict]:
        where, params = ("category = ?", [category]) if category else (None, None)
        rows = self.db["contacts"].rows_where(where, params, order_by="category, position, id")
        return [dict(r) for r in rows]

    @reads
    def contact(self, contact_id: int) -> dict:
        rows = list(self.db["contacts"].rows_where("id = ?", [contact_id]))
        if not rows:
            raise KeyError(contact_id)
        return dict(rows[0])

    @writes
    def save_contact(self, contact_id: int | None = None, **fields) -> int:
        unknown = set(fields) - set(CONTACT_FIELDS)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        fields["updated_at"] = now_iso()
        with self.db.atomic():
            if contact_id is None:
                if "position" not in fields:
                    row = self.db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM contacts "
                                          "WHERE category = ?", [fields.get("category", "")]).fetchone()
                    fields["position"] = row[0]
                return self.db["contacts"].insert(fields).last_pk
            self.db["contacts"].update(contact_id, fields)
            return contact_id

    @writes
    def add_contacts_once(self, entries: list[dict], flag: str) -> int:
        """Add the entries in one transaction and set the setting `flag` to "1"; returns how many.

        Nothing happens when `flag` is already set; an entry whose category and role already
        exist (e.g. after an import) is skipped.
        """
        if self.setting(flag) == "1":
            return 0
        with self.db.atomic():
            existing = {(c["category"], c["role"]) for c in self.contacts()}
            added = 0
            for entry in entries:
                if (entry["category"], entry.get("role", "")) not in existing:
                    self.save_contact(**entry)
                    added += 1
            self.set_setting(flag, "1")
        return added

    @writes
    def delete_contact(self, contact_id: int) -> None:
        with self.db.atomic():
            self.db["contacts"].delete(contact_id)

    @writes
    def move_contact(self, contact_id: int, delta: int) -> None:
        """Swap a contact with its neighbour in the same category (reorder)."""
        me = self.contact(contact_id)
        peers = self.contacts(me["category"])
        idx = next(i for i, c in enumerate(peers) if c["id"] == contact_id)
        other = idx + delta
        if not 0 <= other < len(peers):
            return
        order = [c["id"] for c in peers]
        order[idx], order[other] = order[other], order[idx]
        with self.db.atomic():
            for pos, cid in enumerate(order):
                self.db.execute("UPDATE contacts SET position = ? WHERE id = ?", [pos, cid])
