"""The whole Anmeldung in Tigrinya and in Pashto, with screenshots of each page type."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from driver import complete_anmeldung

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("lang", "direction"), [("ti", "ltr"), ("ps", "rtl")])
def test_whole_anmeldung_with_screenshots(
    phone, live_server, tmp_path: Path, lang: str, direction: str
) -> None:
    shots = Path(os.environ.get("WIZARD_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    complete_anmeldung(phone, live_server, lang)
    for name, path in [
        ("done", None),
        ("step", "/forms/anmeldung/personen/1/geburt"),
        ("check", "/forms/anmeldung/check"),
    ]:
        if path:
            phone.goto(live_server + path)
        html = phone.locator("html")
        assert html.get_attribute("lang") == lang and html.get_attribute("dir") == direction
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        target = shots / f"anmeldung-{lang}-{name}.png"
        phone.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
