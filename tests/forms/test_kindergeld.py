"""The Antrag auf Kindergeld (KG 1 with Anlage Kind): branches, checks, checklist and PDF.

Each stored-answers file in tests/data is one branch of the form:

- kindergeld.answers.yaml: married applicant from Syria with an Aufenthaltserlaubnis,
  two children, Lina (19, vocational training, minijob) and Omar (10);
- kindergeld.eu_alleinerziehend.answers.yaml: single mother from Poland, one small child;
- kindergeld.grossfamilie.answers.yaml: father from Afghanistan with a
  Niederlassungserlaubnis, wife living abroad, five children (student, voluntary
  service, foster child), so the fifth Anlage Kind goes to the addendum.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from web_helpers import complete_form

from wizard import engine
from wizard.formdef.loader import load_form
from wizard.pdf import mapping
from wizard.store import ScryptParams
from wizard.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
TODAY = dt.date(2026, 11, 21)
TEMPLATE = ROOT / "pdf_templates" / "kindergeld.pdf"

MAIN = "kindergeld.answers.yaml"
EU = "kindergeld.eu_alleinerziehend.answers.yaml"
GROSS = "kindergeld.grossfamilie.answers.yaml"
ANSWER_FILES = sorted(p.name for p in DATA.glob("kindergeld*.answers.yaml"))

CHECKLISTS = {
    MAIN: ["geburtsurkunden", "aufenthaltstitel", "heiratsurkunde", "ausbildungsnachweise"],
    EU: ["geburtsurkunden", "anlage_eu"],
    GROSS: [
        "geburtsurkunden",
        "aufenthaltstitel",
        "heiratsurkunde",
        "ausbildungsnachweise",
        "nachweis_freiwilligendienst",
        "pflegekind_nachweis",
        "anlage_ausland",
    ],
}


@pytest.fixture(scope="module")
def form():
    return load_form(ROOT / "forms" / "kindergeld.yaml")


def answers(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text())


def date_field(field: str, iso: str) -> dict[str, dict[str, str]]:
    """A date answer as the engine receives it from the page (day, month, year)."""
    y, m, d = iso.split("-") if iso else ("", "", "")
    return {field: {"day": d, "month": m, "year": y}}


def step_ids(form, a: dict) -> list[str]:
    return [s.id for s in engine.visible_steps(form, a, TODAY)]


def shown_ids(form, step_id: str, a: dict) -> list[str]:
    return [f.id for f in engine.visible_fields(form, engine.step(form, step_id), a, TODAY)]


def error_codes(outcome) -> dict[str, str]:
    return {e.field: e.code for e in outcome.errors}


# --------------------------------------------------------------------------- every branch


def test_every_branch_has_an_answers_file() -> None:
    assert ANSWER_FILES == sorted(CHECKLISTS)


@pytest.mark.parametrize("name", ANSWER_FILES)
def test_answers_file_completes_the_form(form, name: str) -> None:
    a = answers(name)
    assert engine.missing(form, a, TODAY) == []
    assert engine.is_complete(form, a, TODAY)


@pytest.mark.parametrize("name", ANSWER_FILES)
def test_checklist_has_exactly_the_documents_of_the_branch(form, name: str) -> None:
    assert [d.id for d in engine.checklist(form, answers(name), TODAY)] == CHECKLISTS[name]


@pytest.mark.parametrize("name", ANSWER_FILES)
def test_answers_file_completes_the_wizard_in_the_test_client(tmp_path, name: str) -> None:
    app = create_app(
        {
            "TESTING": True,
            "WIZARD_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test-secret-key-0123456789abcdef",
            "RESUME_KDF": ScryptParams(n=2**10, r=8, p=1),
        }
    )
    try:
        live_form = app.extensions["wizard.library"].get("kindergeld")
        a = answers(name)
        client = app.test_client()
        client.get("/?lang=de")
        complete_form(client, live_form, a)
        html = client.get("/forms/kindergeld/check").get_data(as_text=True)
        assert "Some answers are still missing" not in html
        key = next(c.value for c in client._cookies.values() if c.key == "wz-kindergeld")
        saved = app.extensions["wizard.store"].open(key).answers
        assert engine.effective_answers(live_form, saved) == engine.effective_answers(live_form, a)
    finally:
        app.extensions["wizard.store"].close()


# --------------------------------------------------------------------------- applicant


def test_residence_permit_only_for_citizens_outside_eu_eea_and_switzerland(form) -> None:
    for code in ("SY", "AF", "UA", "TR", "IQ", "ER", "XXA", "XXX"):
        assert "aufenthalt" in step_ids(form, {"staatsangehoerigkeit": code}), code
    for code in ("DE", "PL", "RO", "AT", "NO", "IS", "LI", "CH"):
        assert "aufenthalt" not in step_ids(form, {"staatsangehoerigkeit": code}), code
    # several nationalities: one of the EU, the EEA or Switzerland is enough, in any order
    for first, more in (("DE", ["SY"]), ("SY", ["DE"]), ("UA", ["RO", "MD"]), ("TR", ["CH"])):
        dual = {"staatsangehoerigkeit": first, "weitere_staatsangehoerigkeiten": more}
        assert "aufenthalt" not in step_ids(form, dual), (first, more)
    dual = {"staatsangehoerigkeit": "SY", "weitere_staatsangehoerigkeiten": ["TR"]}
    assert "aufenthalt" in step_ids(form, dual)


def test_residence_permit_end_date_only_for_titles_that_end(form) -> None:
    base = answers(MAIN)
    settled = {**base, "aufenthaltstitel_art": "NE"}
    assert shown_ids(form, "aufenthalt", settled) == ["aufenthaltstitel_art"]
    shown = shown_ids(form, "aufenthalt", base)
    assert "aufenthaltstitel_gueltig_bis" in shown and "aufenthaltstitel_paragraf" in shown
    outcome = engine.submit_step(
        form,
        "aufenthalt",
        {"aufenthaltstitel_art": "AE", **date_field("aufenthaltstitel_gueltig_bis", "")},
        {"staatsangehoerigkeit": "SY"},
        TODAY,
    )
    assert error_codes(outcome) == {"aufenthaltstitel_gueltig_bis": "required"}


def test_permit_copy_and_anlage_eu_follow_nationality(form) -> None:
    turkish = {**answers(EU), "staatsangehoerigkeit": "TR", "aufenthaltstitel_art": "NE"}
    ids = [d.id for d in engine.checklist(form, turkish, TODAY)]
    assert "aufenthaltstitel" in ids and "anlage_eu" not in ids
    for first, more in (("DE", []), ("PL", ["DE"]), ("CH", []), ("SY", ["DE"])):
        german_or_swiss = {
            **answers(EU),
            "staatsangehoerigkeit": first,
            "weitere_staatsangehoerigkeiten": more,
        }
        ids = [d.id for d in engine.checklist(form, german_or_swiss, TODAY)]
        assert "aufenthaltstitel" not in ids and "anlage_eu" not in ids, (first, more)
    syrian_romanian = {
        **answers(MAIN),
        "staatsangehoerigkeit": "SY",
        "weitere_staatsangehoerigkeiten": ["RO"],
    }
    ids = [d.id for d in engine.checklist(form, syrian_romanian, TODAY)]
    assert "anlage_eu" in ids and "aufenthaltstitel" not in ids
    assert "a_aufenthaltstitel_art" not in mapping.plan(form, syrian_romanian, form.pdf[0]).values


def test_invalid_steuer_id_of_the_applicant_is_rejected(form) -> None:
    outcome = engine.submit_step(
        form, "steuer_kindergeldnummer", {"steuer_id": "12345678901"}, {}, TODAY
    )
    assert error_codes(outcome) == {"steuer_id": "invalid_steuer_id"}
    outcome = engine.submit_step(form, "steuer_kindergeldnummer", {"steuer_id": ""}, {}, TODAY)
    assert error_codes(outcome) == {"steuer_id": "required"}
    outcome = engine.submit_step(
        form,
        "steuer_kindergeldnummer",
        {"steuer_id": "86 745 932 140", "kindergeldnummer": "123FK456789"},
        {},
        TODAY,
    )
    assert outcome.ok and outcome.answers["steuer_id"] == "86745932140"
    outcome = engine.submit_step(
        form,
        "steuer_kindergeldnummer",
        {"steuer_id": "86745932140", "kindergeldnummer": "FK123"},
        {},
        TODAY,
    )
    assert error_codes(outcome) == {"kindergeldnummer": "pattern"}


def test_invalid_iban_is_rejected(form) -> None:
    data = {"iban": "DE02 1203 0000 0000 2020 52", "bic": "", "kontoinhaber": "Amira Haddad"}
    outcome = engine.submit_step(form, "zahlungsweg", data, {}, TODAY)
    assert error_codes(outcome) == {"iban": "invalid_iban"}
    data["iban"] = "de02 1203 0000 0000 2020 51"
    outcome = engine.submit_step(form, "zahlungsweg", data, {}, TODAY)
    assert outcome.ok and outcome.answers["iban"] == "DE02120300000000202051"


def test_family_status_since_must_follow_the_birth(form) -> None:
    a = answers(MAIN)
    outcome = engine.submit_step(
        form,
        "familienstand",
        {
            "familienstand": "VH",
            **date_field("familienstand_seit", "1980-01-01"),
            "getrennt_lebend": "no",
        },
        a,
        TODAY,
    )
    [error] = outcome.errors
    assert (error.field, error.code) == ("familienstand_seit", "rule")
    single = engine.submit_step(form, "familienstand", {"familienstand": "LD"}, a, TODAY)
    assert single.ok
    assert shown_ids(form, "familienstand", single.answers) == ["familienstand"]


# --------------------------------------------------------------------------- spouse


def test_spouse_section_only_when_married_or_partnered(form) -> None:
    married = answers(MAIN)
    assert {"partner", "partner_wohnort"} <= set(step_ids(form, married))
    partner_questions = {
        "partner_oeffentlicher_dienst",
        "partner_arbeit_ausland",
        "partner_leistungen_ausland",
    }
    assert partner_questions <= set(shown_ids(form, "arbeit", married))
    assert "partner" in step_ids(form, {**married, "familienstand": "LP"})
    for status in ("LD", "VW", "GS", "EA", "LV", "LA", "NB"):
        other = {**married, "familienstand": status}
        assert not {"partner", "partner_wohnort"} & set(step_ids(form, other)), status
        assert not partner_questions & set(shown_ids(form, "arbeit", other)), status
        assert "heiratsurkunde" not in [d.id for d in engine.checklist(form, other, TODAY)]
    single = answers(EU)
    assert not {"partner", "partner_wohnort"} & set(step_ids(form, single))


def test_spouse_steuer_id_required_only_when_living_in_germany(form) -> None:
    married = answers(MAIN)
    base = {"partner_zusammen": "yes", "partner_steuer_id": ""}
    outcome = engine.submit_step(form, "partner_wohnort", base, married, TODAY)
    assert error_codes(outcome) == {"partner_steuer_id": "required"}
    abroad = {
        "partner_zusammen": "no",
        "partner_strasse": "Darwaza-e-Khosh",
        "partner_plz_ort": "Herat",
        "partner_staat": "AF",
        "partner_steuer_id": "",
    }
    assert engine.submit_step(form, "partner_wohnort", abroad, married, TODAY).ok
    bad = {**base, "partner_steuer_id": "57392140895"}
    outcome = engine.submit_step(form, "partner_wohnort", bad, married, TODAY)
    assert error_codes(outcome) == {"partner_steuer_id": "invalid_steuer_id"}


def test_spouse_abroad_needs_the_anlage_ausland(form) -> None:
    a = answers(MAIN)
    assert "anlage_ausland" not in [d.id for d in engine.checklist(form, a, TODAY)]
    for change in (
        {
            "partner_zusammen": False,
            "partner_strasse": "X",
            "partner_plz_ort": "Y",
            "partner_staat": "SY",
        },
        {"partner_arbeit_ausland": True},
        {"leistungen_ausland": True},
    ):
        ids = [d.id for d in engine.checklist(form, {**a, **change}, TODAY)]
        assert "anlage_ausland" in ids, change


# --------------------------------------------------------------------------- children


def item_page_ids(form, a: dict, number: int, on: dt.date = TODAY) -> list[str]:
    return [p.id for p in engine.item_pages(form, "kinder", a, number, on)]


def test_anlage_kind_school_and_work_pages_only_for_children_of_18_or_more(form) -> None:
    a = answers(MAIN)
    adult = item_page_ids(form, a, 1)  # Lina, 19
    child = item_page_ids(form, a, 2)  # Omar, 10
    assert "kind_volljaehrig" in adult and "kind_arbeit" in adult
    assert "kind_volljaehrig" not in child and "kind_arbeit" not in child
    # the day of the 18th birthday counts
    kid = {**a["kinder"][1], "geburtsdatum": "2008-11-21"}
    assert "kind_volljaehrig" in item_page_ids(form, {**a, "kinder": [kid]}, 1)
    kid = {**a["kinder"][1], "geburtsdatum": "2008-11-22"}
    assert "kind_volljaehrig" not in item_page_ids(form, {**a, "kinder": [kid]}, 1)


def test_training_certificate_only_for_adult_children_in_school_training_or_studies(form) -> None:
    a = answers(MAIN)
    assert "ausbildungsnachweise" in [d.id for d in engine.checklist(form, a, TODAY)]
    younger = copy.deepcopy(a)
    younger["kinder"][0]["geburtsdatum"] = "2010-05-14"  # now 16: the answers are hidden
    assert "ausbildungsnachweise" not in [d.id for d in engine.checklist(form, younger, TODAY)]
    looking = copy.deepcopy(a)
    looking["kinder"][0]["situation"] = "ausbildungsplatz"
    ids = [d.id for d in engine.checklist(form, looking, TODAY)]
    assert "nachweis_ausbildungsplatzsuche" in ids and "ausbildungsnachweise" not in ids


def test_child_steuer_id_is_required_and_checked(form) -> None:
    a = answers(MAIN)
    page = {"geburtsort": "Gaziantep", "staatsangehoerigkeit": "SY"}
    outcome = engine.submit_item_page(
        form, "kinder", 2, "kind_herkunft", {**page, "steuer_id": ""}, a, TODAY
    )
    assert error_codes(outcome) == {"steuer_id": "required"}
    outcome = engine.submit_item_page(
        form,
        "kinder",
        2,
        "kind_herkunft",
        {**page, "steuer_id": "29581730482"},
        a,
        TODAY,
    )
    assert error_codes(outcome) == {"steuer_id": "invalid_steuer_id"}
    assert outcome.answers["kinder"][1]["steuer_id"] == "29581730481"  # the good one is kept


def test_new_child_is_added_page_by_page(form) -> None:
    a = answers(EU)
    first = {
        "vornamen": "Jan",
        "familienname": "Kowalski",
        **date_field("geburtsdatum", "2026-01-05"),
        "geschlecht": "M",
    }
    outcome = engine.submit_item_page(form, "kinder", 2, "kind_name", first, a, TODAY)
    assert outcome.ok
    a = outcome.answers
    assert item_page_ids(form, a, 2) == [
        "kind_name",
        "kind_herkunft",
        "kind_beziehung",
        "kind_eltern",
        "kind_leistungen",
    ]
    assert engine.item_missing(form, "kinder", a, 2, TODAY)[0] == ("kind_herkunft", "geburtsort")
    assert not engine.is_complete(form, a, TODAY)


def test_relationship_to_the_spouse_only_when_married(form) -> None:
    married = answers(MAIN)
    beziehung = next(
        p for p in engine.item_pages(form, "kinder", married, 1, TODAY) if p.id == "kind_beziehung"
    )
    shown = [f.id for f in engine.item_visible_fields(form, "kinder", beziehung, married, 1, TODAY)]
    assert "kindschaft_partner" in shown
    single = answers(EU)
    shown = [f.id for f in engine.item_visible_fields(form, "kinder", beziehung, single, 1, TODAY)]
    assert "kindschaft_partner" not in shown


def test_other_parent_cannot_be_a_spouse_the_applicant_does_not_have(form) -> None:
    single = answers(EU)
    outcome = engine.submit_item_page(
        form, "kinder", 1, "kind_eltern", {"anderer_elternteil": "partner"}, single, TODAY
    )
    [error] = outcome.errors
    assert (error.field, error.code) == ("anderer_elternteil", "rule")
    outcome = engine.submit_item_page(
        form, "kinder", 1, "kind_eltern", {"anderer_elternteil": "partner"}, answers(MAIN), TODAY
    )
    assert outcome.ok


def test_stepchild_needs_a_spouse(form) -> None:
    page = {"kindschaft": "stief", "im_haushalt": "ja"}
    outcome = engine.submit_item_page(form, "kinder", 1, "kind_beziehung", page, answers(EU), TODAY)
    [error] = outcome.errors
    assert (error.field, error.code) == ("kindschaft", "rule")
    married = {**page, "kindschaft_partner": "leiblich"}
    outcome = engine.submit_item_page(
        form, "kinder", 1, "kind_beziehung", married, answers(MAIN), TODAY
    )
    assert outcome.ok


def test_child_living_elsewhere_asks_where(form) -> None:
    a = answers(MAIN)
    page = {"kindschaft": "leiblich", "kindschaft_partner": "leiblich", "im_haushalt": "nein"}
    outcome = engine.submit_item_page(form, "kinder", 1, "kind_beziehung", page, a, TODAY)
    assert error_codes(outcome) == {"lebt_wo": "required", "anschrift_kind": "required"}
    page.update({"lebt_wo": "ausland", "anschrift_kind": "Baron Street 3, Aleppo, Syrien"})
    outcome = engine.submit_item_page(form, "kinder", 1, "kind_beziehung", page, a, TODAY)
    assert outcome.ok
    assert "anlage_ausland" in [d.id for d in engine.checklist(form, outcome.answers, TODAY)]


def test_end_of_training_after_its_start(form) -> None:
    a = answers(MAIN)
    data = {
        "situation": "ausbildung",
        "einrichtung": "Autohaus Becker GmbH, Ahlen",
        **date_field("beginn", "2025-08-01"),
        **date_field("ende", "2024-07-31"),
    }
    outcome = engine.submit_item_page(form, "kinder", 1, "kind_volljaehrig", data, a, TODAY)
    [error] = outcome.errors
    assert (error.field, error.code) == ("ende", "rule")


def test_weekly_hours_only_when_the_child_works(form) -> None:
    a = answers(MAIN)
    page = next(p for p in engine.item_pages(form, "kinder", a, 1, TODAY) if p.id == "kind_arbeit")
    shown = [f.id for f in engine.item_visible_fields(form, "kinder", page, a, 1, TODAY)]
    assert shown == ["erstausbildung", "erwerbstaetig", "wochenstunden"]
    outcome = engine.submit_item_page(
        form,
        "kinder",
        1,
        "kind_arbeit",
        {"erstausbildung": "nein", "erwerbstaetig": "ja", "wochenstunden": ""},
        a,
        TODAY,
    )
    assert error_codes(outcome) == {"wochenstunden": "required"}
    outcome = engine.submit_item_page(
        form,
        "kinder",
        1,
        "kind_arbeit",
        {"erstausbildung": "nein", "erwerbstaetig": "nein"},
        a,
        TODAY,
    )
    assert outcome.ok
    effective = engine.effective_answers(form, outcome.answers, TODAY)
    assert "wochenstunden" not in effective["kinder"][0]


# --------------------------------------------------------------------------- PDF


def filled(form, a: dict) -> PdfReader:
    [(output, data)] = mapping.filled_outputs(form, a, TODAY)
    assert output.id == "antrag"
    return PdfReader(io.BytesIO(data))


def values(reader: PdfReader) -> dict[str, object]:
    return {name: f.get("/V") for name, f in reader.get_fields().items()}


def test_pdf_of_the_married_applicant_reads_back(form) -> None:
    reader = filled(form, answers(MAIN))
    v = values(reader)
    assert len(reader.pages) == len(PdfReader(TEMPLATE).pages)  # everything fits: no addendum
    assert v["a_steuer_id"] == "86745932140"
    assert v["a_familienname"] == "Haddad" and v["a_vornamen"] == "Amira"
    assert v["a_geburtsdatum"] == "02.03.1985"
    assert v["a_geschlecht"] == "weiblich"
    assert v["a_staatsangehoerigkeit"] == "Syrien"
    assert v["a_aufenthaltstitel_art"] == "Aufenthaltserlaubnis"
    assert v["a_aufenthaltstitel_paragraf"] == "§ 25 Abs. 2 AufenthG"
    assert v["a_aufenthaltstitel_gueltig"] == "30.09.2029"
    assert v["a_strasse"] == "Hauptstraße 5, 2. OG links" and v["a_plz_ort"] == "59227 Ahlen"
    assert v["fs_verheiratet"] == "/Yes" and v["fs_ledig"] == "/Off"
    assert v["fs_getrennt"] == "/Off"
    assert v["a_familienstand_seit"] == "15.06.2006"
    assert v["e_vornamen"] == "Omar Karim" and v["e_steuer_id"] == "57392140894"
    assert v["e_oed_nein"] == "/Yes" and v["e_oed_ja"] == "/Off"
    assert v["iban"] == "DE02120300000000202051" and v["kontoinhaber"] == "Amira Haddad"
    assert v["anzahl_anlage_kind"] == "2"
    assert v["kind1_uebersicht"] == "Lina Haddad, 14.05.2007"
    assert v["kind2_uebersicht"] == "Omar Haddad, 09.04.2016"
    # Anlage Kind 1: Lina, 19, in training with a minijob
    assert v["k1_steuer_id"] == "41703829500"
    assert v["k1_kindschaft"] == "leibliches Kind"
    assert v["k1_haushalt"] == "ja, im Haushalt der antragstellenden Person"
    assert v["k1_situation"] == "Berufsausbildung"
    assert v["k1_einrichtung"] == "Autohaus Becker GmbH, Ahlen"
    assert (v["k1_beginn"], v["k1_ende"]) == ("01.08.2025", "31.07.2028")
    assert v["k1_erwerbstaetig"] == "ja, geringfügige Beschäftigung (Minijob)"
    assert v["k1_wochenstunden"] == "6"
    # Anlage Kind 2: Omar, 10: no questions for adult children
    assert v["k2_vornamen"] == "Omar" and v["k2_geschlecht"] == "männlich"
    for name in ("k2_situation", "k2_einrichtung", "k2_erwerbstaetig", "k2_wochenstunden"):
        assert v[name] in (None, ""), name
    for name in ("k3_vornamen", "kind3_uebersicht"):
        assert v.get(name) in (None, ""), name


def test_pdf_of_the_single_eu_citizen_has_no_spouse_and_no_permit(form) -> None:
    a = answers(EU)
    # answers typed once and then hidden (she first chose "verheiratet") stay out of the PDF
    a.update({"partner_familienname": "Nowak", "aufenthaltstitel_art": "AE"})
    v = values(filled(form, a))
    assert v["fs_ledig"] == "/Yes"
    assert v["a_staatsangehoerigkeit"] == "Polen"
    for name in ("e_familienname", "a_aufenthaltstitel_art", "a_familienstand_seit"):
        assert v[name] in (None, ""), name
    for name in ("e_oed_ja", "e_oed_nein"):
        assert v[name] in (None, "/Off"), name
    assert v["k1_anderer_elternteil"] == "andere Person"
    assert v["k1_elternteil_name"] == "Nowak, Piotr"
    assert v["k1_elternteil_anschrift"] == "Ringstraße 3, 44135 Dortmund"


def test_children_beyond_four_go_to_the_addendum(form, tmp_path) -> None:
    a = answers(GROSS)
    plan = mapping.plan(form, a, form.pdf[0], TODAY)
    assert plan.values["kind5_uebersicht"] == "Nilofar Karimi, 02.02.2014"
    assert not any(name.startswith("k5_") for name in plan.values)
    assert (
        "Kind 5: Nilofar Karimi – Kindschaftsverhältnis zur antragstellenden Person",
        "Pflegekind",
    ) in plan.addendum
    assert (
        "Kind 5: Nilofar Karimi – Steuerliche Identifikationsnummer des Kindes",
        "29581730481",
    ) in plan.addendum
    reader = filled(form, a)
    assert len(reader.pages) == len(PdfReader(TEMPLATE).pages) + 1
    text = reader.pages[-1].extract_text()
    assert "Anlage" in text and "Nilofar" in text and "Pflegekind" in text
    v = values(reader)
    assert v["a_kindergeldnummer"] == "123FK456789"
    assert v["e_anschrift"] == "Darwaza-e-Khosh, Herat, Afghanistan"
    assert v["e_steuer_id"] in (None, "")
    assert v["k1_situation"] == "Studium" and v["k2_situation"] == "Freiwilligendienst"
    assert v["k1_lebt_wo"] == "in eigener Wohnung (z. B. wegen Ausbildung)"
    assert v["k4_vornamen"] == "Bilal"
