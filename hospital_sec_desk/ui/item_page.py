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
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.answer_kinds import DEVICE_GRID, FORM
from ..domain.answers import date_fields_for, selected
from ..domain.edition import Item
from ..domain.session import CHANGED, FAILED, AssessmentSession
from . import glyph_check
from .glossary_view import linked_html
from .grid_answer import GRID_HINT, DeviceGrid
from .item_parts import ItemParts
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


class ItemPage(ItemParts, QWidget):
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
        self._applied: dict[tuple[int, str], object] = {}  # (widget, setter) -> the value _apply last set
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
        self._typing_timer = QTimer(self)
        self._typing_timer.setSingleShot(True)
        self._typing_timer.setInterval(MEMO_IDLE_MS)
        self._typing_timer.timeout.connect(self._flush_typing)
        self._typing_max = QTimer(self)
        self._typing_max.setSingleShot(True)
        self._typing_max.setInterval(MEMO_MAX_MS)
        self._typing_max.timeout.connect(self._flush_typing)
        for edit in self._typing_fields():
            edit.installEventFilter(self)  # leaving a field writes what was typed in it
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

    def _sync_visibility(self) -> None:
        """Show, hide, enable the parts that depend on the answer; only what changed since the
        last call is set (a setter, even of the same value, costs a call into Qt and may post a
        relayout)."""
        key, session, apply = self.item.key, self.session, self._apply
        record = session.record(key)
        carried = session.is_carried(key)
        prev = self._prev_text
        writable = not session.read_only
        apply(self.carry_box, "setVisible", bool(prev) or carried)
        apply(self.confirm_btn, "setVisible", carried and writable)
        if carried:
            apply(self.prev_label, "setText", f"前年度から引継ぎ（未確認）：{prev or '（前年度の回答）'}"
                  "　— 変わりなければ「この回答で確定」（Enter）を押してください。")
        elif prev:
            apply(self.prev_label, "setText", f"昨年度の回答：{prev}")
        apply(self.action_box, "setVisible", session.needs_action(key))
        date_rows = getattr(self, "date_rows", None)
        if date_rows:
            shown = {f.key for f in date_fields_for(self.item, record.value)}
            for name, widgets in date_rows.items():
                for w in widgets:
                    apply(w, "setVisible", name in shown)
        apply(self.vendor, "setEnabled", self.flag.isChecked() and writable)
        if self.other_edits:
            picked = selected(self.item, record.value)
            for choice, edit in self.other_edits.items():
                apply(edit, "setEnabled", choice in picked and writable)

    def _apply(self, widget: QWidget, setter: str, value: object) -> None:
        """widget.<setter>(value), unless this page's last call of it on that widget gave the same value."""
        key = (id(widget), setter)
        if key not in self._applied or self._applied[key] != value:
            self._applied[key] = value
            getattr(widget, setter)(value)

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
        if event.type() == QEvent.Type.FocusOut and obj in self._typing_fields():
            self._flush_typing()
        return super().eventFilter(obj, event)

    def _typing_fields(self) -> list[QWidget]:
        return [self.memo, *getattr(self, "field_edits", {}).values(), *self.other_edits.values()]

    def _flush_typing(self) -> None:
        """Write what is being typed (memo, form fields, 「その他」); the side list follows."""
        self._typing_timer.stop()
        self._typing_max.stop()
        if self.session.dirty and self.session.flush():
            self._after()

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
            self.session.stage_field(self.item.key, key, clean_text(text))
            self._typed()

    def _other(self, choice: str, text: str) -> None:
        if not self._loading:
            self.session.stage_other_text(self.item.key, choice, clean_text(text))
            self._typed()

    def _typed(self) -> None:
        """Typing is held in the session and written after a short idle (at most ~1 s later)."""
        self._typing_timer.start()
        if not self._typing_max.isActive():
            self._typing_max.start()

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
            self._typed()

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
