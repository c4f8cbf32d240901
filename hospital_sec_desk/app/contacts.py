"""Use cases of the contact registry (院内・ベンダー・外部機関) used by the poster and the chart."""

from __future__ import annotations

import datetime as dt

from ..domain import contacts as cd
from .context import AppContext


def contacts(ctx: AppContext, category: str | None = None) -> list[dict]:
    """Contacts in their list order (of one category, or all)."""
    return ctx.store.contacts(category)


def contact(ctx: AppContext, contact_id: int) -> dict:
    return ctx.store.contact(contact_id)


def save_contact(ctx: AppContext, contact_id: int | None, **fields) -> int:
    """Add (contact_id None) or change a contact; returns its id."""
    return ctx.store.save_contact(contact_id, **fields)


def set_on_poster(ctx: AppContext, contact_id: int, on: bool) -> None:
    ctx.store.save_contact(contact_id, on_poster=int(on))


def delete_contact(ctx: AppContext, contact_id: int) -> None:
    ctx.store.delete_contact(contact_id)


def move_contact(ctx: AppContext, contact_id: int, delta: int) -> None:
    ctx.store.move_contact(contact_id, delta)


def confirmed_on(ctx: AppContext) -> str:
    """The ISO date the user last confirmed the contacts ('' when never)."""
    return ctx.store.setting(cd.CONFIRMED_KEY, "")


def confirmed_day(ctx: AppContext) -> dt.date | None:
    text = confirmed_on(ctx)
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def mark_confirmed(ctx: AppContext, day: dt.date | None = None) -> None:
    ctx.store.set_setting(cd.CONFIRMED_KEY, (day or dt.date.today()).isoformat())
