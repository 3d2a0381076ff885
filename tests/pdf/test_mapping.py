"""The form's `pdf:` mapping carried out on the real Berlin Anmeldung."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from corpus_paths import corpus_file, pdftotext, qpdf_check, write_pdf
from pypdf import PdfReader

from wizard.cli import main
from wizard.formdef.loader import load_form
from wizard.pdf import acroform, mapping

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = yaml.safe_load((ROOT / "tests" / "data" / "anmeldung.answers.yaml").read_text())


@pytest.fixture(scope="module")
def form():
    corpus_file("anmeldung_berlin.pdf")
    return load_form(ROOT / "forms" / "anmeldung.yaml")


@pytest.fixture(scope="module")
def output(form):
    return next(o for o in form.pdf if o.id == "meldeschein_berlin")


def test_every_mapped_name_exists_in_the_real_pdf(form, output) -> None:
    names = {f.name for f in acroform.list_fields(corpus_file("anmeldung_berlin.pdf"))}
    mapped = set()
    for mp in output.fields:
        mapped |= {mp.field} if mp.field else set(mp.boxes or [])
    for rep in output.repeats:
        for mp in rep.fields:
            mapped |= set(mp.slots or []) | ({mp.field} if mp.field else set())
    assert mapped and mapped <= names, sorted(mapped - names)


def test_plan_writes_german_official_wording(form, output) -> None:
    plan = mapping.plan(form, ANSWERS, output)
    v = plan.values
    assert v["Tag des EinzugsRow1"] == "01.11.2026"
    assert v["Straße Hausnummer ZusätzeRow1"] == "Hauptstraße 5, 2. OG links"
    assert v["Bei Zuzug aus dem Ausland StaatRow1"] == "Syrien"
    assert v["alleinige"] is True and v["Haupt"] is False
    assert v["Geschlecht"] == "weiblich"
    assert v["Tag Ort Land der Geburt"] == "02.03.1990, Aleppo, Syrien"
    assert v["Familienmitglied istStaatsangehörigkeiten"] == "Syrien, Türkei"
    assert v["ArtRow1"] == "RP" and v["ArtRow1_2"] == "ANK"
    assert v["Familienstand 1oder 1 und 2Row1"] == "verheiratet"


def test_items_beyond_the_slots_go_to_the_addendum(form, output, tmp_path) -> None:
    plan = mapping.plan(form, ANSWERS, output)
    labels = [label for label, _text in plan.addendum]
    assert any(label.startswith("Person 3: Lina Haddad") for label in labels)
    assert (
        "Person 3: Lina Haddad – Tag Ort Land der Geburt",
        "09.04.2016, Gaziantep, Türkei",
    ) in plan.addendum
    data = mapping.render(form, plan)
    path = write_pdf(tmp_path, data)
    qpdf_check(path)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    assert reader.get_fields()["Vornamen Rufnamen unterstreichen"]["/V"] == "Amira"
    text = pdftotext(path)
    assert "Anlage" in text and "Gaziantep" in text


def test_text_too_long_for_its_box_says_siehe_anlage(form, output) -> None:
    answers = copy.deepcopy(ANSWERS)
    answers["personen"][0]["dokument_behoerde"] = (
        "Ministry of Interior, Civil Affairs Directorate, Passport Office, " * 3
    )
    plan = mapping.plan(form, answers, output)
    assert plan.values["AusstellungsbehördeRow1"] == mapping.SEE_ADDENDUM
    assert any(
        text.startswith("Ministry of Interior, Civil Affairs") for _label, text in plan.addendum
    )


def test_hidden_answers_never_reach_the_pdf(form, output) -> None:
    answers = copy.deepcopy(ANSWERS)
    # answered once, then the user said they came from abroad: the old address is hidden
    answers.update({"alte_strasse": "Alte Straße 1", "alte_plz": "10115", "alte_ort": "Berlin"})
    plan = mapping.plan(form, answers, output)
    assert "Straße Hausnummer ZusätzeRow1_2" not in plan.values
    assert "Postleitzahl GemeindeKreisLandRow1" not in plan.values


def test_fill_command_writes_official_pdf_and_summary(tmp_path) -> None:
    corpus_file("anmeldung_berlin.pdf")
    result = CliRunner().invoke(
        main,
        [
            "fill",
            str(ROOT / "forms" / "anmeldung.yaml"),
            str(ROOT / "tests" / "data" / "anmeldung.answers.yaml"),
            "-o",
            str(tmp_path),
            "--lang",
            "uk",
        ],
    )
    assert result.exit_code == 0, result.output
    official = tmp_path / "anmeldung-meldeschein_berlin.pdf"
    summary = tmp_path / "anmeldung-summary-uk.pdf"
    assert official.is_file() and summary.is_file()
    assert "Haddad" in pdftotext(official)
    assert "Haddad" in pdftotext(summary)


def test_fill_command_reports_missing_answers(tmp_path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("neue_ort: Ahlen\n")
    result = CliRunner().invoke(
        main,
        ["fill", str(ROOT / "forms" / "anmeldung.yaml"), str(answers), "-o", str(tmp_path / "out")],
    )
    assert result.exit_code == 1
    assert "Missing: einzug.einzugsdatum" in result.output


def test_text_longer_than_the_fields_limit_goes_to_the_addendum(tmp_path) -> None:
    from wizard.pdf import fit
    from wizard.pdf.drawkit import Document, Row, Section, Text, build

    path = tmp_path / "t.pdf"
    build(
        Document(
            "T",
            "ref",
            "Amt",
            [
                Section(
                    "1",
                    "S",
                    [Row([Text("kurz", "Kurz", 1.0, comb=5)]), Row([Text("lang", "Lang")])],
                )
            ],
            signature=False,
        ),
        path,
    )
    assert fit.fits(path, "kurz", "12345") and not fit.fits(path, "kurz", "123456")
    # drawn boxes have no length limit: 300 characters are a question of size, not of /MaxLen
    assert not any(f.max_length for f in acroform.list_fields(path) if f.name == "lang")


def test_yes_no_in_text_boxes_and_in_the_addendum(form, output) -> None:
    from wizard.pdf.mapping import _as_text

    assert _as_text(True) == "Ja" and _as_text(False) == "Nein"


def test_wohnungsgeberbestaetigung_is_prefilled_only_when_the_user_lacks_it(form, tmp_path) -> None:
    corpus_file("wohnungsgeberbestaetigung_berlin.pdf")
    output = next(o for o in form.pdf if o.id == "wohnungsgeberbestaetigung_berlin")
    names = {
        f.name for f in acroform.list_fields(corpus_file("wohnungsgeberbestaetigung_berlin.pdf"))
    }
    mapped = {mp.field for mp in output.fields} | {
        mp.field.replace("{n}", str(n))
        for rep in output.repeats
        for mp in rep.fields
        for n in range(1, 5)
    }
    assert mapped <= names
    assert output.id not in {o.id for o in mapping.wanted(form, ANSWERS)}  # they have it already
    lacking = {**ANSWERS, "wgb_vorhanden": False}
    assert output.id in {o.id for o in mapping.wanted(form, lacking)}
    data = mapping.render(form, mapping.plan(form, lacking, output))
    fields = PdfReader(io.BytesIO(data)).get_fields()
    assert fields["Einzugsdatum1"]["/V"] == "01.11.2026"
    assert fields["Ort2"]["/V"] == "Ahlen"
    assert fields["VornameRow3"]["/V"] == "Lina"
    assert (
        "/V" not in fields["Familienname1"] or not fields["Familienname1"]["/V"]
    )  # the landlord's part
