"""Schema versioning: creation, idempotent re-runs, ordered upgrades, refusing newer schemas."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from wizard.store.schema import (
    BASELINE_VERSION,
    current_version,
    head_version,
    metadata,
    migrate,
    schema_meta,
    table_names,
)


def test_open_creates_schema_at_head(backend) -> None:
    store = backend.open()
    assert current_version(store.engine) == head_version() == BASELINE_VERSION
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
    steps = (_probe(applied, 2), _probe(applied, 3))
    assert migrate(engine, steps=steps) == 3
    assert applied == [2, 3]
    assert migrate(engine, steps=steps) == 3
    assert applied == [2, 3]
    assert current_version(engine) == 3
    names = set(sa.inspect(engine).get_table_names())
    assert {"migration_probe_2", "migration_probe_3"} <= names

    steps4 = (*steps, _probe(applied, 4))
    assert migrate(engine, steps=steps4) == 4
    assert applied == [2, 3, 4]


def test_failing_step_rolls_back_whole_upgrade(backend) -> None:
    engine = backend.open().engine
    applied: list[int] = []

    def broken(conn: Connection) -> None:
        conn.execute(sa.text("CREATE TABLE half_done (x integer)"))
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError, match="step failed"):
        migrate(engine, steps=(_probe(applied, 2), broken))
    assert current_version(engine) == BASELINE_VERSION
    names = set(sa.inspect(engine).get_table_names())
    assert "migration_probe_2" not in names and "half_done" not in names


def test_refuses_schema_newer_than_code(backend) -> None:
    engine = backend.open().engine
    migrate(engine, steps=(_probe([], 2),))
    with pytest.raises(RuntimeError, match="newer than this code"):
        migrate(engine)


def test_tables_are_creatable_by_create_all(backend) -> None:
    engine = backend.engine()
    metadata.create_all(engine)
    assert set(table_names()) <= set(sa.inspect(engine).get_table_names())
    # An existing-but-unstamped database is adopted (create_all is checkfirst).
    assert migrate(engine) == head_version()
    engine.dispose()
