"""``wizard i18n …``: the translation workflow.

    wizard i18n extract      source code + forms → translations/{messages,forms}.pot
    wizard i18n update       .pot → every language's .po (new, fuzzy, obsolete)
    wizard i18n compile      .po → .mo (fuzzy and broken entries left out)
    wizard i18n status       completeness table; exit 1 unless every language is 100 %
    wizard i18n draft        machine drafts (optional extra `[translate]`), fuzzy
    wizard i18n review       set X-Review-Status of a language's catalogs

Imports stay inside the commands, so ``wizard i18n compile`` in ``make run``
never loads the extraction or the machine translation code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import catalogs, languages

_LANG_CODES = [lang.code for lang in languages.LANGUAGES]


def _root_option(func: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--dir",
        "root",
        type=click.Path(file_okay=False, path_type=Path),
        default=catalogs.TRANSLATIONS_DIR,
        show_default="translations/",
        help="Catalog directory.",
    )(func)


def _lang_option(multiple: bool) -> click.Option:
    return click.option(
        "--lang",
        "langs",
        multiple=multiple,
        required=not multiple,
        type=click.Choice(_LANG_CODES),
        help="Language code" + (" (repeatable; default: all shipped)." if multiple else "."),
    )


@click.group()
def i18n() -> None:
    """Translation catalogs: extract, update, compile, status, machine drafts."""


@i18n.command()
@_root_option
def extract(root: Path) -> None:
    """Write messages.pot (UI strings from code and templates) and forms.pot (form texts)."""
    from ..formdef.problems import FormDefinitionError
    from . import extract as extraction

    try:
        written = extraction.write_templates(root)
    except FormDefinitionError as exc:
        raise click.ClickException(f"a form does not load, nothing written:\n{exc}") from exc
    for domain, (count, changed) in written.items():
        path = catalogs.relative(catalogs.template_path(domain, root))
        click.echo(f"{path}: {count} entries{'' if changed else ' (unchanged)'}")


@i18n.command()
@_root_option
@_lang_option(multiple=True)
def update(root: Path, langs: tuple[str, ...]) -> None:
    """Merge the .pot files into every language's .po files (creating missing ones)."""
    from .update import update_all

    try:
        results = update_all(root, list(langs) or None)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    for r in results:
        state = "created" if r.created else "updated" if r.changed else "unchanged"
        note = " (Plural-Forms header corrected)" if r.plural_header_fixed and not r.created else ""
        click.echo(f"{catalogs.relative(r.path)}: {state}{note}")


@i18n.command(name="compile")
@_root_option
@_lang_option(multiple=True)
def compile_(root: Path, langs: tuple[str, ...]) -> None:
    """Compile every .po to .mo; fuzzy entries and broken placeholders are left out."""
    from .build import compile_all

    results = compile_all(root, list(langs) or None)
    for r in results:
        extra = f", {r.fuzzy} fuzzy left out" if r.fuzzy else ""
        click.echo(f"{catalogs.relative(r.path)}: {r.translated} translated{extra}")
        for problem in r.rejected:
            click.echo(f"  left out (placeholders): {problem}", err=True)
    if not results:
        click.echo(f"no catalogs in {root}: run `wizard i18n update`", err=True)


@i18n.command()
@_root_option
@_lang_option(multiple=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--verbose", "-v", is_flag=True, help="List broken placeholders and stale entries.")
@click.option(
    "--no-source-check",
    is_flag=True,
    help="Do not re-extract the sources to check that the templates are up to date.",
)
def status(
    root: Path, langs: tuple[str, ...], as_json: bool, verbose: bool, no_source_check: bool
) -> None:
    """Translated share per language, for the UI and each form; exit 1 unless all are 100 %."""
    from .status import build_report, render_table

    report = build_report(
        root,
        project_root=None if no_source_check else catalogs.PROJECT_ROOT,
        locales=list(langs) or None,
    )
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(report, verbose=verbose))
    sys.exit(report.exit_code())


@i18n.command()
@_root_option
@_lang_option(multiple=False)
@click.option("--form", "form_id", help="Only this form's texts (form id).")
@click.option(
    "--domain",
    type=click.Choice(["all", *catalogs.DOMAINS]),
    default="all",
    show_default=True,
    help="UI strings, form texts or both.",
)
@click.option(
    "--packages-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="ARGOS_PACKAGES_DIR",
    help="Installed Argos packages [default: ARGOS_PACKAGES_DIR or Argos' own].",
)
@click.option("--limit", type=click.IntRange(min=1), help="Draft at most this many entries.")
def draft(
    root: Path,
    langs: str,
    form_id: str | None,
    domain: str,
    packages_dir: Path | None,
    limit: int | None,
) -> None:
    """Fill untranslated entries with machine translations, marked fuzzy for review."""
    from .machine import MachineTranslationError
    from .machine import draft as make_draft

    domains = catalogs.DOMAINS if domain == "all" else (domain,)
    try:
        results = make_draft(
            langs,
            root,
            form=form_id,
            domains=domains,
            package_dirs=[packages_dir] if packages_dir else None,
            limit=limit,
        )
    except MachineTranslationError as exc:
        raise click.ClickException(str(exc)) from exc
    for r in results:
        where = catalogs.relative(r.path)
        if r.skipped:
            click.echo(f"{where}: skipped ({r.skipped})")
            continue
        click.echo(f"{where}: {r.drafted} machine drafts ({r.route}), marked fuzzy")
        for piece in r.lost_placeholders:
            click.echo(f"  placeholder put at the end, check it: {piece}", err=True)


@i18n.command()
@_root_option
@_lang_option(multiple=False)
@click.option(
    "--status",
    "state",
    type=click.Choice(catalogs.REVIEW_STATES),
    required=True,
    help="reviewed: a native speaker has checked the whole translation.",
)
@click.option("--by", "reviewer", default="", help="Who reviewed (name, optional).")
@click.option(
    "--domain",
    type=click.Choice(["all", *catalogs.DOMAINS]),
    default="all",
    show_default=True,
)
def review(root: Path, langs: str, state: str, reviewer: str, domain: str) -> None:
    """Record a language's review status in its catalogs (X-Review-Status header)."""
    domains = catalogs.DOMAINS if domain == "all" else (domain,)
    for dom in domains:
        if langs not in catalogs.shipped_locales(dom):
            continue
        path = catalogs.po_path(langs, dom, root)
        if not path.exists():
            raise click.ClickException(f"{path} is missing: run `wizard i18n update` first")
        catalog = catalogs.read_catalog(path, locale=langs, domain=dom)
        catalog.extra_headers[catalogs.REVIEW_HEADER] = state
        if reviewer:
            catalog.extra_headers[catalogs.REVIEWED_BY_HEADER] = reviewer
        elif state == catalogs.DRAFT:
            catalog.extra_headers.pop(catalogs.REVIEWED_BY_HEADER, None)
        catalogs.write_catalog(catalog, path, dom)
        click.echo(f"{catalogs.relative(path)}: {state}")
    click.echo("Run `wizard i18n compile` so the app sees it.")
