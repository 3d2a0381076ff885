"""Closures for calls of the built-in functions, aggregates included.

A call with the wrong number of arguments can only reach this module in
scope-free mode (the checker rejects it otherwise); it evaluates as null.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import expr_runtime as rt
from . import expr_values as vals
from .expr_ast import Call, Name
from .expr_compile import Fn, constant
from .expr_types import Scope
from .expr_values import Date

if TYPE_CHECKING:
    from .expr_compile import _Compiler

Builder = Callable[["_Compiler", Call, "Scope | None", int], Fn]


def compile_call(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    """The closure of a call of a built-in function."""
    arity, build = _BUILDERS[node.name]
    low, high = arity
    if len(node.args) < low or (high is not None and len(node.args) > high):
        return constant(None)
    return build(compiler, node, scope, level)


def _args(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> list[Fn]:
    return [compiler.node(arg, scope, level) for arg in node.args]


def _unary(function: Callable[[object], object]) -> Builder:
    def build(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
        (arg,) = _args(compiler, node, scope, level)
        return lambda env, outer: function(arg(env, outer))

    return build


def _binary(function: Callable[[object, object], object]) -> Builder:
    def build(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
        first, second = _args(compiler, node, scope, level)
        return lambda env, outer: function(first(env, outer), second(env, outer))

    return build


# ---------------------------------------------------------------------------- plain functions


def _today(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    today_of = rt.today_of
    return lambda env, outer: today_of(env)


def _index(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    index_of = rt.index_of
    return lambda env, outer: index_of(env)


def _date(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    # A literal argument is folded by the compiler; this is the unchecked case.
    (arg,) = _args(compiler, node, scope, level)
    parse = vals.parse_iso_date
    return lambda env, outer: parse(text) if type(text := arg(env, outer)) is str else None


def _age(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    (born,) = _args(compiler, node, scope, level)
    years, today_of = rt.years_between, rt.today_of
    return lambda env, outer: years(born(env, outer), today_of(env))


def _answered(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    arg = node.args[0]
    present = vals.present
    if not isinstance(arg, Name):
        value = compiler.node(arg, scope, level)
        return lambda env, outer: present(value(env, outer))
    read, kind = compiler.reader(arg.name, scope, level)
    items = compiler.group(arg.name, scope, level)
    if kind == "group":
        return lambda env, outer: len(items(env, outer)) > 0
    if kind is not None:
        return lambda env, outer: present(read(env, outer))
    # Scope-free: the name may be a field or a group.
    return lambda env, outer: present(read(env, outer)) or len(items(env, outer)) > 0


def _join_texts(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    separator, *parts = _args(compiler, node, scope, level)
    join = rt.join_texts
    return lambda env, outer: join(separator(env, outer), [part(env, outer) for part in parts])


def _round(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    args = _args(compiler, node, scope, level)
    round_number = rt.round_number
    if len(args) == 1:
        (value,) = args
        return lambda env, outer: round_number(value(env, outer))
    value, digits = args
    return lambda env, outer: round_number(value(env, outer), digits(env, outer))


def _if(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    condition, then, other = _args(compiler, node, scope, level)
    return lambda env, outer: (
        then(env, outer) if condition(env, outer) is True else other(env, outer)
    )


def _coalesce(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    args = _args(compiler, node, scope, level)
    present = vals.present

    def first_present(env: Any, outer: tuple[Any, ...]) -> object:
        for arg in args:
            value = arg(env, outer)
            if present(value):
                return value
        return None

    return first_present


def _variadic(pick: Callable[[list[Any]], Any]) -> Callable[[list[object]], object]:
    """min/max over values: null if any is null or they are not all numbers or all dates."""

    def apply(values: list[object]) -> object:
        kinds = {type(value) for value in values}
        if kinds <= {int, Decimal} or kinds == {Date}:
            return pick(values)
        return None

    return apply


# ---------------------------------------------------------------------------- aggregates


def _group_items(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn | None:
    """The item environments of the group named by the first argument (None: no name)."""
    first = node.args[0]
    if not isinstance(first, Name):
        return None
    return compiler.group(first.name, scope, level)


def _per_item(
    compiler: _Compiler, node: Call, scope: Scope | None, level: int
) -> tuple[Fn, Fn] | None:
    """(items of the group, closure of the second argument evaluated per item), or None."""
    items = _group_items(compiler, node, scope, level)
    item_scope = compiler.item_scope(node, scope)
    if items is None or (scope is not None and item_scope is None):
        return None
    return items, compiler.node(node.args[1], item_scope, level + 1)


def _count(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    if len(node.args) == 1:
        items = _group_items(compiler, node, scope, level)
        if items is None:
            return constant(None)
        counted = items
        return lambda env, outer: len(counted(env, outer))
    parts = _per_item(compiler, node, scope, level)
    if parts is None:
        return constant(None)
    each, condition = parts

    def count(env: Any, outer: tuple[Any, ...]) -> int:
        inner = (env, *outer)
        return sum(1 for item in each(env, outer) if condition(item, inner) is True)

    return count


def _sum(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    parts = _per_item(compiler, node, scope, level)
    if parts is None:
        return constant(None)
    items, value_of = parts
    sum_numbers = rt.sum_numbers

    def total(env: Any, outer: tuple[Any, ...]) -> object:
        inner = (env, *outer)
        # Nulls (and, unchecked, non-numbers) are skipped.
        return sum_numbers(value_of(item, inner) for item in items(env, outer))

    return total


def _any_all(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    parts = _per_item(compiler, node, scope, level)
    if parts is None:
        return constant(None)
    items, condition = parts
    if node.name == "any":

        def some(env: Any, outer: tuple[Any, ...]) -> bool:
            inner = (env, *outer)
            return any(condition(item, inner) is True for item in items(env, outer))

        return some

    def every(env: Any, outer: tuple[Any, ...]) -> bool:
        inner = (env, *outer)
        return all(condition(item, inner) is True for item in items(env, outer))

    return every


def _min_max(compiler: _Compiler, node: Call, scope: Scope | None, level: int) -> Fn:
    pick = min if node.name == "min" else max
    variadic = _variadic(pick)
    if scope is not None:
        if compiler.item_scope(node, scope) is not None:
            return _extreme(compiler, node, scope, level, pick)
        args = _args(compiler, node, scope, level)
        return lambda env, outer: variadic([arg(env, outer) for arg in args])
    # Scope-free: an aggregate when the first argument names a group with items.
    args = _args(compiler, node, scope, level)
    if len(args) != 2 or not isinstance(node.args[0], Name):
        return lambda env, outer: variadic([arg(env, outer) for arg in args])
    extreme = _extreme(compiler, node, scope, level, pick)
    items = compiler.group(node.args[0].name, scope, level)

    def either(env: Any, outer: tuple[Any, ...]) -> object:
        if len(items(env, outer)) > 0:
            return extreme(env, outer)
        return variadic([arg(env, outer) for arg in args])

    return either


def _extreme(
    compiler: _Compiler,
    node: Call,
    scope: Scope | None,
    level: int,
    pick: Callable[[list[Any]], Any],
) -> Fn:
    parts = _per_item(compiler, node, scope, level)
    if parts is None:
        return constant(None)
    items, value_of = parts

    def extreme(env: Any, outer: tuple[Any, ...]) -> object:
        inner = (env, *outer)
        numbers: list[object] = []
        dates: list[object] = []
        for item in items(env, outer):
            value = value_of(item, inner)
            kind = type(value)
            if kind is int or kind is Decimal:
                numbers.append(value)
            elif kind is Date:
                dates.append(value)
        # Skipping nulls; a (checked) expression never mixes numbers and dates.
        chosen = numbers or dates
        return pick(chosen) if chosen else None

    return extreme


_BUILDERS: dict[str, tuple[tuple[int, int | None], Builder]] = {
    "today": ((0, 0), _today),
    "date": ((1, 1), _date),
    "age": ((1, 1), _age),
    "age_at": ((2, 2), _binary(rt.years_between)),
    "years_between": ((2, 2), _binary(rt.years_between)),
    "days_between": ((2, 2), _binary(rt.days_between)),
    "year": ((1, 1), _unary(rt.date_part("year"))),
    "month": ((1, 1), _unary(rt.date_part("month"))),
    "day": ((1, 1), _unary(rt.date_part("day"))),
    "answered": ((1, 1), _answered),
    "text": ((1, 1), _unary(rt.official_text)),
    "country": ((1, 1), _unary(rt.country_names)),
    "join": ((2, None), _join_texts),
    "eu_eea": ((1, 1), _unary(rt.in_eu_eea)),
    "len": ((1, 1), _unary(rt.length)),
    "round": ((1, 2), _round),
    "abs": ((1, 1), _unary(rt.absolute)),
    "upper": ((1, 1), _unary(rt.text_function(str.upper))),
    "lower": ((1, 1), _unary(rt.text_function(str.lower))),
    "trim": ((1, 1), _unary(rt.text_function(str.strip))),
    "if": ((3, 3), _if),
    "coalesce": ((1, None), _coalesce),
    "index": ((0, 0), _index),
    "count": ((1, 2), _count),
    "sum": ((2, 2), _sum),
    "min": ((1, None), _min_max),
    "max": ((1, None), _min_max),
    "any": ((2, 2), _any_all),
    "all": ((2, 2), _any_all),
}
