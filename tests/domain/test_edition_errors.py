"""A bad edition file is refused with a message naming the file and the key."""

from __future__ import annotations

import pytest

from hospital_sec_desk.domain.edition import EditionError
from hospital_sec_desk.domain.edition_parse import load_edition

GOOD = '''
format_version = 1
questionnaire = "demo"
edition = "x1"
kind = "survey"
official_text = false
title = "デモ"
short_title = "デモ"
source = "test"
[choice_sets]
yes_no = [ { key = "yes", label = "はい" }, { key = "no", label = "いいえ" } ]
[[sections]]
key = "s"
title = "節"
[[items]]
key = "a"
number = "Q1"
section = "s"
title = "質問A"
type = "single"
choice_set = "yes_no"
[[items]]
key = "b"
number = "Q2"
section = "s"
title = "質問B"
type = "single"
choice_set = "yes_no"
when = [ { item = "a", any_of = ["yes"] } ]
'''


def write(tmp_path, text):
    path = tmp_path / "demo_x1.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads(tmp_path):
    ed = load_edition(write(tmp_path, GOOD))
    assert [i.key for i in ed.items] == ["a", "b"]


@pytest.mark.parametrize("broken,key", [
    (GOOD.replace('title = "質問A"\n', ""), "items.a.title"),
    (GOOD.replace('short_title = "デモ"\n', ""), "short_title"),
    (GOOD.replace('any_of = ["yes"]', 'any_of = ["maybe"]'), "items.b.when[0].any_of"),
    (GOOD.replace('item = "a"', 'item = "zzz"'), "items.b.when[0].item"),
    (GOOD.replace('key = "b"', 'key = "a"'), "items.a"),
    (GOOD.replace('choice_set = "yes_no"\nwhen', 'choice_set = "nope"\nwhen'), "items.b.choice_set"),
    (GOOD.replace("format_version = 1", "format_version = 9"), "format_version"),
    (GOOD.replace('type = "single"\nchoice_set = "yes_no"\nwhen', 'type = "radio"\nchoice_set = "yes_no"\nwhen'),
     "items.b.type"),
    (GOOD + "\n[[items]\n", "(file)"),
])
def test_bad_file_names_file_and_key(tmp_path, broken, key):
    path = write(tmp_path, broken)
    with pytest.raises(EditionError) as info:
        load_edition(path)
    assert info.value.key == key
    assert "demo_x1.toml" in str(info.value) and key in str(info.value)
