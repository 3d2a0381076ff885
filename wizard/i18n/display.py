"""Answers for reading: dates, amounts, choices and countries in a language.

Used by the review page, the summary PDF and the advisor view alike, so a
date reads the same everywhere: "3. März 2026", "3 березня 2026 р.", …
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency

from ..engine.countries import STATELESS, UNKNOWN_NATIONALITY, country_name
from ..formdef import model as m
from . import formtext, ui


def country_label(code: str, locale: str) -> str:
    if code == STATELESS:
        return ui.gettext(locale, "stateless")
    if code == UNKNOWN_NATIONALITY:
        return ui.gettext(locale, "nationality not clarified")
    return country_name(code, locale)


def format_answer(form: m.FormDef, f: m.FieldBase, path: str, stored: Any, locale: str) -> str:
    """``stored`` as text in ``locale`` ('' when unanswered)."""
    if stored is None or stored == "" or stored == []:
        return ""
    kind = f.type  # type: ignore[attr-defined]
    try:
        if kind == "date":
            return format_date(dt.date.fromisoformat(stored), "long", locale=locale)
        if kind == "money":
            return format_currency(Decimal(stored), "EUR", locale=locale)
    except (TypeError, ValueError, InvalidOperation):
        return str(stored)
    if kind == "yesno":
        return ui.gettext(locale, "Yes") if stored else ui.gettext(locale, "No")
    if kind in ("choice", "multichoice"):
        codes = stored if isinstance(stored, list) else [stored]
        choices = {c.code: c for c in f.choices}  # type: ignore[attr-defined]
        return ", ".join(
            formtext.translate(form, f"{path}.choices.{code}.label", choices[code].label, locale)
            if code in choices
            else str(code)
            for code in codes
        )
    if kind == "country":
        codes = stored if isinstance(stored, list) else [stored]
        return ", ".join(country_label(str(code), locale) for code in codes)
    return str(stored)


def official_answer(f: m.FieldBase, stored: Any) -> str:
    """The answer as the German form wants it: official choice wording, German names."""
    if stored is None or stored == "" or stored == []:
        return ""
    kind = f.type  # type: ignore[attr-defined]
    if kind == "date":
        try:
            return dt.date.fromisoformat(stored).strftime("%d.%m.%Y")
        except (TypeError, ValueError):
            return str(stored)
    if kind == "money":
        try:
            return format_currency(Decimal(stored), "EUR", locale="de")
        except (InvalidOperation, ValueError):
            return str(stored)
    if kind == "yesno":
        return "Ja" if stored else "Nein"
    if kind in ("choice", "multichoice"):
        codes = stored if isinstance(stored, list) else [stored]
        choices = {c.code: c for c in f.choices}  # type: ignore[attr-defined]
        return ", ".join(
            (choices[c].official or choices[c].label) if c in choices else str(c) for c in codes
        )
    if kind == "country":
        codes = stored if isinstance(stored, list) else [stored]
        return ", ".join(country_name(str(c), "de") for c in codes)
    return str(stored)
