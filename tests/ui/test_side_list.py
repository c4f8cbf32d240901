"""The wizard's side list is built once and updated in place: an answer changes its own entry's
mark, a move changes the highlight, and the entries stay the same objects (no rebuild per click)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hospital_sec_desk.ui.wizard import WizardScreen
from tests.ui.helpers import setup_facility, show_active

HIGHLIGHT = "#dde8f8"


def _entries(wizard) -> dict[str, object]:
    side = wizard.side
    return {side.item(i).data(Qt.ItemDataRole.UserRole): side.item(i) for i in range(side.count())
            if side.item(i).data(Qt.ItemDataRole.UserRole)}


def _highlighted(wizard) -> list[str]:
    return [k for k, e in _entries(wizard).items() if e.background().color().name() == HIGHLIGHT
            and e.background().style() != Qt.BrushStyle.NoBrush]


def test_an_answer_updates_its_entry_in_place_and_the_highlight_follows(qtbot, ctx):
    setup_facility(ctx)
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    show_active(qtbot, wizard)
    before = _entries(wizard)
    assert before["security_officer"].text().startswith("○") and _highlighted(wizard) == ["security_officer"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)  # はい
    after = _entries(wizard)
    assert after["security_officer"].text().startswith("✓")
    assert all(after[k] is before[k] for k in before)  # the same entries, changed in place
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wizard.current_key == "info_management_rules"
    assert _highlighted(wizard) == ["info_management_rules"]
    assert _entries(wizard)["security_officer"].text().startswith("✓")
