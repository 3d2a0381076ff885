"""Where the gettext catalogs live, and reading and writing them without losing headers.

Layout (``translations/``)::

    messages.pot                      UI strings (English msgids), from the code
    forms.pot                         form texts (German msgids, msgctxt "<form>|<path>")
    <lang>/LC_MESSAGES/messages.po    one per shipped language, de and en included
    <lang>/LC_MESSAGES/forms.po       one per shipped language except de (the source)
    <lang>/LC_MESSAGES/*.mo           compiled, never committed (``wizard i18n compile``)

Babel's :class:`~babel.messages.catalog.Catalog` keeps only the standard PO
headers and drops any other on reading and writing. Our review status lives in
the catalogs (``X-Review-Status``), so :class:`WizardCatalog` keeps every
``X-`` header; all reading and writing here goes through it.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileParser, _NormalizedString, normalize, write_po

from . import languages, plurals

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS_DIR = PROJECT_ROOT / "translations"

MESSAGES = "messages"
FORMS = "forms"
DOMAINS = (MESSAGES, FORMS)
DOMAIN_TITLES = {MESSAGES: "messages (UI)", FORMS: "forms"}

PROJECT = "antragshilfe-wizard"
VERSION = "1"
BUGS_ADDRESS = "EMAIL@ADDRESS"  # Babel's placeholder: no public tracker yet

REVIEW_HEADER = "X-Review-Status"
REVIEWED_BY_HEADER = "X-Reviewed-By"
DRAFT = "draft"
REVIEWED = "reviewed"
REVIEW_STATES = (DRAFT, REVIEWED)

MT_COMMENT = "machine translation — review needed"
"""Translator comment (``# …``) on machine drafts; Poedit and Weblate show it."""

# Format flags Babel guesses from the msgid; form texts are never %- or
# str.format()-formatted, so on forms these flags would be false alarms in
# Poedit, Weblate and `msgfmt --check` ("50 % der Kosten" looks like "% d").
_GUESSED_FLAGS = {"python-format", "python-brace-format"}
_DATE_HEADER = re.compile(rb'^"(?:POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', re.M)


class WizardCatalog(Catalog):
    """A Babel catalog that keeps ``X-…`` headers (review status) through read and write."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.extra_headers: dict[str, str] = {}
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = super()._get_mime_headers()
        extra = list(self.extra_headers.items())
        # Before "Generated-By", whose value ends the header block.
        return headers[:-1] + extra + headers[-1:]

    def _set_mime_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        headers = list(headers)
        super()._set_mime_headers(headers)
        for name, value in headers:
            if name.lower().startswith("x-"):
                self.extra_headers[_canonical(name)] = value.strip()

    mime_headers = property(_get_mime_headers, _set_mime_headers)  # type: ignore[assignment]

    @property
    def review_status(self) -> str:
        return self.extra_headers.get(REVIEW_HEADER, DRAFT).strip().lower()


def _canonical(name: str) -> str:
    known = {h.lower(): h for h in (REVIEW_HEADER, REVIEWED_BY_HEADER)}
    return known.get(name.lower(), "-".join(p[:1].upper() + p[1:] for p in name.split("-")))


# --------------------------------------------------------------------------- layout


def shipped_locales(domain: str) -> tuple[str, ...]:
    """Languages that get a catalog of ``domain``: German is the source of form texts."""
    codes = tuple(lang.code for lang in languages.LANGUAGES)
    return codes if domain == MESSAGES else tuple(c for c in codes if c != languages.SOURCE)


def template_path(domain: str, root: Path = TRANSLATIONS_DIR) -> Path:
    return root / f"{domain}.pot"


def po_path(locale: str, domain: str, root: Path = TRANSLATIONS_DIR) -> Path:
    return root / locale / "LC_MESSAGES" / f"{domain}.po"


def mo_path(locale: str, domain: str, root: Path = TRANSLATIONS_DIR) -> Path:
    return root / locale / "LC_MESSAGES" / f"{domain}.mo"


def relative(path: Path | str) -> str:
    """``path`` relative to the project (for ``#:`` references and messages)."""
    path = Path(path)
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


# --------------------------------------------------------------------------- entries


def is_translated_text(message: Message) -> bool:
    """Whether every form of the translation is filled in (fuzzy or not)."""
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(strings)


def has_any_text(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return any(strings)


def is_stale(message: Message) -> bool:
    """Fuzzy because the source text changed: the ``#| msgid`` differs from the msgid."""
    if not message.fuzzy or not message.previous_id:
        return False
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    return list(message.previous_id)[: len(ids)] != ids


def is_machine_draft(message: Message) -> bool:
    return message.fuzzy and any(c.strip() == MT_COMMENT for c in message.user_comments)


# --------------------------------------------------------------------------- reading


class _PoParser(PoFileParser):
    """Babel's parser, plus the ``#|`` lines it does not know.

    Babel reads ``#| msgid "old"`` (the source a fuzzy translation was made
    for, written by msgmerge, Poedit, Weblate and Babel itself) as a translator
    comment ``| msgid "old"`` and writes it back as ``# | msgid …``: the
    "source changed" information would be lost on the first round trip, and
    ``#~|`` lines of obsolete entries even abort parsing. Here they become the
    message's ``previous_id`` again.
    """

    def _reset_message_state(self) -> None:
        super()._reset_message_state()
        self.previous: list[list[Any]] = []  # [keyword, _NormalizedString]

    def _process_comment(self, line: str) -> None:
        if not line.startswith("#|"):
            super()._process_comment(line)
            return
        self._finish_current_message()
        rest = line[2:].strip()
        if rest.startswith('"') and self.previous:
            self.previous[-1][1].append(rest)
        else:
            keyword, _, arg = rest.partition(" ")
            self.previous.append([keyword, _NormalizedString(arg.strip())])

    def _process_message_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
        if obsolete and line.startswith("|"):  # "#~| msgid ..." of an obsolete entry
            self._process_comment("#" + line)
            return
        super()._process_message_line(lineno, line, obsolete)

    def _add_message(self) -> None:
        previous = [s.denormalize() for k, s in self.previous if k in ("msgid", "msgid_plural")]
        first = self.messages[0].denormalize()
        context = self.context.denormalize() if self.context else None
        obsolete = self.obsolete
        super()._add_message()
        if not previous:
            return
        if obsolete:
            message = self.catalog.obsolete.get(self.catalog._key_for(first, context))
        else:
            message = self.catalog.get(first, context=context)
        if message is not None:
            message.previous_id = previous


def read_catalog(path: Path, locale: str | None = None, domain: str | None = None) -> WizardCatalog:
    """Parse a .po/.pot file, keeping ``X-`` headers and ``#|``; errors name file and line."""
    catalog = WizardCatalog(locale=locale, domain=domain, fuzzy=False)
    parser = _PoParser(catalog, ignore_obsolete=False, abort_invalid=True)
    with path.open("rb") as fh:
        parser.parse(fh)
    return catalog


def new_catalog(locale: str | None, domain: str) -> WizardCatalog:
    """An empty catalog with our headers; for a language: draft, with the pinned plural forms."""
    lang = languages.BY_CODE.get(locale or "")
    what = "UI strings" if domain == MESSAGES else "form texts"
    if lang is None:
        comment = (
            f"# Translation template of the application-help wizard: {what}.\n"
            "# Generated by `wizard i18n extract`; do not edit by hand."
        )
    else:
        comment = (
            f"# {lang.english} translation of the application-help wizard: {what}.\n"
            "# Edit with Poedit or Weblate; `wizard i18n update` merges new source texts."
        )
    catalog = WizardCatalog(
        locale=locale,
        domain=domain,
        header_comment=comment,
        project=PROJECT,
        version=VERSION,
        msgid_bugs_address=BUGS_ADDRESS,
        language_team=f"{lang.english}" if lang else None,
        # msgfmt --check warns about the template defaults; Poedit/Weblate overwrite both
        last_translator="(none yet)" if lang else None,
        revision_date=datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)
        if lang
        else None,
        fuzzy=False,
    )
    if locale is not None:
        catalog.mime_headers = [("Plural-Forms", plurals.plural_forms(locale))]
        catalog.extra_headers[REVIEW_HEADER] = DRAFT
    return catalog


# --------------------------------------------------------------------------- writing


def render(catalog: Catalog, domain: str) -> bytes:
    """The catalog as PO text, exactly as :func:`write_catalog` would store it."""
    if domain == FORMS:
        for message in catalog:
            if message.id:
                message.flags -= _GUESSED_FLAGS
        for message in catalog.obsolete.values():
            message.flags -= _GUESSED_FLAGS
    buf = io.BytesIO()
    # Babel wraps long "#| msgid" comments inside the quoted string, which GNU
    # msgfmt, Poedit and Weblate reject; the previous ids are written here instead.
    write_po(
        buf,
        catalog,
        width=76,
        sort_output=False,
        sort_by_file=False,
        ignore_obsolete=False,
        include_previous=False,
        include_lineno=True,
    )
    return _with_previous_ids(buf.getvalue(), catalog)


def _previous_lines(message: Any, obsolete: bool) -> list[str]:
    if not message.previous_id:
        return []
    prefix = "#~| " if obsolete else "#| "
    ids = list(message.previous_id)
    lines = [f"{prefix}msgid {normalize(ids[0], prefix=prefix, width=76)}"]
    if len(ids) > 1:
        lines.append(f"{prefix}msgid_plural {normalize(ids[1], prefix=prefix, width=76)}")
    return lines


def _with_previous_ids(data: bytes, catalog: Catalog) -> bytes:
    """Insert correctly quoted ``#|`` lines before each entry's msgctxt/msgid."""
    active = [m for m in catalog if m.id]
    messages = active + list(catalog.obsolete.values())
    if not any(m.previous_id for m in messages):
        return data
    text = data.decode("utf-8")
    entries = text.split("\n\n")
    # entry 0 is the header; then one entry per message, in catalog order
    body = [e for e in entries[1:] if e.strip()]
    if len(body) != len(messages):
        return data  # an unexpected layout: keep Babel's output rather than guess
    out = [entries[0]]
    for number, (entry, message) in enumerate(zip(body, messages, strict=True)):
        previous = _previous_lines(message, obsolete=number >= len(active))
        if previous:
            lines = entry.split("\n")
            start = next(
                (
                    i
                    for i, line in enumerate(lines)
                    if line.lstrip("#~ ").startswith(("msgctxt", "msgid"))
                ),
                len(lines),
            )
            entry = "\n".join([*lines[:start], *previous, *lines[start:]])
        out.append(entry)
    return ("\n\n".join(out) + ("\n" if not text.endswith("\n\n") else "\n")).encode("utf-8")


def write_catalog(catalog: Catalog, path: Path, domain: str) -> bool:
    """Store ``catalog`` at ``path``; False (file untouched) when only dates would change.

    Skipping date-only rewrites keeps `git diff` quiet after every extract.
    """
    data = render(catalog, domain)
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(data):
        return False
    write_atomic(path, data)
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step, so a running app never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _without_dates(data: bytes) -> bytes:
    return _DATE_HEADER.sub(b"", data)
