"""過去の回答 screen, trend chart and readiness panel, driven through their real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hospital_sec_desk.ui.history_screen import CHANGED_ROLE, MARKER, HistoryScreen
from hospital_sec_desk.ui.readiness_panel import ReadinessPanel
from hospital_sec_desk.ui.trend_widget import COLORS
from tests.domain.test_compare import EXPECTED_CHANGED, three_years


def _screen(qtbot, ctx) -> HistoryScreen:
    three_years(ctx)
    screen = HistoryScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show()
    return screen


def _marked(model) -> set[tuple[str, int]]:
    years = model.years()
    found = set()
    for r in range(model.rowCount()):
        for c in range(len(years)):
            if model.index(r, c).data(CHANGED_ROLE):
                found.add((model.rows[r].key, years[c]))
    return found


def test_model_marks_exactly_the_changed_cells(qtbot, ctx):
    model = _screen(qtbot, ctx).model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "2024年度"
    assert "令和8年度" in model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    first = model.headerData(0, Qt.Orientation.Vertical)  # item labels are the row headers
    assert first.startswith("1") and "回答者" in first
    old_only = next(n for n, r in enumerate(model.rows) if r.key == "backup_copies")
    assert "最新の調査票にない項目" in model.headerData(old_only, Qt.Orientation.Vertical)
    assert _marked(model) == EXPECTED_CHANGED
    row = next(n for n, r in enumerate(model.rows) if r.key == "bcp")
    changed = model.index(row, 1)  # 2025: いいえ -> はい
    assert changed.data().startswith(MARKER) and changed.data().endswith("はい")
    assert changed.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert changed.data(Qt.ItemDataRole.FontRole).bold()
    assert "前の年度：いいえ" in changed.data(Qt.ItemDataRole.AccessibleTextRole)
    same = model.index(row, 2)  # 2026: はい again
    assert not same.data().startswith(MARKER) and same.data(Qt.ItemDataRole.BackgroundRole) is None


def test_changed_only_filter_hides_unchanged_rows(qtbot, ctx):
    screen = _screen(qtbot, ctx)
    total = screen.model.rowCount()
    screen.changed_only.setChecked(True)
    visible = {r.key for r in screen.model.rows}
    assert visible == {k for k, _ in EXPECTED_CHANGED}
    assert screen.model.rowCount() == len(visible) < total
    assert _marked(screen.model) == EXPECTED_CHANGED
    screen.changed_only.setChecked(False)
    assert screen.model.rowCount() == total


def test_national_figures_column(qtbot, ctx):
    screen = _screen(qtbot, ctx)
    model = screen.model
    col = model.national_column()
    assert model.headerData(col, Qt.Orientation.Horizontal) == "全国の値"
    row = next(n for n, r in enumerate(model.rows) if r.key == "security_officer")
    assert model.index(row, col).data() == "全国 86%（2024年調査）\n20〜99床 81%"  # the hospital has 60 beds
    tip = model.index(row, col).data(Qt.ItemDataRole.ToolTipRole)
    assert "出典" in tip and "2024年2月1日〜3月8日" in tip
    respondent = next(n for n, r in enumerate(model.rows) if r.key == "respondent")
    assert model.index(respondent, col).data() == ""


def test_activating_a_cell_opens_that_years_item(qtbot, ctx):
    screen = _screen(qtbot, ctx)
    model = screen.model
    row = next(n for n, r in enumerate(model.rows) if r.key == "bcp_drill")
    with qtbot.waitSignal(screen.open_item) as blocker:
        screen.table.activated.emit(model.index(row, 1))
    assert blocker.args == [2025, "survey", "bcp_drill"]
    absent = next(n for n, r in enumerate(model.rows) if r.key == "staff_training")
    with qtbot.assertNotEmitted(screen.open_item):
        screen.table.activated.emit(model.index(absent, 0))  # 2024's r6 had no such item
    screen.table.setCurrentIndex(model.index(row, 2))
    assert screen.open_button.isEnabled()
    with qtbot.waitSignal(screen.done):
        screen.findChild(type(screen.open_button), "history:back").click()


def test_questionnaire_selector_and_trend(qtbot, ctx):
    screen = _screen(qtbot, ctx)
    screen.selector.setCurrentIndex(screen.selector.findData("bcp"))
    assert _marked(screen.model) == {("b1_1_2", 2025), ("b1_1_4", 2026)}
    assert screen.model.national_column() == -1
    summary = screen.trend.summary_text()
    for text in ("2024年度（令和6年度）", "22%", "37%", "29%", "6%", "18%", "59%"):
        assert text in summary
    image = screen.trend.grab().toImage()
    seen = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}
    assert {COLORS["survey"].name(), COLORS["bcp"].name()} <= seen  # both series drew bars


def _statuses(panel) -> dict[str, str]:
    return {w.objectName().split(":")[1]: w.property("status")
            for w in panel.findChildren(QLabel) if w.objectName().startswith("readiness:")}


def test_readiness_panel(qtbot, ctx):
    three_years(ctx)
    panel = ReadinessPanel(ctx)
    qtbot.addWidget(panel)
    panel.set_year(2025)
    labels = len(panel.findChildren(QLabel))
    panel.set_year(2025)  # r6: Q2 はい, Q10 はい / Q10-1 いいえ, Q12-2 ②, Q12-4 ③, Q12-5 はい
    assert _statuses(panel) == {"guideline": "unknown", "officer": "unknown", "training": "unknown",
                                "qualification": "unknown", "backup": "unknown", "bcp": "not_met"}
    assert len(panel.findChildren(QLabel)) == labels
    panel.set_year(2026)  # r8: 設問2 いいえ, 設問6 はい, 設問7/7-1 はい, 設問17-1 はい
    # ✓ needs every named condition (年1回程度, 改善: recorded facts); (10) is 望ましい: never ×
    assert _statuses(panel) == {"guideline": "not_met", "officer": "not_met", "training": "unknown",
                                "qualification": "unknown", "backup": "unknown", "bcp": "unknown"}
    assert "満たしている 0" in panel.subtitle.text()
