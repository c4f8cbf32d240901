"""The 印刷 screen: tick the parts, look at the preview, print, save as PDF, export CSV.

The report is built in a worker process (ui/report_builder.py on app/report_job.py), so that
reportlab's fonts and layout never stay in the window's memory. The standard parts start
building once the screen has painted, a tick's build after a short delay (a worker warms up
meanwhile); both run in the background, shown by a busy bar with 「作成を中止」. 「プレビュー更新」,
「印刷」 and 「PDFとして保存」 wait for theirs behind a window-modal progress dialog that can cancel
it. The worker is kept for the next build while the screen is shown; leaving the screen or
closing the window ends it and drops the preview's document.
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
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..app import preview as out
from ..app.context import AppContext
from ..app.report_job import JobResult
from ..domain.fiscal import nendo_label
from . import file_dialogs
from .errors import show_error
from .pdf_preview import PdfPreview
from .report_builder import ReportBuilder
from .widgets import label

REFRESH_DELAY_MS = 400
_BAD_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_stem(hospital: str, year: int) -> str:
    """病院名_2026年度 with characters Windows forbids in file names removed."""
    name = _BAD_FILENAME.sub("_", (hospital or "").strip()).strip(" ._") or "病院"
    return f"{name[:60]}_{year}年度"


class PrintScreen(QWidget):
    done = Signal()
    built = Signal(bool)  # a build ended: True when the preview now shows it

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = ctx.current_year()
        self._stale = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.start_build)
        self._last_ok = False  # how the last build ended
        self.builder = ReportBuilder(ctx, self)
        self.builder.finished.connect(self._built)
        self.builder.progress.connect(self._progress)

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
        self.busy = QProgressBar(self)  # shown while the worker builds (no percentage is known)
        self.busy.setObjectName("print:busy")
        self.busy.setAccessibleName("報告書を作成中")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.cancel_button = QPushButton("作成を中止", self)
        self.cancel_button.setObjectName("print:cancel")
        self.cancel_button.clicked.connect(self.cancel_build)
        self.cancel_button.setVisible(False)
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
                  self.refresh_button, self.status, self.busy, self.cancel_button, self.poster_notes):
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
        if not has_parts:
            self.cancel_build()
        self.status.setText("" if has_parts else "印刷する内容を1つ以上選んでください。")
        if has_parts and self.isVisible():
            self.builder.warm()
            self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self.selected_parts():
            # no ticks to wait for: the build starts once the screen has painted (it runs aside)
            self._timer.stop()
            QTimer.singleShot(0, self, self._build_shown)

    def _build_shown(self) -> None:
        if self.isVisible() and self._stale and not self.building() and not self._timer.isActive():
            self.start_build()

    def hideEvent(self, event) -> None:
        # A hidden (or closing) screen builds nothing: the data may be closing too. Its worker
        # ends, and (unless only minimised) the preview's document and images are dropped.
        self._timer.stop()
        self.builder.stop()
        if not event.spontaneous():
            self.preview.release()
            self._stale = True
        super().hideEvent(event)

    # -- building -----------------------------------------------------------------
    def building(self) -> bool:
        return self.builder.building()

    def worker_pid(self) -> int | None:
        """The process building the report now (None when none is)."""
        return self.builder.worker_pid()

    def idle_worker_pid(self) -> int | None:
        """The process kept for the next build (None when none is)."""
        return self.builder.idle_worker_pid()

    def start_build(self) -> bool:
        """Start building the ticked parts in the worker (returns at once); False when none."""
        self._timer.stop()
        parts = self.selected_parts()
        if not parts:
            return False
        if self.builder.building((self.year, tuple(parts))):
            return True  # that very build is under way
        self.busy.setVisible(True)
        self.cancel_button.setVisible(True)
        self.status.setText("報告書を作成しています…")
        self.preview.set_note("報告書を作成しています…")
        try:
            self.builder.start(self.year, parts)
        except Exception as exc:  # noqa: BLE001 - reading the data failed: said in Japanese
            self.busy.setVisible(False)
            self.cancel_button.setVisible(False)
            self.status.setText("報告書を作成できませんでした。")
            show_error(self, "報告書を作成できません", exc)
            return False
        return True

    def cancel_build(self) -> None:
        """End the worker's build (the preview keeps what it showed)."""
        self.builder.cancel()

    def _progress(self, seconds: int) -> None:
        self.status.setText(f"報告書を作成しています…（{seconds} 秒）" if seconds else "報告書を作成しています…")

    def _built(self, result: JobResult, key: tuple) -> None:
        self.busy.setVisible(False)
        self.cancel_button.setVisible(False)
        self._last_ok = result.ok
        self._show(result, key)
        self.built.emit(result.ok)

    def _show(self, result: JobResult, key: tuple) -> None:
        if result.ok:
            self.preview.set_pdf(result.data)
            self._stale = key != (self.year, tuple(self.selected_parts()))  # ticks changed meanwhile
            self.poster_notes.setText("\n".join(result.notices))
            self.poster_notes.setVisible(bool(result.notices))
            self.status.setText(f"プレビューを更新しました（{self.preview.page_count()} ページ）。")
            return
        had = bool(self.preview.data)
        if result.cancelled:
            self.status.setText("作成を中止しました。「プレビュー更新」で作り直せます。")
        else:
            self.status.setText("報告書を作成できませんでした。")
        self.preview.set_note(f"{self.preview.page_count()} ページ（前回の内容）" if had
                              else "プレビューはまだありません。")
        if not result.cancelled and self.isVisible():
            QMessageBox.warning(self, "報告書を作成できません", result.message)

    def refresh(self) -> bool:
        """Build the ticked parts and show them, waiting behind a progress dialog that can cancel;
        False when nothing was built (no parts, cancelled, or failed: then said in Japanese)."""
        if not self.start_build():
            return False
        if not self.builder.building():  # it ended at once (the worker could not start): already said
            return self._last_ok
        return self.builder.wait(self)

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

