"""The published JSON Schema and the `wizard check` command."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from formdef_helpers import write

from wizard.cli import main
from wizard.formdef.schema import dumps, form_schema, fragment_schema
from wizard.formdef.yamlpos import load_file

ROOT = Path(__file__).resolve().parents[2]


def plain(node):
    if isinstance(node, dict):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


def test_published_schemas_are_current() -> None:
    """Editors read schema/*.json; they must match the model (run `wizard schema -o …`)."""
    assert (ROOT / "schema" / "form.schema.json").read_text() == dumps(form_schema())
    assert (ROOT / "schema" / "fragment.schema.json").read_text() == dumps(fragment_schema())


@pytest.mark.parametrize("path", sorted((ROOT / "forms").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_forms_validate_against_schema(path: Path) -> None:
    jsonschema.validate(plain(load_file(path)), form_schema())


@pytest.mark.parametrize(
    "path", sorted((ROOT / "forms" / "fragments").glob("*.yaml")), ids=lambda p: p.name
)
def test_shipped_fragments_validate_against_schema(path: Path) -> None:
    jsonschema.validate(plain(load_file(path)), fragment_schema())


def test_schema_rejects_unknown_key_and_wrong_type() -> None:
    form = plain(load_file(ROOT / "forms" / "anmeldung.yaml"))
    form["titel"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(form, form_schema())
    form = plain(load_file(ROOT / "forms" / "anmeldung.yaml"))
    form["steps"][0]["fields"][0]["type"] = "datum"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(form, form_schema())


def test_schema_describes_fields_for_autocomplete() -> None:
    schema = form_schema()
    text = schema["$defs"]["TextField"]["properties"]
    assert "latin_script" in text
    assert "Latin letters" in text["latin_script"]["description"]
    assert set(schema["$defs"]["Include"]["properties"]) == {"include", "prefix", "when"}


def test_check_command_clean_and_failing(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(ROOT / "forms")])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output

    bad = write(
        tmp_path,
        """\
        steps:
          - id: eins
            title: Eins
            fields:
              - {id: a, type: text, label: A, when: b == 1}
        """,
    )
    result = runner.invoke(main, ["check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:9:" in result.output
    assert "unknown name 'b'" in result.output


def test_check_command_missing_path(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_schema_command_prints_json() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Antragshilfe form definition"
