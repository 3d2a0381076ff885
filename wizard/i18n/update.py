"""``wizard i18n update``: merge the templates into every language's catalogs.

Babel's ``Catalog.update`` does the merge: new entries appear untranslated,
vanished ones stay as ``#~`` (obsolete), and an entry whose source text changed
keeps its old translation marked ``fuzzy`` with the old source as ``#| msgid``,
so the app never shows a translation of a text that is no longer there
(compiled catalogs leave fuzzy entries out). Three additions:

* Form texts are identified by their place (msgctxt), so a changed German text
  at the same place always carries its old translation over as fuzzy, even when
  the text changed too much for Babel's similarity match.
* Babel forgets ``#| msgid`` when an already-fuzzy entry is merged again; we
  keep it, so "stale" stays visible until a translator has looked.
* Headers are pinned: Language, the CLDR-checked Plural-Forms (a changed formula
  marks translated plural entries fuzzy, their forms no longer line up), and
  ``X-Review-Status`` (new catalogs are drafts).

For English UI strings the msgid *is* the text (UI msgids are English), so the
English UI catalog is filled with the msgids and never has anything to do.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from . import catalogs, plurals
from .catalogs import FORMS, MESSAGES, REVIEW_HEADER, WizardCatalog

COPY_SOURCE = {("en", MESSAGES)}
"""(language, domain) whose translation is the msgid itself."""

Key = str | tuple[str, str]


@dataclass(frozen=True)
class UpdateResult:
    locale: str
    domain: str
    path: Path
    created: bool
    changed: bool
    plural_header_fixed: bool


def update_all(
    root: Path = catalogs.TRANSLATIONS_DIR,
    locales: list[str] | None = None,
    domains: tuple[str, ...] = catalogs.DOMAINS,
) -> list[UpdateResult]:
    """Merge both templates into the catalogs of every shipped language (or ``locales``)."""
    results = []
    for domain in domains:
        template_file = catalogs.template_path(domain, root)
        if not template_file.exists():
            raise FileNotFoundError(f"{template_file} is missing: run `wizard i18n extract` first")
        template = catalogs.read_catalog(template_file, domain=domain)
        for locale in catalogs.shipped_locales(domain):
            if locales is None or locale in locales:
                results.append(update_catalog(template, locale, domain, root))
    return results


def update_catalog(
    template: Catalog, locale: str, domain: str, root: Path = catalogs.TRANSLATIONS_DIR
) -> UpdateResult:
    """Merge ``template`` into ``<root>/<locale>/LC_MESSAGES/<domain>.po`` (created if missing)."""
    path = catalogs.po_path(locale, domain, root)
    created = not path.exists()
    if created:
        catalog = catalogs.new_catalog(locale, domain)
    else:
        catalog = catalogs.read_catalog(path, locale=locale, domain=domain)
    # Babel inserts new template entries by reference: each catalog gets its own copy.
    fixed = merge(catalog, copy.deepcopy(template), locale, domain)
    changed = catalogs.write_catalog(catalog, path, domain)
    return UpdateResult(locale, domain, path, created, changed or created, fixed)


def merge(catalog: WizardCatalog, template: Catalog, locale: str, domain: str) -> bool:
    """Merge in place; True when a wrong Plural-Forms header was rewritten."""
    fixed = pin_headers(catalog, locale)
    revive_obsolete(catalog, template)
    if domain == FORMS:
        carry_over_by_context(catalog, template)
    previous = {_key(m): list(m.previous_id) for m in catalog if m.id and m.fuzzy and m.previous_id}
    catalog.update(
        template,
        no_fuzzy_matching=False,
        update_header_comment=False,
        keep_user_comments=True,
        update_creation_date=True,
    )
    for message in catalog:
        if message.id and message.fuzzy and not message.previous_id:
            if _key(message) in previous:
                message.previous_id = previous[_key(message)]
        if message.id and not catalogs.has_any_text(message) and message.fuzzy:
            # Babel's similarity match may hand over an empty plural entry;
            # an empty translation is simply untranslated, not "to review".
            message.flags.discard("fuzzy")
            message.previous_id = []
    if (locale, domain) in COPY_SOURCE:
        copy_source(catalog)
    return fixed


def pin_headers(catalog: WizardCatalog, locale: str) -> bool:
    """Set Language, Plural-Forms and a review status; True if Plural-Forms was wrong."""
    wanted = plurals.plural_forms(locale)
    fixed = not plurals.same(catalog.plural_forms, wanted)
    if fixed:
        catalog.mime_headers = [("Language", locale), ("Plural-Forms", wanted)]
        for message in catalog:
            if message.id and message.pluralizable and catalogs.has_any_text(message):
                message.flags.add("fuzzy")
    elif str(catalog.locale_identifier) != locale:
        catalog.mime_headers = [("Language", locale)]
    catalog.extra_headers.setdefault(REVIEW_HEADER, catalogs.DRAFT)
    return fixed


def revive_obsolete(catalog: Catalog, template: Catalog) -> None:
    """A source text that comes back gets its old (``#~``) translation back, as fuzzy.

    Fuzzy because PO files (as Babel writes them) keep no flags on obsolete
    entries: a machine draft that went obsolete must not come back as reviewed.
    """
    for key, message in list(catalog.obsolete.items()):
        if template.get(message.id, context=message.context) is None:
            continue
        if catalog.get(message.id, context=message.context) is None:
            if catalogs.has_any_text(message):
                message.flags.add("fuzzy")
            catalog[message.id] = message
        del catalog.obsolete[key]


def carry_over_by_context(catalog: Catalog, template: Catalog) -> None:
    """A form text whose German changed keeps its translation at the same place, as fuzzy.

    Babel would only find it when old and new text are similar; otherwise the
    translation would end as obsolete and the reviewer would lose it.
    """
    by_context = {m.context: m for m in catalog if m.id and m.context}
    for new in template:
        if not new.id or not new.context:
            continue
        if catalog.get(new.id, context=new.context) is not None:
            continue
        old = by_context.get(new.context)
        if old is None or old.id == new.id or not catalogs.has_any_text(old):
            continue
        if template.get(old.id, context=old.context) is not None:
            continue  # the old text is still used there: not a change of this place
        catalog.delete(old.id, context=old.context)
        catalog[new.id] = Message(
            new.id,
            old.string,
            flags=set(old.flags) | {"fuzzy"},
            user_comments=old.user_comments,
            previous_id=old.previous_id if (old.fuzzy and old.previous_id) else [old.id],
            context=new.context,
        )


def copy_source(catalog: Catalog) -> None:
    """Fill a catalog whose language is the msgid language: msgstr = msgid, never fuzzy."""
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            singular, plural = message.id[0], message.id[1]
            one = plurals.singular_forms(str(catalog.locale_identifier))
            message.string = tuple(
                singular if i in one else plural for i in range(catalog.num_plurals)
            )
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
        message.previous_id = []


def _key(message: Message) -> Key:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return (msgid, message.context) if message.context is not None else msgid
