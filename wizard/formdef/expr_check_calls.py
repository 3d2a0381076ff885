"""Signatures of the built-in functions, as type rules for the checker.

Each rule checks arity and argument types of one call and returns the result
type. Aggregates check their second argument in the group's item scope, whose
parent is the scope of the call, so a condition over items can use both item
fields and outer answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .expr_ast import Call, Literal, Name, Node, Unary
from .expr_runtime import MAX_ROUND_DIGITS
from .expr_types import (
    BOOL,
    DATE,
    NUMBER,
    TEXT,
    UNKNOWN,
    Scope,
    Type,
    aggregate_group,
    type_name,
    unify,
)
from .expr_values import parse_iso_date
from .suggest import suggestion_hint

if TYPE_CHECKING:
    from .expr_check import Checker

Rule = Callable[["Checker", Call, Scope], Type]
Param = tuple[tuple[str, ...], str]  # accepted kinds, and how to name them

_DATE: Param = (("date",), "a date")
_NUMBER: Param = (("number",), "a number")
_TEXT: Param = (("text", "code"), "text")
_SIZED: Param = (("text", "code", "codes", "list"), "text or a list")


def check_call(checker: Checker, node: Call, scope: Scope) -> Type:
    """The result type of a call of a built-in function."""
    return _RULES[node.name](checker, node, scope)


def _arity(checker: Checker, node: Call, scope: Scope, low: int, high: int | None) -> bool:
    """Whether the call has low..high arguments; if not, report it and still
    visit the arguments so that unknown names inside them are reported too."""
    count = len(node.args)
    if count >= low and (high is None or count <= high):
        return True
    if high == 0:
        expected = "takes no arguments"
    elif high is None:
        expected = f"takes at least {low} arguments"
    elif low == high:
        expected = f"takes {low} argument{'s' if low != 1 else ''}"
    else:
        expected = f"takes {low} or {high} arguments"
    checker.error(f"{node.name}() {expected}, got {count}", node.start)
    for arg in node.args:
        checker.visit(arg, scope)
    return False


def _arg(checker: Checker, node: Call, index: int, scope: Scope, param: Param) -> Type:
    arg = node.args[index]
    t = checker.visit(arg, scope)
    kinds, what = param
    if t.kind == "unknown" or t.kind in kinds:
        return t
    checker.error(f"{node.name}() needs {what}, got {type_name(t)}", arg.start)
    return UNKNOWN


def _fixed(result: Type, *params: Param) -> Rule:
    """A rule for a function with a fixed list of typed parameters."""

    def rule(checker: Checker, node: Call, scope: Scope) -> Type:
        if _arity(checker, node, scope, len(params), len(params)):
            for index, param in enumerate(params):
                _arg(checker, node, index, scope, param)
        return result

    return rule


def int_literal(node: Node) -> int | None:
    """The value of an integer literal, also a negated one (``-2``), else None."""
    if isinstance(node, Literal) and type(node.value) is int:
        return node.value
    if isinstance(node, Unary) and node.op == "-":
        inner = int_literal(node.operand)
        return None if inner is None else -inner
    return None


# ---------------------------------------------------------------------------- rules


def _date(checker: Checker, node: Call, scope: Scope) -> Type:
    if not _arity(checker, node, scope, 1, 1):
        return DATE
    arg = node.args[0]
    example = 'write e.g. date("2024-01-31")'
    if not isinstance(arg, Literal) or not isinstance(arg.value, str):
        checker.visit(arg, scope)
        checker.error("date() needs a date written in quotes", arg.start, example)
    elif parse_iso_date(arg.value) is None:
        checker.error(f"'{arg.value}' is not a valid date (YYYY-MM-DD)", arg.start, example)
    return DATE


def _answered(checker: Checker, node: Call, scope: Scope) -> Type:
    if not _arity(checker, node, scope, 1, 1):
        return BOOL
    arg = node.args[0]
    if isinstance(arg, Name):
        checker.name(arg, scope, allow_group=True)
    else:
        checker.visit(arg, scope)
        checker.error("answered() needs the name of a field", arg.start, "e.g. answered(steuer_id)")
    return BOOL


def _text_of(checker: Checker, node: Call, scope: Scope) -> Type:
    """text(x): any answer as the German form writes it (never null)."""
    if _arity(checker, node, scope, 1, 1):
        checker.visit(node.args[0], scope)
    return TEXT


def _country(checker: Checker, node: Call, scope: Scope) -> Type:
    """country(code): the German name of a country code (or of several)."""
    if _arity(checker, node, scope, 1, 1):
        kind = checker.visit(node.args[0], scope)
        if kind.kind not in ("code", "codes", "text", "null", "unknown"):
            checker.error(
                f"country() needs a country code, not {type_name(kind)}",
                node.args[0].start,
                "e.g. country(geburtsland)",
            )
    return TEXT


def _eu_eea(checker: Checker, node: Call, scope: Scope) -> Type:
    """eu_eea(code or codes): an EU, EEA or Swiss country among them (free movement)."""
    if _arity(checker, node, scope, 1, 1):
        kind = checker.visit(node.args[0], scope)
        if kind.kind not in ("code", "codes", "text", "null", "unknown"):
            checker.error(
                f"eu_eea() needs a country code, not {type_name(kind)}",
                node.args[0].start,
                "e.g. eu_eea(staatsangehoerigkeiten)",
            )
    return BOOL


def _join_texts(checker: Checker, node: Call, scope: Scope) -> Type:
    """join(", ", a, b, …): the non-empty parts as text, separated."""
    if _arity(checker, node, scope, 2, None):
        _arg(checker, node, 0, scope, _TEXT)
        for arg in node.args[1:]:
            checker.visit(arg, scope)
    return TEXT


def _round(checker: Checker, node: Call, scope: Scope) -> Type:
    if not _arity(checker, node, scope, 1, 2):
        return NUMBER
    _arg(checker, node, 0, scope, _NUMBER)
    if len(node.args) == 2:
        digits = node.args[1]
        _arg(checker, node, 1, scope, _NUMBER)
        value = int_literal(digits)
        literal = isinstance(digits, Literal) or value is not None
        if literal and (value is None or abs(value) > MAX_ROUND_DIGITS):
            checker.error(
                "round() needs a whole number of digits "
                f"between -{MAX_ROUND_DIGITS} and {MAX_ROUND_DIGITS}",
                digits.start,
            )
    return NUMBER


def _join(a: Type, a_node: Node, b: Type, b_node: Node) -> Type | None:
    """unify(), except that a string literal that is one of a code's choices
    keeps the code type: coalesce(familienstand, "LD") is still a code."""
    for code, literal in ((a, b_node), (b, a_node)):
        if (
            code.kind == "code"
            and code.choices is not None
            and isinstance(literal, Literal)
            and isinstance(literal.value, str)
            and literal.value in code.choices
        ):
            return code
    return unify(a, b)


def _if(checker: Checker, node: Call, scope: Scope) -> Type:
    if not _arity(checker, node, scope, 3, 3):
        return UNKNOWN
    condition = node.args[0]
    t = checker.visit(condition, scope)
    if t.kind not in ("bool", "unknown"):
        checker.error(
            f"the condition of if() must be true or false, got {type_name(t)}", condition.start
        )
    then = checker.visit(node.args[1], scope)
    other = checker.visit(node.args[2], scope)
    joined = _join(then, node.args[1], other, node.args[2])
    if joined is None:
        checker.error(
            "both results of if() must have the same type, "
            f"got {type_name(then)} and {type_name(other)}",
            node.args[2].start,
        )
        return UNKNOWN
    return joined


def _coalesce(checker: Checker, node: Call, scope: Scope) -> Type:
    if not _arity(checker, node, scope, 2, None):
        return UNKNOWN
    result = checker.visit(node.args[0], scope)
    previous = node.args[0]
    for index, arg in enumerate(node.args[1:], start=1):
        t = checker.visit(arg, scope)
        joined = _join(result, previous, t, arg)
        previous = arg
        if joined is None:
            checker.error(
                "all arguments of coalesce() must have the same type, "
                f"got {type_name(result)} and {type_name(t)}",
                arg.start,
            )
            for rest in node.args[index + 1 :]:  # still report unknown names there
                checker.visit(rest, scope)
            return UNKNOWN
        result = joined
    return result


def _index(checker: Checker, node: Call, scope: Scope) -> Type:
    if _arity(checker, node, scope, 0, 0) and not scope.inside_item():
        checker.error(
            "index() is only available inside a repeating group item",
            node.start,
            "use it in an item label, or in the condition of count(), any(), …",
        )
    return NUMBER


# ---------------------------------------------------------------------------- aggregates


def _item_scope(checker: Checker, node: Call, scope: Scope) -> Scope | None:
    """The item scope of the group named by the first argument, or None (reported)."""
    first = node.args[0]
    message = f"{node.name}() needs a repeating group as its first argument"
    groups = {n for n in scope.visible_names() if (s := scope.lookup(n)) and s.kind == "group"}
    if not isinstance(first, Name):
        checker.visit(first, scope)
        checker.error(message, first.start)
        return None
    symbol = scope.lookup(first.name)
    if symbol is None:
        checker.error(
            f"unknown name '{first.name}'",
            first.start,
            suggestion_hint(first.name, groups or scope.visible_names()),
        )
        return None
    if symbol.kind != "group":
        checker.error(
            f"{message}, but '{first.name}' is {type_name(symbol.type)}",
            first.start,
            suggestion_hint(first.name, groups),
        )
        return None
    return scope.item_scope(symbol)


def _item_arg(
    checker: Checker, node: Call, scope: Scope, kinds: tuple[str, ...], what: str
) -> Type:
    """Check the per-item argument of an aggregate; UNKNOWN when there is no group."""
    item_scope = _item_scope(checker, node, scope)
    if item_scope is None:
        return UNKNOWN
    arg = node.args[1]
    t = checker.visit(arg, item_scope)
    if t.kind not in kinds and t.kind != "unknown":
        checker.error(
            f"the {what} of {node.name}() must be {_kinds(kinds)}, got {type_name(t)}", arg.start
        )
        return UNKNOWN
    return t


def _kinds(kinds: tuple[str, ...]) -> str:
    return " or ".join(type_name(Type(k)) for k in kinds)


def _count(checker: Checker, node: Call, scope: Scope) -> Type:
    if _arity(checker, node, scope, 1, 2):
        if len(node.args) == 1:
            _item_scope(checker, node, scope)
        else:
            _item_arg(checker, node, scope, ("bool",), "condition")
    return NUMBER


def _sum(checker: Checker, node: Call, scope: Scope) -> Type:
    if _arity(checker, node, scope, 2, 2):
        _item_arg(checker, node, scope, ("number",), "value")
    return NUMBER


def _any_all(checker: Checker, node: Call, scope: Scope) -> Type:
    if _arity(checker, node, scope, 2, 2):
        _item_arg(checker, node, scope, ("bool",), "condition")
    return BOOL


def _min_max(checker: Checker, node: Call, scope: Scope) -> Type:
    if aggregate_group(node.name, node.args, scope) is not None:
        if not _arity(checker, node, scope, 2, 2):
            return UNKNOWN
        return _item_arg(checker, node, scope, ("number", "date"), "value")
    if len(node.args) < 2:
        checker.error(
            f"{node.name}() needs a repeating group and a value, or at least two values",
            node.start,
            f"e.g. {node.name}(kinder, einkommen) or {node.name}(a, b)",
        )
        for arg in node.args:
            checker.visit(arg, scope)
        return UNKNOWN
    result = UNKNOWN
    for arg in node.args:
        t = checker.visit(arg, scope)
        if t.kind == "unknown":
            continue
        if t.kind not in ("number", "date"):
            checker.error(f"{node.name}() needs numbers or dates, got {type_name(t)}", arg.start)
        elif result.kind == "unknown":
            result = t
        elif t.kind != result.kind:
            checker.error(
                f"{node.name}() cannot mix {type_name(result)} and {type_name(t)}", arg.start
            )
    return result


_RULES: dict[str, Rule] = {
    "today": _fixed(DATE),
    "date": _date,
    "age": _fixed(NUMBER, _DATE),
    "age_at": _fixed(NUMBER, _DATE, _DATE),
    "years_between": _fixed(NUMBER, _DATE, _DATE),
    "days_between": _fixed(NUMBER, _DATE, _DATE),
    "year": _fixed(NUMBER, _DATE),
    "month": _fixed(NUMBER, _DATE),
    "day": _fixed(NUMBER, _DATE),
    "answered": _answered,
    "text": _text_of,
    "country": _country,
    "join": _join_texts,
    "eu_eea": _eu_eea,
    "len": _fixed(NUMBER, _SIZED),
    "round": _round,
    "abs": _fixed(NUMBER, _NUMBER),
    "upper": _fixed(TEXT, _TEXT),
    "lower": _fixed(TEXT, _TEXT),
    "trim": _fixed(TEXT, _TEXT),
    "if": _if,
    "coalesce": _coalesce,
    "index": _index,
    "count": _count,
    "sum": _sum,
    "min": _min_max,
    "max": _min_max,
    "any": _any_all,
    "all": _any_all,
}
