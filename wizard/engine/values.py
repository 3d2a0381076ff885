"""Turning submitted input into stored answers, one field type at a time.

The web layer hands over what the browser sent (strings; a list for multiple
choice; day/month/year parts for dates). This module normalises it into the
stored form — JSON-friendly codes and plain values — or returns an error code
that the web layer translates. It never raises on user input.

Stored forms: text → str, date → "YYYY-MM-DD", integer → int, money → "12.50",
yes/no → bool, choice → code, multiple choice / several countries → [codes],
IBAN → compact upper-case, Steuer-ID → 11 digits.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum import iban as std_iban
from stdnum.de import idnr as std_idnr
from stdnum.exceptions import ValidationError as StdnumError

from ..formdef import model as m
from .countries import STATELESS, UNKNOWN_NATIONALITY, country_codes

Raw = str | list[str] | Mapping[str, str] | None


@dataclass(frozen=True, slots=True)
class FieldError:
    """A translatable error: a code, its parameters, and an author message if any."""

    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    message: str | None = None
    """The form author's own (German source) message, for pattern and rule errors."""


class Invalid(Exception):  # noqa: N818 - internal control flow, never escapes the module
    def __init__(self, code: str, message: str | None = None, **params: Any) -> None:
        self.code, self.message, self.params = code, message, params


_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s.]{2,63}$")
_PHONE = re.compile(r"^\+?[0-9 ()/\-.]{6,30}$")
_POSTCODE = re.compile(r"^[0-9]{5}$")
_YEAR = re.compile(r"^[0-9]{4}$")
_TRUE = {"yes", "ja", "true", "1", "on", "y"}
_FALSE = {"no", "nein", "false", "0", "off", "n"}
MAX_INPUT = 20_000


# Arabic-Indic (U+0660…) and Extended Arabic-Indic / Persian (U+06F0…) digits and
# the Arabic decimal and thousands separators, as typed on those keyboards.
_DIGITS = {
    **{0x0660 + i: str(i) for i in range(10)},
    **{0x06F0 + i: str(i) for i in range(10)},
    0x066B: ",",
    0x066C: ".",
}


def ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic and Persian digits replaced by 0-9."""
    return text.translate(_DIGITS)


def is_empty(raw: Raw) -> bool:
    """True when nothing was entered (all parts blank)."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, Mapping):
        return all(not str(v or "").strip() for v in raw.values())
    return all(not str(v or "").strip() for v in raw)


def parse(f: m.FieldBase, raw: Raw) -> Any:
    """Normalise ``raw`` for field ``f``; raises :class:`Invalid` with an error code."""
    parser = _PARSERS[f.type]  # type: ignore[attr-defined]
    return parser(f, raw)


def _text(raw: Raw) -> str:
    if isinstance(raw, Mapping):
        raise Invalid("invalid")
    if isinstance(raw, list):
        if len(raw) != 1:
            raise Invalid("invalid")
        raw = raw[0]
    text = str(raw or "")
    if len(text) > MAX_INPUT:
        raise Invalid("too_long", max=MAX_INPUT)
    return text.strip()


def _check_length(f: m.TextField | m.LongTextField, text: str) -> None:
    if f.min_length is not None and len(text) < f.min_length:
        raise Invalid("too_short", min=f.min_length)
    if len(text) > f.max_length:
        raise Invalid("too_long", max=f.max_length)


def _is_latin(text: str) -> bool:
    for char in text:
        if char.isalpha() and "LATIN" not in unicodedata.name(char, ""):
            return False
    return True


def _parse_text(f: m.TextField, raw: Raw) -> str:
    text = " ".join(_text(raw).split())  # one line: tabs and runs of spaces become one space
    if f.pattern:
        text = ascii_digits(text)  # numbers typed on Arabic or Persian keyboards
    _check_length(f, text)
    if f.pattern and not re.fullmatch(f.pattern, text):
        raise Invalid("pattern", f.pattern_message)
    if f.latin_script and not _is_latin(text):
        raise Invalid("latin_script")
    return text


def _parse_longtext(f: m.LongTextField, raw: Raw) -> str:
    text = _text(raw).replace("\r\n", "\n").replace("\r", "\n")
    _check_length(f, text)
    if f.latin_script and not _is_latin(text):
        raise Invalid("latin_script")
    return text


def parse_date_parts(raw: Raw) -> dt.date:
    """A date from day/month/year parts (or an ISO string, for batch input)."""
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            raise Invalid("invalid_date") from None
    if not isinstance(raw, Mapping):
        raise Invalid("invalid_date")
    parts = {k: ascii_digits(str(raw.get(k) or "")).strip() for k in ("day", "month", "year")}
    missing = [k for k, v in parts.items() if not v]
    if missing:
        raise Invalid("date_incomplete", missing=missing)
    if not all(v.isdigit() and v.isascii() for v in parts.values()):
        raise Invalid("invalid_date")
    if not _YEAR.match(parts["year"]):
        raise Invalid("date_year_format")
    try:
        return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        raise Invalid("invalid_date") from None


def _parse_date(f: m.DateField, raw: Raw) -> str:
    return parse_date_parts(raw).isoformat()


def _parse_integer(f: m.IntegerField, raw: Raw) -> int:
    text = ascii_digits(_text(raw)).replace(" ", "")
    if re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})+", text):
        text = text.replace(".", "")  # 1.250 is one thousand two hundred and fifty
    if not re.fullmatch(r"-?[0-9]{1,15}", text):
        raise Invalid("not_integer")  # 1.5 is not a whole number
    value = int(text)
    if f.min is not None and value < f.min:
        raise Invalid("too_small", min=f.min)
    if f.max is not None and value > f.max:
        raise Invalid("too_large", max=f.max)
    return value


def parse_money(text: str) -> Decimal:
    """Euro amounts as people type them: 1.234,50 / 1234.50 / 1234,5 / 1 234 €."""
    text = text.replace("€", "").replace("EUR", "").replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"-?[0-9.,]{1,20}", text):
        raise Invalid("not_money")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})+", text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise Invalid("not_money") from None
    if value != value.quantize(Decimal("0.01")):
        raise Invalid("not_money")
    return value.quantize(Decimal("0.01"))


def _parse_money(f: m.MoneyField, raw: Raw) -> str:
    value = parse_money(ascii_digits(_text(raw)))
    if f.min is not None and value < f.min:
        raise Invalid("too_small", min=f.min)
    if f.max is not None and value > f.max:
        raise Invalid("too_large", max=f.max)
    return str(value)


def _parse_yesno(f: m.YesNoField, raw: Raw) -> bool:
    text = _text(raw).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Invalid("invalid_choice")


def _parse_choice(f: m.ChoiceField, raw: Raw) -> str:
    code = _text(raw)
    if code not in {c.code for c in f.choices}:
        raise Invalid("invalid_choice")
    return code


def _as_list(raw: Raw) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw] if raw.strip() else []
    if isinstance(raw, Mapping):
        raise Invalid("invalid_choice")
    return [str(v) for v in raw if str(v).strip()]


def _parse_multichoice(f: m.MultiChoiceField, raw: Raw) -> list[str]:
    chosen = _as_list(raw)
    codes = [c.code for c in f.choices]
    if any(c not in codes for c in chosen):
        raise Invalid("invalid_choice")
    chosen = [c for c in codes if c in chosen]  # form order, no duplicates
    if f.min_selected is not None and len(chosen) < f.min_selected:
        raise Invalid("too_few_choices", min=f.min_selected)
    if f.max_selected is not None and len(chosen) > f.max_selected:
        raise Invalid("too_many_choices", max=f.max_selected)
    return chosen


def _parse_email(f: m.EmailField, raw: Raw) -> str:
    text = _text(raw)
    if not _EMAIL.match(text):
        raise Invalid("invalid_email")
    return text


def _parse_phone(f: m.PhoneField, raw: Raw) -> str:
    text = " ".join(ascii_digits(_text(raw)).split())
    if not _PHONE.match(text) or sum(ch.isdigit() for ch in text) < 6:
        raise Invalid("invalid_phone")
    return text


def _parse_postcode(f: m.PostcodeField, raw: Raw) -> str:
    text = ascii_digits(_text(raw)).replace(" ", "")
    if not _POSTCODE.match(text):
        raise Invalid("invalid_postcode")
    return text


def _parse_iban(f: m.IbanField, raw: Raw) -> str:
    text = std_iban.compact(ascii_digits(_text(raw)))
    try:
        value = std_iban.validate(text)
    except StdnumError:
        raise Invalid("invalid_iban") from None
    if f.countries and value[:2] not in f.countries:
        raise Invalid("iban_country", countries=", ".join(f.countries))
    return value


def _parse_steuer_id(f: m.SteuerIdField, raw: Raw) -> str:
    try:
        return std_idnr.validate(ascii_digits(_text(raw)))
    except StdnumError:
        raise Invalid("invalid_steuer_id") from None


def _allowed_countries(f: m.CountryField) -> frozenset[str]:
    allowed = country_codes() - frozenset(f.exclude)
    if f.stateless:
        allowed = allowed | {STATELESS, UNKNOWN_NATIONALITY}
    return allowed


def _parse_country(f: m.CountryField, raw: Raw) -> str | list[str]:
    allowed = _allowed_countries(f)
    if f.multiple:
        chosen = list(dict.fromkeys(c.strip().upper() for c in _as_list(raw)))
        if not chosen:
            raise Invalid("required")
        if any(c not in allowed for c in chosen):
            raise Invalid("invalid_country")
        return chosen
    code = _text(raw).upper()
    if code not in allowed:
        raise Invalid("invalid_country")
    return code


def _parse_info(f: m.InfoField, raw: Raw) -> None:
    return None


_PARSERS: dict[str, Any] = {
    "text": _parse_text,
    "longtext": _parse_longtext,
    "date": _parse_date,
    "integer": _parse_integer,
    "money": _parse_money,
    "yesno": _parse_yesno,
    "choice": _parse_choice,
    "multichoice": _parse_multichoice,
    "email": _parse_email,
    "phone": _parse_phone,
    "postcode": _parse_postcode,
    "iban": _parse_iban,
    "steuer_id": _parse_steuer_id,
    "country": _parse_country,
    "info": _parse_info,
}


def typed(f: m.FieldBase, stored: Any) -> Any:
    """The stored answer as the expression language sees it (dates, Decimals)."""
    if stored is None:
        return None
    kind = f.type  # type: ignore[attr-defined]
    try:
        if kind == "date":
            return dt.date.fromisoformat(stored)
        if kind == "money":
            return Decimal(stored)
    except (TypeError, ValueError, InvalidOperation):
        return None
    return stored
