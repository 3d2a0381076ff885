"""The question renderer (wizard/web/fieldhtml.py): markup, references and escaping.

Labels, hints and errors must stay tied to their inputs (``for``, ids,
``aria-describedby``) for screen readers, and every value must be escaped,
whatever a form author, a translator or a user typed.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from wizard.web.fieldhtml import FieldText, render_field, render_fields
from wizard.web.render import FieldView, Option

TEXT = FieldText.build(lambda message: message)
NASTY = '<script>alert("x")</script> & \'q\' " onfocus="x'
ATTRIBUTES = {
    "class",
    "id",
    "for",
    "name",
    "type",
    "value",
    "hidden",
    "checked",
    "selected",
    "lang",
    "dir",
    "role",
    "rows",
    "maxlength",
    "inputmode",
    "autocomplete",
    "spellcheck",
    "autocapitalize",
    "aria-describedby",
    "aria-invalid",
    "aria-hidden",
    "data-reveal",
    "data-field",
    "data-listen",
}


class _Elements(HTMLParser):
    """Start tags with their attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


def view(kind: str, **changes: object) -> FieldView:
    values: dict[str, object] = {
        "id": "q1",
        "type": kind,
        "label": "Label",
        "official": None,
        "hint": None,
        "why": None,
        "required": True,
    }
    values.update(changes)
    return FieldView(**values)  # type: ignore[arg-type]


def options(*codes: str, checked: str | None = None) -> list[Option]:
    return [Option(code, f"Label {code}", checked=code == checked) for code in codes]


ALL_KINDS = [
    view("text", max_length=200),
    view("email", input_type="email", autocomplete="email"),
    view("phone", input_type="tel", autocomplete="tel"),
    view("postcode", inputmode="numeric"),
    view("iban"),
    view("steuer_id", inputmode="numeric"),
    view("integer", inputmode="numeric", unit="Personen"),
    view("money", inputmode="decimal"),
    view("longtext", max_length=2000),
    view("date"),
    view("yesno", options=options("yes", "no")),
    view("choice", options=options("A", "B")),
    view("choice", widget="select", options=options("A", "B")),
    view("multichoice", widget="checkbox", options=options("A", "B")),
    view("country", widget="select", options=options("SY", "TR")),
    view("info", text="Read this."),
]


@pytest.mark.parametrize("f", ALL_KINDS, ids=lambda f: f"{f.type}-{f.widget}")
def test_every_reference_points_at_an_element_of_the_question(f: FieldView) -> None:
    f.hint = "A hint"
    f.error = "An error"
    f.latin_note = True
    f.why = "Because"
    html = render_field(f, None, False, TEXT, show_official=False)
    tags = elements(html)
    ids = [attrs["id"] for _tag, attrs in tags if attrs.get("id")]
    assert len(ids) == len(set(ids)), "ids must be unique"
    for tag, attrs in tags:
        if tag == "label":
            assert attrs["for"] in ids
        for ref in (attrs.get("aria-describedby") or "").split():
            assert ref in ids
    assert tags[0] == (
        "div",
        {"class": "field field-error", "id": "q-q1", "data-field": "q1"},
    )
    if f.type != "info":
        assert f.anchor in ids, "the error summary links to the first input"
        assert "An error" in html and "A hint" in html


def test_text_input_attributes() -> None:
    f = view("iban", value="DE89 3704", autocomplete="off", max_length=34)
    tags = dict(elements(render_field(f, None, False, TEXT, show_official=False)))
    assert tags["input"] == {
        "class": "input",
        "id": "f-q1",
        "name": "q1",
        "type": "text",
        "autocomplete": "off",
        "spellcheck": "false",
        "dir": "ltr",
        "autocapitalize": "characters",
        "maxlength": "34",
        "value": "DE89 3704",
    }


def test_money_and_units() -> None:
    money = render_field(view("money", inputmode="decimal"), None, False, TEXT, show_official=False)
    assert '<span class="prefix" aria-hidden="true">€</span>' in money
    assert 'class="input w10"' in money
    count = render_field(
        view("integer", unit="Kinder", value=0), None, False, TEXT, show_official=False
    )
    assert '<span class="suffix">Kinder</span>' in count
    assert 'value="0"' in count and 'class="input w5"' in count


def test_optional_questions_say_so() -> None:
    html = render_field(view("text", required=False), None, False, TEXT, show_official=False)
    assert (
        '<label class="label" for="f-q1">Label <span class="optional">(optional)</span></label>'
        in html
    )


def test_error_marks_inputs_invalid_and_describes_them() -> None:
    html = render_field(
        view("date", error="Wrong", hint="H"), None, False, TEXT, show_official=False
    )
    inputs = [attrs for tag, attrs in elements(html) if tag == "input"]
    assert [i["id"] for i in inputs] == ["f-q1-day", "f-q1-month", "f-q1-year"]
    assert all(i["aria-invalid"] == "true" for i in inputs)
    assert 'aria-describedby="h-q1 e-q1"' in html
    assert '<span class="visually-hidden">Error:</span> Wrong</p>' in html


def test_date_values_and_birthday_autocomplete() -> None:
    f = view("date", autocomplete="bday", value={"day": "2", "month": "3", "year": "1990"})
    inputs = [
        a
        for t, a in elements(render_field(f, None, False, TEXT, show_official=False))
        if t == "input"
    ]
    assert [(i["value"], i["autocomplete"], i["maxlength"]) for i in inputs] == [
        ("2", "bday-day", "2"),
        ("3", "bday-month", "2"),
        ("1990", "bday-year", "4"),
    ]


def test_choices_keep_the_answer() -> None:
    radios = render_field(
        view("choice", options=options("A", "B", checked="B")),
        None,
        False,
        TEXT,
        show_official=False,
    )
    checked = [a["value"] for t, a in elements(radios) if t == "input" and "checked" in a]
    assert checked == ["B"]
    select = render_field(
        view("choice", widget="select", options=options("A", "B", checked="A")),
        None,
        False,
        TEXT,
        show_official=False,
    )
    selected = [a["value"] for t, a in elements(select) if t == "option" and "selected" in a]
    assert selected == ["A"]


def test_several_nationalities() -> None:
    f = view(
        "country",
        widget="select",
        options=options("SY", "TR", "UA"),
        value=["TR", "UA"],
        country_slots=3,
        can_add_country=True,
    )
    html = render_field(f, None, False, TEXT, show_official=False)
    tags = elements(html)
    selects = [a["id"] for t, a in tags if t == "select"]
    assert selects == ["f-q1-0", "f-q1-1", "f-q1-2"]
    selected = [a["value"] for t, a in tags if t == "option" and "selected" in a]
    assert selected == ["TR", "UA"]
    assert 'name="add_country" value="q1"' in html


def test_official_wording_when_asked() -> None:
    f = view(
        "choice",
        official="Amtlich",
        options=[Option("A", "Translated", official="Amtlich A"), Option("B", "B", official="B")],
    )
    shown = render_field(f, None, False, TEXT, show_official=True)
    assert '<span class="official-tag">Official German wording:</span> Amtlich</p>' in shown
    assert '<span class="official-inline" lang="de" dir="ltr">(Amtlich A)</span>' in shown
    assert shown.count("official-inline") == 1, "no repeat when the wording is the same"
    hidden = render_field(f, None, False, TEXT, show_official=False)
    assert "Amtlich" not in hidden


def test_conditional_questions_carry_their_reveal_rule() -> None:
    html = render_field(view("text"), 'kind=A|"B"', True, TEXT, show_official=False)
    assert html.startswith(
        '<div class="field" id="q-q1" data-reveal="kind=A|&#34;B&#34;" hidden data-field="q1">'
    )


@pytest.mark.parametrize("f", ALL_KINDS, ids=lambda f: f"{f.type}-{f.widget}")
def test_everything_is_escaped(f: FieldView) -> None:
    f.label = f.hint = f.why = f.error = f.unit = NASTY
    f.official = NASTY
    f.text = NASTY
    if f.type == "date":
        f.value = {"day": NASTY}
    elif f.type in ("yesno", "choice", "multichoice", "country"):
        f.options = [Option(NASTY, NASTY, hint=NASTY, official=NASTY + "!", checked=True)]
        f.value = [NASTY]
    else:
        f.value = NASTY
    html = render_field(f, NASTY, False, TEXT, show_official=True)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    # nothing breaks out of an attribute value: only attributes the renderer writes
    names = {name for _tag, attrs in elements(html) for name in attrs}
    assert names <= ATTRIBUTES


def test_interface_strings_are_escaped_too() -> None:
    text = FieldText.build(lambda message: "<b>" + message)
    html = render_field(
        view("text", required=False, why="w"), None, False, text, show_official=False
    )
    assert "<b>" not in html
    assert "(&lt;b&gt;optional)" in html


def test_textarea_keeps_the_text_exactly() -> None:
    html = render_field(
        view("longtext", value="line 1\n  <line 2>"), None, False, TEXT, show_official=False
    )
    assert ">line 1\n  &lt;line 2&gt;</textarea>" in html


def test_render_fields_joins_questions_in_order() -> None:
    page = render_fields(
        [(view("text", id="a"), None, False), (view("text", id="b"), "a=yes", True)],
        TEXT,
        show_official=False,
    )
    assert [a["id"] for t, a in elements(page) if t == "div" and "data-field" in a] == [
        "q-a",
        "q-b",
    ]
    assert page.__html__() == str(page)
