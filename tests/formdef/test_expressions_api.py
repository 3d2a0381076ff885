"""Expression language, part 4: templates, rename and dependencies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from wizard.formdef import expressions as ex
from wizard.formdef.expressions import DictEnv, Scope, Symbol

KIND = Scope(
    [
        Symbol("vorname", "text"),
        Symbol("nachname", "text"),
        Symbol("geburtsdatum", "date"),
        Symbol("einkommen", "number"),
    ]
)
SCOPE = Scope(
    [
        Symbol("vorname", "text"),
        Symbol("nachname", "text"),
        Symbol("miete", "number"),
        Symbol("einzugsdatum", "date"),
        Symbol("familienstand", "code", frozenset({"VH", "LD"})),
        Symbol("kinder", "group", group=KIND),
    ]
)
ITEM = Scope(KIND, parent=SCOPE, in_item=True)
ANSWERS = DictEnv(
    {
        "vorname": "Amina",
        "nachname": "Yusuf",
        "miete": Decimal("650.50"),
        "kinder": [
            {"vorname": "Sara", "nachname": "Yusuf", "geburtsdatum": dt.date(2010, 3, 1)},
            {"vorname": "Lia", "nachname": None},
        ],
    },
    dt.date(2024, 6, 15),
)


# ---------------------------------------------------------------------------- templates


def test_item_label_template() -> None:
    template = ex.parse_template("Kind {index()}: {vorname} {nachname}")
    assert ex.check_template(template, ITEM) == []
    labels = [ex.render_template(template, item, scope=ITEM) for item in ANSWERS.items("kinder")]
    assert labels == ["Kind 1: Sara Yusuf", "Kind 2: Lia "]  # null renders as ''
    free = [ex.render_template(template, item) for item in ANSWERS.items("kinder")]
    assert free == labels


def test_index_shorthand_in_templates() -> None:
    template = ex.parse_template("Kind {index}: {vorname}")
    assert ex.check_template(template, ITEM) == []
    assert [ex.render_template(template, item) for item in ANSWERS.items("kinder")] == [
        "Kind 1: Sara",
        "Kind 2: Lia",
    ]
    error = ex.check_template(template, SCOPE)[0]
    assert (error.message, error.offset) == (
        "index() is only available inside a repeating group item",
        6,
    )
    assert ex.rename_template("{ index } {vorname}", {"index": "x", "vorname": "y"}) == (
        "{ index } {y}"
    )


def test_template_parts_and_escapes() -> None:
    template = ex.parse_template("{{wörtlich}} {vorname}!")
    assert template.parts[0] == "{wörtlich} "
    assert isinstance(template.parts[1], ex.Placeholder)
    assert template.parts[1].offset == 14
    assert template.parts[2] == "!"
    assert ex.render_template(template, ANSWERS) == "{wörtlich} Amina!"
    assert ex.render_template(ex.parse_template("ohne Platzhalter"), ANSWERS) == "ohne Platzhalter"
    assert ex.render_template(ex.parse_template(""), ANSWERS) == ""


def test_template_expression_with_braces_in_strings() -> None:
    template = ex.parse_template('{if(miete > 600, "}teuer{", "ok")}')
    assert ex.render_template(template, ANSWERS, scope=SCOPE) == "}teuer{"


def test_template_formatting_is_the_callers() -> None:
    template = ex.parse_template("Miete {miete} seit {einzugsdatum}, {miete * 12}")
    answers = DictEnv({"miete": Decimal("650.50"), "einzugsdatum": dt.date(2024, 1, 31)})

    def german(value: object) -> str:
        if isinstance(value, dt.date):
            return value.strftime("%d.%m.%Y")
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",") + " €"
        return str(value)

    assert ex.render_template(template, answers, german, scope=SCOPE) == (
        "Miete 650,50 € seit 31.01.2024, 7806,00 €"
    )
    assert ex.render_template(template, DictEnv({}), german, scope=SCOPE) == "Miete  seit , "


def test_default_format() -> None:
    assert ex.plain_format(["a", "b"]) == "a, b"
    assert ex.plain_format(True) == "true"
    assert ex.plain_format(Decimal("1.50")) == "1.50"


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("Kind {index()", "unclosed '{' in the text", 5),
        ("Kind } da", "single '}' in the text", 5),
        ("Kind {} da", "empty placeholder '{}'", 5),
        ("Kind {  } da", "empty placeholder '{}'", 5),
        ("Kind {a {b}}", "'{' inside a placeholder", 8),
        ("Kind {vorname +}", "expected an expression, found the end", 15),
        ("Name: {x.__class__}", "attribute access is not allowed", 8),
        ("{1}{a b}", "unexpected name 'b'", 6),
    ],
)
def test_template_syntax_errors_have_template_offsets(text: str, message: str, offset: int) -> None:
    with pytest.raises(ex.ExpressionError) as info:
        ex.parse_template(text)
    assert (info.value.message, info.value.offset) == (message, offset)


def test_template_type_errors_have_template_offsets() -> None:
    template = ex.parse_template("Kind {index()}: {vornam} {miete + vorname}")
    errors = ex.check_template(template, SCOPE)
    assert [(e.message, e.offset) for e in errors] == [
        ("index() is only available inside a repeating group item", 6),
        ("unknown name 'vornam'", 17),
        ("cannot add text to a number", 32),
    ]
    assert errors[1].hint == "did you mean 'vorname'?"


def test_compiled_template_is_reusable() -> None:
    compiled = ex.compile_template(ex.parse_template("{vorname}/{index()}"), ITEM)
    assert [compiled.render(item) for item in ANSWERS.items("kinder")] == ["Sara/1", "Lia/2"]
    with pytest.raises(ex.ExpressionError):
        ex.compile_template(ex.parse_template("{vornam}"), ITEM)


def test_template_length_limit() -> None:
    with pytest.raises(ex.ExpressionError, match="too long"):
        ex.parse_template("x" * 10_001)


# ---------------------------------------------------------------------------- rename


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("vorname", "p_vorname"),
        ('vorname + " vorname " + nachname', 'p_vorname + " vorname " + p_nachname'),
        ("count(kinder, age(vorname) > 1)", "count(p_kinder, age(p_vorname) > 1)"),
        ("age  (vorname)", "age  (p_vorname)"),  # a function name, even with a space
        ("answered(vorname)", "answered(p_vorname)"),
        ("vornamen + vorname_2", "vornamen + vorname_2"),  # whole tokens only
        ("  vorname   ==  'x'  ", "  p_vorname   ==  'x'  "),  # spacing preserved
        ("not vorname in ['vorname']", "not p_vorname in ['vorname']"),
        ("true and null", "true and null"),
    ],
)
def test_rename(source: str, expected: str) -> None:
    mapping = {"vorname": "p_vorname", "nachname": "p_nachname", "kinder": "p_kinder"}
    assert ex.rename(source, mapping) == expected


def test_rename_does_not_touch_function_names() -> None:
    assert ex.rename("age(age)", {"age": "alter"}) == "age(alter)"
    assert ex.rename("count(count)", {"count": "anzahl"}) == "count(anzahl)"


def test_rename_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="not a valid name"):
        ex.rename("a", {"a": "b c"})
    with pytest.raises(ValueError, match="not a valid name"):
        ex.rename("a", {"a": "and"})
    with pytest.raises(ValueError, match="not a valid name"):
        ex.rename("a", {"a": "__class__"})
    with pytest.raises(ex.ExpressionError):
        ex.rename("a; b", {"a": "b"})


def test_rename_keeps_syntax_errors_for_the_parser() -> None:
    # Token-level: a source that lexes but does not parse is still renamed.
    assert ex.rename("a b (", {"a": "x"}) == "x b ("


def test_rename_template() -> None:
    assert ex.rename_template("{{Kind}} {index()}: {vorname}", {"vorname": "k_vorname"}) == (
        "{{Kind}} {index()}: {k_vorname}"
    )


# ---------------------------------------------------------------------------- dependencies


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("vorname + nachname", {"vorname", "nachname"}),
        ("today() - 14 > einzugsdatum", {"einzugsdatum"}),
        ("answered(miete)", {"miete"}),
        ("count(kinder)", {"kinder"}),
        # 'geburtsdatum' and 'einkommen' are item fields: not outer dependencies
        ("count(kinder, age(geburtsdatum) < 18)", {"kinder"}),
        ("sum(kinder, einkommen) + miete", {"kinder", "miete"}),
        # outer names inside an item argument do count
        ("count(kinder, geburtsdatum < einzugsdatum)", {"kinder", "einzugsdatum"}),
        # 'vorname' is both: inside the aggregate it is the child's
        ("count(kinder, vorname == nachname) > 0 and vorname == 'x'", {"kinder", "vorname"}),
        ("max(miete, 1)", {"miete"}),
        ("1 + 2", set()),
    ],
)
def test_dependencies_with_scope(source: str, expected: set[str]) -> None:
    assert ex.dependencies(source, SCOPE) == expected


def test_dependencies_in_an_item_scope() -> None:
    # In an item scope, both the item's and the outer fields are read.
    assert ex.dependencies("vorname + ' ' + miete", ITEM) == {"vorname", "miete"}
    assert ex.dependencies("index() > 1", ITEM) == frozenset()


def test_dependencies_without_scope_over_approximate() -> None:
    assert ex.dependencies("count(kinder, age(geburtsdatum) < 18) and x") == {
        "kinder",
        "geburtsdatum",
        "x",
    }


def test_dependencies_with_unknown_names() -> None:
    # Computed values not yet in the scope: needed for cycle detection.
    assert ex.dependencies("summe + miete", SCOPE) == {"miete"}
    assert ex.dependencies("summe + miete", SCOPE, unknown_ok=True) == {"summe", "miete"}
    assert ex.dependencies("count(kinder, z > 1)", SCOPE, unknown_ok=True) == {"kinder", "z"}


def test_cycle_detection_use_case() -> None:
    computed = {"a": "b + 1", "b": "c * 2", "c": "a - miete", "d": "miete"}
    graph = {
        name: ex.dependencies(source, SCOPE, unknown_ok=True) & computed.keys()
        for name, source in computed.items()
    }
    assert graph == {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}


def test_text_and_country_for_official_forms() -> None:
    import datetime as dt
    from decimal import Decimal

    from wizard.formdef import expressions as ex

    env = ex.DictEnv(
        {
            "d": dt.date(2024, 1, 5),
            "m": Decimal("1234.5"),
            "c": "SY",
            "l": ["SY", "TR"],
            "b": False,
            "o": "Aleppo",
        }
    )
    assert (
        ex.evaluate('o + ", " + text(d) + ", " + country(c)', env) == "Aleppo, 05.01.2024, Syrien"
    )
    assert ex.evaluate("text(m)", env) == "1.234,50"
    assert ex.evaluate("text(b)", env) == "nein"
    assert ex.evaluate("country(l)", env) == "Syrien, Türkei"
    assert ex.evaluate("o + text(nichts)", env) == "Aleppo"  # text() is never null
    scope = ex.Scope([ex.Symbol("d", "date"), ex.Symbol("n", "number")])
    _type, errors = ex.check("country(d)", scope)
    assert errors and "country code" in errors[0].message
