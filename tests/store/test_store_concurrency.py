"""Several processes writing at once (as gunicorn workers do): no lost or phantom saves.

Every worker process opens its own store on the same database at the same
moment (which also races the schema creation), then all hammer one shared
draft with optimistic-concurrency retries, and each also writes a draft of
its own. Afterwards every acknowledged save must be readable: the shared
draft contains each acknowledged marker exactly once, and its version counts
exactly the acknowledged saves.
"""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Any

import pytest
from store_helpers import SECRET

from wizard.store import VersionConflict, open_store
from wizard.store.schema import current_version, head_version

WORKERS = 4
SAVES = 15


def _worker(
    url: str | None,
    data_dir: str,
    shared_key: str,
    index: int,
    barrier: Any,
    results: Any,
) -> None:
    barrier.wait()
    store = open_store(url, data_dir=Path(data_dir), server_secret=SECRET)
    try:
        acked: list[str] = []
        conflicts = 0
        _, own_key = store.create("f", "de", {"answers": {"owner": index}, "state": {}})
        for j in range(SAVES):
            marker = f"w{index}-s{j}"
            while True:
                current = store.open(shared_key)
                payload = current.payload
                payload["answers"]["log"].append(marker)
                try:
                    store.save(shared_key, payload, expected_version=current.version)
                except VersionConflict:
                    conflicts += 1
                    continue
                acked.append(marker)
                break
            own = store.open(own_key)
            store.save(
                own_key,
                {"answers": {"owner": index, "last": j}, "state": {}},
                expected_version=own.version,
            )
        results.put(("ok", index, acked, str(own_key), conflicts))
    except BaseException as exc:  # report instead of dying silently
        results.put(("error", index, repr(exc), "", 0))
    finally:
        store.close()


def _run_workers(url: str | None, data_dir: Path, shared_key: str) -> list[tuple[Any, ...]]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(url, str(data_dir), shared_key, i, barrier, results))
        for i in range(WORKERS)
    ]
    for proc in procs:
        proc.start()
    # Generous timeouts only guard against a hang; nothing here asserts speed.
    outcomes = [results.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    return outcomes


def test_concurrent_writers_lose_nothing(backend) -> None:
    # The creating store is opened on a fresh database only in the workers'
    # wake: here it already exists, the race on creation is tested below.
    store = backend.open()
    _, shared_key = store.create("f", "de", {"answers": {"log": []}, "state": {}})

    outcomes = _run_workers(backend.url, backend.data_dir, str(shared_key))

    errors = [o for o in outcomes if o[0] != "ok"]
    assert not errors, errors
    acked = [marker for o in outcomes for marker in o[2]]
    assert len(acked) == WORKERS * SAVES
    final = store.open(shared_key)
    assert sorted(final.answers["log"]) == sorted(acked)
    assert len(set(final.answers["log"])) == len(acked)
    assert final.version == 1 + len(acked)
    for o in outcomes:
        # Per-worker order is preserved in the shared log.
        mine = [m for m in final.answers["log"] if m.startswith(f"w{o[1]}-")]
        assert mine == o[2]
        own = store.open(o[3])
        assert own.answers == {"owner": o[1], "last": SAVES - 1}
        assert own.version == 1 + SAVES


def _open_only(url: str | None, data_dir: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        store = open_store(url, data_dir=Path(data_dir), server_secret=SECRET)
        _, key = store.create("f", "de", {"answers": {}, "state": {}})
        store.open(key)
        store.close()
        results.put("ok")
    except BaseException as exc:
        results.put(repr(exc))


@pytest.mark.parametrize("round_", range(2))
def test_processes_creating_the_schema_at_once(backend, round_: int) -> None:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_open_only, args=(backend.url, str(backend.data_dir), barrier, results))
        for _ in range(WORKERS)
    ]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    assert outcomes == ["ok"] * WORKERS
    store = backend.open()
    assert current_version(store.engine) == head_version()


def _use_after_fork(store: Any, key: str, results: Any) -> None:
    try:
        store.after_fork()
        draft = store.open(key)
        store.save(key, {"answers": {"by": "child"}, "state": {}}, expected_version=draft.version)
        results.put("ok")
    except BaseException as exc:
        results.put(repr(exc))


def test_store_opened_before_fork_works_in_child_and_parent(backend) -> None:
    store = backend.open()
    _, key = store.create("f", "de", {"answers": {"by": "parent"}, "state": {}})
    store.open(key)  # the pool now holds a live connection
    ctx = mp.get_context("fork")
    results = ctx.Queue()
    child = ctx.Process(target=_use_after_fork, args=(store, str(key), results))
    child.start()
    assert results.get(timeout=300) == "ok"
    child.join(timeout=60)
    assert child.exitcode == 0
    draft = store.open(key)
    assert draft.answers == {"by": "child"} and draft.version == 2
    store.save(key, {"answers": {"by": "parent"}, "state": {}}, expected_version=2)
