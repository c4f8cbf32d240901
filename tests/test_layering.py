"""domain/, storage/ and reports/ import nothing from Qt; ui/ never imports sqlite3 or reportlab."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "hospital_sec_desk"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            if node.args and isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value))
    return names


@pytest.mark.parametrize("layer", ["domain", "storage", "reports"])
def test_no_qt_below_ui(layer):
    files = sorted((PKG / layer).rglob("*.py"))
    assert files
    for path in files:
        bad = {n for n in imports_of(path) if n.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6")}
        assert not bad, f"{path.relative_to(PKG)} imports {bad}"


def test_ui_touches_no_sql_or_reportlab():
    for path in sorted((PKG / "ui").rglob("*.py")):
        bad = {n for n in imports_of(path) if n.split(".")[0] in ("sqlite3", "sqlite_utils", "reportlab")}
        assert not bad, f"{path.relative_to(PKG)} imports {bad}"


def test_no_networking_modules_in_package():
    for path in sorted(PKG.rglob("*.py")):
        bad = {n for n in imports_of(path)
               if n.split(".")[0] in ("socket", "urllib", "http", "requests", "ssl")
               or n.startswith("PySide6.QtNetwork")}
        assert not bad, f"{path.relative_to(PKG)} imports {bad}"


def test_module_sizes():
    for path in sorted(PKG.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines < 500, f"{path.relative_to(PKG)} has {lines} lines; split it"
