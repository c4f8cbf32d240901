"""The parsed-editions cache: a hit gives the same editions, a changed file is parsed again,
a corrupt or foreign cache is ignored and rewritten, and the cache never changes what is valid."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from hospital_sec_desk.domain import edition_cache
from hospital_sec_desk.domain.edition_cache import EditionCache
from hospital_sec_desk.domain.registry import load_registry
from hospital_sec_desk.paths import resource

BUNDLED = resource("questionnaires")


@pytest.fixture
def files(tmp_path):
    """A copy of the bundled editions (so a test may change one) and a cache file beside it."""
    src = tmp_path / "questionnaires"
    src.mkdir()
    for path in sorted(BUNDLED.glob("*.toml")):
        (src / path.name).write_bytes(path.read_bytes())
    (tmp_path / "cache").mkdir()
    return src, tmp_path / "cache" / "editions.pickle"


def load(src, cache_file):
    cache = EditionCache(cache_file)
    editions = [cache.load(p) for p in sorted(src.glob("*.toml"))]
    cache.save()
    return editions, cache


def test_a_cache_hit_gives_editions_equal_to_parsing(files):
    src, cache_file = files
    parsed = load_registry(src).editions  # no cache
    first = load_registry(src, None, cache_file).editions
    assert cache_file.is_file()
    again, cache = load(src, cache_file)
    assert (cache.hits, cache.misses) == (len(parsed), 0)
    assert again == first == parsed
    for ed in again:  # the item index (not part of ==) works after unpickling
        assert all(ed.item(i.key) == i for i in ed.items)
        assert ed.path.startswith(str(src))


def test_a_changed_file_is_parsed_again(files):
    src, cache_file = files
    load(src, cache_file)
    path = src / "bcp_r6.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count('short_title = "') == 1
    path.write_text(text.replace('short_title = "', 'short_title = "改訂', 1), encoding="utf-8")
    editions, cache = load(src, cache_file)
    assert (cache.hits, cache.misses) == (3, 1)
    bcp = next(e for e in editions if e.questionnaire == "bcp")
    assert bcp.short_title.startswith("改訂")
    editions, cache = load(src, cache_file)  # and the new content is what is cached now
    assert cache.misses == 0
    assert next(e for e in editions if e.questionnaire == "bcp").short_title.startswith("改訂")


@pytest.mark.parametrize("damage", [
    b"",  # zero length (a power cut after the rename)
    b"\x80\x05garbage",  # not a pickle
    b"not a pickle at all",
    pickle.dumps({"fingerprint": ("someone else",), "entries": {}}),  # an older app's cache
    pickle.dumps(["a", "list"]),  # the wrong shape
])
def test_a_corrupt_or_foreign_cache_is_ignored_and_rewritten(files, damage):
    src, cache_file = files
    expected, _ = load(src, None)
    cache_file.write_bytes(damage)
    editions, cache = load(src, cache_file)
    assert editions == expected and cache.hits == 0
    _, cache = load(src, cache_file)
    assert cache.hits == len(expected) and cache.misses == 0


def test_a_truncated_cache_is_ignored(files):
    src, cache_file = files
    expected, _ = load(src, cache_file)
    cache_file.write_bytes(cache_file.read_bytes()[: cache_file.stat().st_size // 2])
    editions, cache = load(src, cache_file)
    assert editions == expected and cache.hits == 0


def test_a_cached_entry_with_a_wrong_object_is_not_used(files):
    src, cache_file = files
    expected, _ = load(src, cache_file)
    stored = pickle.loads(cache_file.read_bytes())
    key = next(iter(stored["entries"]))
    stored["entries"][key] = (stored["entries"][key][0], "not an edition")
    cache_file.write_bytes(pickle.dumps(stored))
    editions, cache = load(src, cache_file)
    assert editions == expected and cache.misses == 1


def test_a_changed_model_invalidates_the_cache(files, monkeypatch):
    src, cache_file = files
    load(src, cache_file)
    monkeypatch.setattr(edition_cache, "__version__", "99.0")
    _, cache = load(src, cache_file)
    assert cache.hits == 0


def test_a_bad_dropped_in_file_is_never_cached_and_still_reported(files, tmp_path):
    src, cache_file = files
    extra = tmp_path / "editions"
    extra.mkdir()
    (extra / "broken.toml").write_text("format_version = 1\n[[items]\n", encoding="utf-8")
    for _ in range(2):
        reg = load_registry(src, extra, cache_file)
        assert [os.path.basename(e.path) for e in reg.errors] == ["broken.toml"]
    assert not any("broken" in k for k in pickle.loads(cache_file.read_bytes())["entries"])


def test_the_cache_is_private_and_written_without_leftovers(files):
    src, cache_file = files
    os.chmod(cache_file.parent, 0o755)
    load(src, cache_file)
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_file.parent.stat().st_mode) == 0o700
    assert [p.name for p in cache_file.parent.iterdir()] == ["editions.pickle"]


def test_no_cache_folder_is_created_where_the_data_folder_does_not_exist(files, tmp_path):
    src, _ = files
    missing = tmp_path / "no-data-folder" / "cache" / "editions.pickle"
    load_registry(src, None, missing)
    assert not (tmp_path / "no-data-folder").exists()


def test_a_cache_that_cannot_be_written_only_costs_the_speed(files):
    src, cache_file = files
    cache_file.mkdir()  # something in the way that os.replace cannot overwrite (also as root)
    expected, _ = load(src, None)
    for _ in range(2):
        editions, cache = load(src, cache_file)
        assert editions == expected and cache.hits == 0
    assert cache_file.is_dir() and list(cache_file.parent.iterdir()) == [cache_file]


def test_a_start_with_every_edition_cached_never_imports_the_parser(files, tmp_path):
    """tomllib and the parser load only on a cache miss (they cost start-up time): neither for
    the editions nor for the readiness rules the 加算 panel judges with (domain/rule_tables.py)."""
    import subprocess
    import sys

    src, cache_file = files
    load_registry(src, None, cache_file)  # fills the cache, as a start does
    probe = ("import sys; from pathlib import Path; from hospital_sec_desk.domain.registry import load_registry; "
             "from hospital_sec_desk.domain.readiness import rules_for; "
             f"r = load_registry(Path({str(src)!r}), None, Path({str(cache_file)!r})); "
             "judged = sum(len(rules_for(e).requirements) for e in r.editions if rules_for(e) is not None); "
             "print(len(r.editions), judged, 'tomllib' in sys.modules, "
             "'hospital_sec_desk.domain.edition_parse' in sys.modules)")
    hit = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert hit.returncode == 0, hit.stderr
    count, judged, toml, parser = hit.stdout.split()
    assert int(count) == len(list(src.glob("*.toml"))) and int(judged) > 0
    assert (toml, parser) == ("False", "False")
    (src / sorted(src.glob("*.toml"))[0].name).write_bytes(sorted(src.glob("*.toml"))[0].read_bytes() + b"\n# x\n")
    miss = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert miss.returncode == 0, miss.stderr
    assert miss.stdout.split()[1:] == [judged, "True", "True"]  # a changed file is parsed again


def test_rule_tables_come_from_the_cache_until_their_file_changes(tmp_path):
    """A readiness rules file is cached like an edition: the same table as parsing, a hit while
    the file is unwritten, parsed again once its bytes change; a bad file is never cached."""
    import tomllib

    from hospital_sec_desk.domain.rule_tables import rules_path

    bundled = rules_path("survey", "r8")
    rules = tmp_path / bundled.name
    rules.write_bytes(bundled.read_bytes())
    cache_file = tmp_path / "cache" / "editions.pickle"
    first = EditionCache(cache_file)
    table = first.load_table(rules)
    first.save()
    assert table == tomllib.loads(bundled.read_text(encoding="utf-8")) and first.misses == 1
    again = EditionCache(cache_file)
    assert again.load_table(rules) == table and (again.hits, again.misses) == (1, 0)
    rules.write_bytes(b'extra = "x"\n' + bundled.read_bytes())
    changed = EditionCache(cache_file)
    assert changed.load_table(rules)["extra"] == "x" and changed.misses == 1
    changed.save()
    rules.write_bytes(b"not = [toml")
    bad = EditionCache(cache_file)
    with pytest.raises(tomllib.TOMLDecodeError):
        bad.load_table(rules)
    bad.save()
    with pytest.raises(tomllib.TOMLDecodeError):
        EditionCache(cache_file).load_table(rules)


def test_an_unwritten_file_is_not_even_read_and_rewritten_same_bytes_still_hit(files, monkeypatch):
    src, cache_file = files
    expected, _ = load(src, cache_file)
    path = src / "bcp_r6.toml"
    reads = []
    real = edition_cache._read
    monkeypatch.setattr(edition_cache, "_read", lambda p: reads.append(Path(p).name) or real(p))
    editions, cache = load(src, cache_file)
    assert editions == expected and cache.misses == 0
    assert reads == [cache_file.name]  # only the cache itself: no edition file was read
    path.write_bytes(path.read_bytes())  # the same bytes written again: new times
    reads.clear()
    editions, cache = load(src, cache_file)
    assert editions == expected and (cache.misses, reads.count(path.name)) == (0, 1)  # by its sha256
    reads.clear()
    _, cache = load(src, cache_file)  # the renewed times were saved: not read again
    assert reads == [cache_file.name]


def test_a_change_of_the_same_size_with_the_old_time_put_back_is_parsed_again(files):
    src, cache_file = files
    load(src, cache_file)
    path = src / "bcp_r6.toml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace('short_title = "', 'short_title = "X', 1).replace("\n\n", "\n", 1)
    assert len(changed.encode()) == len(text.encode())
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    editions, cache = load(src, cache_file)
    assert cache.misses == 1
    assert next(e for e in editions if e.questionnaire == "bcp").short_title.startswith("X")
