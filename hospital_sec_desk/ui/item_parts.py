"""The parts of an item page below its answer controls: the 「その他」 text, the dates, the
carried-over answer, the action plan and the vendor flag (a mixin of ItemPage, which holds
the session, the item and the callbacks these parts connect to)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.actions import ACTION_STATUSES
from ..domain.answer_kinds import dates_of, other_texts
from .widgets import clean_text, label


class ItemParts:
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
        prev = self._prev_text = self.session.previous_text(self.item.key)  # fixed for the session
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
