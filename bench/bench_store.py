"""Benchmark of the draft store: what does encryption at rest cost per request?

For SQLite (temporary directory) and PostgreSQL (``WIZARD_TEST_POSTGRES_URL``,
in a throw-away schema), times ``Store.save`` and ``Store.open`` against a
baseline doing the same writes and reads with no encryption (a plain JSON
text column, same engine, same durability settings, same version check and
row lock). Encrypted and baseline iterations alternate so drift hits both.
Also times ``issue_resume_code`` and ``resume``, which are dominated by scrypt.

    .venv/bin/python bench/bench_store.py            # BENCH_N=300 by default
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from wizard.store import Store, open_store  # noqa: E402
from wizard.store.database import normalise_url, read_transaction, write_transaction  # noqa: E402

N = int(os.environ.get("BENCH_N", "300"))
RESUME_N = int(os.environ.get("BENCH_RESUME_N", "10"))
SECRET = b"bench-server-secret-0123456789ab"

plain = sa.Table(
    "bench_plain_drafts",
    sa.MetaData(),
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
)


def realistic_payload(i: int) -> dict[str, Any]:
    """About 3 KB: forty answers of a benefits form plus wizard state."""
    answers: dict[str, Any] = {
        f"q{n:02d}": ("Muster-Antwort " * (n % 4 + 1)).strip() for n in range(30)
    }
    answers.update(
        {
            "surname": "Mustermann",
            "children": [{"name": "Kind", "born": "2019-04-01"}] * 3,
            "income_monthly": 1234 + i,
            "residence_status": "aufenthaltserlaubnis",
            "note": "ملاحظة " * 20,
        }
    )
    return {"answers": answers, "state": {"step": i % 12, "visited": list(range(12))}}


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter_ns()
    fn()
    return (time.perf_counter_ns() - start) / 1000


def bench_backend(store: Store) -> list[tuple[str, list[float], list[float]]]:
    engine = store.engine
    plain.create(engine, checkfirst=True)
    _, key = store.create("bench", "de", realistic_payload(0))
    with write_transaction(engine) as conn:
        conn.execute(plain.insert().values(id="b", version=1, payload=json.dumps({})))

    def plain_save(payload: dict[str, Any], expected: int) -> None:
        with write_transaction(engine) as conn:
            row = conn.execute(sa.select(plain).where(plain.c.id == "b").with_for_update()).one()
            if row.version != expected:
                raise RuntimeError("conflict")
            conn.execute(
                plain.update()
                .where(plain.c.id == "b", plain.c.version == expected)
                .values(version=expected + 1, payload=json.dumps(payload))
            )

    def plain_open() -> dict[str, Any]:
        with read_transaction(engine) as conn:
            row = conn.execute(sa.select(plain).where(plain.c.id == "b")).one()
        return {"version": row.version, "payload": json.loads(row.payload)}

    enc = {"save": [], "open": [], "save+open": []}
    base = {"save": [], "open": [], "save+open": []}
    version, plain_version = 1, 1
    for i in range(N + 20):
        payload = realistic_payload(i)
        t_save = timed(lambda p=payload, v=version: store.save(key, p, expected_version=v))
        t_open = timed(lambda: store.open(key))
        version += 1
        b_save = timed(lambda p=payload, v=plain_version: plain_save(p, v))
        b_open = timed(plain_open)
        plain_version += 1
        if i >= 20:  # warm-up discarded
            for bucket, s, o in ((enc, t_save, t_open), (base, b_save, b_open)):
                bucket["save"].append(s)
                bucket["open"].append(o)
                bucket["save+open"].append(s + o)
    plain.drop(engine)

    issue = [timed(lambda: store.issue_resume_code(key)) for _ in range(RESUME_N)]
    code = store.issue_resume_code(key)
    resume: list[float] = []
    for _ in range(RESUME_N):
        start = time.perf_counter_ns()
        _, key = store.resume(code)
        resume.append((time.perf_counter_ns() - start) / 1000)
    rows = [(op, enc[op], base[op]) for op in ("save", "open", "save+open")]
    rows += [("issue_resume_code", issue, []), ("resume", resume, [])]
    return rows


@contextmanager
def sqlite_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(None, data_dir=Path(tmp), server_secret=SECRET)
        try:
            yield store
        finally:
            store.close()


@contextmanager
def postgres_store(url: str) -> Iterator[Store]:
    admin = sa.create_engine(normalise_url(url, None))
    schema = f"wizard_bench_{uuid.uuid4().hex[:8]}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        scoped = admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
        store = open_store(scoped.render_as_string(hide_password=False), server_secret=SECRET)
        try:
            yield store
        finally:
            store.close()
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def print_table(results: list[tuple[str, list[tuple[str, list[float], list[float]]]]]) -> None:
    header = (
        f"{'backend':<10} {'operation':<18} {'p50 µs':>9} {'p99 µs':>9} "
        f"{'plain p50':>10} {'plain p99':>10} {'ratio p50':>10} {'ratio p99':>10}"
    )
    print(header)
    print("-" * len(header))
    for backend, rows in results:
        for op, enc, base in rows:
            line = (
                f"{backend:<10} {op:<18} {percentile(enc, 0.5):>9.0f} {percentile(enc, 0.99):>9.0f}"
            )
            if base:
                b50, b99 = percentile(base, 0.5), percentile(base, 0.99)
                line += f" {b50:>10.0f} {b99:>10.0f}"
                line += f" {percentile(enc, 0.5) / b50:>9.2f}x {percentile(enc, 0.99) / b99:>9.2f}x"
            else:
                line += f" {'-':>10} {'-':>10} {'-':>10} {'-':>10}"
            print(line)
    print(
        f"\n{N} iterations per operation (after 20 warm-up), {RESUME_N} for resume codes; "
        f"payload {len(json.dumps(realistic_payload(0)).encode())} bytes of JSON; "
        f"mean encrypted save+open on SQLite: "
        f"{statistics.mean(results[0][1][2][1]):.0f} µs"
    )


def main() -> int:
    results: list[tuple[str, list[tuple[str, list[float], list[float]]]]] = []
    with sqlite_store() as store:
        results.append(("sqlite", bench_backend(store)))
    pg_url = os.environ.get("WIZARD_TEST_POSTGRES_URL")
    if pg_url:
        try:
            with postgres_store(pg_url) as store:
                results.append(("postgres", bench_backend(store)))
        except sa.exc.OperationalError as exc:
            print(f"PostgreSQL skipped: unreachable ({type(exc.orig).__name__})", file=sys.stderr)
    else:
        print("PostgreSQL skipped: WIZARD_TEST_POSTGRES_URL is not set", file=sys.stderr)
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
