"""過去の回答: items down, 年度 across; changed cells highlighted; trend chart below.

A double-click (or Enter) on a year's cell asks the main window to open that item in
that year's wizard (`open_item`); the main window opens earlier years read-only.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..app import planning
from ..app.context import AppContext
from ..app.history import load_history
from ..domain import compare as cmp
from ..domain.fiscal import nendo_label
from ..domain.national import NationalFigures, figure_cell_text, figure_detail, load_national
from ..domain.trend import build_trend
from .style import COLOR_CARRIED, COLOR_NA, COLOR_UNANSWERED
from .trend_widget import TrendWidget
from .widgets import label, plain_tip

MARKER = "●変更"
ITEM_WIDTH, NATIONAL_WIDTH, YEAR_MIN, YEAR_MAX, MAX_LINES = 360, 210, 150, 260, 4
CHANGED_ROLE = Qt.ItemDataRole.UserRole + 1
CHANGED_BG = QColor("#ffe7a3")
ABSENT_BG = QColor("#f1f2f4")
FOREGROUND = {cmp.UNANSWERED: COLOR_UNANSWERED, cmp.NOT_APPLICABLE: COLOR_NA, cmp.ABSENT: COLOR_NA,
              cmp.CARRIED_STATE: COLOR_CARRIED}
ROLES = frozenset((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole,
                   Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
                   CHANGED_ROLE))


class ComparisonModel(QAbstractTableModel):
    """One row per item (its label in the vertical header, so it stays in view when the table
    scrolls sideways), one column per 年度, then 全国 when a figure exists."""

    def __init__(self, figures: NationalFigures, beds: int | None, parent=None):
        super().__init__(parent)
        self.figures, self.beds = figures, beds
        self.comparison: cmp.Comparison | None = None
        self.rows: list[cmp.Row] = []
        self.changed_only = False
        self.national = False
        self._years: tuple[int, ...] = ()
        self._national_col = -1

    def set_comparison(self, comparison: cmp.Comparison | None) -> None:
        self.beginResetModel()
        self.comparison = comparison
        q = comparison.questionnaire if comparison else ""
        self.national = bool(comparison) and any(self.figures.newest(q, r.key) for r in comparison.rows)
        self.rows = comparison.visible_rows(self.changed_only) if comparison else []
        self._years = comparison.years if comparison else ()
        self._national_col = len(self._years) if self.national else -1
        self.endResetModel()

    def set_changed_only(self, on: bool) -> None:
        self.changed_only = on
        self.set_comparison(self.comparison)

    # -- shape ---------------------------------------------------------------
    def years(self) -> tuple[int, ...]:
        return self._years

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or not self.comparison else len(self._years) + int(self.national)

    def national_column(self) -> int:
        return self._national_col

    def cell_at(self, index: QModelIndex) -> tuple[cmp.Row | None, cmp.Cell | None]:
        if not index.isValid() or index.row() >= len(self.rows):
            return None, None
        row = self.rows[index.row()]
        col = index.column()
        return row, (row.cells[col] if 0 <= col < len(self._years) else None)

    # -- data ----------------------------------------------------------------
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical:
            return self._item_data(self.rows[section], role) if 0 <= section < len(self.rows) else None
        years = self._years
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self._national_col:
                return "全国の値"
            return f"{years[section]}年度" if 0 <= section < len(years) else None
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= section < len(years):
            return nendo_label(years[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role not in ROLES:  # the view asks for many roles per cell; answer the rest quickly
            return None
        row, cell = self.cell_at(index)
        if row is None:
            return None
        if index.column() == self._national_col:
            return self._national_data(row, role)
        return self._cell_data(cell, role)

    def _item_data(self, row: cmp.Row, role):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.number}　{row.title}" + ("" if row.in_newest else "\n（最新の調査票にない項目）")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.number}　{row.title}"
        return None

    def _national_data(self, row: cmp.Row, role):
        q = self.comparison.questionnaire
        if role == Qt.ItemDataRole.DisplayRole:
            return figure_cell_text(self.figures, q, row.key, self.beds)
        if role == Qt.ItemDataRole.ToolTipRole:
            return figure_detail(self.figures, q, row.key, self.beds) or None
        return None

    def _cell_data(self, cell: cmp.Cell, role):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{MARKER}　{cell.text}" if cell.changed else cell.text
        if role == CHANGED_ROLE:
            return cell.changed
        if role == Qt.ItemDataRole.BackgroundRole:
            return CHANGED_BG if cell.changed else (ABSENT_BG if cell.state == cmp.ABSENT else None)
        if role == Qt.ItemDataRole.FontRole and cell.changed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and cell.state in FOREGROUND:
            return QColor(FOREGROUND[cell.state])
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            head = f"{nendo_label(cell.year)}" + (f"　{cell.number}" if cell.number else "")
            text = f"{head}\n{cell.text}"
            if cell.changed:
                text += f"\n前の年度から変わりました（前の年度：{cell.previous_text}）"
            return plain_tip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        return None


class HistoryScreen(QWidget):
    done = Signal()
    open_item = Signal(int, str, str)  # year, questionnaire, item_key

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.year: int | None = None
        self._layout_key: tuple[int, int] | None = None
        self.history = load_history(ctx)
        self.model = ComparisonModel(load_national(), ctx.facility().get("beds"), self)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(label("過去の回答（年度比較）", "h1"), 1)
        back = QPushButton("ホームに戻る", self)
        back.setObjectName("history:back")
        back.clicked.connect(self.done.emit)
        top.addWidget(back)
        lay.addLayout(top)
        bar = QHBoxLayout()
        bar.addWidget(label("調査票：", None))
        self.selector = QComboBox(self)
        self.selector.setObjectName("history:questionnaire")
        self.selector.setAccessibleName("比べる調査票")
        for q in cmp.questionnaires_in(self.history, ctx.registry.questionnaires()):
            newest = ctx.registry.newest(q)
            self.selector.addItem(newest.name if newest else q, q)
        bar.addWidget(self.selector)
        self.changed_only = QCheckBox("変わった項目だけ", self)
        self.changed_only.setObjectName("history:changed-only")
        bar.addWidget(self.changed_only)
        self.summary = label("", "muted")
        bar.addWidget(self.summary, 1)
        self.open_button = QPushButton("選んだ年度の回答を開く", self)
        self.open_button.setObjectName("history:open")
        bar.addWidget(self.open_button)
        lay.addLayout(bar)
        lay.addWidget(label(f"色の付いた欄（{MARKER}）は、前の年度から回答が変わった欄です。欄をダブルクリックすると、"
                            "その年度の回答画面で開きます（過ぎた年度は見るだけです）。", "muted"))
        self.table = QTableView(self)
        self.table.setObjectName("history:table")
        self.table.setAccessibleName("年度ごとの回答の比較表")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        items = self.table.verticalHeader()
        items.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                                  | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value))
        items.setFixedWidth(ITEM_WIDTH)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._activate)
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.open_button.clicked.connect(lambda: self._activate(self.table.currentIndex()))
        self.trend = TrendWidget(self)
        self.trend.set_points(build_trend(self.history))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.trend)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        lay.addWidget(splitter, 1)
        drills = planning.drill_summaries(ctx, sorted(self.history))  # the drill log beside the answers
        self.drill_line = label("研修・訓練の記録　" + "／".join(f"{y}年度：{t}" for y, t in drills.items()), "muted")
        self.drill_line.setVisible(bool(drills))
        lay.addWidget(self.drill_line)
        if not self.history:
            lay.addWidget(label("まだ回答が記録された年度がありません。", "muted"))
        self.selector.currentIndexChanged.connect(self._show_selected)
        self.changed_only.toggled.connect(self.model.set_changed_only)
        self.model.modelReset.connect(self._model_changed)
        self._show_selected()

    def set_year(self, year: int) -> None:
        """Bring the year's column into view (the main window passes the current 年度)."""
        self.year = year
        self._scroll_to_year()

    def _scroll_to_year(self) -> None:
        """The chosen year's column (else the newest) in view: wide tables scroll sideways."""
        years = self.model.years()
        if not years or not self.model.rowCount():
            return
        if self.year in years[:-1]:
            col = years.index(self.year)
        else:  # the newest year, and the national figures beside it
            col = self.model.national_column() if self.model.national else len(years) - 1
        self.table.doItemsLayout()  # apply pending section sizes so the scroll range is known
        self.table.scrollTo(self.model.index(max(0, self.table.rowAt(0)), col))

    def questionnaire(self) -> str:
        return self.selector.currentData() or ""

    def _show_selected(self) -> None:
        q = self.questionnaire()
        self.model.set_comparison(cmp.build_comparison(self.history, q) if q else None)

    def _model_changed(self) -> None:
        comp = self.model.comparison
        self.summary.setText(f"変わった欄：{len(comp.changed_cells())}（{sum(r.changed for r in comp.rows)} 項目）"
                             if comp else "")
        self.open_button.setEnabled(False)
        self._layout_key = None
        if self.isVisible():
            self._layout_columns()

    def _layout_columns(self) -> None:
        """Column widths for the window's width, then row heights (skipped when nothing changed)."""
        n_years = len(self.model.years())
        national = NATIONAL_WIDTH if self.model.national else 0
        spare = self.width() - 60 - ITEM_WIDTH - national  # margins and the scroll bar
        year_w = max(YEAR_MIN, min(YEAR_MAX, spare // max(1, n_years)))
        if (year_w, self.model.rowCount()) == self._layout_key or not self.model.columnCount():
            return
        self._layout_key = (year_w, self.model.rowCount())
        header = self.table.horizontalHeader()
        for col in range(n_years):
            header.resizeSection(col, year_w)
        if national:
            header.resizeSection(self.model.national_column(), national)
        self.table.resizeRowsToContents()
        # The item labels wrap in the vertical header, which resizeRowsToContents does not measure.
        fm = self.table.verticalHeader().fontMetrics()
        box = QRect(0, 0, ITEM_WIDTH - 12, 10_000)
        limit = fm.height() * MAX_LINES + 10
        for r in range(self.model.rowCount()):
            text = self.model.headerData(r, Qt.Orientation.Vertical)
            label_h = fm.boundingRect(box, int(Qt.TextFlag.TextWordWrap), text).height() + 6
            # Long form answers are cut at MAX_LINES lines: the tooltip shows all.
            self.table.setRowHeight(r, max(label_h, min(self.table.rowHeight(r), limit)))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._layout_columns()
        QTimer.singleShot(0, self._scroll_to_year)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.isVisible():
            self._layout_columns()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        _row, cell = self.model.cell_at(current)
        self.open_button.setEnabled(cell is not None and cell.state != cmp.ABSENT)

    def _activate(self, index: QModelIndex) -> None:
        row, cell = self.model.cell_at(index)
        if row is None or cell is None or cell.state == cmp.ABSENT:
            return
        self.open_item.emit(cell.year, self.questionnaire(), row.key)
