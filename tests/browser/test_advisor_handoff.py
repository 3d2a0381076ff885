"""Advisor hand-off in headless Chromium: a client's phone in Arabic, the advisor's desktop.

The client starts the Anmeldung at home in Arabic and gets a resume code; at
the office the advisor signs in, opens the case with that code, completes it in
German and finishes it; back on the phone the client sees the finished result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from driver import _fill
from live_app import browser_app, serving
from web_helpers import ANMELDUNG_STEPS, PERSON_PAGES

from wizard.store import Argon2Params

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "berater@kim.example"
PASSWORD = "richtig-langes-passwort"
DESKTOP = {"width": 1280, "height": 900}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture
def advisor_server(tmp_path) -> Iterator[str]:
    forms = tmp_path / "forms"  # just the Anmeldung: other forms may be work in progress
    forms.mkdir()
    for name in ("anmeldung.yaml", "fragments"):
        (forms / name).symlink_to(ROOT / "forms" / name)
    app = browser_app(
        tmp_path,
        FORMS_DIR=str(forms),
        ADVISOR_ARGON2=Argon2Params(time_cost=1, memory_cost=1024, parallelism=1),
    )
    app.extensions["wizard.advisors"].add(EMAIL, PASSWORD)
    with serving(app) as url:
        yield url


def _axe(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return results.response["violations"]


def _describe(violations: list[dict]) -> str:
    return json.dumps(
        [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations]
    )


def test_client_on_phone_in_arabic_advisor_on_desktop_in_german(
    browser, phone, advisor_server
) -> None:
    base = advisor_server
    # --- at home: the client, Arabic, on a phone -------------------------------------
    phone.goto(f"{base}/?lang=ar")
    phone.goto(f"{base}/forms/anmeldung")
    phone.locator("button.button.start").click()
    phone.wait_for_url("**/forms/anmeldung/einzug")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    _fill(phone, ANMELDUNG_STEPS["einzug"])
    phone.wait_for_url("**/forms/anmeldung/wohnungsstatus")
    phone.locator("p.later a").click()
    phone.wait_for_url("**/forms/anmeldung/save")
    phone.locator("form button.button").click()
    code = phone.locator(".resume-code strong").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)

    # --- at the office: the advisor, German, on a desktop --------------------------------
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    desk = context.new_page()
    errors: list[str] = []
    desk.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        desk.goto(f"{base}/advisor/")
        desk.wait_for_url("**/advisor/login**")
        assert desk.locator("html").get_attribute("lang") == "de"
        assert not (v := _axe(desk)), "login: " + _describe(v)
        desk.fill("#email", EMAIL)
        desk.fill("#password", PASSWORD)
        desk.locator("main form button.button").click()
        desk.wait_for_url(f"{base}/advisor/")

        desk.locator(".advisor-nav a[href='/advisor/open']").click()
        desk.wait_for_url("**/advisor/open")
        desk.fill("#code", code.lower().replace("-", " "))  # as read aloud and typed
        desk.check("#consent")
        desk.locator("main form button.button").click()
        desk.wait_for_url(re.compile(r".*/advisor/cases/[A-Za-z0-9_-]{22}$"))
        assert not (v := _axe(desk)), "case: " + _describe(v)
        case_url = desk.url

        # the client's first answers, in German for the form
        desk.goto(case_url + "/answers")
        answers = desk.locator("main").inner_text()
        assert "Tag des Einzugs" in answers and "01.11.2026" in answers and "Ahlen" in answers
        assert desk.locator('td[lang="ar"][dir="rtl"]').count() > 0
        assert not (v := _axe(desk)), "answers: " + _describe(v)

        # complete the rest in German, Arabic beside every question
        desk.goto(case_url + "/continue")
        desk.wait_for_url("**/steps/wohnungsstatus")
        assert desk.locator('.desk-client[lang="ar"][dir="rtl"]').count() >= 1
        assert not (v := _axe(desk)), "step: " + _describe(v)
        _fill(desk, ANMELDUNG_STEPS["wohnungsstatus"])
        desk.wait_for_url("**/steps/herkunft")
        _fill(desk, ANMELDUNG_STEPS["herkunft"])
        desk.wait_for_url("**/steps/personen")
        desk.locator('button[name="action"][value="add"]').click()
        for name, data in PERSON_PAGES.items():
            desk.wait_for_url(f"**/steps/personen/1/{name}")
            if name == "geburt":
                assert not (v := _axe(desk)), "date and choices: " + _describe(v)
            _fill(desk, data)
        desk.wait_for_url("**/steps/personen")
        desk.locator('button[name="action"][value="continue"]').click()
        desk.wait_for_url("**/steps/vermieter")
        _fill(desk, ANMELDUNG_STEPS["vermieter"])
        desk.wait_for_url("**/answers")
        assert "Haddad" in desk.locator("main").inner_text()
        assert desk.locator("[data-print]").is_visible()  # print button (script loaded under CSP)
        desk.locator('form[action$="/finish"] button').click()
        desk.wait_for_url("**/answers")
        assert desk.locator('a[href$="/pdf/meldeschein.pdf"]').count() == 1
        with desk.expect_download() as download:
            desk.locator('a[href$="/pdf/meldeschein.pdf"]').first.click()
        assert download.value.suggested_filename == "anmeldung-meldeschein.pdf"
        desk.goto(f"{base}/advisor/")
        assert "Amira Haddad" in desk.locator("main").inner_text()
        assert not (v := _axe(desk)), "cases: " + _describe(v)
        assert not [e for e in errors if "Content Security Policy" in e], errors
    finally:
        context.close()

    # --- back home: the client sees the result -----------------------------------------------
    phone.goto(f"{base}/forms/anmeldung/check")
    assert "Haddad" in phone.locator("main").inner_text()
    phone.goto(f"{base}/forms/anmeldung/done")
    phone.wait_for_url("**/forms/anmeldung/done")
    assert phone.locator(".panel-done").is_visible()
    assert phone.locator("html").get_attribute("lang") == "ar"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
