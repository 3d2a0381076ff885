"""Driving advisor mode through Flask's test client."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

from web_helpers import csrf, post_page, start

from wizard.store import Argon2Params, ScryptParams
from wizard.web.app import create_app

PASSWORD = "richtig-langes-passwort"
CHEAP_ARGON2 = Argon2Params(time_cost=1, memory_cost=1024, parallelism=1)
_TESTS = Path(__file__).resolve().parents[1]


class Clock:
    """The advisors' clock, moved by tests instead of waiting."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def anmeldung_only(tmp_path: Path) -> Path:
    """A forms folder with just the Anmeldung (linked): these tests drive that form only,
    and other forms being written meanwhile must not break them."""
    forms = tmp_path / "forms"
    forms.mkdir(exist_ok=True)
    for name in ("anmeldung.yaml", "fragments"):
        if not (forms / name).exists():
            (forms / name).symlink_to(_TESTS.parent / "forms" / name)
    return forms


def make_app(tmp_path, **config):  # type: ignore[no-untyped-def]
    return create_app(
        {
            "TESTING": True,
            "FORMS_DIR": str(anmeldung_only(tmp_path)),
            "WIZARD_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test-secret-key-0123456789abcdef",
            "RESUME_KDF": ScryptParams(n=2**10, r=8, p=1),
            "ADVISOR_ARGON2": CHEAP_ARGON2,
            **config,
        }
    )


def login(browser, email: str = "berater@kim.example", password: str = PASSWORD):
    page = browser.get("/advisor/login")
    return browser.post(
        "/advisor/login",
        data={
            "csrf_token": csrf(page.get_data(as_text=True)),
            "email": email,
            "password": password,
        },
    )


def post_form(browser, url: str, data: dict, page_url: str | None = None):
    """POST ``data`` to ``url`` with the CSRF token of ``page_url`` (default: ``url``)."""
    page = browser.get(page_url or url)
    return browser.post(url, data={"csrf_token": csrf(page.get_data(as_text=True)), **data})


def client_code(client) -> str:
    """Start an Anmeldung in the client's browser, answer the first step, get a resume code."""
    client.get("/?lang=ar")
    assert start(client).status_code == 302
    response = post_page(
        client,
        "/forms/anmeldung/einzug",
        {
            "einzugsdatum-day": "1",
            "einzugsdatum-month": "11",
            "einzugsdatum-year": "2026",
            "neue_strasse": "Hauptstraße 5",
            "neue_zusatz": "",
            "neue_plz": "59227",
            "neue_ort": "Ahlen",
            "neue_ortsteil": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get("/forms/anmeldung/save").get_data(as_text=True)
    saved = client.post("/forms/anmeldung/save", data={"csrf_token": csrf(page)})
    match = re.search(
        r'class="resume-code"[^>]*><strong>([0-9A-Z-]+)</strong>', saved.get_data(as_text=True)
    )
    assert match, "no resume code on the save page"
    return match.group(1)


def open_with_code(desk, code: str):
    """The advisor types the client's code; returns the response (302 to the case)."""
    return post_form(desk, "/advisor/open", {"code": code, "consent": "yes"})


def case_id_of(response) -> str:
    location = response.headers["Location"]
    match = re.search(r"/advisor/cases/([A-Za-z0-9_-]{22})$", location)
    assert match, location
    return match.group(1)


def text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def complete_as_advisor(desk, case_id: str) -> None:
    """Answer the remaining pages of the Anmeldung in advisor mode (one person)."""
    from web_helpers import ANMELDUNG_STEPS, PERSON_PAGES, post_page

    base = f"/advisor/cases/{case_id}/steps"
    for step in ("wohnungsstatus", "herkunft"):
        response = post_page(desk, f"{base}/{step}", ANMELDUNG_STEPS[step])
        assert response.status_code == 302, (step, response.get_data(as_text=True)[:3000])
    for page, data in PERSON_PAGES.items():
        response = post_page(desk, f"{base}/personen/1/{page}", data)
        assert response.status_code == 302, (page, response.get_data(as_text=True)[:3000])
    response = post_page(desk, f"{base}/personen", {"action": "continue"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    response = post_page(desk, f"{base}/vermieter", ANMELDUNG_STEPS["vermieter"])
    assert response.status_code == 302
    assert response.headers["Location"] == f"/advisor/cases/{case_id}/answers"


def database_dump(app) -> bytes:
    """What a database thief gets: raw SQLite files, or every PostgreSQL row as text."""
    import sqlalchemy as sa

    from wizard.store.database import SQLITE_FILENAME
    from wizard.store.schema import table_names

    engine = app.extensions["wizard.store"].engine
    if engine.dialect.name == "sqlite":
        from pathlib import Path

        path = Path(engine.url.database)
        assert path.name == SQLITE_FILENAME
        return b"".join(
            p.read_bytes() for p in path.parent.glob(SQLITE_FILENAME + "*") if p.is_file()
        )
    parts = []
    with engine.connect() as conn:
        for table in table_names():
            quoted = conn.dialect.identifier_preparer.quote(table)
            parts.extend(conn.execute(sa.text(f"SELECT t::text FROM {quoted} t")).scalars())
    return "\n".join(parts).encode("utf-8", "surrogateescape")
