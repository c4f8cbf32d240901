"""The contacts a new registry starts with (resources/default_contacts.toml), and role look-ups.

ensure_default_contacts() inserts them once; the setting 'contacts_seeded' keeps a
contact the user deleted from coming back. No Qt, no reportlab here.
"""

from __future__ import annotations

import tomllib

from .paths import resource
from .storage.store import CONTACT_FIELDS

SEEDED_KEY = "contacts_seeded"
CONFIRMED_KEY = "contacts_confirmed_on"

# Roles the poster and the 連絡体制図 look for (as shipped in default_contacts.toml).
ROLE_SAFETY_MANAGER = "医療情報システム安全管理責任者"
ROLE_DIRECTOR = "院長／経営層"
ROLE_ADMIN_MANAGER = "事務長"
ROLE_CSIRT = "CSIRT（対応チーム）"
ROLE_MHLW = "厚生労働省"
ROLE_PREFECTURE = "都道府県"
ROLE_POLICE = "警察"
ROLE_JMA = "日本医師会"
LEADERSHIP_ROLES = (ROLE_SAFETY_MANAGER, ROLE_DIRECTOR, ROLE_ADMIN_MANAGER, ROLE_CSIRT)

CATEGORY_LABELS = {"inhouse": "院内", "vendor": "ベンダー・保守会社", "outside": "外部機関"}


def default_contacts() -> list[dict]:
    """The shipped entries, each a dict of contact fields (missing fields left to the table defaults)."""
    with open(resource("default_contacts.toml"), "rb") as fh:
        data = tomllib.load(fh)
    out = []
    for entry in data.get("contact", []):
        unknown = set(entry) - set(CONTACT_FIELDS)
        if unknown:
            raise ValueError(f"default_contacts.toml: unknown fields {sorted(unknown)}")
        out.append(dict(entry))
    return out


def ensure_default_contacts(store) -> int:
    """Insert the shipped contacts once per data file; returns how many were added.

    An entry whose category and role already exist (e.g. after an import) is skipped.
    """
    if store.setting(SEEDED_KEY) == "1":
        return 0
    existing = {(c["category"], c["role"]) for c in store.contacts()}
    added = 0
    with store.db.atomic():
        for entry in default_contacts():
            if (entry["category"], entry.get("role", "")) in existing:
                continue
            store.save_contact(**entry)
            added += 1
        store.set_setting(SEEDED_KEY, "1")
    return added


def find_role(contacts: list[dict], category: str, role: str) -> dict | None:
    """The first contact of `category` whose role is `role` (or, failing that, contains it)."""
    peers = [c for c in contacts if c["category"] == category]
    exact = next((c for c in peers if c["role"].strip() == role), None)
    if exact is not None:
        return exact
    return next((c for c in peers if role in c["role"]), None)


def is_department_contact(contact: dict) -> bool:
    """An in-house contact that is not one of the leadership roles: a department's contact."""
    return contact["category"] == "inhouse" and not any(
        r in contact["role"] for r in (ROLE_SAFETY_MANAGER, "院長", "経営", ROLE_ADMIN_MANAGER, "CSIRT"))
