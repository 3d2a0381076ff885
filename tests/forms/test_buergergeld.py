"""Bürgergeld Hauptantrag: completeness, the Anlagen per household, validation, the PDF."""

from __future__ import annotations

import copy
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
"""All ages and date limits are taken on this day, so the tests never age."""

ANSWER_FILES = sorted(DATA.glob("buergergeld*.answers.yaml"))


def load(name: str = "buergergeld") -> dict[str, Any]:
    return yaml.safe_load((DATA / f"{name}.answers.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def form():
    return load_form(ROOT / "forms" / "buergergeld.yaml")


def checklist(form, answers, on: dt.date = ON) -> set[str]:
    return {d.id for d in engine.checklist(form, answers, on)}


def anlagen(form, answers, on: dt.date = ON) -> set[str]:
    return {i for i in checklist(form, answers, on) if i.startswith("anlage_")}


def step_of(form, step_id: str):
    return engine.step(form, step_id)


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


def test_missing_answers_are_named(form) -> None:
    answers = load()
    del answers["krankenkasse"]
    answers["haushalt"][1].pop("erwerbsfaehig")  # the 16-year-old
    gaps = engine.missing(form, answers, ON)
    assert engine.Missing("versicherung", "krankenkasse") in gaps
    assert engine.Missing("haushalt", "erwerbsfaehig", 2) in gaps
    assert not engine.is_complete(form, answers, ON)


def test_the_8_year_old_is_not_asked_whether_able_to_work(form) -> None:
    answers = load()
    del answers["haushalt"][2]["erwerbsfaehig"]
    assert engine.is_complete(form, answers, ON)
    effective = engine.effective_answers(form, load(), ON)["haushalt"]
    assert "erwerbsfaehig" in effective[1] and "erwerbsfaehig" not in effective[2]


# --------------------------------------------------------------------------- the Anlagen


def test_two_adults_a_16_and_an_8_year_old_need_exactly_these_anlagen(form) -> None:
    answers = load()
    assert anlagen(form, answers) == {
        "anlage_wep_2",  # the husband and the 16-year-old
        "anlage_ki_1",  # the 8-year-old
        "anlage_kdu",  # rent
        "anlage_ek_1",  # the husband's mini-job
        "anlage_vm",  # always
    }
    values = engine.computed_values(form, answers, ON)
    assert values["anzahl_wep"] == 2 and values["anzahl_ki"] == 1 and values["anzahl_ek"] == 1
    assert values["anzahl_personen"] == 4


def test_checklist_of_the_family_names_documents_and_counts(form) -> None:
    docs = {d.id: d for d in engine.checklist(form, load(), ON)}
    assert "2-mal" in docs["anlage_wep_2"].label
    assert "1-mal" in docs["anlage_ki_1"].label
    assert {
        "ausweise",
        "aufenthaltsdokumente",
        "mietvertrag",
        "kontoauszuege",
        "einkommensnachweise",
        "geburtsurkunden",
        "krankenversicherung_nachweis",
        "meldebescheinigung",
    } <= set(docs)
    assert "asylblg_bescheid" not in docs and "mutterpass" not in docs


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("allein", {"anlage_vm", "anlage_sv"}),
        (
            "alleinerziehend",
            {
                "anlage_ki_3",
                "anlage_kdu",
                "anlage_ek_1",
                "anlage_vm",
                "anlage_meb",
                "anlage_uh1",
                "anlage_uh2",
            },
        ),
        (
            "grossfamilie",
            {
                "anlage_wep_viele",
                "anlage_ki_1",
                "anlage_kdu",
                "anlage_ek_2",
                "anlage_vm",
                "anlage_ve",
                "anlage_hg",
                "anlage_sv",
                "anlage_meb",
                "anlage_uf",
            },
        ),
        ("u25", {"anlage_ek_1", "anlage_vm", "anlage_sv", "anlage_uh3"}),
    ],
)
def test_anlagen_per_branch(form, name: str, expected: set[str]) -> None:
    assert anlagen(form, load(f"buergergeld.{name}")) == expected


def test_branch_documents(form) -> None:
    allein = checklist(form, load("buergergeld.allein"))
    assert {"asylblg_bescheid", "aufenthaltsdokumente"} <= allein
    assert "krankenversicherung_nachweis" not in allein  # not insured yet
    assert "mietvertrag" not in allein and "geburtsurkunden" not in allein
    german = checklist(form, load("buergergeld.alleinerziehend"))
    assert "aufenthaltsdokumente" not in german
    u25 = checklist(form, load("buergergeld.u25"))
    assert {"mutterpass", "schulbescheinigung"} <= u25
    assert "meldebescheinigung" not in u25  # no fixed address


def test_grossfamilie_counts_follow_the_bedarfsgemeinschaft(form) -> None:
    values = engine.computed_values(form, load("buergergeld.grossfamilie"), ON)
    # partner, children of 23, 21, 19 and 17; the son of 26 has his own Bedarfsgemeinschaft,
    # the mother and the flatmate are not in it either
    assert values["anzahl_wep"] == 5
    assert values["anzahl_ki"] == 1
    assert values["anzahl_ek"] == 2
    assert values["anzahl_personen"] == 10


@pytest.mark.parametrize(
    ("children", "wep", "ki"),
    [
        (0, None, None),
        (1, "anlage_wep_1", None),
        (3, "anlage_wep_3", None),
        (4, "anlage_wep_4", None),
        (6, "anlage_wep_viele", None),
    ],
)
def test_wep_count_variants(form, children: int, wep: str | None, ki: str | None) -> None:
    answers = load("buergergeld.allein")
    answers["allein"] = False
    answers["haushalt"] = [
        {
            "vornamen": f"Kind{n}",
            "familienname": "Shevchenko",
            "beziehung": "KI",
            "geburtsdatum": "2008-01-01",
            "erwerbsfaehig": True,
            "einkommen": False,
        }
        for n in range(children)
    ]
    if not children:
        answers["allein"] = True
        del answers["haushalt"]
    found = anlagen(form, answers)
    assert {a for a in found if a.startswith("anlage_wep")} == ({wep} if wep else set())
    assert not {a for a in found if a.startswith("anlage_ki")}


def test_the_8_year_old_needs_an_anlage_wep_once_15(form) -> None:
    answers = load()
    birthday_15 = dt.date(2033, 3, 15)
    assert anlagen(form, answers, birthday_15 - dt.timedelta(days=1)) >= {"anlage_ki_1"}
    later = anlagen(form, answers, birthday_15)
    assert "anlage_wep_3" in later and not any(a.startswith("anlage_ki") for a in later)


def test_living_alone_drops_the_household_entered_before(form) -> None:
    answers = load()
    answers["allein"] = True  # the household list stays stored, but is hidden now
    assert engine.is_complete(form, answers, ON)
    assert anlagen(form, answers) == {"anlage_kdu", "anlage_vm"}
    assert engine.computed_values(form, answers, ON)["anzahl_personen"] == 1


def test_anlage_vm_is_always_needed(form) -> None:
    for path in ANSWER_FILES:
        assert "anlage_vm" in checklist(form, yaml.safe_load(path.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- validation


def aufenthalt_errors(form, **changes: str) -> list[str]:
    answers = load()
    raw = {
        "einreisedatum": {"day": "14", "month": "9", "year": "2022"},
        "aufenthaltsstatus": "AE",
        "aufenthalt_gueltig_bis": {"day": "30", "month": "6", "year": "2028"},
        "azr_nummer": "",
        "asylblg": "no",
        "verpflichtungserklaerung": "no",
        "nationale_id": "",
    }
    raw.update(changes)
    outcome = engine.submit_step(form, "aufenthalt", raw, answers, ON)
    return [e.field for e in outcome.errors]


@pytest.mark.parametrize(
    "value", ["123456789012", "1234 5678 9012", "123 456 789 012", "", "١٢٣٤٥٦٧٨٩٠١٢"]
)
def test_azr_number_accepts_twelve_digits(form, value: str) -> None:
    assert aufenthalt_errors(form, azr_nummer=value) == []


@pytest.mark.parametrize(
    "value",
    [
        "12345678901",
        "1234567890123",
        "12345678901A",
        "AZR123456789",
        "١٢٣٤٥٦٧٨٩٠١",  # eleven Arabic-Indic digits: still too short
        "1234-5678-9012",
    ],
)
def test_azr_number_refuses_anything_else(form, value: str) -> None:
    assert aufenthalt_errors(form, azr_nummer=value) == ["azr_nummer"]


def test_azr_error_message_says_twelve_digits(form) -> None:
    outcome = engine.submit_step(form, "aufenthalt", {"azr_nummer": "12345"}, load(), ON)
    error = next(e for e in outcome.errors if e.field == "azr_nummer")
    assert "12 Ziffern" in error.message


def nummern_errors(form, rv_status: str = "VORHANDEN", rv_nummer: str = "") -> list[str]:
    raw = {
        "rv_status": rv_status,
        "rv_nummer": rv_nummer,
        "steuer_id": "",
        "ausweis_art": "AT",
        "ausweis_gueltig_bis": {"day": "", "month": "", "year": ""},
        "betreuung": "no",
    }
    return [e.field for e in engine.submit_step(form, "nummern", raw, load(), ON).errors]


@pytest.mark.parametrize(
    "value", ["65 170839 J 004", "65170839J004", "65 170839 j 004", "12051091B007"]
)
def test_rentenversicherungsnummer_accepts_the_12_character_form(form, value: str) -> None:
    assert nummern_errors(form, rv_nummer=value) == []


@pytest.mark.parametrize(
    "value", ["65170839004", "65 170839 JJ 004", "6517083J004", "A5170839J004", "65170839J0045"]
)
def test_rentenversicherungsnummer_refuses_wrong_shapes(form, value: str) -> None:
    assert nummern_errors(form, rv_nummer=value) == ["rv_nummer"]


def test_rentenversicherungsnummer_only_asked_when_there_is_one(form) -> None:
    assert nummern_errors(form, rv_status="VORHANDEN") == ["rv_nummer"]
    assert nummern_errors(form, rv_status="BEANTRAGT") == []
    answers = load()
    answers["rv_status"] = "BEANTRAGT"
    plan = mapping.plan(form, answers, form.pdf[0], ON)
    assert plan.values["rv_beantragt"] is True and "rv_nummer" not in plan.values


def test_germans_are_not_asked_about_residence(form) -> None:
    answers = load("buergergeld.alleinerziehend")
    visible = [s.id for s in engine.visible_steps(form, answers, ON)]
    assert "aufenthalt" not in visible
    answers["staatsangehoerigkeit"] = ["DE", "TR"]
    assert "aufenthalt" not in [s.id for s in engine.visible_steps(form, answers, ON)]
    answers["staatsangehoerigkeit"] = ["TR"]
    assert "aufenthalt" in [s.id for s in engine.visible_steps(form, answers, ON)]
    assert engine.Missing("aufenthalt", "einreisedatum") in engine.missing(form, answers, ON)


def test_entry_date_cannot_be_before_birth_or_in_the_future(form) -> None:
    assert aufenthalt_errors(form, einreisedatum={"day": "1", "month": "1", "year": "1985"}) == [
        "einreisedatum"
    ]
    assert aufenthalt_errors(form, einreisedatum={"day": "1", "month": "1", "year": "2027"}) == [
        "einreisedatum"
    ]


def test_names_must_be_in_latin_letters(form) -> None:
    raw = {"familienname": "حداد", "vornamen": "Amira", "geburtsname": ""}
    outcome = engine.submit_step(form, "person", raw, {}, ON)
    assert "familienname" in [e.field for e in outcome.errors]


# --------------------------------------------------------------------------- the PDF


def read_back(data: bytes) -> tuple[PdfReader, dict[str, Any]]:
    reader = PdfReader(io.BytesIO(data))
    return reader, {k: v.get("/V") for k, v in reader.get_fields().items()}


def test_pdf_fills_and_reads_back(form) -> None:
    outputs = mapping.filled_outputs(form, load(), ON)
    assert [o.id for o, _data in outputs] == ["hauptantrag"]
    reader, v = read_back(outputs[0][1])
    assert len(reader.pages) == 3
    assert v["familienname"] == "Haddad" and v["vornamen"] == "Amira"
    assert v["geburtsdatum"] == "02.03.1990" and v["geburtsland"] == "Syrien"
    assert v["staatsangehoerigkeit"] == "Syrien"
    assert v["einreisedatum"] == "14.09.2022"
    assert v["azr_nummer"] == "123456789012"
    assert v["rv_nummer"] == "65 020390 H 502"
    assert v["iban"] == "DE89370400440532013000"
    assert v["aufenthaltsstatus"] == "Aufenthaltserlaubnis"
    assert v["familienstand"] == "verheiratet"
    assert v["kv_art"] == "gesetzlich familien- oder pflichtversichert"
    assert v["p1_vornamen"] == "Omar" and v["p1_beziehung"] == "Ehegattin/Ehegatte"
    assert v["p2_geburtsdatum"] == "01.05.2010" and v["p2_erwerbsfaehig"] == "ja"
    assert v["p3_vornamen"] == "Karim" and not v.get("p3_erwerbsfaehig")
    assert v["anzahl_wep"] == "2" and v["anzahl_ki"] == "1" and v["anzahl_ek"] == "1"
    ticked = {k for k, value in v.items() if value not in (None, "", "/Off")}
    assert {"anlage_wep", "anlage_ki", "anlage_ek", "anlage_kdu", "anlage_vm"} <= ticked
    assert not {"anlage_ve", "anlage_hg", "anlage_sv", "anlage_uh1"} & ticked
    assert {"aufenthaltstitel_ja", "asylblg_nein", "beginn_sofort", "wohnkosten_ja"} <= ticked
    assert not {"aufenthaltstitel_nein", "asylblg_ja", "wohnkosten_nein"} & ticked


def test_pdf_of_a_german_applicant_leaves_residence_empty(form) -> None:
    plan = mapping.plan(form, load("buergergeld.alleinerziehend"), form.pdf[0], ON)
    v = plan.values
    assert "aufenthaltsstatus" not in v and "azr_nummer" not in v and "einreisedatum" not in v
    assert v["aufenthaltstitel_ja"] is False and v["aufenthaltstitel_nein"] is False
    assert v["beginn_spaeter"] is True and v["beginn_datum"] == "01.01.2027"
    assert v["andere_leistungen_art"] == "Kinderzuschlag, Wohngeld, Sonstiges"
    assert v["andere_leistungen_sonst"] == "Unterhaltsvorschuss"
    assert v["steuer_id"] == "86095742719"
    assert v["rv_nummer"] == "12051091B007"


def test_household_beyond_six_persons_goes_to_the_anlage(form, tmp_path: Path) -> None:
    answers = load("buergergeld.grossfamilie")
    plan = mapping.plan(form, answers, form.pdf[0], ON)
    assert plan.values["p6_vornamen"] == "Parisa"
    assert plan.values["p1_beziehung"] == "Partner/in (Einstehensgemeinschaft)"
    assert ("Person 7: Sara Ahmadi – Geburtsdatum", "10.10.2019") in plan.addendum
    assert ("Person 8: Gulnar Ahmadi – erwerbsfähig (ab 15 Jahren)", "nein") in plan.addendum
    reader, v = read_back(mapping.render(form, plan))
    assert len(reader.pages) > 3
    text = "\n".join(page.extract_text() for page in reader.pages[3:])
    assert "Gulnar" in text and "Jawad" in text
    assert v["anzahl_wep"] == "5"


def test_hidden_answers_never_reach_the_pdf(form) -> None:
    answers = load()
    answers["allein"] = True
    plan = mapping.plan(form, answers, form.pdf[0], ON)
    assert not any(k.startswith("p1_") for k in plan.values)
    assert plan.values["anlage_wep"] is False and "anzahl_wep" not in plan.values


def test_long_free_text_goes_to_the_anlage(form) -> None:
    answers = load()
    answers["lebensunterhalt"] = "Wir haben von Ersparnissen und Hilfe der Familie gelebt. " * 17
    plan = mapping.plan(form, answers, form.pdf[0], ON)
    assert plan.values["lebensunterhalt"] == mapping.SEE_ADDENDUM
    assert any(label.startswith("Wie haben Sie") for label, _text in plan.addendum)


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


def years_ago(years: int) -> str:
    today = dt.date.today()
    return dt.date(today.year - years, today.month, min(today.day, 28)).isoformat()


def test_complete_in_the_web_app_and_see_the_anlagen(client) -> None:
    from web_helpers import complete_form, post_page

    form = load_form(ROOT / "forms" / "buergergeld.yaml")
    answers = copy.deepcopy(load())
    # the app counts ages on the real date: keep the children 16 and 8
    answers["haushalt"][1]["geburtsdatum"] = years_ago(16)
    answers["haushalt"][2]["geburtsdatum"] = years_ago(8)
    client.get("/?lang=de")
    complete_form(client, form, answers)
    response = post_page(client, "/forms/buergergeld/check", {})
    assert response.status_code == 302 and response.headers["Location"].endswith("/done")
    done = client.get("/forms/buergergeld/done").get_data(as_text=True)
    assert "Anlage WEP – 2-mal" in done and "Anlage KI – 1-mal" in done
    assert "Anlage VM" in done and "jobcenter.digital" in done
    pdf = client.get("/forms/buergergeld/pdf/hauptantrag.pdf")
    assert pdf.status_code == 200
    assert read_back(pdf.data)[1]["familienname"] == "Haddad"
