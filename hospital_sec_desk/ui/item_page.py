"""One item of a questionnaire on one page: the question, its answer controls, last
year's answer, the action plan fields, the vendor flag and the memo.

Every control writes through the AssessmentSession at once (one short transaction per
change); the page never touches the database.

Automation contract: answer controls are named `answer:<questionnaire>:<item>:<choice>`
(device grids: `answer:<q>:<item>:<device>.<choice>`, form fields `answer:<q>:<item>:<field>`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.actions import ACTION_STATUSES
from ..domain.answer_kinds import DEVICE_GRID, FORM, dates_of, other_texts
from ..domain.answers import date_fields_for, selected
from ..domain.edition import Item
from ..domain.session import CHANGED, FAILED, AssessmentSession
from . import glyph_check
from .glossary_view import linked_html
from .grid_answer import GRID_HINT, DeviceGrid
from .widgets import clean_text, label, parse_date

MEMO_IDLE_MS = 800  # a memo being typed is written after this idle time (and on leaving it),
MEMO_MAX_MS = 1000  # and at the latest this long after the first unsaved key: at most ~1 s is at risk
MEMO_MIN_LINES, MEMO_MAX_LINES = 5, 12
KEY_HINTS = {
    "single": "数字キー：選択（選んである番号・Enterで引継ぎの回答を確定）・Enter：次へ",
    "multi": "数字キー：選択・解除・Enter：次へ",
    "form": "Tab：次の欄へ・Enter：次へ",
    "device_grid": GRID_HINT,
}


class ItemPage(QWidget):
    """Emits `changed` after a saved change that can move the side list or the progress
    (answer, flag, confirmation); memo and action-plan edits are saved without it."""

    changed = Signal()
    term_clicked = Signal(str)  # glossary key

    def __init__(self, session: AssessmentSession, item: Item, vendors: list[dict], parent=None):
        super().__init__(parent)
        self.session, self.item, self.vendors = session, item, vendors
        self.q = session.edition.questionnaire
        self.choice_buttons: list[QAbstractButton] = []
        self.other_edits: dict[str, QLineEdit] = {}  # 「その他」 choice -> what it is
        self._loading = True
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        head = f"{item.number}　{item.group}" if item.group else item.number
        lay.addWidget(label(head, "h2"))
        self.question = label("", "question")
        self.question.setTextFormat(Qt.TextFormat.RichText)  # escaped text + glossary links only
        self.question.setText(linked_html(item.title))
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.question.setOpenExternalLinks(False)
        self.question.setAccessibleName(f"{item.number} {item.title}")
        self.question.linkActivated.connect(lambda href: self.term_clicked.emit(href.removeprefix("term:")))
        lay.addWidget(self.question)
        if item.branch_note:
            lay.addWidget(label(item.branch_note, "muted"))
        if not item.official:
            lay.addWidget(label("※この設問の文言は当アプリ独自の表現です（公式の文言ではありません）。", "muted"))
        self._build_answer(lay)
        self._build_dates(lay)
        self._build_carry(lay)
        self._build_action(lay)
        self._build_vendor(lay)
        lay.addWidget(label("メモ（自由記入）", None))
        self.memo = QPlainTextEdit(self)
        self.memo.setObjectName(f"memo:{self.q}:{item.key}")
        self.memo.setAccessibleName("メモ")
        self.memo.setTabChangesFocus(True)
        self.memo.setPlainText(session.record(item.key).memo)
        self.memo.textChanged.connect(self._memo_changed)
        self.memo.textChanged.connect(self._memo_height)
        lay.addWidget(self.memo)
        self.memo_glyphs = label("", "error")
        self.memo_glyphs.setObjectName(f"memo-glyphs:{self.q}:{item.key}")
        lay.addWidget(self.memo_glyphs)
        self.memo_glyphs.setVisible(False)
        self._glyph_timer = glyph_check.warn_later(self.memo_glyphs, self.memo.toPlainText, 300)
        self.memo.textChanged.connect(self._glyph_timer.start)
        self._memo_height()
        if self.memo.toPlainText():
            self._glyph_timer.start()
        lay.addStretch(1)
        self._loading = False
        self._sync_visibility()
        self._memo_timer = QTimer(self)
        self._memo_timer.setSingleShot(True)
        self._memo_timer.setInterval(MEMO_IDLE_MS)
        self._memo_timer.timeout.connect(self._flush_memo)
        self._memo_max = QTimer(self)
        self._memo_max.setSingleShot(True)
        self._memo_max.setInterval(MEMO_MAX_MS)
        self._memo_max.timeout.connect(self._flush_memo)
        self.memo.installEventFilter(self)
        unsubscribe = session.subscribe(self._on_session)
        self.destroyed.connect(lambda *_: unsubscribe())
        if session.read_only:
            for w in self.findChildren(QWidget):
                if isinstance(w, (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox)):
                    w.setEnabled(False)

    # -- building ------------------------------------------------------------
    def _build_answer(self, lay: QVBoxLayout) -> None:
        item, rec = self.item, self.session.record(self.item.key)
        box = QFrame(self)
        box.setObjectName("card")
        inner = QVBoxLayout(box)
        if item.type in ("single", "multi"):
            self.group = QButtonGroup(self)
            self.group.setExclusive(item.type == "single")
            picked = selected(item, rec.value)
            for n, choice in enumerate(item.choices, 1):
                cls = QRadioButton if item.type == "single" else QCheckBox
                numbered = choice.label[:1] in "①②③④⑤⑥⑦⑧⑨"  # the label already shows the key
                btn = cls(choice.label if numbered or n > 9 else f"{n}. {choice.label}", box)
                btn.setObjectName(f"answer:{self.q}:{item.key}:{choice.key}")
                btn.setAccessibleName(f"{item.number} {choice.label}")
                btn.setChecked(choice.key in picked)
                btn.setProperty("choice", choice.key)
                self.group.addButton(btn)
                self.choice_buttons.append(btn)
                inner.addWidget(btn)
                if choice.other_text:
                    self._other_edit(inner, box, choice, choice.key in picked)
                if item.type == "single":
                    btn.toggled.connect(lambda on, k=choice.key: on and self._choose(k))
                else:
                    btn.toggled.connect(lambda on, k=choice.key: self._toggle(k, on))
            if item.type == "multi" and any(c.exclusive for c in item.choices):
                ex = "・".join(c.label.split(" ")[0] for c in item.choices if c.exclusive)
                inner.addWidget(label(f"複数選択できます（{ex} を選ぶと他の選択は外れます）。", "muted"))
        elif item.type == "form":
            form = QFormLayout()
            self.field_edits: dict[str, QLineEdit] = {}
            for f in item.fields:
                edit = QLineEdit(FORM.field(rec.value, f.key), box)
                edit.setObjectName(f"answer:{self.q}:{item.key}:{f.key}")
                edit.setAccessibleName(f.label)
                edit.setMaxLength(10000)
                edit.textChanged.connect(lambda t, k=f.key: self._field(k, t))
                form.addRow(f.label, edit)
                self.field_edits[f.key] = edit
            inner.addLayout(form)
        elif item.type == "device_grid":
            self.grid = DeviceGrid(self.q, item, rec.value, self._device, box)
            self.choice_buttons.extend(self.grid.buttons)
            inner.addWidget(self.grid)
        lay.addWidget(box)

    def _other_edit(self, inner: QVBoxLayout, box: QWidget, choice, on: bool) -> None:
        """What the 「その他」 is, typed under its choice (enabled while it is chosen)."""
        edit = QLineEdit(other_texts(self.item, self.session.record(self.item.key).value).get(choice.key, ""), box)
        edit.setObjectName(f"other:{self.q}:{self.item.key}:{choice.key}")
        edit.setAccessibleName(f"{choice.label}の内容")
        edit.setPlaceholderText("「その他」の内容（任意。例：地域の医師会）")
        edit.setMaxLength(200)
        edit.setEnabled(on and not self.session.read_only)
        edit.textChanged.connect(lambda t, k=choice.key: self._other(k, t))
        inner.addWidget(edit)
        self.other_edits[choice.key] = edit

    def _build_dates(self, lay: QVBoxLayout) -> None:
        self.date_edits: dict[str, QLineEdit] = {}
        if not self.item.dates:
            return
        row = QGridLayout()  # one line per date: caption, field, message
        row.setColumnStretch(2, 1)
        dates = dates_of(self.session.record(self.item.key).value)
        self.date_rows: dict[str, tuple[QWidget, ...]] = {}
        for n, f in enumerate(self.item.dates):
            edit = QLineEdit(dates.get(f.key, ""), self)
            edit.setPlaceholderText("例: 2026-05-01")
            edit.setObjectName(f"date:{self.q}:{self.item.key}:{f.key}")
            edit.setAccessibleName(f.label)
            err = label("", "error")
            edit.textChanged.connect(lambda t, k=f.key, e=err: self._date(k, t, e))
            edit.setMinimumWidth(150)
            caption = label(f.label, None)
            caption.setBuddy(edit)
            row.addWidget(caption, n, 0)
            row.addWidget(edit, n, 1)
            row.addWidget(err, n, 2)
            self.date_edits[f.key] = edit
            self.date_rows[f.key] = (caption, edit, err)
        lay.addLayout(row)

    def _build_carry(self, lay: QVBoxLayout) -> None:
        self.carry_box = QFrame(self)
        self.carry_box.setObjectName("card")
        row = QHBoxLayout(self.carry_box)
        prev = self.session.previous_text(self.item.key)
        self.prev_label = label(f"昨年度の回答：{prev}" if prev else "", None)
        row.addWidget(self.prev_label, 1)
        self.confirm_btn = QPushButton("この回答で確定", self.carry_box)
        self.confirm_btn.setObjectName(f"confirm:{self.q}:{self.item.key}")
        self.confirm_btn.setAccessibleName("前年度から引き継いだ回答を確定する")
        self.confirm_btn.clicked.connect(self._confirm)
        row.addWidget(self.confirm_btn)
        lay.addWidget(self.carry_box)

    def _build_action(self, lay: QVBoxLayout) -> None:
        self.action_box = QFrame(self)
        self.action_box.setObjectName("card")
        form = QFormLayout(self.action_box)
        act = self.session.action(self.item.key)
        self.owner = QLineEdit(act.get("owner", ""), self.action_box)
        self.owner.setObjectName(f"action:{self.q}:{self.item.key}:owner")
        self.owner.setAccessibleName("担当者")
        self.owner.textChanged.connect(lambda t: self._action(owner=clean_text(t)))
        self.due = QLineEdit(act.get("due", ""), self.action_box)
        self.due.setPlaceholderText("例: 2027-03-31")
        self.due.setObjectName(f"action:{self.q}:{self.item.key}:due")
        self.due.setAccessibleName("期限")
        self.due_err = label("", "error")
        self.due.textChanged.connect(lambda t: self._date("due", t, self.due_err, action=True))
        self.status = QComboBox(self.action_box)
        self.status.setObjectName(f"action:{self.q}:{self.item.key}:status")
        self.status.setAccessibleName("状況")
        for key, text in ACTION_STATUSES.items():
            self.status.addItem(text, key)
        self.status.setCurrentIndex(max(0, self.status.findData(act.get("status", "open"))))
        self.status.currentIndexChanged.connect(lambda _i: self._action(status=self.status.currentData()))
        form.addRow(label("行動計画（できていない項目の改善）", "h2"))
        form.addRow("担当者", self.owner)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due)
        due_row.addWidget(self.due_err, 1)
        form.addRow("期限", due_row)
        form.addRow("状況", self.status)
        lay.addWidget(self.action_box)

    def _build_vendor(self, lay: QVBoxLayout) -> None:
        rec = self.session.record(self.item.key)
        row = QVBoxLayout()  # the flag, then the vendor: fits a narrow page
        self.flag = QCheckBox("ベンダーに確認する", self)
        self.flag.setObjectName(f"flag:{self.q}:{self.item.key}")
        self.flag.setAccessibleName("ベンダーに確認する")
        self.flag.setChecked(rec.vendor_flag)
        self.vendor = QComboBox(self)
        self.vendor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.vendor.setMinimumContentsLength(12)
        self.vendor.setObjectName(f"vendor:{self.q}:{self.item.key}")
        self.vendor.setAccessibleName("確認するベンダー")
        self.vendor.addItem("（ベンダー未指定）", None)
        for v in self.vendors:
            text = v.get("organization") or v.get("name") or "（名称未入力）"
            if v.get("systems"):
                text += f"（{v['systems']}）"
            self.vendor.addItem(text, v["id"])
        self.vendor.setCurrentIndex(max(0, self.vendor.findData(rec.vendor_id)) if rec.vendor_id else 0)
        self.flag.toggled.connect(self._flag)
        self.vendor.currentIndexChanged.connect(lambda _i: self._flag(self.flag.isChecked()))
        row.addWidget(self.flag)
        row.addWidget(self.vendor)
        lay.addLayout(row)

    # -- state -----------------------------------------------------------------
    def _sync_visibility(self) -> None:
        key = self.item.key
        carried = self.session.is_carried(key)
        prev = self.session.previous_text(key)
        self.carry_box.setVisible(bool(prev) or carried)
        self.confirm_btn.setVisible(carried and not self.session.read_only)
        if carried:
            self.prev_label.setText(f"前年度から引継ぎ（未確認）：{prev or '（前年度の回答）'}"
                                    "　— 変わりなければ「この回答で確定」（Enter）を押してください。")
        elif prev:
            self.prev_label.setText(f"昨年度の回答：{prev}")
        self.action_box.setVisible(self.session.needs_action(key))
        shown = {f.key for f in date_fields_for(self.item, self.session.record(key).value)}
        for name, widgets in getattr(self, "date_rows", {}).items():
            for w in widgets:
                w.setVisible(name in shown)
        self.vendor.setEnabled(self.flag.isChecked() and not self.session.read_only)
        picked = selected(self.item, self.session.record(key).value)
        for choice, edit in self.other_edits.items():
            edit.setEnabled(choice in picked and not self.session.read_only)

    def _on_session(self, event: str, key: str, _payload: object) -> None:
        """The session saved or failed to save this item: show what is really stored."""
        if key != self.item.key:
            return
        if event == CHANGED and self.item.type == "multi":
            self._sync_choices()  # exclusive choices may have cleared others
        elif event == FAILED:
            self._sync_choices()
            self._sync_fields()
            self._sync_visibility()

    def _sync_choices(self) -> None:
        rec = self.session.record(self.item.key)
        if self.item.type == "device_grid":
            picked = {f"{d.key}.{DEVICE_GRID.device(rec.value, d.key)}" for d in self.item.devices}
        else:
            picked = selected(self.item, rec.value)
        self._loading = True
        for btn in self.choice_buttons:
            if self.item.type == "single" and btn.group() is not None:
                btn.group().setExclusive(False)  # lets a failed first answer show no choice
            btn.setChecked(btn.property("choice") in picked)
            if self.item.type == "single" and btn.group() is not None:
                btn.group().setExclusive(True)
        self.flag.setChecked(rec.vendor_flag)
        self._loading = False

    def _sync_fields(self) -> None:
        rec = self.session.record(self.item.key)
        self._loading = True
        for name, edit in getattr(self, "field_edits", {}).items():
            if edit.text() != FORM.field(rec.value, name):
                edit.setText(FORM.field(rec.value, name))
        self._loading = False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if obj is self.memo and event.type() == QEvent.Type.FocusOut:
            self._flush_memo()
        return super().eventFilter(obj, event)

    def _flush_memo(self) -> None:
        self._memo_timer.stop()
        self._memo_max.stop()
        if self.session.dirty:
            self.session.flush()

    def _after(self) -> None:
        self._sync_visibility()
        self.changed.emit()

    def _choose(self, choice: str) -> None:
        if not self._loading:
            self.session.choose(self.item.key, choice)
            self._after()

    def _toggle(self, choice: str, on: bool) -> None:
        if self._loading:
            return
        self.session.toggle(self.item.key, choice, on)  # the page follows through _on_session
        self._after()

    def _field(self, key: str, text: str) -> None:
        if not self._loading:
            self.session.set_field(self.item.key, key, clean_text(text))
            self._after()

    def _other(self, choice: str, text: str) -> None:
        if not self._loading:
            self.session.set_other_text(self.item.key, choice, clean_text(text))

    def _device(self, device: str, choice: str) -> None:
        if not self._loading:
            self.session.set_device(self.item.key, device, choice)
            self._after()

    def _date(self, key: str, text: str, err: QLabel, action: bool = False) -> None:
        if self._loading:
            return
        iso, message = parse_date(text)
        err.setText(message or "")
        if message is None:
            if action:
                self.session.set_action(self.item.key, due=iso)
            else:
                self.session.set_date(self.item.key, key, iso)
            self._after()

    def _action(self, **fields) -> None:
        if not self._loading:
            self.session.set_action(self.item.key, **fields)  # saved; lists and progress unchanged

    def _memo_height(self) -> None:
        """At least MEMO_MIN_LINES lines; grows with the text up to MEMO_MAX_LINES (then scrolls)."""
        line = self.memo.fontMetrics().lineSpacing()
        lines = self.memo.document().size().height()  # in lines for QPlainTextEdit's layout
        shown = max(MEMO_MIN_LINES, min(MEMO_MAX_LINES, int(lines) + 1))
        frame = 2 * self.memo.frameWidth() + int(self.memo.document().documentMargin() * 2) + 4
        self.memo.setFixedHeight(shown * line + frame)

    def _memo_changed(self) -> None:
        if not self._loading:
            # held in memory and written after a short idle, on leaving the field or the page:
            # the disk stays off the typing path; the side list does not depend on the memo
            self.session.stage_memo(self.item.key, clean_text(self.memo.toPlainText(), multiline=True))
            self._memo_timer.start()
            if not self._memo_max.isActive():
                self._memo_max.start()

    def _flag(self, on: bool) -> None:
        if not self._loading:
            self.session.set_vendor_flag(self.item.key, on, self.vendor.currentData() if on else None)
            self._after()

    def _confirm(self) -> None:
        self.session.confirm(self.item.key)
        self._after()

    # -- keyboard --------------------------------------------------------------
    def key_hint(self) -> str:
        return KEY_HINTS.get(self.item.type, "Enter：次へ")

    def press_number(self, n: int) -> bool:
        """Number key n chooses (or toggles) the n-th choice; on a grid, the current row's n-th
        choice. Pressing the number already chosen confirms a carried-over answer. True when handled."""
        if self.session.read_only:
            return False
        if self.item.type == "device_grid":
            result = self.grid.press_number(n)
            if result == "same" and self.session.is_carried(self.item.key):
                self._confirm()
            return bool(result)
        if self.item.type not in ("single", "multi") or not 1 <= n <= len(self.choice_buttons):
            return False
        btn = self.choice_buttons[n - 1]
        if self.item.type == "single" and btn.isChecked():
            if self.session.is_carried(self.item.key):
                self._confirm()
        else:
            btn.setChecked(True if self.item.type == "single" else not btn.isChecked())
        btn.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def confirm_carried(self) -> bool:
        """Enter on a carried-over answer: confirm it as it is. True when there was one."""
        if self.session.read_only or not self.session.is_carried(self.item.key):
            return False
        self._confirm()
        return True

    def focus_first(self) -> None:
        """Keyboard focus where answering starts: the grid's current row, the checked choice,
        else the first choice or field."""
        if self.item.type == "device_grid":
            self.grid.focus_start()
            return
        checked = [b for b in self.choice_buttons if b.isChecked()]
        fields = list(getattr(self, "field_edits", {}).values())
        target = checked[0] if checked else self.choice_buttons[0] if self.choice_buttons else \
            fields[0] if fields else self
        target.setFocus(Qt.FocusReason.OtherFocusReason)
