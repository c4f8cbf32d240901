"""The start-up dialogs (ui/launch.open_context): damaged or missing data offers the newest
backup; "cannot read or write now" is one Japanese message and nothing changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hospital_sec_desk.storage.database import DB_NAME
from hospital_sec_desk.ui.launch import open_context
from tests.storage.helpers import one_answer_folder

SHOTS = Path(os.environ.get("LAUNCH_SHOTS", "")) if os.environ.get("LAUNCH_SHOTS") else None


def click_when_shown(qtbot, button_text: str | None, seen: list[str]) -> None:
    """Answer the next message box: click the button with that text (or its default)."""
    def answer():
        box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()), None)
        if box is None:
            QTimer.singleShot(20, answer)
            return
        seen.append(f"{box.windowTitle()}|{box.text()}|{box.informativeText()}")
        if SHOTS:
            box.grab().save(str(SHOTS / f"launch-{len(seen)}.png"))
        buttons = [b for b in box.buttons() if b.text() == button_text] if button_text else []
        (buttons[0] if buttons else box.defaultButton() or box.buttons()[0]).click()
    QTimer.singleShot(20, answer)


@pytest.fixture
def folder(tmp_path):
    return one_answer_folder(tmp_path)


def _memo(ctx) -> str:
    aid = ctx.store.find_assessment(2026, "survey")["id"]
    return ctx.store.answers(aid)["bcp"].memo


@pytest.mark.parametrize("how", ["damaged", "missing"])
def test_damaged_or_missing_data_offers_the_backup(qtbot, folder, how):
    if how == "damaged":
        (folder / DB_NAME).write_bytes(b"broken" * 2000)
    else:
        (folder / DB_NAME).unlink()
    seen: list[str] = []
    click_when_shown(qtbot, "バックアップから復元", seen)
    ctx = open_context(folder)
    try:
        assert ctx is not None and _memo(ctx) == "控え"
    finally:
        if ctx:
            ctx.close()
    title, text, question = seen[0].split("|")
    assert title == ("データファイルの破損" if how == "damaged" else "データファイルがありません")
    assert "から復元しますか" in question


def test_starting_empty_is_a_choice_not_a_default(qtbot, folder):
    (folder / DB_NAME).unlink()
    seen: list[str] = []
    click_when_shown(qtbot, "終了", seen)
    assert open_context(folder) is None
    assert not (folder / DB_NAME).exists()  # quitting changed nothing
    click_when_shown(qtbot, "空のデータで始める", seen)
    ctx = open_context(folder)
    try:
        assert ctx is not None and ctx.store.find_assessment(2026, "survey") is None
    finally:
        ctx.close()


def test_cannot_open_now_is_one_japanese_message_and_nothing_changes(qtbot, folder):
    (folder / DB_NAME).rename(folder.parent / "kept")
    (folder / DB_NAME).mkdir()
    before = sorted(str(p) for p in folder.rglob("*"))
    seen: list[str] = []
    click_when_shown(qtbot, None, seen)
    assert open_context(folder) is None
    title, text, _ = seen[0].split("|")
    assert title == "データを開けません" and "フォルダになっています" in text and "Errno" not in text
    logs = folder / "logs"
    assert sorted(str(p) for p in folder.rglob("*") if logs not in (p, *p.parents)) == before
    detail = (logs / "app.log").read_text("utf-8")  # the English detail, for whoever helps
    assert "IsADirectoryError" in detail and oct(os.stat(logs / "app.log").st_mode & 0o777) == oct(0o600)
