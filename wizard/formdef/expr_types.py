"""Static types, symbols and scopes of the expression language.

The form loader describes every answer an expression may read as a
:class:`Symbol` in a :class:`Scope`; the checker turns that into a :class:`Type`
per sub-expression. Types are deliberately coarse (one "number" for integers,
decimals and money) because authors think in those terms, and finer types
would only produce confusing messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .expr_ast import AGGREGATES, Name

# Kinds a Symbol may have. "list" is for computed values holding a list
# literal; "any" marks a computed value whose own definition has errors, so
# that its users are not flooded with follow-up errors (it evaluates as null).
SYMBOL_KINDS = frozenset(
    {"text", "number", "date", "bool", "code", "codes", "group", "list", "any"}
)
_ELEMENT_KINDS = frozenset({"text", "number", "date", "bool", "code"})

# Type kinds. "unknown" is the type of an erroneous sub-expression (and of
# "any" symbols): it is compatible with everything, so one mistake gives one
# message instead of a cascade.
TYPE_KINDS = frozenset(
    {"number", "text", "date", "bool", "code", "codes", "list", "null", "group", "unknown"}
)


@dataclass(frozen=True, slots=True)
class Type:
    """The static type of an expression.

    ``choices`` are the allowed codes of a "code"/"codes" type (None: not
    known); ``element`` is the element type of a "list"; ``origin`` names the
    field the choices came from, for messages only.
    """

    kind: str
    choices: frozenset[str] | None = None
    element: Type | None = None
    origin: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in TYPE_KINDS:
            raise ValueError(f"unknown type kind {self.kind!r}")

    def __str__(self) -> str:
        return type_name(self)


NUMBER = Type("number")
TEXT = Type("text")
DATE = Type("date")
BOOL = Type("bool")
NULL = Type("null")
UNKNOWN = Type("unknown")
GROUP = Type("group")


SHOWN_CODES = 8


def list_of(element: Type) -> Type:
    """The type of a list literal whose items have type ``element``."""
    return Type("list", element=element)


_NAMES = {
    "number": "a number",
    "text": "text",
    "date": "a date",
    "bool": "true or false",
    "code": "a choice code",
    "codes": "a list of choice codes",
    "null": "null",
    "group": "a repeating group",
    "unknown": "an unknown value",
}
_PLURALS = {
    "number": "numbers",
    "text": "texts",
    "date": "dates",
    "bool": "true/false values",
    "code": "choice codes",
    "null": "nulls",
    "unknown": "values",
}


def type_name(t: Type) -> str:
    """The type as it appears in messages, with its article ("a number", "text")."""
    if t.kind == "list":
        element = t.element or UNKNOWN
        return f"a list of {_PLURALS.get(element.kind, 'values')}"
    return _NAMES[t.kind]


def type_matches(t: Type, want: str) -> bool:
    """Whether a value of type ``t`` can be used where the form wants ``want``.

    "unknown" matches anything (its error was reported already); a choice code
    is text; null matches nothing, since a value that is always null is a mistake.
    """
    if t.kind == "unknown" or t.kind == want:
        return True
    if want == "text":
        return t.kind == "code"
    if want == "codes":
        return t.kind == "list" and t.element is not None and t.element.kind in ("text", "code")
    return False


def unify(a: Type, b: Type) -> Type | None:
    """The common type of two values that may stand in the same place, or None.

    Used for ``==``, ``if`` branches, ``coalesce`` and list items: null joins
    anything, a code joins text, codes join a list of texts.
    """
    if a.kind in ("unknown", "null"):
        return b
    if b.kind in ("unknown", "null"):
        return a
    if a.kind == b.kind:
        if a.kind in ("code", "codes"):
            choices = None
            if a.choices is not None and b.choices is not None:
                choices = a.choices | b.choices
            origin = a.origin if a.origin == b.origin else None
            return Type(a.kind, choices, origin=origin)
        if a.kind == "list":
            element = unify(a.element or NULL, b.element or NULL)
            return list_of(element) if element is not None else None
        return a
    kinds = {a.kind, b.kind}
    if kinds == {"code", "text"}:
        return TEXT
    if kinds == {"codes", "list"}:
        listed = a if a.kind == "list" else b
        element = listed.element or NULL
        if element.kind in ("text", "code", "null", "unknown"):
            return Type("codes")
    return None


def choices_listing(choices: frozenset[str]) -> str:
    """The first few codes, sorted, for a message."""
    codes = sorted(choices)
    shown = ", ".join(codes[:SHOWN_CODES])
    return shown + (", …" if len(codes) > SHOWN_CODES else "")


# ----------------------------------------------------------------------------- symbols


@dataclass(frozen=True, slots=True)
class Symbol:
    """One name an expression may read: a field, a computed value or a group.

    ``choices`` are the allowed codes of a "code"/"codes" symbol (or of the
    elements of a "list" of codes); ``group`` is the item scope of a "group";
    ``element`` is the element kind of a "list".
    """

    name: str
    kind: str
    choices: frozenset[str] | None = None
    group: Scope | None = None
    element: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in SYMBOL_KINDS:
            raise ValueError(f"symbol {self.name!r}: unknown kind {self.kind!r}")
        if self.kind == "group" and self.group is None:
            raise ValueError(f"symbol {self.name!r}: a group needs its item scope")
        if self.kind == "list" and self.element not in _ELEMENT_KINDS:
            raise ValueError(f"symbol {self.name!r}: a list needs an element kind")

    @property
    def type(self) -> Type:
        """The static type of reading this symbol."""
        if self.kind == "any":
            return UNKNOWN
        if self.kind == "group":
            return GROUP
        if self.kind in ("code", "codes"):
            return Type(self.kind, self.choices, origin=self.name)
        if self.kind == "list":
            assert self.element is not None
            element = Type(self.element, self.choices if self.element == "code" else None)
            return list_of(element)
        return Type(self.kind)


def symbol_of_type(name: str, t: Type) -> Symbol:
    """The symbol for a computed value ``name`` whose expression has type ``t``.

    Types that no answer can have (null, unknown, group) become "any", which
    checks silently and evaluates as null.
    """
    if t.kind in ("number", "text", "date", "bool"):
        return Symbol(name, t.kind)
    if t.kind in ("code", "codes"):
        return Symbol(name, t.kind, t.choices)
    if t.kind == "list" and t.element is not None and t.element.kind in _ELEMENT_KINDS:
        return Symbol(name, "list", t.element.choices, element=t.element.kind)
    if t.kind == "list":  # an empty list, or a list of nulls
        return Symbol(name, "list", element="text")
    return Symbol(name, "any")


# ----------------------------------------------------------------------------- scopes


class Scope:
    """The names visible to an expression: own symbols, then the parent's.

    ``in_item`` marks the scope of one repeating-group item (``index()`` is
    available there). Scopes compare by identity; ``add`` exists because the
    loader learns the types of computed values one by one, in dependency order.
    ``generation`` changes whenever this scope or an ancestor changes, so that
    caches of compiled expressions can tell when they are stale.
    """

    __slots__ = ("_symbols", "parent", "in_item", "_version", "__weakref__")

    def __init__(
        self,
        symbols: Scope | Mapping[str, Symbol] | Iterable[Symbol] = (),
        parent: Scope | None = None,
        in_item: bool = False,
    ) -> None:
        if isinstance(symbols, Scope):
            items: Iterable[Symbol] = symbols._symbols.values()
        elif isinstance(symbols, Mapping):
            items = symbols.values()
        else:
            items = symbols
        self._symbols: dict[str, Symbol] = {s.name: s for s in items}
        self.parent = parent
        self.in_item = in_item
        self._version = 0

    @classmethod
    def view(cls, symbols_of: Scope, parent: Scope | None, in_item: bool) -> Scope:
        """A scope sharing ``symbols_of``'s symbols (live) under another parent."""
        scope = cls((), parent, in_item)
        scope._symbols = symbols_of._symbols
        return scope

    def add(self, symbol: Symbol) -> None:
        """Add ``symbol``, replacing an earlier one of the same name."""
        self._symbols[symbol.name] = symbol
        self._version += 1

    def resolve(self, name: str) -> tuple[Symbol, int] | None:
        """The symbol of ``name`` and how many parents up it lives (0 = here)."""
        scope: Scope | None = self
        depth = 0
        while scope is not None:
            symbol = scope._symbols.get(name)
            if symbol is not None:
                return symbol, depth
            scope = scope.parent
            depth += 1
        return None

    def lookup(self, name: str) -> Symbol | None:
        """The symbol of ``name`` here or in an ancestor, or None."""
        found = self.resolve(name)
        return found[0] if found else None

    def visible_names(self) -> set[str]:
        """All names an expression in this scope can read."""
        names: set[str] = set()
        scope: Scope | None = self
        while scope is not None:
            names.update(scope._symbols)
            scope = scope.parent
        return names

    def inside_item(self) -> bool:
        """Whether this scope or an ancestor is a repeating-group item."""
        scope: Scope | None = self
        while scope is not None:
            if scope.in_item:
                return True
            scope = scope.parent
        return False

    def item_scope(self, group: Symbol) -> Scope:
        """The scope of one item of ``group`` as seen from here (parent: this scope)."""
        assert group.group is not None
        return Scope.view(group.group, self, True)

    @property
    def generation(self) -> tuple[int, ...]:
        """Versions of this scope and its ancestors (changes on every ``add``)."""
        versions: list[int] = []
        scope: Scope | None = self
        while scope is not None:
            versions.append(scope._version)
            scope = scope.parent
        return tuple(versions)

    # Read-only mapping protocol over the scope's own symbols.
    def __getitem__(self, name: str) -> Symbol:
        return self._symbols[name]

    def __contains__(self, name: object) -> bool:
        return name in self._symbols

    def __iter__(self) -> Iterator[str]:
        return iter(self._symbols)

    def __len__(self) -> int:
        return len(self._symbols)

    def get(self, name: str, default: Symbol | None = None) -> Symbol | None:
        """The own symbol of ``name`` (parents are not searched)."""
        return self._symbols.get(name, default)

    def __repr__(self) -> str:
        names = ", ".join(sorted(self._symbols))
        return f"Scope([{names}], in_item={self.in_item}, parent={self.parent!r})"


def aggregate_group(call_name: str, args: tuple[object, ...], scope: Scope) -> Symbol | None:
    """The group symbol when a call is used as an aggregate over a group, else None.

    min/max are aggregates only when their first argument names a group; the
    other aggregates always are (and the checker complains if it is no group).
    Shared by checker, compiler and ``dependencies`` so they always agree.
    """
    if call_name not in AGGREGATES or not args or not isinstance(args[0], Name):
        return None
    symbol = scope.lookup(args[0].name)
    if symbol is None or symbol.kind != "group":
        return None
    return symbol
