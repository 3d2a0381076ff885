"""Hand-off: the client starts at home, the advisor completes in German, the client sees it."""

from __future__ import annotations

import io

from advisor_helpers import (
    case_id_of,
    client_code,
    complete_as_advisor,
    login,
    open_with_code,
    post_form,
    text,
)
from pypdf import PdfReader
from web_helpers import csrf, post_page

from wizard.i18n import formtext
from wizard.store import audit


def test_client_starts_advisor_completes_client_sees_the_result(app, client, desk, advisor) -> None:
    code = client_code(client)  # Arabic, first step answered, code on the save page
    login(desk)
    case_id = case_id_of(open_with_code(desk, code))

    case_page = desk.get(f"/advisor/cases/{case_id}").get_data(as_text=True)
    assert "Arabic" in case_page and "handed over by the client" in case_page
    assert "1 of 5 steps" in case_page

    answers = desk.get(f"/advisor/cases/{case_id}/answers").get_data(as_text=True)
    assert "Hauptstraße 5" in answers and "Ahlen" in answers
    assert 'lang="ar" dir="rtl"' in answers  # the client's wording beside the German one
    assert "Tag des Einzugs" in answers  # the official German question
    assert "01.11.2026" in answers  # the answer as the German form wants it

    # the advisor corrects the town: the client's original text stays visible
    step = f"/advisor/cases/{case_id}/steps/einzug"
    page = desk.get(step).get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in page and 'name="neue_ort"' in page
    response = post_page(
        desk,
        step + "?return=answers",
        {
            "einzugsdatum-day": "1",
            "einzugsdatum-month": "11",
            "einzugsdatum-year": "2026",
            "neue_strasse": "Hauptstraße 5",
            "neue_zusatz": "",
            "neue_plz": "59227",
            "neue_ort": "Ahlen (Westf.)",
            "neue_ortsteil": "",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/advisor/cases/{case_id}/answers"
    answers = text(desk.get(f"/advisor/cases/{case_id}/answers").get_data(as_text=True))
    assert "Ahlen (Westf.)" in answers
    assert "Client's original text: Ahlen" in " ".join(answers.split())

    complete_as_advisor(desk, case_id)
    finished = post_form(
        desk, f"/advisor/cases/{case_id}/finish", {}, page_url=f"/advisor/cases/{case_id}/answers"
    )
    assert finished.status_code == 302

    summary = desk.get(f"/advisor/cases/{case_id}/summary-de.pdf")
    assert summary.status_code == 200 and summary.mimetype == "application/pdf"
    official = desk.get(f"/advisor/cases/{case_id}/pdf/meldeschein.pdf")
    assert official.status_code == 200 and official.data.startswith(b"%PDF")
    fields = PdfReader(io.BytesIO(official.data)).get_fields() or {}
    values = " ".join(str(f.get("/V", "")) for f in fields.values())
    assert "Haddad" in values and "Ahlen (Westf.)" in values

    # the client, on the same phone: sees the advisor's answers and the finished application
    check = client.get("/forms/anmeldung/check").get_data(as_text=True)
    assert "Ahlen (Westf.)" in check and "Haddad" in check
    assert client.get("/forms/anmeldung/done").status_code == 200

    # and on a new device with the same code
    other = app.test_client()
    page = other.get("/resume").get_data(as_text=True)
    resumed = other.post("/resume", data={"csrf_token": csrf(page), "code": code})
    assert resumed.status_code == 302
    assert "Ahlen (Westf.)" in other.get("/forms/anmeldung/check").get_data(as_text=True)

    # the advisor keeps access after the client's resume (their slot is not the client's)
    assert desk.get(f"/advisor/cases/{case_id}/answers").status_code == 200

    actions = [e.action for e in audit.for_case(app.extensions["wizard.store"].engine, case_id)]
    assert {"received", "opened", "changed", "finished", "printed"} <= set(actions)


def test_cases_list_shows_form_progress_language_and_name(app, client, desk, advisor) -> None:
    code = client_code(client)
    login(desk)
    case_id = case_id_of(open_with_code(desk, code))
    listing = text(desk.get("/advisor/").get_data(as_text=True))
    form = app.extensions["wizard.library"].get("anmeldung")
    assert formtext.translate(form, "title", form.title, "en") in listing  # the advisor's language
    assert "Arabic" in listing and "1 of 5 steps" in listing
    complete_as_advisor(desk, case_id)
    listing = " ".join(text(desk.get("/advisor/").get_data(as_text=True)).split())
    assert "Amira Haddad" in listing and "complete" in listing


def test_reopening_the_same_code_gives_the_same_case(app, client, desk, advisor) -> None:
    code = client_code(client)
    login(desk)
    first = case_id_of(open_with_code(desk, code))
    again = case_id_of(open_with_code(desk, code))
    assert first == again
    assert desk.get("/advisor/").get_data(as_text=True).count(f"/advisor/cases/{first}") == 1


def test_closing_makes_a_case_read_only_until_reopened(app, client, desk, advisor) -> None:
    code = client_code(client)
    login(desk)
    case_id = case_id_of(open_with_code(desk, code))
    case_url = f"/advisor/cases/{case_id}"
    post_form(desk, f"{case_url}/status", {"action": "close"}, page_url=case_url)
    assert case_id not in desk.get("/advisor/").get_data(as_text=True)
    assert case_id in desk.get("/advisor/?status=closed").get_data(as_text=True)
    response = desk.get(f"{case_url}/steps/einzug")
    assert response.status_code == 302 and response.headers["Location"] == case_url
    post_form(desk, f"{case_url}/status", {"action": "reopen"}, page_url=case_url)
    assert desk.get(f"{case_url}/steps/einzug").status_code == 200


def test_release_keeps_the_draft_delete_removes_it(app, client, desk, advisor) -> None:
    code = client_code(client)
    login(desk)
    case_id = case_id_of(open_with_code(desk, code))
    case_url = f"/advisor/cases/{case_id}"
    released = post_form(desk, f"{case_url}/delete", {"action": "release"})
    assert released.status_code == 302
    assert desk.get(case_url).status_code == 404
    assert client.get("/forms/anmeldung/einzug").status_code == 200  # the client keeps it

    case_id = case_id_of(open_with_code(desk, code))  # handed over again
    case_url = f"/advisor/cases/{case_id}"
    deleted = post_form(desk, f"{case_url}/delete", {"action": "delete"})
    assert deleted.status_code == 302
    assert desk.get(case_url).status_code == 404
    assert client.get("/forms/anmeldung/einzug").status_code == 404  # everything is gone
    entries = audit.for_advisor(app.extensions["wizard.store"].engine, advisor.id)
    assert [e.action for e in entries][:3] == ["deleted", "received", "released"]


def test_client_deleting_their_answers_ends_the_case(app, client, desk, advisor) -> None:
    code = client_code(client)
    login(desk)
    case_id = case_id_of(open_with_code(desk, code))
    post_form(client, "/forms/anmeldung/delete", {})
    assert desk.get(f"/advisor/cases/{case_id}").status_code == 404
    assert case_id not in desk.get("/advisor/?status=all").get_data(as_text=True)


def test_free_text_in_the_clients_script_shows_original_and_translation(
    app, client, desk, advisor, monkeypatch
) -> None:
    from wizard.i18n import freetext

    code = client_code(client)
    district = "حي الشرق"
    page = {
        "einzugsdatum-day": "1",
        "einzugsdatum-month": "11",
        "einzugsdatum-year": "2026",
        "neue_strasse": "Hauptstraße 5",
        "neue_plz": "59227",
        "neue_ort": "Ahlen",
    }
    assert (
        post_page(
            client, "/forms/anmeldung/einzug", {**page, "neue_ortsteil": district}
        ).status_code
        == 302
    )
    # a German machine translation, as the optional extra would give it
    monkeypatch.setattr(freetext, "available", lambda locale: locale == "ar")
    monkeypatch.setattr(
        freetext, "to_german", lambda locale, s: "Ostviertel" if s == district else None
    )
    login(desk)
    case_id = case_id_of(open_with_code(desk, code))
    answers = " ".join(
        text(desk.get(f"/advisor/cases/{case_id}/answers").get_data(as_text=True)).split()
    )
    assert district in answers
    assert "Not in Latin letters" in answers
    assert "Machine translation into German, please check: Ostviertel" in answers

    step = f"/advisor/cases/{case_id}/steps/einzug?return=answers"
    assert post_page(desk, step, {**page, "neue_ortsteil": "Ostviertel"}).status_code == 302
    answers = " ".join(
        text(desk.get(f"/advisor/cases/{case_id}/answers").get_data(as_text=True)).split()
    )
    assert f"Client's original text: {district}" in answers
    assert "Not in Latin letters" not in answers
