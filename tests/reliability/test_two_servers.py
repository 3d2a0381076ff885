"""Several servers, one PostgreSQL database: a session moves freely between them.

Two gunicorn processes (the project's gunicorn.conf.py, two workers each) on
different loopback ports share one PostgreSQL schema and one WIZARD_SECRET_KEY,
but not their data folders. They start at the same moment on an empty schema,
so four workers race to create it (schema_meta under an advisory lock). A
browser then fills the whole Anmeldung loading every page from one server and
sending it to the other (cookie, CSRF token and draft carried over), saves a
resume code on one and resumes on the other, and downloads the PDFs from
both. Their logs must hold neither answers nor the resume code.

A third app with a *different* secret key shows why the key must be the same
on every host: the draft cookie still opens the draft there, but CSRF tokens
and resume codes of the others are refused.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from form_walker import pages
from rel_support import (
    CHEAP_KDF,
    SECRET_KEY,
    Browser,
    Gunicorn,
    answer_needles,
    app_config,
    hidden_fields,
)

from wizard import engine
from wizard.formdef.loader import load_form
from wizard.store import open_store
from wizard.store.schema import head_version
from wizard.web.app import create_app

pytestmark = pytest.mark.postgres

FORM_FILE = "forms/anmeldung.yaml"


def _start_pair(tmp_path, pg_url: str) -> tuple[Gunicorn, Gunicorn]:
    servers = []
    for name in ("a", "b"):
        env = {
            "DATABASE_URL": pg_url,
            "WIZARD_SECRET_KEY": SECRET_KEY,
            "WIZARD_DATA_DIR": str(tmp_path / f"data-{name}"),
        }
        # b is started the way docs/deploy.md says (trusting the proxy's X-Forwarded-For)
        app = "app:app" if name == "a" else 'wizard.web.app:create_app({"TRUST_PROXY": True})'
        servers.append(Gunicorn(env=env, log=tmp_path / f"{name}.log", workers=2, app=app))
    for server in servers:
        server.start()  # both at once: their four workers migrate the empty schema together
    return servers[0], servers[1]


@pytest.mark.time_budget(120)
def test_a_session_continues_on_the_other_server(tmp_path, pg_url, answers_file) -> None:
    from rel_support import ROOT

    form = load_form(ROOT / FORM_FILE)
    a, b = _start_pair(tmp_path, pg_url)
    try:
        a.wait_ready()
        b.wait_ready()
        engine_ = sa.create_engine(pg_url)
        with engine_.connect() as conn:
            meta = conn.exec_driver_sql("SELECT name, version FROM schema_meta").all()
        engine_.dispose()
        assert meta == [("wizard.store", head_version())], "migrated exactly once"

        phone = Browser(a.port)
        phone.get("/?lang=de")
        token = phone.hidden("/forms/anmeldung")["csrf_token"]
        started = phone.post("/forms/anmeldung/start", {"csrf_token": token}, port=b.port)
        assert started.status == 302 and "wz-anmeldung" in phone.cookies
        ports = [a.port, b.port]
        for i, page in enumerate(pages(form, answers_file)):
            sent = phone.post_page(
                page.url, page.data, get_port=ports[i % 2], port=ports[(i + 1) % 2]
            )
            assert sent.status == 302, (page.url, sent.status, sent.text[:2000])
        for port in ports:
            check = phone.get("/forms/anmeldung/check", port=port)
            assert check.status == 200 and "Gaziantep" in check.text

        saved = phone.post_page("/forms/anmeldung/save", {}, get_port=a.port, port=b.port)
        code = re.search(r"<strong>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</strong>", saved.text)
        assert code, saved.text[:2000]
        code = code.group(1)

        laptop = Browser(b.port)
        assert laptop.get(f"/r/{code.replace('-', '')}").status == 200  # the QR link, on b
        fields = hidden_fields(laptop.get("/resume", port=b.port).text)
        resumed = laptop.post("/resume", {**fields, "code": code}, port=a.port)
        assert resumed.status == 302 and resumed.header("Location").endswith(
            "/forms/anmeldung/check"
        )
        assert "Lina" in laptop.get("/forms/anmeldung/check", port=b.port).text
        # Resuming revoked the phone's cookie, on every server.
        for port in ports:
            stale = phone.get("/forms/anmeldung/check", port=port)
            assert stale.status == 404 and 'href="/resume"' in stale.text

        finished = laptop.post_page("/forms/anmeldung/check", {}, get_port=b.port, port=a.port)
        assert finished.status == 302 and finished.header("Location").endswith("/done")
        done = laptop.get("/forms/anmeldung/done", port=b.port)
        assert done.status == 200
        summary = laptop.get("/forms/anmeldung/summary.pdf", port=a.port)
        assert summary.status == 200 and summary.body.startswith(b"%PDF")
        links = sorted(set(re.findall(r'href="(/forms/anmeldung/pdf/[^"]+\.pdf)"', done.text)))
        assert links
        for i, link in enumerate(links):
            official = laptop.get(link, port=ports[i % 2])
            assert official.status == 200 and official.body.startswith(b"%PDF"), link

        store = open_store(pg_url, server_secret=SECRET_KEY.encode(), resume_kdf=CHEAP_KDF)
        try:
            draft = store.open(laptop.cookies["wz-anmeldung"])
        finally:
            store.close()
        assert draft.finished_at is not None
        assert engine.effective_answers(form, draft.answers) == engine.effective_answers(
            form, answers_file
        )
    finally:
        a.stop()
        b.stop()

    logs = (tmp_path / "a.log").read_text(errors="replace") + (tmp_path / "b.log").read_text(
        errors="replace"
    )
    assert '"GET /forms/anmeldung/check" 200' in logs  # the access log is written
    assert code not in logs and code.replace("-", "") not in logs
    for needle in answer_needles(answers_file):
        if needle.binary_safe and not needle.text.startswith('"'):
            assert needle.text not in logs, f"answer in the server log: {needle.origin}"


def test_hosts_need_the_same_secret_key(tmp_path, pg_url) -> None:
    """With another key, a host opens the draft (the cookie holds its key) but refuses
    the others' CSRF tokens (form posts fail) and resume codes (selector HMAC)."""
    host_a = create_app(app_config(tmp_path / "a", DATABASE_URL=pg_url))
    host_b = create_app(app_config(tmp_path / "b", DATABASE_URL=pg_url))
    other = create_app(
        app_config(
            tmp_path / "c", DATABASE_URL=pg_url, SECRET_KEY="another-secret-0123456789abcdef"
        )
    )
    try:
        on_a, on_b, on_other = host_a.test_client(), host_b.test_client(), other.test_client()
        page = on_a.get("/forms/anmeldung").get_data(as_text=True)
        token = hidden_fields(page)["csrf_token"]
        assert on_a.post("/forms/anmeldung/start", data={"csrf_token": token}).status_code == 302
        saved = on_a.post(
            "/forms/anmeldung/save",
            data={
                "csrf_token": hidden_fields(on_a.get("/forms/anmeldung/save").text)["csrf_token"]
            },
        ).get_data(as_text=True)
        code = re.search(r"<strong>([0-9A-Z-]{14})</strong>", saved).group(1)
        for target in (on_b, on_other):
            for cookie in on_a._cookies.values():
                target.set_cookie(cookie.key, cookie.value)
        form_page = "/forms/anmeldung/einzug"
        token = hidden_fields(on_a.get(form_page).get_data(as_text=True))["csrf_token"]
        # b accepts a's token (page shown again: nothing answered yet, no error for unseen fields)
        assert on_b.post(form_page, data={"csrf_token": token}).status_code == 200
        assert on_other.get(form_page).status_code == 200  # the draft opens everywhere
        assert on_other.post(form_page, data={"csrf_token": token}).status_code == 400  # CSRF
        fresh_b, fresh_other = host_b.test_client(), other.test_client()
        for client, expected in ((fresh_other, 422), (fresh_b, 302)):
            token = hidden_fields(client.get("/resume").get_data(as_text=True))["csrf_token"]
            assert (
                client.post("/resume", data={"csrf_token": token, "code": code}).status_code
                == expected
            )
    finally:
        for app in (host_a, host_b, other):
            app.extensions["wizard.store"].close()
