"""Shared helpers of the reliability tests: database dumps, leak needles, gunicorn, HTTP.

A module (not conftest) so tests and ``bench/bench_load.py`` can import it.
Only loopback addresses are ever contacted; every gunicorn started here runs in
its own process group and is killed with it.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
import yaml

from wizard.store import ScryptParams

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
ANSWERS_FILE = ROOT / "tests" / "data" / "anmeldung.answers.yaml"
FUZZ_FORMS = ROOT / "tests" / "data" / "fuzzforms"
SECRET_KEY = "reliability-secret-0123456789abcdef"
LOOPBACK = "127.0.0.1"
CHEAP_KDF = ScryptParams(n=2**10, r=8, p=1)  # resume codes in in-process tests

# Environment variables of the app that a test must never inherit from the caller's shell.
APP_ENV = (
    "DATABASE_URL",
    "WIZARD_SECRET_KEY",
    "WIZARD_DATA_DIR",
    "WIZARD_FORMS_DIR",
    "WIZARD_PROFILE",
    "WIZARD_SECURE_COOKIES",
    "WEB_CONCURRENCY",
    "WIZARD_THREADS",
    "FORWARDED_ALLOW_IPS",
    "HOST",
    "PORT",
)


def load_answers() -> dict[str, Any]:
    return yaml.safe_load(ANSWERS_FILE.read_text(encoding="utf-8"))


def app_config(data_dir: Path, **extra: Any) -> dict[str, Any]:
    """Configuration of an in-process test app (TESTING: exceptions reach the test)."""
    return {
        "TESTING": True,
        "WIZARD_DATA_DIR": str(data_dir),
        "SECRET_KEY": SECRET_KEY,
        "RESUME_KDF": CHEAP_KDF,
        **extra,
    }


def draw_fuzz_template(path: Path) -> Path:
    """The fuzz form's PDF: one text field per answer (reportlab AcroForm)."""
    from reportlab.lib.colors import black, white
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    common = {"borderColor": black, "fillColor": white, "textColor": black, "borderWidth": 1}
    names = [
        "text", "latin", "date", "integer", "money", "choice", "select",
        "multichoice", "email", "phone", "postcode", "iban", "steuer_id", "country", "countries",
        "p1_name", "p2_name",
    ]  # fmt: skip
    y = 800
    for name in names:
        pdf.drawString(40, y + 6, name)
        pdf.acroForm.textfield(name=name, x=140, y=y, width=400, height=20, maxlen=None, **common)
        y -= 26
    for name, height in (("longtext", 90), ("p1_notiz", 60), ("p2_notiz", 60)):
        y -= height - 20
        pdf.drawString(40, y + height - 14, name)
        pdf.acroForm.textfield(
            name=name, x=140, y=y, width=400, height=height, maxlen=None,
            fieldFlags="multiline", **common,
        )  # fmt: skip
        y -= 26
    pdf.acroForm.checkbox(name="yesno", x=140, y=y, size=16, **common)
    pdf.showPage()
    pdf.save()
    return path


# --------------------------------------------------------------------------- dumps


def sqlite_dump(path: Path) -> str:
    """Raw bytes of the database, WAL, shared-memory and journal files, plus ``iterdump``."""
    parts: list[str] = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            parts.append(candidate.read_bytes().decode("utf-8", "surrogateescape"))
    conn = sqlite3.connect(path)
    try:
        parts.extend(conn.iterdump())
    finally:
        conn.close()
    return "\n".join(parts)


def sqlite_text_dump(path: Path) -> str:
    """Only ``iterdump`` (text, blobs as hex): where short needles cannot match by chance."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def postgres_dump(url: str) -> str:
    """Every column of every table in the URL's schema cast to text, and every row as text."""
    engine = sa.create_engine(url)
    parts: list[str] = []
    try:
        with engine.connect() as conn:
            tables = conn.execute(
                sa.text(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema()"
                )
            ).scalars()
            quote = conn.dialect.identifier_preparer.quote
            for table in list(tables):
                columns = conn.execute(
                    sa.text(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_schema = current_schema() AND table_name = :t"
                    ),
                    {"t": table},
                ).scalars()
                for column in list(columns):
                    values = conn.execute(
                        sa.text(f"SELECT {quote(column)}::text FROM {quote(table)}")
                    ).scalars()
                    parts.extend(v for v in values if v is not None)
                parts.extend(
                    conn.execute(sa.text(f"SELECT t::text FROM {quote(table)} t")).scalars()
                )
    finally:
        engine.dispose()
    return "\n".join(parts)


def table_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            return {
                n: conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names
            }
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- needles


@dataclass(frozen=True)
class Needle:
    """One way an answer could show up in a dump, and which dumps it is searched in."""

    text: str
    origin: str  # e.g. "personen[0].familienname"
    binary_safe: bool  # long enough not to occur by chance in random ciphertext bytes


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from leaves(item, f"{path}[{i}]")
    else:
        yield path, value


def keys(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(str(key))
            found |= keys(item)
    elif isinstance(value, list):
        for item in value:
            found |= keys(item)
    return found


def _encodings(text: str) -> list[str]:
    raw = text.encode("utf-8")
    return [
        text,
        raw.hex(),  # PostgreSQL bytea as text
        raw.hex().upper(),  # SQLite iterdump blobs
        base64.b64encode(raw).decode(),
        json.dumps(text)[1:-1],  # JSON with \\u escapes
        json.dumps(text, ensure_ascii=False)[1:-1],
    ]


def answer_needles(
    answers: dict[str, Any], *, metadata_dates: Iterable[dt.date] = ()
) -> list[Needle]:
    """Every answer value (and every answer key) in every form a dump could show it.

    Values of 4 or more characters are searched as they are, in hex, base64 and
    JSON-escaped. Shorter ones (codes like ``SY``, ``W``, booleans) would match
    by chance inside ciphertext or SQL text, so they are searched the way a
    leaked payload would contain them: as the JSON pair ``"key": value`` (in
    every dump) and as the JSON string ``"SY"`` (in text dumps, where blobs are
    hex and cannot produce a double quote). Dates are also searched as
    DD.MM.YYYY; a date that equals a metadata date of the dump (created/expires,
    stored in clear by design) is only searched as a JSON pair.
    """
    skip_dates = {d.isoformat() for d in metadata_dates}
    needles: list[Needle] = []
    for path, value in leaves(answers):
        key = re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]
        for pair in (
            json.dumps({key: value})[1:-1],
            json.dumps({key: value}, separators=(",", ":"))[1:-1],
        ):
            needles.append(Needle(pair, path, True))
        if isinstance(value, bool) or value is None:
            continue
        text = str(value)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            if text in skip_dates:
                continue
            day = dt.date.fromisoformat(text)
            needles += [Needle(e, path, True) for e in _encodings(day.strftime("%d.%m.%Y"))]
        if len(text) >= 4:
            needles += [Needle(e, path, True) for e in _encodings(text)]
        else:
            needles.append(Needle(json.dumps(text), path, False))
    for key in keys(answers):
        if len(key) >= 4:
            needles.append(Needle(f'"{key}"', f"key {key}", True))
    return needles


def find_leaks(needles: list[Needle], *, binary_dump: str, text_dump: str) -> list[str]:
    leaks = []
    for needle in needles:
        haystacks = [binary_dump, text_dump] if needle.binary_safe else [text_dump]
        if any(needle.text in h for h in haystacks):
            leaks.append(f"{needle.origin}: {needle.text[:40]!r}")
    return leaks


# --------------------------------------------------------------------------- gunicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def app_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in APP_ENV}
    env.update(values)
    return env


class Gunicorn:
    """One gunicorn (the project's gunicorn.conf.py) on a loopback port, in its own process group."""

    def __init__(
        self,
        *,
        env: dict[str, str],
        log: Path,
        workers: int = 2,
        port: int | None = None,
        app: str = "app:app",
    ) -> None:
        self.app = app
        self.port = port or free_port()
        self.log = log
        self.workers = workers
        self.env = app_env(**env, HOST=LOOPBACK, PORT=str(self.port))
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Gunicorn:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [
                    str(GUNICORN),
                    "-c",
                    "gunicorn.conf.py",
                    "--workers",
                    str(self.workers),
                    "--bind",
                    f"{LOOPBACK}:{self.port}",
                    self.app,
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: killed as a whole
            )
        return self

    def wait_ready(self, timeout: float = 20.0) -> None:
        """Until /livez answers from every worker's point of view (bounded)."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited: {self.log.read_text(errors='replace')[-3000:]}"
                )
            try:
                conn = http.client.HTTPConnection(LOOPBACK, self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200 and len(self.worker_pids()) == self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn on port {self.port} did not become ready")

    def worker_pids(self) -> list[int]:
        assert self.proc is not None
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass

    def __enter__(self) -> Gunicorn:
        self.start()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- HTTP


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


@dataclass
class Browser:
    """A browser for real servers: cookies shared by every loopback port (as browsers do)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, Any] | None = None,
        *,
        body: bytes | None = None,
        port: int | None = None,
    ) -> Reply:
        headers = {"Host": f"{LOOPBACK}:{port or self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            body = urlencode(data, doseq=True).encode()
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(LOOPBACK, port or self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            reply = Reply(response.status, response.getheaders(), response.read())
        finally:
            conn.close()
        for name, value in reply.headers:
            if name.lower() != "set-cookie":
                continue
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            expired = "max-age=0" in value.lower() or "expires=thu, 01 jan 1970" in value.lower()
            if val and not expired:
                self.cookies[key.strip()] = val.strip()
            else:
                self.cookies.pop(key.strip(), None)
        return reply

    def get(self, path: str, **kw: Any) -> Reply:
        return self.request("GET", path, **kw)

    def post(self, path: str, data: dict[str, Any], **kw: Any) -> Reply:
        return self.request("POST", path, data, **kw)

    def hidden(self, path: str, **kw: Any) -> dict[str, str]:
        page = self.get(path, **kw)
        assert page.status == 200, (path, page.status)
        return hidden_fields(page.text)

    def post_page(
        self,
        path: str,
        data: dict[str, Any],
        *,
        get_port: int | None = None,
        port: int | None = None,
    ) -> Reply:
        """GET the page (maybe from one server), POST it with its hidden fields (maybe to another)."""
        fields = self.hidden(path, port=get_port or port)
        return self.post(path, {**fields, **data}, port=port)


def hidden_fields(html: str) -> dict[str, str]:
    return {
        name: unescape(value)
        for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', html)
    }
