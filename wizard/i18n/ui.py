"""UI strings outside a request: the same gettext catalogs flask-babel uses.

PDFs are also made by the command line (`wizard fill`), where there is no
Flask request, so this module loads the `messages` catalogs directly.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"


@cache
def catalog(locale: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS_DIR), [locale], domain="messages")


def gettext(locale: str, message: str, **params: object) -> str:
    text = catalog(locale).ugettext(message)
    return text % params if params else text


def ngettext(locale: str, singular: str, plural: str, n: int, **params: object) -> str:
    text = catalog(locale).ungettext(singular, plural, n)
    return text % {"num": n, **params}
