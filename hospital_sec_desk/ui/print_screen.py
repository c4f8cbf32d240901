"""The 印刷 screen: tick the parts, look at the preview, print, save as PDF, export CSV.

The report is built by reports/ (this screen never touches reportlab): on the GUI
thread with a wait cursor, as a full report takes well under a second.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..app import preview as out
from ..app.context import AppContext
from ..domain.fiscal import nendo_label
from . import file_dialogs
from .errors import show_error
from .pdf_preview import PdfPreview
from .widgets import label

REFRESH_DELAY_MS = 400
_BAD_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_stem(hospital: str, year: int) -> str:
    """病院名_2026年度 with characters Windows forbids in file names removed."""
    name = _BAD_FILENAME.sub("_", (hospital or "").strip()).strip(" ._") or "病院"
    return f"{name[:60]}_{year}年度"


class PrintScreen(QWidget):
    done = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = ctx.current_year()
        self._stale = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

        self.title = label("印刷・書き出し", "h1", self)
        self.year_label = label("", "muted", self)
        self.boxes: dict[str, QCheckBox] = {}
        group = QGroupBox("印刷する内容", self)
        box_layout = QVBoxLayout(group)
        for key, text in out.report_parts().items():
            box = QCheckBox(text, group)
            box.setObjectName(f"part:{key}")
            box.setAccessibleName(f"印刷する内容：{text}")
            box.setChecked(key in out.DEFAULT_PARTS)
            box.toggled.connect(self._changed)
            box_layout.addWidget(box)
            self.boxes[key] = box
        choose = QHBoxLayout()
        self.all_button = QPushButton("すべて選ぶ", group)
        self.all_button.clicked.connect(lambda: self._select(set(self.boxes)))
        self.main_button = QPushButton("標準に戻す", group)
        self.main_button.clicked.connect(lambda: self._select(set(out.DEFAULT_PARTS)))
        choose.addWidget(self.all_button)
        choose.addWidget(self.main_button)
        box_layout.addLayout(choose)

        self.refresh_button = QPushButton("プレビュー更新", self)
        self.refresh_button.clicked.connect(self.refresh)
        self.print_button = QPushButton("印刷", self)
        self.print_button.setProperty("primary", True)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button = QPushButton("PDFとして保存", self)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.csv_button = QPushButton("CSVで書き出し", self)
        self.csv_button.setToolTip("回答をExcelで開けるCSVファイル（UTF-8、BOM付き）に書き出します。")
        self.csv_button.clicked.connect(self.save_csv)
        self.back_button = QPushButton("ホームへ戻る", self)
        self.back_button.clicked.connect(self.done.emit)
        self.status = label("", "muted", self)
        self.poster_notes = label("", None, self)  # the poster's notices, when it is ticked
        self.poster_notes.setObjectName("print:poster-notices")
        self.poster_notes.setProperty("role", "banner")
        self.poster_notes.setVisible(False)

        # Actions stay visible at the top; only the list of parts scrolls.
        scroll = QScrollArea(self)
        scroll.setAccessibleName("印刷する内容の選択")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(group)
        side = QVBoxLayout()
        for w in (self.title, self.year_label, self.print_button, self.pdf_button, self.csv_button,
                  self.refresh_button, self.status, self.poster_notes):
            side.addWidget(w)
        side.addWidget(scroll, 1)
        side.addWidget(self.back_button)
        side_widget = QWidget(self)
        side_widget.setLayout(side)
        side_widget.setFixedWidth(360)
        self.preview = PdfPreview(self)
        layout = QHBoxLayout(self)
        layout.addWidget(side_widget)
        layout.addWidget(self.preview, 1)
        self.set_year(self.year)

    # -- state ------------------------------------------------------------------
    def set_year(self, year: int) -> None:
        self.year = year
        self.year_label.setText(f"対象：{nendo_label(year)}")
        has_previous = out.has_previous_year(self.ctx, year)
        changes = self.boxes.get("changes")
        if changes is not None:
            changes.setToolTip("" if has_previous else "前年度のデータがないため、この部分は印刷されません。")
        self._changed()

    def selected_parts(self) -> list[str]:
        return [k for k, box in self.boxes.items() if box.isChecked()]

    def _select(self, keys: set[str]) -> None:
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(key in keys)
            box.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        self._stale = True
        has_parts = bool(self.selected_parts())
        for button in (self.refresh_button, self.print_button, self.pdf_button):
            button.setEnabled(has_parts)
        self.status.setText("" if has_parts else "印刷する内容を1つ以上選んでください。")
        if has_parts and self.isVisible():
            self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self.selected_parts():
            self._timer.start()

    def hideEvent(self, event) -> None:
        # A hidden (or closing) screen builds nothing: the data may be closing too.
        self._timer.stop()
        super().hideEvent(event)

    # -- building -----------------------------------------------------------------
    def refresh(self) -> bool:
        """Build the PDF of the ticked parts and show it; False when it could not be built."""
        self._timer.stop()
        parts = self.selected_parts()
        if not parts:
            return False
        self.status.setText("報告書を作成しています…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        try:
            data = out.report_pdf(self.ctx, self.year, parts)
        except Exception as exc:  # show, never crash the app
            QApplication.restoreOverrideCursor()
            self.status.setText("報告書を作成できませんでした。")
            QMessageBox.warning(self, "報告書を作成できません", f"報告書の作成中に問題が起きました。\n{exc}")
            return False
        QApplication.restoreOverrideCursor()
        self.preview.set_pdf(data)
        self._stale = False
        self._poster_notices()
        self.status.setText(f"プレビューを更新しました（{self.preview.page_count()} ページ）。")
        return True

    def _poster_notices(self) -> None:
        """Before the poster is printed: the unconfirmed shipped 厚生労働省 entry, and contacts
        that do not fit one sheet (A3 or a second sheet offered)."""
        notes = out.poster_warnings(self.ctx, self.year, "A4") if "poster" in self.selected_parts() else []
        self.poster_notes.setText("\n".join(notes))
        self.poster_notes.setVisible(bool(notes))

    def _ready(self) -> bool:
        return (not self._stale and bool(self.preview.data)) or self.refresh()

    # -- actions --------------------------------------------------------------------
    def suggested_name(self, kind: str, suffix: str) -> str:
        return f"{file_stem(self.ctx.facility().get('name', ''), self.year)}_{kind}{suffix}"

    def print_report(self) -> bool:
        return self._ready() and self.preview.print_document(self)

    def save_pdf(self) -> Path | None:
        if not self._ready():
            return None
        path = self.preview.save_as(self, self.suggested_name("報告書", ".pdf"),
                                    lambda chosen, pdf: out.save_file(self.ctx, chosen, pdf, ".pdf"))
        if path is not None:
            self.status.setText(f"保存しました：{path}")
        return path

    def save_csv(self) -> Path | None:
        chosen = file_dialogs.save_file_dialog(
            self, "CSVで書き出し", file_dialogs.documents_path(self.suggested_name("回答", ".csv")), "CSV (*.csv)")
        if not chosen:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            target = out.save_file(self.ctx, chosen, out.answers_csv(self.ctx, self.year), ".csv")
        except Exception as exc:  # noqa: BLE001 - every failure is shown in Japanese
            QApplication.restoreOverrideCursor()
            show_error(self, "保存できません", exc)
            return None
        QApplication.restoreOverrideCursor()
        self.status.setText(f"CSVを保存しました：{target}")
        return target

