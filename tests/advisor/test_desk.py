"""Desk mode: the advisor fills in with the client beside them, both languages on screen."""

from __future__ import annotations

import re

import sqlalchemy as sa
from advisor_helpers import complete_as_advisor, login, post_form, text
from web_helpers import ANMELDUNG_STEPS, csrf, post_page, shown, version

from wizard.store.schema import key_slots


def _start(desk, lang: str = "fa") -> str:
    login(desk)
    page = desk.get("/advisor/desk").get_data(as_text=True)
    response = desk.post(
        "/advisor/desk",
        data={"csrf_token": csrf(page), "form_id": "anmeldung", "client_lang": lang},
    )
    assert response.status_code == 302
    match = re.fullmatch(
        r"/advisor/cases/([A-Za-z0-9_-]{22})/steps/einzug", response.headers["Location"]
    )
    assert match, response.headers["Location"]
    return match.group(1)


def test_starting_needs_a_form_and_a_language(desk, advisor) -> None:
    login(desk)
    page = desk.get("/advisor/desk").get_data(as_text=True)
    response = desk.post("/advisor/desk", data={"csrf_token": csrf(page), "form_id": "anmeldung"})
    assert response.status_code == 422
    assert "Choose the client's language" in text(response.get_data(as_text=True))
    response = desk.post(
        "/advisor/desk", data={"csrf_token": csrf(page), "form_id": "nope", "client_lang": "ar"}
    )
    assert response.status_code == 422


def test_each_question_in_the_clients_language_beside_german(app, desk, advisor) -> None:
    case_id = _start(desk, "fa")
    html = desk.get(f"/advisor/cases/{case_id}/steps/einzug").get_data(as_text=True)
    assert '<html lang="en"' in html  # the advisor's own language (English in these tests)
    rows = re.findall(r'<div class="desk-row desk-pair"[^>]*data-field="([^"]+)"', html)
    assert rows[:2] == ["einzugsdatum", "neue_strasse"]
    assert html.count('class="desk-client" lang="fa" dir="rtl"') == len(rows)
    assert 'for="f-neue_strasse"' in html  # every input keeps its label
    # the full German question and the form's own wording, both on screen
    assert "Wann sind Sie eingezogen?" in html and "Tag des Einzugs" in html


def test_german_advisor_sees_german_questions(app, advisor) -> None:
    desk = app.test_client()  # default language: German
    case_id = _start(desk, "ar")
    html = desk.get(f"/advisor/cases/{case_id}/steps/einzug").get_data(as_text=True)
    assert '<html lang="de"' in html
    assert '<label class="label" for="f-neue_strasse">Straße und Hausnummer</label>' in html
    assert 'class="desk-client" lang="ar" dir="rtl"' in html


def test_switching_languages_keeps_what_was_typed(app, desk, advisor) -> None:
    case_id = _start(desk, "fa")
    url = f"/advisor/cases/{case_id}/steps/einzug"
    page = desk.get(url).get_data(as_text=True)
    typed = {
        **ANMELDUNG_STEPS["einzug"],
        "einzugsdatum-day": "45",  # not a date yet: must survive the switch as typed
        "neue_ort": "Oelde",
    }
    response = desk.post(
        url,
        data={
            "csrf_token": csrf(page),
            "version": version(page),
            "shown": shown(page),
            **typed,
            "action": "languages",
            "client_lang": "ar",
            "advisor_lang": "de",
        },
    )
    assert response.status_code == 200  # same page, no error summary for the half-typed date
    html = response.get_data(as_text=True)
    assert '<html lang="de"' in html
    assert 'class="desk-client" lang="ar" dir="rtl"' in html
    assert 'class="desk-client" lang="fa"' not in html
    assert 'value="45"' in html and 'value="Oelde"' in html
    assert "error-summary" not in html
    # valid answers were saved on the way
    answers = html[html.index('data-field="neue_ort"') :]
    assert "Oelde" in answers
    # the choice sticks for this case
    again = desk.get(url).get_data(as_text=True)
    assert 'class="desk-client" lang="ar"' in again and '<html lang="de"' in again


def test_print_friendly_answers_and_a_code_for_the_client(app, desk, advisor) -> None:
    case_id = _start(desk, "uk")
    response = post_page(desk, f"/advisor/cases/{case_id}/steps/einzug", ANMELDUNG_STEPS["einzug"])
    assert response.status_code == 302
    complete_as_advisor(desk, case_id)
    answers = desk.get(f"/advisor/cases/{case_id}/answers").get_data(as_text=True)
    assert "data-print" in answers and "print-hidden" in answers
    assert 'lang="uk"' in answers
    assert "Haddad" in answers and "Ahlen" in answers

    # a desk case has no client key until the advisor issues a code
    store = app.extensions["wizard.store"]
    with store.engine.connect() as conn:
        kinds = set(conn.execute(sa.select(key_slots.c.kind)).scalars())
    assert kinds == {"advisor"}
    case_url = f"/advisor/cases/{case_id}"
    issued = post_form(desk, f"{case_url}/code", {}, page_url=case_url)
    assert issued.status_code == 200
    code = re.search(
        r'class="resume-code"[^>]*><strong>([0-9A-Z-]+)<', issued.get_data(as_text=True)
    )
    assert code

    home = app.test_client()
    page = home.get("/resume").get_data(as_text=True)
    resumed = home.post("/resume", data={"csrf_token": csrf(page), "code": code.group(1)})
    assert resumed.status_code == 302
    check = text(home.get("/forms/anmeldung/check").get_data(as_text=True))
    assert "Haddad" in check and "Ahlen" in check
