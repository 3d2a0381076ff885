"""Access control: an advisor reaches only the cases handed to them (or started by them)."""

from __future__ import annotations

import re

import pytest
from advisor_helpers import PASSWORD, case_id_of, client_code, login, open_with_code, post_form
from web_helpers import csrf

from wizard.store import CaseNotFound, DraftNotFound


@pytest.fixture
def handed_over(app, client, desk, advisor):
    """A client's draft handed to the first advisor: (case id, resume code)."""
    code = client_code(client)
    login(desk)
    response = open_with_code(desk, code)
    assert response.status_code == 302
    return case_id_of(response), code


CASE_PAGES = [
    "/advisor/cases/{id}",
    "/advisor/cases/{id}/answers",
    "/advisor/cases/{id}/continue",
    "/advisor/cases/{id}/steps/einzug",
    "/advisor/cases/{id}/steps/personen",
    "/advisor/cases/{id}/summary-de.pdf",
    "/advisor/cases/{id}/pdf/meldeschein.pdf",
    "/advisor/cases/{id}/delete",
]


def test_another_advisor_cannot_reach_a_case_not_handed_to_them(
    app, handed_over, other_advisor
) -> None:
    case_id, _code = handed_over
    other = app.test_client()
    login(other, email=other_advisor.email)
    assert case_id not in other.get("/advisor/?status=all").get_data(as_text=True)
    for page in CASE_PAGES:
        assert other.get(page.format(id=case_id)).status_code == 404, page
    token = csrf(other.get("/advisor/").get_data(as_text=True))
    for action, data in (
        ("notes", {"notes": "x"}),
        ("status", {"action": "close"}),
        ("code", {}),
        ("finish", {}),
        ("delete", {"action": "delete"}),
        ("steps/einzug", {"neue_ort": "Hamm"}),
    ):
        response = other.post(
            f"/advisor/cases/{case_id}/{action}", data={"csrf_token": token, **data}
        )
        assert response.status_code == 404, action
    # nothing happened to the case
    desk_view = app.extensions["wizard.cases"]
    advisors = app.extensions["wizard.advisors"]
    owner, _ = advisors.login("berater@kim.example", PASSWORD)
    assert not desk_view.get(owner, case_id).closed


def test_the_store_refuses_someone_elses_case_even_with_its_id(
    app, handed_over, advisor, other_advisor
) -> None:
    case_id, _code = handed_over
    advisors = app.extensions["wizard.advisors"]
    cases = app.extensions["wizard.cases"]
    store = app.extensions["wizard.store"]
    owner, _ = advisors.login(advisor.email, PASSWORD)
    intruder, _ = advisors.login(other_advisor.email, PASSWORD)
    with pytest.raises(CaseNotFound):
        cases.get(intruder, case_id)
    case = cases.get(owner, case_id)
    with pytest.raises(CaseNotFound):
        cases.unlock(intruder, case)
    # the slot is the owner's: the other advisor's key does not unwrap it under any ref
    for ref in (advisor.id, other_advisor.id):
        with pytest.raises(DraftNotFound):
            store.unlock_slot(case.draft_id, "advisor", ref, intruder.key)
    assert cases.list(intruder) == []


def test_case_ids_are_random_not_sequential(app, desk, advisor) -> None:
    login(desk)
    ids = []
    for _ in range(5):
        page = desk.get("/advisor/desk").get_data(as_text=True)
        response = desk.post(
            "/advisor/desk",
            data={"csrf_token": csrf(page), "form_id": "anmeldung", "client_lang": "uk"},
        )
        assert response.status_code == 302
        ids.append(re.search(r"/advisor/cases/([^/]+)/", response.headers["Location"]).group(1))
    assert len(set(ids)) == 5
    for case_id in ids:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", case_id)  # 128 random bits
        assert not case_id.isdigit()
    # no shared prefixes or counters between consecutive ids
    assert len({case_id[:4] for case_id in ids}) == 5


def test_guessed_or_malformed_case_ids_are_404(desk, advisor) -> None:
    login(desk)
    for case_id in ("1", "2", "AAAAAAAAAAAAAAAAAAAAAA", "../../etc", "x" * 300):
        assert desk.get(f"/advisor/cases/{case_id}").status_code == 404, case_id


def test_hand_off_keeps_the_clients_access(app, client, handed_over) -> None:
    _case_id, code = handed_over
    # the client's cookie still works (resume() would have revoked it)
    assert client.get("/forms/anmeldung/einzug").status_code == 200
    # and their code too, on another device
    phone = app.test_client()
    page = phone.get("/resume").get_data(as_text=True)
    response = phone.post("/resume", data={"csrf_token": csrf(page), "code": code})
    assert response.status_code == 302 and "/forms/anmeldung/" in response.headers["Location"]


def test_opening_needs_a_real_code_and_the_clients_consent(app, client, desk, advisor) -> None:
    code = client_code(client)
    login(desk)
    no_consent = post_form(desk, "/advisor/open", {"code": code})
    assert no_consent.status_code == 422
    assert "Confirm that the client gave you the code" in no_consent.get_data(as_text=True)
    wrong = post_form(desk, "/advisor/open", {"code": "K7QM-4XRT-9HPW", "consent": "yes"})
    assert wrong.status_code == 422 and "No answers were found" in wrong.get_data(as_text=True)
    garbage = post_form(desk, "/advisor/open", {"code": "hello", "consent": "yes"})
    assert garbage.status_code == 422
    assert desk.get("/advisor/").get_data(as_text=True).count("/advisor/cases/") == 0
    # the link from the QR code works as input too
    link = f"http://localhost/r/{code.replace('-', '')}"
    assert post_form(desk, "/advisor/open", {"code": link, "consent": "yes"}).status_code == 302


def test_a_scanned_link_only_fills_in_the_form(app, client, desk, advisor) -> None:
    code = client_code(client).replace("-", "")
    login(desk)
    page = desk.get(f"/advisor/r/{code}")
    assert page.status_code == 200 and f'value="{code}"' in page.get_data(as_text=True)
    assert "/advisor/cases/" not in desk.get("/advisor/").get_data(as_text=True)


def test_code_guessing_is_rate_limited(app, desk, advisor) -> None:
    login(desk)
    limit, _window = app.config["RESUME_RATE_LIMIT"]
    for _ in range(limit):
        post_form(desk, "/advisor/open", {"code": "K7QM-4XRT-9HPW", "consent": "yes"})
    limited = post_form(desk, "/advisor/open", {"code": "K7QM-4XRT-9HPW", "consent": "yes"})
    assert limited.status_code == 429


def test_the_public_wizard_does_not_open_advisor_cases(app, desk, advisor) -> None:
    """A desk case has no client cookie: the public wizard shows nothing to anyone."""
    login(desk)
    page = desk.get("/advisor/desk").get_data(as_text=True)
    desk.post(
        "/advisor/desk",
        data={"csrf_token": csrf(page), "form_id": "anmeldung", "client_lang": "ar"},
    )
    stranger = app.test_client()
    assert stranger.get("/forms/anmeldung/einzug").status_code == 404
