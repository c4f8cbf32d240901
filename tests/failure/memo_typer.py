"""Driver for test_memo_kill.py: types into a memo of the real wizard, one key at a time.

    python memo_typer.py DATA_DIR

Prints `TYPED <n> <monotonic time>` after the n-th key was handled, until killed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from hospital_sec_desk.app import facility  # noqa: E402
from hospital_sec_desk.app.context import AppContext  # noqa: E402
from hospital_sec_desk.ui.qt_setup import make_app  # noqa: E402
from hospital_sec_desk.ui.wizard import WizardScreen  # noqa: E402

TEXT = "abcdefghijklmnopqrstuvwxyz" * 20


def main(folder: Path) -> None:
    app = make_app(["memo-typer"])
    ctx = AppContext.open(folder)
    facility.save_facility(ctx, 2026, name="テスト病院")
    wizard = WizardScreen(ctx, 2026, "survey", "security_officer")
    wizard.show()
    app.processEvents()
    memo = wizard.page.memo
    memo.setFocus(Qt.FocusReason.OtherFocusReason)
    print("READY", flush=True)
    for n, ch in enumerate(TEXT, 1):
        QTest.keyClicks(memo, ch)
        print(f"TYPED {n} {time.monotonic():.4f}", flush=True)
        QTest.qWait(40)  # a fast typist: 25 keys a second, no pause (timers run meanwhile)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
