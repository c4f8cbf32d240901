"""Checklist pages: device grids answer per device; 目標日 appears only for いいえ; item 0 gates all."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton

from hospital_sec_desk.ui.wizard import REVIEW, WizardScreen
from tests.ui.helpers import setup_facility


def test_device_grid_and_target_date(qtbot, ctx):
    setup_facility(ctx)
    wizard = WizardScreen(ctx, 2026, "checklist", "restart")
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.current_key == "uses_medical_systems"
    wizard.page.press_number(1)
    wizard.forward()
    wizard.go("asset_ledger")
    page = wizard.page
    assert set(page.date_rows) == {"checked_on", "target_on"}
    assert page.date_edits["checked_on"].isVisible() and not page.date_edits["target_on"].isVisible()
    for dev, choice in (("server", "yes"), ("pc", "no"), ("network", "yes")):
        btn = wizard.findChild(QAbstractButton, f"answer:checklist:asset_ledger:{dev}.{choice}")
        assert btn is not None, dev
        btn.setChecked(True)
    assert wizard.session.record("asset_ledger").value["devices"] == {"server": "yes", "pc": "no", "network": "yes"}
    assert wizard.session.is_answered("asset_ledger")
    assert page.date_edits["target_on"].isVisible()
    page.date_edits["target_on"].setText("２０２７年３月３１日")
    assert wizard.session.record("asset_ledger").value["dates"]["target_on"] == "2027-03-31"
    page.date_edits["checked_on"].setText("2026-02-30")
    assert "dates" not in wizard.session.record("asset_ledger").value or \
        "checked_on" not in wizard.session.record("asset_ledger").value["dates"]
    assert page.date_edits["checked_on"].text() == "2026-02-30"  # nothing typed is lost


def test_item0_no_makes_everything_else_not_applicable(qtbot, ctx):
    setup_facility(ctx)
    wizard = WizardScreen(ctx, 2026, "checklist", "restart")
    qtbot.addWidget(wizard)
    wizard.page.press_number(2)
    wizard.forward()
    assert wizard.current_key == REVIEW
    assert len(wizard.page.not_applicable) == len(wizard.edition.items) - 1
