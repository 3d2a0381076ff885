"""Expression language, part 2: the type checker (every rule, positive and negative)."""

from __future__ import annotations

import pytest

from wizard.formdef import expressions as ex
from wizard.formdef.expressions import Scope, Symbol

FAMILIENSTAND = frozenset({"LD", "VH", "LP", "GS", "VW", "GT", "EA", "NB", "LA", "LV"})
KIND = Scope(
    [
        Symbol("vorname", "text"),
        Symbol("geburtsdatum", "date"),
        Symbol("einkommen", "number"),
        Symbol("schule", "code", frozenset({"GS", "RS", "GY"})),
        Symbol("behindert", "bool"),
    ]
)
HAUSHALT = Scope([Symbol("name", "text"), Symbol("einkommen", "number")])
SCOPE = Scope(
    [
        Symbol("familienstand", "code", FAMILIENSTAND),
        Symbol("geschlecht", "code", frozenset({"m", "w", "d"})),
        Symbol("familienstand_alt", "code", frozenset({"VH", "LD"})),
        Symbol("geburtsdatum", "date"),
        Symbol("einzugsdatum", "date"),
        Symbol("steuer_id", "text"),
        Symbol("vorname", "text"),
        Symbol("nachname", "text"),
        Symbol("miete", "number"),
        Symbol("verheiratet", "bool"),
        Symbol("sprachen", "codes", frozenset({"de", "en", "ar", "ti"})),
        Symbol("staatsangehoerigkeit", "code", frozenset({"DE", "AT", "SY", "ER"})),
        Symbol("eu_staaten", "list", element="text"),
        Symbol("kaputt", "any"),
        Symbol("kinder", "group", group=KIND),
        Symbol("haushalt", "group", group=HAUSHALT),
    ]
)
ITEM = Scope(KIND, parent=SCOPE, in_item=True)


def type_of(source: str, scope: Scope = SCOPE) -> ex.Type:
    result, errors = ex.check(source, scope)
    assert errors == [], [str(e) for e in errors]
    return result


def errors_of(source: str, scope: Scope = SCOPE) -> list[tuple[str, int]]:
    result, errors = ex.check(source, scope)
    assert errors, f"expected errors for {source!r}"
    assert result == ex.UNKNOWN
    return [(e.message, e.offset) for e in errors]


def one_error(source: str, scope: Scope = SCOPE) -> ex.ExpressionError:
    _, errors = ex.check(source, scope)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


# ---------------------------------------------------------------------------- the examples


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ('familienstand in ["VH", "LP"]', "bool"),
        ("age(geburtsdatum) >= 18 and not answered(steuer_id)", "bool"),
        ("count(kinder, age(geburtsdatum) < 18) > 0", "bool"),
        ("sum(haushalt, einkommen) + miete * 12", "number"),
        ("einzugsdatum > today() - 14", "bool"),
        ('vorname + " " + nachname', "text"),
        ('if(staatsangehoerigkeit in eu_staaten, "EU", "Drittstaat")', "text"),
        ('if(staatsangehoerigkeit in ["AT", "DE"], "EU", "Drittstaat")', "text"),
    ],
)
def test_brief_examples_are_well_typed(source: str, kind: str) -> None:
    assert type_of(source).kind == kind


# ---------------------------------------------------------------------------- names


def test_unknown_name_with_did_you_mean() -> None:
    error = one_error("vornam == 'x'")
    assert (error.message, error.offset, error.hint) == (
        "unknown name 'vornam'",
        0,
        "did you mean 'vorname'?",
    )


def test_all_unknown_names_are_reported_at_once() -> None:
    assert errors_of("alter > 1 and groesse > 2 or gewicht") == [
        ("unknown name 'alter'", 0),
        ("unknown name 'groesse'", 14),
        ("unknown name 'gewicht'", 29),
    ]


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        ("True", "write 'true' (lower case)"),
        ("verheiratet == None", "write 'null' (lower case)"),
        ("today > einzugsdatum", "'today' is a function: write today(…)"),
    ],
)
def test_unknown_name_special_hints(source: str, hint: str) -> None:
    assert one_error(source).hint == hint


def test_group_outside_an_aggregate() -> None:
    error = one_error("kinder > 0")
    assert error.message == "'kinder' is a repeating group: use count(kinder) or sum(kinder, …)"
    assert error.offset == 0
    assert one_error("len(kinder)").offset == 4
    assert one_error("count(haushalt) + kinder").offset == 18


def test_any_symbol_is_silently_accepted() -> None:
    # A computed value whose own definition is broken: no follow-up errors.
    assert type_of("kaputt + 1 > 2 and kaputt").kind == "bool"
    assert type_of("age(kaputt)").kind == "number"


# ---------------------------------------------------------------------------- equality


@pytest.mark.parametrize(
    "source",
    [
        "miete == 12",
        "miete != 12.50",
        'vorname == "Anna"',
        "geburtsdatum == einzugsdatum",
        "verheiratet == true",
        "steuer_id == null",
        "null != miete",
        'familienstand == "VH"',
        '"VH" == familienstand',
        "familienstand == familienstand_alt",
        "familienstand == vorname",
        'sprachen == ["de", "en"]',
        "kaputt == 1",
    ],
)
def test_equality_positive(source: str) -> None:
    assert type_of(source) == ex.BOOL


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ("miete == vorname", "cannot compare a number with text", 6),
        ('miete == "12"', "cannot compare a number with text", 6),
        ("geburtsdatum == 2000", "cannot compare a date with a number", 13),
        ("verheiratet == 1", "cannot compare true or false with a number", 12),
        ("familienstand == 1", "cannot compare a choice code with a number", 14),
        ("sprachen == vorname", "cannot compare a list of choice codes with text", 9),
        ('[1] == ["a"]', "cannot compare a list of numbers with a list of texts", 4),
    ],
)
def test_equality_negative(source: str, message: str, offset: int) -> None:
    error = one_error(source)
    assert (error.message, error.offset) == (message, offset)


def test_code_compared_with_a_wrong_literal() -> None:
    error = one_error('familienstand == "XX"')
    assert error.message == (
        "'XX' is not a choice code of 'familienstand' (codes: EA, GS, GT, LA, LD, LP, LV, NB, …)"
    )
    assert error.offset == 17
    assert one_error('"vh" != familienstand').hint == "did you mean 'VH'?"
    assert one_error('"vh" != familienstand').offset == 0


def test_code_number_hint() -> None:
    assert one_error("familienstand == 1").hint == 'codes and text are written in quotes, e.g. "1"'


def test_codes_compared_with_list_checks_every_literal() -> None:
    assert errors_of('sprachen == ["de", "fr", "xx"]') == [
        ("'fr' is not a choice code of 'sprachen' (codes: ar, de, en, ti)", 19),
        ("'xx' is not a choice code of 'sprachen' (codes: ar, de, en, ti)", 25),
    ]


def test_codes_with_disjoint_choices_are_never_equal() -> None:
    error = one_error("familienstand == geschlecht")
    assert error.message == (
        "'familienstand' and 'geschlecht' have no choice codes in common, so they are never equal"
    )


def test_text_and_string_literal_are_fine() -> None:
    assert type_of('vorname == "irgendwas"') == ex.BOOL


# ---------------------------------------------------------------------------- ordering


@pytest.mark.parametrize(
    "source",
    [
        "miete < 1",
        "miete >= 12.5",
        "geburtsdatum < einzugsdatum",
        'einzugsdatum > date("2024-01-31")',
    ],
)
def test_ordering_positive(source: str) -> None:
    assert type_of(source) == ex.BOOL


@pytest.mark.parametrize(
    ("source", "message", "offset", "hint"),
    [
        ("geburtsdatum < 18", "cannot compare a date with a number", 13, None),
        ("18 > geburtsdatum", "cannot compare a number with a date", 3, None),
        (
            'vorname < "M"',
            "cannot compare text with text",
            8,
            "text cannot be ordered; compare with == or in",
        ),
        (
            "miete > null",
            "cannot compare a number with null",
            6,
            "to test for a missing answer use '== null' or answered(x)",
        ),
        (
            'geburtsdatum < "2000-01-01"',
            "cannot compare a date with text",
            13,
            'write a date as date("2000-01-01")',
        ),
        ("verheiratet < true", "cannot compare true or false with true or false", 12, None),
        (
            "familienstand <= geschlecht",
            "cannot compare a choice code with a choice code",
            14,
            "text cannot be ordered; compare with == or in",
        ),
    ],
)
def test_ordering_negative(source: str, message: str, offset: int, hint: str | None) -> None:
    error = one_error(source)
    assert (error.message, error.offset, error.hint) == (message, offset, hint)


# ---------------------------------------------------------------------------- membership


@pytest.mark.parametrize(
    "source",
    [
        'familienstand in ["VH", "LP"]',
        'familienstand not in ["VH"]',
        'vorname in ["Anna", "Ben"]',
        "miete in [100, 200.50]",
        "geburtsdatum in [einzugsdatum]",
        '"de" in sprachen',
        '"de" not in sprachen',
        "familienstand in []",
        "vorname in sprachen",
        "staatsangehoerigkeit in eu_staaten",
        "null in [1, null]",
    ],
)
def test_membership_positive(source: str) -> None:
    assert type_of(source) == ex.BOOL


def test_membership_checks_codes_in_list_literals() -> None:
    assert errors_of('familienstand in ["VH", "XY", "LP", "ZZ"]') == [
        (
            "'XY' is not a choice code of 'familienstand' (codes: EA, GS, GT, LA, LD, LP, LV, NB, …)",
            24,
        ),
        (
            "'ZZ' is not a choice code of 'familienstand' (codes: EA, GS, GT, LA, LD, LP, LV, NB, …)",
            36,
        ),
    ]


def test_membership_checks_string_literal_against_codes_field() -> None:
    error = one_error('"fr" in sprachen')
    assert error.message == "'fr' is not a choice code of 'sprachen' (codes: ar, de, en, ti)"
    assert error.offset == 0


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ('miete in [1, "a"]', "list items must all have the same type: a number and text", 13),
        ('miete in ["1"]', "cannot look for a number in a list of texts", 6),
        ("miete in sprachen", "cannot look for a number in a list of choice codes", 6),
        ('vorname in "Anna Ben"', "'in' needs a list on the right, got text", 11),
        ("miete in 5", "'in' needs a list on the right, got a number", 9),
        (
            'sprachen in ["de"]',
            "the left side of 'in' must be a single value, got a list of choice codes",
            0,
        ),
        ("[1] in [[1]]", "a list cannot contain a list of numbers", 8),
    ],
)
def test_membership_negative(source: str, message: str, offset: int) -> None:
    errors = errors_of(source)
    assert (message, offset) in errors


def test_substring_hint() -> None:
    assert one_error('vorname in "Anna Ben"').hint == (
        "there is no substring test; compare whole values with == or in [...]"
    )


# ---------------------------------------------------------------------------- arithmetic


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("miete + 1", "number"),
        ("miete - 1.5 * 2 / 3 % 4", "number"),
        ("-miete", "number"),
        ('vorname + " " + nachname', "text"),
        ("familienstand + vorname", "text"),
        ("einzugsdatum + 14", "date"),
        ("14 + einzugsdatum", "date"),
        ("einzugsdatum - 14", "date"),
        ("einzugsdatum - geburtsdatum", "number"),
        ("today() - geburtsdatum > 365", "bool"),
    ],
)
def test_arithmetic_positive(source: str, kind: str) -> None:
    assert type_of(source).kind == kind


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ("vorname + 1", "cannot add a number to text", 8),
        ("1 + vorname", "cannot add text to a number", 2),
        ("geburtsdatum + einzugsdatum", "cannot add a date to a date", 13),
        ("14 - einzugsdatum", "cannot subtract a date from a number", 3),
        ("vorname - nachname", "cannot subtract text from text", 8),
        ("miete * vorname", "cannot multiply a number by text", 6),
        ("geburtsdatum / 2", "cannot divide a date by a number", 13),
        ("miete % true", "cannot take the remainder of a number divided by true or false", 6),
        ("verheiratet + 1", "cannot add a number to true or false", 12),
        ("miete + null", "'+' with null always gives null", 6),
        ("-vorname", "cannot negate text", 0),
        ("sprachen + sprachen", "cannot add a list of choice codes to a list of choice codes", 9),
    ],
)
def test_arithmetic_negative(source: str, message: str, offset: int) -> None:
    error = one_error(source)
    assert (error.message, error.offset) == (message, offset)


def test_arithmetic_hints() -> None:
    assert one_error("vorname + 1").hint == "numbers are not turned into text automatically"
    assert one_error("14 - einzugsdatum").hint == "write the date first: date - days"
    assert one_error("miete + null").hint == "use coalesce(x, 0) for a default"


def test_one_error_per_mistake_in_a_chain() -> None:
    # After the first bad '+', the chain is "unknown" and does not cascade.
    assert errors_of("vorname + 1 + 2 + 3 > 4") == [("cannot add a number to text", 8)]


# ---------------------------------------------------------------------------- logic


def test_logic_positive() -> None:
    assert type_of("verheiratet and not verheiratet or miete > 1") == ex.BOOL


@pytest.mark.parametrize(
    ("source", "message", "offset", "hint"),
    [
        (
            "steuer_id and verheiratet",
            "'and' needs true or false on both sides, got text",
            0,
            "to test for an answer write answered(steuer_id)",
        ),
        ("verheiratet or 1", "'or' needs true or false on both sides, got a number", 15, None),
        (
            "not steuer_id",
            "'not' needs true or false, got text",
            0,
            "to test for a missing answer write not answered(steuer_id)",
        ),
        ("verheiratet and null", "'and' needs true or false on both sides, got null", 16, None),
    ],
)
def test_logic_negative(source: str, message: str, offset: int, hint: str | None) -> None:
    error = one_error(source)
    assert (error.message, error.offset, error.hint) == (message, offset, hint)


# ---------------------------------------------------------------------------- functions


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("today()", "date"),
        ('date("2024-02-29")', "date"),
        ("age(geburtsdatum)", "number"),
        ("age_at(geburtsdatum, einzugsdatum)", "number"),
        ("years_between(geburtsdatum, today())", "number"),
        ("days_between(geburtsdatum, today())", "number"),
        ("year(geburtsdatum) + month(geburtsdatum) + day(geburtsdatum)", "number"),
        ("answered(steuer_id)", "bool"),
        ("answered(kinder)", "bool"),
        ("answered(sprachen)", "bool"),
        ("len(vorname)", "number"),
        ("len(sprachen)", "number"),
        ("len([1, 2])", "number"),
        ("round(miete)", "number"),
        ("round(miete / 3, 2)", "number"),
        ("round(miete, -2)", "number"),
        ("abs(miete)", "number"),
        ("upper(vorname) + lower(nachname) + trim(steuer_id)", "text"),
        ("upper(familienstand)", "text"),
        ("coalesce(miete, 0)", "number"),
        ("coalesce(vorname, nachname, null)", "text"),
        ("coalesce(familienstand, vorname)", "text"),
        ("if(verheiratet, 1, 2.5)", "number"),
        ("if(verheiratet, einzugsdatum, null)", "date"),
        ('if(verheiratet, familienstand, "VH")', "code"),
        ('if(verheiratet, familienstand, "unbekannt")', "text"),
        ('coalesce(familienstand, "LD")', "code"),
        ("if(verheiratet, [1], [])", "list"),
        ("min(miete, 100)", "number"),
        ("max(geburtsdatum, einzugsdatum, today())", "date"),
    ],
)
def test_functions_positive(source: str, kind: str) -> None:
    assert type_of(source).kind == kind


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ("today(1)", "today() takes no arguments, got 1", 0),
        ("age()", "age() takes 1 argument, got 0", 0),
        ("age(geburtsdatum, today())", "age() takes 1 argument, got 2", 0),
        ("age_at(geburtsdatum)", "age_at() takes 2 arguments, got 1", 0),
        ("round(1, 2, 3)", "round() takes 1 or 2 arguments, got 3", 0),
        ("coalesce(miete)", "coalesce() takes at least 2 arguments, got 1", 0),
        ("age(miete)", "age() needs a date, got a number", 4),
        ("age_at(geburtsdatum, 2024)", "age_at() needs a date, got a number", 21),
        ("year(vorname)", "year() needs a date, got text", 5),
        ("len(miete)", "len() needs text or a list, got a number", 4),
        ("abs(vorname)", "abs() needs a number, got text", 4),
        ("upper(miete)", "upper() needs text, got a number", 6),
        ("round(vorname)", "round() needs a number, got text", 6),
        ("round(miete, 2.5)", "round() needs a whole number of digits between -15 and 15", 13),
        ("round(miete, 16)", "round() needs a whole number of digits between -15 and 15", 13),
        ("date(vorname)", "date() needs a date written in quotes", 5),
        ('date("2024-02-30")', "'2024-02-30' is not a valid date (YYYY-MM-DD)", 5),
        ('date("31.01.2024")', "'31.01.2024' is not a valid date (YYYY-MM-DD)", 5),
        ('date("20240131")', "'20240131' is not a valid date (YYYY-MM-DD)", 5),
        ("answered(miete + 1)", "answered() needs the name of a field", 9),
        ("answered(unbekannt)", "unknown name 'unbekannt'", 9),
        ("if(miete, 1, 2)", "the condition of if() must be true or false, got a number", 3),
        (
            'if(verheiratet, 1, "a")',
            "both results of if() must have the same type, got a number and text",
            19,
        ),
        (
            "coalesce(miete, vorname)",
            "all arguments of coalesce() must have the same type, got a number and text",
            16,
        ),
        ("min(miete)", "min() needs a repeating group and a value, or at least two values", 0),
        ("max(miete, geburtsdatum)", "max() cannot mix a number and a date", 11),
        ("min(vorname, nachname)", "min() needs numbers or dates, got text", 4),
        ("index()", "index() is only available inside a repeating group item", 0),
    ],
)
def test_functions_negative(source: str, message: str, offset: int) -> None:
    errors = errors_of(source)
    assert (message, offset) in errors


def test_wrong_arity_still_reports_names_inside() -> None:
    assert errors_of("age(a, b)") == [
        ("age() takes 1 argument, got 2", 0),
        ("unknown name 'a'", 4),
        ("unknown name 'b'", 7),
    ]


def test_coalesce_mismatch_still_reports_later_names() -> None:
    assert errors_of("coalesce(miete, vorname, unbekannt)") == [
        ("all arguments of coalesce() must have the same type, got a number and text", 16),
        ("unknown name 'unbekannt'", 25),
    ]


def test_index_inside_an_item() -> None:
    assert type_of("index() > 1", ITEM) == ex.BOOL
    assert type_of("count(kinder, index() > 1)") == ex.NUMBER


# ---------------------------------------------------------------------------- aggregates


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("count(kinder)", "number"),
        ("count(kinder, age(geburtsdatum) < 18)", "number"),
        ('count(kinder, schule == "GY")', "number"),
        ("sum(kinder, einkommen)", "number"),
        ("sum(kinder, einkommen * 12) / count(kinder)", "number"),
        ("min(kinder, geburtsdatum)", "date"),
        ("max(kinder, einkommen)", "number"),
        ("any(kinder, behindert)", "bool"),
        ("all(kinder, answered(vorname))", "bool"),
        # item fields and outer names together (the outer 'nachname', 'miete')
        ("count(kinder, age_at(geburtsdatum, einzugsdatum) < 18 and miete > 0)", "number"),
        ("any(kinder, vorname == nachname)", "bool"),
        # nested aggregates: the inner one sees the outer item
        ("count(kinder, count(haushalt, einkommen > 0) > 0)", "number"),
    ],
)
def test_aggregates_positive(source: str, kind: str) -> None:
    assert type_of(source).kind == kind


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        (
            "count(miete)",
            "count() needs a repeating group as its first argument, but 'miete' is a number",
            6,
        ),
        ("sum(1, 2)", "sum() needs a repeating group as its first argument", 4),
        ("count(kindr)", "unknown name 'kindr'", 6),
        (
            "count(kinder, einkommen)",
            "the condition of count() must be true or false, got a number",
            14,
        ),
        ("sum(kinder, vorname)", "the value of sum() must be a number, got text", 12),
        ("min(kinder, vorname)", "the value of min() must be a number or a date, got text", 12),
        ("any(kinder, 1)", "the condition of any() must be true or false, got a number", 12),
        ("all(kinder)", "all() takes 2 arguments, got 1", 0),
        ("sum(kinder)", "sum() takes 2 arguments, got 1", 0),
        ("count(kinder, 1, 2)", "count() takes 1 or 2 arguments, got 3", 0),
        ("min(kinder, einkommen, 3)", "min() takes 2 arguments, got 3", 0),
        (
            'count(kinder, schule == "XX")',
            "'XX' is not a choice code of 'schule' (codes: GS, GY, RS)",
            24,
        ),
        ("count(kinder, unbekannt)", "unknown name 'unbekannt'", 14),
        (
            "count(kinder, haushalt)",
            "'haushalt' is a repeating group: use count(haushalt) or sum(haushalt, …)",
            14,
        ),
    ],
)
def test_aggregates_negative(source: str, message: str, offset: int) -> None:
    assert (message, offset) in errors_of(source)


def test_aggregate_group_did_you_mean() -> None:
    assert one_error("count(kindr)").hint == "did you mean 'kinder'?"


def test_item_names_are_not_visible_outside_the_aggregate() -> None:
    # 'schule' only exists in the items of 'kinder'.
    error = one_error('count(kinder) > 0 and schule == "GY"')
    assert (error.message, error.offset) == ("unknown name 'schule'", 22)


def test_item_scope_sees_outer_names_and_shadowing() -> None:
    # In an item, 'vorname' is the child's (text); 'miete' comes from the parent.
    assert type_of("vorname + nachname", ITEM) == ex.TEXT
    assert type_of("miete + einkommen", ITEM) == ex.NUMBER
    assert type_of('schule == "RS"', ITEM) == ex.BOOL


# ---------------------------------------------------------------------------- lists


def test_list_literal_types() -> None:
    assert type_of("[1, 2.5]") == ex.list_of(ex.NUMBER)
    assert type_of("[]") == ex.list_of(ex.NULL)
    assert type_of('[null, "a"]') == ex.list_of(ex.TEXT)
    assert type_of("[geburtsdatum, today()]") == ex.list_of(ex.DATE)


def test_errors_are_sorted_and_complete() -> None:
    errors = errors_of('age(vorname) > "x" or familienstand == "QQ" and unbekannt')
    assert [offset for _m, offset in errors] == sorted(offset for _m, offset in errors)
    assert len(errors) == 4


def test_check_accepts_a_string_and_raises_its_syntax_error() -> None:
    assert ex.check("miete > 1", SCOPE)[0] == ex.BOOL
    with pytest.raises(ex.ExpressionError):
        ex.check("miete >", SCOPE)


# ---------------------------------------------------------------------------- types API


def test_type_names() -> None:
    assert ex.type_name(ex.NUMBER) == "a number"
    assert ex.type_name(ex.TEXT) == "text"
    assert ex.type_name(ex.BOOL) == "true or false"
    assert ex.type_name(ex.list_of(ex.DATE)) == "a list of dates"
    assert str(SCOPE["familienstand"].type) == "a choice code"


def test_type_matches() -> None:
    assert ex.type_matches(ex.BOOL, "bool")
    assert ex.type_matches(ex.UNKNOWN, "bool")
    assert ex.type_matches(SCOPE["familienstand"].type, "text")
    assert not ex.type_matches(ex.NUMBER, "bool")
    assert not ex.type_matches(ex.NULL, "date")
    assert ex.type_matches(ex.list_of(ex.TEXT), "codes")


def test_symbol_of_type_round_trips() -> None:
    for source in [
        "miete * 2",
        "vorname",
        "today()",
        "verheiratet",
        "familienstand",
        "sprachen",
        '["AT", "DE"]',
        "[1, 2]",
        "[]",
        "kaputt",
        "null",
    ]:
        result = type_of(source)
        symbol = ex.symbol_of_type("wert", result)
        if result.kind in ("null", "unknown"):
            assert symbol.kind == "any"
        elif result.kind == "list" and result.element == ex.NULL:
            assert (symbol.kind, symbol.element) == ("list", "text")
        else:
            assert symbol.type == result


def test_symbol_validation() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        Symbol("x", "integer")
    with pytest.raises(ValueError, match="item scope"):
        Symbol("x", "group")
    with pytest.raises(ValueError, match="element kind"):
        Symbol("x", "list")


def test_scope_mapping_protocol_and_add() -> None:
    scope = Scope({"a": Symbol("a", "number")})
    child = Scope([Symbol("b", "text")], parent=scope, in_item=True)
    assert "a" in scope and "a" not in child
    assert list(scope) == ["a"] and len(scope) == 1
    assert child.lookup("a") == Symbol("a", "number")
    assert child.resolve("a") == (Symbol("a", "number"), 1)
    assert child.visible_names() == {"a", "b"}
    assert child.inside_item() and not scope.inside_item()
    before = child.generation
    scope.add(Symbol("c", "date"))
    assert child.generation != before
    assert ex.check("c > today()", child)[1] == []
    scope.add(Symbol("c", "number"))  # replaces
    assert scope["c"].kind == "number"
