"""Expression language, part 3: evaluation — values, null semantics, dates, aggregates.

Most tests run in both modes: typed (compiled against the scope, as the form
loader does) and scope-free (``evaluate(expr, env)``, as tools may do). Both
must give the same answer for well-typed answers.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from typing import Any

import pytest

from wizard.formdef import expressions as ex
from wizard.formdef.expressions import DictEnv, Scope, Symbol

D = dt.date
TODAY = D(2024, 6, 15)
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
        Symbol("familienstand", "code", frozenset({"LD", "VH", "LP", "GS", "VW"})),
        Symbol("geburtsdatum", "date"),
        Symbol("einzugsdatum", "date"),
        Symbol("steuer_id", "text"),
        Symbol("vorname", "text"),
        Symbol("nachname", "text"),
        Symbol("miete", "number"),
        Symbol("einkommen", "number"),
        Symbol("verheiratet", "bool"),
        Symbol("sprachen", "codes", frozenset({"de", "en", "ar", "ti"})),
        Symbol("staatsangehoerigkeit", "code", frozenset({"DE", "AT", "SY", "ER"})),
        Symbol("eu_staaten", "list", element="text"),
        Symbol("grenzen", "list", element="number"),
        Symbol("kaputt", "any"),
        Symbol("kinder", "group", group=KIND),
        Symbol("haushalt", "group", group=HAUSHALT),
    ]
)
ITEM = Scope(KIND, parent=SCOPE, in_item=True)

ANSWERS: dict[str, Any] = {
    "familienstand": "VH",
    "geburtsdatum": D(1990, 6, 15),
    "einzugsdatum": D(2024, 6, 5),
    "vorname": "Amina",
    "nachname": "Yusuf",
    "miete": Decimal("650.50"),
    "einkommen": 2100,
    "verheiratet": True,
    "sprachen": ["ar", "de"],
    "staatsangehoerigkeit": "ER",
    "eu_staaten": ["AT", "DE"],
    "grenzen": [100, 200],
    "kinder": [
        {"vorname": "Sara", "geburtsdatum": D(2010, 3, 1), "einkommen": 0, "schule": "GY"},
        {"vorname": "Yonas", "geburtsdatum": D(2005, 1, 1), "einkommen": Decimal("520.25")},
        {"vorname": "Lia", "geburtsdatum": D(2020, 12, 24), "einkommen": None, "behindert": True},
    ],
    "haushalt": [{"name": "Oma", "einkommen": 800}, {"name": "Onkel", "einkommen": None}],
}


def env(**changes: Any) -> DictEnv:
    answers = dict(ANSWERS)
    answers.update(changes)
    return DictEnv(answers, TODAY)


def typed(source: str, environment: DictEnv | None = None, scope: Scope = SCOPE) -> Any:
    environment = environment if environment is not None else env()
    assert ex.check(source, scope)[1] == [], ex.check(source, scope)[1]
    return ex.evaluate(source, environment, scope)


def both(source: str, environment: DictEnv | None = None, scope: Scope = SCOPE) -> Any:
    """Evaluate typed and scope-free; they must agree."""
    environment = environment if environment is not None else env()
    result = typed(source, environment, scope)
    free = ex.evaluate(source, environment)
    assert free == result and type(free) is type(result), (source, result, free)
    return result


# ---------------------------------------------------------------------------- the examples


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('familienstand in ["VH", "LP"]', True),
        ("age(geburtsdatum) >= 18 and not answered(steuer_id)", True),
        ("count(kinder, age(geburtsdatum) < 18) > 0", True),
        ("sum(haushalt, einkommen) + miete * 12", Decimal("8606.00")),
        ("einzugsdatum > today() - 14", True),
        ('vorname + " " + nachname', "Amina Yusuf"),
        ('if(staatsangehoerigkeit in eu_staaten, "EU", "Drittstaat")', "Drittstaat"),
    ],
)
def test_brief_examples(source: str, expected: object) -> None:
    assert both(source) == expected


# ---------------------------------------------------------------------------- numbers


def test_integers_stay_integers_and_decimals_are_exact() -> None:
    assert both("einkommen * 12") == 25200
    assert type(both("einkommen * 12")) is int
    assert both("miete * 12") == Decimal("7806.00")
    assert both("0.1 + 0.2") == Decimal("0.3")
    assert both("miete - 0.50") == Decimal("650.00")


def test_division_gives_decimal_and_none_by_zero() -> None:
    assert both("einkommen / 4") == Decimal("525")
    assert type(both("6 / 3")) is Decimal
    assert both("1 / 3") == Decimal("0.3333333333333333333333333333333333333333")
    assert both("miete / 0") is None
    assert both("miete % 0") is None
    assert both("miete / (einkommen - 2100)") is None


def test_modulo_follows_the_sign_of_the_divisor() -> None:
    assert both("7 % 3") == 1
    assert both("-7 % 3") == 2
    assert both("7.5 % 2") == Decimal("1.5")
    assert both("-7.5 % 2") == Decimal("0.5")


def test_decimal_results_do_not_depend_on_the_global_context() -> None:
    with decimal.localcontext() as context:
        context.prec = 3
        context.traps[decimal.Inexact] = True
        assert both("miete * 12") == Decimal("7806.00")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("round(2.5)", 3),
        ("round(-2.5)", -3),
        ("round(2.4)", 2),
        ("round(1.005, 2)", Decimal("1.01")),
        ("round(10 / 3, 2)", Decimal("3.33")),
        ("round(5, 2)", Decimal("5.00")),
        ("round(1250, -2)", 1300),
        ("round(miete, 0)", 651),
        ("abs(-3)", 3),
        ("abs(-2.50)", Decimal("2.50")),
    ],
)
def test_rounding_is_commercial(source: str, expected: object) -> None:
    result = both(source)
    assert result == expected and type(result) is type(expected)


def test_numbers_are_bounded() -> None:
    huge = 10**20
    assert both("x * x", DictEnv({"x": huge}), Scope([Symbol("x", "number")])) is None
    assert both("x", DictEnv({"x": 10**30}), Scope([Symbol("x", "number")])) is None
    assert both("999999999999999 * 999999999999999 * 999999999999999") is None
    # 1000 multiplications of a big number stay cheap and end as null
    source = "*".join(["999999999999999"] * 120)
    assert both(source) is None


def test_text_concatenation_is_bounded() -> None:
    scope = Scope([Symbol("t", "text")])
    long_text = "x" * 60_000
    assert both("t + t", DictEnv({"t": long_text}), scope) is None
    assert both("t + t", DictEnv({"t": "ab"}), scope) == "abab"


# ---------------------------------------------------------------------------- text and codes


def test_text_functions() -> None:
    assert both("upper(vorname)") == "AMINA"
    assert both("lower(vorname)") == "amina"
    assert both('trim("  a b ")') == "a b"
    assert both('upper("straße")') == "STRASSE"
    assert both("len(vorname)") == 5
    assert both("len(sprachen)") == 2
    assert both("len([1, 2, 3])") == 3


def test_codes() -> None:
    assert both('"de" in sprachen') is True
    assert both('"en" in sprachen') is False
    assert both('"en" not in sprachen') is True
    assert both('sprachen == ["de", "ar"]') is True  # order does not matter
    assert both('sprachen == ["de"]') is False
    assert both("staatsangehoerigkeit in eu_staaten", env(staatsangehoerigkeit="AT")) is True


def test_equality_never_crosses_types() -> None:
    scope = Scope([Symbol("b", "bool"), Symbol("n", "number")])
    assert both("n == 1", DictEnv({"n": Decimal("1.00")}), scope) is True
    assert ex.evaluate("b == 1", DictEnv({"b": True})) is False  # unchecked: still not equal
    assert ex.evaluate("b in [1]", DictEnv({"b": True})) is False
    assert ex.evaluate('n == "1"', DictEnv({"n": 1})) is False


# ---------------------------------------------------------------------------- null semantics


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("miete + 1", None),
        ("1 - miete", None),
        ("miete * 2", None),
        ("miete / 2", None),
        ("-miete", None),
        ("vorname + nachname", None),
        ("geburtsdatum + 1", None),
        ("miete > 1", False),
        ("miete < 1", False),
        ("miete >= 0", False),
        ("miete <= 0", False),
        ("geburtsdatum < today()", False),
        ("miete == null", True),
        ("miete != null", False),
        ("null == null", True),
        ("miete == 1", False),
        ("miete != 1", True),
        ("not verheiratet", True),
        ("verheiratet and true", False),
        ("verheiratet or true", True),
        ("verheiratet or false", False),
        ('familienstand in ["VH"]', False),
        ('familienstand not in ["VH"]', True),
        ('"de" in sprachen', False),
        ("age(geburtsdatum)", None),
        ("year(geburtsdatum)", None),
        ("days_between(geburtsdatum, today())", None),
        ("len(vorname)", None),
        ("upper(vorname)", None),
        ("round(miete)", None),
        ("abs(miete)", None),
        ("min(miete, 3)", None),
        ("coalesce(miete, 0)", 0),
        ('coalesce(vorname, "?")', "?"),
        ("if(verheiratet, 1, 2)", 2),
        ("answered(vorname)", False),
        ("answered(sprachen)", False),
    ],
)
def test_null_semantics(source: str, expected: object) -> None:
    unanswered = DictEnv({}, TODAY)
    result = both(source, unanswered)
    assert result == expected and type(result) is type(expected)


def test_answered_treats_blank_and_empty_as_unanswered() -> None:
    assert both("answered(vorname)", env(vorname="   ")) is False
    assert both("answered(sprachen)", env(sprachen=[])) is False
    assert both("answered(verheiratet)", env(verheiratet=False)) is True
    assert both("answered(miete)", env(miete=0)) is True
    assert both("answered(kinder)") is True
    assert both("answered(kinder)", env(kinder=[])) is False
    assert both('coalesce(vorname, "x")', env(vorname=" ")) == "x"


# ---------------------------------------------------------------------------- dates


def at(today: D) -> DictEnv:
    return DictEnv(dict(ANSWERS), today)


def test_age_changes_on_the_birthday() -> None:
    born = {"geburtsdatum": D(2006, 6, 15)}
    assert both("age(geburtsdatum)", DictEnv(born, D(2024, 6, 14))) == 17
    assert both("age(geburtsdatum)", DictEnv(born, D(2024, 6, 15))) == 18
    assert both("age(geburtsdatum) >= 18", DictEnv(born, D(2024, 6, 15))) is True


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 2, 28), 0),
        (D(2025, 3, 1), 1),
        (D(2026, 2, 28), 1),
        (D(2027, 3, 1), 3),
        (D(2028, 2, 28), 3),
        (D(2028, 2, 29), 4),
        (D(2042, 2, 28), 17),
        (D(2042, 3, 1), 18),
    ],
)
def test_leap_day_birthday(today: D, expected: int) -> None:
    # Born on 29 February: a year is completed on 1 March in common years.
    assert both("age(geburtsdatum)", DictEnv({"geburtsdatum": D(2024, 2, 29)}, today)) == expected


def test_age_at_and_between() -> None:
    answers = DictEnv({"geburtsdatum": D(2000, 1, 31), "einzugsdatum": D(2018, 1, 30)}, TODAY)
    assert both("age_at(geburtsdatum, einzugsdatum)", answers) == 17
    assert both("years_between(geburtsdatum, einzugsdatum)", answers) == 17
    assert both("years_between(einzugsdatum, geburtsdatum)", answers) == -17
    assert both("days_between(geburtsdatum, einzugsdatum)", answers) == 6574
    assert both("days_between(einzugsdatum, geburtsdatum)", answers) == -6574
    assert both('years_between(date("2024-02-29"), date("2025-02-28"))') == 0


def test_date_arithmetic() -> None:
    assert both("today() - 14") == D(2024, 6, 1)
    assert both("today() + 1") == D(2024, 6, 16)
    assert both("1 + today()") == D(2024, 6, 16)
    assert both('date("2024-02-28") + 1') == D(2024, 2, 29)
    assert both('date("2023-02-28") + 1') == D(2023, 3, 1)
    assert both('date("2024-03-01") - date("2024-02-01")') == 29
    assert both("today() - 1.5") is None  # days must be whole
    assert both("today() + 2.0") == D(2024, 6, 17)
    assert both('date("9999-12-31") + 1') is None  # out of range is null, not an error
    assert both('date("0001-01-01") - 1') is None
    assert both("today() + 99999999") is None


def test_date_parts_and_literals() -> None:
    assert both("year(geburtsdatum)") == 1990
    assert both("month(geburtsdatum)") == 6
    assert both("day(geburtsdatum)") == 15
    assert both('date("2024-01-31")') == D(2024, 1, 31)
    assert both('einzugsdatum > date("2024-01-31")') is True


def test_min_and_max_over_values() -> None:
    assert both("min(3, 1.5, 2)") == Decimal("1.5")
    assert both("max(geburtsdatum, einzugsdatum)") == D(2024, 6, 5)
    assert both("max(miete, einkommen)") == 2100


# ---------------------------------------------------------------------------- aggregates


def test_count_sum_any_all() -> None:
    assert both("count(kinder)") == 3
    assert both("count(kinder, age(geburtsdatum) < 18)") == 2
    assert both("sum(kinder, einkommen)") == Decimal("520.25")
    assert both("sum(haushalt, einkommen)") == 800  # null skipped
    assert both("any(kinder, behindert)") is True
    assert both("all(kinder, behindert)") is False
    assert both('any(kinder, schule == "GY")') is True


def test_min_max_aggregates() -> None:
    assert both("min(kinder, geburtsdatum)") == D(2005, 1, 1)
    assert both("max(kinder, geburtsdatum)") == D(2020, 12, 24)
    assert both("max(kinder, einkommen)") == Decimal("520.25")
    assert both("min(haushalt, einkommen)") == 800


def test_aggregates_over_empty_and_missing_groups() -> None:
    for answers in (env(kinder=[]), env(kinder=None), env(kinder="kaputt"), DictEnv({}, TODAY)):
        assert both("count(kinder)", answers) == 0
        assert both("count(kinder, behindert)", answers) == 0
        assert both("sum(kinder, einkommen)", answers) == 0
        assert both("min(kinder, einkommen)", answers) is None
        assert both("any(kinder, behindert)", answers) is False
        assert both("all(kinder, behindert)", answers) is True


def test_item_conditions_use_outer_names() -> None:
    # Children who moved in as minors: item field geburtsdatum, outer einzugsdatum.
    assert both("count(kinder, age_at(geburtsdatum, einzugsdatum) < 18)") == 2
    # Outer 'nachname' inside the item condition.
    assert both('count(kinder, vorname + " " + nachname == "Sara Yusuf")') == 1
    # Outer 'einkommen' vs the item's own 'einkommen' (shadowing): item wins.
    assert both("count(kinder, einkommen > 100)") == 1


def test_shadowed_item_field_unanswered_is_null_not_the_outer_value() -> None:
    # Lia's 'einkommen' is unanswered (None); the applicant earns 2100. The
    # item's own field wins, also when it is null.
    assert both("count(kinder, einkommen == null)") == 1
    assert both("sum(kinder, einkommen)") == Decimal("520.25")


def test_dict_env_missing_item_key_falls_back_to_the_parent() -> None:
    # DictEnv's documented rule: a key missing from the item dict is looked up
    # in the parent (None in the item means "unanswered here").
    answers = env(kinder=[{"vorname": "Sara"}, {"vorname": "Lia", "einkommen": None}])
    assert both("sum(kinder, einkommen)", answers) == 2100


def test_nested_aggregates_and_index() -> None:
    assert both("count(kinder, count(haushalt, einkommen > 0) > 0)") == 3
    assert both("sum(kinder, index())") == 6
    assert both("count(kinder, index() > 1 and age(geburtsdatum) < 18)") == 1
    first, second, third = env().items("kinder")
    assert both("index()", first, ITEM) == 1
    assert both('vorname + " " + nachname', third, ITEM) == "Lia Yusuf"


def test_item_env_falls_back_to_parent() -> None:
    item = env().items("kinder")[0]
    assert item.get("vorname") == "Sara"
    assert item.get("nachname") == "Yusuf"
    assert item.index == 1 and item.today == TODAY
    assert item.items("haushalt")[0].get("name") == "Oma"


def test_dict_env_reuses_item_envs_until_the_list_changes() -> None:
    answers = dict(ANSWERS)
    answers["kinder"] = list(ANSWERS["kinder"])
    environment = DictEnv(answers, TODAY)
    first = environment.items("kinder")
    assert environment.items("kinder") is first
    answers["kinder"].append({"vorname": "Neu"})
    assert len(environment.items("kinder")) == 4
    answers["kinder"][0] = {"vorname": "Andere"}
    assert environment.items("kinder")[0].get("vorname") == "Andere"


def test_dict_env_skips_broken_items_but_keeps_numbers() -> None:
    environment = DictEnv({"kinder": [{"vorname": "A"}, "kaputt", {"vorname": "C"}]}, TODAY)
    items = environment.items("kinder")
    assert [item.index for item in items] == [1, 3]
    assert both("count(kinder)", environment) == 2


# ---------------------------------------------------------------------------- bad answers


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("miete", "650"),
        ("miete", True),
        ("miete", float("nan")),
        ("miete", Decimal("NaN")),
        ("miete", Decimal("sNaN")),
        ("miete", Decimal("Infinity")),
        ("miete", [1]),
        ("geburtsdatum", "1990-06-15"),
        ("geburtsdatum", 1990),
        ("verheiratet", 1),
        ("verheiratet", "ja"),
        ("vorname", 42),
        ("vorname", b"bytes"),
        ("familienstand", "XX"),
        ("familienstand", ["VH"]),
        ("sprachen", "de"),
        ("kinder", {"vorname": "x"}),
    ],
)
def test_wrong_types_in_answers_read_as_null(name: str, bad: object) -> None:
    broken = env(**{name: bad})
    for source in [
        "miete * 12 > 1000",
        "age(geburtsdatum) >= 18",
        "verheiratet",
        'vorname + " " + nachname',
        'familienstand in ["VH", "LP"]',
        '"de" in sprachen',
        "count(kinder, age(geburtsdatum) < 18)",
        f"answered({name})",
    ]:
        assert ex.check(source, SCOPE)[1] == []
        ex.evaluate(source, broken, SCOPE)  # never raises
        ex.evaluate(source, broken)
    read = ex.evaluate(name if name != "kinder" else "count(kinder)", broken, SCOPE)
    assert read in (None, 0, [])


def test_floats_become_exact_decimals() -> None:
    result = both("miete * 3", env(miete=0.1))
    assert result == Decimal("0.3") and type(result) is Decimal


def test_datetime_reads_as_date_and_subclasses_as_plain_values() -> None:
    class Text(str):
        pass

    class Number(int):
        pass

    answers = env(
        geburtsdatum=dt.datetime(1990, 6, 15, 23, 59), vorname=Text("A"), einkommen=Number(3)
    )
    assert both("age(geburtsdatum)", answers) == 34
    assert type(typed("vorname", answers)) is str
    assert type(typed("einkommen", answers)) is int


def test_codes_answer_keeps_only_valid_codes() -> None:
    assert typed("sprachen", env(sprachen=["de", "xx", 3])) == ["de"]
    assert typed("familienstand", env(familienstand="XX")) is None


def test_any_symbol_reads_as_null() -> None:
    assert typed("kaputt", env(kaputt=5)) is None
    assert typed("kaputt == null", env(kaputt=5)) is True


def test_today_and_index_from_a_broken_env() -> None:
    class Broken:
        today = "2024-01-01"
        index = True

        def get(self, name: str) -> object:
            return None

        def items(self, group: str) -> list[object]:
            return []

    assert ex.evaluate("today()", Broken()) is None  # type: ignore[arg-type]
    assert ex.evaluate("index()", Broken()) is None  # type: ignore[arg-type]


def test_computed_list_symbol() -> None:
    assert both("einkommen in grenzen", env(einkommen=200)) is True
    assert typed("grenzen", env(grenzen=[1, "x", None, 2])) == [1, 2]


def test_returned_lists_are_fresh_copies() -> None:
    compiled = ex.compile_expression('["a", "b"]', SCOPE)
    first = compiled(env())
    first.append("c")  # type: ignore[attr-defined]
    assert compiled(env()) == ["a", "b"]


# ---------------------------------------------------------------------------- compile API


def test_compile_expression_raises_the_first_error_and_caches() -> None:
    with pytest.raises(ex.ExpressionError) as info:
        ex.compile_expression("vorname + 1 > unbekannt", SCOPE)
    assert info.value.message == "cannot add a number to text"
    first = ex.compile_expression("miete > 1", SCOPE)
    assert ex.compile_expression("miete > 1", SCOPE) is first
    assert first.type == ex.BOOL
    assert first(env()) is True
    free = ex.compile_expression("miete > 1")
    assert free.type is None and free(env()) is True


def test_adding_a_symbol_invalidates_cached_compilations() -> None:
    scope = Scope([Symbol("a", "number")])
    before = ex.compile_expression("a + 1", scope)
    scope.add(Symbol("b", "number"))
    after = ex.compile_expression("a + 1", scope)
    assert after is not before
    assert after(DictEnv({"a": 1})) == 2


def test_unchecked_expressions_are_safe_without_a_scope() -> None:
    # Nonsense that the checker would reject still evaluates to a value or null.
    unchecked = [
        "vorname + 1",
        "geburtsdatum + geburtsdatum",
        "age(vorname)",
        "count(miete)",
        "sum(kinder, vorname)",
        "min(kinder, vorname)",
        "max(vorname, 1)",
        "kinder > 1",
        "age()",
        "round(1, 2, 3)",
        'date("31.12.2024")',
        "date(vorname)",
        '"a" < "b"',
        "[[1]] == [[1]]",
        "[sprachen] in [[1]]",
        "index()",
        "if(1, 2, 3)",
        "not miete",
        "unbekannt",
    ]
    for source in unchecked:
        result = ex.evaluate(source, env())
        assert result is None or isinstance(result, (bool, int, Decimal, str, D, list))
