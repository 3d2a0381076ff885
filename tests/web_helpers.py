"""Helpers to drive the wizard through Flask's test client like a browser would."""

from __future__ import annotations

import re
from html import unescape

ANMELDUNG_STEPS = {
    "einzug": {
        "einzugsdatum-day": "1",
        "einzugsdatum-month": "11",
        "einzugsdatum-year": "2026",
        "neue_strasse": "Hauptstraße 5",
        "neue_zusatz": "",
        "neue_plz": "59227",
        "neue_ort": "Ahlen",
        "neue_ortsteil": "",
    },
    "wohnungsstatus": {"weitere_wohnungen": "no"},
    "herkunft": {"herkunft": "ausland", "zuzug_staat": "SY", "frueher_in_deutschland": "no"},
    "vermieter": {"wgb_vorhanden": "yes"},
}

PERSON_PAGES = {
    "namen": {
        "familienname": "Haddad",
        "vornamen": "Amira",
        "geburtsname": "",
        "doktorgrad": "",
        "fruehere_namen": "",
        "ordensname": "",
    },
    "geburt": {
        "geschlecht": "W",
        "geburtsdatum-day": "2",
        "geburtsdatum-month": "3",
        "geburtsdatum-year": "1990",
        "geburtsort": "Aleppo",
        "geburtsland": "SY",
    },
    "staat_religion": {"staatsangehoerigkeiten": "SY", "religion": "keine"},
    "familienstand": {"familienstand": "LD"},
    "dokument": {
        "dokument_art": "RP",
        "dokument_nummer": "N0123456",
        "dokument_behoerde": "Ministry of Interior Damascus",
        "dokument_ausgestellt-day": "5",
        "dokument_ausgestellt-month": "6",
        "dokument_ausgestellt-year": "2020",
        "dokument_gueltig_bis-day": "4",
        "dokument_gueltig_bis-month": "6",
        "dokument_gueltig_bis-year": "2030",
    },
}


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def version(html: str) -> str:
    match = re.search(r'name="version" value="(\d+)"', html)
    return match.group(1) if match else ""


def shown(html: str) -> str:
    match = re.search(r'name="shown" value="([^"]*)"', html)
    return unescape(match.group(1)) if match else ""


def post_page(client, url: str, data: dict, **kwargs):
    """GET the page, then POST ``data`` with its CSRF token, version and shown fields."""
    page = client.get(url, **kwargs)
    assert page.status_code == 200, (url, page.status_code)
    html = page.get_data(as_text=True)
    body = {"csrf_token": csrf(html), "version": version(html), "shown": shown(html), **data}
    return client.post(url, data=body, **kwargs)


def start(client, form_id: str = "anmeldung"):
    page = client.get(f"/forms/{form_id}")
    return client.post(
        f"/forms/{form_id}/start", data={"csrf_token": csrf(page.get_data(as_text=True))}
    )


def complete_anmeldung(client) -> None:
    """Answer every page of the Anmeldung for one person (German values)."""
    response = start(client)
    assert response.status_code == 302
    for step in ("einzug", "wohnungsstatus", "herkunft"):
        response = post_page(client, f"/forms/anmeldung/{step}", ANMELDUNG_STEPS[step])
        assert response.status_code == 302, (step, response.get_data(as_text=True)[:3000])
    for page, data in PERSON_PAGES.items():
        response = post_page(client, f"/forms/anmeldung/personen/1/{page}", data)
        assert response.status_code == 302, (page, response.get_data(as_text=True)[:3000])
    response = post_page(client, "/forms/anmeldung/personen", {"action": "continue"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    response = post_page(client, "/forms/anmeldung/vermieter", ANMELDUNG_STEPS["vermieter"])
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/forms/anmeldung/check")


def complete_form(client, form, answers: dict) -> None:
    """Fill every page of ``form`` through the test client from stored ``answers``."""
    from form_walker import pages

    response = start(client, form.id)
    assert response.status_code == 302, response.status_code
    for page in pages(form, answers):
        response = post_page(client, page.url, page.data)
        assert response.status_code == 302, (
            page.url,
            response.status_code,
            response.get_data(as_text=True)[:4000],
        )
    assert client.get(f"/forms/{form.id}/check").status_code == 200
