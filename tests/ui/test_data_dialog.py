"""Restore from the app, and export / import through the データの管理 dialog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.ui.data_dialog import DataDialog, documents_folder
from tests.ui.helpers import setup_facility


def _quiet(monkeypatch) -> list[str]:
    said: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda _p, _t, text, *a, **k: said.append(text)))
    return said


def test_restore_while_running_brings_back_the_backup(ctx, monkeypatch):
    setup_facility(ctx)
    aid = ctx.store.find_assessment(2026, "survey")["id"]
    ctx.store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))
    made = backups.make_backup(ctx.store.path, "manual")
    ctx.store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))
    moved = ctx.restore(made)
    assert ctx.store.answers(aid)["bcp"].value == {"choice": "yes"}
    assert moved is not None and moved.exists()  # the replaced file is kept, never deleted
    ctx.store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))  # the reopened store works


def test_import_of_a_bad_file_changes_nothing_and_says_why(qtbot, ctx, tmp_path, monkeypatch):
    setup_facility(ctx)
    said = _quiet(monkeypatch)
    dialog = DataDialog(ctx)
    qtbot.addWidget(dialog)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format_version": 999}), encoding="utf-8")
    before = ctx.store.facility()
    assert dialog.import_file(bad) is False
    assert said and "読み込めない" in said[-1]
    assert ctx.store.facility() == before


def test_export_then_import_into_another_folder(qtbot, ctx, tmp_path, monkeypatch):
    from hospital_sec_desk.app.context import AppContext
    from hospital_sec_desk.storage.exchange import dumps, export_all

    setup_facility(ctx)
    aid = ctx.store.find_assessment(2026, "survey")["id"]
    ctx.store.save_answer(aid, "security_officer", AnswerRecord({"choice": "no"}, memo="<b>&amp;</b> 髙"))
    out = tmp_path / "all.json"
    out.write_text(dumps(export_all(ctx.store)), encoding="utf-8")
    _quiet(monkeypatch)
    other = AppContext.open(tmp_path / "other")
    try:
        dialog = DataDialog(other)
        qtbot.addWidget(dialog)
        assert dialog.import_file(out)
        got = other.store.answers(other.store.find_assessment(2026, "survey")["id"])["security_officer"]
        assert got.value == {"choice": "no"} and got.memo == "<b>&amp;</b> 髙"
    finally:
        other.close()


def test_export_into_the_data_folder_is_refused_while_the_app_runs(qtbot, ctx, monkeypatch):
    setup_facility(ctx)
    aid = ctx.store.find_assessment(2026, "survey")["id"]
    made = backups.make_backup(ctx.store.path, "manual")
    said = _quiet(monkeypatch)
    dialog = DataDialog(ctx)
    qtbot.addWidget(dialog)
    for target in (ctx.store.path, made, ctx.folder, ctx.folder / "new.json", ctx.folder / "backups" / "x.json"):
        before = made.read_bytes()
        assert dialog.export_file(target) is None
        assert ("フォルダです" if target.is_dir() else "データの保存場所") in said[-1]
        assert made.read_bytes() == before
    ctx.store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))  # the database still works
    assert ctx.store.answers(aid)["bcp"].value == {"choice": "yes"}
    assert not (ctx.folder / "new.json").exists()


@pytest.mark.parametrize("name", ["../../../tmp/evil", "a/b\\c", "CON", "nul.txt", '<>:"|?*', "..", "  . ",
                                  "名前/../../x", "\x00\x1f", "x" * 500, "さくら記念病院"])
def test_the_suggested_export_name_stays_in_the_documents_folder(qtbot, ctx, monkeypatch, name):
    ctx.store.save_facility(name=name)
    dialog = DataDialog(ctx)
    qtbot.addWidget(dialog)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: asked.append(a) or ("", "")))
    dialog.export()
    suggested = Path(asked[0][2])
    assert suggested.parent == documents_folder()
    assert suggested.name.endswith("_データ.json") and len(suggested.name) < 120
    assert not set(suggested.name) & set('<>:"/\\|?*') and not suggested.name.startswith(".")
    if name == "さくら記念病院":
        assert suggested.name == "さくら記念病院_データ.json"


def test_file_dialogs_open_in_the_documents_folder(qtbot, ctx, monkeypatch):
    dialog = DataDialog(ctx)
    qtbot.addWidget(dialog)
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: asked.append(a) or ("", "")))
    assert dialog.import_() is False
    assert Path(asked[0][2]) == documents_folder() and documents_folder().is_dir()


def test_export_to_a_usb_folder_uses_the_safe_name(qtbot, ctx, tmp_path, monkeypatch):
    ctx.store.save_facility(name="さくら/../病院")
    usb = tmp_path / "usb"
    usb.mkdir()
    _quiet(monkeypatch)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(usb)))
    dialog = DataDialog(ctx)
    qtbot.addWidget(dialog)
    written = dialog.export_to_folder()
    assert written == usb / "さくら_病院_データ.json" and json.loads(written.read_text("utf-8"))["facility"]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(ctx.folder)))
    assert dialog.export_to_folder() is None  # the data folder itself is refused
