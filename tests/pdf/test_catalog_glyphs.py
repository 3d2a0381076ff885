"""The shipped fonts draw every character the translations use, and every
language's summary PDF renders."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from wizard.formdef.loader import load_form
from wizard.i18n.languages import LANGUAGES
from wizard.outputs import summary_pdf
from wizard.pdf import fonts, shaping

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"


def _strings(lang: str) -> list[str]:
    texts = []
    for domain in ("messages", "forms"):
        path = TRANSLATIONS / lang / "LC_MESSAGES" / f"{domain}.po"
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            values = (
                message.string if isinstance(message.string, tuple | list) else [message.string]
            )
            texts += [v for v in values if v]
    return texts


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_fonts_cover_every_character_of_the_catalogs(lang) -> None:
    missing: dict[str, str] = {}
    for text in _strings(lang.code):
        for char in fonts.uncovered(shaping.to_visual(text)):
            missing.setdefault(char, text)
    assert not missing, {f"U+{ord(c):04X}": t[:60] for c, t in missing.items()}


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_summary_pdf_renders_in_every_language(lang) -> None:
    form = load_form(ROOT / "forms" / "anmeldung.yaml")
    answers = yaml.safe_load((ROOT / "tests" / "data" / "anmeldung.answers.yaml").read_text())
    data = summary_pdf(form, answers, lang.code, submit_text="Bürgerbüro")
    assert data.startswith(b"%PDF") and len(data) > 5000
