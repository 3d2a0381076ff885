"""Engines and transactions for SQLite (default) and PostgreSQL (several servers).

SQLite is configured for several gunicorn worker processes sharing one file:
WAL (readers do not block the writer), a busy timeout (writers queue instead of
failing), foreign keys (ON DELETE CASCADE removes key slots), ``synchronous=FULL``
(a commit that returned survives power loss, which is what ``Store.save``
promises; an operator may choose NORMAL, see :data:`SQLITE_SYNCHRONOUS`) and
``secure_delete`` (deleted drafts are overwritten in the file, not left in free
pages). All pragmas are set on every new connection.

Write transactions on SQLite start with ``BEGIN IMMEDIATE`` so the write lock is
taken up front; a deferred transaction that reads first and writes later can
fail with SQLITE_BUSY without ever waiting on the busy timeout.

Waiting for the write lock: SQLite's own busy handler sleeps 1, 2, 5, 10, 15 ms
and more between attempts, while a save holds the lock for well under a
millisecond; with two workers saving, most of a save's time went into those
sleeps. So ``BEGIN IMMEDIATE`` is first retried here at sub-millisecond
intervals for up to ``FAST_LOCK_WAIT_SECONDS``, and only then left to SQLite's
busy handler (the full ``BUSY_TIMEOUT_MS``, and the same errors as before).
Only the wait changes: the lock, the durability and the isolation are SQLite's.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url

SQLITE_FILENAME = "wizard.sqlite3"
BUSY_TIMEOUT_MS = 30_000
FAST_LOCK_WAIT_SECONDS = 1.0
_FIRST_RETRY_SECONDS = 0.00005
_MAX_RETRY_SECONDS = 0.001
_BEGIN_OPTION = "wizard_sqlite_begin"
_NO_BEGIN = "none"  # one statement, in SQLite's implicit (autocommit) transaction


def normalise_url(url: str | None, data_dir: Path | None) -> URL:
    """Accept the spellings a DATABASE_URL comes in; default to a SQLite file in ``data_dir``.

    For the default, creates ``data_dir`` (mode 700) and an empty owner-only database file.
    """
    if url is None or url == "":
        if data_dir is None:
            raise ValueError("either a database URL or data_dir is required")
        data_dir = Path(data_dir)
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = data_dir / SQLITE_FILENAME
        if not path.exists():
            # Owner-only from the start; SQLite gives -wal/-shm the same mode.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        return URL.create("sqlite+pysqlite", database=str(path.resolve()))
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
            break
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database backend: {parsed.get_backend_name()}")
    return parsed


SQLITE_SYNCHRONOUS = ("full", "normal")
"""``full`` (the default): every acknowledged save is on disk, power loss included.
``normal`` (WAL): saves survive a crash of the app or of a worker, but the last
ones before a power loss or an operating-system crash may be lost; no fsync per
save, so saves are faster. Only for storage whose write cache survives power loss."""


def create_engine(url: URL, *, sqlite_synchronous: str = "full") -> Engine:
    """An engine with the per-connection settings this store relies on.

    ``hide_parameters``: SQL errors must not echo bound values into logs. (No
    parameter is sensitive in clear today, but that should not depend on care.)
    ``sqlite_synchronous``: see :data:`SQLITE_SYNCHRONOUS` (ignored for PostgreSQL).
    """
    if sqlite_synchronous not in SQLITE_SYNCHRONOUS:
        raise ValueError(
            f"SQLite synchronous must be one of {', '.join(SQLITE_SYNCHRONOUS)}, "
            f"not {sqlite_synchronous!r}"
        )
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:"):
            raise ValueError("the store needs a SQLite file, not an in-memory database")
        engine = sa.create_engine(
            url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
        )
        _configure_sqlite(engine, sqlite_synchronous.upper())
        return engine
    return sa.create_engine(url, hide_parameters=True, pool_pre_ping=True)


def _configure_sqlite(engine: Engine, synchronous: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (it does not
        # BEGIN before SELECT); SQLAlchemy's "begin" hook below emits BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _enable_wal(cursor)
            cursor.execute(f"PRAGMA synchronous = {synchronous}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA secure_delete = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        if mode == _NO_BEGIN:
            return
        if mode == "IMMEDIATE" and _try_begin_immediate(conn.connection.driver_connection):
            return
        conn.exec_driver_sql(f"BEGIN {mode}")


def _try_begin_immediate(raw: sqlite3.Connection) -> bool:
    """Take the write lock, retrying at short intervals; False if still busy (or any error).

    The caller then issues ``BEGIN IMMEDIATE`` the ordinary way, which waits with
    SQLite's busy handler and reports errors as SQLAlchemy exceptions, as before.
    """
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        deadline = time.monotonic() + FAST_LOCK_WAIT_SECONDS
        delay = _FIRST_RETRY_SECONDS
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return True
            except sqlite3.OperationalError as exc:
                code = getattr(exc, "sqlite_errorcode", None)  # extended code
                if code is None or code & 0xFF != sqlite3.SQLITE_BUSY:
                    return False
            if time.monotonic() > deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, _MAX_RETRY_SECONDS)
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _enable_wal(cursor: Any) -> None:
    """Switch the file to WAL once; WAL is persistent, so later connections only check.

    Switching needs an exclusive lock and SQLite answers "database is locked"
    at once, without the busy handler, when another process holds any lock; so
    several workers starting on a fresh file retry here for up to the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            return
        try:
            if cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() == "wal":
                return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise RuntimeError("SQLite refused WAL mode (network file system?)")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: committed on normal exit, rolled back on error.

    On SQLite it holds the database write lock from the start (``BEGIN
    IMMEDIATE``); on PostgreSQL it is an ordinary READ COMMITTED transaction and
    callers lock the rows they read-modify-write (``SELECT ... FOR UPDATE``).
    """
    with engine.connect() as conn:
        if is_sqlite(engine):
            conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        with conn.begin():
            yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that only reads (one consistent snapshot on SQLite)."""
    with engine.connect() as conn, conn.begin():
        yield conn


@contextmanager
def single_read(engine: Engine) -> Iterator[Connection]:
    """A connection for exactly one SELECT (the hot path: opening a draft per request).

    On SQLite a lone statement already reads one consistent snapshot in its own
    implicit transaction, so the BEGIN and COMMIT round trips are skipped. Use
    :func:`read_transaction` for two or more statements that must agree.
    """
    if not is_sqlite(engine):
        with read_transaction(engine) as conn:
            yield conn
        return
    with engine.connect() as conn:
        conn.execution_options(**{_BEGIN_OPTION: _NO_BEGIN})
        yield conn
