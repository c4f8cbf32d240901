"""A PDF preview with print and save, shared by the 連絡先 and 印刷 screens.

Printing renders each page with QPdfDocument at the printer's resolution and paints
it onto QPrinter: no external viewer, the same pages as the preview. The pages on the screen
are rendered only when seen (ui/pdf_pages.py); `release()` drops the document and its images.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from . import file_dialogs
from .errors import show_error
from .pdf_pages import PdfPageView


class PdfPreview(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._data = b""
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self.view = PdfPageView(self)
        self.view.setAccessibleName("印刷プレビュー")
        self.status = QLabel("プレビューはまだありません。", self)
        self.status.setObjectName("muted")
        self.view.placeholder = self.status.text()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

    @property
    def data(self) -> bytes:
        return self._data

    def page_count(self) -> int:
        return self.document.pageCount()

    def set_pdf(self, data: bytes) -> None:
        self._data = bytes(data)
        self.view.clear()
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(self._data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.view.set_document(self.document)
        n = self.document.pageCount()
        self.set_note(f"{n} ページ" if n else "プレビューを表示できません。")

    def set_note(self, text: str) -> None:
        """The line under the preview, also said in the middle of an empty preview."""
        self.status.setText(text)
        self.view.placeholder = text
        self.view.viewport().update()

    def release(self, text: str = "プレビューはまだありません。") -> None:
        """Drop the document, its page images and the bytes (the screen builds again when needed)."""
        self.view.clear()
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self._data = b""
        self.set_note(text)

    def print_document(self, parent=None) -> bool:
        if not self._data or self.document.pageCount() == 0:
            QMessageBox.information(parent or self, "印刷", "印刷する内容がありません。")
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("hospital_sec_desk")
        dialog = QPrintDialog(printer, parent or self)
        dialog.setWindowTitle("印刷")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        return self.render_to(printer)

    def render_to(self, printer: QPrinter) -> bool:
        """Paint every page at the printer's resolution, fitted to the printable area."""
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "印刷", "プリンターを開始できませんでした。")
            return False
        try:
            dpi = printer.resolution()
            first, last = 0, self.document.pageCount() - 1
            if printer.fromPage() > 0:
                first, last = printer.fromPage() - 1, min(last, printer.toPage() - 1)
            for index in range(first, last + 1):
                if index > first:
                    printer.newPage()
                size_pt = self.document.pagePointSize(index)
                target = QSize(int(size_pt.width() / 72 * dpi), int(size_pt.height() / 72 * dpi))
                image = self.document.render(index, target)
                area = painter.viewport()
                scaled = target.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(QPoint(0, 0), scaled), image)
        finally:
            painter.end()
        return True

    def save_as(self, parent, suggested_name: str, save: Callable[[str, bytes], Path]) -> Path | None:
        """Ask where, then `save(chosen, pdf)` (the screen's checked writer: never into the data
        folder, the suffix typed kept); a failure is said in Japanese and nothing is written."""
        if not self._data:
            return None
        path = file_dialogs.save_file_dialog(parent or self, "PDFとして保存",
                                            file_dialogs.documents_path(suggested_name), "PDF (*.pdf)")
        if not path:
            return None
        try:
            return save(path, self._data)
        except Exception as exc:  # noqa: BLE001 - every failure is shown in Japanese
            show_error(parent or self, "保存できません", exc)
            return None
