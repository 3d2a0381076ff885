"""SQLite write-lock waiting and single-statement reads (wizard/store/database.py).

A writer that finds the write lock taken waits for it (first with short
retries, then with SQLite's own busy handler) and fails the way it always
did when the lock is never released. Connections keep their busy timeout.
Reads of one statement leave no transaction open behind them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from store_helpers import SECRET

from wizard.store import database, open_store
from wizard.store.database import SQLITE_FILENAME, single_read, write_transaction
from wizard.store.schema import drafts

PAYLOAD = {"answers": {"name": "Amira"}, "state": {}}


def _hold_write_lock(path: Path, taken: threading.Event, release: threading.Event) -> None:
    """Another process's writer, as far as SQLite can tell: its own connection."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        taken.set()
        release.wait(timeout=30)
        conn.execute("COMMIT")
    finally:
        conn.close()


@contextmanager
def _another_writer(path: Path) -> Iterator[threading.Event]:
    """Holds the write lock until the yielded event is set, or the block ends."""
    taken, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, taken, release))
    holder.start()
    try:
        assert taken.wait(timeout=10)
        yield release
    finally:
        release.set()
        holder.join(timeout=10)


def _busy_timeout(conn: sa.Connection) -> int:
    return conn.exec_driver_sql("PRAGMA busy_timeout").scalar()  # type: ignore[return-value]


def test_a_save_waits_for_another_writer_and_then_succeeds(tmp_path: Path) -> None:
    store = open_store(None, data_dir=tmp_path, server_secret=SECRET)
    try:
        draft, key = store.create("f", "de", PAYLOAD)
        with _another_writer(tmp_path / SQLITE_FILENAME) as release:
            # Released from a timer, so the save below must wait for it rather than fail.
            threading.Timer(0.2, release.set).start()
            saved = store.save(key, {"answers": {"name": "A"}, "state": {}}, expected_version=1)
        assert saved.version == 2
        assert store.open(key).answers == {"name": "A"}
    finally:
        store.close()


def test_a_lock_never_released_fails_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "FAST_LOCK_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    store = open_store(None, data_dir=tmp_path, server_secret=SECRET)
    try:
        _draft, key = store.create("f", "de", PAYLOAD)
        with (
            _another_writer(tmp_path / SQLITE_FILENAME),
            pytest.raises(sa.exc.OperationalError, match="locked"),
        ):
            store.save(key, PAYLOAD, expected_version=1)
    finally:
        store.close()
    store = open_store(None, data_dir=tmp_path, server_secret=SECRET)
    try:
        assert store.open(key).version == 1, "nothing was written"
    finally:
        store.close()


def test_connections_keep_their_busy_timeout_after_writing(tmp_path: Path) -> None:
    store = open_store(None, data_dir=tmp_path, server_secret=SECRET)
    try:
        _draft, key = store.create("f", "de", PAYLOAD)
        store.save(key, PAYLOAD, expected_version=1)
        with write_transaction(store.engine) as conn:
            assert _busy_timeout(conn) == database.BUSY_TIMEOUT_MS
        with store.engine.connect() as conn:
            assert _busy_timeout(conn) == database.BUSY_TIMEOUT_MS
    finally:
        store.close()


def test_a_single_read_leaves_no_transaction_open(tmp_path: Path) -> None:
    store = open_store(None, data_dir=tmp_path, server_secret=SECRET)
    try:
        draft, key = store.create("f", "de", PAYLOAD)
        with single_read(store.engine) as conn:
            row = conn.execute(sa.select(drafts.c.version).where(drafts.c.id == draft.id)).one()
            assert row.version == 1
            assert not conn.connection.driver_connection.in_transaction
        # A reader holding a snapshot would not see this save; a fresh open does.
        store.save(key, {"answers": {"name": "B"}, "state": {}}, expected_version=1)
        assert store.open(key).answers == {"name": "B"}
    finally:
        store.close()


# --------------------------------------------------------------------------- the per-request hot path


def test_the_hot_path_reads_what_sqlalchemy_reads(tmp_path: Path) -> None:
    store = open_store(None, data_dir=tmp_path, server_secret=SECRET)
    try:
        assert store._hot is not None  # SQLite: opening and saving skip SQLAlchemy's execution
        _draft, key = store.create("f", "de", PAYLOAD)
        opened = store.open_for_change(key)
        assert opened.draft == store.open(key)  # same values, aware UTC datetimes included
        assert opened.draft.expires_at.utcoffset() is not None
        saved = store.save_opened(opened, {"answers": {"name": "B"}, "state": {}}).draft
        assert saved == store.open(key)
        pooled = store.engine.raw_connection()
        try:
            assert not pooled.driver_connection.in_transaction  # nothing left open
        finally:
            pooled.close()
    finally:
        store.close()


def test_a_hot_path_save_waits_for_another_writer(tmp_path: Path) -> None:
    store = open_store(None, data_dir=tmp_path, server_secret=SECRET)
    try:
        _draft, key = store.create("f", "de", PAYLOAD)
        opened = store.open_for_change(key)
        with _another_writer(tmp_path / SQLITE_FILENAME) as release:
            threading.Timer(0.2, release.set).start()
            saved = store.save_opened(opened, {"answers": {"name": "A"}, "state": {}})
        assert saved.draft.version == 2
        assert store.open(key).answers == {"name": "A"}
    finally:
        store.close()


def test_a_hot_path_save_under_a_lock_never_released_fails_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "FAST_LOCK_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    store = open_store(None, data_dir=tmp_path, server_secret=SECRET)
    try:
        _draft, key = store.create("f", "de", PAYLOAD)
        opened = store.open_for_change(key)
        with (
            _another_writer(tmp_path / SQLITE_FILENAME),
            pytest.raises(sa.exc.OperationalError, match="locked"),
        ):
            store.save_opened(opened, {"answers": {"name": "A"}, "state": {}})
    finally:
        store.close()
    store = open_store(None, data_dir=tmp_path, server_secret=SECRET)
    try:
        assert store.open(key).answers == PAYLOAD["answers"], "nothing was written"
    finally:
        store.close()


# --------------------------------------------------------------------------- durability setting


def _synchronous(store) -> int:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA synchronous").scalar()


def test_saves_reach_the_disk_by_default_and_normal_is_a_choice(tmp_path: Path) -> None:
    store = open_store(None, data_dir=tmp_path / "a", server_secret=SECRET)
    try:
        assert _synchronous(store) == 2  # FULL: an acknowledged save survives power loss
    finally:
        store.close()
    store = open_store(
        None, data_dir=tmp_path / "b", server_secret=SECRET, sqlite_synchronous="normal"
    )
    try:
        assert _synchronous(store) == 1  # NORMAL (WAL): survives crashes, not power loss
        _draft, key = store.create("f", "de", PAYLOAD)
        opened = store.save_opened(store.open_for_change(key), {"answers": {}, "state": {}})
        assert opened.draft.version == 2
    finally:
        store.close()
    with pytest.raises(ValueError, match="full, normal"):
        open_store(None, data_dir=tmp_path / "c", server_secret=SECRET, sqlite_synchronous="off")
