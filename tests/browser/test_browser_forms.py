"""Each form of the library, completed in a real browser from its answers file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from driver import complete_form

from wizard.formdef.loader import load_form

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
CASES = [
    (form_file.stem, lang)
    for form_file in sorted((ROOT / "forms").glob("*.yaml"))
    if (ROOT / "tests" / "data" / f"{form_file.stem}.answers.yaml").is_file()
    for lang in ("ar", "en")
]


@pytest.mark.parametrize(("form_id", "lang"), CASES)
def test_complete_form_in_rtl_and_ltr(phone, live_server, form_id: str, lang: str) -> None:
    form = load_form(ROOT / "forms" / f"{form_id}.yaml")
    answers = yaml.safe_load((ROOT / "tests" / "data" / f"{form_id}.answers.yaml").read_text())
    complete_form(phone, live_server, form, answers, lang)
    assert phone.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.locator('a[href$="summary.pdf"]').count() == 1
