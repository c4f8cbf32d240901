"""The readiness rules' TOML tables, read once per start and, when unchanged, from the
parsed-editions cache.

Each edition the 加算 panel can judge has a rules file (resources/rules/readiness_<q>_<edition>.toml,
domain/readiness.py). Importing tomllib and parsing that file cost about 4 ms of every start (the
panel is filled right after the first paint, before a `--smoke` start ends). The registry loads
each rules file through its cache (domain/edition_cache.py: the same size/time/sha256 checks as
an edition file) and `remember`s the table here; `table(path)` gives it back, or parses the file
when it was not remembered (no cache, a test that builds an edition by hand). A file that does
not parse is not remembered: `table` then raises the parser's error where the rules are used,
as it did before there was a cache.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import resource
from .edition_cache import read_table

_tables: dict[str, dict] = {}


def rules_path(questionnaire: str, edition: str) -> Path:
    return resource("rules", f"readiness_{questionnaire}_{edition}.toml")


def remember(path: Path, table: dict) -> None:
    _tables[str(path)] = table


def table(path: Path) -> dict:
    """The parsed TOML of a rules file: remembered at the registry's load, else read now
    (raises OSError, UnicodeDecodeError or tomllib.TOMLDecodeError for a bad file)."""
    found = _tables.get(str(path))
    return found if found is not None else read_table(path)
