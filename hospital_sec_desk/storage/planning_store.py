"""Store methods for the planning records: the training/drill log and the hospital's BCP text edits.

The tables are made by migration 0003_planning (schema.py). Used beside storage.store.Store (`PlanningStore(store)`), on the same connection, with the
same guards: a write's SQLite/OS error becomes SaveFailed (rolled back), a read's ReadFailed.
Rows go in and out as plain dicts (the domain's drills.Drill.to_row() shape); validation
happens before, in domain/drills.py. One short transaction per change.
"""

from __future__ import annotations

from .store import Store, now_iso, reads, writes

DRILL_FIELDS = ("held_on", "kind", "topic", "participants", "findings", "improvements", "next_on")

class PlanningStore:
    """The drill log and BCP edits of one open Store.

    Every attribute it does not define is the Store's own (the connection, and the state the
    @reads/@writes guards keep: nesting depth, the busy wait, the rollback), so a guarded call
    here and one on the Store share one state, whatever the guards keep.
    """

    def __init__(self, store: Store):
        object.__setattr__(self, "store", store)

    def __getattr__(self, name: str):
        return getattr(self.store, name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self.store, name, value)

    # -- drills ----------------------------------------------------------------
    @reads
    def drills(self) -> list[dict]:
        cur = self.db.execute("SELECT * FROM drills ORDER BY held_on DESC, id DESC")
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    @writes
    def save_drill(self, drill_id: int | None, row: dict) -> int:
        """Insert (drill_id None) or replace one record; returns its id."""
        unknown = set(row) - set(DRILL_FIELDS)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        values = [row.get(f) if f == "participants" else (row.get(f) or "") for f in DRILL_FIELDS]
        stamp = now_iso()
        with self.db.atomic():
            if drill_id is None:
                cur = self.db.execute(
                    f"INSERT INTO drills ({', '.join(DRILL_FIELDS)}, updated_at) "
                    f"VALUES ({', '.join('?' * (len(DRILL_FIELDS) + 1))})", [*values, stamp])
                return cur.lastrowid
            cur = self.db.execute(
                f"UPDATE drills SET {', '.join(f + ' = ?' for f in DRILL_FIELDS)}, updated_at = ? "
                "WHERE id = ?", [*values, stamp, drill_id])
            if cur.rowcount != 1:
                raise KeyError(drill_id)
            return drill_id

    @writes
    def delete_drill(self, drill_id: int) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM drills WHERE id = ?", [drill_id])

    # -- BCP text edits ------------------------------------------------------------
    @reads
    def bcp_edits(self, year: int) -> dict[str, str]:
        rows = self.db.execute("SELECT section_key, body FROM bcp_text WHERE fiscal_year = ?", [year])
        return dict(rows.fetchall())

    @reads
    def bcp_edit_rows(self) -> list[dict]:
        cur = self.db.execute("SELECT fiscal_year, section_key, body, updated_at FROM bcp_text "
                              "ORDER BY fiscal_year, section_key")
        return [dict(zip(("fiscal_year", "section_key", "body", "updated_at"), r, strict=True))
                for r in cur.fetchall()]

    @writes
    def save_bcp_edit(self, year: int, section_key: str, body: str) -> None:
        """Keep the hospital's text of one section for that 年度; an empty body removes the edit."""
        with self.db.atomic():
            if not body.strip():
                self.db.execute("DELETE FROM bcp_text WHERE fiscal_year = ? AND section_key = ?",
                                [year, section_key])
                return
            self.db.execute(
                "INSERT INTO bcp_text (fiscal_year, section_key, body, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(fiscal_year, section_key) DO UPDATE SET body = excluded.body, "
                "updated_at = excluded.updated_at", [year, section_key, body, now_iso()])
