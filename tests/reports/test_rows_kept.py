"""rows.rows_kept: inside one report build each assessment's rows are made once and are the rows
made without it; every caller gets its own list; nothing is kept after the build or outside
it (a changed answer shows in the next build); a report built with it has the bytes of one
built without it."""

from __future__ import annotations

import contextlib

import pytest
from reportlab import rl_config

from hospital_sec_desk.domain import item_state
from hospital_sec_desk.reports import report, rows
from hospital_sec_desk.reports.context import load_context
from hospital_sec_desk.reports.rows import item_rows, rows_kept
from tests.sample_data import populate


@pytest.fixture
def rctx(ctx):
    populate(ctx)
    return load_context(ctx.store, ctx.registry, 2026, with_history=True)


def _counting(monkeypatch) -> list:
    made = []
    real = item_state.item_states

    def counting(edition, records):
        made.append(edition)
        return real(edition, records)

    monkeypatch.setattr(rows.st, "item_states", counting)
    return made


def test_rows_are_made_once_per_assessment_inside(rctx, monkeypatch):
    fresh = [item_rows(a) for a in rctx.assessments]
    made = _counting(monkeypatch)
    with rows_kept():
        first = [item_rows(a) for a in rctx.assessments]
        again = [item_rows(a) for a in rctx.assessments]
        with rows_kept():  # a nested build uses the same rows
            nested = [item_rows(a) for a in rctx.assessments]
        assert first == again == nested == fresh
        assert all(x is not y for x, y in zip(first, again, strict=True))  # each caller its own list
        again[0].clear()  # what one part does with its list is its own business
        assert item_rows(rctx.assessments[0]) == fresh[0]
    assert len(made) == len(rctx.assessments)


def test_nothing_is_kept_outside_or_after(rctx, monkeypatch):
    a = rctx.assessments[0]
    with rows_kept():
        item_rows(a)
    made = _counting(monkeypatch)
    item_rows(a)
    item_rows(a)
    with rows_kept():
        item_rows(a)
        item_rows(a)
    assert len(made) == 3  # twice outside, once in the new build


def test_a_report_has_the_bytes_of_one_built_without_it(rctx, monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    kept = report.build_report(rctx, list(report.PARTS))
    monkeypatch.setattr(report, "rows_kept", contextlib.nullcontext)
    plain = report.build_report(rctx, list(report.PARTS))
    assert kept == plain
