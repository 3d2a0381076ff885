"""``wizard i18n extract``: the two templates, ``messages.pot`` and ``forms.pot``.

UI strings come from Python code and Jinja templates through Babel's
extraction API. Babel's own Python extractor reads tokens and sees only the
last name before ``(``, so it cannot tell ``gettext("Yes")`` (flask-babel,
message first) from ``ui.gettext(locale, "Yes")`` (message second). Ours
reads the syntax tree, names each call by its dotted name and hands Babel
every positional argument, so the keyword specs in :data:`UI_KEYWORDS` pick
the right ones. Templates go through Jinja's own extractor
(``jinja2.ext.babel_extract``), with syntax errors raised, not swallowed.

Form texts come from the form model: one entry per text with msgctxt
``<form id>|<path>``, a ``#:`` reference to the YAML line (a fragment's own
file for included fields) and a ``#.`` note saying what the text is.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract

from . import catalogs
from .catalogs import FORMS, MESSAGES, WizardCatalog

UI_KEYWORDS: dict[str, Any] = {
    # flask-babel (and Jinja's i18n extension): the message comes first
    "_": None,
    "gettext": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    # outside a request (wizard.i18n.ui): the locale comes first
    "ui.gettext": (2,),
    "ui.ngettext": (2, 3),
    "tr": (2,),  # local alias of ui.gettext (outputs.py)
    # marks a string for extraction where it is defined, translated where shown
    "N_": None,
}
"""Call names whose string arguments are UI messages, with Babel keyword specs."""

COMMENT_TAGS = ("Translators:",)
"""``# Translators: …`` (Python) or ``{# Translators: … #}`` (Jinja) before a call reaches the .pot."""

PYTHON_DIRS = ("wizard",)
TEMPLATE_GLOB = "wizard/**/templates/**/*.html"
FORMS_DIR = "forms"
_JINJA_OPTIONS = {"silent": "false", "trimmed": "false"}


# --------------------------------------------------------------------------- Python


def dotted_name(node: ast.expr) -> str | None:
    """``gettext`` → "gettext", ``ui.gettext`` → "ui.gettext"; anything else → None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted_name(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def literal(node: ast.expr) -> str | None:
    """The text of a string literal (implicitly or ``+``-concatenated), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = literal(node.left), literal(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def extract_python_calls(
    fileobj: IO[bytes],
    keywords: Sequence[str],
    comment_tags: Sequence[str],
    options: dict[str, Any],
) -> Iterator[tuple[int, str, tuple[str | None, ...], list[str]]]:
    """A Babel extraction method for Python that knows dotted call names.

    Yields ``(line, call name, positional arguments, translator comments)``;
    a non-literal argument is None, so a spec pointing at it skips the call.
    """
    source = fileobj.read()
    tree = ast.parse(source)
    comments = _comments(source)
    wanted = set(keywords)
    calls = sorted(
        (node for node in ast.walk(tree) if isinstance(node, ast.Call)),
        key=lambda node: (node.lineno, node.col_offset),
    )
    for node in calls:
        name = dotted_name(node.func)
        if name not in wanted:
            continue
        args = tuple(literal(arg) for arg in node.args)
        if not any(a is not None for a in args):
            continue
        first = next((a for a in node.args if literal(a) is not None), node)
        yield first.lineno, name, args, _comments_before(comments, node.lineno, comment_tags)


def _comments(source: bytes) -> dict[int, str]:
    found = {}
    for tok in tokenize.tokenize(io.BytesIO(source).readline):
        if tok.type == tokenize.COMMENT:
            found[tok.start[0]] = tok.string[1:].strip()
    return found


def _comments_before(comments: dict[int, str], line: int, tags: Sequence[str]) -> list[str]:
    """A tagged comment block ending on the line before the call (or on the call's line)."""
    end = line - 1 if (line - 1) in comments else line if line in comments else None
    if end is None:
        return []
    start = end
    while start - 1 in comments:
        start -= 1
    block = [comments[n] for n in range(start, end + 1)]
    for i, text in enumerate(block):
        if any(text.startswith(tag) for tag in tags):
            return block[i:]
    return []


# --------------------------------------------------------------------------- UI catalog


@dataclass(frozen=True)
class Source:
    path: Path
    method: Any
    options: dict[str, str]


def ui_sources(project_root: Path = catalogs.PROJECT_ROOT) -> list[Source]:
    """Every file UI strings are extracted from, in a stable order."""
    files = [
        Source(p, extract_python_calls, {})
        for d in PYTHON_DIRS
        for p in sorted((project_root / d).rglob("*.py"))
    ]
    files += [
        Source(p, "jinja2.ext:babel_extract", dict(_JINJA_OPTIONS))
        for p in sorted(project_root.glob(TEMPLATE_GLOB))
    ]
    return files


def extract_ui(project_root: Path = catalogs.PROJECT_ROOT) -> WizardCatalog:
    """The UI template catalog (English msgids) from code and templates."""
    catalog = catalogs.new_catalog(None, MESSAGES)
    for source in ui_sources(project_root):
        with source.path.open("rb") as fh:
            results = extract(
                source.method,
                fh,
                keywords=UI_KEYWORDS,
                comment_tags=COMMENT_TAGS,
                options=source.options,
                strip_comment_tags=False,
            )
            for lineno, message, comments, context in results:
                catalog.add(
                    message,
                    None,
                    [(_ref(source.path, project_root), lineno)],
                    auto_comments=comments,
                    context=context,
                )
    return catalog


def _ref(path: Path, project_root: Path) -> str:
    try:
        return path.relative_to(project_root).as_posix()
    except ValueError:
        return path.as_posix()


# --------------------------------------------------------------------------- forms catalog


def form_files(project_root: Path = catalogs.PROJECT_ROOT) -> list[Path]:
    """The shipped forms (fragments are part of the forms that include them)."""
    return sorted((project_root / FORMS_DIR).glob("*.yaml"))


def extract_forms(project_root: Path = catalogs.PROJECT_ROOT) -> WizardCatalog:
    """The forms template catalog (German msgids, msgctxt ``<form>|<path>``)."""
    from ..formdef.loader import load_form
    from .formtext import context, iter_entries

    catalog = catalogs.new_catalog(None, FORMS)
    for path in form_files(project_root):
        form = load_form(path)
        for entry in iter_entries(form):
            if not entry.text:
                continue
            pos = entry.pos
            where = [(_ref(Path(pos.file), project_root), pos.line)] if pos else []
            catalog.add(
                entry.text,
                None,
                where,
                auto_comments=[entry.note] if entry.note else [],
                context=context(form, entry.path),
            )
    return catalog


# --------------------------------------------------------------------------- writing


def templates(project_root: Path = catalogs.PROJECT_ROOT) -> dict[str, Catalog]:
    return {MESSAGES: extract_ui(project_root), FORMS: extract_forms(project_root)}


def write_templates(
    root: Path = catalogs.TRANSLATIONS_DIR, project_root: Path = catalogs.PROJECT_ROOT
) -> dict[str, tuple[int, bool]]:
    """Extract both templates; per domain: (entries, whether the file changed)."""
    result = {}
    for domain, catalog in templates(project_root).items():
        changed = catalogs.write_catalog(catalog, catalogs.template_path(domain, root), domain)
        result[domain] = (len(catalog), changed)
    return result
