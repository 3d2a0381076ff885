"""axe-core with the WCAG 2.2 A/AA rules finds no violation on any page type."""

from __future__ import annotations

import json

import pytest
from driver import complete_anmeldung

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    return json.dumps(
        [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations],
        indent=1,
    )


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_every_page_type_passes_axe(browser, live_server, lang) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    try:
        pages: dict[str, str] = {}
        page.goto(f"{live_server}/")
        pages["language choice"] = page.url
        assert not (v := axe_violations(page)), describe(v)
        page.goto(f"{live_server}/?lang={lang}")
        assert not (v := axe_violations(page)), "start: " + describe(v)
        complete_anmeldung(page, live_server, lang)
        assert not (v := axe_violations(page)), "result: " + describe(v)
        for name, path in [
            ("step", "/forms/anmeldung/einzug"),
            ("date and choices", "/forms/anmeldung/personen/1/geburt"),
            ("repeat summary", "/forms/anmeldung/personen"),
            ("check answers", "/forms/anmeldung/check"),
            ("save", "/forms/anmeldung/save"),
            ("resume", "/resume"),
            ("not found", "/forms/nope"),
        ]:
            page.goto(live_server + path)
            assert not (v := axe_violations(page)), f"{name}: {describe(v)}"
        # an error page: clear a required answer and submit
        page.goto(f"{live_server}/forms/anmeldung/einzug")
        page.fill('[name="neue_plz"]', "12")
        page.locator(".actions button").click()
        assert page.locator(".error-summary").is_visible()
        assert page.evaluate("document.activeElement.classList.contains('error-summary')")
        assert not (v := axe_violations(page)), f"error: {describe(v)}"
        # the continue-later page with its code and QR code
        page.goto(f"{live_server}/forms/anmeldung/save")
        page.locator("main form button").click()
        assert page.locator(".resume-code").is_visible()
        assert not (v := axe_violations(page)), f"code: {describe(v)}"
    finally:
        context.close()
