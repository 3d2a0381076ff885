"""The security baseline: headers, cookies, CSRF, sizes, errors, logs and URLs."""

from __future__ import annotations

import logging
import re

import pytest
from web_helpers import ANMELDUNG_STEPS, complete_anmeldung, csrf, post_page, start

from wizard.web.gunicorn_logging import redact


def test_strict_headers_on_every_page(client) -> None:
    for path in ("/", "/forms/anmeldung", "/resume", "/nope", "/healthz"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        )
        assert "default-src 'none'" in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-store"


def test_no_inline_script_or_style_and_no_third_party_hosts(client) -> None:
    client.get("/?lang=de")
    complete_anmeldung(client)
    for path in (
        "/",
        "/forms/anmeldung/einzug",
        "/forms/anmeldung/personen",
        "/forms/anmeldung/check",
    ):
        html = client.get(path).get_data(as_text=True)
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, path
        assert "style=" not in html and "<style" not in html, path
        assert re.search(r"<[^>]*\son[a-z]+\s*=", html) is None, path  # no inline handlers
        for url in re.findall(r'(?:src|href|action)="([^"]+)"', html):
            assert not url.startswith(("http://", "https://", "//")), (path, url)


def test_draft_cookie_flags(client) -> None:
    client.get("/?lang=de")
    response = start(client)
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("wz-anmeldung=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie


def test_secure_cookie_behind_tls(client) -> None:
    page = client.get("/forms/anmeldung", base_url="https://localhost")
    response = client.post(
        "/forms/anmeldung/start",
        data={"csrf_token": csrf(page.get_data(as_text=True))},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/forms/anmeldung"},
    )
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("wz-anmeldung=")][0]
    assert "Secure" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_forms_work_over_https_without_a_referer(client) -> None:
    """Our no-referrer policy means browsers send no Referer; POSTs over TLS must still work."""
    page = client.get("/forms/anmeldung", base_url="https://localhost")
    response = client.post(
        "/forms/anmeldung/start",
        data={"csrf_token": csrf(page.get_data(as_text=True))},
        base_url="https://localhost",
    )
    assert response.status_code == 302


def test_post_without_csrf_token_gets_a_friendly_retry(client) -> None:
    client.get("/?lang=de")
    start(client)
    response = client.post("/forms/anmeldung/einzug", data={"neue_ort": "Ahlen"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Traceback" not in html
    assert "einzug" not in response.headers.get("Location", "")
    response = client.post(
        "/forms/anmeldung/einzug", data={"csrf_token": "garbage", "neue_ort": "x"}
    )
    assert response.status_code == 400 and "<h1>" in response.get_data(as_text=True)


def test_oversized_body_gets_a_friendly_413(client, app) -> None:
    client.get("/?lang=de")
    start(client)
    page = client.get("/forms/anmeldung/einzug").get_data(as_text=True)
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post(
        "/forms/anmeldung/einzug", data={"csrf_token": csrf(page), "neue_ort": big}
    )
    assert response.status_code == 413
    assert "<h1>" in response.get_data(as_text=True)


def test_unknown_form_and_step_are_friendly_404s(client) -> None:
    client.get("/?lang=de")
    for path in (
        "/forms/nope",
        "/forms/nope/einzug",
        "/forms/anmeldung/nope",
        "/forms/anmeldung/personen/9/namen",
    ):
        if path.startswith("/forms/anmeldung/"):
            start(client)
        response = client.get(path)
        assert response.status_code == 404, path
        html = response.get_data(as_text=True)
        assert "<h1>" in html and "Traceback" not in html


def test_no_draft_gets_a_friendly_page(client) -> None:
    response = client.get("/forms/anmeldung/einzug")
    assert response.status_code == 404
    assert 'href="/resume"' in response.get_data(as_text=True)


def test_healthz(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.data.startswith(b"ok")


def test_answers_never_in_urls_or_logs(client, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    client.get("/?lang=de")
    complete_anmeldung(client)
    urls = []
    for path in ("/forms/anmeldung/check", "/forms/anmeldung/done", "/forms/anmeldung/personen"):
        urls += re.findall(r'(?:href|action)="([^"]+)"', client.get(path).get_data(as_text=True))
    secrets = ["Haddad", "Amira", "Aleppo", "N0123456", "Hauptstraße", "59227"]
    for url in urls:
        for secret in secrets:
            assert secret not in url
    for record in caplog.records:
        for secret in secrets:
            assert secret not in record.getMessage()


def test_resume_codes_are_redacted_in_access_logs() -> None:
    assert redact("GET /r/K7QM4XRT9HPW HTTP/1.1") == "GET /r/… HTTP/1.1"
    assert redact("/r/abc?x=1") == "/r/…?x=1"


def test_static_files_are_cache_busted_and_long_lived(client) -> None:
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{12})"', html)
    js = re.search(r'src="(/static/app\.js\?v=[0-9a-f]{12})"', html)
    assert css and js
    response = client.get(css.group(1))
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_every_page_is_at_most_50_kb(client) -> None:
    static = len(client.get("/static/app.css").data) + len(client.get("/static/app.js").data)
    client.get("/?lang=ar")
    complete_anmeldung(client)
    # the heaviest page: three nationality lists in Arabic
    post_page(
        client,
        "/forms/anmeldung/personen/1/staat_religion",
        {"staatsangehoerigkeiten": ["SY", "TR"], "add_country": "staatsangehoerigkeiten"},
    )
    for path in (
        "/",
        "/forms/anmeldung",
        "/forms/anmeldung/einzug",
        "/forms/anmeldung/herkunft",
        "/forms/anmeldung/personen",
        "/forms/anmeldung/personen/1/geburt",
        "/forms/anmeldung/personen/1/staat_religion",
        "/forms/anmeldung/check",
        "/forms/anmeldung/done",
    ):
        size = len(client.get(path).data) + static
        assert size <= 50 * 1024, (path, size)


def test_resume_with_code_on_another_device(app) -> None:
    phone = app.test_client()
    phone.get("/?lang=ar")
    start(phone)
    post_page(phone, "/forms/anmeldung/einzug", ANMELDUNG_STEPS["einzug"])
    saved = post_page(phone, "/forms/anmeldung/save", {}).get_data(as_text=True)
    code = re.search(r'class="resume-code"[^>]*><strong>([0-9A-Z-]+)</strong>', saved).group(1)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    assert "<svg" in saved  # QR code drawn inline, no request to anyone
    laptop = app.test_client()
    page = laptop.get("/resume").get_data(as_text=True)
    response = laptop.post(
        "/resume", data={"csrf_token": csrf(page), "code": code.lower().replace("-", " ")}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/forms/anmeldung/wohnungsstatus")
    html = laptop.get("/forms/anmeldung/einzug").get_data(as_text=True)
    assert 'value="Ahlen"' in html


def test_wrong_resume_codes_are_rate_limited(client) -> None:
    page = client.get("/resume").get_data(as_text=True)
    token = csrf(page)
    statuses = [
        client.post(
            "/resume", data={"csrf_token": token, "code": f"AAAA-BBBB-CC{i:02d}"}
        ).status_code
        for i in range(12)
    ]
    assert statuses[0] == 422 and statuses[-1] == 429


def test_delete_my_answers(client, app) -> None:
    client.get("/?lang=de")
    start(client)
    post_page(client, "/forms/anmeldung/einzug", ANMELDUNG_STEPS["einzug"])
    response = post_page(client, "/forms/anmeldung/delete", {})
    assert response.status_code == 200
    assert any(h.startswith("wz-anmeldung=;") for h in response.headers.getlist("Set-Cookie"))
    store = app.extensions["wizard.store"]
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM drafts").scalar() == 0


def test_sqlite_durability_comes_from_the_environment(tmp_path, monkeypatch) -> None:
    from wizard.web.app import create_app

    monkeypatch.setenv("WIZARD_SQLITE_SYNCHRONOUS", "NORMAL")
    app = create_app({"TESTING": True, "WIZARD_DATA_DIR": str(tmp_path), "SECRET_KEY": "k" * 32})
    try:
        with app.extensions["wizard.store"].engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1
    finally:
        app.extensions["wizard.store"].close()
    monkeypatch.setenv("WIZARD_SQLITE_SYNCHRONOUS", "sometimes")
    with pytest.raises(ValueError, match="full, normal"):
        create_app({"TESTING": True, "WIZARD_DATA_DIR": str(tmp_path), "SECRET_KEY": "k" * 32})
