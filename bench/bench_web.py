"""Benchmark: step pages under load, against a trivial route of the same app.

Runs gunicorn (2 workers, the project's gunicorn.conf.py) on loopback and 32
concurrent simulated users, and measures, in the same run:
- a trivial route (/livez),
- step GET (load the encrypted draft, render the page),
- step POST (validate, encrypt, save, redirect).

Targets (issue "Phone-first web wizard"): step GET >= 40 % and step POST >= 25 %
of the trivial route's throughput; p99 < 50 ms at 32 concurrent clients;
memory per worker after 1,000 sessions <= 120 MB.

The last two columns split the machine's CPU time per request between the
gunicorn workers and this load client (both share the same cores).

Run: .venv/bin/python bench/bench_web.py [--seconds 8]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadclient import User, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
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


def start_server(port: int, data_dir: str) -> subprocess.Popen:
    env = {
        **os.environ,
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


async def main_async(seconds: float) -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        server = start_server(port, data_dir)
        try:
            users = [await new_user(port) for _ in range(CONCURRENCY)]
            tokens = {
                id(u): (await u.form_fields("/forms/anmeldung/einzug"))["csrf_token"] for u in users
            }

            async def trivial(user: User):
                return await user.request("GET", "/livez")

            async def step_get(user: User):
                return await user.request("GET", "/forms/anmeldung/einzug")

            async def step_post(user: User):
                return await user.request(
                    "POST", "/forms/anmeldung/einzug", {"csrf_token": tokens[id(user)], **EINZUG}
                )

            await run_phase(users, trivial, 1.0)  # warm-up
            results = {}
            cpu: dict[str, tuple[float, float]] = {}
            for name, fn in (
                ("trivial route (/livez)", trivial),
                ("step GET", step_get),
                ("step POST", step_post),
            ):
                workers_before, client_before = worker_cpu_seconds(server.pid), client_cpu_seconds()
                results[name] = await run_phase(users, fn, seconds)
                done = len(results[name][1])
                cpu[name] = (
                    (worker_cpu_seconds(server.pid) - workers_before) / done * 1e3,
                    (client_cpu_seconds() - client_before) / done * 1e3,
                )
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

    base = results["trivial route (/livez)"][0]
    print(
        f"gunicorn 2 workers, {CONCURRENCY} concurrent clients, {seconds:.0f} s per case, loopback"
    )
    print(
        f"{'case':26} {'req/s':>7} {'of trivial':>10} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'target':>18} {'CPU ms/req: server':>18} {'client':>6}"
    )
    targets = {"step GET": ">= 40 % of trivial", "step POST": ">= 25 % of trivial"}
    for name, (rate, lat, errors) in results.items():
        print(
            f"{name:26} {rate:7d} {rate / base * 100:9.0f}% {percentile(lat, 0.5) * 1e3:7.1f} "
            f"{percentile(lat, 0.99) * 1e3:7.1f} {errors:6d} {targets.get(name, 'baseline'):>18} "
            f"{cpu[name][0]:18.2f} {cpu[name][1]:6.2f}"
        )
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
    asyncio.run(main_async(parser.parse_args().seconds))
