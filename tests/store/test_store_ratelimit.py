"""Rate-limit buckets in the database, shared by every app server."""

from __future__ import annotations

from datetime import timedelta

from store_helpers import FakeClock

from wizard.store import Store


def test_limit_within_window_then_reset(store: Store, clock: FakeClock) -> None:
    start = clock.now.replace(minute=0, second=0, microsecond=0)
    results = [store.hit_rate_limit("resume:ip-a", 3, 3600, now=start) for _ in range(5)]
    assert results == [False, False, False, True, True]
    later = start + timedelta(minutes=59, seconds=59)
    assert store.hit_rate_limit("resume:ip-a", 3, 3600, now=later) is True
    next_window = start + timedelta(hours=1)
    assert store.hit_rate_limit("resume:ip-a", 3, 3600, now=next_window) is False


def test_buckets_and_windows_are_independent(store: Store, clock: FakeClock) -> None:
    assert store.hit_rate_limit("a", 1, 60) is False
    assert store.hit_rate_limit("a", 1, 60) is True
    assert store.hit_rate_limit("b", 1, 60) is False
    assert store.hit_rate_limit("a", 1, 600) is False  # other window length, other counter


def test_zero_limit_always_refuses(store: Store) -> None:
    assert store.hit_rate_limit("closed", 0, 60) is True


def test_counters_are_shared_between_servers(backend, clock: FakeClock) -> None:
    server_1 = backend.open(clock=clock)
    server_2 = backend.open(clock=clock)
    assert server_1.hit_rate_limit("resume:ip-b", 2, 300) is False
    assert server_2.hit_rate_limit("resume:ip-b", 2, 300) is False
    assert server_1.hit_rate_limit("resume:ip-b", 2, 300) is True
    assert server_2.hit_rate_limit("resume:ip-b", 2, 300) is True


def test_older_clock_counts_into_current_window(store: Store, clock: FakeClock) -> None:
    start = clock.now.replace(minute=0, second=0, microsecond=0)
    assert store.hit_rate_limit("skew", 2, 60, now=start + timedelta(minutes=1)) is False
    # A server whose clock lags one window behind must not reset the counter.
    assert store.hit_rate_limit("skew", 2, 60, now=start) is False
    assert store.hit_rate_limit("skew", 2, 60, now=start + timedelta(minutes=1)) is True


def test_bucket_names_are_not_stored_in_clear(store: Store, backend) -> None:
    store.hit_rate_limit("resume:ip:192.0.2.44", 5, 60)
    dump = backend.dump()
    assert "192.0.2.44" not in dump and "resume:ip" not in dump


def test_purge_drops_ended_windows(store: Store, clock: FakeClock, sql) -> None:
    store.hit_rate_limit("short", 5, 60)
    store.hit_rate_limit("long", 5, 86400)
    assert sql("SELECT count(*) FROM rate_limits")[0][0] == 2
    store.purge(now=clock.now + timedelta(hours=2))
    assert sql("SELECT count(*) FROM rate_limits")[0][0] == 1
