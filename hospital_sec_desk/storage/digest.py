"""The content digest of a database: what it holds, not how its pages lie.

Backups are compared by this digest (backup.py): a start backs up only when the data differs
from the newest backup, and retention counts distinct contents. Two databases with the same
schema and rows have the same digest whatever their page layout (WAL checkpoints, VACUUM,
free pages, rowids renumbered); a difference in any cell, any schema entry or `user_version`
changes it.

What is hashed (BLAKE2b, 32 bytes), all ASCII:

    hsd-content-digest 2
    ascii((user_version, application_id, [(type, name, tbl_name, sql), ...]))   # schema, sorted
    then for each table, by name: ascii(name), a line feed, the rows in a fixed order as
    ascii() of lists of row tuples (CHUNK rows each), a line feed

The rows come in primary-key order (no sort: the key's own b-tree or index), tables without a
declared key in the order of all their columns. `ascii()` of str, bytes, int, float and None is
an unambiguous literal (it reads back with the same types and values, floats exactly), never
contains a line feed, and, unlike repr(), does not depend on the Unicode version of the Python
that wrote it; so the text is a one-to-one image of the content. Virtual tables are skipped
(their shadow tables are hashed) and so are the sqlite_stat tables (statistics, not data), as
the SQL dump did. VERSION changes whenever this text changes: digests of different versions
must never be compared, so the cache of the backups' digests is a file named after the version
(`backups/digests-v2`; the `last_digest` of earlier versions is not read).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from ..domain.cache_file import write_private
from .errors import logged
from .sqlfile import read_uri

VERSION = 2
CHUNK = 256
_SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name, tbl_name, sql"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _row_order(conn: sqlite3.Connection, table: str) -> str:
    """The ORDER BY terms: the primary key's columns in key order, else every column."""
    info = conn.execute(f"PRAGMA table_info({_quoted(table)})").fetchall()
    key = sorted((row[5], row[1]) for row in info if row[5])
    if key:
        return ", ".join(_quoted(name) for _, name in key)
    return ", ".join(f"{n} COLLATE BINARY" for n in range(1, len(info) + 1))


def _blake2b():
    """BLAKE2b from CPython's own _blake2 module (0.5 ms to load): `import hashlib` loads OpenSSL
    first (4-5 ms, 10 M instructions), on the changed start's path since nothing else there needs
    it. hashlib.blake2b, one of hashlib's guaranteed algorithms, is this very function in every
    CPython (hashlib never takes BLAKE2 from OpenSSL); tests/storage/test_backup_digest.py checks it."""
    from _blake2 import blake2b

    return blake2b


def of_connection(conn: sqlite3.Connection) -> str:
    """The digest of what `conn` sees (run inside one read transaction for a consistent view)."""
    h = _blake2b()(b"hsd-content-digest %d\n" % VERSION, digest_size=32)
    schema = conn.execute(_SCHEMA).fetchall()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    application = conn.execute("PRAGMA application_id").fetchone()[0]
    h.update(ascii((version, application, schema)).encode("ascii") + b"\n")
    tables = sorted(name for kind, name, _tbl, sql in schema
                    if kind == "table" and not name.startswith("sqlite_stat")
                    and not (sql or "").upper().startswith("CREATE VIRTUAL"))
    for table in tables:
        h.update(ascii(table).encode("ascii") + b"\n")
        rows = conn.execute(f"SELECT * FROM {_quoted(table)} ORDER BY {_row_order(conn, table)}")
        while chunk := rows.fetchmany(CHUNK):
            h.update(ascii(chunk).encode("ascii"))
        h.update(b"\n")
    return h.hexdigest()


def of_file(path: Path) -> str:
    """The digest of a database file, read-only (no side files without a -wal). Raises OSError
    or sqlite3.Error when it cannot be read."""
    conn = sqlite3.connect(read_uri(Path(path)), uri=True, isolation_level=None)
    try:
        conn.execute("BEGIN")
        return of_connection(conn)
    finally:
        conn.close()


# -- the cache of the backups' digests (backups/digests-v<VERSION>) ---------------------------

CACHE_NAME = f"digests-v{VERSION}"  # a new VERSION starts a new file: no digest of another version is read
_CACHE_LINE = r"(backup-\S+\.sqlite3) ([0-9]+) ([0-9]+) ([0-9a-f]{64})"  # compiled at first use (after the paint)


def write_side_file(path: Path, text: str) -> None:
    """A cache file beside the backups, 0600, replaced whole (domain/cache_file.write_private).
    Not fsynced: it is only a cache (a torn or lost one is ignored when read)."""
    write_private(path, text.encode("utf-8"))


def read_side_file(path: Path) -> str | None:
    """A small side file we wrote, or None when missing or unreadable (it is only a cache)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(1 << 16).decode("utf-8")
    except (OSError, UnicodeError):
        return None


def load_cache(folder: Path) -> dict[str, str]:
    """"name size mtime" of a backup in `folder` -> its digest (garbage lines are ignored). A
    backup is written once and never changed, so an entry stays true; its size and time make a
    file put in place of another under the same name a miss, not a lie."""
    cache = {}
    for line in (read_side_file(Path(folder) / CACHE_NAME) or "").splitlines():
        m = re.fullmatch(_CACHE_LINE, line)
        if m:
            cache[f"{m.group(1)} {m.group(2)} {m.group(3)}"] = m.group(4)
    return cache


def save_cache(folder: Path, cache: dict[str, str], backups: list[Path]) -> None:
    """Write the cache for the backups that exist, unless the file already holds just that."""
    names = {p.name for p in backups}
    lines = [f"{k} {d}" for k, d in sorted(cache.items(), reverse=True) if k.split(" ", 1)[0] in names]
    text = "\n".join(lines) + "\n"
    path = Path(folder) / CACHE_NAME
    if read_side_file(path) != text:
        write_side_file(path, text)


def remember(cache: dict[str, str], path: Path, found: str) -> None:
    st = path.stat()
    cache[f"{path.name} {st.st_size} {st.st_mtime_ns}"] = found


def of_backup(path: Path, cache: dict[str, str]) -> str | None:
    """The digest of one backup (cached), None when it cannot be read or is empty."""
    try:
        st = path.stat()
        if not st.st_size:
            return None
        key = f"{path.name} {st.st_size} {st.st_mtime_ns}"
        if key not in cache:
            cache[key] = of_file(path)
        return cache[key]
    except (OSError, sqlite3.Error) as exc:
        logged("digest of a backup", exc)
        return None
