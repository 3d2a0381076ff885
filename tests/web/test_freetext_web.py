"""Free-text answers in the user's own language: translate into German, or leave for the advisor."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader
from web_helpers import csrf, post_page, shown, start, version

from wizard import originals, outputs
from wizard.i18n import freetext
from wizard.store import ScryptParams
from wizard.web.app import create_app

FORMS = Path(__file__).parent / "freetext_forms"
ARABIC = "أبحث عن عمل منذ شهرين وليس لدي دخل."
GERMAN = "Ich suche seit zwei Monaten Arbeit und habe kein Einkommen."


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "WIZARD_DATA_DIR": str(tmp_path / "data"),
            "SECRET_KEY": "test-secret-key-0123456789abcdef",
            "RESUME_KDF": ScryptParams(n=2**10, r=8, p=1),
            "FORMS_DIR": str(FORMS),
        }
    )
    yield app
    app.extensions["wizard.store"].close()


@pytest.fixture
def no_machine(monkeypatch):
    monkeypatch.setattr(freetext, "available", lambda locale: False)
    monkeypatch.setattr(freetext, "to_german", lambda locale, text: None)


@pytest.fixture
def machine(monkeypatch):
    """A stand-in for an installed model: knows one Arabic sentence, fails on "fail"."""
    asked: list[tuple[str, str]] = []

    def to_german(locale: str, text: str) -> str | None:
        asked.append((locale, text))
        if "fail" in text:
            return None
        return GERMAN if text.strip() == ARABIC else f"[de] {text}"

    monkeypatch.setattr(freetext, "available", lambda locale: locale != "de")
    monkeypatch.setattr(freetext, "to_german", to_german)
    return asked


def begin(client, lang: str = "ar") -> None:
    client.get(f"/?lang={lang}")
    assert start(client, "notiz").status_code == 302


def state(app, client) -> dict:
    key = client.get_cookie("wz-notiz").value
    return app.extensions["wizard.store"].open(key).state


def answers(app, client) -> dict:
    key = client.get_cookie("wz-notiz").value
    return app.extensions["wizard.store"].open(key).answers


def textarea(html: str, field_id: str) -> str:
    match = re.search(rf'<textarea[^>]* name="{field_id}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {field_id}"
    return unescape(match.group(1))


def press_translate(client, url: str, data: dict):
    page = client.get(url).get_data(as_text=True)
    body = {"csrf_token": csrf(page), "version": version(page), "shown": shown(page)}
    return client.post(url, data={**body, **data})


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --------------------------------------------------------------------------- without a model


def test_without_a_model_the_user_is_asked_to_write_german_or_tick_the_box(app, no_machine) -> None:
    client = app.test_client()
    begin(client, "ar")
    html = client.get("/forms/notiz/grund").get_data(as_text=True)
    block = html[html.index('id="q-grund"') : html.index('id="q-ort"')]
    assert 'id="ft-grund"' in block and 'aria-describedby="ft-grund"' in block
    assert 'name="grund-advisor"' in block
    assert 'name="translate"' not in html  # nothing to translate with
    # a question whose author turned free text off offers neither
    intern = html[html.index('id="q-intern"') :]
    assert "intern-advisor" not in intern and 'id="ft-intern"' not in intern
    # Enter in a text box must mean Continue: the first submit button has no name
    form = html[html.index('class="step-form"') :]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'type="submit"' in first_button and "name=" not in first_button


def test_german_pages_offer_nothing(app, machine) -> None:
    client = app.test_client()
    begin(client, "de")
    html = client.get("/forms/notiz/grund").get_data(as_text=True)
    assert "grund-advisor" not in html and 'name="translate"' not in html
    assert 'id="ft-grund"' not in html


def test_ticked_box_keeps_the_text_for_the_advisor_everywhere(app, no_machine) -> None:
    client = app.test_client()
    begin(client, "ar")
    response = post_page(
        client, "/forms/notiz/grund", {"grund": ARABIC, "grund-advisor": "1", "ort": "Ahlen"}
    )
    assert response.status_code == 302
    assert answers(app, client)["grund"] == ARABIC  # nothing is lost or changed
    assert state(app, client)[originals.STATE_KEY] == {
        "grund": {"lang": "ar", "text": ARABIC, "mode": "advisor"}
    }
    page = client.get("/forms/notiz/grund").get_data(as_text=True)
    assert 'name="grund-advisor" value="1" checked' in page
    post_page(client, "/forms/notiz/kinder", {})
    check = client.get("/forms/notiz/check").get_data(as_text=True)
    assert 'class="free-note"' in check
    assert post_page(client, "/forms/notiz/check", {}).status_code == 302
    done = client.get("/forms/notiz/done").get_data(as_text=True)
    # a notice before submitting, with a link back to the question
    assert 'href="/forms/notiz/grund"' in done[: done.index("</ul>")]
    summary = pdf_text(client.get("/forms/notiz/summary.pdf").data)
    assert "Noch nicht auf Deutsch" in summary


def test_unticking_the_box_or_an_advisor_translation_ends_the_request(app, no_machine) -> None:
    client = app.test_client()
    begin(client, "ar")
    post_page(client, "/forms/notiz/grund", {"grund": ARABIC, "grund-advisor": "1", "ort": "X"})
    post_page(client, "/forms/notiz/grund", {"grund": ARABIC, "ort": "X"})
    assert originals.load(state(app, client)) == {}
    # a note that no longer matches its answer (the advisor wrote German) is ignored
    note = originals.Original("ar", ARABIC, originals.ADVISOR)
    assert originals.applies(note, ARABIC) is note
    assert originals.applies(note, GERMAN) is None
    assert originals.applies(note, "") is None


def test_ticked_box_survives_an_error_elsewhere_on_the_page(app, no_machine) -> None:
    client = app.test_client()
    begin(client, "ar")
    response = post_page(client, "/forms/notiz/grund", {"grund": ARABIC, "grund-advisor": "1"})
    assert response.status_code == 422  # "ort" is missing
    html = response.get_data(as_text=True)
    assert 'name="grund-advisor" value="1" checked' in html
    assert textarea(html, "grund") == ARABIC
    assert answers(app, client)["grund"] == ARABIC


# --------------------------------------------------------------------------- with a model


def test_translate_shows_the_german_beside_the_users_words(app, machine) -> None:
    client = app.test_client()
    begin(client, "ar")
    html = client.get("/forms/notiz/grund").get_data(as_text=True)
    assert 'name="translate" value="grund"' in html
    response = press_translate(
        client, "/forms/notiz/grund", {"grund": ARABIC, "translate": "grund"}
    )
    assert response.status_code == 200  # the same page again, for checking
    html = response.get_data(as_text=True)
    assert machine == [("ar", ARABIC)]
    assert textarea(html, "grund") == GERMAN
    note = html[html.index('id="o-grund"') :]
    assert ARABIC in note[: note.index("</div>")]
    assert "error-summary" not in html  # "ort" not answered yet is no error here
    # saved at once: the German as the answer, the user's words in the draft
    assert answers(app, client)["grund"] == GERMAN
    assert originals.load(state(app, client))["grund"] == originals.Original(
        "ar", ARABIC, originals.MACHINE, GERMAN
    )
    # coming back later shows the same
    again = client.get("/forms/notiz/grund").get_data(as_text=True)
    assert textarea(again, "grund") == GERMAN and 'id="o-grund"' in again
    # the user corrects a word and continues: their German is kept, with their words
    corrected = GERMAN.replace("zwei", "2")
    response = post_page(client, "/forms/notiz/grund", {"grund": corrected, "ort": "Ahlen"})
    assert response.status_code == 302
    assert answers(app, client)["grund"] == corrected
    post_page(client, "/forms/notiz/kinder", {})
    check = client.get("/forms/notiz/check").get_data(as_text=True)
    assert ARABIC in check and corrected in check and 'class="free-note"' in check
    [section] = [
        s
        for s in outputs.review_sections(
            app.extensions["wizard.library"].get("notiz"),
            answers(app, client),
            "ar",
            state=state(app, client),
        )
        if s.step.id == "grund"
    ]
    row = section.rows[0]
    assert (row.answer_user, row.answer_de, row.free_text) == (ARABIC, corrected, "machine")
    summary = pdf_text(client.get("/forms/notiz/summary.pdf").data)
    assert "Maschinelle" in summary and "2 Monaten" in summary


def test_translate_without_text_or_when_it_fails_says_what_to_do(app, machine) -> None:
    client = app.test_client()
    begin(client, "ar")
    empty = press_translate(client, "/forms/notiz/grund", {"grund": " ", "translate": "grund"})
    assert empty.status_code == 422
    html = empty.get_data(as_text=True)
    assert 'href="#f-grund"' in html and 'id="e-grund"' in html
    assert machine == []
    failed = press_translate(
        client, "/forms/notiz/grund", {"grund": "please fail", "translate": "grund"}
    )
    assert failed.status_code == 422
    html = failed.get_data(as_text=True)
    assert textarea(html, "grund") == "please fail"  # the user's text stays in the box
    assert answers(app, client)["grund"] == "please fail"  # and is saved as written
    assert 'name="grund-advisor"' in html  # the way out: the advisor
    assert originals.STATE_KEY not in state(app, client) or not originals.load(state(app, client))


def test_translate_for_a_question_without_free_text_is_ignored(app, machine) -> None:
    client = app.test_client()
    begin(client, "ar")
    response = press_translate(
        client, "/forms/notiz/grund", {"intern": ARABIC, "translate": "intern", "ort": "A"}
    )
    assert machine == []
    assert response.status_code == 422  # an ordinary Continue: "grund" is missing
    assert answers(app, client)["intern"] == ARABIC


def test_emptying_a_translated_answer_forgets_the_users_words(app, machine) -> None:
    client = app.test_client()
    begin(client, "ar")
    press_translate(client, "/forms/notiz/grund", {"grund": ARABIC, "translate": "grund"})
    post_page(client, "/forms/notiz/grund", {"grund": "", "ort": "Ahlen"})
    assert originals.load(state(app, client)) == {}


def test_items_keep_their_own_words_and_removal_moves_them(app, machine) -> None:
    client = app.test_client()
    begin(client, "ar")
    post_page(client, "/forms/notiz/grund", {"grund": GERMAN, "ort": "Ahlen"})
    for number, name in ((1, "Amira"), (2, "Omar")):
        url = f"/forms/notiz/kinder/{number}/item"
        response = press_translate(
            client,
            url,
            {"vorname": name, "bemerkung": f"{ARABIC} {name}", "translate": "bemerkung"},
        )
        assert response.status_code == 200
        assert textarea(response.get_data(as_text=True), "bemerkung") == f"[de] {ARABIC} {name}"
        assert (
            post_page(client, url, {"vorname": name, "bemerkung": f"[de] {name}"}).status_code
            == 302
        )
    notes = originals.load(state(app, client))
    assert sorted(notes) == ["kinder/1/bemerkung", "kinder/2/bemerkung"]
    assert notes["kinder/2/bemerkung"].text == f"{ARABIC} Omar"
    page = client.get("/forms/notiz/kinder/1/remove").get_data(as_text=True)
    client.post(
        "/forms/notiz/kinder/1/remove",
        data={"csrf_token": csrf(page), "version": version(page), "confirm": "yes"},
    )
    notes = originals.load(state(app, client))
    assert list(notes) == ["kinder/1/bemerkung"]
    assert notes["kinder/1/bemerkung"].text == f"{ARABIC} Omar"


def test_malformed_notes_are_ignored() -> None:
    state_ = {
        originals.STATE_KEY: {
            "a": {"lang": "ar", "text": "x", "mode": "machine"},
            "b": {"lang": "ar", "text": "", "mode": "machine"},
            "c": {"lang": "ar", "text": "x", "mode": "other"},
            "d": "not a note",
            5: {"lang": "ar", "text": "x", "mode": "advisor"},
        }
    }
    assert list(originals.load(state_)) == ["a"]
    assert originals.load({originals.STATE_KEY: ["nonsense"]}) == {}
    assert originals.load(None) == {}
    assert originals.shift({"g/1/f": 1, "g/2/f": 2, "g/3/f": 3, "h/1/f": 4, "f": 5}, "g", 2) == {
        "g/1/f": 1,
        "g/2/f": 3,
        "h/1/f": 4,
        "f": 5,
    }


# --------------------------------------------------------------------------- a real model


def test_with_an_installed_model_the_button_works_end_to_end(app, tmp_path, monkeypatch) -> None:
    """The tiny test model (it copies its input) through the real Argos/CTranslate2 stack."""
    pytest.importorskip("argostranslate", reason="optional extra [translate] not installed")
    pytest.importorskip("ctranslate2", reason="optional extra [translate] not installed")
    from argos_tiny import argos_sandbox, build_package

    packages = argos_sandbox(tmp_path, monkeypatch)
    with zipfile.ZipFile(build_package(tmp_path, "uk", "de")) as archive:
        archive.extractall(packages)
    freetext.reset()
    try:
        client = app.test_client()
        begin(client, "uk")
        html = client.get("/forms/notiz/grund").get_data(as_text=True)
        assert 'name="translate" value="grund"' in html
        response = press_translate(
            client,
            "/forms/notiz/grund",
            {"grund": "Ich wohne seit 2022 hier.", "translate": "grund"},
        )
        assert response.status_code == 200
        # the copy model gives back the same words: nothing to show beside them
        assert textarea(response.get_data(as_text=True), "grund") == "Ich wohne seit 2022 hier."
        assert answers(app, client)["grund"] == "Ich wohne seit 2022 hier."
        assert originals.load(state(app, client)) == {}
    finally:
        freetext.reset()
