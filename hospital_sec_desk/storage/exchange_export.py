"""Export: everything in the database as one JSON-able dict (docs/data-format.md, "Export file")."""

from __future__ import annotations

import datetime as dt
import json

from .. import __version__
from .exchange_planning import export_planning
from .import_check import (
    ACTION_KEYS,
    CONTACT_KEYS,
    EXPORTED_SETTINGS,
    FACILITY_KEYS,
    FORMAT_NAME,
    FORMAT_VERSION,
)
from .store import Store


def _rows(store: Store, sql: str, params=()) -> list[dict]:
    cur = store.db.execute(sql, list(params))
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def contact_refs(store: Store) -> dict[int, str]:
    """Contact id -> its reference in the file: c1, c2, … in display order."""
    return {c["id"]: f"c{i + 1}" for i, c in enumerate(store.contacts())}


def export_all(store: Store) -> dict:
    """Everything in the database, as a dict ready for json.dump (see docs/data-format.md)."""
    fac = _rows(store, "SELECT * FROM facility WHERE id = 1")
    facility = {k: (fac[0][k] if fac else (None if k == "beds" else "")) for k in FACILITY_KEYS}
    refs = contact_refs(store)
    contacts = []
    for c in store.contacts():
        row = {k: c[k] for k in CONTACT_KEYS if k != "ref"}
        row["on_poster"] = bool(row["on_poster"])
        contacts.append({"ref": refs[c["id"]], **row})
    settings = {r["key"]: r["value"] for r in _rows(
        store, f"SELECT key, value FROM settings WHERE key IN ({','.join('?' * len(EXPORTED_SETTINGS))}) "
        "ORDER BY key", EXPORTED_SETTINGS)}
    assessments = []
    for a in sorted(store.assessments(), key=lambda a: (a["fiscal_year"], a["questionnaire"], a["edition"])):
        answers = {}
        for r in _rows(store, "SELECT * FROM answers WHERE assessment_id = ? ORDER BY item_key", [a["id"]]):
            answers[r["item_key"]] = {
                "value": json.loads(r["value"]), "memo": r["memo"], "vendor_flag": bool(r["vendor_flag"]),
                "vendor": refs.get(r["vendor_id"]), "state": r["state"], "updated_at": r["updated_at"]}
        actions = {r["item_key"]: {k: r[k] for k in ACTION_KEYS} for r in _rows(
            store, "SELECT * FROM action_items WHERE assessment_id = ? ORDER BY item_key", [a["id"]])}
        assessments.append({
            "year": a["fiscal_year"], "questionnaire": a["questionnaire"], "edition": a["edition"],
            "created_at": a["created_at"], "closed": bool(a["closed"]), "last_item": a["last_item"],
            "answers": answers, "action_items": actions})
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "facility": facility,
        "settings": settings,
        "contacts": contacts,
        "assessments": assessments,
        **export_planning(store),
    }


def dumps(data: dict) -> str:
    """The file text: UTF-8 JSON, readable, non-ASCII kept as is, ending with a newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
