"""Schema versioning: creation, idempotent re-runs, ordered upgrades, refusing newer schemas."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from wizard.store.schema import (
    BASELINE_VERSION,
    MIGRATIONS,
    current_version,
    head_version,
    metadata,
    migrate,
    schema_meta,
    table_names,
)


def test_open_creates_schema_at_head(backend) -> None:
    store = backend.open()
    assert current_version(store.engine) == head_version() == BASELINE_VERSION + len(MIGRATIONS)
    names = set(sa.inspect(store.engine).get_table_names())
    assert set(table_names()) <= names
    assert {"schema_meta", "drafts", "key_slots", "rate_limits"} <= names


def test_reopening_is_idempotent_and_keeps_data(backend) -> None:
    store = backend.open()
    _, key = store.create("f", "de", {"answers": {"kept": 1}, "state": {}})
    for _ in range(3):
        again = backend.open()
        assert migrate(again.engine) == head_version()
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema_meta)).scalar() == 1
    assert backend.open().open(key).answers == {"kept": 1}


def _probe(applied: list[int], version: int):
    def step(conn: Connection) -> None:
        conn.execute(sa.text(f"CREATE TABLE migration_probe_{version} (x integer)"))
        applied.append(version)

    return step


def test_upgrade_applies_missing_steps_in_order_once(backend) -> None:
    engine = backend.open().engine
    applied: list[int] = []
    head = head_version()
    a, b, c = head + 1, head + 2, head + 3
    steps = (*MIGRATIONS, _probe(applied, a), _probe(applied, b))
    assert migrate(engine, steps=steps) == b
    assert applied == [a, b]
    assert migrate(engine, steps=steps) == b
    assert applied == [a, b]
    assert current_version(engine) == b
    names = set(sa.inspect(engine).get_table_names())
    assert {f"migration_probe_{a}", f"migration_probe_{b}"} <= names

    steps_c = (*steps, _probe(applied, c))
    assert migrate(engine, steps=steps_c) == c
    assert applied == [a, b, c]


def test_failing_step_rolls_back_whole_upgrade(backend) -> None:
    engine = backend.open().engine
    applied: list[int] = []

    def broken(conn: Connection) -> None:
        conn.execute(sa.text("CREATE TABLE half_done (x integer)"))
        raise RuntimeError("step failed")

    probe = head_version() + 1
    with pytest.raises(RuntimeError, match="step failed"):
        migrate(engine, steps=(*MIGRATIONS, _probe(applied, probe), broken))
    assert current_version(engine) == head_version()
    names = set(sa.inspect(engine).get_table_names())
    assert f"migration_probe_{probe}" not in names and "half_done" not in names


def test_refuses_schema_newer_than_code(backend) -> None:
    engine = backend.open().engine
    migrate(engine, steps=(*MIGRATIONS, _probe([], head_version() + 1)))
    with pytest.raises(RuntimeError, match="newer than this code"):
        migrate(engine)


def test_tables_are_creatable_by_create_all(backend) -> None:
    engine = backend.engine()
    metadata.create_all(engine)
    assert set(table_names()) <= set(sa.inspect(engine).get_table_names())
    # An existing-but-unstamped database is adopted (create_all is checkfirst).
    assert migrate(engine) == head_version()
    engine.dispose()


def test_baseline_database_gets_the_advisor_tables(backend) -> None:
    """A database made by the first release (schema 1) is upgraded in place, drafts kept."""
    from wizard.store import advisor_schema

    store = backend.open()
    _, key = store.create("f", "de", {"answers": {"kept": 1}, "state": {}})
    engine = store.engine
    with engine.begin() as conn:
        for table in reversed(advisor_schema.TABLES):
            table.drop(conn)
        conn.execute(sa.update(schema_meta).values(version=BASELINE_VERSION))
    assert migrate(engine) == head_version()
    names = set(sa.inspect(engine).get_table_names())
    assert {t.name for t in advisor_schema.TABLES} <= names
    assert backend.open().open(key).answers == {"kept": 1}
