"""Load benchmark: simulated people complete the whole Anmeldung, end to end.

Runs gunicorn (the project's gunicorn.conf.py, 2 workers by default) on a free
loopback port against SQLite (WAL, in a temporary folder) or PostgreSQL (a
fresh schema, dropped afterwards). N simulated users (default 32) each loop
for ``--seconds`` (default 60): start a draft, answer every page the way a
browser does (GET the page for its CSRF token and version, POST the answers
from tests/data/anmeldung.answers.yaml as tests/form_walker.py turns them into
page submissions), open "check your answers", finish, open the result page,
download the summary PDF and every official PDF the result page offers (the
project's own template, and the Berlin form when ../shared/pdf-corpus is
there). Then every finished draft is opened with its cookie, straight from the
database, and its answers compared with the answers file.

Reports throughput, p50/p99 per request type, errors (must be 0) and the
verification (must be all). Exit status 1 when either fails.

Run:
  .venv/bin/python bench/bench_load.py [--users 32] [--seconds 60]
  .venv/bin/python bench/bench_load.py --database postgres \
      [--postgres-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
      (default: $WIZARD_TEST_POSTGRES_URL)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from form_walker import pages  # noqa: E402
from loadclient import Response, User, percentile  # noqa: E402

SECRET = "bench-load-secret-0123456789abcdef0123"
ANSWERS = ROOT / "tests" / "data" / "anmeldung.answers.yaml"
FORM = "anmeldung"
REQUEST_TIMEOUT = 120.0
TYPES = [
    "intro GET",
    "start",
    "step GET",
    "step POST",
    "item POST",
    "repeat POST",
    "check GET",
    "finish POST",
    "result GET",
    "summary PDF",
    "official PDF",
]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)  # cookies of finished drafts
    started: int = 0
    pdf_bytes: int = 0


class Unexpected(Exception):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(
    port: int, env: dict[str, str], workers: int, threads: int, log: Path
) -> subprocess.Popen:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("WIZARD_") and k not in ("DATABASE_URL", "HOST", "PORT")
    }
    with open(log, "wb") as errors:  # a file, not a pipe: a full pipe would block gunicorn
        proc = _popen(clean, env, port, workers, threads, errors)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    stop_gunicorn(proc)
    raise SystemExit("gunicorn did not start within 60 s")


def _popen(
    clean: dict, env: dict, port: int, workers: int, threads: int, errors: Any
) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "app:app",
        ],
        cwd=ROOT,
        env={**clean, **env, "HOST": "127.0.0.1", "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=errors,
        start_new_session=True,  # own process group, killed as a whole
    )


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def hidden(html: str) -> dict[str, str]:
    from html import unescape

    return {
        name: unescape(value)
        for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', html)
    }


async def call(
    stats: Stats, kind: str, user: User, method: str, path: str, form: Any = None
) -> Response:
    try:
        response = await asyncio.wait_for(user.request(method, path, form), REQUEST_TIMEOUT)
    except (OSError, IndexError, ValueError, TimeoutError, asyncio.IncompleteReadError) as exc:
        raise Unexpected(f"{kind} {method} {path}: {type(exc).__name__}") from None
    stats.latencies[kind].append(response.seconds)
    return response


def expect(response: Response, status: int, what: str) -> None:
    if response.status != status:
        raise Unexpected(f"{what}: status {response.status}, expected {status}")


async def journey(user: User, walk: list, stats: Stats, stop: float) -> bool:
    """One person, start to PDFs. False when the time ran out on the way (not an error)."""
    base = f"/forms/{FORM}"
    intro = await call(stats, "intro GET", user, "GET", base)
    expect(intro, 200, "intro")
    started = await call(
        stats,
        "start",
        user,
        "POST",
        f"{base}/start",
        {"csrf_token": hidden(intro.text)["csrf_token"]},
    )
    expect(started, 302, "start")
    stats.started += 1
    for page in walk:
        if time.monotonic() >= stop:
            return False
        shown = await call(stats, "step GET", user, "GET", page.url)
        expect(shown, 200, f"GET {page.url}")
        body = {**hidden(shown.text), **page.data}
        sent = await call(stats, f"{page.kind} POST", user, "POST", page.url, body)
        if sent.status != 302:
            raise Unexpected(f"POST {page.url}: status {sent.status}")
    check = await call(stats, "check GET", user, "GET", f"{base}/check")
    expect(check, 200, "check")
    finish = await call(
        stats,
        "finish POST",
        user,
        "POST",
        f"{base}/check",
        {"csrf_token": hidden(check.text)["csrf_token"]},
    )
    expect(finish, 302, "finish")
    done = await call(stats, "result GET", user, "GET", f"{base}/done")
    expect(done, 200, "result page")
    cookie = user.cookies[f"wz-{FORM}"]
    summary = await call(stats, "summary PDF", user, "GET", f"{base}/summary.pdf")
    expect(summary, 200, "summary PDF")
    if not summary.body.startswith(b"%PDF"):
        raise Unexpected("summary PDF is not a PDF")
    stats.pdf_bytes += len(summary.body)
    links = sorted(set(re.findall(rf'href="({base}/pdf/[^"]+\.pdf)"', done.text)))
    if not links:
        raise Unexpected("the result page offers no official PDF")
    for link in links:
        official = await call(stats, "official PDF", user, "GET", link)
        expect(official, 200, link)
        if not official.body.startswith(b"%PDF"):
            raise Unexpected(f"{link} is not a PDF")
        stats.pdf_bytes += len(official.body)
    stats.finished.append(cookie)
    return True


async def warm_up(port: int, workers: int, walk: list) -> None:
    """One unmeasured journey per worker: imports, fonts and templates loaded before timing."""
    stats = Stats()
    await asyncio.gather(
        *(
            journey(User("127.0.0.1", port), walk, stats, time.monotonic() + 120)
            for _ in range(workers)
        )
    )
    if stats.errors:
        raise SystemExit(f"warm-up failed: {stats.errors}")


async def run_load(port: int, users: int, seconds: float, walk: list) -> tuple[Stats, float]:
    stats = Stats()
    start = time.monotonic()
    stop = start + seconds

    async def person(index: int) -> None:
        user = User("127.0.0.1", port)
        await user.request("GET", "/?lang=de")
        while time.monotonic() < stop:
            try:
                if not await journey(user, walk, stats, stop):
                    return
            except Unexpected as exc:
                stats.errors.append(f"user {index}: {exc}")
                user = User("127.0.0.1", port)  # start over with a fresh browser

    await asyncio.gather(*(person(i) for i in range(users)))
    return stats, time.monotonic() - start


def verify(
    url: str | None, data_dir: Path, cookies: list[str], form: Any, answers: dict
) -> tuple[int, list[str]]:
    from wizard import engine
    from wizard.store import DraftNotFound, open_store

    expected = engine.effective_answers(form, answers)
    problems = []
    store = open_store(url, data_dir=data_dir, server_secret=SECRET.encode())
    try:
        ok = 0
        for cookie in cookies:
            try:
                draft = store.open(cookie)
            except DraftNotFound:
                problems.append(f"draft {cookie.split('.')[1]} not found")
                continue
            if draft.finished_at is None:
                problems.append(f"draft {draft.id} not marked finished")
            elif engine.effective_answers(form, draft.answers) != expected:
                problems.append(f"draft {draft.id}: answers differ from the answers file")
            else:
                ok += 1
    finally:
        store.close()
    return ok, problems


def postgres_schema(admin_url: str) -> tuple[str, str, Any]:
    import sqlalchemy as sa

    from wizard.store.database import normalise_url

    engine = sa.create_engine(normalise_url(admin_url, None))
    schema = f"wizard_bench_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = engine.url.update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False), engine


def report(
    stats: Stats,
    elapsed: float,
    args: argparse.Namespace,
    verified: int,
    problems: list[str],
    db: str,
    load_before: tuple[float, float, float],
) -> bool:
    total = sum(len(v) for v in stats.latencies.values())
    load = os.getloadavg()
    print(
        f"bench_load: {args.users} simulated users, {args.seconds:.0f} s, gunicorn {args.workers} "
        f"workers x {args.threads} thread(s), {db}, loopback"
    )
    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average (1/5/15 min) before {' / '.join(f'{x:.1f}' for x in load_before)}, "
        f"after {' / '.join(f'{x:.1f}' for x in load)}"
    )
    print("(after one unmeasured warm-up journey per worker)")
    print(
        f"journeys: {stats.started} started, {len(stats.finished)} finished "
        f"({len(stats.finished) / elapsed * 60:.1f} per minute); requests: {total} "
        f"({total / elapsed:.1f} req/s); PDF data served: {stats.pdf_bytes / 1e6:.1f} MB"
    )
    print()
    print(
        f"| {'request type':<13} | {'count':>6} | {'req/s':>6} | {'p50 ms':>7} | {'p99 ms':>7} | {'max ms':>7} |"
    )
    print(f"|{'-' * 15}|{'-' * 8}|{'-' * 8}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    for kind in TYPES:
        samples = stats.latencies.get(kind, [])
        if not samples:
            continue
        print(
            f"| {kind:<13} | {len(samples):>6} | {len(samples) / elapsed:>6.1f} | "
            f"{percentile(samples, 0.5) * 1e3:>7.1f} | {percentile(samples, 0.99) * 1e3:>7.1f} | "
            f"{max(samples) * 1e3:>7.1f} |"
        )
    print()
    print(f"errors: {len(stats.errors)} (must be 0)")
    for line in stats.errors[:10]:
        print(f"  {line}")
    print(
        f"answers verified after the run: {verified}/{len(stats.finished)} finished drafts equal "
        f"{ANSWERS.relative_to(ROOT)} (must be all)"
    )
    for line in problems[:10]:
        print(f"  {line}")
    return not stats.errors and verified == len(stats.finished) and verified > 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("WIZARD_TEST_POSTGRES_URL"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    import yaml

    from wizard.formdef.loader import load_form

    form = load_form(ROOT / "forms" / f"{FORM}.yaml")
    answers = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    walk = list(pages(form, answers))

    schema = admin = None
    url: str | None = None
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        data_dir = Path(tmp) / "data"
        env = {"WIZARD_DATA_DIR": str(data_dir), "WIZARD_SECRET_KEY": SECRET}
        if args.database == "postgres":
            if not args.postgres_url:
                raise SystemExit(
                    "--database postgres needs --postgres-url or WIZARD_TEST_POSTGRES_URL"
                )
            schema, url, admin = postgres_schema(args.postgres_url)
            env["DATABASE_URL"] = url
            db = "PostgreSQL (fresh schema)"
        else:
            db = "SQLite (WAL, synchronous=FULL)"
        port = free_port()
        load_before = os.getloadavg()
        log = Path(tmp) / "gunicorn.log"
        server = start_gunicorn(port, env, args.workers, args.threads, log)
        try:
            asyncio.run(warm_up(port, args.workers, walk))
            stats, elapsed = asyncio.run(run_load(port, args.users, args.seconds, walk))
        finally:
            stop_gunicorn(server)
        try:
            verified, problems = verify(url, data_dir, stats.finished, form, answers)
        finally:
            if admin is not None:
                import sqlalchemy as sa

                with admin.begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                admin.dispose()
        ok = report(stats, elapsed, args, verified, problems, db, load_before)
        server_errors = [
            line for line in log.read_text(errors="replace").splitlines() if "ERROR" in line
        ]
        print(f"server log: {len(server_errors)} error lines")
        for line in server_errors[:5]:
            print(f"  {line}")
        ok = ok and not server_errors
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
