"""The baseline for the cold-start figure: a bare QApplication showing one empty QMainWindow.

Run the same way as `python -m hospital_sec_desk --smoke` (offscreen): show, paint once
(grab), close and exit 0. benchmarks/run.py times both processes side by side.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    win.resize(1280, 720)  # the size the app's main window opens at
    win.show()

    def finish() -> None:
        win.grab()  # forces a full paint, as --smoke does
        win.close()
        app.quit()

    QTimer.singleShot(0, finish)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
