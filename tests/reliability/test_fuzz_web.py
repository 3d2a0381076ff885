"""Hostile input through the web layer, for every field type (hypothesis).

The fuzz form (tests/data/fuzzforms/fuzzform.yaml) has one optional field of
each type on one step and a repeat with an item page. For every example:

* no server error: the app runs with TESTING, so an exception fails the test;
  the answer is a redirect (accepted), 422 (refused, page shown again) or a
  friendly 413/400 page;
* accepted values are stored as documented (text trimmed to one line, long
  text with ``\\n`` line breaks, numbers, codes...) and nothing else: zero-width
  characters, RTL overrides, emoji and combining marks survive untouched;
* the page shows the stored value such that a browser parses back exactly that
  value, and sending the page back unchanged stores the same answer again;
* refused input is shown back exactly as typed, escaped;
* no page (step, item, list of items, check your answers) contains markup from
  input: only the app's own scripts, no event handlers, no injected tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask.testing import FlaskClient
from fuzz_support import (
    NASTY,
    Page,
    assert_safe_html,
    date_of,
    date_parts,
    multi_line,
    nasty_text,
    noisy,
    one_line,
    western_digits,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rel_support import app_config, hidden_fields
from stdnum import iban as std_iban
from stdnum.de import idnr

from wizard.engine.countries import STATELESS, UNKNOWN_NATIONALITY, country_codes
from wizard.web.app import create_app

FORM = "application/x-www-form-urlencoded"
STEP = "/forms/fuzzform/alles"
FIELDS = {
    "text": "f_text",
    "latin": "f_latin",
    "longtext": "f_longtext",
    "integer": "f_integer",
    "money": "f_money",
    "yesno": "f_yesno",
    "choice": "f_choice",
    "select": "f_select",
    "multichoice": "f_multichoice",
    "email": "f_email",
    "phone": "f_phone",
    "postcode": "f_postcode",
    "iban": "f_iban",
    "steuer_id": "f_steuer_id",
    "country": "f_country",
    "countries": "f_countries",
}
DATE_NAMES = ["f_date-day", "f_date-month", "f_date-year"]
STEP_NAMES = [*FIELDS.values(), *DATE_NAMES]
MULTI = {"multichoice", "countries"}
FUZZ = settings(
    max_examples=14,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@dataclass
class Fuzz:
    client: FlaskClient
    app: Any
    cookie: str
    token: str
    shown: str
    item_url: str

    def stored(self) -> dict[str, Any]:
        return self.app.extensions["wizard.store"].open(self.cookie).answers

    def post(self, url: str, data: dict[str, Any] | bytes) -> Any:
        base = {"csrf_token": self.token, "shown": self.shown}
        if isinstance(data, bytes):
            body = urlencode(base).encode() + b"&" + data
            return self.client.post(url, data=body, content_type=FORM)
        return self.client.post(url, data={**base, **data})


@pytest.fixture(scope="module")
def fuzz(fuzz_forms_dir, tmp_path_factory) -> Fuzz:
    data_dir = tmp_path_factory.mktemp("fuzzdata")
    app = create_app(app_config(data_dir, FORMS_DIR=str(fuzz_forms_dir)))
    client = app.test_client()
    client.get("/?lang=de")
    token = hidden_fields(client.get("/forms/fuzzform").get_data(as_text=True))["csrf_token"]
    assert client.post("/forms/fuzzform/start", data={"csrf_token": token}).status_code == 302
    page = hidden_fields(client.get(STEP).get_data(as_text=True))
    added = client.post("/forms/fuzzform/leute", data={"csrf_token": token, "action": "add"})
    assert added.status_code == 302
    cookie = next(c.value for c in client._cookies.values() if c.key == "wz-fuzzform")
    yield Fuzz(client, app, cookie, token, page["shown"], added.headers["Location"])
    app.extensions["wizard.store"].close()


def _resubmit_unchanged(fuzz: Fuzz, url: str, names: list[str], before: dict[str, Any]) -> Page:
    """The page as shown, sent back as is, stores exactly the same answers."""
    page = fuzz.client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    parsed = assert_safe_html(html)
    again = fuzz.post(url, parsed.submission(names))
    assert again.status_code == 302, again.get_data(as_text=True)[:3000]
    after = fuzz.stored()
    for name in FIELDS.values():
        assert after.get(name) == before.get(name), (name, before.get(name), after.get(name))
    assert after.get("f_date") == before.get("f_date")
    return parsed


def _expect_accepted(kind: str, raw: Any, stored: Any) -> None:
    """What an accepted value must look like in the store, per documented rules."""
    text = raw if isinstance(raw, str) else ""
    blank_list = isinstance(raw, list) and not any(v.strip() for v in raw)
    if raw is None or blank_list or (isinstance(raw, str) and not raw.strip()):
        assert stored is None or stored == [], (kind, raw, stored)
        return
    if kind in ("text", "latin"):
        assert stored == one_line(text) and len(stored) <= 200
    elif kind == "longtext":
        assert stored == multi_line(text) and len(stored) <= 2000
    elif kind == "integer":
        assert type(stored) is int
        assert stored == int(western_digits(text.strip()).replace(" ", "").replace(".", ""))
    elif kind == "money":
        assert isinstance(stored, str) and re.fullmatch(r"-?[0-9]+\.[0-9]{2}", stored), stored
    elif kind == "yesno":
        words = (
            {"yes", "ja", "true", "1", "on", "y"}
            if stored
            else {"no", "nein", "false", "0", "off", "n"}
        )
        assert type(stored) is bool and text.strip().lower() in words
    elif kind in ("choice", "select"):
        assert stored == text.strip() and stored in {"A", "B", "X", "Y"}
    elif kind == "multichoice":
        chosen = [v for v in raw if v.strip()]
        assert stored == [c for c in ("M1", "M2", "M3") if c in chosen]
    elif kind == "email":
        assert stored == text.strip() and stored.count("@") == 1
    elif kind == "phone":
        assert stored == " ".join(western_digits(text.strip()).split())
    elif kind == "postcode":
        assert stored == western_digits(text.strip()).replace(" ", "")
        assert re.fullmatch(r"[0-9]{5}", stored)
    elif kind == "iban":
        assert std_iban.is_valid(stored) and stored == std_iban.compact(
            western_digits(text.strip())
        )
    elif kind == "steuer_id":
        assert idnr.is_valid(stored) and stored.isascii() and len(stored) == 11
    elif kind == "country":
        assert stored == text.strip().upper() and stored in country_codes()
    elif kind == "countries":
        allowed = country_codes() | {STATELESS, UNKNOWN_NATIONALITY}
        assert stored and all(c in allowed for c in stored)
        assert stored == list(dict.fromkeys(v.strip().upper() for v in raw if v.strip()))
    else:  # pragma: no cover
        raise AssertionError(kind)


def _shown_back(kind: str, html: str, raw: Any) -> None:
    """A refused one-line or long text is shown again exactly as typed."""
    page = Page(html)
    name = FIELDS[kind]
    if kind == "longtext":
        assert page.textareas[name] == raw
    elif kind in (
        "text",
        "latin",
        "integer",
        "money",
        "email",
        "phone",
        "postcode",
        "iban",
        "steuer_id",
    ):
        assert page.inputs[name][0].get("value") == raw


def _value_strategy(kind: str) -> st.SearchStrategy[Any]:
    if kind in MULTI:
        return st.lists(noisy(kind), max_size=4)
    return noisy(kind)


@pytest.mark.parametrize("kind", sorted(FIELDS))
@FUZZ
@given(data=st.data())
def test_step_field_takes_any_input(fuzz: Fuzz, kind: str, data: st.DataObject) -> None:
    raw = data.draw(_value_strategy(kind), label=kind)
    name = FIELDS[kind]
    response = fuzz.post(STEP, {name: raw})
    html = response.get_data(as_text=True)
    sent = "".join(raw) if isinstance(raw, list) else raw
    event(f"status {response.status_code}")
    assert response.status_code in (302, 413, 422), response.status_code
    if response.status_code == 413:
        assert "<h1>" in html and len(urlencode({name: raw}, doseq=True)) > 200_000
        return
    if response.status_code == 422:
        assert_safe_html(html, sent)
        _shown_back(kind, html, raw)
        return
    stored = fuzz.stored()
    _expect_accepted(kind, raw, stored.get(name))
    page = _resubmit_unchanged(fuzz, STEP, STEP_NAMES, stored)
    if kind in ("text", "latin") and stored.get(name):
        assert page.inputs[name][0].get("value") == stored[name]
    if kind == "longtext" and stored.get(name):
        assert page.textareas[name] == stored[name]
    check = fuzz.client.get("/forms/fuzzform/check")
    assert check.status_code == 200
    assert_safe_html(check.get_data(as_text=True), sent)


@settings(FUZZ, max_examples=40)
@given(parts=date_parts())
def test_date_parts_take_any_input(fuzz: Fuzz, parts: dict[str, str]) -> None:
    response = fuzz.post(STEP, {f"f_date-{k}": v for k, v in parts.items()})
    html = response.get_data(as_text=True)
    expected = date_of(parts)
    event(f"status {response.status_code}")
    blank = all(not v.strip() for v in parts.values())
    if expected is not None or blank:
        assert response.status_code == 302, (parts, html[:2000])
        stored = fuzz.stored()
        assert stored.get("f_date") == (expected.isoformat() if expected else None)
        _resubmit_unchanged(fuzz, STEP, STEP_NAMES, stored)
    else:
        assert response.status_code == 422, parts
        page = assert_safe_html(html, "".join(parts.values()))
        for k, v in parts.items():
            assert page.inputs[f"f_date-{k}"][0].get("value") == v


@settings(FUZZ, max_examples=30)
@given(name=nasty_text, note=nasty_text)
def test_item_page_takes_any_input(fuzz: Fuzz, name: str, note: str) -> None:
    response = fuzz.post(fuzz.item_url, {"p_name": name, "p_notiz": note})
    html = response.get_data(as_text=True)
    event(f"status {response.status_code}")
    assert response.status_code in (302, 413, 422), response.status_code
    if response.status_code == 413:
        return
    if response.status_code == 422:
        page = assert_safe_html(html, name + note)
        assert page.inputs["p_name"][0].get("value") == name
        assert page.textareas["p_notiz"] == note
        return
    item = fuzz.stored()["leute"][0]
    _expect_accepted("text", name, item.get("p_name"))
    _expect_accepted("longtext", note, item.get("p_notiz"))
    listing = fuzz.client.get("/forms/fuzzform/leute")
    assert listing.status_code == 200
    listing_html = listing.get_data(as_text=True)
    assert_safe_html(listing_html, name)
    if item.get("p_name"):
        # the item label shows the name, parsed back by an HTML parser exactly as stored
        label = f"Person 1: {item['p_name']}"
        from html import unescape

        assert label in unescape(re.sub(r"<[^>]+>", "", listing_html)), label
    page = fuzz.client.get(fuzz.item_url)
    parsed = assert_safe_html(page.get_data(as_text=True), name + note)
    again = fuzz.post(fuzz.item_url, parsed.submission(["p_name", "p_notiz"]))
    assert again.status_code == 302
    assert fuzz.stored()["leute"][0] == item
    assert_safe_html(fuzz.client.get("/forms/fuzzform/check").get_data(as_text=True), name + note)


_bad_utf8 = st.lists(
    st.one_of(
        st.binary(max_size=8),  # anything, unencoded
        st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf0\x28\x8c\x28", b"\xc0\xaf"]),
        st.sampled_from([b"%FF", b"%C3%28", b"%ED%A0%80", b"%F4%90%80%80", b"%C0%AF", b"%"]),
        st.sampled_from([quote(s).encode() for s in NASTY]),
    ),
    min_size=1,
    max_size=6,
).map(b"".join)


@settings(FUZZ, max_examples=40)
@given(value=_bad_utf8, target=st.sampled_from(["f_text", "f_longtext", "f_integer", "f_iban"]))
def test_invalid_utf8_in_the_body(fuzz: Fuzz, value: bytes, target: str) -> None:
    """Raw bytes, as no browser sends them: never a 500; what is accepted is what was received."""
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    body = target.encode() + b"=" + value
    received = Request(
        EnvironBuilder(method="POST", data=body, content_type=FORM).get_environ()
    ).form.get(target)
    response = fuzz.post(STEP, body)
    html = response.get_data(as_text=True)
    event(f"status {response.status_code}")
    assert response.status_code in (302, 400, 422), response.status_code
    if response.status_code == 400:
        # the body could not be decoded at all: the CSRF token is missing too
        assert "<h1>" in html and received is None
        return
    assert_safe_html(html, received or "")
    if response.status_code == 302:
        kind = {
            "f_text": "text",
            "f_longtext": "longtext",
            "f_integer": "integer",
            "f_iban": "iban",
        }
        _expect_accepted(kind[target], received, fuzz.stored().get(target))


@pytest.mark.parametrize(
    "path",
    [
        "/forms/%FF",
        "/forms/fuzzform/%FF%FE",
        "/forms/fuzzform/alles%00",
        "/forms/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/forms/fuzzform/leute/99999999999999999999/item",
        "/forms/fuzzform/leute/1/%E2%80%AE",
        "/forms/fuzzform/pdf/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.pdf",
        "/r/%FF%FE%3Cscript%3E",
        "/?lang=%FF%3Cscript%3E",
        "/forms/fuzzform?lang=%00",
    ],
)
def test_hostile_urls_get_friendly_pages(fuzz: Fuzz, path: str) -> None:
    response = fuzz.client.get(path)
    assert response.status_code in (200, 302, 404), (path, response.status_code)
    html = response.get_data(as_text=True)
    if response.status_code != 302:
        assert "<h1>" in html
        assert_safe_html(html, "<script>")


def test_hostile_cookies_are_ignored(fuzz: Fuzz) -> None:
    client = fuzz.app.test_client()
    for value in ("1.x.y", "garbage", "1." + "A" * 4000, "1.\u202e.\U0001f600", "%FF%00", ""):
        client.set_cookie("wz-fuzzform", value)
        response = client.get(STEP)
        assert response.status_code == 404 and 'href="/resume"' in response.get_data(as_text=True)
