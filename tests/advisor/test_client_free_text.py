"""The client's own words reach the advisor: machine translations and requests to translate."""

from __future__ import annotations

from pathlib import Path

import pytest
from advisor_helpers import case_id_of, login, make_app, open_with_code, text
from web_helpers import csrf, post_page, shown, start, version

from wizard.i18n import freetext

NOTIZ = Path(__file__).resolve().parents[1] / "web" / "freetext_forms" / "notiz.yaml"
ARABIC = "أبحث عن عمل منذ شهرين."
GERMAN = "Ich suche seit zwei Monaten Arbeit."
CHILD = "ابني مريض."


@pytest.fixture
def app(tmp_path, clock, database_url):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "notiz.yaml").symlink_to(NOTIZ)
    app = make_app(tmp_path, FORMS_DIR=str(forms), DATABASE_URL=database_url)
    app.extensions["wizard.advisors"].clock = clock
    yield app
    app.extensions["wizard.store"].close()


def test_advisor_sees_the_clients_words_and_what_they_asked_for(
    app, client, desk, advisor, monkeypatch
) -> None:
    monkeypatch.setattr(freetext, "available", lambda locale: locale == "ar")
    monkeypatch.setattr(freetext, "to_german", lambda locale, s: GERMAN if s == ARABIC else None)
    client.get("/?lang=ar")
    assert start(client, "notiz").status_code == 302
    page = client.get("/forms/notiz/grund").get_data(as_text=True)
    translated = client.post(
        "/forms/notiz/grund",
        data={
            "csrf_token": csrf(page),
            "version": version(page),
            "shown": shown(page),
            "grund": ARABIC,
            "translate": "grund",
        },
    )
    assert translated.status_code == 200
    assert (
        post_page(client, "/forms/notiz/grund", {"grund": GERMAN, "ort": "Ahlen"}).status_code
        == 302
    )
    item = "/forms/notiz/kinder/1/item"
    data = {"vorname": "Omar", "bemerkung": CHILD, "bemerkung-advisor": "1"}
    assert post_page(client, item, data).status_code == 302
    saved = client.post(
        "/forms/notiz/save",
        data={"csrf_token": csrf(client.get("/forms/notiz/save").get_data(as_text=True))},
    ).get_data(as_text=True)
    code = saved.split('class="resume-code"')[1].split("<strong>")[1].split("</strong>")[0]

    login(desk)
    case_id = case_id_of(open_with_code(desk, code))
    answers = " ".join(
        text(desk.get(f"/advisor/cases/{case_id}/answers").get_data(as_text=True)).split()
    )
    assert GERMAN in answers and ARABIC in answers
    assert (
        "Machine translation of the client's own words (beside it), confirmed by the client"
        in answers
    )
    assert "The client asked you to translate this answer into German." in answers
    # German answers are not machine-translated again
    assert "Machine translation into German, please check" not in answers

    # the advisor translates the child's note: the request is done, the client's words stay
    step = f"/advisor/cases/{case_id}/steps/kinder/1/item?return=answers"
    assert (
        post_page(desk, step, {"vorname": "Omar", "bemerkung": "Mein Sohn ist krank."}).status_code
        == 302
    )
    answers = " ".join(
        text(desk.get(f"/advisor/cases/{case_id}/answers").get_data(as_text=True)).split()
    )
    assert "The client asked you to translate" not in answers
    assert f"Client's original text: {CHILD}" in answers
    done = client.get("/forms/notiz/check").get_data(as_text=True)
    assert "Mein Sohn ist krank." in done
