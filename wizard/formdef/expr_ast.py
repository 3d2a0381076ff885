"""Syntax tree, limits and the error type of the form expression language.

Everything here is immutable plain data. The tree is shared by the checker, the
compiler, ``dependencies`` and templates, so it must not know about any of them;
that keeps each of those modules replaceable on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# Limits. They keep parsing, checking and evaluation linear and shallow: a form
# author never needs more, and a hostile definition cannot exhaust the stack.
MAX_SOURCE_LENGTH = 2000
MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 15

KEYWORDS: frozenset[str] = frozenset({"and", "or", "not", "in", "true", "false", "null"})

# Functions whose first argument is a repeating group and whose second argument
# is evaluated once per item, in the item's scope. min/max are aggregates only
# when their first argument names a group; otherwise they are variadic.
AGGREGATES: frozenset[str] = frozenset({"count", "sum", "min", "max", "any", "all"})

FUNCTIONS: frozenset[str] = frozenset(
    {
        "today",
        "date",
        "age",
        "age_at",
        "years_between",
        "days_between",
        "year",
        "month",
        "day",
        "answered",
        "len",
        "round",
        "abs",
        "upper",
        "lower",
        "trim",
        "if",
        "coalesce",
        "index",
        "text",
        "country",
        "join",
        "eu_eea",
    }
    | AGGREGATES
)


class ExpressionError(Exception):
    """A problem in an expression, pointing at the character that causes it.

    ``offset`` is 0-based into the expression source, so the form loader can map
    it to a YAML line and column; ``hint`` is a short suggestion for the author.
    """

    def __init__(self, message: str, offset: int, hint: str | None = None) -> None:
        # Passing everything to Exception keeps the error picklable and printable.
        super().__init__(message, offset, hint)
        self.message = message
        self.offset = offset
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.message} (at character {self.offset})"
        return f"{text}; {self.hint}" if self.hint else text

    def __repr__(self) -> str:
        return f"ExpressionError({self.message!r}, {self.offset!r}, {self.hint!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExpressionError):
            return NotImplemented
        return (self.message, self.offset, self.hint) == (other.message, other.offset, other.hint)

    def __hash__(self) -> int:
        return hash((self.message, self.offset, self.hint))

    def shifted(self, delta: int) -> ExpressionError:
        """The same error with its offset moved, e.g. into an enclosing template."""
        return ExpressionError(self.message, self.offset + delta, self.hint)

    def pointer(self, source: str) -> str:
        """The source line that holds the offset, and a caret under the offset."""
        start = source.rfind("\n", 0, self.offset) + 1
        end = source.find("\n", self.offset)
        line = source[start : end if end >= 0 else len(source)]
        return f"{line}\n{' ' * (self.offset - start)}^"


# ---------------------------------------------------------------------------- nodes
# eq=False: nodes compare and hash by identity, so analyses can key dicts by
# node cheaply (value equality would hash whole subtrees).


@dataclass(frozen=True, slots=True, eq=False)
class Literal:
    """A number (int or Decimal), string, boolean or null."""

    value: int | Decimal | str | bool | None
    start: int
    end: int


@dataclass(frozen=True, slots=True, eq=False)
class Name:
    """A field, computed value or group name."""

    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, eq=False)
class ListLit:
    """A list literal ``[a, b, ...]``; ``start`` is the ``[``."""

    items: tuple[Node, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True, eq=False)
class Unary:
    """``-x`` or ``not x``; ``start`` is the operator."""

    op: str
    operand: Node
    start: int
    end: int


@dataclass(frozen=True, slots=True, eq=False)
class BoolOp:
    """``a and b and c`` / ``a or b``: n-ary, so long chains never nest deeply."""

    op: str
    operands: tuple[Node, ...]
    op_offsets: tuple[int, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True, eq=False)
class Compare:
    """One (non-chaining) comparison: ``== != < <= > >= in`` or ``not in``."""

    op: str
    left: Node
    right: Node
    op_offset: int
    start: int
    end: int


@dataclass(frozen=True, slots=True, eq=False)
class Arith:
    """A left-associative chain of one precedence level: ``a + b - c`` or ``a * b / c``.

    Flat rather than nested so that 1000 ``+`` in a row stay one tree level deep.
    ``rest`` holds ``(operator, operator offset, operand)``.
    """

    first: Node
    rest: tuple[tuple[str, int, Node], ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True, eq=False)
class Call:
    """A call of a built-in function; ``start`` is the function name."""

    name: str
    args: tuple[Node, ...]
    start: int
    end: int


Node = Literal | Name | ListLit | Unary | BoolOp | Compare | Arith | Call


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of ``node``, in source order."""
    if isinstance(node, Name | Literal):
        return ()
    if isinstance(node, ListLit):
        return node.items
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, BoolOp):
        return node.operands
    if isinstance(node, Compare):
        return (node.left, node.right)
    if isinstance(node, Arith):
        return (node.first, *(operand for _op, _offset, operand in node.rest))
    return node.args


class Expression:
    """A parsed expression: its source and syntax tree.

    Immutable, and equal/hashable by source, so it can key caches. It also
    carries a private slot where the facade memoises the scope-free compiled
    closure; that is derived data and never changes what the object means.
    """

    __slots__ = ("source", "root", "_compiled")

    source: str
    root: Node
    _compiled: Callable[[Any, tuple[Any, ...]], object] | None

    def __init__(self, source: str, root: Node) -> None:
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "root", root)
        object.__setattr__(self, "_compiled", None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Expression is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Expression):
            return NotImplemented
        return self.source == other.source

    def __hash__(self) -> int:
        return hash(self.source)

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle as source: the tree is rebuilt (and re-validated) on load.
        from .expressions import parse

        return (parse, (self.source,))
