"""Schema, managed by sqlite-utils' built-in Migrations, with our own ordered list of names.

Migration number n (1-based, its place in MIGRATION_NAMES) sets PRAGMA user_version = n in
the same transaction, so SCHEMA_VERSION = len(MIGRATION_NAMES) is the one source of the
version: a file whose user_version is higher was written by a newer app and is refused.
To add a version: append one `@migration("000N_what")` function below the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "hospital_sec_desk"
MIGRATION_NAMES: list[str] = []
# (name, function) in order. sqlite-utils' Migrations is built from them only when a migration
# is due (migration_set()), so a start that migrates nothing never imports sqlite-utils.
MIGRATION_STEPS: list[tuple[str, Callable]] = []


def migration(name: str) -> Callable:
    """Register the next migration; it also sets user_version to its number."""
    number = len(MIGRATION_NAMES) + 1

    def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        def run(db: Database) -> None:
            fn(db)
            db.execute(f"PRAGMA user_version = {number}")

        run.__name__ = fn.__name__
        MIGRATION_STEPS.append((name, run))
        MIGRATION_NAMES.append(name)
        return fn

    return register


@migration("0001_initial")
def m0001_initial(db: Database) -> None:
    for sql in _INITIAL:
        db.execute(sql)


@migration("0002_one_assessment_per_year")
def m0002_one_assessment_per_year(db: Database) -> None:
    """One assessment per (年度, questionnaire). v1 allowed one per edition as well.

    Of duplicates the one with the most answers + action items is kept, then the most
    recently changed, then the newest row; the others are deleted with their answers
    (the backup taken before every migration still holds them).
    """
    dupes = db.execute(
        "SELECT fiscal_year, questionnaire FROM assessments GROUP BY 1, 2 HAVING count(*) > 1").fetchall()
    for year, questionnaire in dupes:
        ranked = db.execute(
            "SELECT a.id FROM assessments a WHERE a.fiscal_year = ? AND a.questionnaire = ? ORDER BY "
            "(SELECT count(*) FROM answers WHERE assessment_id = a.id) "
            "+ (SELECT count(*) FROM action_items WHERE assessment_id = a.id) DESC, "
            "max(a.created_at, COALESCE((SELECT max(updated_at) FROM answers WHERE assessment_id = a.id), ''), "
            "COALESCE((SELECT max(updated_at) FROM action_items WHERE assessment_id = a.id), '')) DESC, "
            "a.id DESC", [year, questionnaire]).fetchall()
        for (drop,) in ranked[1:]:
            for table in ("answers", "action_items"):
                db.execute(f"DELETE FROM {table} WHERE assessment_id = ?", [drop])
            db.execute("DELETE FROM assessments WHERE id = ?", [drop])
    db.execute("CREATE UNIQUE INDEX assessments_one_per_year "
               "ON assessments (fiscal_year, questionnaire)")


@migration("0003_planning")
def m0003_planning(db: Database) -> None:
    """The training/drill log and the hospital's own BCP section texts (per 年度)."""
    db.execute("""CREATE TABLE drills (
        id INTEGER PRIMARY KEY,
        held_on TEXT NOT NULL CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        kind TEXT NOT NULL CHECK (kind <> ''),
        topic TEXT NOT NULL CHECK (topic <> ''),
        participants INTEGER CHECK (participants IS NULL OR participants >= 0),
        findings TEXT NOT NULL DEFAULT '',
        improvements TEXT NOT NULL DEFAULT '',
        next_on TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE bcp_text (
        fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2200),
        section_key TEXT NOT NULL CHECK (section_key <> ''),
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (fiscal_year, section_key))""")


_INITIAL = [
    """CREATE TABLE facility (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL DEFAULT '',
        corporation TEXT NOT NULL DEFAULT '',
        beds INTEGER,
        prefecture TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        respondent_name TEXT NOT NULL DEFAULT '',
        respondent_dept TEXT NOT NULL DEFAULT '',
        respondent_contact TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2200),
        questionnaire TEXT NOT NULL,
        edition TEXT NOT NULL,
        created_at TEXT NOT NULL,
        closed INTEGER NOT NULL DEFAULT 0,
        last_item TEXT NOT NULL DEFAULT '',
        UNIQUE (fiscal_year, questionnaire, edition)
    )""",
    """CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        category TEXT NOT NULL CHECK (category IN ('inhouse', 'vendor', 'outside')),
        role TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '',
        organization TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        systems TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        phone_after_hours TEXT NOT NULL DEFAULT '',
        extension TEXT NOT NULL DEFAULT '',
        mobile TEXT NOT NULL DEFAULT '',
        hours TEXT NOT NULL DEFAULT '',
        contract_no TEXT NOT NULL DEFAULT '',
        memo TEXT NOT NULL DEFAULT '',
        on_poster INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE answers (
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        value TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(value)),
        memo TEXT NOT NULL DEFAULT '',
        vendor_flag INTEGER NOT NULL DEFAULT 0,
        vendor_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
        state TEXT NOT NULL DEFAULT 'answered' CHECK (state IN ('answered', 'carried')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (assessment_id, item_key)
    )""",
    """CREATE TABLE action_items (
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        due TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done')),
        note TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (assessment_id, item_key)
    )""",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
]


REQUIRED_TABLES = ("facility", "assessments", "contacts", "answers", "action_items", "settings")

# Rows that break a rule of the schema. quick_check on a read-only (immutable) connection
# does not evaluate CHECK constraints, so start-up runs these itself: each counts bad rows.
CHECK_QUERIES = (
    "SELECT count(*) FROM facility WHERE id != 1 OR (beds IS NOT NULL AND typeof(beds) != 'integer')",
    "SELECT count(*) FROM assessments WHERE typeof(fiscal_year) != 'integer' "
    "OR fiscal_year NOT BETWEEN 2000 AND 2200 OR closed NOT IN (0, 1)",
    "SELECT count(*) FROM contacts WHERE category NOT IN ('inhouse', 'vendor', 'outside') "
    "OR on_poster NOT IN (0, 1) OR typeof(position) != 'integer'",
    "SELECT count(*) FROM answers WHERE CASE WHEN json_valid(value) THEN json_type(value) != 'object' ELSE 1 END "
    "OR state NOT IN ('answered', 'carried') OR vendor_flag NOT IN (0, 1) "
    "OR (vendor_id IS NOT NULL AND typeof(vendor_id) != 'integer')",
    "SELECT count(*) FROM answers a, json_each(CASE WHEN json_valid(a.value) THEN a.value ELSE '{}' END) j "
    "WHERE j.key NOT IN ('choice', 'choices', 'fields', 'devices', 'dates', 'other')",  # (answer_kinds keys)
    "SELECT count(*) FROM action_items WHERE status NOT IN ('open', 'in_progress', 'done') "
    "OR (due != '' AND due NOT GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')",
)


def migration_set():
    """sqlite-utils' Migrations holding every step above (sqlite-utils is imported here)."""
    found = importlib.import_module("sqlite_utils.migrations").Migrations(MIGRATION_SET)
    for name, run in MIGRATION_STEPS:
        found(name=name)(run)
    return found


def apply_migrations(db: Database) -> None:
    migration_set().apply(db)


SCHEMA_VERSION = len(MIGRATION_NAMES)  # keep last: every @migration above counts
