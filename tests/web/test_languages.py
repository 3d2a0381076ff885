"""Every shipped language renders every page type, with the right lang and dir."""

from __future__ import annotations

import re

import pytest
from web_helpers import complete_anmeldung, post_page

from wizard.i18n.languages import LANGUAGES

PAGE_TYPES = {
    "start": "/",
    "intro": "/forms/anmeldung",
    "step": "/forms/anmeldung/einzug",
    "item": "/forms/anmeldung/personen/1/geburt",
    "repeat summary": "/forms/anmeldung/personen",
    "check answers": "/forms/anmeldung/check",
    "result": "/forms/anmeldung/done",
    "resume": "/resume",
    "not found": "/forms/nope",
}


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_every_page_type_in_every_language(client, lang) -> None:
    client.get(f"/?lang={lang.code}")
    complete_anmeldung(client)
    post_page(client, "/forms/anmeldung/check", {})
    for name, path in PAGE_TYPES.items():
        response = client.get(path)
        assert response.status_code in (200, 404), (name, response.status_code)
        html = response.get_data(as_text=True)
        match = re.search(r'<html lang="([^"]+)" dir="(ltr|rtl)">', html)
        assert match, name
        assert match.group(1) == lang.html_lang, name
        assert match.group(2) == ("rtl" if lang.rtl else "ltr"), name
    # an error page too
    response = post_page(client, "/forms/anmeldung/einzug", {"neue_plz": "1"})
    assert response.status_code == 422
    assert f'lang="{lang.html_lang}"' in response.get_data(as_text=True)


def test_language_switch_by_query_keeps_answers(client) -> None:
    client.get("/?lang=de")
    complete_anmeldung(client)
    before = client.get("/forms/anmeldung/check?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in before and "Haddad" in before
    after = client.get("/forms/anmeldung/check?lang=uk").get_data(as_text=True)
    assert 'lang="uk"' in after and "Haddad" in after


def test_item_labels_are_translated_in_the_review_and_summary() -> None:
    from pathlib import Path

    import yaml

    from wizard import outputs
    from wizard.formdef.loader import load_form

    root = Path(__file__).resolve().parents[2]
    form = load_form(root / "forms" / "anmeldung.yaml")
    answers = yaml.safe_load((root / "tests" / "data" / "anmeldung.answers.yaml").read_text())
    [people] = [s for s in outputs.review_sections(form, answers, "uk") if s.step.id == "personen"]
    assert people.items_de[0] == "Person 1: Amira Haddad"
    assert people.items[0][1] != people.items_de[0] and people.items[0][1].endswith(
        "1: Amira Haddad"
    )


def test_unreviewed_translations_say_so_politely(client, monkeypatch) -> None:
    from wizard.i18n import review

    html = client.get("/?lang=uk").get_data(as_text=True)
    notice = review.draft_notice("uk")
    assert notice and 'class="draft-notice"' in html
    assert notice in html.replace("&#39;", "'").replace("&#34;", '"')
    monkeypatch.setattr(review, "draft_notice", lambda locale, *a, **k: None)
    html = client.get("/?lang=uk").get_data(as_text=True)
    assert 'class="draft-notice"' not in html


def test_official_german_wording_beside_translated_questions(client) -> None:
    """The bilingual aid: shown for translated pages, hidden on German ones and when toggled off."""
    from web_helpers import csrf, start

    client.get("/?lang=ar")
    start(client)
    html = client.get("/forms/anmeldung/einzug").get_data(as_text=True)
    assert 'class="official"' in html and "Tag des Einzugs" in html
    page = client.get("/forms/anmeldung/einzug").get_data(as_text=True)
    client.post("/prefs/official", data={"csrf_token": csrf(page), "show": "0", "next": "/"})
    assert 'class="official"' not in client.get("/forms/anmeldung/einzug").get_data(as_text=True)
    client.get("/?lang=de")
    assert 'class="official"' not in client.get("/forms/anmeldung/einzug").get_data(as_text=True)
