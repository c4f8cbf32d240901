"""Use cases of one assessment: open its session, read its records and its state.

The session (domain/session.py) is the in-memory model the wizard edits; this module
builds it from the Store and gives it the savers that persist each change.
"""

from __future__ import annotations

from ..domain.answers import AnswerRecord
from ..domain.edition import Edition
from ..domain.item_state import Completeness, completeness
from ..domain.progress import REVIEW_LAST_ITEM
from ..domain.session import AssessmentSession
from ..storage.errors import StorageError
from .context import AppContext


def open_session(ctx: AppContext, year: int, questionnaire: str, read_only: bool = False) -> AssessmentSession:
    """The answer model of (year, questionnaire), created when missing; each change is saved at once."""
    store = ctx.store
    edition = ctx.edition_for(year, questionnaire)
    aid = store.ensure_assessment(year, questionnaire, edition.edition)
    prev = store.find_assessment(ctx.previous_year(year), questionnaire)
    return AssessmentSession(
        edition, store.answers(aid), lambda k, r: store.save_answer(aid, k, r),
        previous=store.answers(prev["id"]) if prev else {}, read_only=read_only,
        actions=store.action_items(aid), action_saver=lambda k, f: store.save_action(aid, k, **f),
        position=store.assessment(aid)["last_item"],
        position_saver=lambda key: store.set_last_item(aid, key))


def sync_problem(ctx: AppContext) -> StorageError | None:
    """A save that had returned but could not be put on the disk afterwards (the fsync of the
    -wal failed, storage/flusher.py), as a Japanese error, once; None otherwise. The next write
    is refused (SaveFailed) until the storage could make what is stored durable again."""
    return ctx.store.sync_failure()


def unsynced_at_close(ctx: AppContext) -> str | None:
    """Before the window closes: wait until every save is on the disk. None when it is (or was
    made so by a checkpoint); else why not, as a Japanese phrase (the saves are kept in the
    -wal file, read again at the next start; only a power cut could lose them)."""
    try:
        ctx.store.flush()
    except StorageError as exc:
        return getattr(exc, "why", None) or str(exc)
    return None


def _assessment(ctx: AppContext, year: int, questionnaire: str):
    """(edition, the assessment row or None, its records): one look-up for the readers below."""
    found = ctx.store.find_assessment(year, questionnaire)
    return ctx.edition_of(found, year, questionnaire), found, (ctx.store.answers(found["id"]) if found else {})


def records(ctx: AppContext, year: int, questionnaire: str) -> tuple[Edition, dict[str, AnswerRecord]]:
    """The edition of that year's assessment and its records (empty when not started)."""
    edition, _found, recs = _assessment(ctx, year, questionnaire)
    return edition, recs


def progress(ctx: AppContext, year: int, questionnaire: str) -> tuple[Edition, Completeness, bool]:
    """(edition, counts, finished): finished when the user reached the review page with all answered."""
    edition, found, recs = _assessment(ctx, year, questionnaire)
    counts = completeness(edition, recs)
    reached_review = bool(found) and found["last_item"] == REVIEW_LAST_ITEM
    return edition, counts, counts.done and reached_review


def opens_read_only(ctx: AppContext, year: int) -> bool:
    """Earlier years open read-only (the user may choose to edit)."""
    years = ctx.years()
    return bool(years) and year < max(years)
