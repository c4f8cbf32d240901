"""Use case of the 加算 panel: judge 施設基準 (8)〜(12) from everything the year holds.

The same inputs as the report's readiness part (reports/trend_parts.py): the questionnaire
whose edition has rules, the year's other questionnaires (BCP確認表, checklist) and the
facts the drill log establishes.
"""

from __future__ import annotations

from ..domain.edition import Edition
from ..domain.readiness import Result, RuleSet, readiness, rules_for
from ..domain.record import record
from . import drills, sessions
from .context import AppContext


@record
class Judged:
    edition: Edition
    rules: RuleSet
    results: list[Result]
    answered: bool                 # the judged questionnaire has answers at all
    read: tuple[str, ...]          # short titles of every questionnaire read


def judge(ctx: AppContext, year: int) -> Judged | None:
    """None when no questionnaire of that year has readiness rules."""
    per_q = {q: sessions.records(ctx, year, q) for q in ctx.registry.questionnaires()}
    main = next((q for q, (ed, _r) in per_q.items() if ed is not None and rules_for(ed) is not None), None)
    if main is None:
        return None
    edition, records = per_q[main]
    others = {q: pair for q, pair in per_q.items() if q != main and pair[0] is not None}
    results = readiness(edition, records, ctx.facility().get("beds"), others=others,
                        facts=drills.readiness_facts(ctx)) or []
    read = tuple(ed.short_title for ed, _r in per_q.values() if ed is not None)
    return Judged(edition, rules_for(edition), results, bool(records), read)
