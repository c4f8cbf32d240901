"""Use cases of the training/drill log (研修・訓練の記録) and the facts it establishes.

Kept apart from app/planning.py (the BCP document and its writers) so that the home screen's
reminder and 加算 panel, which read only the log, do not load the BCP document's modules.
Bad input raises domain.drills.DrillError (Japanese messages, nothing saved); storage problems
raise a StorageError whose text is a Japanese sentence.
"""

from __future__ import annotations

import datetime as dt

from ..domain import drills as drill_rules
from ..domain.drills import Drill, RecordedFact
from ..storage.planning_store import PlanningStore
from .context import AppContext

KINDS = drill_rules.KINDS
DrillError = drill_rules.DrillError


def planning_store(ctx: AppContext) -> PlanningStore:
    return PlanningStore(ctx.store)   # ctx.store changes after a restore: never keep one


def today_or(today: dt.date | None) -> dt.date:
    """The day given (tests, callers), else today."""
    return today or dt.date.today()


def drills(ctx: AppContext) -> list[Drill]:
    """Every record, newest first."""
    return [drill_rules.from_row(r) for r in planning_store(ctx).drills()]


def save_drill(ctx: AppContext, values: dict, drill_id: int | None = None) -> Drill:
    """Validate and save one record (new when drill_id is None); returns it with its id.

    DrillError when the input is bad (nothing saved); StorageError when it cannot be written.
    """
    drill = drill_rules.validate(values, drill_id=drill_id)
    try:
        new_id = planning_store(ctx).save_drill(drill_id, drill.to_row())
    except KeyError as exc:
        raise drill_rules.DrillError(["この記録は削除されています。一覧を開き直してください。"]) from exc
    return drill.with_(id=new_id)


def delete_drill(ctx: AppContext, drill_id: int) -> None:
    planning_store(ctx).delete_drill(drill_id)


def drill_reminder(ctx: AppContext, today: dt.date | None = None) -> str:
    """Home's reminder text ('' when a drill was held in the last 12 months)."""
    return drill_rules.reminder(drills(ctx), today_or(today))


def recorded_facts(ctx: AppContext, today: dt.date | None = None) -> dict[str, RecordedFact]:
    """What the log establishes for 施設基準 (9) and (12) (the readiness hook's input)."""
    return drill_rules.recorded_facts(drills(ctx), today_or(today))


def readiness_facts(ctx: AppContext, today: dt.date | None = None) -> dict[str, str]:
    """The `facts` argument of domain.readiness.readiness(): what the drill log establishes."""
    return drill_rules.readiness_facts(drills(ctx), today_or(today))


def drill_summaries(ctx: AppContext, years) -> dict[int, str]:
    """年度 -> one line on the log (the history comparison's row 「研修・訓練の記録」)."""
    log = drills(ctx)
    return {y: drill_rules.year_summary(log, y) for y in years}
