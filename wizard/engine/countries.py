"""The country code list: ISO 3166-1 alpha-2 codes, names from CLDR (Babel).

Storing the code and naming it in the reader's language means the same answer
reads "Syrien" on the German form and "سوريا" in the Arabic summary.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

# CLDR "territories" that are not countries one can be a citizen of or live in.
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "DG", "EA", "IC", "TA", "EU", "EZ", "QO", "UN", "ZZ", "XA", "XB"}
)
STATELESS = "XXA"
"""ICAO 9303 code for a stateless person (staatenlos)."""
UNKNOWN_NATIONALITY = "XXX"
"""ICAO 9303 code for an unspecified nationality (ungeklärt)."""

EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
"""Member states of the European Union."""
EEA_CH = EU | {"IS", "LI", "NO", "CH"}
"""EU plus the EEA states and Switzerland: free movement, no residence permit needed."""


@cache
def country_codes() -> frozenset[str]:
    """Every selectable country code (ISO 3166-1 alpha-2 plus Kosovo, XK)."""
    territories = Locale("de").territories
    return frozenset(
        code
        for code in territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


_SPECIAL_NAMES_DE = {STATELESS: "staatenlos", UNKNOWN_NATIONALITY: "ungeklärt"}


@cache
def country_name(code: str, locale: str = "de") -> str:
    """The country's name in ``locale``; the German name of our two special codes."""
    if code in _SPECIAL_NAMES_DE:
        return _SPECIAL_NAMES_DE[code]
    try:
        names = Locale.parse(locale).territories
    except (ValueError, TypeError):
        names = Locale("de").territories
    return names.get(code) or Locale("de").territories.get(code, code)


def sorted_countries(locale: str, exclude: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name in ``locale``, for a select list."""
    pairs = [(c, country_name(c, locale)) for c in country_codes() if c not in exclude]
    return sorted(pairs, key=lambda pair: pair[1].casefold())
