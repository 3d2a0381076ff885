"""The project's own templates: in sync with their scripts, and every mapped field exists."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from wizard.formdef.checker import resolve_template
from wizard.formdef.loader import load_form
from wizard.pdf import acroform
from wizard.pdf.drawkit import build

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "pdf_templates").glob("*.py"))


def _document(script: Path):
    spec = importlib.util.spec_from_file_location(f"template_{script.stem}", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DOCUMENT


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_committed_template_matches_its_script(script: Path, tmp_path: Path) -> None:
    fresh = build(_document(script), tmp_path / "fresh.pdf")
    committed = script.with_suffix(".pdf")
    assert committed.is_file(), f"run: python {script.relative_to(ROOT)}"
    assert sorted(f.name for f in acroform.list_fields(committed)) == fresh


@pytest.mark.parametrize("form_file", sorted((ROOT / "forms").glob("*.yaml")), ids=lambda p: p.stem)
def test_mapped_fields_exist_in_the_projects_templates(form_file: Path) -> None:
    form = load_form(form_file)
    for output in form.pdf:
        path = resolve_template(form, output.template)
        if output.optional_template or output.kind != "acroform":
            continue
        names = {f.name for f in acroform.list_fields(path)}
        mapped: set[str] = set()
        for mp in output.fields:
            mapped |= {mp.field} if mp.field else set(mp.boxes or [])
        for rep in output.repeats:
            for mp in rep.fields:
                if mp.slots:
                    mapped |= set(mp.slots)
                elif mp.field:
                    mapped |= {mp.field.replace("{n}", str(n)) for n in range(1, rep.slots + 1)}
        assert mapped <= names, sorted(mapped - names)
