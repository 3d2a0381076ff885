"""Error codes from the engine, as sentences in the user's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import format_date

from ..engine.values import FieldError
from ..formdef import model as m
from ..i18n import formtext
from .i18n_web import gettext, ngettext


def _required(f: m.FieldBase | None) -> str:
    kind = getattr(f, "type", None)
    if kind == "date":
        return gettext("Enter the full date: day, month and year.")
    if kind in ("choice", "country"):
        return gettext("Choose one option.")
    if kind == "yesno":
        return gettext("Choose yes or no.")
    if kind == "multichoice":
        return gettext("Choose at least one option.")
    return gettext("Answer this question.")


def _when(value: Any) -> str:
    return format_date(value, "long") if isinstance(value, dt.date) else str(value)


def error_text(
    error: FieldError, form: m.FormDef, f: m.FieldBase | None, path: str | None, locale: str
) -> str:
    """One sentence telling the user what to do."""
    p = error.params
    if error.message and path:
        # the author's own message, translated through the forms catalog
        attr = {
            "date_too_early": "min_message",
            "date_too_late": "max_message",
            "pattern": "pattern_message",
        }.get(error.code)
        if attr:
            return formtext.translate(form, f"{path}.{attr}", error.message, locale)
        if error.code == "rule" and f is not None:
            for number, rule in enumerate(f.rules, start=1):
                if rule.message == error.message:
                    return formtext.translate(
                        form, f"{path}.rules.{number}.message", rule.message, locale
                    )
        return error.message
    code = error.code
    if code == "required":
        return _required(f)
    simple = {
        "invalid_date": gettext("Enter a real date, for example 27 3 2026."),
        "date_year_format": gettext("Enter the year with four digits, for example 1990."),
        "not_integer": gettext("Enter a whole number, for example 3."),
        "not_money": gettext("Enter an amount in euros, for example 450,50."),
        "pattern": gettext("The answer is not in the expected format."),
        "latin_script": gettext(
            "Write this in Latin letters (A to Z), exactly as in your passport."
        ),
        "invalid_email": gettext("Enter an email address like name@example.com."),
        "invalid_phone": gettext("Enter a phone number, for example 0151 23456789."),
        "invalid_postcode": gettext("Enter a German postcode with 5 digits, for example 48143."),
        "invalid_iban": gettext(
            "This IBAN is not correct. Check it on your bank card or bank statement."
        ),
        "invalid_steuer_id": gettext(
            "This tax ID is not correct. It has 11 digits and is on letters from the tax office."
        ),
        "invalid_choice": gettext("Choose one of the options."),
        "invalid_country": gettext("Choose a country from the list."),
        "invalid": gettext("This answer could not be read. Please enter it again."),
        "date_incomplete": gettext("The date needs a day, a month and a year."),
        "rule": gettext("Please check this answer."),
        "translate_empty": gettext("Write your answer first, then press “Translate into German”."),
        "translate_failed": gettext(
            "The translation did not work. Please write in German, or tick the box"
            " so that your advisor translates it."
        ),
    }
    if code in simple:
        return simple[code]
    if code == "date_too_early":
        return gettext("The date must be on or after %(date)s.", date=_when(p.get("min")))
    if code == "date_too_late":
        return gettext("The date must be on or before %(date)s.", date=_when(p.get("max")))
    if code == "too_small":
        return gettext("The number must be at least %(min)s.", min=p.get("min"))
    if code == "too_large":
        return gettext("The number must be at most %(max)s.", max=p.get("max"))
    if code == "too_short":
        n = int(p.get("min", 0))
        return ngettext(
            "Enter at least %(num)d character.", "Enter at least %(num)d characters.", n
        )
    if code == "too_long":
        n = int(p.get("max", 0))
        return ngettext("Enter at most %(num)d character.", "Enter at most %(num)d characters.", n)
    if code == "too_few_choices":
        n = int(p.get("min", 0))
        return ngettext("Choose at least %(num)d option.", "Choose at least %(num)d options.", n)
    if code == "too_many_choices":
        n = int(p.get("max", 0))
        return ngettext("Choose at most %(num)d option.", "Choose at most %(num)d options.", n)
    if code == "iban_country":
        return gettext(
            "Enter an IBAN from one of these countries: %(countries)s.",
            countries=p.get("countries"),
        )
    if code == "too_few_items":
        n = int(p.get("min", 0))
        return ngettext("Add at least %(num)d entry.", "Add at least %(num)d entries.", n)
    if code == "too_many_items":
        n = int(p.get("max", 0))
        return ngettext(
            "You can add at most %(num)d entry.", "You can add at most %(num)d entries.", n
        )
    if code == "item_incomplete":
        return gettext("Entry %(number)s is not complete yet.", number=p.get("number"))
    return gettext("Please check this answer.")
