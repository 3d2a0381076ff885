"""The audit log (who did what to which case, never any values) and internal notes."""

from __future__ import annotations

import io
import logging
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from advisor_helpers import (
    case_id_of,
    client_code,
    complete_as_advisor,
    database_dump,
    login,
    open_with_code,
    post_form,
    text,
)
from pypdf import PdfReader
from web_helpers import post_page

from wizard.store import audit
from wizard.store.advisor_schema import advisor_audit, advisor_cases
from wizard.store.cases import open_notes, seal_notes

NOTE = "Notiz-Qx7: Mietvertrag fehlt, Termin 12.3."
TOWN = "Zwergenhausen-Süd"


def _handoff(app, client, desk):
    code = client_code(client)
    login(desk)
    case_id = case_id_of(open_with_code(desk, code))
    return case_id, code


def _everything_in(app) -> str:
    engine = app.extensions["wizard.store"].engine
    with engine.connect() as conn:
        rows = conn.execute(sa.select(advisor_audit)).all()
    return "\n".join(" | ".join(str(v) for v in row) for row in rows)


def test_audit_entries_name_who_what_when_but_never_values(
    app, client, desk, advisor, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    case_id, code = _handoff(app, client, desk)
    desk.get(f"/advisor/cases/{case_id}")
    step = f"/advisor/cases/{case_id}/steps/einzug"
    post_page(
        desk,
        step,
        {
            "einzugsdatum-day": "1",
            "einzugsdatum-month": "11",
            "einzugsdatum-year": "2026",
            "neue_strasse": "Hauptstraße 5",
            "neue_plz": "59227",
            "neue_ort": TOWN,
        },
    )
    complete_as_advisor(desk, case_id)
    post_form(desk, f"/advisor/cases/{case_id}/notes", {"notes": NOTE}, f"/advisor/cases/{case_id}")
    desk.get(f"/advisor/cases/{case_id}/summary-de.pdf")
    desk.get(f"/advisor/cases/{case_id}/summary-ar.pdf")
    desk.get(f"/advisor/cases/{case_id}/pdf/meldeschein.pdf")
    post_form(desk, f"/advisor/cases/{case_id}/delete", {"action": "delete"})

    entries = audit.for_advisor(app.extensions["wizard.store"].engine, advisor.id)
    by_action = {e.action for e in entries}
    assert {"login", "received", "opened", "changed", "noted", "printed", "deleted"} <= by_action
    printed = sorted(e.detail for e in entries if e.action == "printed")
    assert printed == ["pdf:meldeschein", "summary:ar", "summary:de"]
    changed = {e.detail for e in entries if e.action == "changed"}
    assert "step:einzug" in changed and "item:personen/1/namen" in changed
    for e in entries:
        assert e.advisor_id == advisor.id and e.advisor_email == advisor.email
        assert isinstance(e.at, datetime) and e.at.tzinfo is not None
        if e.action not in ("login", "logout"):
            assert e.case_id == case_id and e.form_id == "anmeldung"

    dump = _everything_in(app)
    secrets = [
        TOWN,
        "Haddad",
        "Amira",
        "Aleppo",
        "N0123456",
        "Hauptstraße",
        "59227",
        NOTE,
        "Notiz-Qx7",
        code,
        code.replace("-", ""),
        "1990",
    ]
    for value in secrets:
        assert value not in dump, value
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for value in secrets:
        assert value not in logged, value


def test_the_log_pages_show_only_the_advisors_own_entries(
    app, client, desk, advisor, other_advisor
) -> None:
    case_id, _code = _handoff(app, client, desk)
    case_page = text(desk.get(f"/advisor/cases/{case_id}").get_data(as_text=True))
    assert "received the case with the client's code" in case_page
    own = desk.get("/advisor/log").get_data(as_text=True)
    assert case_id[:8] in own
    other = app.test_client()
    login(other, email=other_advisor.email)
    theirs = other.get("/advisor/log").get_data(as_text=True)
    assert case_id[:8] not in theirs and advisor.email not in theirs


def test_audit_refuses_free_text_details_and_unknown_actions(app, advisor) -> None:
    engine = app.extensions["wizard.store"].engine
    now = datetime.now(UTC)
    with pytest.raises(ValueError):
        audit.record(
            engine, advisor_id=advisor.id, action="changed", now=now, detail="Amira Haddad"
        )
    with pytest.raises(ValueError):
        audit.record(engine, advisor_id=advisor.id, action="peeked", now=now)
    audit.record(engine, advisor_id=advisor.id, action="changed", now=now, detail="step:einzug")


def test_failed_logins_are_logged_for_the_account(app, desk, advisor) -> None:
    login(desk, password="falsches-passwort-123")
    entries = audit.for_advisor(app.extensions["wizard.store"].engine, advisor.id)
    assert [(e.action, e.detail) for e in entries] == [("login_failed", "password")]


def test_notes_are_encrypted_shown_to_the_advisor_and_never_in_pdfs(
    app, client, desk, advisor
) -> None:
    case_id, _code = _handoff(app, client, desk)
    complete_as_advisor(desk, case_id)
    case_url = f"/advisor/cases/{case_id}"
    assert post_form(desk, f"{case_url}/notes", {"notes": NOTE}, case_url).status_code == 302
    assert NOTE in desk.get(case_url).get_data(as_text=True)

    # encrypted at rest: not in the database file, in any spelling
    raw = database_dump(app)
    assert len(raw) > 1000
    assert NOTE.encode() not in raw and b"Notiz-Qx7" not in raw

    # never on the printable answers, never in any PDF, never on the client's pages
    assert "Notiz-Qx7" not in desk.get(f"{case_url}/answers").get_data(as_text=True)
    pdfs = [
        desk.get(f"{case_url}/summary-de.pdf").data,
        desk.get(f"{case_url}/summary-ar.pdf").data,
        desk.get(f"{case_url}/pdf/meldeschein.pdf").data,
        client.get("/forms/anmeldung/summary.pdf").data,
        client.get("/forms/anmeldung/pdf/meldeschein.pdf").data,
    ]
    for data in pdfs:
        assert data.startswith(b"%PDF")
        assert b"Notiz-Qx7" not in data
        reader = PdfReader(io.BytesIO(data))
        content = " ".join(page.extract_text() or "" for page in reader.pages)
        values = " ".join(str(f.get("/V", "")) for f in (reader.get_fields() or {}).values())
        assert "Notiz-Qx7" not in content and "Notiz-Qx7" not in values
    for path in ("/forms/anmeldung/check", "/forms/anmeldung/done"):
        assert "Notiz-Qx7" not in client.get(path).get_data(as_text=True)

    # the notes section is not printed either
    html = desk.get(case_url).get_data(as_text=True)
    tag = re.search(r'<section id="notes"[^>]*>', html)
    assert tag and "print-hidden" in tag.group(0)


def test_notes_are_bound_to_their_case_and_limited_in_length(app, client, desk, advisor) -> None:
    case_id, _code = _handoff(app, client, desk)
    case_url = f"/advisor/cases/{case_id}"
    too_long = post_form(desk, f"{case_url}/notes", {"notes": "x" * 10_001}, case_url)
    assert too_long.status_code == 422
    dek = b"k" * 32
    sealed = seal_notes(dek, NOTE, case_id="A" * 22, draft_id="B" * 22)
    assert open_notes(dek, sealed, case_id="A" * 22, draft_id="B" * 22) == NOTE
    from wizard.store import DraftNotFound

    with pytest.raises(DraftNotFound):  # moved to another case: does not open
        open_notes(dek, sealed, case_id="C" * 22, draft_id="B" * 22)
    # clearing the notes removes the ciphertext
    post_form(desk, f"{case_url}/notes", {"notes": NOTE}, case_url)
    post_form(desk, f"{case_url}/notes", {"notes": "  "}, case_url)
    with app.extensions["wizard.store"].engine.connect() as conn:
        assert conn.execute(sa.select(advisor_cases.c.notes)).scalar_one() is None
