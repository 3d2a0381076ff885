"""Small catalogs in a temporary translations directory, edited the way a translator would."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Message

from wizard.i18n import catalogs
from wizard.i18n.catalogs import FORMS, MESSAGES

UI = [
    Message("Yes"),
    Message("Page {page} of {pages}"),
    Message("The date must be on or after %(date)s."),
    Message(("Enter at least %(num)d character.", "Enter at least %(num)d characters.")),
]
FORM_TEXTS = [
    Message("Anmeldung einer Wohnung", context="anmeldung|title"),
    Message("Person {index()}: {vornamen}", context="anmeldung|steps.p.repeat.item_label"),
    Message("Kindergeld", context="kindergeld|title"),
]


def write_template(root: Path, domain: str, entries: list[Message]) -> None:
    template = catalogs.new_catalog(None, domain)
    for entry in entries:
        template[entry.id] = Message(
            entry.id, context=entry.context, auto_comments=entry.auto_comments
        )
    catalogs.write_catalog(template, catalogs.template_path(domain, root), domain)


def write_templates(root: Path, ui: list[Message] = UI, forms: list[Message] = FORM_TEXTS) -> None:
    write_template(root, MESSAGES, ui)
    write_template(root, FORMS, forms)


def edit(root: Path, locale: str, domain: str, changes: dict[object, object]) -> None:
    """Set translations like a translator in Poedit.

    Key: msgid (the singular for plurals) or (msgid, msgctxt); value: the
    translation (a tuple for plurals), or a Message to copy string, flags,
    translator comments and previous msgid from.
    """
    path = catalogs.po_path(locale, domain, root)
    catalog = catalogs.read_catalog(path, locale=locale, domain=domain)
    for key, value in changes.items():
        msgid, context = key if isinstance(key, tuple) else (key, None)
        message = catalog.get(msgid, context=context)
        assert message is not None, f"{key!r} not in {path}"
        if isinstance(value, Message):
            message.string = value.string
            message.flags = set(value.flags) | (message.flags - {"fuzzy"})
            message.user_comments = list(value.user_comments)
            message.previous_id = list(value.previous_id)
        else:
            message.string = value
            message.flags.discard("fuzzy")
    catalogs.write_catalog(catalog, path, domain)


def read(root: Path, locale: str, domain: str) -> catalogs.WizardCatalog:
    return catalogs.read_catalog(catalogs.po_path(locale, domain, root), locale=locale)


def translate_everything(root: Path) -> None:
    """Fill every catalog with a usable (placeholder-correct) pseudo-translation."""
    for domain in catalogs.DOMAINS:
        for locale in catalogs.shipped_locales(domain):
            path = catalogs.po_path(locale, domain, root)
            catalog = catalogs.read_catalog(path, locale=locale, domain=domain)
            for message in catalog:
                if not message.id:
                    continue
                if isinstance(message.id, (list, tuple)):
                    message.string = tuple(
                        f"[{locale}] {message.id[1]}" for _ in range(catalog.num_plurals)
                    )
                else:
                    message.string = f"[{locale}] {message.id}"
                message.flags.discard("fuzzy")
            catalogs.write_catalog(catalog, path, domain)
