"""Pinned gettext ``Plural-Forms`` headers, checked against CLDR.

Babel derives a catalog's plural formula from its own old table, which is
wrong for some of our languages: it swaps Arabic forms 4 and 5 (python-babel
issue #816: n=11 would pick the form for 100 and vice versa), and it gives
Persian, Dari and Turkish a single form and Tigrinya ``n != 1`` where CLDR has
"one" for 0 and 1. A wrong formula silently shows the wrong word form, so the
headers are pinned here, ``wizard i18n update`` rewrites any other header, and
:func:`cldr_mismatches` (run by the tests) compares every formula with the
CLDR rules that Babel ships.
"""

from __future__ import annotations

import gettext
from functools import cache

from babel import Locale

_ONE_OTHER = "nplurals=2; plural=(n != 1);"
_ZERO_AND_ONE = "nplurals=2; plural=(n > 1);"
_EAST_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
    "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
ARABIC = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
)

PLURAL_FORMS: dict[str, str] = {
    "de": _ONE_OTHER,
    "en": _ONE_OTHER,
    "uk": _EAST_SLAVIC,
    "ru": _EAST_SLAVIC,
    "ar": ARABIC,
    "fa": _ZERO_AND_ONE,
    "fa_AF": _ZERO_AND_ONE,
    "ps": _ONE_OTHER,
    "tr": _ONE_OTHER,
    "ku": _ONE_OTHER,
    "ti": _ZERO_AND_ONE,
}
"""gettext Plural-Forms per shipped language: forms in CLDR order (zero, one, two, few, many, other)."""

# CLDR's order of categories; gettext forms follow it.
_CATEGORY_ORDER = ("zero", "one", "two", "few", "many", "other")
# Enough integers to meet every mod-100 and mod-1000 branch of the rules.
_CHECK_RANGE = range(0, 1201)


def plural_forms(locale: str) -> str:
    """The pinned header for ``locale`` (KeyError for a language we do not ship)."""
    return PLURAL_FORMS[locale]


def parse(header: str) -> tuple[int, str]:
    """(nplurals, expression) of a Plural-Forms header value."""
    params = dict(
        part.strip().split("=", 1) for part in header.strip().strip(";").split(";") if "=" in part
    )
    return int(params["nplurals"].strip()), params["plural"].strip()


def same(header_a: str, header_b: str) -> bool:
    """Whether two headers are the same formula (spacing and the final ';' do not matter)."""
    try:
        a, b = parse(header_a), parse(header_b)
    except (KeyError, ValueError):
        return False
    return a[0] == b[0] and a[1].replace(" ", "") == b[1].replace(" ", "")


@cache
def integer_categories(locale: str) -> tuple[str, ...]:
    """The CLDR plural categories an integer can take in ``locale``, in gettext order.

    Russian and Ukrainian have four CLDR categories, but "other" is only for
    fractions, so gettext (which counts integers) has three forms.
    """
    rule = Locale.parse(locale).plural_form
    seen = {rule(n) for n in _CHECK_RANGE}
    return tuple(c for c in _CATEGORY_ORDER if c in seen)


def cldr_index(locale: str, n: int) -> int:
    """The form CLDR wants for the integer ``n``."""
    return integer_categories(locale).index(Locale.parse(locale).plural_form(n))


def form_index(header: str, n: int) -> int:
    """The form a gettext header selects for ``n`` (as GNU gettext and Python compute it)."""
    return gettext.c2py(parse(header)[1])(n)


def cldr_mismatches(locale: str, header: str | None = None) -> list[int]:
    """Integers for which ``header`` (default: the pinned one) disagrees with CLDR."""
    header = header or plural_forms(locale)
    nplurals, _ = parse(header)
    if nplurals != len(integer_categories(locale)):
        return [-1]
    return [n for n in _CHECK_RANGE if form_index(header, n) != cldr_index(locale, n)]


def singular_forms(locale: str) -> set[int]:
    """Forms that hold exactly "one": a machine draft puts the singular text there."""
    categories = integer_categories(locale)
    return {categories.index("one")} if "one" in categories else set()
