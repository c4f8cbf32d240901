"""The Store's database handle: reads through the plain sqlite3 connection, sqlite-utils for the rest.

sqlite-utils stays the library for migrations and writes, but importing it (with click, pluggy
and dateutil) costs about 40 ms, so a start that only reads — every start up to the first
painted window — does not load it:

- `execute(sql)` of a SELECT runs on the plain connection (the connection is in autocommit
  mode, isolation_level=None, so a SELECT never opens a transaction);
- `db["table"].rows_where(...)` of a plain read is answered the same way (same rows as
  sqlite-utils' rows_where: one dict per row, in the table's column order);
- anything else — `atomic()`, any other statement, `db["table"].insert/upsert/update/delete`,
  any other attribute — goes to a sqlite-utils `Database(conn)` built on first use.

After each commit of a write (the outermost `atomic()` block, or a write statement run outside
one), `after_commit` runs: the Store's WalFlusher then fsyncs the -wal (storage/flusher.py).

Before that Database is first built, `before_write` runs (the start-up backup, which must hold
the data as it was before this session, is waited for there). `warm()` imports sqlite-utils
ahead of time (called when the window has painted) so the first write does not pay for it.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

SQLITE_UTILS = "sqlite_utils"


def _first_word(sql: str) -> str:
    return sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""


def is_read(sql: str) -> bool:
    """A plain SELECT (nothing else is sent past sqlite-utils)."""
    return _first_word(sql) == "SELECT"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Table:
    """`db["name"]`: rows_where on the plain connection, everything else from sqlite-utils."""

    def __init__(self, owner: LazyDatabase, name: str):
        self._owner, self.name = owner, name

    def rows_where(self, where: str | None = None, where_args: Sequence | dict | None = None,
                   order_by: str | None = None, select: str = "*", limit: int | None = None,
                   offset: int | None = None) -> Iterator[dict[str, Any]]:
        sql = f"SELECT {select} FROM {_quote(self.name)}"
        if where is not None:
            sql += f" WHERE {where}"
        if order_by is not None:
            sql += f" ORDER BY {order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        if offset is not None:
            sql += f" OFFSET {int(offset)}"
        cursor = self._owner.conn.execute(sql, where_args if where_args is not None else ())
        columns = [c[0] for c in cursor.description]
        for row in cursor:
            yield dict(zip(columns, row, strict=True))

    def __getattr__(self, attr: str):
        return getattr(self._owner.full[self.name], attr)


class LazyDatabase:
    """A sqlite-utils Database in waiting around one sqlite3 connection (see the module doc)."""

    def __init__(self, conn: sqlite3.Connection, before_write: Callable[[], None] | None = None):
        self.conn = conn
        self.before_write = before_write
        self.after_commit: Callable[[], None] | None = None
        self._full = None

    @property
    def built(self) -> bool:
        """Whether the sqlite-utils Database exists (the write path was used)."""
        return self._full is not None

    @property
    def full(self):
        """The sqlite-utils Database (built on first use, after `before_write`)."""
        if self._full is None:
            if self.before_write is not None:
                self.before_write()  # raises when the write must not happen (nothing built then)
            module = importlib.import_module(SQLITE_UTILS)
            self._full = module.Database(self.conn, execute_plugins=False)  # no third-party plugins
        return self._full

    @staticmethod
    def warm() -> None:
        """Import sqlite-utils now (idle time), so the first write does not wait for it."""
        importlib.import_module(SQLITE_UTILS)

    def execute(self, sql: str, parameters: Sequence | dict | None = None) -> sqlite3.Cursor:
        read = is_read(sql)
        if self._full is None and read:
            return self.conn.execute(sql, parameters if parameters is not None else ())
        cursor = self.full.execute(sql, parameters)
        if self.after_commit is not None and not read and not self.conn.in_transaction:
            self.after_commit()  # committed on its own (autocommit)
        return cursor

    @contextmanager
    def atomic(self):
        """sqlite-utils' atomic(); after the outermost block commits, `after_commit`."""
        outermost = not self.conn.in_transaction
        with self.full.atomic() as db:
            yield db
        if outermost and self.after_commit is not None:
            self.after_commit()

    def __getitem__(self, name: str) -> _Table:
        return _Table(self, name)

    def __getattr__(self, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(self.full, attr)

    def close(self) -> None:
        self.conn.close()
