"""Take the README screenshots from the real app in headless Chromium.

Starts the app on a free local port with a throwaway data folder, walks to
the same Anmeldung page in German and in Arabic on a 360×740 phone viewport,
and writes docs/img/phone-de-ar.png (both side by side) plus the single shots.

Run: .venv/bin/python docs/screenshots.py   (needs Debian's chromium)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

from wizard.web.app import create_app  # noqa: E402

OUT = ROOT / "docs" / "img"
PAGES = ["/forms/anmeldung/personen/1/geburt", "/forms/anmeldung/einzug"]


def shoot(base: str, browser, lang: str) -> list[Path]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{base}/?lang={lang}")
    page.goto(f"{base}/forms/anmeldung")
    page.locator("button.button.start").click()
    page.wait_for_url("**/einzug")
    shots = []
    for n, path in enumerate(PAGES):
        page.goto(base + path)
        if n == 1:  # show the error summary on the second shot
            page.locator(".actions button").click()
            page.wait_for_selector(".error-summary")
        target = OUT / f"phone-{lang}-{n + 1}.png"
        page.screenshot(path=str(target))
        shots.append(target)
    context.close()
    return shots


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        app = create_app(
            {"WIZARD_DATA_DIR": data, "SECRET_KEY": "screenshots-0123456789abcdef0123"}
        )
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        chromium = shutil.which("chromium") or "chromium"
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            german = shoot(base, browser, "de")
            arabic = shoot(base, browser, "ar")
            browser.close()
        server.shutdown()
    images = [Image.open(p) for p in (german[0], arabic[0])]
    gap = 40
    width = sum(i.width for i in images) + gap
    combined = Image.new("RGB", (width, max(i.height for i in images)), "white")
    x = 0
    for image in images:
        combined.paste(image, (x, 0))
        x += image.width + gap
    combined = combined.resize((combined.width // 2, combined.height // 2))
    combined.save(OUT / "phone-de-ar.png", optimize=True)
    print(OUT / "phone-de-ar.png")


if __name__ == "__main__":
    main()
