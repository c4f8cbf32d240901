"""The database file itself: where it is, making its folder, settling a crash, checking its bytes.

Imported by database.py (opening) and the backup modules (backup.py, backup_files.py,
restore.py) alike, so opening and backing up do not import each other's internals. Every
OSError and every SQLite error that is not damage becomes StorageUnavailable ("cannot read or
write now", nothing changed); only damaged bytes are reported as a problem (a Japanese
sentence) for the caller to move the file aside.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sqlite3
import stat
import struct
from pathlib import Path

from ..domain.record import field, record
from ..fileio import fsync_folder
from .errors import StorageUnavailable, is_damage, logged, reason
from .schema import (
    CHECK_QUERIES,
    MIGRATION_NAMES,
    MIGRATION_SET,
    MIGRATION_STEPS,
    REQUIRED_TABLES,
    SCHEMA_VERSION,
)

DB_NAME = "hospital_sec_desk.sqlite3"
SIDE_SUFFIXES = ("-wal", "-shm")
JOURNAL_SUFFIXES = ("-journal", "-wal", "-shm")
POSIX = os.name == "posix"


def side(path: Path, suffix: str) -> Path:
    return Path(f"{path}{suffix}")


def sqlite_uri(path: Path, **params: str) -> str:
    """A `file:` URI for sqlite3.connect(uri=True), safe for any folder name.

    Characters with a meaning in URIs are escaped (a user folder may hold '#', '%' or
    '?'); a Windows drive path gets the leading slash SQLite expects (file:/C:/…).
    """
    text = Path(path).resolve().as_posix()
    for ch, code in (("%", "%25"), ("?", "%3f"), ("#", "%23")):
        text = text.replace(ch, code)
    if not text.startswith("/"):
        text = "/" + text
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{text}" + (f"?{query}" if query else "")


def read_uri(path: Path) -> str:
    """A read-only URI that creates no side files: `immutable` unless a -wal file exists
    (then the WAL must be read, and the database is open in this process anyway)."""
    if os.path.lexists(side(path, "-wal")):
        return sqlite_uri(path, mode="ro")
    return sqlite_uri(path, mode="ro", immutable="1")


def _read_only_reason(path: Path) -> str:
    try:
        if POSIX and os.statvfs(path).f_flag & os.ST_RDONLY:
            return "読み取り専用の場所です"
        st = os.stat(path)
        if POSIX and st.st_uid != os.geteuid():
            return "書き込む権限がありません（別のユーザーのものです）"
        if not st.st_mode & stat.S_IWUSR:
            return "読み取り専用に設定されています"
    except OSError:
        pass
    return "書き込む権限がありません"


def _writable(path: Path) -> bool:
    st = os.stat(path)
    return bool(st.st_mode & stat.S_IWUSR) and os.access(path, os.W_OK) and not (
        POSIX and os.statvfs(path).f_flag & os.ST_RDONLY)


def prepare_folder(folder: Path) -> Path:
    """The data folder, created 0700 with any missing parents (whatever the umask).

    An existing folder is only tightened (group/other bits removed), never made writable:
    a folder the user made read-only is reported, not changed.
    """
    folder = Path(folder)
    missing: list[Path] = []
    probe = folder
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    try:
        for path in reversed(missing):
            os.mkdir(path, 0o700)
            if POSIX:
                os.chmod(path, 0o700)
        if not folder.is_dir():
            raise NotADirectoryError(20, "not a directory", str(folder))
        if not _writable(folder):
            raise StorageUnavailable(folder, _read_only_reason(folder))
        st = os.stat(folder)
        if POSIX and st.st_mode & 0o077 and st.st_uid == os.getuid():
            os.chmod(folder, stat.S_IMODE(st.st_mode) & 0o700)
    except OSError as exc:
        raise StorageUnavailable(folder, logged("prepare folder", exc)) from exc
    return folder


def secure_file(path: Path) -> None:
    """Remove group/other permission bits (never adds any)."""
    if POSIX and path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o600)


def create_private(path: Path, *, sync: bool = True) -> None:
    """Create an empty file readable by its owner only (whatever the umask), if missing.

    SQLite gives the -wal and -shm files the permissions of the database file, so
    creating the database 0600 before SQLite touches it keeps all three private.
    `sync=False`: the empty file is not fsynced (a temporary file fsynced once written).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    try:
        if POSIX:
            os.fchmod(fd, 0o600)
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


fsync_dir = fsync_folder


def check_db_path(path: Path) -> None:
    """The database path must be a writable regular file (when it exists)."""
    try:
        if not os.path.lexists(path):
            return
        if path.is_dir():
            raise IsADirectoryError(21, "is a directory", str(path))
        if not path.is_file():
            raise StorageUnavailable(path, "データファイルの場所に通常のファイル以外のものがあります")
        if not _writable(path):
            raise StorageUnavailable(path, _read_only_reason(path))
    except OSError as exc:
        raise StorageUnavailable(path, logged("check database path", exc)) from exc


def settle(path: Path) -> str | None:
    """Let SQLite finish what a killed process left: roll back a hot -journal, fold a -wal in.

    Only when such a side file exists, and only while this process holds the folder lock
    (no other connection exists). Returns a damage description, or None when settled.
    """
    if not any(os.path.lexists(side(path, s)) for s in JOURNAL_SUFFIXES):
        return None
    if not path.exists() or path.stat().st_size == 0 and not side(path, "-wal").exists():
        return None
    try:
        conn = sqlite3.connect(sqlite_uri(path, mode="rw"), uri=True, isolation_level=None, timeout=1.0)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if is_damage(exc):
            return f"開けません（{reason(exc)}）"
        raise StorageUnavailable(path, logged("settle journal", exc)) from exc
    return None


def _header_problem(path: Path, has_wal: bool) -> str | None:
    """Damage SQLite itself may not notice: a file cut short of the size its header records.

    The size checks are skipped while a -wal file holds data: a checkpoint killed half-way
    leaves the main file short, and SQLite repairs that from the WAL on the next open.
    """
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(100)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return "SQLiteのデータファイルではありません"
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "ファイルの見出しが壊れています"
    if has_wal:
        return None
    if size % page_size:
        return "ファイルが途中で切れています"
    counter, pages, valid_for = (struct.unpack(">I", head[i:i + 4])[0] for i in (24, 28, 92))
    if pages and counter == valid_for and pages * page_size > size:
        return "ファイルが途中で切れています"
    return None


@record(frozen=False)
class Inspection:
    """What a read-only look at a file found. `problem` is damage (Japanese), else None."""

    problem: str | None
    version: int = 0
    applied: set[str] = field(default_factory=set)

    @property
    def too_new(self) -> bool:
        return self.problem is None and (self.version > SCHEMA_VERSION or bool(self.applied - set(MIGRATION_NAMES)))

    @property
    def pending(self) -> bool:
        return self.problem is None and not self.too_new and len(self.applied) < len(MIGRATION_NAMES)


def inspect_file(path: Path) -> Inspection:
    """Read-only look at a file: damage, schema version, applied migrations.

    Without a -wal file the database is opened `immutable` so that SQLite creates no side
    files; with one it must be read through the WAL. Raises StorageUnavailable when the
    file cannot be read now (an I/O error is never taken for damage).
    """
    wal = side(path, "-wal")
    try:
        has_wal = wal.exists() and wal.stat().st_size > 0
        problem = _header_problem(path, has_wal)
    except OSError as exc:
        raise StorageUnavailable(path, logged("read header", exc)) from exc
    if problem:
        return Inspection(problem)
    params = {"mode": "ro"} if has_wal else {"mode": "ro", "immutable": "1"}
    try:
        conn = sqlite3.connect(sqlite_uri(path, **params), uri=True, isolation_level=None, timeout=1.0)
    except sqlite3.Error as exc:
        raise StorageUnavailable(path, logged("open read-only", exc)) from exc
    try:
        return _inspect(conn)
    except sqlite3.Error as exc:
        if is_damage(exc):
            return Inspection(f"読めません（{reason(exc)}）")
        raise StorageUnavailable(path, logged("inspect", exc)) from exc
    except (UnicodeError, ValueError, OverflowError) as exc:
        return Inspection(f"読めません（{logged('inspect', exc)}）")
    finally:
        conn.close()


SCHEMA_SQL = ("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
              "AND tbl_name != '_sqlite_migrations'")


@functools.cache
def reference_schema(applied: int) -> frozenset:
    """The tables and indexes the first `applied` migrations create (built once in memory)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        # The migrations speak plain SQL (db.execute), so a bare connection runs them: the start-up
        # check needs no sqlite-utils (tests/storage/test_read_path.py compares with Migrations).
        for _name, run in MIGRATION_STEPS[:applied]:
            run(conn)
        return frozenset(conn.execute(SCHEMA_SQL).fetchall())
    finally:
        conn.close()


def _inspect(conn: sqlite3.Connection) -> Inspection:
    result = conn.execute("PRAGMA integrity_check(20)").fetchall()
    if [r[0] for r in result] != ["ok"]:
        return Inspection("ファイルの中身が壊れています")
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    applied: set[str] = set()
    if "_sqlite_migrations" in tables:
        applied = {r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])}
    if not applied:
        if version == 0 and not tables - {"_sqlite_migrations", "sqlite_sequence"}:
            return Inspection(None)  # created, not yet initialised (a first start cut short)
        return Inspection("このアプリのデータファイルではありません")
    if version > SCHEMA_VERSION or applied - set(MIGRATION_NAMES):
        return Inspection(None, version, applied)  # a newer app's file: not ours to judge
    if applied != set(MIGRATION_NAMES[:len(applied)]) or version != len(applied):
        return Inspection("ファイルの管理情報が食い違っています")
    if set(REQUIRED_TABLES) - tables:
        return Inspection("必要な表が欠けています")
    if frozenset(conn.execute(SCHEMA_SQL).fetchall()) != reference_schema(len(applied)):
        return Inspection("表の定義が壊れています")
    for sql in CHECK_QUERIES:
        try:
            bad = conn.execute(sql).fetchone()[0]
        except sqlite3.OperationalError as exc:  # e.g. malformed JSON inside a value
            logged("check query", exc)
            bad = 1
        if bad:
            return Inspection("記録の中に正しくない値があります")
    if conn.execute("PRAGMA foreign_key_check").fetchone():
        return Inspection("記録のつながりが壊れています")
    conn.text_factory = bytes
    for table in sorted(tables):
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            for value in row:
                if isinstance(value, bytes):
                    value.decode("utf-8")
    return Inspection(None, version, applied)


def move_aside(path: Path, label: str = "damaged") -> Path:
    """Rename the file (and its -wal/-shm) to <stem>.<label>-<time><suffix>; never deletes."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    n = 1
    while os.path.lexists(target):
        target = path.with_name(f"{path.stem}.{label}-{stamp}-{n}{path.suffix}")
        n += 1
    os.rename(path, target)
    move_orphans(path, target)
    return target


def move_orphans(path: Path, target: Path | None = None) -> None:
    """Side files with no database beside them go with it (or aside): SQLite would replay an
    orphan -wal or -journal into a new file of the same name."""
    for suffix in JOURNAL_SUFFIXES:
        if os.path.lexists(side(path, suffix)):
            dest = side(target, suffix) if target else path.with_name(
                f"{path.name}{suffix}.orphan-{dt.datetime.now():%Y%m%d-%H%M%S-%f}")
            os.rename(side(path, suffix), dest)
