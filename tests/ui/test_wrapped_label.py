"""ui.widgets.WrappedLabel remembers heights per width, and forgets them when they change:
after every kind of change it answers as a plain QLabel given the same changes."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from hospital_sec_desk.ui.widgets import WrappedLabel, label

LONG = "緊急連絡先の確認日が記録されていません。「連絡先」で内容を確認してください。" * 3
WIDTHS = (120, 300, 640)


def test_heights_match_a_plain_qlabel_after_every_kind_of_change(qtbot):
    lab = label(LONG)
    twin = QLabel()
    twin.setProperty("textFormat", 0)
    twin.setText(LONG)
    twin.setWordWrap(True)
    for w in (lab, twin):
        qtbot.addWidget(w)
    assert isinstance(lab, WrappedLabel)
    big = QFont(lab.font())
    big.setPointSize(big.pointSize() * 2)
    changes = [
        lambda w: w.setText("短い"),
        lambda w: w.setText(LONG),
        lambda w: w.setFont(big),
        lambda w: w.setMargin(20),
        lambda w: w.setIndent(30),
        lambda w: w.setStyleSheet("font-size: 30px; padding: 12px"),
        lambda w: w.ensurePolished(),
        lambda w: w.setContentsMargins(0, 40, 10, 40),
        lambda w: w.setWordWrap(False),
        lambda w: w.setWordWrap(True),
        lambda w: w.clear(),
    ]
    seen = set()
    for change in changes:
        for w in (lab, twin):
            change(w)
        got = [lab.heightForWidth(x) for x in WIDTHS]
        assert got == [twin.heightForWidth(x) for x in WIDTHS]
        assert [lab.heightForWidth(x) for x in WIDTHS] == got  # remembered: the same again
        seen.add(tuple(got))
    assert len(seen) >= 6  # the changes did change the heights (the test can fail)
