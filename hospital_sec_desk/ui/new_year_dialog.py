"""「新しい年度を始める」: pick the year, the edition per questionnaire, and whether to carry over."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
)

from ..app.context import AppContext
from ..domain.fiscal import fiscal_year, nendo_label
from .widgets import label


class NewYearDialog(QDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("新しい年度を始める")
        years = ctx.years()
        default = fiscal_year()
        if default in years:
            default = max(years) + 1
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.year = QSpinBox(self)
        self.year.setObjectName("newyear:year")
        self.year.setRange(2000, 2200)
        self.year.setValue(default)
        self.year_label = label(nendo_label(default), "muted")
        self.year.valueChanged.connect(self._update)
        form.addRow("年度（西暦・4月の年）", self.year)
        form.addRow("", self.year_label)
        self.editions: dict[str, QComboBox] = {}
        for q in ctx.registry.questionnaires():
            combo = QComboBox(self)
            combo.setObjectName(f"newyear:edition:{q}")
            combo.setAccessibleName(f"{ctx.registry.newest(q).name}の版")
            self.editions[q] = combo
            form.addRow(ctx.registry.newest(q).name, combo)
        self.edition_note = label("", "muted")
        self.edition_note.setObjectName("newyear:edition-note")
        form.addRow("", self.edition_note)
        self.carry = QCheckBox("前年度の回答を引き継ぐ（引継いだ回答は確認するまで未回答として数えます）", self)
        self.carry.setObjectName("newyear:carry")
        form.addRow(self.carry)
        lay.addLayout(form)
        self.error = label("", "error")
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._update()

    def _fill_editions(self, year: int) -> None:
        """Each questionnaire's editions; the one that serves the 年度 chosen (stand-ins marked 暫定)."""
        notes = []
        for q, combo in self.editions.items():
            combo.clear()
            for ed in self.ctx.registry.editions_of(q):
                status = self.ctx.registry.status(ed, year)
                mark = "【暫定】" if status.provisional else ""
                note = "" if ed.official_text else "（当アプリ独自の文言）"
                combo.addItem(f"{mark}{ed.short_title} {ed.edition}{note}", ed.edition)
            default = self.ctx.registry.for_year(q, year)
            if default is not None:
                combo.setCurrentIndex(max(0, combo.findData(default.edition)))
                status = self.ctx.registry.status(default, year)
                if status.provisional:
                    notes.append(f"{default.name}：暫定（{status.reasons[0].split('。')[0]}。）")
        self.edition_note.setText("\n".join(notes))

    def _update(self) -> None:
        y = self.year.value()
        self.year_label.setText(nendo_label(y))
        self._fill_editions(y)
        has_prev = self.ctx.previous_year(y) in self.ctx.years()
        self.carry.setEnabled(has_prev)
        self.carry.setChecked(has_prev)

    def _accept(self) -> None:
        if self.year.value() in self.ctx.years():
            self.error.setText(f"{nendo_label(self.year.value())}は既にあります。上の選択欄から選んでください。")
            return
        self.accept()

    def result_values(self) -> tuple[int, dict[str, str], bool]:
        editions = {q: c.currentData() for q, c in self.editions.items()}
        return self.year.value(), editions, self.carry.isChecked() and self.carry.isEnabled()
