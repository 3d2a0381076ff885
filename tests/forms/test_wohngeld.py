"""Wohngeld – Mietzuschuss (NRW): branches, the § 7 WoGG exclusion, checklist, both PDFs.

Answers files in tests/data: `wohngeld.answers.yaml` (couple with two children,
one earner; walked in the browser too), `wohngeld.gemischt.answers.yaml` (mixed
household: grandmother with Grundsicherung, Weiterleistungsantrag, sublet flat,
a death in the household), `wohngeld.buergergeld.answers.yaml` (excluded) and
`wohngeld.eigentum.answers.yaml` (owner: Lastenzuschuss). Engine calls pin the
date to ON, because some answers of the mixed household are "in the last/next
12 months".
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from form_walker import pages
from pypdf import PdfReader
from web_helpers import complete_form, post_page, start
from werkzeug.datastructures import MultiDict

from wizard import engine
from wizard.cli import main
from wizard.formdef.checker import index_of, resolve_template
from wizard.formdef.loader import load_form
from wizard.pdf import acroform, mapping
from wizard.store import ScryptParams
from wizard.web.app import create_app
from wizard.web.render import raw_input

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "pdf"))  # the corpus helpers live beside the PDF tests
from corpus_paths import corpus_dir, corpus_file, pdftotext, qpdf_check, write_pdf  # noqa: E402

FORM_FILE = ROOT / "forms" / "wohngeld.yaml"
OFFICIAL_PDF = "wohngeldantrag_nrw.pdf"
ON = dt.date(2026, 11, 21)
BRANCHES = ["wohngeld", "wohngeld.gemischt", "wohngeld.buergergeld", "wohngeld.eigentum"]


def load_answers(name: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / "tests" / "data" / f"{name}.answers.yaml").read_text())


@pytest.fixture(scope="module")
def form():
    return load_form(FORM_FILE)


@pytest.fixture(scope="module")
def family() -> dict[str, Any]:
    return load_answers("wohngeld")


@pytest.fixture(scope="module")
def mixed() -> dict[str, Any]:
    return load_answers("wohngeld.gemischt")


def output(form, output_id: str):
    return next(o for o in form.pdf if o.id == output_id)


@pytest.fixture
def official(form):
    corpus_file(OFFICIAL_PDF)
    return output(form, "wohngeldantrag_nrw")


@pytest.fixture
def drawn(form):
    return output(form, "wohngeldantrag")


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "WIZARD_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test-secret-key-0123456789abcdef",
            "RESUME_KDF": ScryptParams(n=2**10, r=8, p=1),
        }
    )
    yield app
    app.extensions["wizard.store"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def walk(form, answers: dict[str, Any], on: dt.date = ON) -> dict[str, Any]:
    """Submit every page the wizard shows, as a browser would, through the engine.

    Every type check, date limit and `validate` rule runs on the way (on the
    date ``on``); returns the answers the wizard ends up with.
    """
    current: dict[str, Any] = {}
    groups = index_of(form).groups
    for page in pages(form, answers, on):
        step_id, *rest = page.url.split("/")[3:]
        if page.kind == "repeat":
            assert not engine.check_group(form, step_id, current, on), page.url
            continue
        multi = MultiDict()
        for key, value in page.data.items():
            for item in value if isinstance(value, list) else [value]:
                multi.add(key, item)
        if page.kind == "step":
            fields = engine.step(form, step_id).fields
        else:
            item_page = next(p for p in groups[step_id].repeat.item_pages if p.id == rest[1])
            fields = item_page.fields
        raw = {f.id: raw_input(f, multi) for f in fields if f.has_value}
        if page.kind == "step":
            outcome = engine.submit_step(form, step_id, raw, current, on)
        else:
            outcome = engine.submit_item_page(
                form, step_id, int(rest[0]), rest[1], raw, current, on
            )
        assert outcome.ok, (page.url, outcome.errors)
        current = outcome.answers
    return current


def mapped_names(out) -> set[str]:
    names: set[str] = set()
    for mp in out.fields:
        names |= {mp.field} if mp.field else set(mp.boxes or [])
    for rep in out.repeats:
        for mp in rep.fields:
            if mp.slots:
                names |= set(mp.slots)
            elif mp.field:
                names |= {mp.field.replace("{n}", str(n)) for n in range(1, rep.slots + 1)}
    return names


def fields_of(data: bytes) -> dict[str, Any]:
    return {name: f.get("/V") for name, f in PdfReader(io.BytesIO(data)).get_fields().items()}


# --------------------------------------------------------------------------- the form


def test_checker_finds_no_problems() -> None:
    result = CliRunner().invoke(main, ["check", str(FORM_FILE)])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_every_question_carries_the_official_wording(form) -> None:
    ix = index_of(form)
    questions = list(ix.fields.values())
    for group in ix.groups.values():
        questions += list(group.fields.values())
    missing = sorted(f.id for f in questions if f.has_value and not f.official)
    assert not missing


@pytest.mark.parametrize("name", BRANCHES)
def test_each_answers_file_is_complete_and_passes_every_rule(form, name: str) -> None:
    answers = load_answers(name)
    assert engine.missing(form, answers, ON) == []
    assert engine.is_complete(form, answers, ON)
    saved = walk(form, answers)
    assert engine.effective_answers(form, saved, ON) == engine.effective_answers(form, answers, ON)


def test_household_pages_follow_each_person(form, family, mixed) -> None:
    def shown(answers, number):
        return [p.id for p in engine.item_pages(form, "haushalt", answers, number, ON)]

    # the applicant: contact page, no relationship; an earner: amounts and deductions
    assert shown(family, 1) == [
        "name",
        "geburt",
        "lebenslage",
        "kontakt",
        "einkommen",
        "betraege",
        "abzuege",
        "aenderung",
        "besonderes",
    ]
    # an 11-year-old without income: no amounts, no question about changes
    assert shown(family, 3) == [
        "name",
        "beziehung",
        "geburt",
        "lebenslage",
        "einkommen",
        "besonderes",
    ]
    # mixed household: everybody is asked about the benefit; the grandmother who
    # gets Grundsicherung is not asked about income
    assert "transfer" in shown(mixed, 1) and "transfer" in shown(mixed, 2)
    assert shown(mixed, 3) == [
        "name",
        "beziehung",
        "geburt",
        "lebenslage",
        "transfer",
        "besonderes",
    ]


def test_computed_values(form, family, mixed) -> None:
    values = engine.computed_values(form, family, ON)
    assert values["warmmiete"] == 775
    assert values["anzahl_personen"] == 4 and values["erwachsene"] == 2
    assert values["weiter"] is True and values["ausgeschlossen"] is False
    assert values["sozialleistungen"] is False and values["einnahmen_aendern"] is False
    values = engine.computed_values(form, mixed, ON)
    assert values["transfer_im_haushalt"] is True and values["sozialleistungen"] is True
    assert values["einnahmen_aendern"] is True
    assert values["zahlungsempfaenger"] == "Jens Becker, Marktstraße 7, 44135 Dortmund"


# --------------------------------------------------------------------------- the exclusion


def test_buergergeld_household_is_told_and_stops(form, family) -> None:
    answers = load_answers("wohngeld.buergergeld")
    values = engine.computed_values(form, answers, ON)
    assert values["ausgeschlossen"] is True and values["weiter"] is False
    steps = [s.id for s in engine.visible_steps(form, answers, ON)]
    assert steps == ["vorpruefung", "kein_wohngeld"]
    assert engine.next_step(form, answers, "kein_wohngeld", ON) is None
    infos = [
        f.id for f in engine.visible_fields(form, engine.step(form, "kein_wohngeld"), answers, ON)
    ]
    assert infos == [
        "info_ausgeschlossen",
        "info_jobcenter",
        "info_beantragt",
        "info_wohngeld_statt",
        "info_ende",
    ]
    # nothing to bring, no application to print
    assert engine.checklist(form, answers, ON) == []
    assert mapping.filled_outputs(form, answers, ON) == []

    # answers given before the user said "Bürgergeld" stay stored but count nowhere
    merged = {**family, **answers}
    assert engine.is_complete(form, merged, ON)
    assert set(engine.effective_answers(form, merged, ON)) == {
        "wohnform",
        "transferleistung",
        "transferleistungen",
        "transfer_wer",
    }
    assert [r.step.id for r in engine.review(form, merged, ON)] == ["vorpruefung", "kein_wohngeld"]
    assert engine.checklist(form, merged, ON) == []
    assert mapping.filled_outputs(form, merged, ON) == []


def test_sozialamt_benefits_point_to_the_sozialamt(form) -> None:
    answers = {
        "wohnform": "HM",
        "transferleistung": True,
        "transferleistungen": ["grundsicherung", "asylblg"],
        "transfer_wer": "alle",
    }
    infos = [
        f.id for f in engine.visible_fields(form, engine.step(form, "kein_wohngeld"), answers, ON)
    ]
    assert "info_sozialamt" in infos and "info_jobcenter" not in infos


def test_owner_is_sent_to_the_lastenzuschuss(form) -> None:
    answers = load_answers("wohngeld.eigentum")
    assert [s.id for s in engine.visible_steps(form, answers, ON)] == [
        "vorpruefung",
        "kein_wohngeld",
    ]
    infos = [
        f.id for f in engine.visible_fields(form, engine.step(form, "kein_wohngeld"), answers, ON)
    ]
    assert infos == ["info_lastenzuschuss", "info_ende"]
    assert engine.checklist(form, answers, ON) == []


def test_benefit_for_some_persons_does_not_exclude(form, mixed) -> None:
    steps = [s.id for s in engine.visible_steps(form, mixed, ON)]
    assert "kein_wohngeld" not in steps and "haushalt" in steps
    # the application is made by a person without the benefit
    bad = engine.submit_item_page(
        form, "haushalt", 1, "transfer", {"bezieht_transfer": "yes"}, mixed, ON
    )
    assert [e.code for e in bad.errors] == ["rule"]
    ok = engine.submit_item_page(
        form, "haushalt", 3, "transfer", {"bezieht_transfer": "yes"}, mixed, ON
    )
    assert ok.ok


# --------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("step", "raw", "field"),
    [
        ("antrag", {"antragsart": "weiter", "wohngeldnummer": "WG 2025 0417"}, "wohngeldnummer"),
        ("antrag", {"antragsart": "weiter", "wohngeldnummer": "WG-2025-04171"}, "wohngeldnummer"),
        (
            "nutzung",
            {
                "mittelpunkt": "yes",
                "untervermietung": "no",
                "gewerblich": "yes",
                "gewerblich_qm": "72",
            },
            "gewerblich_qm",
        ),
        ("erklaerung", {"bestimmt": "no", "angaben_richtig": "yes"}, "bestimmt"),
        ("erklaerung", {"bestimmt": "yes", "angaben_richtig": "no"}, "angaben_richtig"),
    ],
)
def test_step_rules(form, family, step: str, raw: dict, field: str) -> None:
    outcome = engine.submit_step(form, step, raw, family, ON)
    assert [e.field for e in outcome.errors] == [field]


def test_konto_rules(form, family) -> None:
    base = {"iban": "DE89370400440532013000", "kontoinhaber": "Farid Rahimi", "kreditinstitut": "X"}
    heim = engine.submit_step(
        form,
        "konto",
        {**base, "kontoinhaber_rolle": "traeger", "zahlungsempfaenger_anschrift": "Sozialamt"},
        family,
        ON,
    )
    assert [e.field for e in heim.errors] == ["kontoinhaber_rolle"]
    owner = {**family, "wohnform": "MFH"}
    landlord = engine.submit_step(
        form, "konto", {**base, "kontoinhaber_rolle": "vermieter"}, owner, ON
    )
    assert [e.field for e in landlord.errors] == ["kontoinhaber_rolle"]


def test_no_income_excludes_every_other_kind(form, family) -> None:
    outcome = engine.submit_item_page(
        form, "haushalt", 2, "einkommen", {"einkommensarten": ["lohn", "keine"]}, family, ON
    )
    assert [e.code for e in outcome.errors] == ["rule"]


# --------------------------------------------------------------------------- checklist


BASE_DOCS = {"mietvertrag", "mietbescheinigung", "ausweis", "aufenthaltstitel", "konto"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("wohngeld", BASE_DOCS | {"lohnabrechnungen", "werbungskosten"}),
        (
            "wohngeld.gemischt",
            BASE_DOCS
            | {
                "lohnabrechnungen",
                "selbststaendig",
                "bescheide",
                "transferbescheid",
                "zuschuesse",
                "schwerbehindertenausweis",
                "pflege",
                "sterbeurkunde",
            },
        ),
        ("wohngeld.buergergeld", set()),
        ("wohngeld.eigentum", set()),
    ],
)
def test_checklist_per_branch(form, name: str, expected: set[str]) -> None:
    docs = {d.id for d in engine.checklist(form, load_answers(name), ON)}
    assert docs == expected


@pytest.mark.parametrize(
    ("change", "added", "removed"),
    [
        ({"antragsart": "erhoehung"}, {"aenderungsnachweis"}, set()),
        ({"untervermietung": True}, {"untervermietung"}, set()),
        ({"unterhalt_zahlt": True}, {"unterhalt_vordruck"}, set()),
        (
            {
                "verstorben": True,
                "verstorben_datum": "2026-06-10",
                "verstorben_namen": "X",
                "verstorben_umzug": False,
                "verstorben_aufnahme": False,
            },
            {"sterbeurkunde"},
            set(),
        ),
        ({"wohnform": "MFH"}, {"eigentum_nachweis"}, {"mietvertrag", "mietbescheinigung"}),
        ({"wohnform": "HEIM"}, set(), {"mietvertrag"}),
    ],
)
def test_checklist_follows_the_answers(form, family, change, added, removed) -> None:
    before = {d.id for d in engine.checklist(form, family, ON)}
    after = {d.id for d in engine.checklist(form, {**family, **change}, ON)}
    assert after - before == added and before - after == removed


def test_no_residence_permit_for_a_german_household(form, family) -> None:
    answers = copy.deepcopy(family)
    for person in answers["haushalt"]:
        person["staatsangehoerigkeit"] = ["DE"]
    assert "aufenthaltstitel" not in {d.id for d in engine.checklist(form, answers, ON)}
    answers["haushalt"][3]["staatsangehoerigkeit"] = ["DE", "AF"]
    assert "aufenthaltstitel" not in {d.id for d in engine.checklist(form, answers, ON)}
    answers["haushalt"][3]["staatsangehoerigkeit"] = ["AF"]
    assert "aufenthaltstitel" in {d.id for d in engine.checklist(form, answers, ON)}


# --------------------------------------------------------------------------- official PDF


def test_every_official_name_exists_in_the_real_pdf(form, official) -> None:
    fields = {f.name: f for f in acroform.list_fields(corpus_file(OFFICIAL_PDF))}
    names = mapped_names(official)
    assert names and names <= set(fields), sorted(names - set(fields))
    # a radio group only takes its own state names
    for mp in [*official.fields, *(m for rep in official.repeats for m in rep.fields)]:
        for target in [mp.field] if mp.field else (mp.slots or []):
            if fields[target].type == "radio":
                assert mp.map and set(mp.map.values()) <= set(fields[target].options), target


def test_official_plan_writes_the_household(form, family, official) -> None:
    v = mapping.plan(form, family, official, ON).values
    assert v["antragsart"] == "Erstantrag"
    assert v["antragsteller_familienname"] == "Rahimi" and v["antragsteller_vorname"] == "Farid"
    assert v["antragsteller_persoenliche_verhaeltnisse"] == "Arbeiter(in)"
    assert v["wohnungsadresse"] == "59227 Ahlen, Weststraße 12, 2. Etage rechts"
    assert v["antragsteller_kontonummer"] == "IBAN DE89370400440532013000"
    assert v["antragsteller_kontoinhaber"] == "1"
    assert v["antragsteller_wohnverhaeltnisse"] == "Hauptmieter(in)"
    assert v["warmmiete"] == "775,00 €" and v["datum_einzug"] == "01082024"
    assert v["vermieter"] == "Petra Schulte, Bahnhofstraße 3, 59227 Ahlen, Tel. 02382 123456"
    # Ja/Nein pairs: exactly one box of each pair
    for yes, no, expected in [
        ("person_lebensmittelpunkt_ja", "person_lebensmittelpunkt_nein", True),
        ("vermietung_ja", "vermietung_nein", False),
        ("kindergeld_ja", "kindergeld_nein", True),
        ("sozialleistungen_ja", "sozialleistungen_nein", False),
        ("erhoehung_ja", "erhoehung_nein", False),
    ]:
        assert (v[yes], v[no]) == (expected, not expected), yes
    # section 9: three rows, German wording, one line per income beside its amount
    assert v["antragssteller_nachname_geburtsname"] == "Rahimi"
    assert v["person_1_nachname_geburtsname"] == "Rahimi, geb. Ahmadi"
    assert (v["antragssteller_geschlecht"], v["person_1_geschlecht"]) == ("1", "2")
    assert v["person_1_verwandschaftsverhaeltnis"] == "Ehegatte/Ehegattin"
    assert (
        v["person_2_beruf"] == "Schüler(in)" and v["person_2_staatsangehoerigkeit"] == "Afghanistan"
    )
    assert v["antragssteller_einkuenfte"] == "Gehalt/Lohn\nEinmalzahlung"
    assert v["antragssteller_einkuenfte_summen"] == "2.380,00\n1.200,00"
    assert v["antragssteller_wkkosten"] == "Fahrtkosten: 620,00 € jährlich"
    assert v["antragssteller_bruttoeinkuenfte_steuern_ja"] is True
    assert v["antragssteller_bruttoeinkuenfte_steuern_nein"] is False
    assert v["person_1_einkuenfte"] == "keine Einkünfte"
    # no income, no tax question: neither box of the pair is ticked
    assert v["person_1_bruttoeinkuenfte_steuern_ja"] is False
    assert v["person_1_bruttoeinkuenfte_steuern_nein"] is False


def test_official_plan_for_the_mixed_household(form, mixed, official) -> None:
    v = mapping.plan(form, mixed, official, ON).values
    assert v["antragsart"] == "Weiterleistungsantrag"
    assert v["antragsteller_wohngeldnummer"] == "WG-2025-0417"
    assert v["antragsteller_wohnverhaeltnisse"] == "Untermieter(in)"
    assert v["antragsteller_kontoinhaber"] == "3"
    assert v["zahlungsempfaenger"] == "Jens Becker, Marktstraße 7, 44135 Dortmund"
    assert v["gewerblich_nutzung_ja"] is True and v["gewerbliche_nutzung_qm"] == "10"
    assert v["person_2_einkuenfte"] == "Transferleistung (siehe Nr. 13)"
    assert "person_2_einkuenfte_summen" not in v
    assert v["sozialleistungen_ja"] is True
    assert v["Grundsicherung (SGB XII)"] is True and v["Unterhaltsvorschuss"] is True
    assert v["Arbeitslosengeld II (SGB II)"] is False
    assert v["erhoehung_ja"] is True
    assert (v["antragssteller_name"], v["antragssteller_erhoehung_datum"]) == (
        "Kovalenko, Olena",
        "01.02.2027",
    )
    assert v["verstorbene_person_ja"] is True and v["verstorbene_person_datum"] == "10.06.2026"
    assert v["person_2_name_situation"] == "Kovalenko, Halyna"
    assert v["person_2_beeintraechtigung_grad"] == "80"
    assert v["person_2_pflegebeduerftig"] is True and v["person_2_verfolgung"] is False


def test_filled_official_pdf_reads_back(form, family, official, tmp_path) -> None:
    plan = mapping.plan(form, family, official, ON)
    data = mapping.render(form, plan)
    path = write_pdf(tmp_path, data)
    qpdf_check(path)
    back = fields_of(data)
    assert back["antragsteller_familienname"] == "Rahimi"
    assert back["person_1_nachname_geburtsname"] == "Rahimi, geb. Ahmadi"
    assert back["antragssteller_einkuenfte_summen"] == "2.380,00\n1.200,00"
    assert back["datum_einzug"] == "01082024"
    assert back["antragsart"] == "/Erstantrag"
    assert back["antragsteller_wohnverhaeltnisse"] == "/Hauptmieter(in)"
    assert back["antragssteller_geschlecht"] == "/1" and back["person_1_geschlecht"] == "/2"
    assert back["kindergeld_ja"] == "/On" and back["kindergeld_nein"] in (None, "/Off")
    assert back["antragssteller_bruttoeinkuenfte_steuern_ja"] == "/Yes"
    text = pdftotext(path)
    assert "Rahimi" in text and "Weststraße 12" in text
    assert "Anlage" in text and "Yusuf (männlich)" in text


def test_erhoehungsantrag_ticks_the_state_with_the_umlaut(form, family, official) -> None:
    answers = {**family, "antragsart": "erhoehung", "wohngeldnummer": "4711"}
    plan = mapping.plan(form, answers, official, ON)
    assert plan.values["antragsart"] == "Erhöhungsantrag"
    data = mapping.render(form, plan)
    # the lowest of the three boxes is "Erhöhungsantrag"; compare with its own
    # state name as the template spells it, whatever the name's encoding
    template = PdfReader(corpus_file(OFFICIAL_PDF))
    kids = [k.get_object() for k in template.get_fields()["antragsart"]["/Kids"]]
    lowest = min(kids, key=lambda k: float(k["/Rect"][1]))
    state = next(s for s in lowest["/AP"]["/N"] if s != "/Off")
    filled = PdfReader(io.BytesIO(data)).get_fields()["antragsart"]
    assert filled["/V"] == state
    ticked = [k.get_object().get("/AS") for k in filled["/Kids"]]
    assert sorted(ticked, key=lambda s: s != state) == [state, "/Off", "/Off"]
    assert fields_of(data)["antragsteller_wohngeldnummer"] == "4711"


def test_fourth_person_goes_to_the_addendum_in_words(form, family, official) -> None:
    plan = mapping.plan(form, family, official, ON)
    entries = dict(plan.addendum)
    assert all(label.startswith("Person 4: Yusuf Rahimi – ") for label in entries)
    texts = list(entries.values())
    assert "Yusuf (männlich)" in texts and "11.03.2021" in texts and "keine Einkünfte" in texts
    # no tick-box export values ("1"/"2") and nothing about persons 1 to 3
    assert "1" not in texts and "2" not in texts
    assert not any("Farid" in t or "Sara" in t for t in texts)


def test_earner_beyond_the_rows_keeps_all_facts(form, family, official) -> None:
    answers = copy.deepcopy(family)
    fourth = answers["haushalt"][3]
    answers["haushalt"].append(
        {
            **fourth,
            "vornamen": "Omid",
            "beziehung": "VW",
            "geburtsdatum": "2004-01-20",
            "taetigkeit": "azubi",
            "einkommensarten": ["ausbildung"],
            "betrag_ausbildung": "950.00",
            "zahlt_steuern": False,
            "zahlt_kv": True,
            "zahlt_rv": True,
            "werbungskosten": False,
            "einkommen_aendert": False,
            "besonderheiten": ["schwerbehindert"],
            "gdb": 50,
        }
    )
    assert engine.is_complete(form, answers, ON)
    plan = mapping.plan(form, answers, official, ON)
    omid = {label.split(" – ", 1)[1]: text for label, text in plan.addendum if "Omid" in label}
    facts = omid["antragssteller_einkuenfte"].splitlines()
    assert facts == [
        "Ausbildungsvergütung: 950,00 € monatlich",
        "Steuern gezahlt: nein",
        "Beiträge zur Kranken- und Pflegeversicherung: ja",
        "Beiträge zur Rentenversicherung: ja",
        "Nr. 15: schwerbehindert, GdB 50",
    ]
    assert omid["Verwandtschafts- bzw. Partnerschaftsverhältnis zur antragstellenden Person"] == (
        "sonstige(r) Verwandte(r)"
    )
    mapping.render(form, plan)  # and it fills


def test_divers_is_written_beside_the_first_name(form, family, official) -> None:
    answers = copy.deepcopy(family)
    answers["haushalt"][1]["geschlecht"] = "D"
    v = mapping.plan(form, answers, official, ON).values
    assert "person_1_geschlecht" not in v  # the form only has m and w
    assert v["person_1_vorname"] == "Mariam (divers)"
    mapping.render(form, mapping.plan(form, answers, official, ON))


def test_hidden_and_overlong_answers(form, family, official) -> None:
    answers = {**family, "gewerblich_qm": 20, "mittelpunkt_nicht": "Rahimi, Sara"}
    answers["vermieter_name"] = (
        "Wohnungsgesellschaft für Mieterinnen und Mieter im Münsterland " * 3
    )
    plan = mapping.plan(form, answers, official, ON)
    assert "gewerbliche_nutzung_qm" not in plan.values  # gewerblich is "no"
    assert "person_nicht_lebensmittelpunkt" not in plan.values  # mittelpunkt is "yes"
    assert plan.values["vermieter"] == mapping.SEE_ADDENDUM
    assert any(text.startswith("Wohnungsgesellschaft") for _label, text in plan.addendum)


# --------------------------------------------------------------------------- drawn template


def test_project_template_has_every_mapped_field_and_no_length_limit(form, drawn) -> None:
    path = resolve_template(form, drawn.template)
    fields = {f.name: f for f in acroform.list_fields(path)}
    assert mapped_names(drawn) <= set(fields), sorted(mapped_names(drawn) - set(fields))
    limited = {name: f.max_length for name, f in fields.items() if f.max_length}
    assert limited == {"wohngeldnummer": 12}  # only the comb field


def test_project_template_fills(form, family, drawn, tmp_path) -> None:
    plan = mapping.plan(form, family, drawn, ON)
    assert plan.addendum == []  # room for six persons
    data = mapping.render(form, plan)
    path = write_pdf(tmp_path, data)
    qpdf_check(path)
    back = fields_of(data)
    assert back["familienname"] == "Rahimi" and back["persoenliche_verhaeltnisse"] == "Arbeiter(in)"
    assert (back["grundmiete"], back["nebenkosten"], back["heizkosten"], back["gesamtmiete"]) == (
        "520,00",
        "160,00",
        "95,00",
        "775,00",
    )
    assert back["wohnflaeche"] == "72" and back["zimmer"] == "3" and back["einzug"] == "01.08.2024"
    assert back["p1_einkuenfte"] == (
        "Gehalt/Lohn: 2.380,00 € monatlich\nEinmalzahlungen: 1.200,00 € jährlich"
    )
    assert (
        back["p2_name"] == "Rahimi, geb. Ahmadi"
        and back["p2_verwandtschaft"] == "Ehegatte/Ehegattin"
    )
    assert back["p4_vorname"] == "Yusuf" and back["p4_geschlecht"] == "männlich"
    assert back["hauptmieter"] not in (None, "/Off") and back["untermieter"] in (None, "/Off")
    assert "Rahimi" in pdftotext(path)


def test_project_template_mixed_household_and_long_texts(form, mixed, drawn, tmp_path) -> None:
    answers = copy.deepcopy(mixed)
    answers["leistungen_wer"] = ("Kovalenko, Halyna – Grundsicherung seit 01.05.2025; " * 4)[:200]
    answers["aenderung_grund"] = "Meine Arbeitszeit wird ab Februar erhöht. " * 7
    plan = mapping.plan(form, answers, drawn, ON)
    v = plan.values
    assert v["antrag_weiter"] is True and v["wohngeldnummer"] == "WG-2025-0417"
    assert v["kontoinhaber_ist"] == "Vermieter(in)" and v["leistung_grundsicherung"] is True
    assert v["p3_einkuenfte"] == "bezieht eine Transferleistung (siehe Nr. 13)"
    assert v["besonders_3_name"] == "Kovalenko, Halyna" and v["besonders_3_pflege"] is True
    assert v["aenderung_1_name"] == "Kovalenko, Olena" and v["aenderung_1_datum"] == "01.02.2027"
    data = mapping.render(form, plan)  # texts over 100 characters fill (no /MaxLen 100)
    qpdf_check(write_pdf(tmp_path, data))
    assert fields_of(data)["leistungen_wer"] == answers["leistungen_wer"]


def test_seventh_person_goes_to_the_addendum_of_the_template(form, family, drawn) -> None:
    answers = copy.deepcopy(family)
    child = answers["haushalt"][3]
    for name in ("Laila", "Nadia", "Ali"):
        answers["haushalt"].append({**child, "vornamen": name})
    plan = mapping.plan(form, answers, drawn, ON)
    assert plan.values["p6_vorname"] == "Nadia"
    assert plan.addendum and all(
        label.startswith("Person 7: Ali Rahimi") for label, _ in plan.addendum
    )
    mapping.render(form, plan)


# --------------------------------------------------------------------------- web


def test_family_completes_the_wizard_and_gets_both_pdfs(client, app, family) -> None:
    form = app.extensions["wizard.library"].get("wohngeld")
    client.get("/?lang=de")
    complete_form(client, form, family)
    check = client.get("/forms/wohngeld/check").get_data(as_text=True)
    assert "Rahimi" in check and "Weststraße 12" in check
    response = post_page(client, "/forms/wohngeld/check", {})
    assert response.status_code == 302 and response.headers["Location"].endswith("/done")
    done = client.get("/forms/wohngeld/done").get_data(as_text=True)
    assert "Mietbescheinigung" in done and "Lohn- oder Gehaltsabrechnungen" in done
    assert "Wohngeldstelle" in done
    drawn = client.get("/forms/wohngeld/pdf/wohngeldantrag.pdf")
    assert drawn.status_code == 200 and drawn.data.startswith(b"%PDF")
    if (corpus_dir() / OFFICIAL_PDF).is_file():
        assert 'href="/forms/wohngeld/pdf/wohngeldantrag_nrw.pdf"' in done
        filled = client.get("/forms/wohngeld/pdf/wohngeldantrag_nrw.pdf")
        assert filled.status_code == 200 and filled.data.startswith(b"%PDF")
        assert fields_of(filled.data)["antragsteller_familienname"] == "Rahimi"
    key = next(c.value for c in client._cookies.values() if c.key == "wz-wohngeld")
    saved = app.extensions["wizard.store"].open(key).answers
    assert engine.effective_answers(form, saved) == engine.effective_answers(form, family)


def test_buergergeld_household_sees_the_explanation_then_the_end(client, app) -> None:
    form = app.extensions["wizard.library"].get("wohngeld")
    client.get("/?lang=de")
    start(client, "wohngeld")
    response = post_page(
        client,
        "/forms/wohngeld/vorpruefung",
        {
            "wohnform": "HM",
            "transferleistung": "yes",
            "transferleistungen": ["buergergeld"],
            "transfer_wer": "alle",
        },
    )
    assert response.headers["Location"].endswith("/forms/wohngeld/kein_wohngeld")
    page = client.get("/forms/wohngeld/kein_wohngeld").get_data(as_text=True)
    assert "Fragen Sie Ihr Jobcenter" in page and "Fragen Sie das Sozialamt" not in page
    assert "Die Miete und die Heizkosten werden schon" in page
    response = post_page(client, "/forms/wohngeld/kein_wohngeld", {})
    assert response.headers["Location"].endswith("/forms/wohngeld/check")
    assert client.get("/forms/wohngeld/haushalt").status_code in (302, 404)
    check = client.get("/forms/wohngeld/check").get_data(as_text=True)
    assert "Bürgergeld vom Jobcenter" in check and "Kaltmiete" not in check
    post_page(client, "/forms/wohngeld/check", {})
    done = client.get("/forms/wohngeld/done").get_data(as_text=True)
    assert "Mietbescheinigung" not in done and "Mietvertrag" not in done
    answers = load_answers("wohngeld.buergergeld")
    assert [p.url for p in pages(form, answers)] == [
        "/forms/wohngeld/vorpruefung",
        "/forms/wohngeld/kein_wohngeld",
    ]


def test_result_page_offers_no_application_when_excluded(client, app) -> None:
    form = app.extensions["wizard.library"].get("wohngeld")
    client.get("/?lang=de")
    complete_form(client, form, load_answers("wohngeld.buergergeld"))
    post_page(client, "/forms/wohngeld/check", {})
    done = client.get("/forms/wohngeld/done").get_data(as_text=True)
    assert "/forms/wohngeld/pdf/wohngeldantrag.pdf" not in done
