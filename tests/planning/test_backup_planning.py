"""Backups carry the planning records: a drill and a BCP edit deleted after a backup come back
when the backup is restored in the running app."""

from __future__ import annotations

from hospital_sec_desk.app import data, planning

from . import sample


def test_backup_and_restore_bring_back_the_planning_records(ctx):
    sample.populate(ctx)
    planning.save_bcp_text(ctx, sample.YEAR, "policy", "当院の方針です。")
    backup, _made = data.create_backup(ctx)
    first = planning.drills(ctx)[0]
    planning.delete_drill(ctx, first.id)
    planning.save_bcp_text(ctx, sample.YEAR, "policy", "")
    assert len(planning.drills(ctx)) == 2 and planning.bcp_edits(ctx, sample.YEAR) == {}
    data.restore(ctx, backup)
    assert [d.topic for d in planning.drills(ctx)][0] == first.topic and len(planning.drills(ctx)) == 3
    assert planning.bcp_edits(ctx, sample.YEAR) == {"policy": "当院の方針です。"}
