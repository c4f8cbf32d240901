"""Edition files dropped into <data>/editions/ are loaded beside the bundled ones; a bad one is
reported by file name and ignored, and the app still starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import hospital_sec_desk
from hospital_sec_desk.app.context import EDITIONS_DIR, AppContext
from hospital_sec_desk.domain.registry import load_registry
from hospital_sec_desk.paths import resource

BUNDLED = resource("questionnaires")
HAS_MAIN_WINDOW = (Path(hospital_sec_desk.__file__).parent / "ui" / "main_window.py").is_file()


def next_year_survey() -> str:
    """survey_r8.toml re-labelled as a later edition "r9", as a maintainer would drop it in."""
    text = (BUNDLED / "survey_r8.toml").read_text(encoding="utf-8")
    text = text.replace('edition = "r8"', 'edition = "r9"', 1).replace('published = "2026-03-09"',
                                                                      'published = "2027-03-08"', 1)
    assert 'edition = "r9"' in text and "2027-03-08" in text
    return text


def drop(folder: Path, files: dict[str, str]) -> Path:
    target = folder / EDITIONS_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    return target


BROKEN = {
    "broken_syntax.toml": "format_version = 1\n[[items]\n",
    "missing_title.toml": next_year_survey().replace('edition = "r9"', 'edition = "r10"', 1).replace(
        'title = "回答者の情報（氏名、所属、連絡先）"\n', "", 1),
    "typo_key.toml": next_year_survey().replace('edition = "r9"', 'edition = "r11"', 1).replace(
        "\nofficial_text = false\n", "\nofficial_text = false\nofficial_txt = true\n", 1),
    "survey_again.toml": (BUNDLED / "survey_r6.toml").read_text(encoding="utf-8"),  # already installed
}


def test_dropped_in_edition_is_loaded_and_becomes_the_newest(tmp_path):
    folder = drop(tmp_path, {"survey_r9.toml": next_year_survey()})
    reg = load_registry(BUNDLED, folder)
    assert reg.errors == []
    assert reg.get("survey", "r9") is not None
    assert reg.newest("survey").edition == "r9"
    assert [e.edition for e in reg.editions_of("survey")] == ["r9", "r8", "r6"]
    assert reg.get("survey", "r9").path.endswith("survey_r9.toml")


def test_broken_files_are_reported_by_name_and_ignored(tmp_path):
    folder = drop(tmp_path, {"survey_r9.toml": next_year_survey(), **BROKEN})
    reg = load_registry(BUNDLED, folder)
    reported = {Path(e.path).name: e for e in reg.errors}
    assert set(reported) == set(BROKEN)
    assert reported["broken_syntax.toml"].key == "(file)"
    assert reported["missing_title.toml"].key == "items.respondent.title"
    assert reported["typo_key.toml"].key == "official_txt"
    assert "already installed" in str(reported["survey_again.toml"])
    for name, err in reported.items():
        assert str(err).startswith(f"{name}: ")
    ids = {e.id for e in reg.editions}
    assert {"survey/r6", "survey/r8", "survey/r9", "bcp/r6", "checklist/r6"} <= ids
    assert not ids & {"survey/r10", "survey/r11"}
    assert reg.get("survey", "r6").path.startswith(str(BUNDLED))  # the bundled one was kept


def test_app_context_loads_the_data_folder_editions(tmp_path):
    drop(tmp_path, {"survey_r9.toml": next_year_survey(), "broken_syntax.toml": BROKEN["broken_syntax.toml"]})
    ctx = AppContext.open(tmp_path, lock=False)
    try:
        assert ctx.registry.newest("survey").edition == "r9"
        assert [Path(e.path).name for e in ctx.registry.errors] == ["broken_syntax.toml"]
        ids = ctx.ensure_year(2027)
        assert ctx.store.find_assessment(2027, "survey")["edition"] == "r9" and set(ids) >= {"survey", "checklist"}
    finally:
        ctx.close()


def test_no_editions_folder_is_fine(tmp_path):
    reg = load_registry(BUNDLED, tmp_path / "missing")
    assert reg.errors == [] and reg.newest("checklist").edition == "r6"


@pytest.mark.skipif(not HAS_MAIN_WINDOW, reason="the main window (hospital_sec_desk.ui.main_window) is not there yet")
def test_app_still_starts_with_a_broken_edition_file(tmp_path):
    data = tmp_path / "d"
    drop(data, {"survey_r9.toml": next_year_survey(), **BROKEN})
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("HOSPITAL_SEC_DESK_DATA_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(data), "--smoke"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
