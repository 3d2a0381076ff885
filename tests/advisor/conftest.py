"""Fixtures for advisor mode: an app with cheap KDFs, a controllable clock, advisor accounts.

Every app-based test runs on SQLite and, when ``WIZARD_TEST_POSTGRES_URL`` is set
(as for the store tests), on PostgreSQL in a fresh schema of its own.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

_TESTS = Path(__file__).resolve().parents[1]
if str(_TESTS) not in sys.path:
    sys.path.insert(0, str(_TESTS))

from advisor_helpers import PASSWORD, Clock, make_app  # noqa: E402

from wizard.store.database import normalise_url  # noqa: E402

PG_ENV = "WIZARD_TEST_POSTGRES_URL"
SCHEMA_PREFIX = f"wizard_advisor_test_{uuid.uuid4().hex[:8]}_"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[sa.Engine]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set; PostgreSQL tests need a server")
    engine = sa.create_engine(normalise_url(url, None))
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        engine.dispose()
        pytest.skip(f"PostgreSQL at {PG_ENV} is unreachable ({type(exc.orig).__name__})")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None (SQLite in the test's folder) or a PostgreSQL URL seeing only a fresh schema."""
    if request.param == "sqlite":
        yield None
        return
    admin: sa.Engine = request.getfixturevalue("pg_admin")
    schema = SCHEMA_PREFIX + uuid.uuid4().hex[:8]
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


@pytest.fixture
def app(tmp_path, clock, database_url):
    app = make_app(tmp_path, DATABASE_URL=database_url)
    app.extensions["wizard.advisors"].clock = clock
    yield app
    app.extensions["wizard.store"].close()


@pytest.fixture
def advisors(app):
    return app.extensions["wizard.advisors"]


@pytest.fixture
def advisor(advisors):
    return advisors.add("berater@kim.example", PASSWORD)


@pytest.fixture
def other_advisor(advisors):
    return advisors.add("kollegin@kim.example", PASSWORD)


@pytest.fixture
def client(app):
    """The client's browser (phone at home)."""
    return app.test_client()


@pytest.fixture
def desk(app):
    """The advisor's browser (office computer), its advisor pages in English so tests can
    read messages (German is the default; translations come from the catalogs)."""
    browser = app.test_client()
    browser.set_cookie("advisor-lang", "en", path="/advisor")
    return browser
