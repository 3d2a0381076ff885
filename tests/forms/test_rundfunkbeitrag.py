"""Befreiung vom Rundfunkbeitrag: completeness, grounds and proofs, validation, the PDF."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from form_walker import submit_like_a_browser
from pypdf import PdfReader

from wizard import engine
from wizard.formdef.loader import load_form
from wizard.pdf import mapping
from wizard.store import ScryptParams
from wizard.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
ON = dt.date(2026, 11, 21)
"""All date limits are taken on this day, so the tests never age."""

ANSWER_FILES = sorted(DATA.glob("rundfunkbeitrag*.answers.yaml"))


def load(name: str = "rundfunkbeitrag") -> dict[str, Any]:
    return yaml.safe_load((DATA / f"{name}.answers.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def form():
    return load_form(ROOT / "forms" / "rundfunkbeitrag.yaml")


def checklist(form, answers) -> set[str]:
    return {d.id for d in engine.checklist(form, answers, ON)}


def errors(form, step_id: str, raw: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    return [e.field for e in engine.submit_step(form, step_id, raw, answers, ON).errors]


# --------------------------------------------------------------------------- completeness


@pytest.mark.parametrize("path", ANSWER_FILES, ids=lambda p: p.name.split(".")[1])
def test_every_answers_file_is_complete(form, path: Path) -> None:
    answers = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert engine.missing(form, answers, ON) == []
    assert engine.is_complete(form, answers, ON)


@pytest.mark.parametrize("path", ANSWER_FILES, ids=lambda p: p.name.split(".")[1])
def test_every_answers_file_can_be_entered_page_by_page(form, path: Path) -> None:
    answers = yaml.safe_load(path.read_text(encoding="utf-8"))
    stored = submit_like_a_browser(form, answers, ON)
    assert engine.is_complete(form, stored, ON)
    assert engine.effective_answers(form, stored, ON) == engine.effective_answers(form, answers, ON)


def test_missing_period_and_partner_are_named(form) -> None:
    answers = load()
    del answers["gueltig_bis"]
    del answers["partner_geburtsdatum"]
    gaps = engine.missing(form, answers, ON)
    assert engine.Missing("nachweis", "gueltig_bis") in gaps
    assert engine.Missing("partner", "partner_geburtsdatum") in gaps


def test_registration_branch(form) -> None:
    registered = load()
    assert "wohnt_seit" not in engine.effective_answers(form, registered, ON)
    new = load("rundfunkbeitrag.rf")
    new["beitragsnummer"] = "123456789"  # typed before saying "not registered": hidden now
    effective = engine.effective_answers(form, new, ON)
    assert "beitragsnummer" not in effective and effective["wohnt_seit"] == "2025-10-01"
    del new["wohnt_seit"]
    assert engine.Missing("konto", "wohnt_seit") in engine.missing(form, new, ON)


def test_the_beitragsnummer_is_optional(form) -> None:
    answers = load()
    del answers["beitragsnummer"]
    assert engine.is_complete(form, answers, ON)


# --------------------------------------------------------------------------- grounds and proofs


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rundfunkbeitrag", {"antrag", "bescheinigung"}),
        ("rundfunkbeitrag.asyl", {"antrag", "bescheid"}),
        ("rundfunkbeitrag.rf", {"antrag", "schwerbehindertenausweis"}),
        ("rundfunkbeitrag.haertefall", {"antrag", "ablehnungsbescheid"}),
    ],
)
def test_checklist_per_ground(form, name: str, expected: set[str]) -> None:
    assert checklist(form, load(name)) == expected


def test_bescheid_is_asked_as_certified_copy(form) -> None:
    doc = next(d for d in form.documents if d.id == "bescheid")
    assert "beglaubigte Kopie" in doc.label
    bescheinigung = next(d for d in form.documents if d.id == "bescheinigung")
    assert "Bescheinigung zur Vorlage beim Beitragsservice" in bescheinigung.label


def test_rf_asks_its_own_proof_and_no_end_date(form) -> None:
    answers = load("rundfunkbeitrag.rf")
    assert "gueltig_bis" not in answers and engine.is_complete(form, answers, ON)
    answers["nachweis_rf"] = "BESCHEID"
    assert checklist(form, answers) == {"antrag", "rf_bescheid"}
    answers["grund"] = "BG"  # switching to a benefit: its proof and end date are needed now
    gaps = engine.missing(form, answers, ON)
    assert engine.Missing("nachweis", "nachweis") in gaps
    assert engine.Missing("nachweis", "gueltig_bis") in gaps


def test_haertefall_needs_an_explanation(form) -> None:
    answers = load("rundfunkbeitrag.haertefall")
    del answers["haertefall_begruendung"]
    assert engine.Missing("grund", "haertefall_begruendung") in engine.missing(form, answers, ON)


# --------------------------------------------------------------------------- validation


def nachweis_raw(**changes: Any) -> dict[str, Any]:
    raw = {
        "nachweis": "BESCHEINIGUNG",
        "gueltig_von": {"day": "1", "month": "6", "year": "2026"},
        "gueltig_bis": {"day": "31", "month": "5", "year": "2027"},
    }
    raw.update(changes)
    return raw


def test_no_application_without_a_bescheid(form) -> None:
    outcome = engine.submit_step(form, "nachweis", nachweis_raw(nachweis="KEINER"), load(), ON)
    error = next(e for e in outcome.errors if e.field == "nachweis")
    assert "drei Jahre rückwirkend" in error.message


def test_period_must_end_after_it_starts(form) -> None:
    raw = nachweis_raw(gueltig_bis={"day": "1", "month": "5", "year": "2026"})
    assert errors(form, "nachweis", raw, load()) == ["gueltig_bis"]


def test_period_older_than_three_years_is_refused(form) -> None:
    raw = nachweis_raw(
        gueltig_von={"day": "1", "month": "1", "year": "2022"},
        gueltig_bis={"day": "31", "month": "12", "year": "2022"},
    )
    assert errors(form, "nachweis", raw, load()) == ["gueltig_bis"]
    raw["gueltig_bis"] = {"day": "31", "month": "12", "year": "2023"}
    assert errors(form, "nachweis", raw, load()) == []


def konto_raw(number: str) -> dict[str, Any]:
    return {"angemeldet": "yes", "beitragsnummer": number}


@pytest.mark.parametrize("value", ["123456789", "123 456 789", "", "١٢٣٤٥٦٧٨٩"])
def test_beitragsnummer_accepts_nine_digits(form, value: str) -> None:
    assert errors(form, "konto", konto_raw(value), {}) == []


@pytest.mark.parametrize("value", ["12345678", "1234567890", "12345678X", "١٢٣٤٥٦٧٨"])
def test_beitragsnummer_refuses_anything_else(form, value: str) -> None:
    assert errors(form, "konto", konto_raw(value), {}) == ["beitragsnummer"]


def test_children_only_until_25(form) -> None:
    answers = load()
    item = {
        "vornamen": "Sofiia",
        "familienname": "Kovalenko",
        "geburtsdatum": {"day": "1", "month": "9", "year": "1999"},
        "beziehung": "KI",
        "beitragsnummer": "",
    }
    page_id = engine.step(form, "personen").repeat.item_pages[0].id
    outcome = engine.submit_item_page(form, "personen", 1, page_id, item, answers, ON)
    assert [e.field for e in outcome.errors] == ["beziehung"]
    item["beziehung"] = "SO"
    assert engine.submit_item_page(form, "personen", 1, page_id, item, answers, ON).ok


def test_names_must_be_in_latin_letters(form) -> None:
    raw = {"anrede": "F", "vornamen": "Олена", "familienname": "Kovalenko"}
    assert "vornamen" in errors(form, "person", raw, {})


# --------------------------------------------------------------------------- the PDF


def read_back(data: bytes) -> tuple[PdfReader, dict[str, Any]]:
    reader = PdfReader(io.BytesIO(data))
    return reader, {k: v.get("/V") for k, v in reader.get_fields().items()}


def test_pdf_fills_and_reads_back(form) -> None:
    outputs = mapping.filled_outputs(form, load(), ON)
    assert [o.id for o, _data in outputs] == ["antrag"]
    reader, v = read_back(outputs[0][1])
    assert len(reader.pages) == 1
    assert v["beitragsnummer"] == "123 456 789"
    assert v["anrede"] == "Frau" and v["familienname"] == "Kovalenko"
    assert v["geburtsdatum"] == "14.07.1988"
    assert v["plz"] == "50667" and v["ort"] == "Köln"
    assert v["grund"].startswith("Bürgergeld") and "§ 4 Abs. 1 Nr. 3 RBStV" in v["grund"]
    assert v["nachweis"].startswith("Bescheinigung")
    assert v["gueltig_von"] == "01.06.2026" and v["gueltig_bis"] == "31.05.2027"
    assert v["partner_familienname"] == "Kovalenko" and v["partner_vornamen"] == "Andrii"
    assert v["p1_vornamen"] == "Sofiia" and v["p1_beziehung"] == "Kind"
    assert v["p2_geburtsdatum"] == "20.04.2015"
    ticked = {k for k, value in v.items() if value not in (None, "", "/Off")}
    assert {"bereits_angemeldet", "befreiung"} <= ticked
    assert not {"neu_anmelden", "ermaessigung", "haertefall"} & ticked


def test_pdf_for_rf_says_ermaessigung_and_unbefristet(form) -> None:
    v = mapping.plan(form, load("rundfunkbeitrag.rf"), form.pdf[0], ON).values
    assert v["ermaessigung"] is True and v["befreiung"] is False
    assert v["neu_anmelden"] is True and v["wohnt_seit"] == "01.10.2025"
    assert v["nachweis"] == "Schwerbehindertenausweis mit Merkzeichen RF (Kopie)"
    assert v["gueltig_bis"] == "unbefristet"
    assert v["zusatz"] == "bei Nazari"


def test_pdf_for_haertefall(form) -> None:
    v = mapping.plan(form, load("rundfunkbeitrag.haertefall"), form.pdf[0], ON).values
    assert v["haertefall"] is True and v["befreiung"] is False
    assert v["grund"] == "Besonderer Härtefall (§ 4 Abs. 6 RBStV)"
    assert v["nachweis"] == "Ablehnungsbescheid der Sozialbehörde (Kopie)"
    assert "9 Euro" in v["haertefall_begruendung"]
    assert "gueltig_bis" not in v


def test_fifth_person_goes_to_the_anlage(form) -> None:
    answers = load("rundfunkbeitrag.asyl")
    plan = mapping.plan(form, answers, form.pdf[0], ON)
    assert plan.values["p4_vornamen"] == "Maryam"
    assert ("Person 5: Reza Haidari – Vorname", "Reza") in plan.addendum
    assert (
        "Person 5: Reza Haidari – Verhältnis zur antragstellenden Person",
        "weitere Person im Bescheid",
    ) in plan.addendum
    reader, v = read_back(mapping.render(form, plan))
    assert len(reader.pages) == 2 and "Reza" in reader.pages[1].extract_text()
    assert v["partner_beitragsnummer"] == "987654321"


def test_every_ground_fills_without_error(form) -> None:
    grounds = next(f for f in form.steps if f.id == "grund").fields[0].choices
    for choice in grounds:
        answers = load()
        answers["grund"] = choice.code
        answers.setdefault("haertefall_begruendung", "Einkommen knapp über der Grenze.")
        answers["nachweis_rf"] = "AUSWEIS"
        outputs = mapping.filled_outputs(form, answers, ON)
        _reader, v = read_back(outputs[0][1])
        assert v["grund"] == choice.official, choice.code


def test_long_explanation_goes_to_the_anlage(form) -> None:
    answers = load("rundfunkbeitrag.haertefall")
    answers["haertefall_begruendung"] = "Mein Einkommen liegt nur knapp über der Grenze. " * 20
    plan = mapping.plan(form, answers, form.pdf[0], ON)
    assert plan.values["haertefall_begruendung"] == mapping.SEE_ADDENDUM
    reader, _v = read_back(mapping.render(form, plan))
    assert len(reader.pages) == 2


# --------------------------------------------------------------------------- in the web app


@pytest.fixture
def client(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "WIZARD_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test-secret-key-0123456789abcdef",
            "RESUME_KDF": ScryptParams(n=2**10, r=8, p=1),
        }
    )
    yield app.test_client()
    app.extensions["wizard.store"].close()


def test_complete_in_the_web_app(client) -> None:
    from web_helpers import complete_form, post_page

    form = load_form(ROOT / "forms" / "rundfunkbeitrag.yaml")
    answers = load()
    # the app checks dates against the real date: a current Bescheid, a child under 25
    today = dt.date.today()
    answers["gueltig_von"] = (today - dt.timedelta(days=60)).isoformat()
    answers["gueltig_bis"] = (today + dt.timedelta(days=300)).isoformat()
    answers["personen"][0]["geburtsdatum"] = (today - dt.timedelta(days=365 * 19)).isoformat()
    client.get("/?lang=de")
    complete_form(client, form, answers)
    response = post_page(client, "/forms/rundfunkbeitrag/check", {})
    assert response.status_code == 302 and response.headers["Location"].endswith("/done")
    done = client.get("/forms/rundfunkbeitrag/done").get_data(as_text=True)
    assert "Bescheinigung zur Vorlage beim Beitragsservice" in done
    assert "50656 Köln" in done
    pdf = client.get("/forms/rundfunkbeitrag/pdf/antrag.pdf")
    assert pdf.status_code == 200
    assert read_back(pdf.data)[1]["familienname"] == "Kovalenko"
