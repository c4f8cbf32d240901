"""The content digest (storage/digest.py): different contents never compare equal, the same
content in another page layout always does; its cache is per version; a changed start takes it
once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage import digest
from hospital_sec_desk.storage.database import DB_NAME, open_store

from .helpers import ticking_backup_clock

# Columns without a declared type keep every value as given (no affinity turns 1.0 into 1).
TABLES = {
    "keyed": "CREATE TABLE keyed (id INTEGER PRIMARY KEY, a, b)",
    "pair": "CREATE TABLE pair (k1 TEXT, k2, v, PRIMARY KEY (k1, k2))",
    "bare": "CREATE TABLE bare (a, b)",
    "norow": "CREATE TABLE norow (k PRIMARY KEY, v) WITHOUT ROWID",
}
DELETE = {
    "keyed": lambda row: ("DELETE FROM keyed WHERE id = ?", row[:1]),
    "pair": lambda row: ("DELETE FROM pair WHERE k1 IS ? AND k2 IS ?", row[:2]),
    "norow": lambda row: ("DELETE FROM norow WHERE k IS ?", row[:1]),
}
values = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.binary(max_size=12),
)
keys = st.one_of(st.integers(-5, 5), st.text("abc日本", max_size=3), st.binary(max_size=2))


@st.composite
def contents(draw) -> dict[str, list[tuple]]:
    n = draw(st.integers(1, 6))
    ids = draw(st.lists(st.integers(-1000, 1000), min_size=1, max_size=n, unique=True))
    pair_keys = draw(st.lists(st.tuples(st.text("xy", max_size=2), keys), max_size=n,
                              unique_by=lambda k: (k[0], type(k[1]), k[1])))
    norow_keys = draw(st.lists(keys, max_size=n, unique_by=lambda k: (type(k), k)))
    return {
        "keyed": [(i, draw(values), draw(values)) for i in ids],
        "pair": [(a, b, draw(values)) for a, b in pair_keys],
        "bare": [(draw(values), draw(values)) for _ in range(draw(st.integers(0, n)))],
        "norow": [(k, draw(values)) for k in norow_keys],
    }


def _distinct_keys(rows: list[tuple], width: int) -> bool:
    """SQLite compares 1 and 1.0 (and b'' with nothing else) as equal keys: such rows collide."""
    seen = set()
    for row in rows:
        key = tuple((type(v) in (int, float), v) if isinstance(v, (int, float)) else (type(v), v)
                    for v in row[:width])
        if key in seen:
            return False
        seen.add(key)
    return True


def build(path: Path, content: dict[str, list[tuple]], *, reverse: bool = False, page_size: int = 4096,
          wal: bool = False, churn: bool = False):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")  # test files: no fsyncs
    conn.execute(f"PRAGMA page_size = {page_size}")
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # the rows stay in the -wal
    conn.execute("PRAGMA user_version = 3")
    for sql in TABLES.values():
        conn.execute(sql)
    for table, rows in content.items():
        marks = ", ".join("?" * len(rows[0])) if rows else ""
        keyed = table != "bare"  # the order of a table's rows is content only where there is no key
        for row in (rows[::-1] if reverse and keyed else rows):
            conn.execute(f"INSERT INTO {table} VALUES ({marks})", row)
            if churn and keyed:  # a row written, deleted and written again: other pages, other rowids
                conn.execute(*DELETE[table](row))
                conn.execute(f"INSERT INTO {table} VALUES ({marks})", row)
    if churn:
        conn.execute("CREATE TABLE scratch (x)")  # free pages once dropped
        conn.executemany("INSERT INTO scratch VALUES (?)", [(b"x" * 900,)] * 30)
        conn.execute("DROP TABLE scratch")
    if wal:
        return path, conn  # the -wal keeps its frames while this connection is open
    conn.close()
    return path


def _valid(content) -> bool:
    return _distinct_keys(content["pair"], 2) and _distinct_keys(content["norow"], 1)


CASES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@CASES
@given(content=contents(), data=st.data())
def test_a_different_cell_gives_a_different_digest(tmp_path_factory, content, data):
    assume(_valid(content))
    tables = [t for t, rows in content.items() if rows]
    table = data.draw(st.sampled_from(tables))
    rows = content[table]
    r = data.draw(st.integers(0, len(rows) - 1))
    width = {"keyed": 1, "pair": 2, "norow": 1, "bare": 0}[table]
    c = data.draw(st.integers(width, len(rows[r]) - 1)) if width < len(rows[r]) else None
    assume(c is not None)
    new = data.draw(values)
    old = rows[r][c]
    assume(type(new) is not type(old) or new != old or str(new) != str(old))  # -0.0 vs 0.0 differ
    changed = dict(content, **{table: [*rows[:r], (*rows[r][:c], new, *rows[r][c + 1:]), *rows[r + 1:]]})
    base = tmp_path_factory.mktemp("cell")
    a, b = build(base / "a.sqlite3", content), build(base / "b.sqlite3", changed)
    assert digest.of_file(a) != digest.of_file(b), (table, r, c, old, new)


NEAR = [1, 1.0, "1", b"1", 2, 2.0, -0.0, 0.0, 0, "", b"", None, "None", "日本", "日本".encode()]


@pytest.mark.parametrize("old", NEAR)
def test_values_equal_as_text_or_as_numbers_are_still_different(tmp_path, old):
    """Type-only differences (1, 1.0, '1', b'1'; '' and b'' and NULL; 0.0 and -0.0) are content."""
    found = {}
    for n, new in enumerate(NEAR):
        content = {"keyed": [(1, old, None)], "pair": [("x", 1, new)], "bare": [(new, old)], "norow": []}
        found[digest.of_file(build(tmp_path / f"{n}.sqlite3", content))] = n
    assert len(found) == len(NEAR)


@CASES
@given(content=contents(), extra=values)
def test_a_row_more_or_less_gives_a_different_digest(tmp_path_factory, content, extra):
    assume(_valid(content))
    base = tmp_path_factory.mktemp("row")
    more = dict(content, bare=[*content["bare"], (extra, None)])
    less = dict(content, keyed=content["keyed"][1:])
    a = digest.of_file(build(base / "a.sqlite3", content))
    assert a != digest.of_file(build(base / "more.sqlite3", more))
    assert a != digest.of_file(build(base / "less.sqlite3", less))


@CASES
@given(content=contents())
def test_the_same_content_in_another_layout_gives_the_same_digest(tmp_path_factory, content):
    assume(_valid(content))
    base = tmp_path_factory.mktemp("layout")
    plain = digest.of_file(build(base / "plain.sqlite3", content))
    other = build(base / "other.sqlite3", content, reverse=True, page_size=1024, churn=True)
    assert digest.of_file(other) == plain  # other insertion order, page size, rowids, free pages
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("VACUUM")
    conn.close()
    assert digest.of_file(other) == plain
    wal, writer = build(base / "wal.sqlite3", content, wal=True)
    try:
        assert Path(f"{wal}-wal").stat().st_size > 0 and digest.of_file(wal) == plain  # through the WAL
        writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert digest.of_file(wal) == plain
    finally:
        writer.close()


def test_schema_and_user_version_are_content(tmp_path):
    content = {"keyed": [(1, "a", None)], "pair": [], "bare": [], "norow": []}
    plain = digest.of_file(build(tmp_path / "a.sqlite3", content))
    for n, change in enumerate(("PRAGMA user_version = 4", "CREATE INDEX i ON keyed (a)",
                                "ALTER TABLE keyed ADD COLUMN c", "CREATE TABLE more (x)")):
        path = build(tmp_path / f"b{n}.sqlite3", content)
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute(change)
        conn.close()
        assert digest.of_file(path) != plain, change


def test_the_hash_is_hashlibs_blake2b():
    """digest.py takes BLAKE2b from _blake2 (no OpenSSL to load): it must be hashlib's own."""
    import hashlib

    assert digest._blake2b() is hashlib.blake2b


# -- the backups: one digest per changed start, the cache per version -------------------------

def _folder_with_a_backup(tmp_path) -> tuple[Path, int]:
    folder = tmp_path / "data"
    store = open_store(folder)
    aid = store.ensure_assessment(2026, "survey", "r6")
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}, memo="控え"))
    store.close()
    open_store(folder).close()  # the start backup of that content
    return folder, aid


def _change(folder: Path, aid: int, memo: str) -> None:
    store = open_store(folder, auto_backup=False)
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}, memo=memo))
    store.close()


def _count_digests(monkeypatch) -> list[str]:
    calls: list[str] = []
    for name in ("of_connection", "of_file"):
        original = getattr(digest, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(digest, name, counted)
    return calls


def test_a_changed_start_takes_the_digest_once(tmp_path, monkeypatch):
    folder, aid = _folder_with_a_backup(tmp_path)
    for n in range(3):
        _change(folder, aid, f"変更 {n}")
        calls = _count_digests(monkeypatch)
        before = backups.list_backups(folder)
        store = open_store(folder, defer_backup=True)
        store.startup_backup.start()  # as the window does after its first paint
        store.close()
        assert len(backups.list_backups(folder)) == len(before) + 1
        assert calls == ["of_connection"], calls  # the live data once; the newest backup's from the cache
        monkeypatch.undo()
    calls = _count_digests(monkeypatch)
    open_store(folder).close()  # unchanged since: no digest at all
    assert calls == []


def test_the_digest_kept_is_that_of_the_backup_file(tmp_path):
    folder, aid = _folder_with_a_backup(tmp_path)
    for n in range(3):
        _change(folder, aid, f"変更 {n}")
        open_store(folder).close()
    cache = digest.load_cache(folder / backups.BACKUP_DIR)
    found = backups.list_backups(folder)
    assert len(cache) == len(found) == 4
    for path in found:
        st_ = path.stat()
        assert cache[f"{path.name} {st_.st_size} {st_.st_mtime_ns}"] == digest.of_file(path)


def test_a_moved_stamp_with_the_same_content_makes_no_backup_and_no_copy(tmp_path, monkeypatch):
    folder, aid = _folder_with_a_backup(tmp_path)
    (folder / backups.BACKUP_DIR / backups.STAT_NAME).write_text("0:0 -", "utf-8")
    calls = _count_digests(monkeypatch)
    copies: list[Path] = []
    monkeypatch.setattr(backups, "copy_from", lambda src, target: copies.append(target))
    before = backups.list_backups(folder)
    assert backups.backup_if_changed(folder / DB_NAME) is None
    assert backups.list_backups(folder) == before and calls == ["of_connection"] and copies == []


def test_digests_of_an_earlier_version_are_never_read(tmp_path):
    """An old last_digest (or a v2 line whose size and time do not match) claiming the newest
    backup holds the current content must not suppress the backup of changed data."""
    folder, aid = _folder_with_a_backup(tmp_path)
    _change(folder, aid, "変更")
    newest = backups.list_backups(folder)[0]
    now = digest.of_file(folder / DB_NAME)
    (folder / "backups" / "last_digest").write_text(f"{newest.name} {now}\n", "utf-8")
    st_ = newest.stat()
    (folder / "backups" / backups.DIGEST_NAME).write_text(
        f"{newest.name} {st_.st_size + 1} {st_.st_mtime_ns} {now}\n", "utf-8")
    made = backups.backup_if_changed(folder / DB_NAME)
    assert made is not None and digest.of_file(made) == now != digest.of_file(newest)


def test_prune_counts_equal_contents_once_without_a_cache(tmp_path, monkeypatch):
    """Retention by distinct content holds when the cache is gone or of another version."""
    import datetime as dt

    folder = tmp_path / "data"
    ticking_backup_clock(monkeypatch)
    prune = backups.prune
    monkeypatch.setattr(backups, "prune", lambda *args, **kwargs: [])  # all 24 stay until the end
    store = open_store(folder, auto_backup=False)
    aid = store.ensure_assessment(2026, "survey", "r6")
    for n in range(12):
        store.save_answer(aid, "bcp", AnswerRecord({"choice": f"c{n}"}))
        for _ in range(2):
            backups.make_backup(store.path, "manual")
    store.close()
    assert len(backups.list_backups(folder)) == 24
    (folder / "backups" / backups.DIGEST_NAME).unlink(missing_ok=True)
    (folder / "backups" / "last_digest").write_text(
        "".join(f"{p.name} {n:064x}\n" for n, p in enumerate(backups.list_backups(folder))), "utf-8")
    prune(folder, today=dt.date(2026, 11, 21))
    kept = backups.list_backups(folder)
    assert len({digest.of_file(p) for p in kept}) == 10 and len(kept) == 10


def test_temporaries_of_a_killed_copy_are_removed(tmp_path):
    folder, _aid = _folder_with_a_backup(tmp_path)
    side = folder / "backups"
    names = [".backup-20260101-000000-000000-start.sqlite3.tmp", ".digests-v2.tmp", ".last_stat.tmp",
             ".tmp-k3j_x9ab",  # a side file's (digests-v2, last_stat) cut short: cache_file.write_private
             *(f".backup-20260101-000000-000000-start.sqlite3.tmp{s}" for s in ("-journal", "-wal", "-shm"))]
    for name in names:
        (side / name).write_bytes(b"x")
    for mine in ("notes.txt-journal", "tmp-notes.txt"):
        (side / mine).write_bytes(b"mine")
    backups.clean_temporaries(folder)
    assert not [n for n in names if (side / n).exists()]
    assert (side / "notes.txt-journal").exists() and (side / "tmp-notes.txt").exists()
