"""Hostile input for the fuzz tests: strategies per field type, and an HTML safety check."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

from hypothesis import strategies as st

# Things people paste, attackers send and keyboards produce.
NASTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(2)</script>",
    "javascript:alert(1)",
    "{{ 7*7 }}{% raw %}",
    "'; DROP TABLE drafts; --",
    "' OR '1'='1",
    "1; SELECT * FROM key_slots",
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u202d\u2066\u2069",  # LTR override, isolates
    "\u200b\u200c\u200d\ufeff",  # zero-width space, non-joiner, joiner, BOM
    "\u00ad",  # soft hyphen
    "😀",
    "👩\u200d👩\u200d👧",
    "🇸🇾",
    "e\u0301\u0308\u0323",  # combining marks
    "Z\u0335\u0336\u0337\u0338",
    "ﷺ",
    "مرحبا",
    "שלום",
    "ሰላም",
    "Жжё",
    "١٢٣٤٥",  # Arabic-Indic digits
    "۱۲۳",  # Persian digits
    "\x00",
    "\x07\x08\x1b[31m",
    "\x7f\x85",
    "\t",
    "\r\n",
    "\u2028\u2029",
    "%00%FF",
    "&amp;&lt;&#x3c;",
    "\\",
    "../../etc/passwd",
    "${jndi:ldap://127.0.0.1/a}",
    "%s%n%x",
    "\U0001d54f\U00010348",  # astral letters
    "\ud7ff\ue000\uffff",
]
# Input that would be markup if it reached the page unescaped.
INJECTION_MARKERS = [n for n in NASTY if "<" in n]

# Unusually long inputs: over a text field's 200, a long text's 2,000, the
# engine's 20,000 characters, and (as UTF-8, percent-encoded) over the 256 KB body limit.
HUGE = [
    "x" * 201,
    "ü" * 2_001,
    "<" * 20_001,
    "😀" * 5_000,
    "e\u0301" * 3_000,
    "a " * 30_000,
    "\u202e" * 30_000,
]

pieces = st.one_of(st.sampled_from(NASTY), st.text(max_size=10))
nasty_text = st.one_of(
    st.lists(pieces, min_size=1, max_size=6).map("".join),
    st.sampled_from(HUGE),
)

VALID = {
    "text": ["Haddad", "Amira Haddad", "O'Brien-Smith"],
    "latin": ["Haddad", "Müller", "Łukasz"],
    "longtext": ["Zeile 1\nZeile 2", "Kurz"],
    "integer": ["12", "1.000", "-3", "0"],
    "money": ["1.234,50", "12,5", "99", "0,01"],
    "yesno": ["yes", "no", "ja", "Nein"],
    "choice": ["A", "B"],
    "select": ["X", "Y"],
    "multichoice": ["M1", "M3"],
    "email": ["a@example.org", "amira.haddad@example.de"],
    "phone": ["+49 2382 123456", "02382/123456"],
    "postcode": ["59227", "10115"],
    "iban": ["DE89370400440532013000", "DE89 3704 0044 0532 0130 00"],
    "steuer_id": ["86095742719", "47 036 892 816"],
    "country": ["SY", "de", "TR"],
    "countries": ["SY", "XA", "TR"],
}


PADDING = [" ", "  ", "\t", "\u00a0", "\u3000", "\n", ""]


def arabic_digits(text: str) -> str:
    return text.translate({ord(str(i)): chr(0x0660 + i) for i in range(10)})


@st.composite
def noisy(draw: st.DrawFn, kind: str) -> str:
    """A valid value, padded or in other digits, with hostile text inserted, or hostile text alone."""
    base = draw(st.sampled_from(VALID[kind]))
    mode = draw(st.sampled_from(["valid", "padded", "alone", "inside", "around"]))
    if mode == "valid":
        return draw(st.sampled_from([base, base.lower(), arabic_digits(base)]))
    if mode == "padded":
        return draw(st.sampled_from(PADDING)) + base + draw(st.sampled_from(PADDING))
    noise = draw(nasty_text)
    if mode == "alone":
        return noise
    if mode == "around":
        return noise[:50] + base + noise[-50:]
    at = draw(st.integers(0, len(base)))
    return base[:at] + noise[:80] + base[at:]


def _date_part(low: int, high: int, width: int) -> st.SearchStrategy[str]:
    plausible = st.integers(low, high).map(lambda n: str(n).zfill(width))
    return st.one_of(
        plausible,
        plausible.map(arabic_digits),
        plausible.map(lambda v: f" {v} "),
        st.integers(-5, 100_000).map(str),
        st.sampled_from(["", " ", "1e3", "0x1F", "²", "𝟙", "2026\u200b", "٣", "۱۴۰۲"]),
        st.sampled_from(NASTY),
        st.text(max_size=6),
    )


@st.composite
def date_parts(draw: st.DrawFn) -> dict[str, str]:
    return {
        "day": draw(_date_part(1, 31, draw(st.sampled_from([1, 2])))),
        "month": draw(_date_part(1, 12, draw(st.sampled_from([1, 2])))),
        "year": draw(_date_part(1000, 2200, 4)),
    }


# --------------------------------------------------------------------------- HTML


class Page(HTMLParser):
    """Start tags, input values and textarea contents, as a browser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inputs: dict[str, list[dict[str, str | None]]] = {}
        self.textareas: dict[str, str] = {}
        self.selected: dict[str, list[str]] = {}  # select name -> selected option values
        self._textarea: str | None = None
        self._select: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "input" and a.get("name"):
            self.inputs.setdefault(str(a["name"]), []).append(a)
        if tag == "textarea":
            self._textarea = str(a.get("name"))
            self.textareas[self._textarea] = ""
        if tag == "select":
            self._select = str(a.get("name"))
            self.selected.setdefault(self._select, [])
        if tag == "option" and self._select is not None and "selected" in a:
            self.selected[self._select].append(str(a.get("value") or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def submission(self, names: list[str]) -> dict[str, Any]:
        """What a browser sends for these field names when the user changes nothing."""
        out: dict[str, Any] = {}
        for name in names:
            values: list[str] = []
            for a in self.inputs.get(name, []):
                if a.get("type") in ("radio", "checkbox"):
                    if "checked" in a:
                        values.append(str(a.get("value") or ""))
                else:
                    values.append(str(a.get("value") or ""))
            if name in self.textareas:
                values.append(self.textareas[name])
            for value in self.selected.get(name, []):
                values.append(value)
            if values:
                out[name] = values if len(values) > 1 else values[0]
        return out

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.textareas[self._textarea] += data


FORBIDDEN_TAGS = {"img", "iframe", "object", "embed", "svg", "math", "base", "style", "frame"}


def assert_safe_html(html: str, sent: str = "") -> Page:
    """No markup from input: only the app's own scripts, no event handlers, no script URLs."""
    page = Page(html)
    for tag, attrs in page.tags:
        if tag == "script":
            assert str(attrs.get("src") or "").startswith("/static/"), attrs
        assert tag not in FORBIDDEN_TAGS, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "formaction"):
                assert not str(value or "").strip().lower().startswith("javascript:"), value
    for marker in INJECTION_MARKERS:
        if marker in sent:
            assert marker not in html, f"{marker!r} from the input is in the page unescaped"
    return page


# --------------------------------------------------------------------------- oracles

_DIGITS = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}


def western_digits(text: str) -> str:
    return text.translate(_DIGITS)


def one_line(text: str) -> str:
    """A text answer as documented: trimmed, runs of white space become one space."""
    return " ".join(text.split())


def multi_line(text: str) -> str:
    """A long-text answer as documented: trimmed, line breaks as ``\\n``."""
    return text.strip().replace("\r\n", "\n").replace("\r", "\n")


def date_of(parts: dict[str, str]) -> dt.date | None:
    values = [western_digits(parts[k]).strip() for k in ("year", "month", "day")]
    if not all(v.isascii() and v.isdigit() for v in values) or len(values[0]) != 4:
        return None
    try:
        return dt.date(*(int(v) for v in values))
    except ValueError:
        return None


def text_of(value: Any) -> str:
    return value if isinstance(value, str) else ""
