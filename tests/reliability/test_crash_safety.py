"""A worker killed mid-load loses nothing that was acknowledged.

gunicorn (two workers, the project's config, SQLite in a temporary folder)
serves simulated users who keep submitting a step page and an item page, each
time with a new, numbered value. Twice during the load one worker is killed
with SIGKILL (no cleanup, possibly in the middle of a transaction or a
commit); the master starts a replacement. Afterwards, for every user, the
value shown on the page and the value in the store (opened with the user's
cookie) must be the last one acknowledged with a 302 — or a later one whose
answer got lost with the killed worker (saved, but the client never heard).
Never an older one, and never a value that was not sent. The SQLite file must
pass ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html import unescape

import pytest
from rel_support import ROOT, SECRET_KEY, Gunicorn
from web_helpers import ANMELDUNG_STEPS, PERSON_PAGES

from wizard.store import open_store
from wizard.store.database import SQLITE_FILENAME

sys.path.insert(0, str(ROOT / "bench"))
from loadclient import User  # noqa: E402

USERS = 12
LOAD_SECONDS = 5.0
KILLS_AT = (0.3, 0.65)  # fractions of the load phase
REQUEST_TIMEOUT = 10.0

PAGES = {
    "step": ("/forms/anmeldung/einzug", "neue_strasse", ANMELDUNG_STEPS["einzug"]),
    "item": ("/forms/anmeldung/personen/1/namen", "familienname", PERSON_PAGES["namen"]),
}


@dataclass
class Ledger:
    acked: dict[str, int] = field(default_factory=lambda: {k: 0 for k in PAGES})
    sent: dict[str, set[int]] = field(default_factory=lambda: {k: set() for k in PAGES})


def value_for(kind: str, user: int, seq: int) -> str:
    return f"Crash{kind.title()} {user}-{seq}"


def seq_of(kind: str, user: int, value: str | None) -> int | None:
    match = re.fullmatch(rf"Crash{kind.title()} {user}-(\d+)", value or "")
    return int(match.group(1)) if match else None


async def _request(user: User, method: str, path: str, form: dict | None = None):
    """The response, or None when the connection died with the worker."""
    try:
        return await asyncio.wait_for(user.request(method, path, form), REQUEST_TIMEOUT)
    except (OSError, IndexError, ValueError, asyncio.IncompleteReadError, TimeoutError):
        return None


async def _new_user(port: int) -> tuple[User, str]:
    user = User("127.0.0.1", port)
    await user.request("GET", "/?lang=de")
    fields = await user.form_fields("/forms/anmeldung")
    started = await user.request(
        "POST", "/forms/anmeldung/start", {"csrf_token": fields["csrf_token"]}
    )
    assert started.status == 302, started.status
    return user, fields["csrf_token"]


async def _load(server: Gunicorn) -> dict:
    users = [await _new_user(server.port) for _ in range(USERS)]
    ledgers = [Ledger() for _ in users]
    statuses: Counter[int | str] = Counter()
    acks_at_kill: list[int] = []
    killed: list[int] = []
    stop = time.monotonic() + LOAD_SECONDS

    async def one_user(index: int, user: User, token: str) -> None:
        ledger, seq = ledgers[index], 0
        while time.monotonic() < stop:
            seq += 1
            kind = "step" if seq % 2 else "item"
            path, name, data = PAGES[kind]
            ledger.sent[kind].add(seq)
            body = {**data, name: value_for(kind, index, seq), "csrf_token": token}
            response = await _request(user, "POST", path, body)
            if response is None:
                statuses["connection lost"] += 1
                continue
            statuses[response.status] += 1
            if response.status == 302:
                ledger.acked[kind] = seq

    async def killer() -> None:
        start = time.monotonic()
        for fraction in KILLS_AT:
            await asyncio.sleep(max(0.0, start + fraction * LOAD_SECONDS - time.monotonic()))
            workers = server.worker_pids()
            assert workers, "no worker to kill"
            acks_at_kill.append(statuses[302])
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])

    await asyncio.gather(killer(), *(one_user(i, u, t) for i, (u, t) in enumerate(users)))

    shown: list[dict[str, str | None]] = []
    for _index, (user, _token) in enumerate(users):
        page = {}
        for kind, (path, name, _data) in PAGES.items():
            response = await _request(user, "GET", path)
            assert response is not None and response.status == 200, (path, response)
            match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', response.text)
            if match is None:
                match = re.search(rf'value="([^"]*)"[^>]*name="{name}"', response.text)
            page[kind] = unescape(match.group(1)) if match else None
        shown.append(page)
    return {
        "cookies": [u.cookies["wz-anmeldung"] for u, _t in users],
        "ledgers": ledgers,
        "statuses": statuses,
        "acks_at_kill": acks_at_kill,
        "killed": killed,
        "shown": shown,
    }


@pytest.mark.time_budget(30)
def test_no_acknowledged_step_is_lost_when_a_worker_is_killed(tmp_path) -> None:
    data_dir = tmp_path / "data"
    env = {"WIZARD_DATA_DIR": str(data_dir), "WIZARD_SECRET_KEY": SECRET_KEY}
    with Gunicorn(env=env, log=tmp_path / "gunicorn.log", workers=2) as server:
        result = _run_in_own_thread(_load(server))
        assert not set(result["killed"]) & set(server.worker_pids()), "killed workers replaced"
        assert len(server.worker_pids()) == 2

    statuses = result["statuses"]
    print(f"\nresponses: {dict(statuses)}; killed workers {result['killed']}")
    assert not [s for s in statuses if isinstance(s, int) and s >= 500], statuses
    assert set(statuses) <= {302, "connection lost"}, statuses
    assert statuses[302] > result["acks_at_kill"][-1], "load went on after the last kill"
    assert result["acks_at_kill"][0] > 0, "the first kill came under load"

    store = open_store(None, data_dir=data_dir, server_secret=SECRET_KEY.encode())
    try:
        for index, (cookie, ledger, shown) in enumerate(
            zip(result["cookies"], result["ledgers"], result["shown"], strict=True)
        ):
            answers = store.open(cookie).answers
            stored = {
                "step": answers.get("neue_strasse"),
                "item": (answers.get("personen") or [{}])[0].get("familienname"),
            }
            for kind in PAGES:
                acked = ledger.acked[kind]
                assert acked > 0, f"user {index} never got a {kind} acknowledged"
                seq = seq_of(kind, index, stored[kind])
                assert seq is not None and seq in ledger.sent[kind], (index, kind, stored[kind])
                assert seq >= acked, f"user {index}: acknowledged {kind} #{acked} lost (has #{seq})"
                assert shown[kind] == stored[kind], (index, kind, shown[kind], stored[kind])
    finally:
        store.close()
    conn = sqlite3.connect(data_dir / SQLITE_FILENAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def _run_in_own_thread(coroutine):
    """asyncio.run in a fresh thread: the browser tests' Playwright keeps an event
    loop running in the main thread for the whole session."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
