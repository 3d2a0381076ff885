"""Unknown forms, steps, items, outputs and codes get friendly pages; guessing is limited.

Extends tests/web/test_security.py with what it does not cover: POSTs to
unknown places, every draft page without a draft, unknown PDFs and items,
405, the resume form's messages, the exact resume rate limit (shared by all
app servers on one database), an unexpected error in production mode, and
the bugs found while fuzzing (each fixed; the tests keep them fixed).
"""

from __future__ import annotations

import logging
import re
import time

import pytest
from form_walker import pages
from rel_support import app_config, hidden_fields, load_answers
from web_helpers import ANMELDUNG_STEPS, complete_form, post_page, start

from wizard.web.app import create_app
from wizard.web.config import DEFAULTS


@pytest.fixture
def app(tmp_path):
    app = create_app(app_config(tmp_path / "data"))
    yield app
    app.extensions["wizard.store"].close()


@pytest.fixture
def client(app):
    client = app.test_client()
    client.get("/?lang=de")
    return client


def _friendly(response, status: int, *, resume_link: bool = False) -> str:
    assert response.status_code == status, (response.status_code, response.request.path)
    html = response.get_data(as_text=True)
    assert "<h1>" in html and "Traceback" not in html
    if resume_link:
        assert 'href="/resume"' in html
    return html


def _token(client, path: str = "/resume") -> str:
    return hidden_fields(client.get(path).get_data(as_text=True))["csrf_token"]


def _clear_of_window_edge(window: int) -> None:
    """Rate-limit windows are fixed (k * window in Unix time): stay clear of an edge."""
    left = window - time.time() % window
    if left < 5:
        time.sleep(left + 0.1)


# --------------------------------------------------------------------------- unknown things


def test_posts_to_unknown_forms_and_steps_are_friendly_404s(client) -> None:
    token = _token(client)
    start(client)
    for path in (
        "/forms/nope/start",
        "/forms/nope/einzug",
        "/forms/anmeldung/nope",
        "/forms/anmeldung/personen/99/namen",
        "/forms/anmeldung/personen/1/nope",
        "/forms/anmeldung/personen/5/remove",
    ):
        _friendly(client.post(path, data={"csrf_token": token}), 404)


def test_every_draft_page_without_a_draft_explains_and_links_to_resume(client) -> None:
    for path in (
        "/forms/anmeldung/einzug",
        "/forms/anmeldung/personen",
        "/forms/anmeldung/personen/1/namen",
        "/forms/anmeldung/check",
        "/forms/anmeldung/done",
        "/forms/anmeldung/summary.pdf",
        "/forms/anmeldung/pdf/meldeschein.pdf",
        "/forms/anmeldung/save",
        "/forms/anmeldung/delete",
    ):
        _friendly(client.get(path), 404, resume_link=True)
    token = _token(client)
    for path in ("/forms/anmeldung/einzug", "/forms/anmeldung/check", "/forms/anmeldung/save"):
        _friendly(client.post(path, data={"csrf_token": token}), 404, resume_link=True)


def test_unknown_pdf_outputs_and_items_are_404s(client) -> None:
    form = client.application.extensions["wizard.library"].get("anmeldung")
    complete_form(client, form, load_answers())
    for path in (
        "/forms/anmeldung/pdf/nope.pdf",
        "/forms/anmeldung/pdf/..%2F..%2Fpyproject.toml.pdf",
        "/forms/anmeldung/personen/5/namen",  # one past the end adds a person, two do not
        "/forms/anmeldung/personen/0/namen",
        "/forms/anmeldung/personen/7/remove",
    ):
        _friendly(client.get(path), 404)


def test_wrong_methods_get_a_friendly_405(client) -> None:
    token = _token(client)
    _friendly(client.get("/prefs/official"), 405)
    _friendly(client.post("/livez", data={"csrf_token": token}), 405)
    _friendly(client.post("/healthz", data={"csrf_token": token}), 405)


def test_resume_form_messages(client) -> None:
    token = _token(client)
    unknown = client.post("/resume", data={"csrf_token": token, "code": "K7QM-4XRT-9HPW"})
    html = _friendly(unknown, 422)
    assert 'role="alert"' in html and 'aria-invalid="true"' in html  # says what is wrong
    assert not [h for h in unknown.headers.getlist("Set-Cookie") if h.startswith("wz-")]
    malformed = client.post("/resume", data={"csrf_token": token, "code": "<script>x</script>"})
    html = _friendly(malformed, 422)
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    link = client.get("/r/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    html = _friendly(link, 200)
    assert "<img src=x" not in html


def test_unexpected_error_shows_a_friendly_page_and_logs_no_answers(
    tmp_path, monkeypatch, caplog
) -> None:
    app = create_app(app_config(tmp_path / "data", WIZARD_ERROR_PAGES_IN_TESTS=True))
    try:
        client = app.test_client()
        client.get("/?lang=de")
        start(client)
        post_page(client, "/forms/anmeldung/einzug", ANMELDUNG_STEPS["einzug"])

        def broken(*args, **kwargs):
            raise RuntimeError("cannot render Hauptstraße 5, 59227 Ahlen")

        monkeypatch.setattr("wizard.outputs.summary_pdf", broken)
        caplog.set_level(logging.DEBUG)
        html = _friendly(client.get("/forms/anmeldung/summary.pdf"), 500)
        assert "Hauptstraße" not in html
        assert "RuntimeError" in caplog.text  # the operator learns what and where
        for secret in ("Hauptstraße", "59227", "Ahlen"):
            assert secret not in caplog.text
    finally:
        app.extensions["wizard.store"].close()


# --------------------------------------------------------------------------- rate limit


def test_resume_guessing_is_limited_to_the_configured_rate(client) -> None:
    limit, window = DEFAULTS["RESUME_RATE_LIMIT"]
    assert (limit, window) == (10, 600), "docs/privacy.md states 10 attempts per 10 minutes"
    app = client.application
    phone = app.test_client()
    start(phone)
    saved = post_page(phone, "/forms/anmeldung/save", {}).get_data(as_text=True)
    code = re.search(r"<strong>([0-9A-Z-]{14})</strong>", saved).group(1)
    _clear_of_window_edge(window)
    token = _token(client)
    statuses = [
        client.post(
            "/resume", data={"csrf_token": token, "code": f"ZZZZ-ZZZZ-ZZ{i:02d}"}
        ).status_code
        for i in range(limit)
    ]
    assert statuses == [422] * limit
    # Over the limit even the right code is refused: guessing cannot go on.
    _friendly(client.post("/resume", data={"csrf_token": token, "code": code}), 429)
    # Another client is not affected.
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    token = _token(other)
    assert other.post("/resume", data={"csrf_token": token, "code": code}).status_code == 302


def test_privacy_doc_states_the_configured_limit_and_code_space() -> None:
    from rel_support import ROOT

    text = " ".join((ROOT / "docs" / "privacy.md").read_text(encoding="utf-8").split())
    limit, window = DEFAULTS["RESUME_RATE_LIMIT"]
    assert f"**{limit} attempts per {window // 60} minutes per client address**" in text
    assert f"RESUME_RATE_LIMIT = ({limit}, {window})" in text
    assert "**60 bits**" in text
    per_year = limit / window * 3600 * 24 * 365.25
    assert f"{per_year:,.0f} a year" in text
    expected_years = 2**60 / 100_000 / per_year
    assert f"{expected_years:.1e}".replace("e+0", " × 10^") + " years (22 million)" in text


def test_resume_limit_is_shared_by_all_servers_on_one_database(tmp_path) -> None:
    limit, window = DEFAULTS["RESUME_RATE_LIMIT"]
    apps = [create_app(app_config(tmp_path / "shared")) for _ in range(2)]
    try:
        clients = [a.test_client() for a in apps]
        tokens = [_token(c) for c in clients]
        _clear_of_window_edge(window)
        for i in range(limit):
            c = i % 2
            response = clients[c].post(
                "/resume", data={"csrf_token": tokens[c], "code": f"YYYY-YYYY-YY{i:02d}"}
            )
            assert response.status_code == 422
        for c in (0, 1):
            response = clients[c].post(
                "/resume", data={"csrf_token": tokens[c], "code": "YYYY-YYYY-YYYY"}
            )
            assert response.status_code == 429
    finally:
        for a in apps:
            a.extensions["wizard.store"].close()


def _proxy_client(app, client_ip: str, forwarded: str | None = None):
    """A client behind the reverse proxy on 127.0.0.1 (nginx: X-Forwarded-For)."""
    headers = {"X-Forwarded-For": forwarded or client_ip, "X-Forwarded-Proto": "https"}
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "127.0.0.1"
    return client, headers


def test_behind_a_proxy_one_client_cannot_lock_out_the_others(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "127.0.0.1")
    monkeypatch.setenv("WIZARD_TRUST_PROXY", "1")  # any such switch; none exists today
    app = create_app(app_config(tmp_path / "data"))
    try:
        limit, window = DEFAULTS["RESUME_RATE_LIMIT"]
        phone, phone_headers = _proxy_client(app, "198.51.100.20")
        start(phone)
        page = phone.get("/forms/anmeldung/save", headers=phone_headers).get_data(as_text=True)
        saved = phone.post(
            "/forms/anmeldung/save",
            data={"csrf_token": hidden_fields(page)["csrf_token"]},
            headers=phone_headers,
        ).get_data(as_text=True)
        code = re.search(r"<strong>([0-9A-Z-]{14})</strong>", saved).group(1)
        _clear_of_window_edge(window)
        guesser, headers = _proxy_client(app, "203.0.113.66")
        token = hidden_fields(guesser.get("/resume", headers=headers).get_data(as_text=True))
        for i in range(limit + 2):
            guesser.post(
                "/resume",
                data={"csrf_token": token["csrf_token"], "code": f"XXXX-XXXX-XX{i:02d}"},
                headers=headers,
            )
        laptop, headers = _proxy_client(app, "198.51.100.21")
        token = hidden_fields(laptop.get("/resume", headers=headers).get_data(as_text=True))
        response = laptop.post(
            "/resume", data={"csrf_token": token["csrf_token"], "code": code}, headers=headers
        )
        assert response.status_code == 302
    finally:
        app.extensions["wizard.store"].close()


def test_with_trust_proxy_and_an_overwriting_proxy_clients_are_told_apart(tmp_path) -> None:
    """The workaround docs/deploy.md describes: TRUST_PROXY, and nginx setting
    X-Forwarded-For to $remote_addr (one address, never appended)."""
    app = create_app(app_config(tmp_path / "data", TRUST_PROXY=True))
    try:
        limit, window = DEFAULTS["RESUME_RATE_LIMIT"]
        _clear_of_window_edge(window)
        guesser, headers = _proxy_client(app, "203.0.113.66")
        token = _token(guesser)
        statuses = [
            guesser.post(
                "/resume",
                data={"csrf_token": token, "code": f"VVVV-VVVV-VV{i:02d}"},
                headers=headers,
            ).status_code
            for i in range(limit + 1)
        ]
        assert statuses[-2:] == [422, 429]
        other, headers = _proxy_client(app, "198.51.100.21")
        token = _token(other)
        response = other.post(
            "/resume", data={"csrf_token": token, "code": "VVVV-VVVV-VVVV"}, headers=headers
        )
        assert response.status_code == 422  # its own counter: not locked out
    finally:
        app.extensions["wizard.store"].close()


def test_a_client_cannot_escape_the_limit_with_its_own_forwarded_header(tmp_path) -> None:
    app = create_app(app_config(tmp_path / "data", TRUST_PROXY=True))
    try:
        limit, window = DEFAULTS["RESUME_RATE_LIMIT"]
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "127.0.0.1"
        token = _token(client)
        _clear_of_window_edge(window)
        statuses = []
        for i in range(limit + 2):
            # what nginx forwards with proxy_add_x_forwarded_for: "<client's header>, <client>"
            headers = {"X-Forwarded-For": f"10.9.8.{i}, 203.0.113.66"}
            statuses.append(
                client.post(
                    "/resume",
                    data={"csrf_token": token, "code": f"WWWW-WWWW-WW{i:02d}"},
                    headers=headers,
                ).status_code
            )
        assert statuses[-1] == 429, statuses
    finally:
        app.extensions["wizard.store"].close()


# --------------------------------------------------------------------------- bugs found by fuzzing


def _answers_with(**person: str) -> dict:
    answers = load_answers()
    answers["personen"][0].update(person)
    return answers


@pytest.mark.parametrize(
    "download",
    [
        pytest.param("/forms/anmeldung/summary.pdf", id="summary"),
        pytest.param("/forms/anmeldung/pdf/meldeschein.pdf", id="official"),
    ],
)
def test_pdf_downloads_with_an_emoji_answer(tmp_path, download: str) -> None:
    """Either the wizard refuses the emoji when it is typed, or the download explains the
    problem (which answer, which character) instead of "Something went wrong"."""
    app = create_app(app_config(tmp_path / "data", WIZARD_ERROR_PAGES_IN_TESTS=True))
    try:
        client = app.test_client()
        client.get("/?lang=de")
        form = app.extensions["wizard.library"].get("anmeldung")
        start(client)
        for page in pages(form, _answers_with(geburtsort="Aleppo 😀")):
            sent = post_page(client, page.url, page.data)
            if sent.status_code == 422 and page.url.endswith("/personen/1/geburt"):
                return  # refused when typed, with a message: fine, nothing to download
            assert sent.status_code == 302, page.url
        finish = post_page(client, "/forms/anmeldung/check", {})
        assert finish.status_code == 302
        response = client.get(download)
        assert response.status_code != 500
        if response.status_code != 200 or not response.data.startswith(b"%PDF"):
            html = response.get_data(as_text=True)
            assert "Aleppo" in html or "Geburtsort" in html  # names the answer to change
    finally:
        app.extensions["wizard.store"].close()


def test_official_pdf_of_rtl_text_with_an_unassigned_character(tmp_path) -> None:
    from wizard.pdf import mapping
    from wizard.pdf.acroform import FillError
    from wizard.pdf.rl_text import UncoveredTextError

    form = create_app(app_config(tmp_path / "data")).extensions["wizard.library"].get("anmeldung")
    answers = _answers_with(geburtsort="حلب\u0378")
    output = next(o for o in form.pdf if o.id == "meldeschein")
    with pytest.raises((FillError, UncoveredTextError)):
        mapping.render(form, mapping.plan(form, answers, output))


def test_integer_with_a_decimal_point_is_not_read_as_a_bigger_number(
    fuzz_forms_dir, tmp_path
) -> None:
    app = create_app(app_config(tmp_path / "data", FORMS_DIR=str(fuzz_forms_dir)))
    try:
        client = app.test_client()
        token = _token(client, "/forms/fuzzform")
        client.post("/forms/fuzzform/start", data={"csrf_token": token})
        key = next(c.value for c in client._cookies.values() if c.key == "wz-fuzzform")
        store = app.extensions["wizard.store"]
        for typed, meant in (("1.000", 1000), ("1.5", None), ("2.50", None)):
            response = client.post(
                "/forms/fuzzform/alles", data={"csrf_token": token, "f_integer": typed}
            )
            stored = store.open(key).answers.get("f_integer")
            if meant is None:
                assert response.status_code == 422, (typed, stored)
            else:
                assert stored == meant
    finally:
        app.extensions["wizard.store"].close()
