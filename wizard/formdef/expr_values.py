"""Reading answers: how stored Python values become values of the language.

Values of the language are int or Decimal (numbers; never float, money must
be exact), str, datetime.date, bool, list (codes and list literals) and None.
Answers come from outside (sessions, JSON, tests) and may have any type;
everything here turns a wrong type into None instead of raising, which is
what makes evaluation total.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

# Numbers at or beyond this magnitude become null: no form needs them, and the
# bound keeps repeated multiplication from building huge integers.
MAX_DIGITS_BEFORE_POINT = 24
MAX_MAGNITUDE = 10**MAX_DIGITS_BEFORE_POINT

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Date = dt.date


def parse_iso_date(text: str) -> Date | None:
    """A date from strict ``YYYY-MM-DD`` text, or None."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return Date.fromisoformat(text)
    except ValueError:
        return None


def decimal_in_bounds(number: Decimal) -> bool:
    # adjusted() is the exponent of the leading digit: |x| < 10**24 without
    # comparing against a 25-digit integer (much slower).
    return number.adjusted() < MAX_DIGITS_BEFORE_POINT or not number


def as_number(value: Any) -> int | Decimal | None:
    """An answer as a number: int or finite Decimal within bounds (floats converted)."""
    kind = type(value)
    if kind is int:
        return value if -MAX_MAGNITUDE < value < MAX_MAGNITUDE else None
    if kind is Decimal:
        return value if value.is_finite() and decimal_in_bounds(value) else None
    if kind is bool:
        return None
    if kind is float:
        return as_number(Decimal(repr(value))) if math.isfinite(value) else None
    if isinstance(value, int):
        return as_number(int.__index__(value))
    if isinstance(value, Decimal):
        return as_number(Decimal(value))
    return None


def as_text(value: Any) -> str | None:
    """An answer as text (exact str), or None."""
    if type(value) is str:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    return None


def as_date(value: Any) -> Date | None:
    """An answer as a plain date (a datetime loses its time), or None."""
    if type(value) is Date:
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, Date):
        return Date(value.year, value.month, value.day)
    return None


def as_bool(value: Any) -> bool | None:
    """An answer as true/false, or None."""
    return value if type(value) is bool else None


def as_codes(value: Any, choices: frozenset[str] | None = None) -> list[str] | None:
    """A multiple-choice answer: the valid codes of a list, or None."""
    if type(value) is not list and type(value) is not tuple:
        return None
    return [code for code in value if type(code) is str and (choices is None or code in choices)]


def as_scalar(value: Any) -> object:
    """Any single answer, sanitized to a value of the language, or None."""
    kind = type(value)
    if kind is str or kind is bool or kind is Date:
        return value
    if isinstance(value, str):
        return as_text(value)
    if isinstance(value, Date):
        return as_date(value)
    return as_number(value)


def as_value(value: Any) -> object:
    """Any answer, sanitized without knowing its declared kind (scope-free evaluation)."""
    if type(value) is list or type(value) is tuple:
        items = [as_scalar(item) for item in value]
        return [item for item in items if item is not None]
    return as_scalar(value)


def coercer(
    kind: str, choices: frozenset[str] | None = None, element: str | None = None
) -> Callable[[object], object]:
    """The reader of an answer of a declared kind: wrong types become None."""
    if kind == "text":
        return as_text
    if kind == "number":
        return as_number
    if kind == "date":
        return as_date
    if kind == "bool":
        return as_bool
    if kind == "code":
        if choices is None:
            return as_text
        allowed = choices
        return lambda value: value if type(value) is str and value in allowed else None
    if kind == "codes":
        return lambda value: as_codes(value, choices)
    if kind == "list":
        read = coercer(element or "text", choices)

        def read_list(value: Any) -> list[object] | None:
            if type(value) is not list and type(value) is not tuple:
                return None
            return [item for item in map(read, value) if item is not None]

        return read_list
    return lambda value: None  # "any" (a broken definition) and groups read as null


def present(value: Any) -> bool:
    """Whether a value counts as an answer: not null, not blank text, not an empty list."""
    if value is None:
        return False
    if type(value) is str:
        return value.strip() != ""
    if type(value) is list:
        return len(value) > 0
    return True
