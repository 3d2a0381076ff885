"""Antrag auf Zulassung zum Integrationskurs: completeness, the two branches (admission,
exemption only), checklist, validation, and the project's fillable template."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from form_walker import date_raw, submit_like_a_browser
from pypdf import PdfReader
from web_helpers import complete_form, post_page

from wizard import engine
from wizard.formdef.loader import load_form
from wizard.pdf import mapping
from wizard.store import ScryptParams
from wizard.web.app import create_app
from wizard.web.reveal import reveal_rule

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "pdf"))  # the corpus helpers live beside the PDF tests
from corpus_paths import pdftotext, qpdf_check, write_pdf  # noqa: E402

DATA = ROOT / "tests" / "data"
ON = dt.date(2026, 11, 21)
"""All ages and date limits are taken on this day, so the tests never age."""

BRANCHES = ["integrationskurs", "integrationskurs.befreiung", "integrationskurs.lohn"]


def load(name: str = "integrationskurs") -> dict[str, Any]:
    return yaml.safe_load((DATA / f"{name}.answers.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def form():
    return load_form(ROOT / "forms" / "integrationskurs.yaml")


def checklist(form, answers) -> set[str]:
    return {d.id for d in engine.checklist(form, answers, ON)}


def visible(form, answers) -> list[str]:
    return [s.id for s in engine.visible_steps(form, answers, ON)]


def errors(form, step_id: str, raw: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    return [e.field for e in engine.submit_step(form, step_id, raw, answers, ON).errors]


# --------------------------------------------------------------------------- completeness


@pytest.mark.parametrize("name", BRANCHES)
def test_every_answers_file_is_complete(form, name: str) -> None:
    answers = load(name)
    assert engine.missing(form, answers, ON) == []
    assert engine.is_complete(form, answers, ON)


@pytest.mark.parametrize("name", BRANCHES)
def test_every_answers_file_can_be_entered_page_by_page(form, name: str) -> None:
    answers = load(name)
    stored = submit_like_a_browser(form, answers, ON)
    assert engine.is_complete(form, stored, ON)
    assert engine.effective_answers(form, stored, ON) == engine.effective_answers(form, answers, ON)


@pytest.mark.parametrize("name", BRANCHES)
def test_answers_files_hold_only_questions_the_form_asks(form, name: str) -> None:
    answers = load(name)
    assert engine.effective_answers(form, answers, ON).keys() == answers.keys()


def test_missing_answers_are_named_by_step(form) -> None:
    answers = load()
    for key in ("muttersprache", "dokument_gueltig_bis", "lesen_schreiben", "leistung_stelle"):
        del answers[key]
    del answers["kinder"][0]["kita"]
    gaps = engine.missing(form, answers, ON)
    assert engine.Missing("person", "muttersprache") in gaps
    assert engine.Missing("status", "dokument_gueltig_bis") in gaps
    assert engine.Missing("deutsch", "lesen_schreiben") in gaps
    assert engine.Missing("befreiung", "leistung_stelle") in gaps
    assert engine.Missing("kinder", "kita", 1) in gaps


# --------------------------------------------------------------------------- branches


def test_admission_asks_reasons_and_costs(form) -> None:
    steps = visible(form, load())
    assert {"gruende", "kosten", "befreiung", "kinder"} <= set(steps)
    assert "berechtigung" not in steps


def test_exemption_only_skips_the_admission(form) -> None:
    steps = visible(form, load("integrationskurs.befreiung"))
    assert {"berechtigung", "befreiung"} <= set(steps)
    assert not {"gruende", "kosten", "kinder"} & set(steps)
    assert engine.computed_values(form, load("integrationskurs.befreiung"), ON)["befreiung"]


def test_no_exemption_wanted_means_no_grounds(form) -> None:
    answers = load()
    answers["befreiung_gewuenscht"] = False
    assert "befreiung" not in visible(form, answers)
    effective = engine.effective_answers(form, answers, ON)
    assert "befreiung_grund" not in effective and "leistung_stelle" not in effective
    assert engine.is_complete(form, answers, ON)
    assert "leistungsbescheid" not in checklist(form, answers)
    v = mapping.plan(form, answers, form.pdf[0], ON).values
    assert v["befreiung"] is False and v["grund_asylblg"] is False


def test_low_wage_asks_gross_pay_and_children(form) -> None:
    answers = load("integrationskurs.lohn")
    del answers["brutto"]
    del answers["kinder_kindergeld"]
    gaps = engine.missing(form, answers, ON)
    assert engine.Missing("befreiung", "brutto") in gaps
    assert engine.Missing("befreiung", "kinder_kindergeld") in gaps


def test_status_decides_which_document_questions_are_asked(form) -> None:
    answers = load("integrationskurs.befreiung")
    answers["status"] = "EU"
    effective = engine.effective_answers(form, answers, ON)
    assert not {"dokument_nummer", "dokument_gueltig_bis", "status_paragraf"} & effective.keys()
    assert engine.is_complete(form, answers, ON)
    assert "aufenthaltsdokument" not in checklist(form, answers)


# --------------------------------------------------------------------------- checklist


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("integrationskurs", {"ausweis", "aufenthaltsdokument", "sorgerecht", "leistungsbescheid"}),
        (
            "integrationskurs.befreiung",
            {"ausweis", "aufenthaltsdokument", "berechtigung", "leistungsbescheid"},
        ),
        (
            "integrationskurs.lohn",
            {
                "ausweis",
                "aufenthaltsdokument",
                "gehaltsabrechnungen",
                "kindergeldnachweis",
                "kursbescheinigung",
            },
        ),
    ],
)
def test_checklist_per_branch(form, name: str, expected: set[str]) -> None:
    assert checklist(form, load(name)) == expected


def test_other_neediness_asks_for_its_proof(form) -> None:
    answers = load("integrationskurs.lohn")
    answers["befreiung_grund"] = "sonstige"
    answers["beduerftig_text"] = "Ich bekomme Wohngeld."
    docs = checklist(form, answers)
    assert "beduerftigkeitsnachweis" in docs
    assert not {"gehaltsabrechnungen", "kindergeldnachweis", "leistungsbescheid"} & docs


def test_no_kindergeld_no_proof(form) -> None:
    answers = load("integrationskurs.lohn")
    answers["kinder_kindergeld"] = 0
    assert "kindergeldnachweis" not in checklist(form, answers)


# --------------------------------------------------------------------------- validation


def kursart_raw(kursart: str) -> dict[str, Any]:
    return {
        "kursart": kursart,
        "bisher_kurs": "no",
        "bisher_kurs_wann": "",
        "bisher_kurs_stunden": "",
        "andere_kurse": "",
    }


def test_youth_course_only_until_27(form) -> None:
    older = load("integrationskurs.lohn")  # born 1991
    assert errors(form, "kursart", kursart_raw("jugend"), older) == ["kursart"]
    younger = dict(older, geburtsdatum="2002-05-01")
    assert errors(form, "kursart", kursart_raw("jugend"), younger) == []


def test_womens_course_not_for_men(form) -> None:
    man = load("integrationskurs.lohn")
    outcome = engine.submit_step(form, "kursart", kursart_raw("frauen"), man, ON)
    assert [e.field for e in outcome.errors] == ["kursart"]
    assert "nur für Frauen" in (outcome.errors[0].message or "")
    assert errors(form, "kursart", kursart_raw("frauen"), load()) == []


def test_childcare_only_for_children_not_yet_at_school(form) -> None:
    answers = {"kinderbetreuung": True}
    page_id = engine.step(form, "kinder").repeat.item_pages[0].id
    item = {"vorname": "Yara", "geburtsdatum": date_raw("2012-03-05"), "kita": "no"}
    outcome = engine.submit_item_page(form, "kinder", 1, page_id, item, answers, ON)
    assert [e.field for e in outcome.errors] == ["geburtsdatum"]
    item["geburtsdatum"] = date_raw("2023-03-05")
    assert engine.submit_item_page(form, "kinder", 1, page_id, item, answers, ON).ok


def test_names_must_be_in_latin_letters(form) -> None:
    raw = {
        "familienname": "Коваленко",
        "vornamen": "Olena",
        "geburtsname": "",
        "geschlecht": "W",
        "geburtsdatum": date_raw("1988-04-03"),
        "geburtsort": "Charkiw",
        "geburtsland": "UA",
        "staatsangehoerigkeiten": ["UA"],
        "muttersprache": "Ukrainisch",
    }
    assert errors(form, "person", raw, {}) == ["familienname"]


def test_course_provider_number_is_letters_and_digits(form) -> None:
    raw = {
        "antragsart": "zulassung",
        "ueber_traeger": "yes",
        "traeger_name": "VHS Essen",
        "traeger_kennziffer": "12#45",
    }
    assert errors(form, "antrag", raw, {}) == ["traeger_kennziffer"]
    raw["traeger_kennziffer"] = ""
    assert errors(form, "antrag", raw, {}) == []


# --------------------------------------------------------------------------- the PDF


def read_back(data: bytes) -> tuple[PdfReader, dict[str, Any]]:
    reader = PdfReader(io.BytesIO(data))
    return reader, {k: v.get("/V") for k, v in reader.get_fields().items()}


def ticked(values: dict[str, Any]) -> set[str]:
    return {k for k, v in values.items() if v not in (None, "", "/Off")}


CHECKBOXES = {
    "antrag_zulassung",
    "antrag_nur_befreiung",
    "geschlecht_m",
    "geschlecht_w",
    "geschlecht_d",
    "integrationsbeduerftig",
    "sorgerecht",
    "kinderbetreuung_ja",
    "kinderbetreuung_nein",
    "befreiung",
    "grund_sgb2",
    "grund_sgb3",
    "grund_sgb12",
    "grund_asylblg",
    "grund_lohn",
    "grund_sonstige",
    "keine_schule",
    "kein_kurs_bisher",
}


def test_pdf_fills_and_reads_back(form, tmp_path) -> None:
    outputs = mapping.filled_outputs(form, load(), ON)
    assert [o.id for o, _data in outputs] == ["antrag"]
    data = outputs[0][1]
    path = write_pdf(tmp_path, data)
    qpdf_check(path)
    reader, v = read_back(data)
    assert len(reader.pages) == 3
    assert v["traeger_name"] == "Volkshochschule Essen" and v["traeger_kennziffer"] == "123456"
    assert v["familienname"] == "Darwish" and v["geburtsdatum"] == "12.10.1995"
    assert v["staatsangehoerigkeiten"] == "Syrien" and v["muttersprache"] == "Arabisch"
    assert v["co"] == "Gemeinschaftsunterkunft, Zimmer 12" and v["plz_ort"] == "45127 Essen"
    assert v["status"] == "Aufenthaltsgestattung" and v["dokument_gueltig_bis"] == "31.05.2027"
    assert v["bamf_az"] == "9876543-475"
    assert v["sonstige_gruende"].startswith("Ich brauche Deutsch zur Verständigung im Alltag")
    assert v["lesen_schreiben"] == "ja, nur in einer anderen Schrift (Zweitschriftlernende)"
    assert v["kursart"] == "Zweitschriftlernerkurs" and v["bisher_kurs"] == "nein"
    assert v["kb1_vorname"] == "Yara" and v["kb2_geburtsdatum"] == "20.01.2025"
    assert v["kb1_kita"] == "Nein"
    assert v["leistung_stelle"] == "Sozialamt Essen" and v["leistung_bis"] == "28.02.2027"
    assert ticked(v) & CHECKBOXES == {
        "antrag_zulassung",
        "geschlecht_w",
        "integrationsbeduerftig",
        "sorgerecht",
        "kinderbetreuung_ja",
        "befreiung",
        "grund_asylblg",
        "keine_schule",
        "kein_kurs_bisher",
    }
    assert "Darwish" in pdftotext(path, page=1)


def test_pdf_for_exemption_only(form) -> None:
    _reader, v = read_back(
        mapping.filled_outputs(form, load("integrationskurs.befreiung"), ON)[0][1]
    )
    assert v["status"] == "Aufenthaltserlaubnis nach § 24 AufenthG"
    assert v["berechtigung_stelle"] == "Ausländerbehörde"
    assert v["berechtigung_art"] == "Teilnahmeberechtigung"
    assert v["berechtigung_datum"] == "01.10.2026"
    assert ticked(v) & CHECKBOXES == {
        "antrag_nur_befreiung",
        "geschlecht_w",
        "kinderbetreuung_nein",
        "befreiung",
        "grund_sgb2",
        "kein_kurs_bisher",
    }
    assert not v.get("sonstige_gruende")


def test_pdf_for_low_wage_and_an_earlier_course(form) -> None:
    _reader, v = read_back(mapping.filled_outputs(form, load("integrationskurs.lohn"), ON)[0][1])
    assert v["bisher_kurs"] == "ja, 2017, Sprachschule Neukölln, ca. 300 Unterrichtsstunden"
    assert v["sonstige_gruende"] == (
        "Ich brauche Deutsch für die Arbeit und die Arbeitssuche; "
        "Ich möchte eine Ausbildung als Elektriker beginnen."
    )
    assert v["brutto"] == "1.450,00 Euro" and v["kinder_kindergeld"] == "1"
    assert v["status_paragraf"] == "§ 25 Abs. 2 AufenthG"
    assert {"grund_lohn", "geschlecht_m", "keine_schule"} <= ticked(v)
    assert not {"kein_kurs_bisher", "sorgerecht"} & ticked(v)


def test_fifth_child_goes_to_the_addendum(form) -> None:
    answers = load()
    for name, born in [("Lama", "2021-06-01"), ("Rami", "2020-02-02"), ("Sara", "2019-09-09")]:
        answers["kinder"].append({"vorname": name, "geburtsdatum": born, "kita": True})
    plan = mapping.plan(form, answers, form.pdf[0], ON)
    assert plan.values["kb4_vorname"] == "Rami"
    assert ("Kind 5: Sara – Vorname des Kindes", "Sara") in plan.addendum
    reader, _v = read_back(mapping.render(form, plan))
    assert len(reader.pages) == 4 and "Sara" in reader.pages[3].extract_text()


def test_longest_reason_fits_its_box(form) -> None:
    answers = load("integrationskurs.lohn")
    answers["befreiung_grund"] = "sonstige"
    text = "Ich bekomme Wohngeld, bin vom Rundfunkbeitrag befreit und zahle Schulden ab. "
    answers["beduerftig_text"] = (text * 2)[:150].strip()
    plan = mapping.plan(form, answers, form.pdf[0], ON)
    assert plan.values["beduerftig_text"] == answers["beduerftig_text"]
    assert plan.addendum == []


def test_text_longer_than_its_box_goes_to_the_addendum(form) -> None:
    answers = load("integrationskurs.lohn")
    answers["befreiung_grund"] = "sonstige"
    answers["beduerftig_text"] = "Ich bekomme Wohngeld und bin vom Rundfunkbeitrag befreit. " * 4
    plan = mapping.plan(form, answers, form.pdf[0], ON)
    assert plan.values["beduerftig_text"] == mapping.SEE_ADDENDUM
    assert plan.addendum == [("sonstige Gründe der Bedürftigkeit", answers["beduerftig_text"])]
    reader, v = read_back(mapping.render(form, plan))
    assert v["beduerftig_text"] == mapping.SEE_ADDENDUM
    assert "Rundfunkbeitrag" in reader.pages[-1].extract_text()


def test_template_has_no_length_limit_on_text(root) -> None:
    reader = PdfReader(root / "pdf_templates" / "integrationskurs.pdf")
    limited = [
        a.get_object()["/T"]
        for page in reader.pages
        for a in page["/Annots"]
        if "/MaxLen" in a.get_object()
    ]
    assert limited == []


def test_same_page_questions_appear_at_once_in_the_browser(form) -> None:
    """A question that depends on another one on its page must be revealable by the script;
    otherwise a browser user meets it only after a round trip to the server."""
    checked = 0
    for step in form.steps:
        groups = (
            [step.fields] if step.repeat is None else [p.fields for p in step.repeat.item_pages]
        )
        for fields in groups:
            on_page = {f.id for f in fields if f.has_value}
            for f in fields:
                if not f.has_value or not f.when:
                    continue
                if set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", f.when)) & on_page:
                    assert reveal_rule(f.when, on_page), (step.id, f.id, f.when)
                    checked += 1
    assert checked >= 5


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


@pytest.mark.parametrize("name", BRANCHES)
def test_complete_in_the_web_app(client, name: str) -> None:
    form = load_form(ROOT / "forms" / "integrationskurs.yaml")
    answers = load(name)
    client.get("/?lang=de")
    complete_form(client, form, answers)
    response = post_page(client, "/forms/integrationskurs/check", {})
    assert response.status_code == 302 and response.headers["Location"].endswith("/done")
    done = client.get("/forms/integrationskurs/done").get_data(as_text=True)
    assert "Kopie Ihres Passes oder Personalausweises" in done
    assert "BAMF-NAvI" in done
    pdf = client.get("/forms/integrationskurs/pdf/antrag.pdf")
    assert pdf.status_code == 200
    assert read_back(pdf.data)[1]["familienname"] == answers["familienname"]
