"""``wizard i18n status``: how complete each language is, per UI and per form.

Counted against the templates (.pot), entry by entry:

* translated — every form filled in, not fuzzy, placeholders intact;
* draft — fuzzy with the translator comment "machine translation — review
  needed" (made by ``wizard i18n draft``), source unchanged since;
* fuzzy — other fuzzy entries (a translator's "needs review");
* stale — fuzzy because the source text changed: ``#| msgid`` differs;
* broken — translated, but a placeholder was dropped or changed;
* untranslated — empty, or missing from the .po (``update`` not run).

Only "translated" counts towards the percentage; a language ships complete
when every row is 100 %. The templates themselves are compared with a fresh
extraction, so a forgotten ``wizard i18n extract`` also fails the check.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message

from . import catalogs, placeholders, review
from .catalogs import FORMS, MESSAGES

UI_ROW = "messages (UI)"
STATES = ("translated", "draft", "fuzzy", "stale", "broken", "untranslated")


@dataclass
class Cell:
    """The numbers of one language for one row (the UI, or one form)."""

    total: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    """Entries listed by ``--verbose``: broken placeholders and stale entries."""
    source: bool = False
    """German form texts: the source itself, nothing to translate."""
    missing_catalog: bool = False

    @property
    def percent(self) -> int:
        """Translated share, rounded down: 100 only when every entry is translated."""
        if self.source or self.total == 0:
            return 100
        return self.counts["translated"] * 100 // self.total

    @property
    def complete(self) -> bool:
        return self.source or self.counts["translated"] == self.total


@dataclass
class Report:
    locales: list[str]
    rows: list[str]
    cells: dict[tuple[str, str], Cell]
    review: dict[str, str]
    outdated: list[str]
    """Problems with the templates or catalogs themselves (extract/update not run)."""

    @property
    def ok(self) -> bool:
        return not self.outdated and all(c.complete for c in self.cells.values())

    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "outdated": self.outdated,
            "languages": {
                locale: {
                    "review_status": self.review[locale],
                    "rows": {
                        row: _cell_dict(self.cells[row, locale])
                        for row in self.rows
                        if (row, locale) in self.cells
                    },
                }
                for locale in self.locales
            },
        }


def _cell_dict(cell: Cell) -> dict[str, Any]:
    if cell.source:
        return {"source": True, "percent": 100, "total": cell.total}
    return {
        "percent": cell.percent,
        "total": cell.total,
        **{state: cell.counts[state] for state in STATES},
        "missing_catalog": cell.missing_catalog,
        "problems": cell.problems,
    }


# --------------------------------------------------------------------------- counting


def classify(message: Message | None, domain: str) -> tuple[str, list[str]]:
    """(state, placeholder problems) of one catalog entry; None = not in the catalog."""
    if message is None or not catalogs.has_any_text(message):
        return "untranslated", []
    if message.fuzzy:
        if catalogs.is_stale(message):
            return "stale", []
        return ("draft" if catalogs.is_machine_draft(message) else "fuzzy"), []
    if not catalogs.is_translated_text(message):
        return "untranslated", []
    broken = placeholders.problems(message, percent=domain == MESSAGES)
    return ("broken" if broken else "translated"), broken


def row_of(message: Message, domain: str) -> str:
    if domain == MESSAGES:
        return UI_ROW
    return (message.context or "").split("|", 1)[0]


def build_report(
    root: Path = catalogs.TRANSLATIONS_DIR,
    project_root: Path | None = catalogs.PROJECT_ROOT,
    locales: list[str] | None = None,
) -> Report:
    """Count every shipped language against the templates in ``root``.

    ``project_root`` (None to skip) is extracted afresh to check that the
    templates are up to date.
    """
    all_locales = list(catalogs.shipped_locales(MESSAGES))
    wanted = [loc for loc in all_locales if locales is None or loc in locales]
    outdated: list[str] = []
    templates: dict[str, Catalog] = {}
    for domain in catalogs.DOMAINS:
        path = catalogs.template_path(domain, root)
        if path.exists():
            templates[domain] = catalogs.read_catalog(path, domain=domain)
        else:
            outdated.append(f"{catalogs.relative(path)} is missing: run `wizard i18n extract`")
            templates[domain] = Catalog()
    if project_root is not None:
        outdated += _stale_templates(templates, project_root, root)

    rows = [UI_ROW] + _form_rows(templates[FORMS])
    cells: dict[tuple[str, str], Cell] = {}
    for domain, template in templates.items():
        for locale in wanted:
            _count(template, domain, locale, root, cells, outdated)
    return Report(
        locales=wanted,
        rows=rows,
        cells=cells,
        review={loc: _review(loc, root) for loc in wanted},
        outdated=outdated,
    )


def _review(locale: str, root: Path) -> str:
    return review.current_status(locale, root)


def _form_rows(template: Catalog) -> list[str]:
    rows: list[str] = []
    for message in template:
        if message.id and message.context:
            form = row_of(message, FORMS)
            if form not in rows:
                rows.append(form)
    return rows


def _count(
    template: Catalog,
    domain: str,
    locale: str,
    root: Path,
    cells: dict[tuple[str, str], Cell],
    outdated: list[str],
) -> None:
    source = locale not in catalogs.shipped_locales(domain)
    path = catalogs.po_path(locale, domain, root)
    catalog = None
    if not source and path.exists():
        catalog = catalogs.read_catalog(path, locale=locale, domain=domain)
    behind = 0
    for message in template:
        if not message.id:
            continue
        cell = cells.setdefault((row_of(message, domain), locale), Cell())
        cell.total += 1
        if source:
            cell.source = True
            continue
        if catalog is None:
            cell.missing_catalog = True
            cell.counts["untranslated"] += 1
            continue
        found = catalog.get(message.id, context=message.context)
        if found is None:
            behind += 1
        state, broken = classify(found, domain)
        cell.counts[state] += 1
        label = _label(message)
        if broken:
            cell.problems.append(f"{label}: {'; '.join(broken)}")
        elif state == "stale" and found is not None:
            old = found.previous_id[0] if found.previous_id else ""
            cell.problems.append(f"{label}: source changed (was {old!r})")
    if catalog is None and not source:
        outdated.append(f"{catalogs.relative(path)} is missing: run `wizard i18n update`")
    elif behind:
        outdated.append(
            f"{catalogs.relative(path)} lacks {behind} entries of the template: "
            "run `wizard i18n update`"
        )


def _label(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    short = msgid if len(msgid) <= 60 else msgid[:57] + "..."
    return f"{message.context} {short!r}" if message.context else repr(short)


def _stale_templates(templates: dict[str, Catalog], project_root: Path, root: Path) -> list[str]:
    from jinja2 import TemplateSyntaxError

    from ..formdef.problems import FormDefinitionError
    from . import extract

    problems = []
    try:
        fresh = {
            MESSAGES: extract.extract_ui(project_root),
            FORMS: extract.extract_forms(project_root),
        }
    except (FormDefinitionError, SyntaxError, TemplateSyntaxError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [f"the sources cannot be extracted ({first}): fix them, then `wizard i18n extract`"]
    for domain, catalog in fresh.items():
        have = {(_first(m.id), m.context) for m in templates[domain] if m.id}
        want = {(_first(m.id), m.context) for m in catalog if m.id}
        if have != want:
            added, gone = len(want - have), len(have - want)
            problems.append(
                f"{catalogs.relative(catalogs.template_path(domain, root))} is out of date "
                f"({added} new, {gone} removed source texts): "
                "run `wizard i18n extract` and `wizard i18n update`"
            )
    return problems


def _first(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, (list, tuple)) else msgid


# --------------------------------------------------------------------------- table


def render_table(report: Report, verbose: bool = False) -> str:
    """The report as a text table: rows UI + forms, one column per language."""
    header = ["", "entries", *report.locales]
    lines_out = [header]
    for row in report.rows:
        totals = [
            report.cells[row, loc].total for loc in report.locales if (row, loc) in report.cells
        ]
        line = [row, str(max(totals, default=0))]
        line += [_cell_text(report.cells.get((row, loc))) for loc in report.locales]
        lines_out.append(line)
    lines_out.append(["review", "", *(report.review[loc] for loc in report.locales)])
    widths = [max(len(line[i]) for line in lines_out) for i in range(len(header))]
    text = [
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
            for i, cell in enumerate(line)
        ).rstrip()
        for line in lines_out
    ]
    text.insert(1, "  ".join("-" * w for w in widths))
    text.append("")
    text.append(
        "% = translated and usable; d = machine drafts and other fuzzy entries; "
        "s = stale (source changed); ! = broken placeholders; source = German original"
    )
    for problem in report.outdated:
        text.append(f"PROBLEM: {problem}")
    if verbose:
        for loc in report.locales:
            for row in report.rows:
                cell = report.cells.get((row, loc))
                for problem in cell.problems if cell else []:
                    text.append(f"{loc} {row}: {problem}")
    incomplete = sorted(
        {loc for (_row, loc), cell in report.cells.items() if not cell.complete},
        key=report.locales.index,
    )
    if incomplete:
        text.append(f"Not complete: {', '.join(incomplete)}")
    else:
        text.append("All languages complete.")
    return "\n".join(text)


def _cell_text(cell: Cell | None) -> str:
    if cell is None:
        return "-"
    if cell.source:
        return "source"
    parts = [f"{cell.percent}%"]
    pending = cell.counts["draft"] + cell.counts["fuzzy"]
    if pending:
        parts.append(f"{pending}d")
    if cell.counts["stale"]:
        parts.append(f"{cell.counts['stale']}s")
    if cell.counts["broken"]:
        parts.append(f"{cell.counts['broken']}!")
    return " ".join(parts)
