"""The fixture maker's snapshot(), loaded from tests/fixtures/make_fixture_db.py."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

_spec = importlib.util.spec_from_file_location("make_fixture_db", FIXTURES / "make_fixture_db.py")
_maker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_maker)
snapshot = _maker.snapshot


def expected(version: int) -> dict:
    data = json.loads((FIXTURES / "db" / f"v{version}.expected.json").read_text("utf-8"))
    data.pop("schema_version")
    return data
