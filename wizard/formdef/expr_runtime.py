"""Operations of the expression language: arithmetic, comparison, functions.

Every function here is total: it accepts any Python object, never raises, and
returns None ("null") for arguments of the wrong type, for null arguments, for
division by zero and for results outside the bounds below. The compiled
closures are thin wiring around these functions (and the readers of
``expr_values``), so these two modules *are* the language's semantics.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Iterable
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from typing import Any

from .expr_values import MAX_MAGNITUDE, Date, as_date, decimal_in_bounds

MAX_TEXT = 100_000  # longest text a concatenation or upper() may produce
MAX_ROUND_DIGITS = 15
MAX_DAYS = 3_660_000  # date shifts beyond ±10,000 years cannot be meant

# One fixed context instead of the thread's current one: results must not
# depend on what other code did to decimal.getcontext(). 40 digits hold any
# bounded number rounded to MAX_ROUND_DIGITS places.
DECIMAL_CONTEXT = Context(
    prec=40,
    rounding=ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
_ROUNDING_CONTEXT = DECIMAL_CONTEXT.copy()
_ROUNDING_CONTEXT.rounding = ROUND_HALF_UP  # "kaufmännisch": 0.5 rounds away from zero

_NUMBER_TYPES = frozenset({int, Decimal})


# ---------------------------------------------------------------------------- arithmetic


def _bounded(number: Any) -> int | Decimal | None:
    if type(number) is int:
        return number if -MAX_MAGNITUDE < number < MAX_MAGNITUDE else None
    return number if decimal_in_bounds(number) else None


def sum_numbers(values: Iterable[Any]) -> int | Decimal | None:
    """The sum of the numbers among ``values`` (nulls and other values skipped)."""
    whole = 0
    decimals: list[Decimal] = []
    for value in values:
        kind = type(value)
        if kind is int:
            whole += value
        elif kind is Decimal:
            decimals.append(value)
    if not decimals:
        return _bounded(whole)
    try:
        return _bounded(functools.reduce(DECIMAL_CONTEXT.add, decimals, Decimal(whole)))
    except ArithmeticError:
        return None


def _decimal(op: Callable[[Any, Any], Decimal], a: Any, b: Any) -> Decimal | None:
    try:
        return _bounded(op(a, b))
    except ArithmeticError:
        return None


def shift_days(day: Any, days: Any) -> Date | None:
    """``day`` moved by a whole number of days, or None."""
    if type(day) is not Date:
        return None
    if type(days) is Decimal:
        if days != days.to_integral_value():
            return None
        days = int(days)
    if type(days) is not int or abs(days) > MAX_DAYS:
        return None
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def add(a: Any, b: Any) -> object:
    """``a + b``: numbers, text concatenation, or a date shifted by days."""
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        return _bounded(a + b)
    if ta in _NUMBER_TYPES and tb in _NUMBER_TYPES:
        return _decimal(DECIMAL_CONTEXT.add, a, b)
    if ta is str and tb is str:
        return a + b if len(a) + len(b) <= MAX_TEXT else None
    if ta is Date and tb in _NUMBER_TYPES:
        return shift_days(a, b)
    if tb is Date and ta in _NUMBER_TYPES:
        return shift_days(b, a)
    return None


def subtract(a: Any, b: Any) -> object:
    """``a - b``: numbers, a date moved back by days, or the days between two dates."""
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        return _bounded(a - b)
    if ta in _NUMBER_TYPES and tb in _NUMBER_TYPES:
        return _decimal(DECIMAL_CONTEXT.subtract, a, b)
    if ta is Date and tb in _NUMBER_TYPES:
        return shift_days(a, negate(b))
    if ta is Date and tb is Date:
        return (a - b).days
    return None


def multiply(a: Any, b: Any) -> object:
    """``a * b`` for numbers."""
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        return _bounded(a * b)
    if ta in _NUMBER_TYPES and tb in _NUMBER_TYPES:
        return _decimal(DECIMAL_CONTEXT.multiply, a, b)
    return None


def divide(a: Any, b: Any) -> Decimal | None:
    """``a / b`` as an exact-as-possible Decimal; None for division by zero."""
    if type(a) in _NUMBER_TYPES and type(b) in _NUMBER_TYPES and b != 0:
        return _decimal(DECIMAL_CONTEXT.divide, a, b)
    return None


def modulo(a: Any, b: Any) -> object:
    """``a % b`` with the sign of ``b`` (as Python ints do); None for modulo by zero."""
    ta, tb = type(a), type(b)
    if ta not in _NUMBER_TYPES or tb not in _NUMBER_TYPES or b == 0:
        return None
    if ta is int and tb is int:
        return a % b
    try:
        rest = DECIMAL_CONTEXT.remainder(a, b)
        if rest and (rest < 0) != (b < 0):
            rest = DECIMAL_CONTEXT.add(rest, b)
    except ArithmeticError:
        return None
    return rest


def negate(a: Any) -> object:
    """``-a`` for numbers (exact: no rounding context involved)."""
    if type(a) is int:
        return -a
    if type(a) is Decimal:
        return a.copy_negate()
    return None


def absolute(a: Any) -> object:
    """``abs(a)`` for numbers."""
    if type(a) is int:
        return abs(a)
    if type(a) is Decimal:
        return a.copy_abs()
    return None


def round_number(value: Any, digits: Any = 0) -> int | Decimal | None:
    """Commercial rounding (half away from zero) to ``digits`` decimal places.

    With digits <= 0 the result is an int (``round(1234, -2)`` is 1200);
    otherwise a Decimal with exactly that many places (``round(5, 2)`` is 5.00).
    """
    if type(value) not in _NUMBER_TYPES:
        return None
    if type(digits) is Decimal and digits == digits.to_integral_value():
        digits = int(digits)
    if type(digits) is not int or abs(digits) > MAX_ROUND_DIGITS:
        return None
    try:
        exponent = Decimal(1).scaleb(-digits)
        rounded = Decimal(value).quantize(exponent, context=_ROUNDING_CONTEXT)
    except ArithmeticError:
        return None
    return _bounded(int(rounded) if digits <= 0 else rounded)


# ---------------------------------------------------------------------------- comparison


def equal(a: Any, b: Any) -> bool:
    """``a == b``: never true across types (1 is not true), codes compare as sets."""
    if a is None or b is None:
        return a is b
    ta, tb = type(a), type(b)
    if ta is bool or tb is bool:
        return a is b
    if ta is list or tb is list:
        if ta is not tb:
            return False
        try:
            return set(a) == set(b)
        except TypeError:  # nested lists (only in unchecked expressions)
            return a == b
    return a == b


def _ordering(compare: Callable[[Any, Any], bool]) -> Callable[[object, object], bool]:
    def ordered(a: Any, b: Any) -> bool:
        ta, tb = type(a), type(b)
        if (ta in _NUMBER_TYPES and tb in _NUMBER_TYPES) or (ta is Date and tb is Date):
            return compare(a, b)
        return False  # null, or values that cannot be ordered

    return ordered


less = _ordering(operator.lt)
less_equal = _ordering(operator.le)
greater = _ordering(operator.gt)
greater_equal = _ordering(operator.ge)


def contains(item: Any, values: Any) -> bool:
    """``item in values`` for a list; with the same type discipline as ``equal``."""
    if type(values) is not list:
        return False
    return any(equal(item, value) for value in values)


# ---------------------------------------------------------------------------- dates and text


def years_between(start: Any, end: Any) -> int | None:
    """Full years from ``start`` to ``end`` (negative when ``end`` is earlier).

    Someone born on 29 February completes a year on 1 March in other years
    (§ 187 Abs. 2, § 188 Abs. 2 and 3 BGB), which is what comparing (month,
    day) pairs gives.
    """
    if type(start) is not Date or type(end) is not Date:
        return None
    if end < start:
        return -years_between(end, start)
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def days_between(start: Any, end: Any) -> int | None:
    """Days from ``start`` to ``end``."""
    if type(start) is not Date or type(end) is not Date:
        return None
    return (end - start).days


def date_part(part: str) -> Callable[[object], int | None]:
    """The year, month or day of a date."""

    def get(value: Any) -> int | None:
        return getattr(value, part) if type(value) is Date else None

    return get


def length(value: Any) -> int | None:
    """Characters of a text, or entries of a list."""
    if type(value) is str or type(value) is list:
        return len(value)
    return None


def text_function(method: Callable[[str], str]) -> Callable[[object], str | None]:
    """upper/lower/trim: text in, text out, bounded."""

    def apply(value: Any) -> str | None:
        if type(value) is not str:
            return None
        result = method(value)
        return result if len(result) <= MAX_TEXT else None

    return apply


def today_of(env: Any) -> Date | None:
    """The environment's "today" (a date), or None if it provides none."""
    return as_date(getattr(env, "today", None))


def index_of(env: Any) -> int | None:
    """The 1-based item number of an item environment, or None."""
    number = getattr(env, "index", None)
    return number if type(number) is int and number > 0 else None


def official_text(value: Any) -> str:
    """text(x): a value as a German official form writes it; '' for null.

    Dates as DD.MM.YYYY, amounts with a decimal comma, yes/no as ja/nein,
    lists joined with commas. Never null, so joins like
    `ort + ", " + text(datum)` keep their other parts.
    """
    if value is None:
        return ""
    if value is True:
        return "ja"
    if value is False:
        return "nein"
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        whole, _, cents = f"{value:,.2f}".partition(".")
        return whole.replace(",", ".") + "," + cents
    if isinstance(value, list):
        return ", ".join(official_text(v) for v in value if v is not None)
    text = str(value)
    return text if len(text) <= MAX_TEXT else ""


def country_names(value: Any) -> str | None:
    """country(code): German country name(s) of a code or a list of codes."""
    from ..engine.countries import country_name

    if isinstance(value, str):
        return country_name(value, "de")
    if isinstance(value, list):
        return ", ".join(country_name(v, "de") for v in value if isinstance(v, str))
    return None


def join_texts(separator: Any, parts: list[Any]) -> str:
    """join(sep, …): every part that is not empty, as official text, separated."""
    sep = separator if isinstance(separator, str) else ""
    texts = [official_text(p) for p in parts]
    result = sep.join(t for t in texts if t)
    return result if len(result) <= MAX_TEXT else ""


def in_eu_eea(value: Any) -> bool | None:
    """eu_eea(x): whether a country code, or any code of a list, is EU/EEA/Switzerland."""
    from ..engine.countries import EEA_CH

    if isinstance(value, str):
        return value in EEA_CH
    if isinstance(value, list):
        return any(isinstance(v, str) and v in EEA_CH for v in value)
    return None
