"""Restore from the app, and export / import through the データの管理 dialog."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.ui.data_dialog import DataDialog
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
