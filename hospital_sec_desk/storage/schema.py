"""Schema, managed by sqlite-utils' built-in Migrations.

SCHEMA_VERSION is written to PRAGMA user_version by the last migration; a file
whose user_version is higher was written by a newer app and is refused.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "hospital_sec_desk"
SCHEMA_VERSION = 1

migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    for sql in _INITIAL:
        db.execute(sql)
    db.execute("PRAGMA user_version = 1")


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


def apply_migrations(db: Database) -> None:
    migrations.apply(db)
