"""The BCP screen: the document's sections with what is left to decide, the hospital's own text
per section (kept per 年度), preview and print, PDF / Word / Excel files.

Calls app/planning only. The text typed here is saved when the user presses 保存, moves to
another section or leaves the screen; building the document never overwrites it. Edits made
in Word do not come back — the screen says so.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..app import planning
from ..app.context import AppContext
from ..domain.bcp_document import BcpDocument, load_spec
from ..domain.fiscal import nendo_label
from . import file_dialogs
from .pdf_preview import PdfPreview
from .widgets import label, named, push_button

EDITED = "病院で編集した本文です（入力すると自動で保存され、作り直しても残ります）。"
DEFAULT = "アプリの文案です。病院に合わせて書き換えてください（入力すると自動で保存されます）。"
AUTOSAVE_MS = 1500  # the body is saved this long after the last keystroke (and on leaving it)


def _item_text(heading: str, edited: bool, decide: int) -> str:
    return f"  {heading}" + ("（編集済み）" if edited else "") + (f" ［{decide}］" if decide else "")


class PreviewDialog(QDialog):
    def __init__(self, pdf: bytes, parent=None):
        super().__init__(parent)
        self.setWindowTitle("BCPのプレビュー")
        self.preview = PdfPreview(self)
        self.preview.set_pdf(pdf)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        printing = buttons.addButton("印刷", QDialogButtonBox.ButtonRole.ActionRole)
        printing.clicked.connect(lambda: self.preview.print_document(self))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.preview, 1)
        lay.addWidget(buttons)
        self.resize(760, 560)


class BcpScreen(QWidget):
    done = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx, self.year, self.doc, self.key = ctx, ctx.current_year(), None, ""
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = label("", "h1")
        top.addWidget(self.title, 1)
        top.addWidget(self._button("ホームへ戻る", "bcp-back", self.leave))
        lay.addLayout(top)
        lay.addWidget(label(load_spec().notice, "muted"))
        self.word_note = named(label(planning.WORD_EDITS_NOTE, "banner"), "bcp-word-note", "Wordでの編集について")
        lay.addWidget(self.word_note)
        self.sections = named(QListWidget(self), "bcp-sections", "BCPの章と節")
        self.sections.setWordWrap(True)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.currentRowChanged.connect(self._section_changed)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.heading = named(label("", "h2"), "bcp-heading", "節の見出し")
        self.edited = named(label("", "muted"), "bcp-edited", "本文の状態")
        self.body = named(QPlainTextEdit(self), "bcp-body", "節の本文")
        self.body.setTabChangesFocus(True)
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self.body.textChanged.connect(self._typed)
        rl.addWidget(self.heading)
        rl.addWidget(self.edited)
        rl.addWidget(self.body, 1)
        row = QHBoxLayout()
        row.addWidget(self._button("この本文を保存", "bcp-save-text", self.save_text))
        row.addWidget(self._button("アプリの文案に戻す", "bcp-reset-text", self.reset_text))
        row.addStretch(1)
        rl.addLayout(row)
        self.decide = named(label("", "banner"), "bcp-decide", "病院で決めること")
        self.decide.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rl.addWidget(self.decide)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(label("［ ］は病院で決めることの数", "muted"))
        ll.addWidget(self.sections, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([340, 660])
        lay.addWidget(split, 1)
        out = QHBoxLayout()
        out.addWidget(self._button("プレビュー・印刷", "bcp-preview", self.show_preview))
        out.addWidget(self._button("PDFで保存", "bcp-pdf", lambda: self.save_file("pdf")))
        out.addWidget(self._button("Wordで保存（.docx）", "bcp-docx", lambda: self.save_file("docx")))
        out.addWidget(self._button("Excelで保存（行動計画）", "bcp-xlsx", lambda: self.save_file("xlsx")))
        out.addStretch(1)
        lay.addLayout(out)
        self.status = named(label("", "muted"), "bcp-status", "状態")
        lay.addWidget(self.status)
        self.set_year(self.year)

    def _button(self, text: str, name: str, slot) -> QPushButton:
        return push_button(self, text, name, slot)

    # -- the document -----------------------------------------------------------------
    def set_year(self, year: int) -> None:
        self.year = year
        self.title.setText(f"BCP（事業継続計画）の下書き　{nendo_label(year)}")
        self.rebuild()

    def rebuild(self) -> bool:
        """Build the document again (facts refreshed, stored edits kept) and refill the list."""
        try:
            self.doc: BcpDocument | None = planning.bcp_document(self.ctx, self.year)
        except Exception as exc:  # noqa: BLE001 - every failure is shown in Japanese
            self.status.setText(planning.message(exc))
            return False
        row = max(self.sections.currentRow(), 0)
        self.sections.blockSignals(True)
        self.sections.clear()
        for ch in self.doc.chapters:
            head = QListWidgetItem(ch.heading)
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            self.sections.addItem(head)
            for s in ch.sections:
                item = QListWidgetItem(_item_text(s.heading, s.edited, len(s.to_decide)))
                item.setData(Qt.ItemDataRole.UserRole, s.key)
                self.sections.addItem(item)
        self.sections.blockSignals(False)
        if self.sections.item(row) is None or not self.sections.item(row).data(Qt.ItemDataRole.UserRole):
            row = 1
        self.sections.setCurrentRow(row)
        self._show(self.sections.item(row).data(Qt.ItemDataRole.UserRole))
        return True

    def _show(self, key: str) -> None:
        section = self.doc.section(key)
        self.key = key
        self.heading.setText(section.heading)
        self.edited.setText(EDITED if section.edited else DEFAULT)
        self.body.setPlainText(section.body)
        self.body.document().setModified(False)
        lines = [f"□ {x}" for x in section.to_decide]
        self.decide.setText("病院で決めること\n" + "\n".join(lines) if lines else "この節で決めることは残っていません。")

    def _section_changed(self, row: int) -> None:
        item = self.sections.item(row)
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not key or key == self.key:
            return
        if not self.flush():
            return
        self._show(key)

    # -- the hospital's text ----------------------------------------------------------
    def flush(self) -> bool:
        """Save the body being edited, if changed; False (and a message) when it cannot be saved."""
        if not self.key or not self.body.document().isModified():
            return True
        return self.save_text()

    def _typed(self) -> None:
        if self.body.document().isModified():
            self._autosave.start()

    def autosave(self) -> bool:
        """Save the body being typed without rebuilding the page (the cursor stays where it is)."""
        self._autosave.stop()
        if not self.key or not self.body.document().isModified():
            return True
        try:
            kept = planning.save_bcp_text(self.ctx, self.year, self.key, self.body.toPlainText())
        except Exception as exc:  # noqa: BLE001 - shown in Japanese; the text stays to be saved again
            self.status.setText(planning.message(exc))
            return False
        self.body.document().setModified(False)
        section = self.doc.section(self.key)
        item = self.sections.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == self.key:
            item.setText(_item_text(section.heading, kept, len(section.to_decide)))
        self.edited.setText(EDITED if kept else DEFAULT)
        self.status.setText("本文を保存しました。" if kept else "アプリの文案と同じです（編集は残していません）。")
        return True

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API): leaving the screen or closing the window
        self.autosave()
        super().hideEvent(event)

    def save_text(self) -> bool:
        self._autosave.stop()
        try:
            kept = planning.save_bcp_text(self.ctx, self.year, self.key, self.body.toPlainText())
        except Exception as exc:  # noqa: BLE001 - every failure is shown in Japanese
            QMessageBox.warning(self, "保存できません", planning.message(exc))
            return False
        self.body.document().setModified(False)
        self.status.setText("本文を保存しました。" if kept else "アプリの文案のままです（保存する変更はありません）。")
        return self.rebuild()

    def reset_text(self) -> None:
        answer = QMessageBox.question(self, "アプリの文案に戻す", "この節の本文を、アプリの文案に戻しますか？"
                                      "（病院で編集した本文は消えます）",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            planning.save_bcp_text(self.ctx, self.year, self.key, "")
        except Exception as exc:  # noqa: BLE001 - every failure is shown in Japanese
            QMessageBox.warning(self, "保存できません", planning.message(exc))
            return
        self.body.document().setModified(False)
        if self.rebuild():
            self.status.setText("アプリの文案に戻しました。")

    def leave(self) -> None:
        if self.flush():
            self.done.emit()

    # -- output -------------------------------------------------------------------------
    def show_preview(self) -> None:
        if not self.flush():
            return
        try:
            pdf = planning.bcp_pdf(self.ctx, self.year)
        except Exception as exc:  # noqa: BLE001 - every failure is shown in Japanese
            QMessageBox.warning(self, "表示できません", planning.message(exc))
            return
        PreviewDialog(pdf, self).exec()

    def save_file(self, kind: str) -> Path | None:
        if not self.flush():
            return None
        what = {"pdf": ("BCP", "PDF (*.pdf)", planning.write_bcp_pdf),
                "docx": ("BCP", "Word (*.docx)", planning.write_bcp_docx),
                "xlsx": ("行動計画と回答", "Excel (*.xlsx)", planning.write_workbook)}
        stem, filters, write = what[kind]
        name = f"{stem}_{self.year}年度.{kind}"
        chosen = file_dialogs.save_file_dialog(self, f"{stem}を保存", file_dialogs.documents_path(name), filters)
        if not chosen:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            target = write(self.ctx, self.year, chosen)
        except Exception as exc:  # noqa: BLE001 - every failure is shown in Japanese
            QMessageBox.warning(self, "保存できません", planning.message(exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        extra = "　Wordで編集した内容はアプリには戻りません。" if kind == "docx" else ""
        self.status.setText(f"保存しました：{target}{extra}")
        return target
