"""Fixtures of the reliability tests: apps on SQLite or PostgreSQL, PostgreSQL schemas, budgets.

PostgreSQL comes from ``WIZARD_TEST_POSTGRES_URL`` (e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/test``); its tests skip with the
reason when it is unset or unreachable. Each test gets a fresh schema
``wizard_rel_<run>_<random>`` (selected through ``search_path`` in the URL, so
every process and thread that uses the URL sees only it), dropped afterwards;
the session drops whatever of its run is left.

``@pytest.mark.time_budget(seconds)`` aborts a test that runs longer (SIGALRM
in the main thread), so a hung server cannot stall the suite; cleanup in
``finally`` blocks and fixtures still runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:
    sys.path.insert(0, str(_HERE))

from rel_support import FUZZ_FORMS, draw_fuzz_template, load_answers  # noqa: E402

from wizard.store.database import normalise_url  # noqa: E402

PG_ENV = "WIZARD_TEST_POSTGRES_URL"
RUN_ID = uuid.uuid4().hex[:8]
SCHEMA_PREFIX = f"wizard_rel_{RUN_ID}_"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "time_budget(seconds): abort the test when it runs longer (SIGALRM)"
    )


class BudgetExceeded(Exception):
    pass


@pytest.fixture(autouse=True)
def _time_budget(request: pytest.FixtureRequest) -> Iterator[None]:
    marker = request.node.get_closest_marker("time_budget")
    if marker is None or not hasattr(signal, "setitimer"):
        yield
        return
    seconds = float(marker.args[0])

    def _expired(signum: int, frame: Any) -> None:
        raise BudgetExceeded(f"test exceeded its time budget of {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def answers_file() -> dict[str, Any]:
    return load_answers()


# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[sa.Engine]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set; PostgreSQL reliability tests need a server")
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


def new_pg_schema(pg_admin: sa.Engine) -> tuple[str, str]:
    schema = SCHEMA_PREFIX + uuid.uuid4().hex[:8]
    with pg_admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = pg_admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


def drop_pg_schema(pg_admin: sa.Engine, schema: str) -> None:
    with pg_admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


@pytest.fixture
def pg_url(pg_admin: sa.Engine) -> Iterator[str]:
    """A URL whose connections see only a fresh, empty schema."""
    schema, url = new_pg_schema(pg_admin)
    yield url
    drop_pg_schema(pg_admin, schema)


# --------------------------------------------------------------------------- apps


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """None (SQLite in the app's data folder) or a fresh PostgreSQL schema."""
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return None


@pytest.fixture(scope="module")
def fuzz_forms_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A forms folder with only the fuzz form, and its PDF template beside it."""
    base = tmp_path_factory.mktemp("fuzzlib")
    forms = base / "forms"
    forms.mkdir()
    shutil.copy(FUZZ_FORMS / "fuzzform.yaml", forms / "fuzzform.yaml")
    draw_fuzz_template(base / "fuzzform.pdf")
    return forms
