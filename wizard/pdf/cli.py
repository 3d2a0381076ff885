"""``wizard pdf``: inspect and fill official AcroForm PDFs from the command line.

Form authors use ``wizard pdf fields`` to find the field names a form
definition maps answers to, and ``wizard pdf fill`` to try a fill by hand.
User errors (unreadable or encrypted files, unknown fields, invalid options)
end with a one-line message per problem and exit code 1, never a traceback,
and leave no output file behind.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from wizard.pdf import acroform

_COLUMNS = ("name", "type", "page", "flags", "max", "value", "options")


def _short(value: Any, width: int) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(fields: list[acroform.PdfField]) -> str:
    rows = [
        (
            f.name,
            f.type,
            "" if f.page is None else str(f.page),
            _short(f.flags, 30),
            "" if f.max_length is None else str(f.max_length),
            _short(f.value, 24),
            _short(f.options, 40),
        )
        for f in fields
    ]
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(_COLUMNS)]
    widths[0] = min(widths[0], 60)
    lines = ["  ".join(c.ljust(w) for c, w in zip(_COLUMNS, widths, strict=True)).rstrip()]
    for row in rows:
        cells = [_short(row[0], 60), *row[1:]]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _load_fields(path: Path) -> list[acroform.PdfField]:
    try:
        return acroform.list_fields(path)
    except acroform.FormError as exc:
        raise click.ClickException(str(exc)) from exc


class _Warnings(logging.Handler):
    """Shows the filler's warnings (e.g. clipped text) as one line each on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"Warning: {record.getMessage()}", err=True)


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Our warnings as one line each; pypdf's repair chatter hidden (ours says enough)."""
    pypdf_log, ours = logging.getLogger("pypdf"), logging.getLogger("wizard.pdf")
    saved = (pypdf_log.level, ours.propagate)
    handler = _Warnings(logging.WARNING)
    pypdf_log.setLevel(logging.ERROR)
    ours.addHandler(handler)
    ours.propagate = False
    try:
        yield
    finally:
        ours.removeHandler(handler)
        pypdf_log.setLevel(saved[0])
        ours.propagate = saved[1]


@click.group()
def pdf() -> None:
    """Inspect and fill official PDF forms (AcroForm)."""


@pdf.command("fields")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def fields_command(file: Path, as_json: bool) -> None:
    """List the form fields of FILE: name, type, page, flags, options."""
    with _quiet_pypdf():
        found = _load_fields(file)
    if as_json:
        keys = (
            "name",
            "type",
            "page",
            "rect",
            "flags",
            "max_length",
            "value",
            "options",
            "tooltip",
        )
        items = [{k: f.to_json()[k] for k in keys} for f in found]
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    elif not found:
        click.echo(f"{file}: no form fields")
    else:
        click.echo(_table(found))


def _read_values(path: Path) -> dict[str, object]:
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot read ({exc.strerror})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(values, dict):
        raise click.ClickException(f"{path}: expected a JSON object of field name -> value")
    return values


def _write_atomically(target: Path, data: bytes) -> None:
    """Write next to ``target`` and rename, so a failed run leaves no partial file."""
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@pdf.command("fill")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("values_file", metavar="VALUES.json", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the filled PDF.",
)
@click.option("--flatten", is_flag=True, help="Draw the values into the pages; no editable form.")
@click.option("--truncate", is_flag=True, help="Cut text longer than a field's maximum length.")
def fill_command(
    file: Path, values_file: Path, output: Path, flatten: bool, truncate: bool
) -> None:
    """Fill FILE with VALUES.json (field name -> value) and write OUTPUT.

    Text and choice fields take strings, check boxes true/false, radio
    groups one of their options, multi-select lists a list of options.
    """
    values = _read_values(values_file)
    try:
        with _quiet_pypdf():
            data = acroform.fill(file, values, flatten=flatten, truncate=truncate)
    except acroform.FillError as exc:
        for problem in exc.problems:
            click.echo(f"Error: {problem}", err=True)
        raise SystemExit(1) from exc
    except acroform.FormError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        _write_atomically(output, data)
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write ({exc.strerror})") from exc
    filled = len(values)
    click.echo(
        f"{output}: {filled} field{'s' if filled != 1 else ''} filled"
        + (", flattened" if flatten else "")
    )


@pdf.command("scaffold")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "form_id", help="Form id (default: from the file name).")
def scaffold_command(file: Path, form_id: str | None) -> None:
    """Print a draft form YAML for the fillable PDF FILE (passes `wizard check`)."""
    from .scaffold import scaffold

    try:
        with _quiet_pypdf():
            click.echo(scaffold(file, form_id), nl=False)
    except acroform.FormError as exc:
        raise click.ClickException(str(exc)) from exc


@pdf.command("grid")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--page", default=1, show_default=True, type=click.IntRange(min=1), help="Page (1-based)."
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--step",
    default=50,
    show_default=True,
    type=click.IntRange(min=5),
    help="Labelled lines every STEP points.",
)
@click.option("--dpi", default=100, show_default=True, type=click.IntRange(min=30, max=600))
def grid_command(file: Path, page: int, output: Path, step: int, dpi: int) -> None:
    """Render PAGE of FILE with a labelled coordinate grid, to read off overlay positions."""
    from .grid import GridError, render_grid

    try:
        render_grid(file, page, output, step=step, dpi=dpi)
    except GridError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{output}: page {page} with a grid every {step} pt (origin bottom-left)")


@click.command("fill")
@click.argument(
    "form_file", metavar="FORM", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.argument(
    "answers_file",
    metavar="ANSWERS.yaml",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path)
)
@click.option("--lang", default="de", show_default=True, help="Language of the summary PDF.")
def fill(form_file: Path, answers_file: Path, out_dir: Path, lang: str) -> None:
    """Write a form's final PDFs from an answers file, without the web.

    ANSWERS.yaml holds answers as the wizard stores them (codes, ISO dates,
    repeating groups as lists). Writes every official PDF this machine has a
    template for, and the summary in --lang.
    """
    import yaml

    from .. import engine, outputs
    from ..formdef.loader import load_form
    from ..formdef.problems import FormDefinitionError
    from ..i18n import languages
    from . import mapping

    try:
        form = load_form(form_file)
    except FormDefinitionError as exc:
        raise click.ClickException(f"{form_file} has problems; run `wizard check`:\n{exc}") from exc
    if languages.get(lang) is None:
        raise click.ClickException(f"unknown language '{lang}'")
    try:
        answers = yaml.safe_load(answers_file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise click.ClickException(f"{answers_file}: not valid YAML ({exc})") from exc
    if not isinstance(answers, dict):
        raise click.ClickException(f"{answers_file}: answers must be a mapping of field ids")
    gaps = engine.missing(form, answers)
    for gap in gaps:
        item = f" (item {gap.item})" if gap.item else ""
        click.echo(f"Missing: {gap.step_id}.{gap.field_id}{item}", err=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with _quiet_pypdf():
        for output, data in mapping.filled_outputs(form, answers):
            target = out_dir / f"{form.id}-{output.id}.pdf"
            _write_atomically(target, data)
            written.append(target)
        summary = out_dir / f"{form.id}-summary-{languages.get(lang).code}.pdf"
        _write_atomically(
            summary,
            outputs.summary_pdf(
                form,
                answers,
                languages.get(lang).code,
                submit_text=outputs.submit_text(form, lang, None),
            ),
        )
        written.append(summary)
    for path in written:
        click.echo(str(path))
    if gaps:
        raise SystemExit(1)
