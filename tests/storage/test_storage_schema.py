"""Schema v2: one assessment per (年度, questionnaire); a v1 file with duplicates migrates safely."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import DB_NAME, open_store
from hospital_sec_desk.storage.schema import MIGRATION_NAMES, SCHEMA_VERSION

V1 = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "v1.sqlite3"


def _v1_with_duplicates(folder: Path) -> None:
    """The v1 fixture plus duplicates v1 allowed (another edition of the same year's questionnaire)."""
    folder.mkdir()
    shutil.copyfile(V1, folder / DB_NAME)
    conn = sqlite3.connect(folder / DB_NAME)
    with conn:
        # 2024 survey r6 has 3 answers; a newer but empty r5 duplicate must go
        conn.execute("INSERT INTO assessments (fiscal_year, questionnaire, edition, created_at) "
                     "VALUES (2024, 'survey', 'r5', '2030-01-01T00:00:00.000+09:00')")
        # 2024 bcp r6 has 1 answer; an r5 duplicate with 2 answers wins (more data)
        cur = conn.execute("INSERT INTO assessments (fiscal_year, questionnaire, edition, created_at) "
                           "VALUES (2024, 'bcp', 'r5', '2020-01-01T00:00:00.000+09:00')")
        for key in ("b1", "b2"):
            conn.execute("INSERT INTO answers (assessment_id, item_key, value, updated_at) VALUES (?, ?, ?, ?)",
                         [cur.lastrowid, key, '{"choice": "yes"}', "2024-07-01T00:00:00.000+09:00"])
        # two empty 2027 checklists: the more recently created is kept
        for edition, created in (("a", "2027-04-01T00:00:00.000+09:00"), ("b", "2027-05-01T00:00:00.000+09:00")):
            conn.execute("INSERT INTO assessments (fiscal_year, questionnaire, edition, created_at) "
                         "VALUES (2027, 'checklist', ?, ?)", [edition, created])
    conn.close()


def test_schema_version_is_the_number_of_migrations():
    assert SCHEMA_VERSION == len(MIGRATION_NAMES) >= 2
    assert MIGRATION_NAMES[:2] == ["0001_initial", "0002_one_assessment_per_year"]


def test_v1_duplicates_migrate_keeping_the_assessment_with_data(tmp_path):
    folder = tmp_path / "data"
    _v1_with_duplicates(folder)
    store = open_store(folder)
    try:
        rows = {(a["fiscal_year"], a["questionnaire"]): a["edition"] for a in store.assessments()}
        assert rows == {(2024, "survey"): "r6", (2024, "bcp"): "r5", (2025, "survey"): "r6",
                        (2027, "checklist"): "b"}
        survey = store.find_assessment(2024, "survey")
        assert set(store.answers(survey["id"])) == {"security_officer", "consultation", "respondent"}
        assert set(store.answers(store.find_assessment(2024, "bcp")["id"])) == {"b1", "b2"}
        orphans = store.db.execute("SELECT count(*) FROM answers WHERE assessment_id NOT IN "
                                   "(SELECT id FROM assessments)").fetchone()[0]
        assert orphans == 0
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute("INSERT INTO assessments (fiscal_year, questionnaire, edition, created_at) "
                             "VALUES (2024, 'survey', 'r9', 'x')")
    finally:
        store.close()
    # the backup taken before the migration still holds every duplicate, at version 1
    made = backups.list_backups(folder)
    assert [p.name.rsplit("-", 1)[1] for p in made] == ["migrate.sqlite3"]
    conn = sqlite3.connect(f"file:{made[0]}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM assessments").fetchone()[0] == 3 + 4
    finally:
        conn.close()


def test_a_migrated_file_is_not_backed_up_again_when_unchanged(tmp_path):
    folder = tmp_path / "data"
    _v1_with_duplicates(folder)
    open_store(folder).close()
    open_store(folder).close()
    reasons = [p.name.rsplit("-", 1)[1] for p in backups.list_backups(folder)]
    assert reasons == ["start.sqlite3", "migrate.sqlite3"]  # the migration changed the content
    open_store(folder).close()
    assert len(backups.list_backups(folder)) == 2
