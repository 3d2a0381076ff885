"""``wizard pdf fields`` and ``wizard pdf fill`` as form authors use them."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from wizard.cli import main

JSON_KEYS = {"name", "type", "page", "rect", "flags", "max_length", "value", "options", "tooltip"}


def _run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_fields_table(synthetic_form: Path) -> None:
    result = _run("pdf", "fields", str(synthetic_form))
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split() == ["name", "type", "page", "flags", "max", "value", "options"]
    plz = next(r for r in rows if r.startswith("plz "))
    assert plz.split()[:5] == ["plz", "text", "1", "comb", "5"]
    assert any(r.startswith("answer ") and "ja, nein, vielleicht" in r for r in rows)


def test_fields_json(synthetic_form: Path) -> None:
    result = _run("pdf", "fields", str(synthetic_form), "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert all(set(item) == JSON_KEYS for item in items)
    by_name = {item["name"]: item for item in items}
    assert by_name["plz"]["max_length"] == 5 and by_name["plz"]["flags"] == ["comb"]
    assert by_name["answer"]["type"] == "radio"
    assert by_name["answer"]["options"] == ["ja", "nein", "vielleicht"]
    assert by_name["languages"]["flags"] == ["multiselect"]
    assert by_name["name"]["rect"] == [40.0, 740.0, 340.0, 762.0]
    assert by_name["agree"]["value"] is False


def test_fill_writes_the_filled_form(synthetic_form: Path, tmp_path: Path) -> None:
    values = tmp_path / "values.json"
    values.write_text(
        json.dumps(
            {"name": "Пётр Иванов", "agree": True, "answer": "nein", "languages": ["English"]}
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.pdf"
    result = _run("pdf", "fill", str(synthetic_form), str(values), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "4 fields filled" in result.output
    fields = PdfReader(io.BytesIO(out.read_bytes())).get_fields()
    assert fields["name"]["/V"] == "Пётр Иванов"
    assert fields["answer"]["/V"] == "/nein"
    flat = tmp_path / "flat.pdf"
    result = _run("pdf", "fill", str(synthetic_form), str(values), "-o", str(flat), "--flatten")
    assert result.exit_code == 0, result.output
    assert not PdfReader(flat).get_fields()


def test_fill_errors_name_the_field_and_write_nothing(synthetic_form: Path, tmp_path: Path) -> None:
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"nmae": "x", "answer": "maybe", "name": "🙂"}))
    out = tmp_path / "out.pdf"
    result = _run("pdf", "fill", str(synthetic_form), str(values), "-o", str(out))
    assert result.exit_code == 1
    assert "field 'nmae': no such field in this form; did you mean 'name'?" in result.output
    assert "field 'answer': 'maybe' is not one of its options" in result.output
    assert "field 'name': no embedded font can draw U+1F642" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not list(tmp_path.glob(".out.pdf.*"))


def test_user_errors_have_messages_not_tracebacks(synthetic_form: Path, tmp_path: Path) -> None:
    not_pdf = tmp_path / "letter.pdf"
    not_pdf.write_text("Sehr geehrte Damen und Herren")
    result = _run("pdf", "fields", str(not_pdf))
    assert result.exit_code == 1 and "not a PDF file" in result.output
    bad_json = tmp_path / "values.json"
    bad_json.write_text("{name: 1")
    result = _run("pdf", "fill", str(synthetic_form), str(bad_json), "-o", str(tmp_path / "o.pdf"))
    assert result.exit_code == 1 and "not valid JSON" in result.output
    bad_json.write_text("[1, 2]")
    result = _run("pdf", "fill", str(synthetic_form), str(bad_json), "-o", str(tmp_path / "o.pdf"))
    assert result.exit_code == 1 and "expected a JSON object" in result.output
    bad_json.write_text("{}")
    result = _run("pdf", "fill", str(not_pdf), str(bad_json), "-o", str(tmp_path / "o.pdf"))
    assert result.exit_code == 1 and "not a PDF file" in result.output
    assert not (tmp_path / "o.pdf").exists()
