"""The facility (病院) and respondent, and what a change of them reaches.

The respondent fills survey Q1 (stable key `respondent`). Q1 follows the facility
information until the user edits Q1 by hand: a Q1 that is empty, or still exactly what
the previous facility information produced, is rewritten from the new information; a Q1
typed by hand is never overwritten. The report cover reads the facility directly.
"""

from __future__ import annotations

from ..domain.answer_kinds import FORM
from ..domain.answers import AnswerRecord
from ..domain.text import MAX_TEXT
from .context import AppContext

RESPONDENT_KEY = "respondent"  # survey Q1 (stable key)
SURVEY = "survey"


def respondent_fields(facility: dict) -> dict[str, str]:
    """Q1's fields as the facility information gives them."""
    affiliation = "　".join(x for x in (facility.get("corporation", ""), facility.get("name", ""),
                                       facility.get("respondent_dept", "")) if x)
    return {"name": facility.get("respondent_name", "") or "", "affiliation": affiliation[:MAX_TEXT],
            "contact": facility.get("respondent_contact", "") or ""}


def save_facility(ctx: AppContext, year: int, **values) -> bool:
    """Save the facility; create the year when the database has none; update Q1 of `year`.

    Returns True when Q1 was (re)filled from the facility.
    """
    before = ctx.store.facility()
    ctx.store.save_facility(**values)
    if not ctx.store.years():
        ctx.ensure_year(year)
    return _follow_q1(ctx, year, before, ctx.store.facility())


def _follow_q1(ctx: AppContext, year: int, before: dict, after: dict) -> bool:
    edition = ctx.edition_for(year, SURVEY)
    if edition is None or not edition.has_item(RESPONDENT_KEY):
        return False
    item = edition.item(RESPONDENT_KEY)
    names = [f.key for f in item.fields]
    aid = ctx.store.ensure_assessment(year, SURVEY, edition.edition)
    current = ctx.store.answers(aid).get(RESPONDENT_KEY)
    given = {k: FORM.field(current.value, k) for k in names} if current else {}
    old = {k: v for k, v in respondent_fields(before).items() if k in names}
    new = {k: v for k, v in respondent_fields(after).items() if k in names}
    by_hand = current is not None and FORM.filled(current.value) and given != old
    if by_hand or given == new or not any(new.values()):
        return False
    record = (current or AnswerRecord()).with_(value={**(current.value if current else {}), **FORM.make(new)})
    ctx.store.save_answer(aid, RESPONDENT_KEY, record)
    return True
