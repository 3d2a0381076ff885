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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from ..formdef import model as m
from ..formdef.yamlpos import Pos

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


@dataclass(frozen=True, slots=True)
class FormText:
    """One translatable text with what a translator needs to know about it.

    ``node`` and ``key`` say where the text was written (``node.pos(key)``), so
    the catalog can point translators at ``forms/<file>.yaml:<line>``; ``note``
    says what the text is (a question, an option, an error message, …) and
    gives the official German wording when the form has one.
    """

    path: str
    text: str
    node: m.Node
    key: str
    note: str = ""

    @property
    def pos(self) -> Pos | None:
        return self.node.pos(self.key)


def iter_texts(form: m.FormDef) -> Iterator[tuple[str, str]]:
    """(path, German text) of every translatable text, in file order."""
    for entry in iter_entries(form):
        yield entry.path, entry.text


def iter_entries(form: m.FormDef) -> Iterator[FormText]:
    """Every translatable text of ``form`` with its source node and a translator note."""
    yield FormText("title", form.title, form, "title", "Title of the application form.")
    yield FormText(
        "description", form.description, form, "description", "What the application is for."
    )
    yield FormText(
        "authority.name", form.authority.name, form.authority, "name", "Name of the authority."
    )
    for section in form.sections:
        yield FormText(
            f"sections.{section.id}.title",
            section.title,
            section,
            "title",
            "Section name in the progress display.",
        )
    for step in form.steps:
        yield from _step_entries(step)
    for c in form.computed:
        if c.label:
            yield FormText(
                f"computed.{c.id}.label", c.label, c, "label", "Label of a calculated value."
            )
    for doc in form.documents:
        note = _with_official("Document the user must bring (checklist).", doc.official)
        yield FormText(f"documents.{doc.id}.label", doc.label, doc, "label", note)
        if doc.hint:
            yield FormText(
                f"documents.{doc.id}.hint", doc.hint, doc, "hint", "Hint about the document."
            )
    if form.submit:
        yield FormText(
            "submit.text", form.submit.text, form.submit, "text", "Where and how to submit."
        )
        if form.submit.deadline:
            yield FormText(
                "submit.deadline",
                form.submit.deadline,
                form.submit,
                "deadline",
                "Deadline for submitting; shown after the word for 'Deadline:'.",
            )
    if form.next_steps:
        yield FormText(
            "next_steps", form.next_steps, form, "next_steps", "What happens after submitting."
        )
    for output in form.pdf:
        yield FormText(
            f"pdf.{output.id}.title", output.title, output, "title", "Title of a produced PDF."
        )


_TEMPLATE_NOTE = (
    "Keep every {...} exactly as it is (same braces, same text inside): "
    "it is replaced by the entry's number or answers."
)


def _step_entries(step: m.Step) -> Iterator[FormText]:
    base = f"steps.{step.id}"
    yield FormText(f"{base}.title", step.title, step, "title", "Page title.")
    if step.intro:
        yield FormText(f"{base}.intro", step.intro, step, "intro", "Introduction of a page.")
    fields: list[m.FieldBase] = list(step.fields)
    if step.repeat is not None:
        rep = step.repeat
        yield FormText(
            f"{base}.repeat.item_label",
            rep.item_label,
            rep,
            "item_label",
            f"Name of one entry of a list. {_TEMPLATE_NOTE}",
        )
        if rep.item_title:
            yield FormText(
                f"{base}.repeat.item_title",
                rep.item_title,
                rep,
                "item_title",
                f"Heading of an entry's page. {_TEMPLATE_NOTE}",
            )
        if rep.add_label:
            yield FormText(
                f"{base}.repeat.add_label",
                rep.add_label,
                rep,
                "add_label",
                "Button that adds an entry.",
            )
        for page in rep.pages:
            yield FormText(
                f"{base}.pages.{page.id}.title", page.title, page, "title", "Page title."
            )
            if page.intro:
                yield FormText(
                    f"{base}.pages.{page.id}.intro",
                    page.intro,
                    page,
                    "intro",
                    "Introduction of a page.",
                )
        for c in rep.computed:
            if c.label:
                yield FormText(
                    f"{base}.computed.{c.id}.label",
                    c.label,
                    c,
                    "label",
                    "Label of a calculated value.",
                )
        fields = rep.all_fields
    for f in fields:
        yield from _field_entries(field_path(step, f), f)


_FIELD_NOTES = {
    "label": "Question",
    "hint": "Help text under the question",
    "why": "'Why we ask' text",
    "text": "Information text",
    "pattern_message": "Error message: answer not in the expected format",
    "min_message": "Error message: date too early",
    "max_message": "Error message: date too late",
    "unit": "Unit shown after the number",
}


def _field_entries(base: str, f: m.FieldBase) -> Iterator[FormText]:
    kind = getattr(f, "type", "field")
    for attr in _FIELD_TEXTS:
        value = getattr(f, attr, None)
        if value:
            note = f"{_FIELD_NOTES[attr]} ({kind} field '{f.id}')."
            if attr == "label":
                note = _with_official(note, f.official)
            yield FormText(f"{base}.{attr}", value, f, attr, note)
    for choice in getattr(f, "choices", None) or []:
        note = _with_official(f"Option '{choice.code}' of the question '{f.id}'.", choice.official)
        yield FormText(f"{base}.choices.{choice.code}.label", choice.label, choice, "label", note)
        if choice.hint:
            yield FormText(
                f"{base}.choices.{choice.code}.hint",
                choice.hint,
                choice,
                "hint",
                f"Hint for option '{choice.code}' of the question '{f.id}'.",
            )
    for number, rule in enumerate(f.rules, start=1):
        yield FormText(
            f"{base}.rules.{number}.message",
            rule.message,
            rule,
            "message",
            f"Error message when the answer to '{f.id}' breaks a rule.",
        )


def _with_official(note: str, official: str | None) -> str:
    """Translators see the official wording so both columns of the summary match."""
    return f'{note} Official German wording: "{official}".' if official else note


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
