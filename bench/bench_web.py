"""Benchmark: step pages under load, against a trivial route of the same app.

Runs gunicorn (2 workers, the project's gunicorn.conf.py) on loopback and 32
concurrent simulated users, and measures, in the same run:
- a trivial route (/livez),
- step GET (load the encrypted draft, render the page),
- step POST (validate, encrypt, save, redirect).

Targets (issue "Phone-first web wizard"): step GET >= 40 % and step POST >= 25 %
of the trivial route's throughput; p99 < 50 ms at 32 concurrent clients;
memory per worker after 1,000 sessions <= 120 MB.

Two load generators, each measured against its own trivial-route baseline:
wrk (C, epoll; Debian package ``wrk``) and the asyncio client in loadclient.py.
Both run on the same 2 cores as gunicorn, so the client's own CPU time counts:
wrk needs ~0.05 ms per request, the Python client ~0.4 ms. The last two columns
split the CPU time per request between the gunicorn workers and the client.

Run: .venv/bin/python bench/bench_web.py [--seconds 8] [--client both|wrk|python]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadclient import User, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WRK = shutil.which("wrk")
CONCURRENCY = 32
EINZUG = {
    "einzugsdatum-day": "1",
    "einzugsdatum-month": "11",
    "einzugsdatum-year": "2026",
    "neue_strasse": "Hauptstraße 5",
    "neue_plz": "59227",
    "neue_ort": "Ahlen",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, data_dir: str, **extra_env: str) -> subprocess.Popen:
    env = {
        **os.environ,
        **extra_env,
        "WIZARD_DATA_DIR": data_dir,
        "WIZARD_SECRET_KEY": "bench-secret-0123456789abcdef0123",
        "PORT": str(port),
        "HOST": "127.0.0.1",
    }
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--workers",
            "2",
            "--access-logfile",
            "/dev/null",
            "app:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


async def new_user(port: int) -> User:
    user = User("127.0.0.1", port)
    await user.request("GET", "/?lang=de")
    fields = await user.form_fields("/forms/anmeldung")
    response = await user.request(
        "POST", "/forms/anmeldung/start", {"csrf_token": fields["csrf_token"]}
    )
    assert response.status == 302, response.status
    return user


async def run_phase(
    users: list[User], make_request, seconds: float
) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def loop(user: User) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            response = await make_request(user)
            latencies.append(response.seconds)
            if response.status >= 400:
                errors += 1

    start = time.perf_counter()
    await asyncio.gather(*(loop(u) for u in users))
    elapsed = time.perf_counter() - start
    return int(len(latencies) / elapsed), latencies, errors


def worker_cpu_seconds(master: int) -> float:
    """User + system CPU time used so far by the gunicorn workers (children of ``master``)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def client_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker_rss_mb(master: int) -> list[float]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


CASES = (
    ("trivial route (/livez)", "GET", "/livez"),
    ("step GET", "GET", "/forms/anmeldung/einzug"),
    ("step POST", "POST", "/forms/anmeldung/einzug"),
)
TARGETS = {"step GET": ">= 40 % of trivial", "step POST": ">= 25 % of trivial"}
# (requests per second, p50 s, p99 s, errors, server CPU ms/request, client CPU ms/request)
Result = tuple[float, float, float, int, float, float]


async def python_client(
    server: subprocess.Popen, users: list[User], tokens: dict[int, str], seconds: float
) -> dict[str, Result]:
    """The cases with this repository's asyncio client (it shares the cores with gunicorn)."""

    def make(method: str, path: str):
        async def request(user: User):
            form = {"csrf_token": tokens[id(user)], **EINZUG} if method == "POST" else None
            return await user.request(method, path, form)

        return request

    await run_phase(users, make("GET", "/livez"), 1.0)  # warm-up
    results = {}
    for name, method, path in CASES:
        workers_before, client_before = worker_cpu_seconds(server.pid), client_cpu_seconds()
        rate, latencies, errors = await run_phase(users, make(method, path), seconds)
        done = len(latencies)
        results[name] = (
            rate,
            percentile(latencies, 0.5),
            percentile(latencies, 0.99),
            errors,
            (worker_cpu_seconds(server.pid) - workers_before) / done * 1e3,
            (client_cpu_seconds() - client_before) / done * 1e3,
        )
    return results


def wrk_script(users: list[User], tokens: dict[int, str], method: str, path: str) -> str:
    """A wrk Lua script sending each request as the next of the simulated users, in turn."""

    def lua(text: str) -> str:
        return json.dumps(text)  # a JSON string literal is a valid Lua string literal here

    entries = []
    for user in users:
        cookie = "; ".join(f"{k}={v}" for k, v in user.cookies.items())
        body = urlencode({"csrf_token": tokens[id(user)], **EINZUG}) if method == "POST" else ""
        entries.append(f"{{cookie={lua(cookie)}, body={lua(body)}}}")
    content_type = (
        'h["Content-Type"] = "application/x-www-form-urlencoded"' if method == "POST" else ""
    )
    return f"""
local users = {{ {", ".join(entries)} }}
local i = 0
request = function()
  i = i % #users + 1
  local h = {{["Cookie"] = users[i].cookie, ["Connection"] = "close"}}
  {content_type}
  local body = users[i].body
  if body == "" then body = nil end
  return wrk.format({lua(method)}, {lua(path)}, h, body)
end
"""


def _wrk_seconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def wrk_client(
    server: subprocess.Popen,
    port: int,
    users: list[User],
    tokens: dict[int, str],
    seconds: float,
    workdir: str,
) -> dict[str, Result]:
    """The same cases with wrk (C, epoll): 2 threads, 32 connections, one user after another."""
    results = {}
    for name, method, path in (("warm-up", "GET", "/livez"), *CASES):
        script = Path(workdir) / "case.lua"
        script.write_text(wrk_script(users, tokens, method, path))
        duration = 1 if name == "warm-up" else max(1, round(seconds))
        workers_before = worker_cpu_seconds(server.pid)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(
            [
                WRK,
                "-t2",
                f"-c{CONCURRENCY}",
                f"-d{duration}s",
                "--latency",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if name == "warm-up":
            continue
        total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
        p50 = _wrk_seconds(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
        p99 = _wrk_seconds(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        sockets = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
        )
        errors = (int(bad.group(1)) if bad else 0) + (
            sum(int(n) for n in sockets.groups()) if sockets else 0
        )
        if errors:
            details = [ln.strip() for ln in out.splitlines() if "Non-2xx" in ln or "Socket" in ln]
            print(f"{name}: {'; '.join(details)}")
        client_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        results[name] = (
            rate,
            p50,
            p99,
            errors,
            (worker_cpu_seconds(server.pid) - workers_before) / total * 1e3,
            client_cpu / total * 1e3,
        )
    return results


async def wrk_with_normal_sync(seconds: float) -> dict[str, Result]:
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        server = start_server(port, data_dir, WIZARD_SQLITE_SYNCHRONOUS="normal")
        try:
            users = [await new_user(port) for _ in range(4 * CONCURRENCY)]
            tokens = {
                id(u): (await u.form_fields("/forms/anmeldung/einzug"))["csrf_token"] for u in users
            }
            return wrk_client(server, port, users, tokens, seconds, data_dir)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


def print_table(title: str, results: dict[str, Result]) -> None:
    print(title)
    print(
        f"{'case':26} {'req/s':>7} {'of trivial':>10} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'target':>18} {'CPU ms/req: server':>18} {'client':>6}"
    )
    base = results["trivial route (/livez)"][0]
    for name, (rate, p50, p99, errors, server_cpu, client_cpu) in results.items():
        print(
            f"{name:26} {rate:7.0f} {rate / base * 100:9.0f}% {p50 * 1e3:7.1f} "
            f"{p99 * 1e3:7.1f} {errors:6d} {TARGETS.get(name, 'baseline'):>18} "
            f"{server_cpu:18.2f} {client_cpu:6.2f}"
        )


async def main_async(seconds: float, clients: list[str]) -> None:
    port = free_port()
    tables = []
    with tempfile.TemporaryDirectory() as data_dir:
        server = start_server(port, data_dir)
        try:
            users = [await new_user(port) for _ in range(CONCURRENCY)]
            tokens = {
                id(u): (await u.form_fields("/forms/anmeldung/einzug"))["csrf_token"] for u in users
            }
            for client in clients:
                if client == "wrk":
                    # wrk sends each request as the next user in turn: with 4 users per
                    # connection, two requests of one user are (almost) never in flight
                    # together, which would be a real version conflict (409), not load.
                    more = [await new_user(port) for _ in range(3 * CONCURRENCY)]
                    for user in more:
                        fields = await user.form_fields("/forms/anmeldung/einzug")
                        tokens[id(user)] = fields["csrf_token"]
                    title = "load generator: wrk (C; 2 threads, 32 connections, 128 users in turn)"
                    results = wrk_client(server, port, users + more, tokens, seconds, data_dir)
                else:
                    title = (
                        "load generator: asyncio client in Python (32 users; it shares the 2 cores)"
                    )
                    results = await python_client(server, users, tokens, seconds)
                tables.append((title, results))
            # memory after 1,000 sessions
            sessions = CONCURRENCY
            while sessions < 1000:
                batch = min(CONCURRENCY, 1000 - sessions)
                more = await asyncio.gather(*(new_user(port) for _ in range(batch)))
                await asyncio.gather(*(step_post_for(u) for u in more))
                sessions += batch
            rss = worker_rss_mb(server.pid)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
    if "wrk" in clients:
        # The operator's alternative (docs/deploy.md): no fsync per save, safe against
        # crashes but not against power loss. Measured for comparison, not the default.
        tables.append(
            (
                "load generator: wrk, with WIZARD_SQLITE_SYNCHRONOUS=normal (not the default)",
                await wrk_with_normal_sync(seconds),
            )
        )

    print(
        f"gunicorn 2 sync workers, {CONCURRENCY} concurrent clients, {seconds:.0f} s per case, "
        "loopback, SQLite (WAL, synchronous=FULL unless said otherwise)"
    )
    for title, results in tables:
        print()
        print_table(title, results)
    print()
    print(
        f"p99 target: < 50 ms. Memory per worker after 1,000 sessions: "
        f"{', '.join(f'{r:.0f} MB' for r in rss)} (target <= 120 MB)"
    )


async def step_post_for(user: User) -> None:
    fields = await user.form_fields("/forms/anmeldung/einzug")
    await user.request(
        "POST", "/forms/anmeldung/einzug", {"csrf_token": fields["csrf_token"], **EINZUG}
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument(
        "--client",
        choices=["both", "wrk", "python"],
        default="both",
        help="load generator(s); wrk needs Debian's wrk package (skipped with a note if absent)",
    )
    args = parser.parse_args()
    chosen = ["wrk", "python"] if args.client == "both" else [args.client]
    if "wrk" in chosen and WRK is None:
        print("wrk is not installed (apt-get install wrk): measuring with the Python client only")
        chosen = ["python"]
    asyncio.run(main_async(args.seconds, chosen))
