"""The whole wizard through Flask's test client: every page type and the happy path."""

from __future__ import annotations

from web_helpers import PERSON_PAGES, complete_anmeldung, csrf, post_page, start


def test_start_page_offers_languages_then_forms(client) -> None:
    first = client.get("/").get_data(as_text=True)
    assert 'href="?lang=ar"' in first and "العربية" in first and "ትግርኛ" in first
    chosen = client.get("/?lang=de")
    assert chosen.status_code == 200
    assert "lang=de" in chosen.headers.get("Set-Cookie", "")
    html = chosen.get_data(as_text=True)
    assert "Anmeldung einer Wohnung" in html
    assert "Meldebehörde" in html


def test_complete_anmeldung_in_german(client) -> None:
    client.get("/?lang=de")
    complete_anmeldung(client)
    check = client.get("/forms/anmeldung/check").get_data(as_text=True)
    assert "Haddad" in check and "Ahlen" in check
    assert "?return=check" in check
    response = post_page(client, "/forms/anmeldung/check", {})
    assert response.status_code == 302 and response.headers["Location"].endswith("/done")
    done = client.get("/forms/anmeldung/done").get_data(as_text=True)
    assert "Wohnungsgeberbestätigung" in done
    pdf = client.get("/forms/anmeldung/summary.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "no-store"


def test_error_summary_and_title(client) -> None:
    client.get("/?lang=de")
    start(client)
    response = post_page(
        client,
        "/forms/anmeldung/einzug",
        {"einzugsdatum-day": "31", "einzugsdatum-month": "2", "einzugsdatum-year": "2026"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html or "<title>Fehler:" in html
    assert 'href="#f-einzugsdatum-day"' in html
    assert 'href="#f-neue_plz"' in html
    assert 'aria-invalid="true"' in html
    # what was typed is shown again
    assert 'value="31"' in html


def test_valid_answers_are_saved_even_when_others_fail(client) -> None:
    client.get("/?lang=de")
    start(client)
    post_page(client, "/forms/anmeldung/einzug", {"neue_ort": "Ahlen", "neue_plz": "123"})
    html = client.get("/forms/anmeldung/einzug").get_data(as_text=True)
    assert 'value="Ahlen"' in html


def test_repeat_add_change_remove(client) -> None:
    client.get("/?lang=de")
    start(client)
    summary = client.get("/forms/anmeldung/personen").get_data(as_text=True)
    assert "Nothing added yet" in summary or "Noch nichts" in summary
    response = post_page(client, "/forms/anmeldung/personen", {"action": "add"})
    assert response.headers["Location"].endswith("/personen/1/namen")
    for page, data in PERSON_PAGES.items():
        assert post_page(client, f"/forms/anmeldung/personen/1/{page}", data).status_code == 302
    summary = client.get("/forms/anmeldung/personen").get_data(as_text=True)
    assert "Person 1: Amira Haddad" in summary
    # second person: the relationship page appears for persons after the first
    response = post_page(
        client, "/forms/anmeldung/personen/2/namen", {"familienname": "Haddad", "vornamen": "Omar"}
    )
    assert response.headers["Location"].endswith("/personen/2/beziehung")
    summary = client.get("/forms/anmeldung/personen").get_data(as_text=True)
    assert "Person 2: Omar Haddad" in summary
    # continuing with an incomplete item is refused
    response = post_page(client, "/forms/anmeldung/personen", {"action": "continue"})
    assert response.status_code == 422
    # remove person 2
    page = client.get("/forms/anmeldung/personen/2/remove").get_data(as_text=True)
    assert "Omar" in page
    client.post(
        "/forms/anmeldung/personen/2/remove", data={"csrf_token": csrf(page), "confirm": "yes"}
    )
    summary = client.get("/forms/anmeldung/personen").get_data(as_text=True)
    assert "Omar" not in summary and "Amira" in summary


def test_back_link_keeps_answers(client) -> None:
    client.get("/?lang=de")
    complete_anmeldung(client)
    html = client.get("/forms/anmeldung/herkunft").get_data(as_text=True)
    assert 'href="/forms/anmeldung/wohnungsstatus"' in html
    assert 'value="SY" selected' in html


def test_change_link_returns_to_check(client) -> None:
    client.get("/?lang=de")
    complete_anmeldung(client)
    response = post_page(
        client, "/forms/anmeldung/wohnungsstatus?return=check", {"weitere_wohnungen": "no"}
    )
    assert response.headers["Location"].endswith("/forms/anmeldung/check")


def test_conditional_question_appears_without_javascript(client) -> None:
    client.get("/?lang=de")
    start(client)
    page = client.get("/forms/anmeldung/wohnungsstatus").get_data(as_text=True)
    # sent hidden for the script, and not counted as shown
    assert 'data-reveal="weitere_wohnungen=yes"' in page
    # without JavaScript: the page comes back with the new question, without an error for it
    response = post_page(client, "/forms/anmeldung/wohnungsstatus", {"weitere_wohnungen": "yes"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Was ist die neue Wohnung für Sie?" in html
    assert "error-summary" not in html
    response = post_page(
        client,
        "/forms/anmeldung/wohnungsstatus",
        {"weitere_wohnungen": "yes", "neue_wohnung_art": "H"},
    )
    assert response.status_code == 302


def test_hidden_step_is_not_reachable(client) -> None:
    client.get("/?lang=de")
    start(client)
    post_page(
        client,
        "/forms/anmeldung/herkunft",
        {"herkunft": "ausland", "zuzug_staat": "SY", "frueher_in_deutschland": "no"},
    )
    response = client.get("/forms/anmeldung/bisherige_wohnung")
    assert response.status_code == 302


def test_add_another_nationality(client) -> None:
    client.get("/?lang=de")
    start(client)
    post_page(client, "/forms/anmeldung/personen/1/namen", PERSON_PAGES["namen"])
    response = post_page(
        client,
        "/forms/anmeldung/personen/1/staat_religion",
        {"staatsangehoerigkeiten": "SY", "add_country": "staatsangehoerigkeiten"},
    )
    html = response.get_data(as_text=True)
    assert 'id="f-staatsangehoerigkeiten-1"' in html
    assert "error-summary" not in html
    response = post_page(
        client,
        "/forms/anmeldung/personen/1/staat_religion",
        {"staatsangehoerigkeiten": ["SY", "TR"], "religion": "keine"},
    )
    assert response.status_code == 302
    html = client.get("/forms/anmeldung/personen/1/staat_religion").get_data(as_text=True)
    assert 'value="TR" selected' in html


def test_result_page_offers_the_filled_official_pdf(client) -> None:
    import pytest
    from tests_support import corpus_available

    if not corpus_available("anmeldung_berlin.pdf"):
        pytest.skip("real PDF corpus not available")
    client.get("/?lang=ar")
    complete_anmeldung(client)
    post_page(client, "/forms/anmeldung/check", {})
    done = client.get("/forms/anmeldung/done").get_data(as_text=True)
    assert 'href="/forms/anmeldung/pdf/meldeschein_berlin.pdf"' in done
    pdf = client.get("/forms/anmeldung/pdf/meldeschein_berlin.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "no-store"
    assert client.get("/forms/anmeldung/pdf/nope.pdf").status_code == 404


def test_labelled_computed_values_appear_in_the_review(client) -> None:
    client.get("/?lang=de")
    complete_anmeldung(client)
    html = client.get("/forms/anmeldung/check").get_data(as_text=True)
    assert "Calculated from your answers" in html or "berechnet" in html
    assert "Anzahl der Personen" in html
