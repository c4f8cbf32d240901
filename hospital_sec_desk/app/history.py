"""Use cases of the history screen: every year's answers, for comparison and trend."""

from __future__ import annotations

from ..domain.answers import AnswerRecord
from ..domain.edition import Edition
from .context import AppContext

History = dict[int, dict[str, tuple[Edition, dict[str, AnswerRecord]]]]


def load_history(ctx: AppContext) -> History:
    """Every year's assessments: {year: {questionnaire: (edition, records)}}.

    An assessment whose edition file is not installed is skipped (one assessment per
    questionnaire and year: the schema keeps it unique).
    """
    history: History = {}
    for row in ctx.store.assessments():
        edition = ctx.registry.get(row["questionnaire"], row["edition"])
        per_year = history.setdefault(row["fiscal_year"], {})
        if edition is None or row["questionnaire"] in per_year:
            continue
        per_year[row["questionnaire"]] = (edition, ctx.store.answers(row["id"]))
    return history
