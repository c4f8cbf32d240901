"""Shared test setup: headless Qt, a fresh data folder per test, the seed documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("HOSPITAL_SEC_DESK_DATA_DIR", None)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls, pytestconfig):  # noqa: ARG001 - pytest-qt's signature
    """The app as the program makes it: bundled font, Japanese translations."""
    from hospital_sec_desk.ui.qt_setup import make_app

    return make_app(["hospital-sec-desk-tests"])


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def ctx(data_dir: Path):
    from hospital_sec_desk.app.context import AppContext

    context = AppContext.open(data_dir)
    yield context
    context.close()


def seed(name_prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{name_prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {name_prefix} not available (../shared/seeds)")
    return found[0]
