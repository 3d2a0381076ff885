"""Retention through the running app: expired drafts cannot be opened and get purged.

A draft is made through the web, then aged in the database (its timestamps
moved back past the retention period, as if its last save was 31 days ago).
The app refuses it at once (friendly page, cookie cleared). It is deleted,
with its key slots, by the in-app purger on the first request a worker
serves (every worker purges on its first request, then every 15-18 minutes)
and by ``wizard purge``; a draft still within its period survives both.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from click.testing import CliRunner
from rel_support import SECRET_KEY, app_config
from web_helpers import ANMELDUNG_STEPS, post_page, start

from wizard.store.database import normalise_url
from wizard.store.schema import drafts
from wizard.web.app import create_app


def _engine(database_url: str | None, data_dir) -> sa.Engine:
    return sa.create_engine(normalise_url(database_url, data_dir))


def _counts(database_url: str | None, data_dir) -> tuple[int, int]:
    engine = _engine(database_url, data_dir)
    try:
        with engine.connect() as conn:
            return (
                conn.exec_driver_sql("SELECT count(*) FROM drafts").scalar_one(),
                conn.exec_driver_sql("SELECT count(*) FROM key_slots").scalar_one(),
            )
    finally:
        engine.dispose()


def _cookie(client) -> str:
    return next(c.value for c in client._cookies.values() if c.key == "wz-anmeldung")


def _age(database_url: str | None, data_dir, cookie: str, days: int = 31) -> None:
    """Move the draft's clock back: last saved ``days`` ago, so it expired a day ago."""
    draft_id = cookie.split(".")[1]
    now = datetime.now(UTC)
    engine = _engine(database_url, data_dir)
    try:
        with engine.begin() as conn:
            updated = conn.execute(
                drafts.update()
                .where(drafts.c.id == draft_id)
                .values(
                    created_at=now - timedelta(days=days + 5),
                    updated_at=now - timedelta(days=days),
                    expires_at=now - timedelta(days=days - 30),
                )
            ).rowcount
        assert updated == 1
    finally:
        engine.dispose()


def _two_drafts(app) -> tuple:
    old, fresh = app.test_client(), app.test_client()
    for client in (old, fresh):
        client.get("/?lang=de")
        start(client)
        assert (
            post_page(client, "/forms/anmeldung/einzug", ANMELDUNG_STEPS["einzug"]).status_code
            == 302
        )
    return old, fresh


def test_expired_draft_is_refused_then_purged_by_a_workers_first_request(
    tmp_path, database_url
) -> None:
    data_dir = tmp_path / "data"
    app = create_app(app_config(data_dir, DATABASE_URL=database_url))
    try:
        old, fresh = _two_drafts(app)
        assert _counts(database_url, data_dir) == (2, 2)
        _age(database_url, data_dir, _cookie(old))

        # Expired: not shown any more, even before it is purged, and the cookie goes.
        response = old.get("/forms/anmeldung/einzug")
        assert response.status_code == 404 and 'href="/resume"' in response.get_data(as_text=True)
        assert any(h.startswith("wz-anmeldung=;") for h in response.headers.getlist("Set-Cookie"))
        assert fresh.get("/forms/anmeldung/einzug").status_code == 200
    finally:
        app.extensions["wizard.store"].close()

    # A worker (re)starting serves its first request: the purger runs before it.
    worker = create_app(app_config(data_dir, DATABASE_URL=database_url))
    try:
        assert worker.test_client().get("/livez").status_code == 200
        assert _counts(database_url, data_dir) == (1, 1), "expired draft and its key slot gone"
        client = worker.test_client()
        client.set_cookie("wz-anmeldung", _cookie(fresh))
        assert 'value="Ahlen"' in client.get("/forms/anmeldung/einzug").get_data(as_text=True)
    finally:
        worker.extensions["wizard.store"].close()


def test_wizard_purge_deletes_expired_web_drafts(tmp_path, database_url) -> None:
    from wizard.cli import main as wizard_main

    data_dir = tmp_path / "data"
    app = create_app(app_config(data_dir, DATABASE_URL=database_url))
    try:
        old, fresh = _two_drafts(app)
        _age(database_url, data_dir, _cookie(old))
    finally:
        app.extensions["wizard.store"].close()
    env = {"WIZARD_DATA_DIR": str(data_dir), "WIZARD_SECRET_KEY": SECRET_KEY}
    env["DATABASE_URL"] = database_url or ""
    result = CliRunner().invoke(wizard_main, ["purge"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 expired drafts deleted"
    assert _counts(database_url, data_dir) == (1, 1)
    if database_url:
        assert database_url not in result.output  # never echoes the URL (password)


def test_purge_interval_setting_is_honoured(tmp_path) -> None:
    data_dir = tmp_path / "data"
    app = create_app(app_config(data_dir, PURGE_INTERVAL_SECONDS=1))
    try:
        old, _fresh = _two_drafts(app)  # the first request purged (nothing)
        _age(None, data_dir, _cookie(old))
        time.sleep(1.3)  # one period (with up to 20 % jitter) has passed
        app.test_client().get("/livez")
        assert _counts(None, data_dir)[0] == 1
    finally:
        app.extensions["wizard.store"].close()
