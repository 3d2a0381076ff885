"""Retention: purge deletes exactly the expired drafts; PeriodicPurger; ``wizard purge``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from store_helpers import FakeClock, empty_payload

from wizard.cli import main as wizard_main
from wizard.store import DraftNotFound, PeriodicPurger, Store
from wizard.store.cli import purge as purge_command


def test_purge_deletes_exactly_the_expired(store: Store, clock: FakeClock, sql) -> None:
    t0 = clock.now
    _, key_a = store.create("f", "de", empty_payload())  # expires t0+30d
    clock.advance(days=10)
    _, key_b = store.create("f", "de", empty_payload())  # expires t0+40d
    clock.advance(days=10)
    _, key_c = store.create("f", "de", empty_payload())
    store.mark_finished(key_c)  # finished at t0+20d: expires t0+50d
    clock.advance(days=5)
    store.save(key_a, empty_payload(), expected_version=1)  # a now expires t0+55d
    store.issue_resume_code(key_b)

    assert store.purge(now=t0 + timedelta(days=40) - timedelta(microseconds=1)) == 0
    assert store.purge(now=t0 + timedelta(days=40)) == 1  # b, expires_at <= now
    assert sql("SELECT count(*) FROM key_slots")[0][0] == 2  # b's client+resume slots gone
    clock.now = t0 + timedelta(days=41)
    with pytest.raises(DraftNotFound):
        store.open(key_b)
    assert store.open(key_a) and store.open(key_c)

    assert store.purge(now=t0 + timedelta(days=50)) == 1  # c, finished
    assert store.purge(now=t0 + timedelta(days=50)) == 0  # idempotent
    assert store.purge(now=t0 + timedelta(days=55)) == 1  # a
    assert sql("SELECT count(*) FROM drafts")[0][0] == 0
    assert sql("SELECT count(*) FROM key_slots")[0][0] == 0


def test_expired_but_unpurged_draft_is_not_found(store: Store, clock: FakeClock) -> None:
    _, key = store.create("f", "de", empty_payload())
    clock.advance(days=30)
    for call in (
        lambda: store.open(key),
        lambda: store.save(key, empty_payload(), expected_version=1),
        lambda: store.mark_finished(key),
        lambda: store.issue_resume_code(key),
    ):
        with pytest.raises(DraftNotFound):
            call()


def test_retention_days_is_configurable(backend, clock: FakeClock) -> None:
    store = backend.open(clock=clock, retention_days=7)
    draft, _ = store.create("f", "de", empty_payload())
    assert draft.expires_at == clock.now + timedelta(days=7)
    assert store.purge(now=clock.now + timedelta(days=7)) == 1


def test_purge_uses_the_clock_by_default(store: Store, clock: FakeClock) -> None:
    store.create("f", "de", empty_payload())
    assert store.purge() == 0
    clock.advance(days=31)
    assert store.purge() == 1


class Counter:
    def __init__(self) -> None:
        self.statements = 0

    def __call__(self, *args: object, **kwargs: object) -> None:
        self.statements += 1


def test_periodic_purger_runs_at_most_every_period(store: Store, clock: FakeClock) -> None:
    ticks = [1000.0]
    purger = PeriodicPurger(store, every=timedelta(minutes=10), clock=lambda: ticks[0])
    counter = Counter()
    sa.event.listen(store.engine, "before_cursor_execute", counter)

    store.create("f", "de", empty_payload())
    clock.advance(days=31)
    assert purger.maybe_purge() == 1  # the first call purges

    store.create("f", "de", empty_payload())
    clock.advance(days=31)
    before = counter.statements
    ticks[0] += 9 * 60
    assert purger.maybe_purge() is None
    assert counter.statements == before  # not due: no database access at all

    ticks[0] += 10 * 60 * 1.2 + 1  # past the period including the maximum jitter
    assert purger.maybe_purge() == 1
    assert purger.maybe_purge() is None


def test_periodic_purger_survives_database_errors(backend, caplog) -> None:
    store = backend.open()
    purger = PeriodicPurger(store, every=timedelta(minutes=1), clock=lambda: 0.0)
    with store.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE key_slots"))
        conn.execute(sa.text("DROP TABLE advisor_cases"))  # it references drafts
        conn.execute(sa.text("DROP TABLE drafts"))
    assert purger.maybe_purge() is None
    assert "periodic purge failed" in caplog.text


@pytest.fixture
def cli_env(backend, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    env = {"WIZARD_DATA_DIR": str(backend.data_dir), "WIZARD_SECRET_KEY": "cli-secret-0123456789"}
    if backend.url:
        env["DATABASE_URL"] = backend.url
    return env


def test_purge_command(backend, cli_env: dict[str, str]) -> None:
    past = FakeClock(datetime.now(UTC) - timedelta(days=60))
    old = backend.open(clock=past)
    for _ in range(2):
        old.create("f", "de", empty_payload())
    _, live_key = backend.open().create("f", "de", empty_payload())

    result = CliRunner().invoke(purge_command, [], env=cli_env)
    assert result.exit_code == 0, result.output
    assert result.output == "2 expired drafts deleted\n"
    assert backend.open().open(live_key)

    # Through the project's `wizard` entry point, which resolves the command lazily.
    result = CliRunner().invoke(wizard_main, ["purge"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert result.output == "0 expired drafts deleted\n"


def test_purge_command_needs_no_secret(backend, cli_env: dict[str, str]) -> None:
    cli_env.pop("WIZARD_SECRET_KEY")
    result = CliRunner().invoke(purge_command, [], env={**cli_env, "WIZARD_SECRET_KEY": ""})
    assert result.exit_code == 0, result.output
    assert result.output == "0 expired drafts deleted\n"
    if backend.url:
        assert backend.url not in result.output


def test_purge_command_default_data_dir(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("WIZARD_DATA_DIR", raising=False)
    result = CliRunner().invoke(purge_command, [])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "instance" / "wizard.sqlite3").exists()
