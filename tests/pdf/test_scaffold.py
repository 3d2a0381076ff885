"""`wizard pdf scaffold` drafts a form that `wizard check` accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from corpus_paths import corpus_file

from wizard.cli import main
from wizard.formdef.loader import load_form
from wizard.pdf import acroform
from wizard.pdf.scaffold import normalise


def test_normalise_ids() -> None:
    assert normalise("Straße Hausnummer ZusätzeRow1") == "strasse_hausnummer_zusaetze_row1"
    assert normalise("Familienmitglied istGeburtsname") == "familienmitglied_ist_geburtsname"
    assert normalise("1. Antrag") == "f_1_antrag"
    assert normalise("Čížek") == "cizek"


@pytest.mark.parametrize(
    "name",
    [
        "anmeldung_berlin.pdf",
        "wohnungsgeberbestaetigung_berlin.pdf",
        "wohngeldantrag_nrw.pdf",
        "fancy_fields.pdf",
        "libreoffice_radio_choice.pdf",
    ],
)
def test_scaffold_passes_check_and_maps_every_field(name: str, tmp_path: Path) -> None:
    pdf = corpus_file(name)
    result = CliRunner().invoke(main, ["pdf", "scaffold", str(pdf)])
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load(result.output)
    path = tmp_path / f"{draft['id']}.yaml"
    path.write_text(result.output, encoding="utf-8")
    form = load_form(path)  # raises with every problem if the draft is not valid
    ids = [f.id for s in form.steps for f in s.fields]
    assert len(ids) == len(set(ids))
    names = {f.name for f in acroform.list_fields(pdf) if f.type not in ("signature", "button")}
    mapped = {mp.field for mp in form.pdf[0].fields}
    assert mapped == names


def test_scaffold_guesses_types(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["pdf", "scaffold", str(corpus_file("wohngeldantrag_nrw.pdf"))]
    )
    draft = yaml.safe_load(result.output)
    fields = {f["id"]: f for s in draft["steps"] for f in s["fields"]}
    radio = fields["antragsart"]
    assert radio["type"] == "choice"
    assert {"code": "erhoehungsantrag", "label": "Erhöhungsantrag"} in radio["choices"]
    mapping = {m["field"]: m for m in draft["pdf"][0]["fields"]}
    assert mapping["antragsart"]["map"]["erhoehungsantrag"] == "Erhöhungsantrag"
    assert any(f["type"] == "yesno" for f in fields.values())


def test_grid_command(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    out = tmp_path / "grid.png"
    result = CliRunner().invoke(
        main,
        [
            "pdf",
            "grid",
            str(corpus_file("aufenthaltstitel_antrag_flat.pdf")),
            "--page",
            "2",
            "-o",
            str(out),
        ],
    )
    if "pdftoppm" in result.output and result.exit_code:
        pytest.skip("poppler-utils not installed")
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 10_000
