"""Use cases about which edition a year's assessment uses (the 版 of each questionnaire).

API for the UI and the CLI (they call these, never the Store):

- `edition_status(ctx, year, questionnaire)` -> EditionStatus: `.provisional`, `.label`
  (「暫定」 or ""), `.reasons` / `.text` (Japanese): mark the home card, the wizard and printouts.
- `switch_choices(ctx, year, questionnaire)` -> the editions the year may switch to.
- `plan_edition_switch(ctx, year, questionnaire, edition)` -> SwitchPlan: show `.summary`, the
  `.lost` answers (number, title, why) and `.new_items` before asking the user to confirm.
- `switch_edition(ctx, plan, year)` -> assessment id: performs the planned switch in one
  transaction. Carried answers become 未確認 (confirm against the new wording).
Errors: EditionSwitchError (a Japanese message, nothing changed).
"""

from __future__ import annotations

from ..domain.edition import Edition
from ..domain.edition_switch import SwitchPlan, plan_switch
from ..domain.registry import EditionStatus
from .context import AppContext


class EditionSwitchError(Exception):
    """A switch that cannot be done; the message is Japanese and nothing was changed."""


def edition_status(ctx: AppContext, year: int, questionnaire: str) -> EditionStatus:
    ed = ctx.edition_for(year, questionnaire)
    if ed is None:
        return EditionStatus(False)
    return ctx.registry.status(ed, year)


def switch_choices(ctx: AppContext, year: int, questionnaire: str) -> list[Edition]:
    """Installed editions other than the one the year uses, the one for that 年度 first."""
    current = ctx.edition_for(year, questionnaire)
    eds = [e for e in ctx.registry.editions_of(questionnaire) if current is None or e.edition != current.edition]
    return sorted(eds, key=lambda e: not e.serves(year))


def _assessment(ctx: AppContext, year: int, questionnaire: str) -> dict:
    found = ctx.store.find_assessment(year, questionnaire)
    if found is None:
        raise EditionSwitchError(f"{year}年度の記録はまだ始まっていません。")
    return found


def plan_edition_switch(ctx: AppContext, year: int, questionnaire: str, edition: str) -> SwitchPlan:
    found = _assessment(ctx, year, questionnaire)
    old = ctx.registry.get(questionnaire, found["edition"])
    new = ctx.registry.get(questionnaire, edition)
    if new is None:
        raise EditionSwitchError(f"「{edition}」という版はこのアプリに入っていません。")
    if old is None:
        raise EditionSwitchError("いま使っている版のファイルが見つからないため、切り替えられません。")
    if old.edition == new.edition:
        raise EditionSwitchError(f"この年度はすでに「{new.short_title}」を使っています。")
    return plan_switch(old, new, ctx.store.answers(found["id"]))


def switch_edition(ctx: AppContext, plan: SwitchPlan, year: int) -> int:
    """Perform a plan from plan_edition_switch (re-checked: the answers may have changed since)."""
    found = _assessment(ctx, year, plan.old.questionnaire)
    if found["edition"] != plan.old.edition:
        raise EditionSwitchError("この年度の版は、確認のあとに変わっています。もう一度やり直してください。")
    fresh = plan_switch(plan.old, plan.new, ctx.store.answers(found["id"]))
    ctx.store.switch_edition(found["id"], plan.new.edition, list(fresh.carried), list(fresh.cleared))
    return found["id"]
