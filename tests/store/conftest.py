"""Fixtures for the store tests: every test runs against SQLite and PostgreSQL.

PostgreSQL comes from ``WIZARD_TEST_POSTGRES_URL``; its tests skip (with the
reason) when the variable is unset or the server unreachable. Each test gets
a fresh schema named ``wizard_test_<run>_<random>`` (via ``search_path``), dropped
afterwards, and the session drops whatever of its run is left, so parallel CI
runs and aborted runs never see each other's tables.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

# `python -m pytest` puts the project root on sys.path, bare `pytest` does not.
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from store_helpers import SECRET, FakeClock  # noqa: E402

from wizard.store import Store, open_store  # noqa: E402
from wizard.store.database import SQLITE_FILENAME, normalise_url  # noqa: E402

PG_ENV = "WIZARD_TEST_POSTGRES_URL"
RUN_ID = uuid.uuid4().hex[:8]
SCHEMA_PREFIX = f"wizard_test_{RUN_ID}_"


@dataclass
class Backend:
    """One database for one test, with ways to open stores on it and to dump it raw."""

    name: str
    url: str | None
    data_dir: Path
    stores: list[Store] = field(default_factory=list)

    def open(self, **kwargs: Any) -> Store:
        kwargs.setdefault("server_secret", SECRET)
        store = open_store(self.url, data_dir=self.data_dir, **kwargs)
        self.stores.append(store)
        return store

    def engine(self) -> sa.Engine:
        return sa.create_engine(normalise_url(self.url, self.data_dir))

    def dump(self) -> str:
        """Everything a database thief gets, as text (bytes decoded with surrogateescape)."""
        if self.name == "sqlite":
            return _sqlite_dump(self.data_dir / SQLITE_FILENAME)
        return _postgres_dump(self.engine())

    def close(self) -> None:
        for store in self.stores:
            store.close()


def _sqlite_dump(path: Path) -> str:
    parts: list[str] = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            parts.append(candidate.read_bytes().decode("utf-8", "surrogateescape"))
    conn = sqlite3.connect(path)
    try:
        parts.extend(conn.iterdump())
    finally:
        conn.close()
    return "\n".join(parts)


def _postgres_dump(engine: sa.Engine) -> str:
    """Every column of every table in the test schema, cast to text."""
    parts: list[str] = []
    with engine.connect() as conn:
        tables = conn.execute(
            sa.text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        ).scalars()
        for table in list(tables):
            quoted = conn.dialect.identifier_preparer.quote(table)
            columns = conn.execute(
                sa.text(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = :t"
                ),
                {"t": table},
            ).scalars()
            for column in list(columns):
                qc = conn.dialect.identifier_preparer.quote(column)
                values = conn.execute(sa.text(f"SELECT {qc}::text FROM {quoted}")).scalars()
                parts.extend(v for v in values if v is not None)
            parts.extend(
                conn.execute(sa.text(f"SELECT t::text FROM {quoted} t")).scalars()  # whole rows
            )
    engine.dispose()
    return "\n".join(parts)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[sa.Engine]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set; PostgreSQL store tests need a server")
    engine = sa.create_engine(normalise_url(url, None))
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        engine.dispose()
        pytest.skip(f"PostgreSQL at {PG_ENV} is unreachable ({type(exc.orig).__name__})")
    yield engine
    with engine.begin() as conn:
        leftovers = conn.execute(
            sa.text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"),
            {"p": SCHEMA_PREFIX.replace("_", r"\_") + "%"},
        ).scalars()
        for schema in list(leftovers):
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def pg_url(pg_admin: sa.Engine) -> Iterator[str]:
    """A URL whose connections see only a fresh, empty schema."""
    schema = SCHEMA_PREFIX + uuid.uuid4().hex[:8]
    with pg_admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = pg_admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with pg_admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "postgres":
        url: str | None = request.getfixturevalue("pg_url")
    else:
        url = None
    b = Backend(name=request.param, url=url, data_dir=tmp_path / "data")
    yield b
    b.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(backend: Backend, clock: FakeClock) -> Store:
    return backend.open(clock=clock)


@pytest.fixture
def sql(backend: Backend) -> Iterator[Callable[..., Any]]:
    """Run raw SQL against the test database (to inspect or tamper, like an attacker)."""
    engine = backend.engine()

    def run(statement: str, **params: Any) -> list[Any]:
        with engine.begin() as conn:
            result = conn.execute(sa.text(statement), params)
            return list(result) if result.returns_rows else []

    yield run
    engine.dispose()
