"""`wizard check` and `wizard schema`: the form author's command-line tools."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import click

from .loader import is_fragment, load_form, load_fragment
from .problems import FormDefinitionError, Problem
from .schema import dumps, form_schema, fragment_schema


def _yaml_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")))
        else:
            files.append(path)
    return files


def check_paths(paths: Iterable[Path]) -> tuple[int, list[Problem]]:
    """Check every YAML file under ``paths``; returns (files checked, problems)."""
    from ..profiles import is_profile, load_profile  # profiles are checked too

    files = _yaml_files(paths)
    problems: list[Problem] = []
    for path in files:
        try:
            if is_fragment(path):
                load_fragment(path)
            elif is_profile(path):
                load_profile(path)
            else:
                load_form(path)
        except FormDefinitionError as err:
            problems.extend(err.problems)
    return len(files), problems


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Check form definitions, fragments and profiles (default: the forms folder).

    Prints every problem as FILE:LINE:COLUMN: MESSAGE and exits with 1 when
    there is any, 0 when all files are clean.
    """
    targets = list(paths) or [Path("forms")]
    missing = [p for p in targets if not p.exists()]
    for path in missing:
        click.echo(f"{path}: no such file or folder", err=True)
    count, problems = check_paths(p for p in targets if p.exists())
    for problem in problems:
        click.echo(str(problem))
    if problems or missing:
        click.echo(f"{len(problems)} problem(s) in {count} file(s)")
        sys.exit(1)
    click.echo(f"{count} file(s) checked, no problems")


@click.command()
@click.option("--fragment", is_flag=True, help="The schema of fragment files instead.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file.")
def schema(fragment: bool, output: Path | None) -> None:
    """Print the JSON Schema of form files (for editor autocompletion)."""
    text = dumps(fragment_schema() if fragment else form_schema())
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
