"""Expression language, part 5: property-based tests.

* Arbitrary text never makes parse/check/evaluate raise anything but
  ExpressionError (and check/evaluate never raise at all).
* Randomly generated well-typed expressions check without errors, evaluate
  without exceptions for any answers (None, wrong types, extreme values) and
  give a value of their checked type or None.
* For well-typed answers, typed and scope-free evaluation agree.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.formdef import expressions as ex
from wizard.formdef.expressions import DictEnv, Scope, Symbol

CODES = frozenset({"A", "B", "C"})
LANGS = frozenset({"de", "en", "ar"})
FIELDS: dict[str, list[str]] = {
    "number": ["n1", "n2"],
    "text": ["t1", "t2"],
    "date": ["d1", "d2"],
    "bool": ["b1"],
    "code": ["c1"],
    "codes": ["cs"],
}
ITEM_FIELDS: dict[str, list[str]] = {
    "number": ["gn"],
    "text": ["gt"],
    "date": ["gd"],
    "bool": ["gb"],
}
GROUP = Scope([Symbol(name, kind) for kind, names in ITEM_FIELDS.items() for name in names])


def _symbol(name: str, kind: str) -> Symbol:
    if kind == "code":
        return Symbol(name, kind, CODES)
    if kind == "codes":
        return Symbol(name, kind, LANGS)
    return Symbol(name, kind)


SCOPE = Scope(
    [_symbol(name, kind) for kind, names in FIELDS.items() for name in names]
    + [Symbol("g", "group", group=GROUP)]
)
ITEM_SCOPE = Scope(GROUP, parent=SCOPE, in_item=True)
TODAY = dt.date(2024, 6, 15)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------------------- random text

TOKENS = [
    "n1",
    "t1",
    "d1",
    "b1",
    "c1",
    "cs",
    "g",
    "gn",
    "x",
    "_x",
    "__class__",
    "and",
    "or",
    "not",
    "in",
    "true",
    "false",
    "null",
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    "+",
    "-",
    "*",
    "/",
    "%",
    "**",
    "^",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "=",
    ";",
    ":",
    "lambda",
    "1",
    "12.50",
    "0",
    '"A"',
    "'de'",
    '"',
    "'",
    "\\",
    "age(",
    "count(",
    "sum(",
    "if(",
    "min(",
    "date(",
    '"2024-02-29"',
    "today()",
    "index()",
    "answered(",
    "coalesce(",
    "round(",
    "9999999999999999",
    "{",
    "}",
    "ä",
    "\u00a0",
    "\n",
]


def _check_never_raises(source: str) -> None:
    try:
        expr = ex.parse(source)
    except ex.ExpressionError as error:
        assert 0 <= error.offset <= max(len(source), ex.MAX_SOURCE_LENGTH)
        assert error.message
        return
    for scope in (SCOPE, ITEM_SCOPE):
        result_type, errors = ex.check(expr, scope)
        for error in errors:
            assert 0 <= error.offset <= len(source)
        if not errors:
            ex.evaluate(expr, DictEnv({}, TODAY), scope)
        ex.dependencies(expr, scope)
        ex.dependencies(expr, scope, unknown_ok=True)
    ex.evaluate(expr, DictEnv({}, TODAY))
    ex.rename(source, {"n1": "m1", "g": "h"})


@SETTINGS
@given(st.text(max_size=80))
def test_arbitrary_text_only_raises_expression_error(source: str) -> None:
    _check_never_raises(source)


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map(" ".join))
def test_token_soup_only_raises_expression_error(source: str) -> None:
    _check_never_raises(source)


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_glued_token_soup_only_raises_expression_error(source: str) -> None:
    _check_never_raises(source)


@SETTINGS
@given(st.text(max_size=60))
def test_arbitrary_templates_only_raise_expression_error(text: str) -> None:
    try:
        template = ex.parse_template(text)
    except ex.ExpressionError:
        return
    errors = ex.check_template(template, SCOPE)
    if not errors:
        ex.render_template(template, DictEnv({}, TODAY), scope=SCOPE)
    ex.render_template(template, DictEnv({}, TODAY))


# ---------------------------------------------------------------------------- well-typed expressions


def _fmt(template: str, *parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map(lambda values: template.format(*values))


def _fields(kind: str, item: bool) -> list[str]:
    names = list(FIELDS.get(kind, []))
    if item:
        names += ITEM_FIELDS.get(kind, [])
    return names


_numbers = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False).map(str),
)
_strings = st.text(alphabet="abc AB\"'\\", max_size=4).map(
    lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
)
_dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(lambda d: f'date("{d}")')


@functools.cache
def typed_exprs(kind: str, depth: int, item: bool = False) -> st.SearchStrategy[str]:
    """Source of a well-typed expression of ``kind`` (inside a g-item when ``item``)."""
    names = _fields(kind, item)
    leaves: list[st.SearchStrategy[str]] = [st.sampled_from(names)] if names else []
    if kind == "number":
        leaves += [_numbers, st.just("count(g)")]
        if item:
            leaves.append(st.just("index()"))
    elif kind == "text":
        leaves.append(_strings)
    elif kind == "date":
        leaves += [st.just("today()"), _dates]
    elif kind == "bool":
        leaves += [st.sampled_from(["true", "false"])]
        leaves.append(st.sampled_from([f"answered({n})" for k in FIELDS for n in FIELDS[k]]))
    elif kind == "code":
        leaves.append(st.just('if(true, c1, "A")'))
    if depth == 0:
        return st.one_of(*leaves)

    def sub(k: str, inner: bool = item) -> st.SearchStrategy[str]:
        return typed_exprs(k, depth - 1, inner)

    n, t, d, b = sub("number"), sub("text"), sub("date"), sub("bool")
    compound: list[st.SearchStrategy[str]] = []
    if kind == "number":
        compound += [
            _fmt("({} {} {})", n, st.sampled_from(["+", "-", "*", "/", "%"]), n),
            _fmt("-{}", n),
            _fmt("({} - {})", d, d),
            _fmt("{}({})", st.sampled_from(["age", "year", "month", "day"]), d),
            _fmt("{}({}, {})", st.sampled_from(["age_at", "years_between", "days_between"]), d, d),
            _fmt("len({})", st.one_of(t, st.just("cs"))),
            _fmt("round({})", n),
            _fmt("round({}, {})", n, st.integers(-3, 4).map(str)),
            _fmt("abs({})", n),
            _fmt("{}({}, {})", st.sampled_from(["min", "max"]), n, n),
            _fmt("count(g, {})", sub("bool", True)),
            _fmt("{}(g, {})", st.sampled_from(["sum", "min", "max"]), sub("number", True)),
            _fmt("if({}, {}, {})", b, n, n),
            _fmt("coalesce({}, {})", n, n),
        ]
    elif kind == "text":
        compound += [
            _fmt("({} + {})", t, t),
            _fmt("{}({})", st.sampled_from(["upper", "lower", "trim"]), t),
            _fmt("if({}, {}, {})", b, t, t),
            _fmt("coalesce({}, {})", t, t),
            _fmt("({} + {})", sub("code"), t),
        ]
    elif kind == "date":
        compound += [
            _fmt("({} + {})", d, n),
            _fmt("({} - {})", d, n),
            _fmt("({} + {})", n, d),
            _fmt("{}({}, {})", st.sampled_from(["min", "max"]), d, d),
            _fmt("{}(g, {})", st.sampled_from(["min", "max"]), sub("date", True)),
            _fmt("if({}, {}, {})", b, d, d),
        ]
    elif kind == "bool":
        compare = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
        compound += [
            _fmt("({} and {})", b, b),
            _fmt("({} or {})", b, b),
            _fmt("(not {})", b),
            _fmt("({} {} {})", n, compare, n),
            _fmt("({} {} {})", d, compare, d),
            _fmt("({} {} {})", t, st.sampled_from(["==", "!="]), t),
            _fmt("({} == null)", st.one_of(n, t, d)),
            _fmt(
                "({} {} {})",
                sub("code"),
                st.sampled_from(["in", "not in"]),
                st.lists(st.sampled_from(sorted(CODES)), max_size=3).map(
                    lambda codes: "[" + ", ".join(f'"{c}"' for c in codes) + "]"
                ),
            ),
            _fmt("({} in [{}, {}])", n, n, n),
            _fmt('("{}" in cs)', st.sampled_from(sorted(LANGS))),
            _fmt("{}(g, {})", st.sampled_from(["any", "all"]), sub("bool", True)),
            _fmt("if({}, {}, {})", b, b, b),
        ]
    elif kind == "code":
        compound.append(_fmt("if({}, {}, {})", b, sub("code"), sub("code")))
    return st.one_of(*leaves, *compound)


def _answer(kind: str, well_typed: bool) -> st.SearchStrategy[Any]:
    proper: dict[str, st.SearchStrategy[Any]] = {
        "number": st.one_of(
            st.integers(-(10**6), 10**6),
            st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False),
        ),
        "text": st.text(max_size=6),
        "date": st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
        "bool": st.booleans(),
        "code": st.sampled_from(sorted(CODES)),
        "codes": st.lists(st.sampled_from(sorted(LANGS)), unique=True, max_size=3),
    }
    if well_typed:
        return st.one_of(st.none(), proper[kind])
    anything = st.one_of(
        st.none(),
        st.integers(),
        st.decimals(),  # NaN, sNaN, infinities included
        st.floats(),
        st.text(max_size=4),
        st.dates(),
        st.datetimes(),
        st.booleans(),
        st.lists(st.one_of(st.text(max_size=2), st.integers()), max_size=3),
        st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
        *proper.values(),
    )
    return st.one_of(proper[kind], anything)


def answers(well_typed: bool) -> st.SearchStrategy[dict[str, Any]]:
    outer = {name: _answer(kind, well_typed) for kind, names in FIELDS.items() for name in names}
    item = st.fixed_dictionaries(
        {name: _answer(kind, well_typed) for kind, names in ITEM_FIELDS.items() for name in names}
    )
    group = st.lists(item, max_size=4)
    if not well_typed:
        group = st.one_of(group, _answer("text", False))
    return st.fixed_dictionaries({**outer, "g": group})


def _has_type(value: object, t: ex.Type) -> bool:
    if value is None:
        return True
    kind = t.kind
    if kind == "number":
        return type(value) in (int, Decimal)
    if kind == "text":
        return type(value) is str
    if kind == "date":
        return type(value) is dt.date
    if kind == "bool":
        return type(value) is bool
    if kind == "code":
        return type(value) is str and (t.choices is None or value in t.choices)
    if kind == "codes":
        return type(value) is list and all(
            type(v) is str and (t.choices is None or v in t.choices) for v in value
        )
    return kind == "list" and type(value) is list


KINDS = ["number", "text", "date", "bool", "code"]
WELL_TYPED = st.sampled_from(KINDS).flatmap(
    lambda kind: st.tuples(st.just(kind), typed_exprs(kind, 3))
)


@SETTINGS
@given(WELL_TYPED, answers(well_typed=False), st.dates())
def test_well_typed_expressions_evaluate_to_their_type(
    case: tuple[str, str], values: dict[str, Any], today: dt.date
) -> None:
    kind, source = case
    result_type, errors = ex.check(source, SCOPE)
    assert errors == [], (source, [str(e) for e in errors])
    assert result_type.kind == kind or (kind == "code" and result_type.kind == "text"), source
    env = DictEnv(values, today)
    value = ex.evaluate(source, env, SCOPE)
    assert _has_type(value, result_type), (source, value)
    ex.evaluate(source, env)  # scope-free: must not raise either


@SETTINGS
@given(WELL_TYPED, answers(well_typed=True))
def test_typed_and_scope_free_evaluation_agree(
    case: tuple[str, str], values: dict[str, Any]
) -> None:
    _kind, source = case
    env = DictEnv(values, TODAY)
    typed_value = ex.evaluate(source, env, SCOPE)
    free_value = ex.evaluate(source, env)
    assert free_value == typed_value and type(free_value) is type(typed_value), source


@SETTINGS
@given(
    st.sampled_from(KINDS).flatmap(lambda kind: typed_exprs(kind, 2, True)),
    answers(well_typed=False),
)
def test_item_scoped_expressions(source: str, values: dict[str, Any]) -> None:
    result_type, errors = ex.check(source, ITEM_SCOPE)
    assert errors == [], (source, [str(e) for e in errors])
    parent = DictEnv(values, TODAY)
    for item in parent.items("g"):
        assert _has_type(ex.evaluate(source, item, ITEM_SCOPE), result_type)


@SETTINGS
@given(
    WELL_TYPED,
    st.dictionaries(
        st.sampled_from(["n1", "t1", "d1", "g", "gn", "zz"]),
        st.sampled_from(["p_n1", "q", "renamed_2"]),
        max_size=3,
    ),
)
def test_rename_preserves_structure(case: tuple[str, str], mapping: dict[str, str]) -> None:
    _kind, source = case
    renamed = ex.rename(source, mapping)
    assert ex.rename(renamed, {}) == renamed
    before = ex.dependencies(source)
    after = ex.dependencies(renamed)
    assert after == {mapping.get(name, name) for name in before}
