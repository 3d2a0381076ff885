"""The wizard in real headless Chromium on a 360×740 phone viewport."""

from __future__ import annotations

import pytest
from driver import complete_anmeldung, keyboard_anmeldung

pytestmark = pytest.mark.browser


def test_complete_anmeldung_in_german(phone, live_server) -> None:
    complete_anmeldung(phone, live_server, "de")
    assert phone.locator("html").get_attribute("lang") == "de"
    assert "Wohnungsgeberbestätigung" in phone.content()
    download = phone.locator('a[href$="summary.pdf"]')
    assert download.count() == 1


def test_complete_anmeldung_in_arabic_mirrored(phone, live_server) -> None:
    complete_anmeldung(phone, live_server, "ar")
    html = phone.locator("html")
    assert html.get_attribute("lang") == "ar" and html.get_attribute("dir") == "rtl"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # the layout is mirrored: text starts at the right edge of the page
    box = phone.locator("main h2").first.bounding_box()
    main = phone.locator("main").bounding_box()
    assert box and main
    assert abs((box["x"] + box["width"]) - (main["x"] + main["width"] - 16)) < 2
    direction = phone.evaluate("getComputedStyle(document.querySelector('main h2')).direction")
    assert direction == "rtl"


def test_back_link_points_the_right_way_in_rtl(phone, live_server) -> None:
    phone.goto(f"{live_server}/?lang=ar")
    phone.goto(f"{live_server}/forms/anmeldung")
    back = phone.locator("a.back").bounding_box()
    assert back and back["x"] > 360 / 2  # at the start of the line, which is the right side


def test_keyboard_only(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    try:
        keyboard_anmeldung(page, live_server)
        assert "Haddad" in page.content()
    finally:
        context.close()


PAGES = [
    "/?lang={lang}",
    "/forms/anmeldung",
    "/forms/anmeldung/einzug",
    "/forms/anmeldung/personen",
    "/forms/anmeldung/personen/1/geburt",
    "/forms/anmeldung/check",
    "/forms/anmeldung/done",
    "/resume",
]


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_no_horizontal_scrolling_at_320px(browser, live_server, lang) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        complete_anmeldung(page, live_server, lang)
        for path in PAGES:
            page.goto(live_server + path.format(lang=lang))
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, (path, width)
    finally:
        context.close()
