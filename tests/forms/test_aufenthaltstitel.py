"""Antrag auf Erteilung eines Aufenthaltstitels: completeness, branches, checklist, validation,
the project's fillable template, and the overlay on the real flat Berlin form (LABO AGen 1)."""

from __future__ import annotations

import copy
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
from wizard.pdf import mapping, overlay, rl_text
from wizard.store import ScryptParams
from wizard.web.app import create_app
from wizard.web.reveal import reveal_rule

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "pdf"))  # the corpus helpers live beside the PDF tests
from corpus_paths import (  # noqa: E402
    form_template,
    ink,
    pdftotext,
    qpdf_check,
    render_gray,
    write_pdf,
)

DATA = ROOT / "tests" / "data"
PAGE_HEIGHT = 841.68
ON = dt.date(2026, 11, 21)
"""All ages and date limits are taken on this day, so the tests never age."""

BRANCHES = [
    "aufenthaltstitel",
    "aufenthaltstitel.arbeit",
    "aufenthaltstitel.schutz",
    "aufenthaltstitel.studium",
]


def load(name: str = "aufenthaltstitel") -> dict[str, Any]:
    return yaml.safe_load((DATA / f"{name}.answers.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def form():
    return load_form(ROOT / "forms" / "aufenthaltstitel.yaml")


def output(form, output_id: str):
    return next(o for o in form.pdf if o.id == output_id)


def checklist(form, answers) -> set[str]:
    return {d.id for d in engine.checklist(form, answers, ON)}


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


def test_answers_files_hold_only_questions_the_form_asks(form) -> None:
    for name in BRANCHES:
        answers = load(name)
        assert engine.effective_answers(form, answers, ON).keys() == answers.keys(), name


def test_missing_answers_are_named_by_step(form) -> None:
    answers = load()
    for key in ("vornamen", "eh_geburtsdatum", "einreisedatum", "kv", "dauer_einheit"):
        del answers[key]
    del answers["kinder"][1]["wohnort"]
    gaps = engine.missing(form, answers, ON)
    assert engine.Missing("person", "vornamen") in gaps
    assert engine.Missing("ehegatte", "eh_geburtsdatum") in gaps
    assert engine.Missing("einreise", "einreisedatum") in gaps
    assert engine.Missing("krankenversicherung", "kv") in gaps
    assert engine.Missing("dauer", "dauer_einheit") in gaps
    assert engine.Missing("kinder", "wohnort", 2) in gaps
    assert not engine.is_complete(form, answers, ON)


# --------------------------------------------------------------------------- branches


def visible(form, answers) -> list[str]:
    return [s.id for s in engine.visible_steps(form, answers, ON)]


def test_steps_follow_the_answers(form) -> None:
    main = visible(form, load())
    assert {"ehegatte", "kinder", "aufenthalte", "bezugsperson"} <= set(main)
    assert not {"arbeitgeber", "hochschule"} & set(main)
    work = visible(form, load("aufenthaltstitel.arbeit"))
    assert "arbeitgeber" in work
    assert not {"ehegatte", "kinder", "aufenthalte", "bezugsperson", "hochschule"} & set(work)
    study = visible(form, load("aufenthaltstitel.studium"))
    assert "hochschule" in study and "arbeitgeber" not in study


def test_spouse_is_asked_only_when_married(form) -> None:
    answers = load()
    answers["familienstand"] = "LD"
    effective = engine.effective_answers(form, answers, ON)
    assert "eh_familienname" not in effective and "familienstand_seit" not in effective
    assert engine.is_complete(form, answers, ON)
    plan = mapping.plan(form, answers, output(form, "antrag"), ON)
    assert "eh_name" not in plan.values and plan.values["familienstand"] == "ledig"


def test_marriage_date_required_divorce_date_optional(form) -> None:
    answers = load()
    del answers["familienstand_seit"]
    assert engine.Missing("familienstand", "familienstand_seit") in engine.missing(
        form, answers, ON
    )
    divorced = load("aufenthaltstitel.schutz")
    del divorced["familienstand_seit"]
    assert engine.is_complete(form, divorced, ON)


def test_without_passport_the_reason_is_asked_instead(form) -> None:
    answers = load("aufenthaltstitel.schutz")
    assert "pass_nummer" not in answers
    del answers["kein_pass_grund"]
    assert engine.Missing("pass", "kein_pass_grund") in engine.missing(form, answers, ON)


def test_conviction_details_only_where_convicted(form) -> None:
    answers = load("aufenthaltstitel.arbeit")
    effective = engine.effective_answers(form, answers, ON)
    assert "strafe_ausland_grund" in effective and "strafe_de_grund" not in effective
    answers["vorbestraft"] = False
    effective = engine.effective_answers(form, answers, ON)
    assert not {k for k in effective if k.startswith("strafe_")}


# --------------------------------------------------------------------------- checklist


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "aufenthaltstitel",
            {
                "pass",
                "lichtbild",
                "aufenthaltsdokument",
                "meldebestaetigung",
                "mietvertrag",
                "heiratsurkunde",
                "geburtsurkunden",
                "bezugsperson_dokumente",
                "deutschnachweis",
                "einkommen_familie",
                "kv_nachweis",
            },
        ),
        (
            "aufenthaltstitel.arbeit",
            {
                "pass",
                "lichtbild",
                "aufenthaltsdokument",
                "meldebestaetigung",
                "mietvertrag",
                "arbeitsvertrag",
                "berufsabschluss",
                "gehaltsabrechnungen",
                "kv_nachweis",
                "urteile",
            },
        ),
        (
            "aufenthaltstitel.schutz",
            {
                "lichtbild",
                "aufenthaltsdokument",
                "meldebestaetigung",
                "geburtsurkunden",
                "schutzbescheid",
                "leistungsbescheid",
                "kv_nachweis",
            },
        ),
        (
            "aufenthaltstitel.studium",
            {
                "pass",
                "lichtbild",
                "aufenthaltsdokument",
                "mietvertrag",
                "studienbescheinigung",
                "finanzierungsnachweis",
            },
        ),
    ],
)
def test_checklist_per_branch(form, name: str, expected: set[str]) -> None:
    assert checklist(form, load(name)) == expected


def test_commitment_letter_and_other_sources(form) -> None:
    answers = load("aufenthaltstitel.studium")
    answers["lu_quellen"] = ["verpflichtung", "asylblg"]
    del answers["lu_sonstiges"]
    docs = checklist(form, answers)
    assert {"verpflichtungserklaerung", "leistungsbescheid"} <= docs
    assert "finanzierungsnachweis" not in docs


# --------------------------------------------------------------------------- validation


def test_names_must_be_in_latin_letters(form) -> None:
    raw = {
        "familienname": "حداد",
        "vornamen": "Amira",
        "geburtsname": "",
        "geschlecht": "W",
        "geburtsdatum": date_raw("1990-03-02"),
        "geburtsort": "Aleppo",
        "geburtsland": "SY",
    }
    assert errors(form, "person", raw, {}) == ["familienname"]


def test_passport_must_end_after_it_was_issued(form) -> None:
    raw = {
        "dokument_art": "RP",
        "dokument_sonstiges": "",
        "pass_staat": "SY",
        "pass_nummer": "N0123456",
        "pass_ausgestellt_am": date_raw("2020-06-05"),
        "pass_behoerde": "Damascus",
        "pass_gueltig_bis": date_raw("2019-06-04"),
        "kein_pass_grund": "",
        "rueckkehr": "no",
    }
    assert errors(form, "pass", raw, {}) == ["pass_gueltig_bis"]
    raw["pass_gueltig_bis"] = date_raw("2030-06-04")
    assert errors(form, "pass", raw, {}) == []


def test_yes_to_convictions_needs_where(form) -> None:
    raw = {"vorbestraft": "yes", "vorbestraft_de": "no", "vorbestraft_ausland": "no"}
    outcome = engine.submit_step(form, "strafen", raw, {}, ON)
    error = next(e for e in outcome.errors if e.field == "vorbestraft_ausland")
    assert "Deutschland oder in einem anderen Land" in (error.message or "")


def test_an_earlier_stay_must_end_after_it_starts(form) -> None:
    answers = {"frueher_in_deutschland": True}
    item = {"von": date_raw("2010-08-15"), "bis": date_raw("2010-07-01"), "ort": "Hamburg"}
    page_id = engine.step(form, "aufenthalte").repeat.item_pages[0].id
    outcome = engine.submit_item_page(form, "aufenthalte", 1, page_id, item, answers, ON)
    assert [e.field for e in outcome.errors] == ["bis"]


def test_sensitive_questions_say_why(form) -> None:
    fields = {f.id: f for s in form.steps if s.repeat is None for f in s.fields}
    for key in ("vorbestraft", "ausweisung_schengen", "ausweisung_de", "lu_quellen", "kv"):
        assert fields[key].why, key
        assert fields[key].official, key


# --------------------------------------------------------------------------- the project's template


def read_back(data: bytes) -> tuple[PdfReader, dict[str, Any]]:
    reader = PdfReader(io.BytesIO(data))
    return reader, {k: v.get("/V") for k, v in reader.get_fields().items()}


def ticked(values: dict[str, Any]) -> set[str]:
    return {k for k, v in values.items() if v not in (None, "", "/Off")}


def test_template_fills_and_reads_back(form, tmp_path) -> None:
    plan = mapping.plan(form, load(), output(form, "antrag"), ON)
    assert plan.addendum == []
    data = mapping.render(form, plan)
    qpdf_check(write_pdf(tmp_path, data))
    reader, v = read_back(data)
    assert len(reader.pages) == 3
    assert v["antragsart"] == "Ersterteilung" and v["bisheriges_dokument"] == "Visum"
    assert v["familienname"] == "Haddad" and v["geburtsname"] == "Khalil"
    assert v["geburtsdatum"] == "02.03.1990" and v["geburtsland"] == "Syrien"
    assert v["augenfarbe"] == "braun" and v["groesse"] == "164 cm"
    assert v["pass_bezeichnung"] == "Reisepass" and v["pass_gueltig_bis"] == "04.06.2030"
    assert v["familienstand"] == "verheiratet" and v["familienstand_seit"] == "15.06.2012"
    assert v["eh_geburt"] == "20.11.1987, Homs"
    assert v["eh_wohnort"] == "Berlin (wie Antragsteller)"
    assert v["k2_vornamen"] == "Sami" and v["k2_wohnort"] == "Gaziantep, Türkei"
    assert v["k1_geschlecht"] == "w" and v["k2_geschlecht"] == "m"
    assert v["vater_wohnort"] == "verstorben" and v["mutter_geburt"] == "01.05.1962, Aleppo"
    assert v["a1_von"] == "01.07.2010" and v["a1_ort"] == "Hamburg"
    assert v["anschrift_ort"] == "12045 Berlin"
    assert v["zweck"] == "Familiennachzug"
    assert v["zweck_detail"] == "Familiennachzug zum Ehegatten"
    assert v["lebensunterhalt"] == "Unterhalt durch Familienangehörige"
    assert v["lebensunterhalt_weiteres"] == "monatlich netto 2.650,00 Euro"
    assert v["dauer_zahl"] == "3" and v["dauer_einheit"] == "Jahr(e)"
    assert {"frueher_ja", "kv_ja", "vorbestraft_nein", "schengen_nein"} <= ticked(v)
    assert not {"frueher_nein", "kv_nein", "vorbestraft_ja", "wohnsitz_ausland_ja"} & ticked(v)


def test_template_for_work_and_a_conviction_abroad(form) -> None:
    v = mapping.plan(form, load("aufenthaltstitel.arbeit"), output(form, "antrag"), ON).values
    assert v["antragsart"] == "Verlängerung" and v["augenfarbe"] == "graugrün"
    assert v["arbeitgeber"] == "Restaurant Anatolia GmbH, Marktplatz 3, 70173 Stuttgart"
    assert v["zweck"] == "Erwerbstätigkeit" and "zweck_detail" not in v
    assert v["vorbestraft_ja"] is True and v["ausland_grund"] == "Fahren ohne Führerschein"
    assert "de_grund" not in v
    assert v["wohnsitz_ausland_ja"] is True and v["wohnsitz_ausland_wo"] == "Gaziantep, Türkei"


def test_template_without_passport_and_with_seven_children(form, tmp_path) -> None:
    plan = mapping.plan(form, load("aufenthaltstitel.schutz"), output(form, "antrag"), ON)
    v = plan.values
    assert v["pass_bezeichnung"] == "kein Pass" and "pass_nummer" not in v
    assert v["zweck_detail"].startswith("Asylberechtigung / Flüchtlingseigenschaft")
    assert v["k6_vornamen"] == "Hermon"
    assert ("Kind 7: Yonas Tesfay – Vornamen", "Yonas") in plan.addendum
    data = mapping.render(form, plan)
    qpdf_check(write_pdf(tmp_path, data))
    reader, _v = read_back(data)
    assert len(reader.pages) == 4 and "Yonas" in reader.pages[3].extract_text()


def test_long_answers_go_to_the_addendum_not_to_an_error(form) -> None:
    answers = load("aufenthaltstitel.arbeit")
    # the longest answers the two questions take (80 and 120 characters)
    answers["arbeitgeber_name"] = (
        "Gastronomie- und Catering-Gesellschaft Anatolia Süd-West mbH & Co. KG, Filiale 7"
    )
    answers["arbeitgeber_anschrift"] = (
        "Industriegebiet Weilimdorf-Nord, Gebäude C-3, Hintereingang Lieferanten, "
        "Solitudestraße 212a, 70499 Stuttgart-Weilimdorf"
    )
    assert len(answers["arbeitgeber_name"]) == 80 and len(answers["arbeitgeber_anschrift"]) == 120
    plan = mapping.plan(form, answers, output(form, "antrag"), ON)
    assert plan.values["arbeitgeber"] == mapping.SEE_ADDENDUM
    # labelled with the template field's German tooltip, not its technical name
    assert (
        "Arbeitgeber (Name, Anschrift)",
        answers["arbeitgeber_name"] + ", " + answers["arbeitgeber_anschrift"],
    ) in (plan.addendum)
    reader, v = read_back(mapping.render(form, plan))
    assert v["arbeitgeber"] == mapping.SEE_ADDENDUM
    assert "Solitudestraße 212" in reader.pages[-1].extract_text()


def test_template_has_no_length_limit_on_text(root) -> None:
    reader = PdfReader(root / "pdf_templates" / "aufenthaltstitel.pdf")
    limited = [
        a.get_object()["/T"]
        for page in reader.pages
        for a in page["/Annots"]
        if "/MaxLen" in a.get_object()
    ]
    assert limited == []


# --------------------------------------------------------------------------- the flat official form


def placements(plan: mapping.Plan) -> list[tuple[overlay.Placement, Any]]:
    return [(p, plan.values[p.name]) for p in plan.placements]


def test_every_box_is_on_the_page_and_has_room_for_siehe_anlage(form) -> None:
    rl_text.register_fonts()
    minimum = rl_text.block_metrics(rl_text.wrap(mapping.SEE_ADDENDUM, 999, 6), 6).height(1)
    flat = output(form, "antrag_berlin")
    for mp in [*flat.fields, *(f for rep in flat.repeats for f in rep.fields)]:
        assert 1 <= mp.page <= 4, mp.field
        assert 40 <= mp.x and mp.x + mp.width <= 580, mp.field
        assert 45 <= mp.y and mp.y + mp.height <= 820, mp.field
        if mp.mark != "cross":
            assert mp.height - 3 >= minimum, mp.field
            assert mp.width >= 40, mp.field


def test_boxes_never_overlap_unless_they_are_alternatives(form) -> None:
    """Two boxes at the same place are alternatives (only one has a value); others are apart."""
    flat = output(form, "antrag_berlin")
    boxes = {
        (mp.page, mp.x, mp.y, mp.width, mp.height)
        for mp in [*flat.fields, *(f for rep in flat.repeats for f in rep.fields)]
    }
    boxes = sorted(boxes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a[0] != b[0]:
                continue
            apart = (
                a[1] + a[3] <= b[1]
                or b[1] + b[3] <= a[1]
                or a[2] + a[4] <= b[2]
                or b[2] + b[4] <= a[2]
            )
            assert apart, (a, b)


@pytest.fixture(scope="module")
def flat_form(form):
    return form_template(form, "antrag_berlin")


@pytest.mark.corpus
@pytest.mark.parametrize("name", BRANCHES)
def test_values_sit_in_their_boxes_on_the_real_form(form, flat_form, tmp_path, name) -> None:
    plan = mapping.plan(form, load(name), output(form, "antrag_berlin"), ON)
    data = mapping.render(form, plan)
    path = write_pdf(tmp_path, data)
    qpdf_check(path)
    assert len(PdfReader(path).pages) == 4 + (1 if plan.addendum else 0)
    deferred = {o.name for o in overlay.find_overflows(plan.placements, plan.values)}
    checked = 0
    for placement, value in placements(plan):
        if placement.kind is not overlay.Kind.TEXT or not isinstance(value, str):
            continue
        if placement.name in deferred:
            value = mapping.SEE_ADDENDUM
        crop = (placement.x, placement.y, placement.width, placement.height)
        got = pdftotext(path, page=placement.page, crop=crop, page_height=PAGE_HEIGHT)
        words = [w for w in re.split(r"\s+", value) if w]
        # a text box wraps and may hold printed dots of the form; every word is in the box
        assert all(w in got for w in words), (placement.name, value, got)
        checked += 1
    assert checked >= 30


@pytest.mark.corpus
def test_values_do_not_leak_out_of_their_boxes(form, flat_form, tmp_path) -> None:
    """The family name is written once, in its own box, and nowhere else on page 1."""
    data = mapping.render(form, mapping.plan(form, load(), output(form, "antrag_berlin"), ON))
    path = write_pdf(tmp_path, data)
    page1 = pdftotext(path, page=1)
    assert page1.count("Khalil") == 1 and page1.count("N0123456") == 1
    above = pdftotext(path, page=1, crop=(283, 730, 292, 40), page_height=PAGE_HEIGHT)
    assert "Haddad" not in above


@pytest.mark.corpus
@pytest.mark.parametrize("name", BRANCHES)
def test_ticks_only_where_the_answer_is_yes(form, flat_form, tmp_path, name) -> None:
    blank = render_gray(write_pdf(tmp_path, flat_form.read_bytes(), "blank.pdf"), 1)
    plan = mapping.plan(form, load(name), output(form, "antrag_berlin"), ON)
    path = write_pdf(tmp_path, mapping.render(form, plan))
    rendered: dict[int, Any] = {}
    blanks: dict[int, Any] = {1: blank}
    crosses = [(p, v) for p, v in placements(plan) if p.kind is overlay.Kind.CROSS]
    assert crosses
    for placement, value in crosses:
        page = placement.page
        if page not in rendered:
            rendered[page] = render_gray(path, page)
            if page not in blanks:
                blanks[page] = render_gray(
                    write_pdf(tmp_path, flat_form.read_bytes(), f"blank{page}.pdf"), page
                )
        box = (placement.x, placement.y, placement.width, placement.height)
        added = ink(rendered[page], box) - ink(blanks[page], box)
        if value is True:
            assert added > 10, (placement.name, added)
        else:
            assert added == 0, (placement.name, added)


def test_flat_form_ticks_match_the_answers(form) -> None:
    v = mapping.plan(form, load(), output(form, "antrag_berlin"), ON).values
    assert v["Geschlecht – weiblich"] is True and v["Geschlecht – männlich"] is False
    assert v["Familienstand – verheiratet"] is True
    assert v["Familienstand – verheiratet seit"] == "15.06.2012"
    assert v["Kinder, Zeile 1 – w#1"] is True and v["Kinder, Zeile 2 – m#2"] is True
    assert v["Früher in Deutschland aufgehalten – ja"] is True
    schutz = mapping.plan(form, load("aufenthaltstitel.schutz"), output(form, "antrag_berlin"), ON)
    assert schutz.values["Familienstand – geschieden"] is True
    assert "Familienstand – verheiratet seit" not in schutz.values


def test_flat_form_rows_beyond_the_table_go_to_the_addendum(form) -> None:
    plan = mapping.plan(form, load("aufenthaltstitel.schutz"), output(form, "antrag_berlin"), ON)
    assert plan.values["Kinder, Zeile 6 – Vornamen#6"] == "Hermon"
    assert not any("#7" in name for name in plan.values)
    assert ("Kind 7: Yonas Tesfay – Vornamen", "Yonas") in plan.addendum
    assert ("Kind 7: Yonas Tesfay – Geburtstag und -ort", "16.02.2020, Bielefeld") in plan.addendum
    study = mapping.plan(form, load("aufenthaltstitel.studium"), output(form, "antrag_berlin"), ON)
    assert study.values["Früherer Aufenthalt, Zeile 3 – in#3"] == "Leipzig"
    assert ("Aufenthalt 4: Dresden – von", "03.07.2023") in study.addendum


@pytest.mark.corpus
def test_flat_form_overflow_says_siehe_anlage(form, flat_form, tmp_path) -> None:
    answers = load("aufenthaltstitel.schutz")
    plan = mapping.plan(form, answers, output(form, "antrag_berlin"), ON)
    path = write_pdf(tmp_path, mapping.render(form, plan))
    reader = PdfReader(path)
    assert len(reader.pages) == 5
    nr_box = (285, 366.6, 279, 17)
    assert "siehe Anlage" in pdftotext(path, page=1, crop=nr_box, page_height=PAGE_HEIGHT)
    anlage = pdftotext(path, page=5)
    assert "Erläuterung (kein Pass)" in anlage and "Reueerklärung" in anlage
    assert "Kind 7: Yonas Tesfay" in anlage


@pytest.mark.corpus
def test_fill_command_writes_both_pdfs(flat_form, tmp_path) -> None:
    from click.testing import CliRunner

    from wizard.cli import main

    result = CliRunner().invoke(
        main,
        [
            "fill",
            str(ROOT / "forms" / "aufenthaltstitel.yaml"),
            str(DATA / "aufenthaltstitel.answers.yaml"),
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    for name in ("antrag", "antrag_berlin"):
        path = tmp_path / f"aufenthaltstitel-{name}.pdf"
        qpdf_check(path)
        assert "Haddad" in pdftotext(path)


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


def test_complete_in_the_web_app(client) -> None:
    form = load_form(ROOT / "forms" / "aufenthaltstitel.yaml")
    answers = copy.deepcopy(load())
    client.get("/?lang=de")
    complete_form(client, form, answers)
    response = post_page(client, "/forms/aufenthaltstitel/check", {})
    assert response.status_code == 302 and response.headers["Location"].endswith("/done")
    done = client.get("/forms/aufenthaltstitel/done").get_data(as_text=True)
    assert "biometrisches Passfoto" in done and "Heiratsurkunde" in done
    pdf = client.get("/forms/aufenthaltstitel/pdf/antrag.pdf")
    assert pdf.status_code == 200
    assert read_back(pdf.data)[1]["familienname"] == "Haddad"


@pytest.mark.corpus
def test_web_app_offers_the_filled_official_form(client, flat_form, tmp_path) -> None:
    form = load_form(ROOT / "forms" / "aufenthaltstitel.yaml")
    client.get("/?lang=de")
    complete_form(client, form, load("aufenthaltstitel.schutz"))
    done = client.get("/forms/aufenthaltstitel/done").get_data(as_text=True)
    assert "/forms/aufenthaltstitel/pdf/antrag_berlin.pdf" in done
    pdf = client.get("/forms/aufenthaltstitel/pdf/antrag_berlin.pdf")
    assert pdf.status_code == 200
    path = write_pdf(tmp_path, pdf.data)
    qpdf_check(path)
    assert "Tesfay" in pdftotext(path, page=1) and "Yonas" in pdftotext(path, page=5)
