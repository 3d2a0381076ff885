"""Extraction: every UI string of the code and every form text reaches the templates."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest

from wizard.formdef.loader import load_form
from wizard.i18n import catalogs, extract, formtext
from wizard.i18n.review import DRAFT_NOTICE

ROOT = Path(__file__).resolve().parents[2]

# Independent of the extractor: a plain-text scan for string literals passed to
# the translation functions, message first or (ui.*, tr) second.
_FIRST = re.compile(r"(?<![\w.])(?:_|gettext|lazy_gettext|ngettext|lazy_ngettext|N_)\(\s*")
_SECOND = re.compile(r"(?<![\w.])(?:ui\.gettext|ui\.ngettext|tr)\(\s*[\w.\[\]\"']+\s*,\s*")
_LITERAL = re.compile(r"\s*([rRbBuU]?(?:\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'))")


def _literals_after(source: str, pos: int) -> tuple[str | None, int]:
    """Adjacent string literals from ``pos`` (implicit concatenation), evaluated."""
    parts = []
    while match := _LITERAL.match(source, pos):
        parts.append(ast.literal_eval(match.group(1)))
        pos = match.end()
    return ("".join(parts) if parts else None), pos


def scan(source: str) -> set[str]:
    """Messages (and plural forms) passed literally to a translation function."""
    found: set[str] = set()
    for pattern in (_FIRST, _SECOND):
        for match in pattern.finditer(source):
            text, pos = _literals_after(source, match.end())
            if text is None:
                continue
            found.add(text)
            if "ngettext" in match.group(0):
                comma = re.compile(r"\s*,").match(source, pos)
                if comma:
                    plural, _ = _literals_after(source, comma.end())
                    if plural is not None:
                        found.add(plural)
    return found


def _pot_ids(catalog: catalogs.Catalog) -> set[str]:
    ids: set[str] = set()
    for message in catalog:
        if message.id:
            ids.update(message.id if isinstance(message.id, (list, tuple)) else [message.id])
    return ids


def _sources() -> list[Path]:
    return [s.path for s in extract.ui_sources(ROOT)]


@pytest.fixture(scope="module")
def ui_catalog() -> catalogs.Catalog:
    return extract.extract_ui(ROOT)


def test_every_literal_ui_string_in_the_code_is_extracted(ui_catalog: catalogs.Catalog) -> None:
    extracted = _pot_ids(ui_catalog)
    files = _sources()
    assert any(p.suffix == ".html" for p in files) and any(p.suffix == ".py" for p in files)
    missing = {}
    for path in files:
        for text in scan(path.read_text(encoding="utf-8")):
            if text and text not in extracted:
                missing.setdefault(path.relative_to(ROOT).as_posix(), []).append(text)
    assert not missing, f"UI strings the extractor missed: {missing}"
    # the scan itself finds the kinds of calls the code uses
    assert {"Yes", "Page {page} of {pages}", "Deadline: %(deadline)s"} <= extracted
    assert {"Enter at least %(num)d character.", "Enter at least %(num)d characters."} <= extracted


def test_committed_templates_match_the_sources(ui_catalog: catalogs.Catalog) -> None:
    fresh = {"messages": ui_catalog, "forms": extract.extract_forms(ROOT)}
    for domain, catalog in fresh.items():
        committed = catalogs.read_catalog(catalogs.template_path(domain), domain=domain)
        have = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in committed if m.id}
        want = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}
        assert have == want, (
            f"translations/{domain}.pot is out of date: run `wizard i18n extract` and "
            f"`wizard i18n update` (new: {sorted(want - have)[:5]}, gone: {sorted(have - want)[:5]})"
        )


def test_no_untranslatable_calls_or_unregistered_aliases() -> None:
    """A message in a variable cannot be extracted; an alias of ui.gettext must be a keyword.

    Constants (UPPER_CASE) are fine: they are marked with N_() where defined.
    """
    problems = []
    for path in (p for p in _sources() if p.suffix == ".py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Name, ast.Attribute)):
                name = extract.dotted_name(node.value)
                if name in extract.UI_KEYWORDS and name != "N_":
                    for target in node.targets:
                        alias = extract.dotted_name(target)
                        if alias not in extract.UI_KEYWORDS:
                            problems.append(f"{where}:{node.lineno}: alias {alias} = {name}")
            if not isinstance(node, ast.Call):
                continue
            name = extract.dotted_name(node.func)
            if name not in extract.UI_KEYWORDS or name == "N_":
                continue
            spec = extract.UI_KEYWORDS[name] or (1,)
            index = spec[0] if isinstance(spec[0], int) else spec[1]
            if len(node.args) < index:
                continue
            arg = node.args[index - 1]
            if extract.literal(arg) is not None:
                continue
            label = extract.dotted_name(arg) or ""
            if label.rsplit(".", 1)[-1].isupper():
                continue
            problems.append(f"{where}:{node.lineno}: {name}() of a non-literal")
    assert not problems, problems


def test_python_extractor_reads_dotted_names_positions_and_comments() -> None:
    source = b"""
from flask_babel import gettext, ngettext
from wizard.i18n import ui
tr = ui.gettext

def page(locale, n):
    # Translators: a button
    a = gettext("Save")
    b = ui.gettext(locale, "Saved on %(date)s", date=1)
    c = tr(locale, "Page {page} of {pages}")
    d = ngettext("%(num)d child", "%(num)d children", n)
    e = ui.ngettext(locale, "%(num)d day", "%(num)d days", n)
    f = gettext(some_variable)
    g = ui.gettext(locale, "Multi" "part")
    h = catalog(locale).gettext("not ours")
    return N_("Marked")
"""
    results = list(
        extract.extract(
            extract.extract_python_calls,
            io.BytesIO(source),
            keywords=extract.UI_KEYWORDS,
            comment_tags=extract.COMMENT_TAGS,
        )
    )
    messages = [r[1] for r in results]
    assert messages == [
        "Save",
        "Saved on %(date)s",
        "Page {page} of {pages}",
        ("%(num)d child", "%(num)d children"),
        ("%(num)d day", "%(num)d days"),
        "Multipart",
        "Marked",
    ]
    assert results[0][2] == ["Translators: a button"]
    assert results[1][2] == []


def test_templates_use_jinja_extraction(ui_catalog: catalogs.Catalog) -> None:
    refs = {loc[0] for m in ui_catalog for loc in m.locations}
    assert "wizard/web/templates/base.html" in refs
    step = ui_catalog.get("Step %(number)d of %(total)d")
    assert step is not None and "python-format" in step.flags


def test_draft_notice_is_extracted(ui_catalog: catalogs.Catalog) -> None:
    message = ui_catalog.get(DRAFT_NOTICE)
    assert message is not None
    assert ("wizard/i18n/review.py", message.locations[0][1]) in message.locations


def test_forms_template_has_every_text_with_context_reference_and_note() -> None:
    catalog = extract.extract_forms(ROOT)
    forms = [load_form(p) for p in extract.form_files(ROOT)]
    assert forms
    for form in forms:
        for path, text in formtext.iter_texts(form):
            if not text:
                continue
            ctx = formtext.context(form, path)
            message = catalog.get(text, context=ctx)
            assert message is not None, ctx
            assert message.auto_comments, ctx
            assert len(message.locations) == 1, ctx
            file, line = message.locations[0]
            assert file.startswith("forms/") and file.endswith(".yaml"), ctx
            lines = (ROOT / file).read_text(encoding="utf-8").splitlines()
            near = " ".join(lines[line - 1 : line + 3])
            assert text.split()[0] in near, f"{ctx}: {file}:{line} does not show {text!r}"
    # German texts are never %- or {}-formatted: no guessed format flags in the file
    # (they would make Poedit, Weblate and msgfmt --check complain about "{index()}")
    written = catalogs.render(catalog, catalogs.FORMS).decode()
    assert "{index()}" in written
    assert "python-format" not in written and "python-brace-format" not in written


def test_forms_notes_give_field_type_and_official_wording() -> None:
    catalog = extract.extract_forms(ROOT)
    form = load_form(extract.form_files(ROOT)[0])
    with_official = [
        (step, f)
        for step in form.steps
        for f in (step.repeat.all_fields if step.repeat else step.fields)
        if f.official
    ]
    assert with_official
    step, field = with_official[0]
    path = f"{formtext.field_path(step, field)}.label"
    message = catalog.get(field.label, context=formtext.context(form, path))
    note = " ".join(message.auto_comments)
    assert field.type in note and field.official in note
    templates = [m for m in catalog if m.id and (m.context or "").endswith("repeat.item_label")]
    assert templates and all("{...}" in " ".join(m.auto_comments) for m in templates)


def test_fragment_texts_point_at_the_fragment_file() -> None:
    catalog = extract.extract_forms(ROOT)
    files = {loc[0] for m in catalog for loc in m.locations}
    assert any(f.startswith("forms/fragments/") for f in files)
