"""The Store's hospital-wide records: settings, the facility profile, the contact list
(part of storage.store.Store).

`settings` is a key/value table (the app's own flags and choices); `facility` is one row
(id 1, FACILITY_FIELDS); `contacts` are ordered by category and `position` (CONTACT_FIELDS,
domain/contacts.py). One short transaction per change; the @reads / @writes guards
(guards.py) turn SQLite and OS errors into ReadFailed / SaveFailed.

FacilityRecords is a mixin: it uses the Store's `db` and the guards' state, set up by
storage.store.Store.
"""

from __future__ import annotations

from ..domain.contacts import CONTACT_FIELDS
from .guards import now_iso, reads, writes

FACILITY_FIELDS = ("name", "corporation", "beds", "prefecture", "address", "phone",
                   "respondent_name", "respondent_dept", "respondent_contact")


class FacilityRecords:
    # -- settings ------------------------------------------------------------
    @reads
    def setting(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    @writes
    def set_setting(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    # -- facility ------------------------------------------------------------
    @reads
    def facility(self) -> dict:
        rows = list(self.db["facility"].rows_where("id = 1"))
        if not rows:
            return {f: (None if f == "beds" else "") for f in FACILITY_FIELDS}
        return {f: rows[0][f] for f in FACILITY_FIELDS}

    @reads
    def has_facility(self) -> bool:
        return bool(self.facility()["name"].strip())

    @writes
    def save_facility(self, **fields) -> None:
        unknown = set(fields) - set(FACILITY_FIELDS)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        row = {"id": 1, **self.facility(), **fields, "updated_at": now_iso()}
        with self.db.atomic():
            self.db["facility"].upsert(row, pk="id")

    # -- contacts ------------------------------------------------------------
    @reads
    def contacts(self, category: str | None = None) -> list[dict]:
        where, params = ("category = ?", [category]) if category else (None, None)
        rows = self.db["contacts"].rows_where(where, params, order_by="category, position, id")
        return [dict(r) for r in rows]

    @reads
    def contact(self, contact_id: int) -> dict:
        rows = list(self.db["contacts"].rows_where("id = ?", [contact_id]))
        if not rows:
            raise KeyError(contact_id)
        return dict(rows[0])

    @writes
    def save_contact(self, contact_id: int | None = None, **fields) -> int:
        unknown = set(fields) - set(CONTACT_FIELDS)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        fields["updated_at"] = now_iso()
        with self.db.atomic():
            if contact_id is None:
                if "position" not in fields:
                    row = self.db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM contacts "
                                          "WHERE category = ?", [fields.get("category", "")]).fetchone()
                    fields["position"] = row[0]
                return self.db["contacts"].insert(fields).last_pk
            self.db["contacts"].update(contact_id, fields)
            return contact_id

    @writes
    def add_contacts_once(self, entries: list[dict], flag: str) -> int:
        """Add the entries in one transaction and set the setting `flag` to "1"; returns how many.

        Nothing happens when `flag` is already set; an entry whose category and role already
        exist (e.g. after an import) is skipped.
        """
        if self.setting(flag) == "1":
            return 0
        with self.db.atomic():
            existing = {(c["category"], c["role"]) for c in self.contacts()}
            added = 0
            for entry in entries:
                if (entry["category"], entry.get("role", "")) not in existing:
                    self.save_contact(**entry)
                    added += 1
            self.set_setting(flag, "1")
        return added

    @writes
    def delete_contact(self, contact_id: int) -> None:
        with self.db.atomic():
            self.db["contacts"].delete(contact_id)

    @writes
    def move_contact(self, contact_id: int, delta: int) -> None:
        """Swap a contact with its neighbour in the same category (reorder)."""
        me = self.contact(contact_id)
        peers = self.contacts(me["category"])
        idx = next(i for i, c in enumerate(peers) if c["id"] == contact_id)
        other = idx + delta
        if not 0 <= other < len(peers):
            return
        order = [c["id"] for c in peers]
        order[idx], order[other] = order[other], order[idx]
        with self.db.atomic():
            for pos, cid in enumerate(order):
                self.db.execute("UPDATE contacts SET position = ? WHERE id = ?", [pos, cid])
