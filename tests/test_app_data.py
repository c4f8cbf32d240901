"""The data use cases of the application layer (app/data.py): backups listed in Japanese,
copies to another folder (a USB stick), a manual backup only when the content is new."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from hospital_sec_desk.app import data
from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.domain.answers import AnswerRecord


@pytest.fixture
def opened(tmp_path):
    ctx = AppContext.open(tmp_path / "data")
    ctx.store.save_facility(name="さくら/記念病院")
    ctx.ensure_year(2026)
    yield ctx
    ctx.close()


def test_backups_are_listed_with_date_time_and_reason_in_japanese(opened):
    made, new = data.create_backup(opened)
    assert new
    found = data.list_backups(opened.folder)
    assert [b.path for b in found] == [made]
    label = found[0].label
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日（[月火水木金土日]）\d{2}:\d{2}　手動", label), label
    assert abs(found[0].when - dt.datetime.now()) < dt.timedelta(minutes=5)


def test_a_manual_backup_of_unchanged_content_is_not_made_twice(opened):
    first, new = data.create_backup(opened)
    again, new_again = data.create_backup(opened)
    assert new and not new_again and again == first
    opened.store.save_answer(opened.store.find_assessment(2026, "survey")["id"], "bcp",
                             AnswerRecord({"choice": "yes"}))
    third, new_third = data.create_backup(opened)
    assert new_third and third != first and len(data.list_backups(opened.folder)) == 2


def test_copies_to_a_usb_folder(opened, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    made, _ = data.create_backup(opened)
    copy = data.copy_backup_to(made, usb, opened.folder)
    assert copy == usb / made.name and copy.read_bytes() == made.read_bytes()
    exported = data.copy_export_to(opened, usb)
    assert exported.path == usb / "さくら_記念病院_データ.json"
    assert json.loads(exported.path.read_text("utf-8"))["facility"]["name"] == "さくら/記念病院"
    with pytest.raises(data.TargetRefused):  # a copy into the data folder itself is refused
        data.copy_backup_to(made, opened.folder / "backups", opened.folder)


def test_describe_gives_japanese_for_os_errors(tmp_path):
    text = data.describe(PermissionError(13, "Permission denied", str(tmp_path / "x")))
    assert "権限" in text and "Permission" not in text and str(tmp_path / "x") in text
