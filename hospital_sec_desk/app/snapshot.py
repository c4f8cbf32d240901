"""The report's snapshot of a year: what the printed report, the CSV, the poster and the print
preview read (reports/context.py), with the drill log and the facts it establishes.

Apart from app/planning.py (which re-exports it) so that printing does not load the BCP
document's modules.
"""

from __future__ import annotations

import datetime as dt

from ..domain import drills as drill_rules
from ..reports.context import load_context
from .context import AppContext
from .drills import drills


def report_context(ctx: AppContext, year: int, **kwargs):
    """The report's snapshot with the drill log (研修・訓練 part) and its facts (readiness part)."""
    log = drills(ctx)
    kwargs.setdefault("facts", drill_rules.readiness_facts(log, dt.date.today()))
    report = load_context(ctx.store, ctx.registry, year, **kwargs)
    report.drills = log
    return report
