"""First start (and later edits): the facility and the respondent (which fills survey Q1)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..app import facility
from ..app.context import AppContext
from ..domain.prefectures import PREFECTURES
from ..domain.text import clean_text
from . import glyph_check
from .errors import run_guarded
from .widgets import label


class SetupScreen(QWidget):
    saved = Signal()
    cancelled = Signal()

    def __init__(self, ctx: AppContext, year: int, first_run: bool, parent=None):
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        fac = ctx.facility()
        lay = QVBoxLayout(self)
        lay.addWidget(label("はじめに：病院と回答者の情報" if first_run else "施設・回答者の情報", "h1"))
        later = "あとからホームの「施設情報・回答者」でいつでも直せます。" if first_run else ""
        lay.addWidget(label("ここで入力した内容は、調査票のQ1（回答者の情報。手で書き換えていない場合）、"
                            f"報告書の表紙、院内掲示用ポスターに使われます。{later}", "muted"))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}

        def line(key: str, text: str, value: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(value or "", self)
            edit.setObjectName(f"setup:{key}")
            edit.setAccessibleName(text)
            edit.setPlaceholderText(placeholder)
            edit.setMaxLength(200)
            form.addRow(text, edit)
            self.edits[key] = edit
            return edit

        form.addRow(label("病院", "h2"))
        line("name", "病院名（必須）", fac["name"], "例: ○○病院")
        line("corporation", "法人名", fac["corporation"], "例: 医療法人○○会")
        self.beds = QSpinBox(self)
        self.beds.setObjectName("setup:beds")
        self.beds.setAccessibleName("病床数")
        self.beds.setRange(0, 5000)
        self.beds.setSuffix(" 床")
        self.beds.setValue(int(fac["beds"] or 0))
        form.addRow("病床数", self.beds)
        self.pref = QComboBox(self)
        self.pref.setObjectName("setup:prefecture")
        self.pref.setAccessibleName("都道府県")
        self.pref.addItem("（選択してください）", "")
        for p in PREFECTURES:
            self.pref.addItem(p, p)
        self.pref.setCurrentIndex(max(0, self.pref.findData(fac["prefecture"])))
        form.addRow("都道府県", self.pref)
        line("address", "住所", fac["address"])
        line("phone", "代表電話", fac["phone"], "例: 03-1234-5678")
        form.addRow(label("回答者（調査票Q1）", "h2"))
        line("respondent_name", "氏名", fac["respondent_name"])
        line("respondent_dept", "所属（部署）", fac["respondent_dept"], "例: 事務部 医事課")
        line("respondent_contact", "連絡先", fac["respondent_contact"], "例: 内線123 / 03-1234-5678")
        lay.addLayout(form)
        self.glyphs = label("", "error")
        self.glyphs.setObjectName("setup:glyphs")
        lay.addWidget(self.glyphs)
        self.glyphs.setVisible(False)
        self._glyph_timer = glyph_check.warn_later(self.glyphs, self._typed)
        for edit in self.edits.values():
            edit.textChanged.connect(self._glyph_timer.start)
        self._glyph_timer.start()
        self.error = label("", "error")
        lay.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        if not first_run:
            cancel = QPushButton("キャンセル", self)
            cancel.setObjectName("setup:cancel")
            cancel.clicked.connect(self.cancelled.emit)
            row.addWidget(cancel)
        ok = QPushButton("保存して始める" if first_run else "保存", self)
        ok.setObjectName("setup:save")
        ok.setProperty("primary", True)
        ok.setDefault(True)
        ok.clicked.connect(self.save)
        row.addWidget(ok)
        lay.addLayout(row)
        lay.addStretch(1)
        self.edits["name"].returnPressed.connect(self.save)

    def _typed(self) -> str:
        return "".join(e.text() for e in self.edits.values())

    def check_glyphs(self) -> None:
        """Say which typed characters the printed pages cannot show (they print as 〓)."""
        glyph_check.show(self.glyphs, self._typed())

    def values(self) -> dict:
        out = {k: clean_text(e.text()).strip() for k, e in self.edits.items()}
        out["beds"] = self.beds.value() or None
        out["prefecture"] = self.pref.currentData() or ""
        return out

    def save(self) -> bool:
        vals = self.values()
        if not vals["name"]:
            self.error.setText("病院名を入力してください。")
            self.edits["name"].setFocus()
            return False
        self.error.setText("")
        if not run_guarded(self, "施設情報を保存できません",
                           lambda: facility.save_facility(self.ctx, self.year, **vals)):
            return False
        self.saved.emit()
        return True
