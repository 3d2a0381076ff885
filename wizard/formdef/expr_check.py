"""Type checker of the expression language: names, operators and literals.

It reports every problem at once (a form author fixes a whole file per round)
and never raises for a parsed expression. A sub-expression with an error gets
the type "unknown", which is compatible with everything, so one mistake yields
one message rather than a cascade. Function signatures live in
``expr_check_calls``.
"""

from __future__ import annotations

from .expr_ast import (
    FUNCTIONS,
    Arith,
    BoolOp,
    Call,
    Compare,
    Expression,
    ExpressionError,
    ListLit,
    Literal,
    Name,
    Node,
    Unary,
)
from .expr_check_calls import check_call
from .expr_types import (
    BOOL,
    DATE,
    NULL,
    NUMBER,
    TEXT,
    UNKNOWN,
    Scope,
    Type,
    choices_listing,
    list_of,
    type_name,
    unify,
)
from .suggest import suggestion_hint

_ORDERING = frozenset({"<", "<=", ">", ">="})
_PYTHON_NAMES = {"True": "true", "False": "false", "None": "null"}


def check_expression(expr: Expression, scope: Scope) -> tuple[Type, list[ExpressionError]]:
    """The type of ``expr`` in ``scope`` and all errors, sorted by offset."""
    checker = Checker()
    result = checker.visit(expr.root, scope)
    errors = sorted(checker.errors, key=lambda e: e.offset)
    return (UNKNOWN if errors else result), errors


class Checker:
    """Walks a tree once, collecting errors; ``visit`` returns the node's type."""

    def __init__(self) -> None:
        self.errors: list[ExpressionError] = []

    def error(self, message: str, offset: int, hint: str | None = None) -> None:
        self.errors.append(ExpressionError(message, offset, hint))

    def visit(self, node: Node, scope: Scope) -> Type:
        if isinstance(node, Literal):
            return literal_type(node)
        if isinstance(node, Name):
            return self.name(node, scope)
        if isinstance(node, Compare):
            return self.compare(node, scope)
        if isinstance(node, Arith):
            return self.arith(node, scope)
        if isinstance(node, BoolOp):
            return self.bool_op(node, scope)
        if isinstance(node, Unary):
            return self.unary(node, scope)
        if isinstance(node, ListLit):
            return self.list_literal(node, scope)
        assert isinstance(node, Call)
        return check_call(self, node, scope)

    # ------------------------------------------------------------------ names
    def name(self, node: Name, scope: Scope, *, allow_group: bool = False) -> Type:
        found = scope.resolve(node.name)
        if found is None:
            self.unknown_name(node, scope)
            return UNKNOWN
        symbol = found[0]
        if symbol.kind == "group" and not allow_group:
            self.error(
                f"'{node.name}' is a repeating group: "
                f"use count({node.name}) or sum({node.name}, …)",
                node.start,
            )
            return UNKNOWN
        return symbol.type

    def unknown_name(self, node: Name, scope: Scope) -> None:
        name = node.name
        if name in _PYTHON_NAMES:
            hint: str | None = f"write '{_PYTHON_NAMES[name]}' (lower case)"
        elif name in FUNCTIONS:
            hint = f"'{name}' is a function: write {name}(…)"
        else:
            hint = suggestion_hint(name, scope.visible_names())
        self.error(f"unknown name '{name}'", node.start, hint)

    # ------------------------------------------------------------------ literals
    def list_literal(self, node: ListLit, scope: Scope) -> Type:
        element: Type | None = None
        for item in node.items:
            t = self.visit(item, scope)
            if t.kind in ("list", "codes"):
                self.error(f"a list cannot contain {type_name(t)}", item.start)
                continue
            if element is None:
                element = t
                continue
            joined = unify(element, t)
            if joined is None:
                self.error(
                    "list items must all have the same type: "
                    f"{type_name(element)} and {type_name(t)}",
                    item.start,
                )
            else:
                element = joined
        return list_of(element or NULL)

    def choice(self, literal: Literal, t: Type) -> None:
        """Check a string literal against the codes of a code/codes type."""
        if t.choices is None or not isinstance(literal.value, str):
            return
        if literal.value in t.choices:
            return
        owner = f"of '{t.origin}'" if t.origin else "here"
        self.error(
            f"'{literal.value}' is not a choice code {owner} (codes: {choices_listing(t.choices)})",
            literal.start,
            suggestion_hint(literal.value, t.choices),
        )

    def choices_in_list(self, node: Node, t: Type) -> None:
        """Check every string literal of a list literal against a code/codes type."""
        if isinstance(node, ListLit):
            for item in node.items:
                if isinstance(item, Literal):
                    self.choice(item, t)

    # ------------------------------------------------------------------ operators
    def compare(self, node: Compare, scope: Scope) -> Type:
        left = self.visit(node.left, scope)
        right = self.visit(node.right, scope)
        if node.op in ("==", "!="):
            self.equality(node, left, right)
        elif node.op in _ORDERING:
            self.ordering(node, left, right)
        else:
            self.membership(node, left, right)
        return BOOL

    def equality(self, node: Compare, left: Type, right: Type) -> None:
        if unify(left, right) is None:
            hint = None
            if {left.kind, right.kind} & {"code", "text"} and NUMBER in (left, right):
                hint = 'codes and text are written in quotes, e.g. "1"'
            self.error(
                f"cannot compare {type_name(left)} with {type_name(right)}", node.op_offset, hint
            )
            return
        # A literal on one side is checked against the codes of the other side.
        for side, other in ((node.left, right), (node.right, left)):
            if other.kind == "code" and isinstance(side, Literal):
                self.choice(side, other)
            if other.kind == "codes":
                self.choices_in_list(side, other)
        if (
            left.kind == right.kind == "code"
            and left.choices
            and right.choices
            and not left.choices & right.choices
        ):
            self.error(
                f"'{left.origin}' and '{right.origin}' have no choice codes in common, "
                "so they are never equal",
                node.op_offset,
            )

    def ordering(self, node: Compare, left: Type, right: Type) -> None:
        if "unknown" in (left.kind, right.kind):
            return
        if left.kind == right.kind and left.kind in ("number", "date"):
            return
        hint = None
        kinds = {left.kind, right.kind}
        if "null" in kinds:
            hint = "to test for a missing answer use '== null' or answered(x)"
        elif kinds <= {"text", "code"}:
            hint = "text cannot be ordered; compare with == or in"
        elif left.kind == "date" and isinstance(node.right, Literal) and right.kind == "text":
            hint = f'write a date as date("{node.right.value}")'
        elif right.kind == "date" and isinstance(node.left, Literal) and left.kind == "text":
            hint = f'write a date as date("{node.left.value}")'
        self.error(
            f"cannot compare {type_name(left)} with {type_name(right)}", node.op_offset, hint
        )

    def membership(self, node: Compare, left: Type, right: Type) -> None:
        if "unknown" in (left.kind, right.kind):
            return
        if left.kind in ("list", "codes"):
            self.error(
                f"the left side of '{node.op}' must be a single value, got {type_name(left)}",
                node.left.start,
            )
            return
        if right.kind == "list":
            if unify(left, right.element or NULL) is None:
                self.error(
                    f"cannot look for {type_name(left)} in {type_name(right)}", node.op_offset
                )
            elif left.kind == "code":
                self.choices_in_list(node.right, left)
            return
        if right.kind == "codes":
            if left.kind not in ("text", "code", "null"):
                self.error(
                    f"cannot look for {type_name(left)} in {type_name(right)}", node.op_offset
                )
            elif isinstance(node.left, Literal):
                self.choice(node.left, right)
            return
        hint = 'e.g. x in ["A", "B"]'
        if right.kind in ("text", "code"):
            hint = "there is no substring test; compare whole values with == or in [...]"
        self.error(
            f"'{node.op}' needs a list on the right, got {type_name(right)}", node.right.start, hint
        )

    def arith(self, node: Arith, scope: Scope) -> Type:
        result = self.visit(node.first, scope)
        for op, offset, operand in node.rest:
            result = self.arith_step(op, offset, result, self.visit(operand, scope))
        return result

    def arith_step(self, op: str, offset: int, a: Type, b: Type) -> Type:
        if "unknown" in (a.kind, b.kind):
            return UNKNOWN
        if "null" in (a.kind, b.kind):
            self.error(
                f"'{op}' with null always gives null", offset, "use coalesce(x, 0) for a default"
            )
            return UNKNOWN
        kinds = (a.kind, b.kind)
        if kinds == ("number", "number"):
            return NUMBER
        if op == "+":
            if a.kind in ("text", "code") and b.kind in ("text", "code"):
                return TEXT
            if kinds in (("date", "number"), ("number", "date")):
                return DATE
        if op == "-":
            if kinds == ("date", "number"):
                return DATE
            if kinds == ("date", "date"):
                return NUMBER
        self.error(_arith_message(op, a, b), offset, _arith_hint(op, a, b))
        return UNKNOWN

    def bool_op(self, node: BoolOp, scope: Scope) -> Type:
        for operand in node.operands:
            t = self.visit(operand, scope)
            if t.kind not in ("bool", "unknown"):
                hint = None
                if isinstance(operand, Name):
                    hint = f"to test for an answer write answered({operand.name})"
                self.error(
                    f"'{node.op}' needs true or false on both sides, got {type_name(t)}",
                    operand.start,
                    hint,
                )
        return BOOL

    def unary(self, node: Unary, scope: Scope) -> Type:
        t = self.visit(node.operand, scope)
        if node.op == "not":
            if t.kind not in ("bool", "unknown"):
                hint = None
                if isinstance(node.operand, Name):
                    hint = f"to test for a missing answer write not answered({node.operand.name})"
                self.error(f"'not' needs true or false, got {type_name(t)}", node.start, hint)
            return BOOL
        if t.kind in ("number", "unknown"):
            return t
        self.error(f"cannot negate {type_name(t)}", node.start)
        return UNKNOWN


def literal_type(node: Literal) -> Type:
    """The type of a literal: a string literal is text until compared with a code."""
    value = node.value
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, str):
        return TEXT
    return NUMBER


def _arith_message(op: str, a: Type, b: Type) -> str:
    x, y = type_name(a), type_name(b)
    if op == "+":
        return f"cannot add {y} to {x}"
    if op == "-":
        return f"cannot subtract {y} from {x}"
    if op == "*":
        return f"cannot multiply {x} by {y}"
    if op == "/":
        return f"cannot divide {x} by {y}"
    return f"cannot take the remainder of {x} divided by {y}"


def _arith_hint(op: str, a: Type, b: Type) -> str | None:
    kinds = {a.kind, b.kind}
    if kinds == {"date"} and op == "+":
        return "add a number of days to a date, or subtract two dates"
    if kinds == {"date", "number"} and op == "-":
        return "write the date first: date - days"
    if "date" in kinds:
        return "dates can only be shifted by days (+, -) or subtracted"
    if op == "+" and kinds & {"text", "code"} and "number" in kinds:
        return "numbers are not turned into text automatically"
    if "bool" in kinds:
        return "true/false values cannot be used in arithmetic; use if(cond, 1, 0)"
    return None
