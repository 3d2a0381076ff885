"""The safe expression language of form definitions: public API.

Conditions (``when:``), conditional requirements, validation rules, computed
values and item labels are written in a small language of its own::

    familienstand in ["VH", "LP"]
    age(geburtsdatum) >= 18 and not answered(steuer_id)
    count(kinder, age(geburtsdatum) < 18) > 0

It is parsed by a bounded recursive-descent parser, type-checked against a
:class:`Scope` of declared answers, and compiled into Python closures. Nothing
here uses ``eval``/``exec``/``compile`` or the ``ast`` module; no Python object
is reachable (no attributes, no indexing, only the built-in functions), and
evaluation is total: any answers give a value or null, never an exception.

Typical use by the form loader and the engine::

    expr = parse(source)                  # ExpressionError on syntax errors
    result_type, errors = check(expr, scope)
    value = evaluate(expr, env, scope)    # or compile_expression(expr, scope)(env)

The implementation is split by concept: ``expr_lexer``/``expr_parser``
(syntax), ``expr_types`` (types, symbols, scopes), ``expr_check*`` (type
rules), ``expr_runtime`` (value semantics), ``expr_compile*`` (closures),
``expr_env`` (environments) and ``expr_template`` (templates).
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from . import expr_template as _template
from .expr_ast import (
    AGGREGATES,
    FUNCTIONS,
    KEYWORDS,
    MAX_DEPTH,
    MAX_NUMBER_DIGITS,
    MAX_SOURCE_LENGTH,
    Call,
    Expression,
    ExpressionError,
    Name,
    Node,
    children,
)
from .expr_check import check_expression
from .expr_compile import CompiledExpression, compile_tree
from .expr_env import DictEnv, Env
from .expr_lexer import ERROR, NAME, OP, tokenize
from .expr_parser import parse_expression
from .expr_template import CompiledTemplate, Placeholder, Template, plain_format
from .expr_types import (
    BOOL,
    DATE,
    NULL,
    NUMBER,
    TEXT,
    UNKNOWN,
    Scope,
    Symbol,
    Type,
    aggregate_group,
    list_of,
    symbol_of_type,
    type_matches,
    type_name,
)

__all__ = [
    "AGGREGATES",
    "BOOL",
    "DATE",
    "FUNCTIONS",
    "KEYWORDS",
    "MAX_DEPTH",
    "MAX_NUMBER_DIGITS",
    "MAX_SOURCE_LENGTH",
    "NULL",
    "NUMBER",
    "TEXT",
    "UNKNOWN",
    "CompiledExpression",
    "CompiledTemplate",
    "DictEnv",
    "Env",
    "Expression",
    "ExpressionError",
    "Placeholder",
    "Scope",
    "Symbol",
    "Template",
    "Type",
    "check",
    "check_template",
    "compile_expression",
    "compile_template",
    "dependencies",
    "evaluate",
    "list_of",
    "parse",
    "parse_template",
    "plain_format",
    "rename",
    "rename_template",
    "render_template",
    "symbol_of_type",
    "type_matches",
    "type_name",
]

_NEW_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


# ---------------------------------------------------------------------------- expressions


@functools.lru_cache(maxsize=4096)
def _parse_cached(source: str) -> Expression:
    return parse_expression(source)


def parse(source: str) -> Expression:
    """Parse ``source``; raise :class:`ExpressionError` at the first syntax error.

    Results are cached by source: forms repeat the same conditions a lot, and
    an Expression is immutable.
    """
    if not isinstance(source, str):
        raise TypeError(f"an expression must be a str, not {type(source).__name__}")
    return _parse_cached(source)


def _as_expression(expr: Expression | str) -> Expression:
    return expr if isinstance(expr, Expression) else parse(expr)


def check(expr: Expression | str, scope: Scope) -> tuple[Type, list[ExpressionError]]:
    """The type of ``expr`` in ``scope``, and every type error (sorted by offset).

    When there are errors the type is UNKNOWN. A string is parsed first (its
    syntax error is raised, not returned).
    """
    return check_expression(_as_expression(expr), scope)


# Typed compilations, per scope (weakly: scopes belong to loaded forms) and
# expression; an entry is reused while the scope's generation is unchanged.
_TYPED: weakref.WeakKeyDictionary[
    Scope, dict[Expression, tuple[tuple[int, ...], CompiledExpression]]
] = weakref.WeakKeyDictionary()


def compile_expression(expr: Expression | str, scope: Scope | None = None) -> CompiledExpression:
    """Compile ``expr`` into a callable ``env -> value``.

    With a scope the expression is checked first (the first error is raised)
    and answers are read with their declared kinds, so a value always has the
    checked type or is None. Without a scope, names are read from the
    environment as they are (sanitized) — for tools and unchecked text.
    """
    expr = _as_expression(expr)
    if scope is None:
        return CompiledExpression(expr, None, _scope_free(expr))
    generation = scope.generation
    per_scope = _TYPED.setdefault(scope, {})
    cached = per_scope.get(expr)
    if cached is not None and cached[0] == generation:
        return cached[1]
    result_type, errors = check_expression(expr, scope)
    if errors:
        raise errors[0]
    compiled = CompiledExpression(expr, result_type, compile_tree(expr.root, scope))
    per_scope[expr] = (generation, compiled)
    return compiled


def _scope_free(expr: Expression) -> Callable[[Any, tuple[Any, ...]], object]:
    fn = expr._compiled
    if fn is None:
        fn = compile_tree(expr.root, None)
        object.__setattr__(expr, "_compiled", fn)
    return fn


def evaluate(expr: Expression | str, env: Env, scope: Scope | None = None) -> object:
    """The value of ``expr`` for the answers in ``env`` (None for null).

    Never raises for any answers. Pass the scope the expression was checked
    in to get typed reads (see compile_expression); compilations are cached.
    """
    if not isinstance(expr, Expression):
        expr = parse(expr)
    if scope is None:
        fn = expr._compiled or _scope_free(expr)
        return fn(env, ())
    return compile_expression(expr, scope)(env)


# ---------------------------------------------------------------------------- analysis


def dependencies(
    expr: Expression | str, scope: Scope | None = None, *, unknown_ok: bool = False
) -> frozenset[str]:
    """The names of ``scope`` (or its ancestors) that ``expr`` reads.

    A group counts when it is aggregated; inside an aggregate's item argument,
    names of the group's item fields do not count, outer names do. Without a
    scope every name counts (a safe over-approximation). ``unknown_ok`` also
    includes names the scope does not know (yet) — the loader uses it to find
    cycles among computed values before their types are known.
    """
    expr = _as_expression(expr)
    found: set[str] = set()

    def walk(node: Node, current: Scope | None, level: int) -> None:
        if isinstance(node, Name):
            if current is None:
                found.add(node.name)
                return
            resolved = current.resolve(node.name)
            if resolved is None:
                if unknown_ok:
                    found.add(node.name)
            elif resolved[1] >= level:
                found.add(node.name)
            return
        if isinstance(node, Call) and current is not None and node.name in AGGREGATES:
            group = aggregate_group(node.name, node.args, current)
            if group is not None:
                walk(node.args[0], current, level)
                item_scope = current.item_scope(group)
                for arg in node.args[1:]:
                    walk(arg, item_scope, level + 1)
                return
        for child in children(node):
            walk(child, current, level)

    walk(expr.root, scope, 0)
    return frozenset(found)


def rename(source: str, mapping: Mapping[str, str]) -> str:
    """``source`` with every name in ``mapping`` replaced, everything else verbatim.

    Token-level: function names and text inside strings are never touched.
    Raises ExpressionError if ``source`` cannot be tokenized, ValueError for a
    new name that is not a valid name.
    """
    for new in mapping.values():
        if not _NEW_NAME.fullmatch(new) or new in KEYWORDS or "__" in new:
            raise ValueError(f"cannot rename to {new!r}: not a valid name")
    tokens = tokenize(source)
    if tokens[-1].kind == ERROR:
        error = tokens[-1].value
        assert isinstance(error, ExpressionError)
        raise error
    out: list[str] = []
    last = 0
    for token, following in zip(tokens, tokens[1:], strict=False):
        if token.kind != NAME or token.value not in mapping:
            continue
        if following.kind == OP and following.value == "(":
            continue  # a function name
        out.append(source[last : token.start])
        out.append(mapping[str(token.value)])
        last = token.end
    out.append(source[last:])
    return "".join(out)


# ---------------------------------------------------------------------------- templates


def parse_template(text: str) -> Template:
    """Parse a template such as ``"Kind {index()}: {vorname}"``.

    ``{{`` and ``}}`` are literal braces. Errors carry offsets into ``text``.
    """
    return _template.parse_template(text, parse)


def check_template(template: Template, scope: Scope) -> list[ExpressionError]:
    """Every type error of every placeholder, with offsets into the template text."""
    return _template.check_template_parts(template, check_expression, scope)


def compile_template(template: Template, scope: Scope | None = None) -> CompiledTemplate:
    """Compile every placeholder (typed when a scope is given, see compile_expression)."""
    parts: list[str | Callable[[Any], object]] = []
    for part in template.parts:
        if isinstance(part, str):
            parts.append(part)
        else:
            parts.append(compile_expression(part.expression, scope))
    return CompiledTemplate(template, parts)


def render_template(
    template: Template,
    env: Env,
    format_value: Callable[[object], str] = plain_format,
    scope: Scope | None = None,
) -> str:
    """The template's text for ``env``; null renders as '', other values via ``format_value``."""
    return compile_template(template, scope).render(env, format_value)


def rename_template(text: str, mapping: Mapping[str, str]) -> str:
    """``rename`` applied inside every placeholder of a template text."""
    return _template.rename_template(text, mapping, rename)
