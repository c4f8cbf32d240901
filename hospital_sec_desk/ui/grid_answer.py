"""The answer grid of a device_grid item (rows = devices × columns = choices), keyboard first.

Keys: the number of a choice answers the current row (the row holding the focus, else the
first unanswered one) and moves to the next unanswered row; ↑/↓ move between rows in the
same column; ←/→ change the choice within a row (radio buttons). The current row is marked.

Automation contract: cells are named `answer:<questionnaire>:<item>:<row>.<choice>`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QWidget

from ..domain.answer_kinds import DEVICE_GRID
from ..domain.edition import Item
from .widgets import label

GRID_HINT = "数字キー：選んでいる行に回答して次の行へ・↑↓：行の移動・Enter：次の設問へ"


class DeviceGrid(QWidget):
    def __init__(self, questionnaire: str, item: Item, value: dict | None,
                 on_choose: Callable[[str, str], None], parent=None):
        super().__init__(parent)
        self.item, self.on_choose = item, on_choose
        self.rows: list[list[QRadioButton]] = []
        self.row_labels: list[QLabel] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        for col, choice in enumerate(item.choices, 1):
            head = label(f"{col}. {choice.label}" if col <= 9 else choice.label, None)
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(head, 0, col)
        for row, dev in enumerate(item.devices, 1):
            name = label(dev.label, None)
            self.row_labels.append(name)
            grid.addWidget(name, row, 0)
            group = QButtonGroup(self)
            buttons = []
            for col, choice in enumerate(item.choices, 1):
                btn = QRadioButton("", self)
                btn.setObjectName(f"answer:{questionnaire}:{item.key}:{dev.key}.{choice.key}")
                btn.setAccessibleName(f"{dev.label}：{choice.label}")
                btn.setChecked(DEVICE_GRID.device(value, dev.key) == choice.key)
                btn.setProperty("choice", f"{dev.key}.{choice.key}")
                btn.toggled.connect(lambda on, d=dev.key, k=choice.key: on and self.on_choose(d, k))
                btn.installEventFilter(self)
                group.addButton(btn)
                grid.addWidget(btn, row, col, Qt.AlignmentFlag.AlignCenter)
                buttons.append(btn)
            self.rows.append(buttons)
            name.setBuddy(buttons[0])
        self._mark(self.current_row())

    @property
    def buttons(self) -> list[QRadioButton]:
        return [b for row in self.rows for b in row]

    def answered(self, row: int) -> bool:
        return any(b.isChecked() for b in self.rows[row])

    def current_row(self) -> int:
        """The row holding the focus, else the first unanswered one, else the first."""
        for n, row in enumerate(self.rows):
            if any(b.hasFocus() for b in row):
                return n
        return next((n for n in range(len(self.rows)) if not self.answered(n)), 0)

    def focus_row(self, row: int, column: int | None = None) -> None:
        if not self.rows:
            return
        row = max(0, min(row, len(self.rows) - 1))
        buttons = self.rows[row]
        if column is None:
            checked = [b for b in buttons if b.isChecked()]
            target = checked[0] if checked else buttons[0]
        else:
            target = buttons[max(0, min(column, len(buttons) - 1))]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._mark(row)

    def focus_start(self) -> None:
        self.focus_row(self.current_row())

    def press_number(self, n: int) -> str:
        """Number key n: answer the current row with choice n. Returns "chosen", "same" (it
        was already chosen) or "" (no such choice)."""
        row = self.current_row()
        if not self.rows or not 1 <= n <= len(self.rows[row]):
            return ""
        btn = self.rows[row][n - 1]
        if btn.isChecked():
            result = "same"
        else:
            btn.setChecked(True)
            result = "chosen"
        later = [r for r in range(row + 1, len(self.rows)) if not self.answered(r)]
        earlier = [r for r in range(row) if not self.answered(r)]
        nxt = (later or earlier or [min(row + 1, len(self.rows) - 1)])[0]
        self.focus_row(nxt)
        return result

    def all_answered(self) -> bool:
        return all(self.answered(r) for r in range(len(self.rows)))

    def _mark(self, row: int) -> None:
        for n, lab in enumerate(self.row_labels):
            lab.setText(("▶ " if n == row else "　") + self.item.devices[n].label)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.FocusIn:
            self._mark(self.current_row())
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            for r, row in enumerate(self.rows):
                if obj in row:
                    step = -1 if event.key() == Qt.Key.Key_Up else 1
                    if 0 <= r + step < len(self.rows):
                        self.focus_row(r + step, row.index(obj))
                    return True
        return super().eventFilter(obj, event)
