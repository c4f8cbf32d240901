"""「版を切り替える」: choose another edition for a year's questionnaire, see what carries and
what cannot before anything changes, confirm with the standard (Japanese) buttons."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout

from ..app import editions
from ..app.context import AppContext
from ..domain.fiscal import nendo_label
from .errors import run_guarded
from .widgets import label


def plan_html(plan) -> str:
    rows = "".join(f"<li>{html.escape(lost.number)} {html.escape(lost.title)}"
                   f"<br><span style='color:#555'>（{html.escape(lost.why)}）</span></li>" for lost in plan.lost)
    out = f"<p>{html.escape(plan.summary)}</p>"
    if rows:
        out += "<p><b>引き継げない回答</b>（データは残りますが、新しい版では表示されません）</p><ul>" + rows + "</ul>"
    return out


class EditionDialog(QDialog):
    def __init__(self, ctx: AppContext, year: int, questionnaire: str, parent=None):
        super().__init__(parent)
        self.ctx, self.year, self.questionnaire = ctx, year, questionnaire
        current = ctx.edition_for(year, questionnaire)
        self.setWindowTitle("版を切り替える")
        lay = QVBoxLayout(self)
        lay.addWidget(label(f"{nendo_label(year)}の「{current.short_title}」で使う版を切り替えます。"
                            "切り替える前に、引き継げない回答を確認してください。", None))
        self.choice = QComboBox(self)
        self.choice.setObjectName("edition:choice")
        self.choice.setAccessibleName("切り替え先の版")
        for ed in editions.switch_choices(ctx, year, questionnaire):
            status = ctx.registry.status(ed, year)
            mark = f"【{status.label}】" if status.label else ""
            self.choice.addItem(f"{mark}{ed.title}", ed.edition)
        lay.addWidget(self.choice)
        self.status: QLabel = label("", "muted")
        lay.addWidget(self.status)
        self.details = QTextBrowser(self)
        self.details.setObjectName("edition:plan")
        self.details.setAccessibleName("切り替えで引き継げる回答と引き継げない回答")
        lay.addWidget(self.details, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("切り替える")
        self.ok.setObjectName("edition:switch")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.plan = None
        self.choice.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.plan = None
        key = self.choice.currentData()
        if key is None:
            self.details.setHtml("<p>切り替えられる版はありません。</p>")
            self.ok.setEnabled(False)
            return
        try:
            self.plan = editions.plan_edition_switch(self.ctx, self.year, self.questionnaire, key)
        except editions.EditionSwitchError as exc:
            self.details.setHtml("")
            self.status.setText(str(exc))
            self.ok.setEnabled(False)
            return
        status = self.ctx.registry.status(self.plan.new, self.year)
        self.status.setText(status.text if status.provisional else "")
        self.details.setHtml(plan_html(self.plan))
        self.ok.setEnabled(True)

    def accept(self) -> None:
        plan = self.plan
        if plan is None:
            return
        if run_guarded(self, "版を切り替えられませんでした",
                       lambda: editions.switch_edition(self.ctx, plan, self.year)):
            super().accept()
