"""File dialogs: opening in the user's Documents folder, in Japanese.

Windows gets its own (native) dialog; elsewhere Qt's dialog is used, translated by
qtbase_ja.qm (see qt_setup.install_translations) plus the two labels that catalogue misses.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget


def documents_path(name: str = "") -> str:
    """`name` in the user's Documents folder (QStandardPaths), the home folder when there is none."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    base = Path(folder) if folder and Path(folder).is_dir() else Path.home()
    return str(base / name) if name else str(base)


def file_dialog_options() -> QFileDialog.Option:
    """The system's own dialog on Windows; elsewhere Qt's dialog, which speaks Japanese through
    qtbase_ja.qm (a desktop portal's dialog may follow another language setting)."""
    if sys.platform == "win32":
        return QFileDialog.Option(0)
    return QFileDialog.Option.DontUseNativeDialog


# Qt 6's file dialog form uses "&Look in:" and "Files of &type:", which qtbase_ja.qm does
# not translate (it has the strings without the "&"): set by objectName from qfiledialog.ui.
_UNTRANSLATED = {"lookInLabel": "場所(&I):", "fileTypeLabel": "ファイルの種類(&T):"}


def make_save_dialog(parent: QWidget, title: str, start: str, filters: str) -> QFileDialog:
    """A save dialog opening at `start` (normally in Documents), all in Japanese."""
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setOptions(file_dialog_options())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if Path(start).suffix:
        dialog.selectFile(Path(start).name)
    for name, text in _UNTRANSLATED.items():
        found = dialog.findChild(QLabel, name)
        if found is not None:
            found.setText(text)
    return dialog


def save_file_dialog(parent: QWidget, title: str, start: str, filters: str) -> str:
    """Ask where to save; "" when cancelled."""
    dialog = make_save_dialog(parent, title, start, filters)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]
