"""Translatable texts of a form, keyed by their place in the YAML.

Every text a form author writes (titles, questions, hints, choices, error
messages, checklist, submission texts) is identified by a message context
``<form id>|<path>``, e.g. ``anmeldung|steps.einzug.einzugsdatum.label``, and
its German source text. Extraction (``wizard i18n extract``) writes these
pairs to the ``forms`` catalog; the web and PDF layers look them up here. A
missing or fuzzy translation falls back to the German source.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from ..formdef import model as m

DOMAIN = "forms"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"

_FIELD_TEXTS = (
    "label",
    "hint",
    "why",
    "text",
    "pattern_message",
    "min_message",
    "max_message",
    "unit",
)


def context(form: m.FormDef, path: str) -> str:
    return f"{form.id}|{path}"


def field_path(step: m.Step, f: m.FieldBase) -> str:
    return f"steps.{step.id}.{f.id}"


def iter_texts(form: m.FormDef) -> Iterator[tuple[str, str]]:
    """(path, German text) of every translatable text, in file order."""
    yield "title", form.title
    yield "description", form.description
    yield "authority.name", form.authority.name
    for section in form.sections:
        yield f"sections.{section.id}.title", section.title
    for step in form.steps:
        yield f"steps.{step.id}.title", step.title
        if step.intro:
            yield f"steps.{step.id}.intro", step.intro
        fields = step.fields
        if step.repeat is not None:
            rep = step.repeat
            yield f"steps.{step.id}.repeat.item_label", rep.item_label
            if rep.item_title:
                yield f"steps.{step.id}.repeat.item_title", rep.item_title
            if rep.add_label:
                yield f"steps.{step.id}.repeat.add_label", rep.add_label
            for page in rep.pages:
                yield f"steps.{step.id}.pages.{page.id}.title", page.title
                if page.intro:
                    yield f"steps.{step.id}.pages.{page.id}.intro", page.intro
            for c in rep.computed:
                if c.label:
                    yield f"steps.{step.id}.computed.{c.id}.label", c.label
            fields = rep.all_fields
        for f in fields:
            yield from _field_texts(field_path(step, f), f)
    for c in form.computed:
        if c.label:
            yield f"computed.{c.id}.label", c.label
    for doc in form.documents:
        yield f"documents.{doc.id}.label", doc.label
        if doc.hint:
            yield f"documents.{doc.id}.hint", doc.hint
    if form.submit:
        yield "submit.text", form.submit.text
        if form.submit.deadline:
            yield "submit.deadline", form.submit.deadline
    if form.next_steps:
        yield "next_steps", form.next_steps
    for output in form.pdf:
        yield f"pdf.{output.id}.title", output.title


def _field_texts(base: str, f: m.FieldBase) -> Iterator[tuple[str, str]]:
    for attr in _FIELD_TEXTS:
        value = getattr(f, attr, None)
        if value:
            yield f"{base}.{attr}", value
    for choice in getattr(f, "choices", None) or []:
        yield f"{base}.choices.{choice.code}.label", choice.label
        if choice.hint:
            yield f"{base}.choices.{choice.code}.hint", choice.hint
    for number, rule in enumerate(f.rules, start=1):
        yield f"{base}.rules.{number}.message", rule.message


@cache
def catalog(locale: str) -> NullTranslations:
    """The compiled forms catalog of ``locale`` (a null catalog when there is none)."""
    if locale == "de":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [locale], domain=DOMAIN)


def translate(form: m.FormDef, path: str, text: str, locale: str) -> str:
    """The text in ``locale``, or the German source when it is not translated."""
    if not text or locale == "de":
        return text
    return catalog(locale).pgettext(context(form, path), text)


def is_translated(form: m.FormDef, path: str, text: str, locale: str) -> bool:
    return locale == "de" or translate(form, path, text, locale) != text
