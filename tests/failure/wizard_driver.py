"""Drive the real app through the survey by keyboard, offscreen, reporting each stored answer.

    QT_QPA_PLATFORM=offscreen python tests/failure/wizard_driver.py DATA_DIR SEED

Used by test_kill.py, which SIGKILLs this process at a random point. It opens the data folder
as the app does, types the hospital's name on the first-run setup screen and presses Enter,
clicks 「最初から見直す」 on the survey card, then answers every page as a user would: a number
key (chosen with SEED) then Enter; on the Q1 form it types ASCII text into each field (QTest
types ASCII only). After each answer it reads the answer back from the Store and prints

    SAVED <item_key> <choice>            (a choice, by its key)
    SAVED <item_key> <field>=<text>      (a form field)

flushed, so everything printed was stored before the process died. It prints
`START <year> <questionnaire>` first and `DONE` at the review page, then waits to be killed.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton  # noqa: E402

from hospital_sec_desk.ui.launch import open_context  # noqa: E402
from hospital_sec_desk.ui.main_window import MainWindow  # noqa: E402
from hospital_sec_desk.ui.qt_setup import make_app  # noqa: E402
from hospital_sec_desk.ui.wizard import REVIEW  # noqa: E402

QUESTIONNAIRE = "survey"


def say(*parts: object) -> None:
    print(*parts, flush=True)


def fail(message: str) -> None:
    say("ERROR", message)
    sys.exit(3)


def wait_for(condition, what: str, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            fail(f"timed out waiting for {what}")
        QTest.qWait(10)


def press(key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    if target is None:
        fail("nothing has keyboard focus")
    QTest.keyClick(target, key, modifier)


def first_run_setup(win: MainWindow) -> None:
    """Type the hospital's name (ASCII) on the setup screen and press Enter to save."""
    name = win.findChild(QLineEdit, "setup:name")
    if name is None:
        fail("the setup screen has no setup:name field")
    name.setFocus()
    wait_for(lambda: QApplication.focusWidget() is name, "focus on setup:name")
    QTest.keyClicks(name, "Kill Test Hospital")
    QTest.keyClick(name, Qt.Key.Key_Return)
    wait_for(lambda: win.screen_key == "home", "the home screen after setup")


def main(argv: list[str]) -> int:
    folder, seed = Path(argv[0]), int(argv[1])
    rng = random.Random(seed)
    _app = make_app(["wizard-driver"])  # kept referenced for the life of the run
    ctx = open_context(folder)
    if ctx is None:
        fail("could not open the data folder")
    win = MainWindow(ctx)
    win.show()
    win.activateWindow()
    QTest.qWait(20)
    if win.screen_key == "setup":
        first_run_setup(win)
    restart = win.findChild(QPushButton, f"card:{QUESTIONNAIRE}:restart")
    if restart is None:
        fail("the home screen has no survey card")
    QTest.mouseClick(restart, Qt.MouseButton.LeftButton)
    wizard = win.wizard
    if wizard is None:
        fail("the wizard did not open")
    QTest.qWait(10)
    if not wizard.page.isAncestorOf(QApplication.focusWidget()):
        # Opened from the home screen, nothing has keyboard focus yet (the page was focused
        # before the wizard was on screen): showing the item again focuses its first control.
        wizard.go(wizard.current_key)
    wait_for(lambda: wizard.page.isAncestorOf(QApplication.focusWidget()), "keyboard focus on the page")
    say("START", win.year, QUESTIONNAIRE)

    def stored(key: str):
        return ctx.store.answers(ctx.store.find_assessment(wizard.year, wizard.edition.questionnaire)["id"]).get(key)

    for _ in range(200):
        key = wizard.current_key
        if key == REVIEW:
            break
        item = wizard.edition.item(key)
        if item.type == "form":
            for field in item.fields:
                edit = wizard.findChild(QLineEdit, f"answer:{QUESTIONNAIRE}:{key}:{field.key}")
                edit.setFocus()
                wait_for(lambda e=edit: QApplication.focusWidget() is e, f"focus on {field.key}")
                text = f"s{seed}{field.key}{rng.randint(0, 9999)}"
                QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # replace what is there
                QTest.keyClicks(edit, text)
                # typed text is written after a short idle, at the latest ~1 s after the first key
                wait_for(lambda k=key, f=field.key, t=text: (stored(k) is not None
                                                            and stored(k).value.get("fields", {}).get(f) == t),
                         f"{key}.{field.key} stored as typed", timeout=3.0)
                say("SAVED", key, f"{field.key}={text}")
        elif item.type in ("single", "multi") and item.choices:
            n = rng.randint(1, min(9, len(item.choices)))
            choice = item.choices[n - 1].key
            press(Qt.Key(Qt.Key.Key_0 + n))
            rec = stored(key)
            value = rec.value if rec is not None else {}
            if value.get("choice") != choice and choice not in value.get("choices", []):
                fail(f"{key}: choice {choice} not stored")
            say("SAVED", key, choice)
        press(Qt.Key.Key_Return)
        if wizard.current_key == key:
            fail(f"Enter did not leave {key}")
    say("DONE")
    end = time.monotonic() + 120  # the parent kills us long before this
    while time.monotonic() < end:
        QTest.qWait(100)
    return 4


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
