"""Connection set-up: URL spellings, SQLite pragmas on every connection, file permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from wizard.store import open_store
from wizard.store.database import normalise_url


@pytest.mark.parametrize(
    "raw",
    [
        "postgres://u:p@db.example:5432/wizard",
        "postgresql://u:p@db.example:5432/wizard",
        "postgresql+psycopg://u:p@db.example:5432/wizard",
    ],
)
def test_postgres_url_spellings(raw: str) -> None:
    url = normalise_url(raw, None)
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.database, url.username) == ("db.example", 5432, "wizard", "u")


def test_default_is_sqlite_in_data_dir(tmp_path: Path) -> None:
    url = normalise_url(None, tmp_path / "instance")
    assert url.drivername == "sqlite+pysqlite"
    assert Path(url.database) == (tmp_path / "instance" / "wizard.sqlite3").resolve()


def test_bad_urls_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        normalise_url(None, None)
    with pytest.raises(ValueError):
        normalise_url("mysql://u@h/db", None)
    with pytest.raises(ValueError):
        open_store("sqlite://", server_secret=b"s" * 32)
    with pytest.raises(ValueError):
        open_store(None, data_dir=tmp_path, server_secret=b"short")


def test_sqlite_pragmas_on_every_connection(tmp_path: Path) -> None:
    store = open_store(None, data_dir=tmp_path, server_secret=b"s" * 32)
    try:
        # Hold several connections at once so the pool must open new ones.
        conns = [store.engine.connect() for _ in range(3)]
        for conn in conns:

            def pragma(name: str, conn=conn) -> object:
                return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") >= 5000
            assert pragma("synchronous") == 2  # FULL: a returned commit is durable
            assert pragma("secure_delete") == 1
        for conn in conns:
            conn.close()
    finally:
        store.close()


def test_sqlite_files_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "instance"
    store = open_store(None, data_dir=data_dir, server_secret=b"s" * 32)
    store.create("f", "de", {"answers": {}, "state": {}})
    try:
        assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700
        for path in data_dir.iterdir():
            assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0, path.name
    finally:
        store.close()


def test_foreign_keys_cascade(backend, sql) -> None:
    store = backend.open()
    draft, _ = store.create("f", "de", {"answers": {}, "state": {}})
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM drafts WHERE id = :id"), {"id": draft.id})
    assert sql("SELECT count(*) FROM key_slots")[0][0] == 0
