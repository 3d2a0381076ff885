"""Free text in the user's own language, in real Chromium: translate, check, continue by Enter."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from live_app import browser_app, serving
from test_accessibility import axe_violations, describe

from wizard.i18n import freetext

pytestmark = pytest.mark.browser

FORMS = Path(__file__).resolve().parents[1] / "web" / "freetext_forms"
ARABIC = "أبحث عن عمل منذ شهرين."
GERMAN = "Ich suche seit zwei Monaten Arbeit."


@pytest.fixture
def notiz_server(tmp_path, monkeypatch):
    monkeypatch.setattr(freetext, "available", lambda locale: locale == "ar")
    monkeypatch.setattr(freetext, "to_german", lambda locale, s: GERMAN if s == ARABIC else None)
    with serving(browser_app(tmp_path, FORMS_DIR=str(FORMS))) as url:
        yield url


def test_translate_check_and_continue_with_enter(browser, notiz_server, tmp_path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{notiz_server}/?lang=ar")
        page.goto(f"{notiz_server}/forms/notiz")
        page.locator("button.button.start").click()
        page.wait_for_url("**/forms/notiz/grund")
        assert not (v := axe_violations(page)), "free-text step: " + describe(v)
        page.locator('textarea[name="grund"]').fill(ARABIC)
        page.locator('button[name="translate"][value="grund"]').click()
        page.wait_for_load_state()
        assert page.locator('textarea[name="grund"]').input_value() == GERMAN
        assert ARABIC in page.locator("#o-grund").inner_text()
        assert not (v := axe_violations(page)), "after translating: " + describe(v)
        # no horizontal scrolling on a small phone with the extra notes
        page.set_viewport_size({"width": 320, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        page.set_viewport_size({"width": 360, "height": 740})
        shots = Path(os.environ.get("WIZARD_SCREENSHOT_DIR", tmp_path))
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "freetext-ar.png"), full_page=True)
        # Enter in a text box is Continue, not "Translate"
        page.locator('input[name="ort"]').fill("Ahlen")
        page.locator('input[name="ort"]').press("Enter")
        page.wait_for_url("**/forms/notiz/kinder")
        page.goto(f"{notiz_server}/forms/notiz/check")
        text = page.locator("#main").inner_text()
        assert ARABIC in text and GERMAN in text
        assert not (v := axe_violations(page)), "check page: " + describe(v)
    finally:
        context.close()
