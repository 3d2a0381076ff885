"""Resume codes: short, unambiguous codes to continue a draft on another device.

A code is 12 symbols of Crockford base32 (``0-9`` and ``A-Z`` without I, L, O,
U), shown as ``K7QM-4XRT-9HPW``: 60 random bits from :mod:`secrets`, no check
symbol (every symbol is spent on entropy; a typo simply fails like a wrong code).

The code is split in two: the first ``SELECTOR_LENGTH`` symbols (20 bits) are
a *selector*, stored only as an HMAC under the server secret so the draft can
be found; the remaining 40 bits are only ever fed into scrypt. A fast lookup
hash over the whole code would let anyone holding the database *and* the
server secret test guesses at HMAC speed; with the split, each guess at the
secret part still costs one scrypt evaluation.

Input is normalised generously because codes are read aloud, written on paper
and typed on phones with other keyboard layouts: case, spaces, dashes, the
confusable letters O->0 and I/L->1, full-width forms, non-Latin decimal digits
(e.g. Arabic-Indic ``٤``) and Cyrillic or Greek look-alike capitals.
"""

from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
GROUP = 4
SELECTOR_LENGTH = 4
CODE_BITS = 5 * CODE_LENGTH  # 60
SECRET_BITS = 5 * (CODE_LENGTH - SELECTOR_LENGTH)  # 40

_SEPARATORS = frozenset(" -_.,/\u2010\u2011\u2012\u2013\u2014\u2212")
_CONFUSABLE = {
    "O": "0",
    "I": "1",
    "L": "1",
    # Cyrillic capitals that look like Latin ones (Ukrainian/Russian keyboards).
    "\u0410": "A",
    "\u0412": "B",
    "\u0415": "E",
    "\u041a": "K",
    "\u041c": "M",
    "\u041d": "H",
    "\u041e": "0",
    "\u0420": "P",
    "\u0421": "C",
    "\u0422": "T",
    "\u0425": "X",
    "\u0406": "1",
    "\u0417": "3",
    # Greek capitals.
    "\u0391": "A",
    "\u0392": "B",
    "\u0395": "E",
    "\u0396": "Z",
    "\u0397": "H",
    "\u039a": "K",
    "\u039c": "M",
    "\u039d": "N",
    "\u039f": "0",
    "\u03a1": "P",
    "\u03a4": "T",
    "\u03a7": "X",
    "\u0399": "1",
}
_VALID = frozenset(ALPHABET)


def generate() -> str:
    """A fresh code in normalised form (12 symbols, no dashes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(normalised: str) -> str:
    """``K7QM4XRT9HPW`` -> ``K7QM-4XRT-9HPW`` (for display and reading aloud)."""
    return "-".join(normalised[i : i + GROUP] for i in range(0, len(normalised), GROUP))


def normalise(raw: str) -> str | None:
    """Canonical 12-symbol form of user input, or None if it cannot be a code."""
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    out: list[str] = []
    for char in unicodedata.normalize("NFKC", raw).upper():
        if char in _SEPARATORS or char.isspace():
            continue
        if char.isdecimal():
            char = str(unicodedata.decimal(char))
        char = _CONFUSABLE.get(char, char)
        if char not in _VALID:
            return None
        out.append(char)
    return "".join(out) if len(out) == CODE_LENGTH else None


def selector(normalised: str) -> str:
    """The part of the code that locates the draft (see module docstring)."""
    return normalised[:SELECTOR_LENGTH]
