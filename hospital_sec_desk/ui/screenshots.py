"""Screenshots of the main screens (used by tests and for reviewing the look).

    python -m hospital_sec_desk.ui.screenshots OUT_DIR [--scale 1.5]

Builds a sample hospital in a temporary data folder, then saves home.png,
question.png (a question with its guidance open), bcp.png and review.png.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def capture(out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from ..app import facility
    from ..app.context import AppContext
    from .main_window import MainWindow
    from .qt_setup import make_app

    app = make_app(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(Path(tmp))
        facility.save_facility(ctx, 2026, name="さくら記念病院", corporation="医療法人さくら会", beds=50)
        win = MainWindow(ctx)
        win.resize(1280, 720)
        win.show()
        shots = []

        def save(name: str) -> None:
            QApplication.processEvents()
            path = out / name
            win.grab().save(str(path))
            shots.append(path)

        save("home.png")
        win.open_wizard("survey", "restart")
        win.wizard.go("bcp")
        win.wizard.page.press_number(1)
        save("question.png")
        win.open_wizard("bcp", "restart")
        win.wizard.page.press_number(3)
        save("bcp.png")
        win.wizard.go("__review__")
        save("review.png")
        win.close()
        ctx.close()
    del app
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in capture(Path(args.out)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
