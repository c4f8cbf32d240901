"""The layer rules of docs/architecture.md, as import-linter contracts (pyproject.toml).

`lint-imports` runs on the package as it is; then each rule is broken on purpose in a
copy of the package, and the contract must fail — so a green run means something.
Also: no import cycles between modules (function-level imports included), no
`except ImportError` around a module that ships, ui/ and the CLI never reach the Store,
no networking, no module of 500 lines or more.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "hospital_sec_desk"
LINT = Path(sys.executable).with_name("lint-imports")
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def run_lint(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run([str(LINT), str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_lint_imports_keeps_every_contract():
    result = run_lint(ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout
    assert f"{len(CONTRACTS['contracts'])} kept, 0 broken" in result.stdout


# (file to break, line to add, the violation lint-imports must report)
P = "hospital_sec_desk"
BREAKS = [
    ("domain/text.py", "from ..ui import widgets  # noqa", f"{P}.domain is not allowed to import {P}.ui"),
    ("domain/text.py", "import sqlite3  # noqa", f"{P}.domain is not allowed to import sqlite3"),
    ("domain/fiscal.py", "from reportlab.lib import colors  # noqa", f"{P}.domain is not allowed to import reportlab"),
    ("domain/fiscal.py", "from ..storage import errors  # noqa", f"{P}.domain is not allowed to import {P}.storage"),
    ("storage/lock.py", "from ..reports import fonts  # noqa", f"{P}.storage is not allowed to import {P}.reports"),
    ("reports/fonts.py", "from ..storage import lock  # noqa", f"{P}.reports is not allowed to import {P}.storage"),
    ("reports/fonts.py", "import PySide6  # noqa", f"{P}.reports is not allowed to import PySide6"),
    ("app/history.py", "from ..ui import widgets  # noqa", f"{P}.app is not allowed to import {P}.ui"),
    ("ui/widgets.py", "from ..storage import store  # noqa", f"{P}.ui is not allowed to import {P}.storage"),
    ("ui/widgets.py", "from ..reports import poster  # noqa", f"{P}.ui is not allowed to import {P}.reports"),
    ("ui/widgets.py", "import sqlite3  # noqa", f"{P}.ui is not allowed to import sqlite3"),
    ("domain/text.py", "import socket  # noqa", f"{P} is not allowed to import socket"),
]


@pytest.fixture(scope="module")
def broken_copies(tmp_path_factory):
    """One copy of the package per break, each with one forbidden import added."""
    out = []
    for n, (rel, line, violation) in enumerate(BREAKS):
        root = tmp_path_factory.mktemp(f"broken{n}")
        shutil.copytree(PKG, root / "hospital_sec_desk", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
        target = root / "hospital_sec_desk" / rel
        target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
        out.append((root, rel, line, violation))
    return out


@pytest.mark.parametrize("index", range(len(BREAKS)), ids=[f"{b[0]}:{b[1].split()[1]}" for b in BREAKS])
def test_each_contract_fails_when_its_layer_is_broken(broken_copies, index):
    root, rel, line, violation = broken_copies[index]
    result = run_lint(root)
    assert result.returncode != 0, f"adding {line!r} to {rel} left every contract kept"
    assert violation in result.stdout, result.stdout[-3000:]


def test_no_import_cycles_between_modules():
    """Function-level imports count too: a cycle cannot hide in a function body."""
    graph = grimp.build_graph("hospital_sec_desk", cache_dir=None)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith(module + "."):
                continue  # a package importing its own submodule (its __init__) is not a cycle
            if module.startswith(imported + "."):
                continue  # a submodule importing its package's __init__
            if graph.chain_exists(imported=module, importer=imported):
                cycles.append(f"{module} -> {imported}")
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def _nodes(path: Path):
    return ast.walk(ast.parse(path.read_text(encoding="utf-8")))


def test_no_except_import_error_in_the_package():
    found = []
    for path in sorted(PKG.rglob("*.py")):
        for node in _nodes(path):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = [n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)]
                if {"ImportError", "ModuleNotFoundError"} & set(names):
                    found.append(f"{path.relative_to(PKG)}:{node.lineno}")
    assert not found, found


def test_ui_and_cli_never_reach_the_store():
    """`ctx.store` is the application layer's own: widgets and commands call use cases."""
    found = []
    for layer in ("ui", "cli"):
        for path in sorted((PKG / layer).rglob("*.py")) if (PKG / layer).exists() else []:
            for node in _nodes(path):
                if isinstance(node, ast.Attribute) and node.attr in ("store", "db"):
                    found.append(f"{path.relative_to(PKG)}:{node.lineno} .{node.attr}")
    assert not found, found


def test_no_networking_in_qt_either():
    for path in sorted(PKG.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "QtNetwork" not in text and "QtWebEngine" not in text, path


def test_module_sizes():
    for path in sorted(PKG.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines < 500, f"{path.relative_to(PKG)} has {lines} lines; split it"
