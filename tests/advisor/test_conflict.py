"""Client and advisor edit the same draft: a stale save is refused, shown, never lost."""

from __future__ import annotations

import re
from html import unescape

from advisor_helpers import case_id_of, client_code, login, open_with_code
from web_helpers import csrf, shown, version

from wizard.store import Store, audit

EINZUG = {
    "einzugsdatum-day": "1",
    "einzugsdatum-month": "11",
    "einzugsdatum-year": "2026",
    "neue_strasse": "Hauptstraße 5",
    "neue_zusatz": "",
    "neue_plz": "59227",
    "neue_ortsteil": "",
}


def _form(html: str, **data: str) -> dict[str, str]:
    return {"csrf_token": csrf(html), "version": version(html), "shown": shown(html), **data}


def _value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    assert match, name
    return unescape(match.group(1))


def _stored_town(app, client) -> str:
    store: Store = app.extensions["wizard.store"]
    key = client.get_cookie("wz-anmeldung").value
    return store.open(key).answers["neue_ort"]


def _setup(app, client, desk):
    code = client_code(client)
    login(desk)
    return case_id_of(open_with_code(desk, code))


def test_client_saving_after_the_advisor_sees_the_newer_answers(app, client, desk, advisor) -> None:
    case_id = _setup(app, client, desk)
    advisor_url = f"/advisor/cases/{case_id}/steps/einzug"
    client_page = client.get("/forms/anmeldung/einzug").get_data(as_text=True)
    advisor_page = desk.get(advisor_url).get_data(as_text=True)
    assert version(client_page) == version(advisor_page)

    saved = desk.post(advisor_url, data=_form(advisor_page, **EINZUG, neue_ort="Hamm"))
    assert saved.status_code == 302

    stale = client.post(
        "/forms/anmeldung/einzug", data=_form(client_page, **EINZUG, neue_ort="Beckum")
    )
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    newer = html[html.index('class="answers newer"') :]
    assert "Hamm" in newer.split("</dl>")[0]  # the advisor's answer, shown as saved now
    assert _value(html, "neue_ort") == "Beckum"  # what the client typed is still there
    assert _stored_town(app, client) == "Hamm"  # nothing overwritten

    # sending the page again (it carries the new version) is a deliberate overwrite
    again = client.post("/forms/anmeldung/einzug", data=_form(html, **EINZUG, neue_ort="Beckum"))
    assert again.status_code == 302
    assert _stored_town(app, client) == "Beckum"


def test_advisor_saving_after_the_client_sees_the_newer_answers(app, client, desk, advisor) -> None:
    case_id = _setup(app, client, desk)
    advisor_url = f"/advisor/cases/{case_id}/steps/einzug"
    advisor_page = desk.get(advisor_url).get_data(as_text=True)
    client_page = client.get("/forms/anmeldung/einzug").get_data(as_text=True)
    saved = client.post(
        "/forms/anmeldung/einzug", data=_form(client_page, **EINZUG, neue_ort="Beckum")
    )
    assert saved.status_code == 302

    stale = desk.post(advisor_url, data=_form(advisor_page, **EINZUG, neue_ort="Hamm"))
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "These answers were changed somewhere else" in html
    newer = html[html.index('class="answers newer"') :].split("</dl>")[0]
    assert "Beckum" in newer
    assert _value(html, "neue_ort") == "Hamm"
    assert _stored_town(app, client) == "Beckum"
    entries = audit.for_case(app.extensions["wizard.store"].engine, case_id)
    assert entries[0].action == "conflict" and entries[0].detail == "step:einzug"

    again = desk.post(advisor_url, data=_form(html, **EINZUG, neue_ort="Hamm"))
    assert again.status_code == 302
    assert _stored_town(app, client) == "Hamm"


def test_a_save_racing_another_save_is_refused_by_the_store(
    app, client, desk, advisor, monkeypatch
) -> None:
    """No stale form at all: the client saves between the advisor's read and write."""
    case_id = _setup(app, client, desk)
    advisor_url = f"/advisor/cases/{case_id}/steps/einzug"
    page = desk.get(advisor_url).get_data(as_text=True)
    store: Store = app.extensions["wizard.store"]
    key = client.get_cookie("wz-anmeldung").value
    original = Store.save
    raced = []

    def save_after_someone_else(self, access, payload, *, expected_version):  # type: ignore[no-untyped-def]
        if not raced:
            raced.append(True)
            current = self.open(key)
            answers = {**current.answers, "neue_ort": "Ennigerloh"}
            original(
                self,
                key,
                {"answers": answers, "state": current.state},
                expected_version=current.version,
            )
        return original(self, access, payload, expected_version=expected_version)

    monkeypatch.setattr(Store, "save", save_after_someone_else)
    response = desk.post(advisor_url, data=_form(page, **EINZUG, neue_ort="Hamm"))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Ennigerloh" in html[html.index('class="answers newer"') :].split("</dl>")[0]
    assert _value(html, "neue_ort") == "Hamm"
    assert store.open(key).answers["neue_ort"] == "Ennigerloh"


def test_item_pages_show_conflicts_too(app, client, desk, advisor) -> None:
    from web_helpers import PERSON_PAGES, post_page

    case_id = _setup(app, client, desk)
    url = f"/advisor/cases/{case_id}/steps/personen/1/namen"
    assert post_page(desk, url, PERSON_PAGES["namen"]).status_code == 302
    advisor_page = desk.get(url).get_data(as_text=True)
    client_url = "/forms/anmeldung/personen/1/namen"
    names = {**PERSON_PAGES["namen"], "familienname": "Haddad-Saleh"}
    assert post_page(client, client_url, names).status_code == 302
    stale = desk.post(url, data=_form(advisor_page, **{**names, "familienname": "Saleh"}))
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "Haddad-Saleh" in html[html.index('class="answers newer"') :].split("</dl>")[0]
    assert _value(html, "familienname") == "Saleh"
