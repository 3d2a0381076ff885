"""Compiles a syntax tree into nested Python closures.

Each node becomes one closure ``fn(env, outer)``; evaluating is a chain of
direct calls, with no tree walk or dispatch per call. ``env`` is the current
environment and ``outer`` the environments of the enclosing aggregates
(innermost first), so a name inside ``count(kinder, …)`` is read from the
right environment even when an item field shadows an outer field.

Two modes share all code:

* typed (a scope is given, and the expression checked without errors): every
  name is bound to its declaration; answers are read with the coercion of
  their declared kind, so every value has its checked type or is None.
* scope-free: names are read with ``env.get`` (item environments fall back to
  their parent) and sanitized generically. Operators and functions are total
  (``expr_runtime``), so this is safe for any expression, checked or not.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from . import expr_runtime as rt
from . import expr_values as vals
from .expr_ast import (
    Arith,
    BoolOp,
    Call,
    Compare,
    Expression,
    ListLit,
    Literal,
    Name,
    Node,
    Unary,
)
from .expr_types import Scope, Type, aggregate_group
from .expr_values import Date

Fn = Callable[[Any, tuple[Any, ...]], object]

_ARITH: dict[str, Callable[[object, object], object]] = {
    "+": rt.add,
    "-": rt.subtract,
    "*": rt.multiply,
    "/": rt.divide,
    "%": rt.modulo,
}
_ORDER: dict[str, Callable[[object, object], bool]] = {
    "<": rt.less,
    "<=": rt.less_equal,
    ">": rt.greater,
    ">=": rt.greater_equal,
}
_NUMBER_TYPES = frozenset({int, Decimal})


class CompiledExpression:
    """A compiled expression: call it with an environment to get its value."""

    __slots__ = ("expression", "type", "_fn")

    def __init__(self, expression: Expression, type_: Type | None, fn: Fn) -> None:
        self.expression = expression
        self.type = type_
        """The checked type (None when compiled without a scope)."""
        self._fn = fn

    def __call__(self, env: Any) -> object:
        return self._fn(env, ())

    def __repr__(self) -> str:
        return f"CompiledExpression({self.expression.source!r})"


def compile_tree(root: Node, scope: Scope | None) -> Fn:
    """The closure of ``root``: typed against ``scope``, or scope-free when None."""
    return _Compiler().node(root, scope, 0)


def constant(value: object) -> Fn:
    """A closure returning ``value`` (a fresh copy for lists, which are mutable)."""
    if type(value) is list:
        items = tuple(value)
        return lambda env, outer: list(items)
    return lambda env, outer: value


def _frame(k: int) -> Fn:
    """The environment ``k`` aggregate levels up (0: the current one)."""
    if k == 0:
        return lambda env, outer: env
    index = k - 1
    return lambda env, outer: outer[index]


def _constant_value(node: Node) -> tuple[bool, object]:
    """(True, value) for literals and negated number literals."""
    if isinstance(node, Literal):
        return True, node.value
    if isinstance(node, Unary) and node.op == "-":
        known, value = _constant_value(node.operand)
        if known and type(value) in _NUMBER_TYPES:
            return True, rt.negate(value)
    if isinstance(node, Call) and node.name == "date" and len(node.args) == 1:
        arg = node.args[0]
        if isinstance(arg, Literal) and isinstance(arg.value, str):
            return True, vals.parse_iso_date(arg.value)
    return False, None


_EXACT: dict[str | None, type] = {"text": str, "date": Date, "bool": bool, None: str}


def _reader(name: str, coerce: Callable[[object], object], kind: str | None, index: int) -> Fn:
    """Read ``name`` from the current environment (index -1) or ``outer[index]``.

    The common case — an answer that already has its declared Python type —
    returns without calling the coercion function; reads are the hottest
    path of evaluation.
    """
    if kind == "number":
        limit = vals.MAX_MAGNITUDE
        digits = vals.MAX_DIGITS_BEFORE_POINT

        def read_number(env: Any, outer: tuple[Any, ...]) -> object:
            value = (outer[index] if index >= 0 else env).get(name)
            kind_ = type(value)
            if kind_ is int:
                return value if -limit < value < limit else None
            if kind_ is Decimal and value.is_finite() and value.adjusted() < digits:
                return value
            return coerce(value)

        return read_number
    exact = _EXACT.get(kind, object)  # object: no fast path (codes, lists, …)

    def read(env: Any, outer: tuple[Any, ...]) -> object:
        value = (outer[index] if index >= 0 else env).get(name)
        return value if type(value) is exact else coerce(value)

    return read


class _Compiler:
    def node(self, node: Node, scope: Scope | None, level: int) -> Fn:
        known, value = _constant_value(node)
        if known:
            return constant(value)
        if isinstance(node, Name):
            return self.name(node, scope, level)
        if isinstance(node, Compare):
            return self.compare(node, scope, level)
        if isinstance(node, BoolOp):
            return self.bool_op(node, scope, level)
        if isinstance(node, Arith):
            return self.arith(node, scope, level)
        if isinstance(node, Unary):
            operand = self.node(node.operand, scope, level)
            if node.op == "not":
                return lambda env, outer: operand(env, outer) is not True
            negate = rt.negate
            return lambda env, outer: negate(operand(env, outer))
        if isinstance(node, ListLit):
            items = [self.node(item, scope, level) for item in node.items]
            return lambda env, outer: [item(env, outer) for item in items]
        assert isinstance(node, Call)
        from .expr_compile_calls import compile_call

        return compile_call(self, node, scope, level)

    # ------------------------------------------------------------------ names
    def reader(self, name: str, scope: Scope | None, level: int) -> tuple[Fn, str | None]:
        """A closure reading ``name`` with its coercion, and the name's kind if known."""
        if scope is None:
            coerce, k, kind = vals.as_value, 0, None
        else:
            found = scope.resolve(name)
            if found is None:
                return constant(None), None
            symbol, depth = found
            coerce = vals.coercer(symbol.kind, symbol.choices, symbol.element)
            k, kind = min(depth, level), symbol.kind
        return _reader(name, coerce, kind, k - 1), kind

    def name(self, node: Name, scope: Scope | None, level: int) -> Fn:
        return self.reader(node.name, scope, level)[0]

    def group(self, name: str, scope: Scope | None, level: int) -> Fn:
        """A closure returning the item environments of group ``name``."""
        k = 0
        if scope is not None:
            found = scope.resolve(name)
            if found is not None:
                k = min(found[1], level)
        frame = _frame(k)
        return lambda env, outer: frame(env, outer).items(name)

    def item_scope(self, node: Call, scope: Scope | None) -> Scope | None:
        if scope is None:
            return None
        symbol = aggregate_group(node.name, node.args, scope)
        return scope.item_scope(symbol) if symbol is not None else None

    # ------------------------------------------------------------------ operators
    def bool_op(self, node: BoolOp, scope: Scope | None, level: int) -> Fn:
        operands = [self.node(operand, scope, level) for operand in node.operands]
        if node.op == "and":
            if len(operands) == 2:
                a, b = operands
                return lambda env, outer: a(env, outer) is True and b(env, outer) is True

            def all_true(env: Any, outer: tuple[Any, ...]) -> bool:
                return all(operand(env, outer) is True for operand in operands)

            return all_true
        if len(operands) == 2:
            a, b = operands
            return lambda env, outer: a(env, outer) is True or b(env, outer) is True

        def any_true(env: Any, outer: tuple[Any, ...]) -> bool:
            return any(operand(env, outer) is True for operand in operands)

        return any_true

    def arith(self, node: Arith, scope: Scope | None, level: int) -> Fn:
        first = self.node(node.first, scope, level)
        steps = [(_ARITH[op], self.node(operand, scope, level)) for op, _, operand in node.rest]
        if len(steps) == 1:
            op, second = steps[0]
            return lambda env, outer: op(first(env, outer), second(env, outer))

        def chain(env: Any, outer: tuple[Any, ...]) -> object:
            value = first(env, outer)
            for step, operand in steps:
                if value is None:  # null stays null through arithmetic
                    return None
                value = step(value, operand(env, outer))
            return value

        return chain

    def compare(self, node: Compare, scope: Scope | None, level: int) -> Fn:
        op = node.op
        if op in ("in", "not in"):
            test = self.membership(node, scope, level)
            if op == "in":
                return test
            return lambda env, outer: not test(env, outer)
        left = self.node(node.left, scope, level)
        known, value = _constant_value(node.right)
        if op in ("==", "!="):
            test = self.equality(node, left, scope, level)
            if op == "==":
                return test
            return lambda env, outer: not test(env, outer)
        ordered = _ORDER[op]
        if known and (type(value) in _NUMBER_TYPES or type(value) is Date):
            return lambda env, outer: ordered(left(env, outer), value)
        right = self.node(node.right, scope, level)
        return lambda env, outer: ordered(left(env, outer), right(env, outer))

    def equality(self, node: Compare, left: Fn, scope: Scope | None, level: int) -> Fn:
        left_known, left_value = _constant_value(node.left)
        known, value = _constant_value(node.right)
        if known and value is None:
            return lambda env, outer: left(env, outer) is None
        if left_known and left_value is None:
            right = self.node(node.right, scope, level)
            return lambda env, outer: right(env, outer) is None
        if known and type(value) is str:
            text = value
            return lambda env, outer: left(env, outer) == text
        equal = rt.equal
        right = self.node(node.right, scope, level)
        return lambda env, outer: equal(left(env, outer), right(env, outer))

    def membership(self, node: Compare, scope: Scope | None, level: int) -> Fn:
        left = self.node(node.left, scope, level)
        items = node.right.items if isinstance(node.right, ListLit) else None
        constants = [_constant_value(item) for item in items] if items is not None else []
        if items is not None and all(known for known, _ in constants):
            values = [value for _, value in constants]
            types = {type(value) for value in values}
            if types <= {str, type(None)}:
                # The common case `code in ["A", "B"]`: one set lookup.
                allowed = frozenset(values)
                return lambda env, outer: (
                    type(item := left(env, outer)) is not list and (item in allowed)
                )
        contains = rt.contains
        right = self.node(node.right, scope, level)
        return lambda env, outer: contains(left(env, outer), right(env, outer))
