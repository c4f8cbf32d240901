"""Every screen and dialog of the app, shown on one (offscreen) screen size: a screenshot each
and the geometry problems found (tests/ui/geometry.py), printed as JSON.

    python -m tests.ui.screens OUT_DIR 1024x600
    python -m tests.ui.screens OUT_DIR 1920x1080 1.5      (150 %: 1280×720 logical)

Qt 6's offscreen platform takes its screen from a JSON file (offscreen:configfile=…; the
`size=` option is not read): `offscreen_env` writes one, with window frames emulated.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from hospital_sec_desk.app import contacts as app_contacts
from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.ui.contacts_screen import ContactDialog
from hospital_sec_desk.ui.data_dialog import DataDialog
from hospital_sec_desk.ui.glossary_view import GlossaryDialog
from hospital_sec_desk.ui.main_window import MainWindow
from hospital_sec_desk.ui.new_year_dialog import NewYearDialog
from hospital_sec_desk.ui.qt_setup import make_app
from tests.sample_data import populate
from tests.ui.geometry import problems, unnamed

# (file name, questionnaire, item key): one wizard page per item type
WIZARD_PAGES = [
    ("wizard-single", "survey", "security_officer"),
    ("wizard-multi", "survey", "consultation"),
    ("wizard-form", "survey", "respondent"),
    ("wizard-carried", "survey", "pc_services"),
    ("wizard-grid", "checklist", "asset_ledger"),
    ("wizard-dates", "checklist", "uses_medical_systems"),
    ("wizard-bcp", "bcp", "b1_1_2"),
]


def offscreen_env(folder: Path, size: str, scale: str = "1") -> dict[str, str]:
    """The environment for a subprocess whose only screen is `size` (e.g. "1024x600") at `scale`."""
    width, height = (int(v) for v in size.split("x"))
    config = folder / f"screen-{size}.json"
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [
        {"name": f"screen-{size}", "x": 0, "y": 0, "width": width, "height": height,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env.pop("QT_SCALE_FACTOR", None)
    if scale not in ("1", "1.0"):
        env["QT_SCALE_FACTOR"] = scale
    return env


def settle(app: QApplication, rounds: int = 4) -> None:
    for _ in range(rounds):
        app.processEvents()


def shoot(app: QApplication, widget: QWidget, out: Path, name: str, found: dict) -> None:
    settle(app)
    widget.grab().save(str(out / f"{name}.png"))
    found[name] = problems(widget) + unnamed(widget)


def dialog(app: QApplication, make: Callable[[], QDialog], out: Path, name: str, found: dict) -> None:
    d = make()
    d.show()
    shoot(app, d, out, name, found)
    d.reject()
    d.deleteLater()


def capture(out: Path) -> dict[str, list[str]]:
    app = make_app(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(Path(tmp))
        populate(ctx)
        # a vendor whose name has an emoji (taller glyphs): its phone line must stay visible
        app_contacts.save_contact(ctx, None, category="vendor", organization="😀スマイル医療サービス",
                                  systems="予約システム", phone="03-1111-2222", phone_after_hours="090-1111-2222")
        win = MainWindow(ctx)
        win.show()
        shoot(app, win, out, "home", found)
        win.show_setup()
        shoot(app, win, out, "setup", found)
        win.open_wizard("checklist", "uses_medical_systems")
        win.wizard.page.press_number(1)  # はい: the checklist's other items apply
        for name, questionnaire, key in WIZARD_PAGES:
            win.open_wizard(questionnaire, key)
            shoot(app, win, out, name, found)
        win.open_wizard("survey", "review")
        shoot(app, win, out, "review", found)
        for key in ("contacts", "print", "history"):
            win.open_screen(key)
            if key == "print":
                win.stack.currentWidget().refresh()  # the preview, not its pending timer
            shoot(app, win, out, key, found)
            if key == "contacts":
                lst = win.stack.currentWidget().lists["vendor"]
                lst.scrollToItem(lst.item(lst.count() - 1))
                shoot(app, lst, out, "contacts-vendors", found)
        win.show_home()
        dialog(app, lambda: GlossaryDialog(win), out, "glossary", found)
        dialog(app, lambda: DataDialog(ctx, win), out, "data", found)
        dialog(app, lambda: NewYearDialog(ctx, win), out, "new-year", found)
        dialog(app, lambda: ContactDialog("vendor", None, win), out, "contact", found)
        win.close()
        ctx.close()
    return found


def main(argv: list[str]) -> int:
    if len(argv) > 1 and "configfile" not in os.environ.get("QT_QPA_PLATFORM", ""):
        import subprocess  # re-run on the wanted screen

        out = Path(argv[0])
        out.mkdir(parents=True, exist_ok=True)
        env = offscreen_env(out, argv[1], argv[2] if len(argv) > 2 else "1")
        return subprocess.run([sys.executable, "-m", "tests.ui.screens", argv[0], *argv[1:]], env=env).returncode
    found = capture(Path(argv[0]))
    print(json.dumps(found, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
