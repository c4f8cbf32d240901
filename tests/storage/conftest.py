"""Fixtures for the storage tests."""

from __future__ import annotations

import pytest

from .helpers import make_registry


@pytest.fixture(scope="session")
def registry(tmp_path_factory):
    return make_registry(tmp_path_factory.mktemp("registry"))
