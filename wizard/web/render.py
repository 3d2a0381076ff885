"""View models: what a template needs to draw a question, already translated.

Templates stay free of rules: which fields show, their labels in the user's
language, the official German wording, the current value as the input
expects it, and the error sentence are all prepared here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..engine import values as v
from ..engine.countries import STATELESS, UNKNOWN_NATIONALITY, sorted_countries
from ..engine.values import FieldError
from ..formdef import model as m
from ..i18n import display, formtext
from ..i18n.languages import Language
from .i18n_web import gettext
from .messages import error_text

MAX_COUNTRIES = 3

_INPUT = {
    "text": ("text", None),
    "email": ("email", "email"),
    "phone": ("tel", "tel"),
    "postcode": ("text", "numeric"),
    "iban": ("text", None),
    "steuer_id": ("text", "numeric"),
    "integer": ("text", "numeric"),
    "money": ("text", "decimal"),
}


@dataclass
class Option:
    value: str
    label: str
    hint: str | None = None
    official: str | None = None
    checked: bool = False


@dataclass
class FieldView:
    id: str
    type: str
    label: str
    official: str | None
    hint: str | None
    why: str | None
    required: bool
    error: str | None = None
    value: Any = None
    options: list[Option] = field(default_factory=list)
    input_type: str = "text"
    inputmode: str | None = None
    autocomplete: str | None = None
    widget: str = "radio"
    latin_note: bool = False
    text: str | None = None
    max_length: int | None = None
    unit: str | None = None
    country_slots: int = 1
    can_add_country: bool = False
    free_offer: str | None = None
    """Free text in the user's language: "machine" or "manual" (see freetext_web)."""
    original_text: str | None = None
    """The user's own words, when the value is a machine translation of them."""
    for_advisor: bool = False

    @property
    def described_by(self) -> str:
        """Ids of the hint, Latin-script note, free-text notes and error, for aria-describedby."""
        ids = []
        if self.hint:
            ids.append(f"h-{self.id}")
        if self.latin_note:
            ids.append(f"l-{self.id}")
        if self.free_offer:
            ids.append(f"ft-{self.id}")
        if self.original_text:
            ids.append(f"o-{self.id}")
        if self.error:
            ids.append(f"e-{self.id}")
        return " ".join(ids)

    @property
    def anchor(self) -> str:
        """Where the error summary links to: the first input of the field."""
        if self.type == "date":
            return f"f-{self.id}-day"
        if self.type in ("yesno", "choice", "multichoice") and self.widget != "select":
            return f"f-{self.id}-0"
        if self.type == "country":
            return f"f-{self.id}-0"
        return f"f-{self.id}"


class Texts:
    """Translation of one form's texts into one language."""

    def __init__(self, form: m.FormDef, lang: Language) -> None:
        self.form = form
        self.lang = lang

    def __call__(self, path: str, text: str | None) -> str:
        if not text:
            return ""
        return formtext.translate(self.form, path, text, self.lang.code)


def input_value(f: m.FieldBase, stored: Any, lang: Language) -> Any:
    """A stored answer as its input shows it."""
    if stored is None:
        return None
    kind = f.type  # type: ignore[attr-defined]
    if kind == "date":
        try:
            d = dt.date.fromisoformat(stored)
        except (TypeError, ValueError):
            return None
        return {"day": str(d.day), "month": str(d.month), "year": str(d.year)}
    if kind == "money":
        return str(stored).replace(".", "." if lang.code == "en" else ",")
    if kind == "yesno":
        return "yes" if stored else "no"
    return stored


def display_value(f: m.FieldBase, stored: Any, t: Texts, path: str) -> str:
    """A stored answer for reading, in the user's language."""
    return display.format_answer(t.form, f, path, stored, t.lang.code)


def field_view(
    f: m.FieldBase,
    path: str,
    t: Texts,
    *,
    stored: Any,
    raw: Any = None,
    error: FieldError | None = None,
    required: bool,
    extra_country: bool = False,
) -> FieldView:
    """Build the view of one question; ``raw`` (re-shown input) wins over ``stored``."""
    lang = t.lang
    kind = f.type  # type: ignore[attr-defined]
    label = t(f"{path}.label", f.label)
    official = None
    if lang.code != "de" and f.has_value:
        official = f.official or f.label
    view = FieldView(
        id=f.id,
        type=kind,
        label=label,
        official=official,
        hint=t(f"{path}.hint", f.hint) or None,
        why=t(f"{path}.why", f.why) or None,
        required=required,
        autocomplete=f.autocomplete,
        latin_note=f.latin_script and not lang.latin,
    )
    if error is not None:
        view.error = error_text(error, t.form, f, path, lang.code)
    # What the user just typed wins over the stored answer when a page comes back.
    view.value = raw if raw is not None else input_value(f, stored, lang)
    input_type, inputmode = _INPUT.get(kind, ("text", None))
    view.input_type, view.inputmode = input_type, inputmode
    if isinstance(f, m.TextField | m.LongTextField):
        view.max_length = f.max_length
    if isinstance(f, m.IntegerField):
        view.unit = t(f"{path}.unit", f.unit) or None
    if isinstance(f, m.InfoField):
        view.text = t(f"{path}.text", f.text)
    if isinstance(f, m.YesNoField):
        current = view.value
        view.options = [
            Option("yes", gettext("Yes"), official="Ja", checked=current == "yes"),
            Option("no", gettext("No"), official="Nein", checked=current == "no"),
        ]
    if isinstance(f, m.ChoiceField | m.MultiChoiceField):
        chosen = view.value if isinstance(view.value, list) else [view.value]
        view.widget = getattr(f, "widget", "checkbox") if kind == "choice" else "checkbox"
        view.options = [
            Option(
                c.code,
                t(f"{path}.choices.{c.code}.label", c.label),
                t(f"{path}.choices.{c.code}.hint", c.hint) or None,
                (c.official or c.label) if lang.code != "de" else None,
                c.code in chosen,
            )
            for c in f.choices
        ]
    if isinstance(f, m.CountryField):
        view.widget = "select"
        exclude = frozenset(f.exclude)
        view.options = [Option(code, name) for code, name in sorted_countries(lang.code, exclude)]
        if f.stateless:
            view.options += [
                Option(STATELESS, gettext("stateless")),
                Option(UNKNOWN_NATIONALITY, gettext("nationality not clarified")),
            ]
        if f.multiple:
            chosen = (
                view.value if isinstance(view.value, list) else ([view.value] if view.value else [])
            )
            chosen = [c for c in chosen if c]
            slots = max(1, len(chosen)) + (1 if extra_country else 0)
            view.country_slots = min(slots, MAX_COUNTRIES)
            view.can_add_country = view.country_slots < MAX_COUNTRIES
            view.value = chosen
    return view


def raw_input(f: m.FieldBase, form: Mapping[str, Any]) -> Any:
    """What the browser sent for ``f`` (werkzeug MultiDict)."""
    kind = f.type  # type: ignore[attr-defined]
    if kind == "date":
        return {part: form.get(f"{f.id}-{part}", "") for part in ("day", "month", "year")}
    if kind == "multichoice" or (kind == "country" and getattr(f, "multiple", False)):
        return [x for x in form.getlist(f.id) if x]  # type: ignore[attr-defined]
    return form.get(f.id)


__all__ = ["FieldView", "Option", "Texts", "display_value", "field_view", "raw_input", "v"]
