"""The 研修・訓練の記録 screen: the log as a table, a dialog to add or edit a record, delete, Excel.

Calls app/planning only. A record is saved only when it is valid (the dialog stays open
and says what to fix); a storage problem is shown in Japanese and nothing is pretended.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..app import planning
from ..app.context import AppContext
from ..domain.dates import jp_date
from ..domain.drills import Drill
from ..domain.fiscal import nendo_label
from . import file_dialogs
from .widgets import label, named, push_button

COLUMNS = ("実施日", "種類", "テーマ・研修名", "人数", "決めた改善策", "次回予定日")



class DrillDialog(QDialog):
    """One record's fields; 保存 validates first and keeps the dialog open on a problem."""

    def __init__(self, ctx: AppContext, drill: Drill | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.drill, self.saved = ctx, drill, None
        self.setWindowTitle("研修・訓練の記録を" + ("編集" if drill else "追加"))
        form = QFormLayout()
        self.held_on = named(QLineEdit(drill.held_on.isoformat() if drill else "", self), "drill:held_on", "実施日")
        self.held_on.setPlaceholderText("例：2026-10-15")
        self.kind = named(QComboBox(self), "drill:kind", "種類")
        self.kind.addItems(planning.KINDS)
        if drill:
            self.kind.setCurrentText(drill.kind)
        self.topic = named(QLineEdit(drill.topic if drill else "", self), "drill:topic", "テーマ・研修名")
        self.topic.setPlaceholderText("例：ランサムウェア感染を想定した初動対応訓練")
        self.participants = named(QLineEdit("" if not drill or drill.participants is None
                                             else str(drill.participants), self), "drill:participants", "参加人数")
        self.findings = self._text("drill:findings", "気づいた課題", drill.findings if drill else "")
        self.improvements = self._text("drill:improvements", "決めた改善策", drill.improvements if drill else "")
        self.next_on = named(QLineEdit(drill.next_on.isoformat() if drill and drill.next_on else "", self),
                              "drill:next_on", "次回予定日")
        self.next_on.setPlaceholderText("例：2027-10-01（未定なら空欄）")
        for text, widget in (("実施日", self.held_on), ("種類", self.kind), ("テーマ・研修名", self.topic),
                             ("参加人数", self.participants), ("気づいた課題", self.findings),
                             ("決めた改善策", self.improvements), ("次回予定日", self.next_on)):
            form.addRow(text, widget)
        self.error = named(label("", "error"), "drill:error", "入力の問題")
        hint = label("訓練・演習は、結果を踏まえて決めた改善策まで記録すると、加算の要件(12)の確認に使えます。", "muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(620, 460)

    def _text(self, name: str, accessible: str, value: str) -> QPlainTextEdit:
        edit = named(QPlainTextEdit(value, self), name, accessible)
        edit.setTabChangesFocus(True)   # Tab moves on, as in every other field
        edit.setMinimumHeight(60)
        edit.setMaximumHeight(110)  # the dialog fits a 600-pixel-high screen with a message shown
        return edit

    def _problem(self, text: str) -> None:
        """Show what to fix; the dialog grows so that every line stays visible."""
        self.error.setText(text)
        self.layout().activate()
        self.resize(self.width(), min(max(self.height(), self.sizeHint().height()), 560))

    def values(self) -> dict:
        return {"held_on": self.held_on.text(), "kind": self.kind.currentText(), "topic": self.topic.text(),
                "participants": self.participants.text(), "findings": self.findings.toPlainText(),
                "improvements": self.improvements.toPlainText(), "next_on": self.next_on.text()}

    def save(self) -> bool:
        try:
            self.saved = planning.save_drill(self.ctx, self.values(), self.drill.id if self.drill else None)
        except planning.DrillError as exc:
            self._problem("\n".join(exc.messages))
            return False
        except Exception as exc:  # noqa: BLE001 - every failure is shown in Japanese
            self._problem(planning.message(exc))
            return False
        self.accept()
        return True


class DrillScreen(QWidget):
    done = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx, self.year, self.items = ctx, ctx.current_year(), []
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(label("研修・訓練の記録", "h1"), 1)
        top.addWidget(self._button("ホームへ戻る", "drills-back", self.done.emit))
        lay.addLayout(top)
        lay.addWidget(label("職員向けの研修と、BCPに沿った訓練・演習を記録します。記録はBCPの文書、報告書、"
                            "加算の要件(9)(12)の確認に使われます。", "muted"))
        self.reminder = named(label("", "banner"), "drills-reminder", "お知らせ")
        self.facts = named(label("", None), "drills-facts", "要件の確認")
        lay.addWidget(self.reminder)
        lay.addWidget(self.facts)
        self.table = named(QTableWidget(0, len(COLUMNS), self), "drills-table", "研修・訓練の一覧")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        head = self.table.horizontalHeader()
        for n in range(len(COLUMNS)):
            head.setSectionResizeMode(n, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _=None: self.edit())
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self._button("記録を追加", "drills-add", self.add))
        row.addWidget(self._button("選んだ記録を編集", "drills-edit", self.edit))
        row.addWidget(self._button("選んだ記録を削除", "drills-delete", self.delete))
        row.addStretch(1)
        row.addWidget(self._button("Excelで保存（行動計画・回答・記録）", "drills-xlsx", self.save_xlsx))
        lay.addLayout(row)
        self.status = named(label("", "muted"), "drills-status", "状態")
        lay.addWidget(self.status)
        self.refresh()

    def _button(self, text: str, name: str, slot) -> QPushButton:
        return push_button(self, text, name, slot)

    def set_year(self, year: int) -> None:
        self.year = year

    def refresh(self) -> None:
        try:
            self.items = planning.drills(self.ctx)
            reminder = planning.drill_reminder(self.ctx)
            facts = planning.recorded_facts(self.ctx)
        except Exception as exc:  # noqa: BLE001 - every failure is shown in Japanese
            self.status.setText(planning.message(exc))
            return
        self.reminder.setText(reminder)
        self.reminder.setVisible(bool(reminder))
        marks = {"training": "要件(9) 研修", "bcp_drill": "要件(12) 訓練・演習"}
        self.facts.setText("\n".join(f"{'✓' if f.established else '？'} {marks[k]}：{f.reason}"
                                     for k, f in facts.items()))
        self.table.setRowCount(len(self.items))
        for r, d in enumerate(self.items):
            cells = (jp_date(d.held_on), d.kind, d.topic, "" if d.participants is None else f"{d.participants}人",
                     d.improvements.replace("\n", " ") or "（未記入）", jp_date(d.next_on) if d.next_on else "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        if self.items and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def selected(self) -> Drill | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        drill = self.selected()
        if drill is None:
            QMessageBox.information(self, "編集", "編集する記録を一覧から選んでください。")
            return
        self._open(drill)

    def _open(self, drill: Drill | None) -> None:
        dialog = DrillDialog(self.ctx, drill, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.refresh()
            self.status.setText(f"保存しました：{jp_date(dialog.saved.held_on)} {dialog.saved.topic}")

    def delete(self) -> None:
        drill = self.selected()
        if drill is None:
            QMessageBox.information(self, "削除", "削除する記録を一覧から選んでください。")
            return
        answer = QMessageBox.question(self, "記録の削除", f"{jp_date(drill.held_on)}の「{drill.topic}」を削除しますか？",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            planning.delete_drill(self.ctx, drill.id)
        except Exception as exc:  # noqa: BLE001 - every failure is shown in Japanese
            QMessageBox.warning(self, "削除できません", planning.message(exc))
            return
        self.refresh()
        self.status.setText("削除しました。")

    def save_xlsx(self) -> Path | None:
        name = f"行動計画と回答_{self.year}年度.xlsx"
        chosen = file_dialogs.save_file_dialog(self, "Excelで保存", file_dialogs.documents_path(name),
                                               "Excel (*.xlsx)")
        if not chosen:
            return None
        try:
            target = planning.write_workbook(self.ctx, self.year, chosen)
        except Exception as exc:  # noqa: BLE001 - every failure is shown in Japanese
            QMessageBox.warning(self, "保存できません", planning.message(exc))
            return None
        self.status.setText(f"{nendo_label(self.year)}の行動計画・回答・記録を保存しました：{target}")
        return target


__all__ = ["DrillDialog", "DrillScreen"]
