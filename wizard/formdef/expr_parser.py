"""Recursive-descent parser of the expression language.

Precedence, lowest first: ``or``; ``and``; ``not``; comparison (non-chaining,
including ``in`` / ``not in``); ``+ -``; ``* / %``; unary ``-``; primary.

Recursion is bounded: every parenthesis, call, list and unary operator counts
as one nesting level and more than MAX_DEPTH levels is an error, reported
before the parser recurses further. Binary chains are parsed by loops into
flat nodes, so ``1 + 1 + ... + 1`` does not nest at all. Together with the
source length limit this keeps parser, checker and evaluator far from
Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .expr_ast import (
    FUNCTIONS,
    KEYWORDS,
    MAX_DEPTH,
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
from .expr_lexer import EOF, ERROR, KEYWORD, NAME, NUMBER, OP, STRING, Token, tokenize
from .suggest import suggestion_hint

_COMPARISON_OPS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_KEYWORD_LITERALS: dict[str, bool | None] = {"true": True, "false": False, "null": None}


def parse_expression(source: str) -> Expression:
    """Parse ``source``; raise ExpressionError at the first syntax error."""
    return Expression(source, _Parser(source).parse())


def _describe(token: Token) -> str:
    if token.kind == EOF:
        return "the end of the expression"
    if token.kind == NAME:
        return f"name '{token.value}'"
    if token.kind == NUMBER:
        return f"number {token.value}"
    if token.kind == STRING:
        text = str(token.value)
        return f'string "{text[:20]}…"' if len(text) > 20 else f'string "{text}"'
    return f"'{token.value}'"


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.pos = 0
        self.depth = 0

    # ------------------------------------------------------------------ tokens
    def peek(self, ahead: int = 0) -> Token:
        index = min(self.pos + ahead, len(self.tokens) - 1)
        token = self.tokens[index]
        if token.kind == ERROR and ahead == 0:
            assert isinstance(token.value, ExpressionError)
            raise token.value
        return token

    def advance(self) -> Token:
        token = self.peek()
        self.pos += 1
        return token

    def at(self, kind: str, value: object) -> bool:
        token = self.peek()
        return token.kind == kind and token.value == value

    def enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"expression is nested too deeply (more than {MAX_DEPTH} levels)",
                token.start,
                "split it into computed values",
            )

    def expect_close(self, closing: str, opening: Token, *, separated: bool = True) -> Token:
        token = self.peek()
        if token.kind == OP and token.value == closing:
            return self.advance()
        if token.kind == EOF:
            raise ExpressionError(
                f"missing '{closing}' for the '{opening.value}' at character {opening.start}",
                token.start,
            )
        if not separated and token.kind == OP and token.value == ",":
            raise ExpressionError(
                f"expected '{closing}', found ','", token.start, "use [a, b] for a list"
            )
        expected = f"',' or '{closing}'" if separated else f"'{closing}'"
        raise ExpressionError(
            f"expected {expected}, found {_describe(token)}",
            token.start,
            "did you forget an operator?",
        )

    # ------------------------------------------------------------------ grammar
    def parse(self) -> Node:
        node = self.or_expr()
        token = self.peek()
        if token.kind != EOF:
            raise self.trailing(token)
        return node

    def trailing(self, token: Token) -> ExpressionError:
        if token.kind == OP and token.value in ")]":
            return ExpressionError(f"unmatched '{token.value}'", token.start)
        if token.kind == KEYWORD and token.value == "not":
            return ExpressionError(
                "'not' here must be followed by 'in'", token.start, "write 'x not in [...]'"
            )
        hint = "did you forget an operator such as 'and'?"
        if token.kind == NAME and str(token.value).lower() in KEYWORDS:
            hint = f"keywords are lower case: write '{str(token.value).lower()}'"
        return ExpressionError(f"unexpected {_describe(token)}", token.start, hint)

    def or_expr(self) -> Node:
        return self.bool_chain("or", self.and_expr)

    def and_expr(self) -> Node:
        return self.bool_chain("and", self.not_expr)

    def bool_chain(self, op: str, parse_operand: Callable[[], Node]) -> Node:
        first = parse_operand()
        operands = [first]
        offsets: list[int] = []
        while self.at(KEYWORD, op):
            offsets.append(self.advance().start)
            operands.append(parse_operand())
        if not offsets:
            return first
        return BoolOp(op, tuple(operands), tuple(offsets), first.start, operands[-1].end)

    def not_expr(self) -> Node:
        nots: list[Token] = []
        while self.at(KEYWORD, "not"):
            token = self.advance()
            self.enter(token)
            nots.append(token)
        node = self.comparison()
        for token in reversed(nots):
            node = Unary("not", node, token.start, node.end)
        self.depth -= len(nots)
        return node

    def comparison_op(self) -> tuple[str, Token] | None:
        token = self.peek()
        if token.kind == OP and token.value in _COMPARISON_OPS:
            return str(token.value), token
        if token.kind == KEYWORD and token.value == "in":
            return "in", token
        if token.kind == KEYWORD and token.value == "not":
            following = self.peek(1)
            if following.kind == KEYWORD and following.value == "in":
                return "not in", token
        return None

    def comparison(self) -> Node:
        left = self.additive()
        found = self.comparison_op()
        if found is None:
            return left
        op, token = found
        self.advance()
        if op == "not in":
            self.advance()
        right = self.additive()
        chained = self.comparison_op()
        if chained is not None:
            raise ExpressionError(
                "comparisons cannot be chained",
                chained[1].start,
                "combine two comparisons with 'and', e.g. a < b and b < c",
            )
        return Compare(op, left, right, token.start, left.start, right.end)

    def additive(self) -> Node:
        return self.arith_chain("+-", self.multiplicative)

    def multiplicative(self) -> Node:
        return self.arith_chain("*/%", self.unary)

    def arith_chain(self, ops: str, parse_operand: Callable[[], Node]) -> Node:
        first = parse_operand()
        rest: list[tuple[str, int, Node]] = []
        while True:
            token = self.peek()
            if token.kind != OP or token.value not in ops:
                break
            self.advance()
            rest.append((str(token.value), token.start, parse_operand()))
        if not rest:
            return first
        return Arith(first, tuple(rest), first.start, rest[-1][2].end)

    def unary(self) -> Node:
        minuses: list[Token] = []
        while self.at(OP, "-"):
            token = self.advance()
            self.enter(token)
            minuses.append(token)
        node = self.postfix()
        for token in reversed(minuses):
            node = Unary("-", node, token.start, node.end)
        self.depth -= len(minuses)
        return node

    def postfix(self) -> Node:
        node = self.primary()
        token = self.peek()
        if token.kind == OP:
            if token.value == ".":
                raise ExpressionError(
                    "attribute access is not allowed",
                    token.start,
                    "refer to fields by their plain name",
                )
            if token.value == "[":
                raise ExpressionError(
                    "indexing is not allowed",
                    token.start,
                    "use an aggregate such as count(), sum(), any() or all()",
                )
            if token.value == "(":
                raise ExpressionError(
                    "only functions can be called, by name",
                    token.start,
                    "write e.g. age(geburtsdatum)",
                )
        return node

    def primary(self) -> Node:
        token = self.peek()
        if token.kind in (NUMBER, STRING):
            self.advance()
            assert isinstance(token.value, int | Decimal | str)
            return Literal(token.value, token.start, token.end)
        if token.kind == KEYWORD and token.value in _KEYWORD_LITERALS:
            self.advance()
            return Literal(_KEYWORD_LITERALS[str(token.value)], token.start, token.end)
        if token.kind == NAME:
            self.advance()
            if self.at(OP, "("):
                return self.call(token)
            return Name(str(token.value), token.start, token.end)
        if token.kind == OP and token.value == "(":
            return self.parenthesized(token)
        if token.kind == OP and token.value == "[":
            return self.list_literal(token)
        raise self.missing_operand(token)

    def missing_operand(self, token: Token) -> ExpressionError:
        if token.kind == EOF:
            return ExpressionError(
                "expected an expression, found the end", token.start, "an operand is missing"
            )
        hint = None
        if token.kind == OP and token.value == "+":
            hint = "there is no unary '+'"
        elif token.kind == KEYWORD:
            hint = f"'{token.value}' needs an operand before it"
        return ExpressionError(
            f"expected an expression, found {_describe(token)}", token.start, hint
        )

    def call(self, name: Token) -> Node:
        function = str(name.value)
        if function not in FUNCTIONS:
            raise ExpressionError(
                f"unknown function '{function}'", name.start, suggestion_hint(function, FUNCTIONS)
            )
        self.enter(name)
        opening = self.advance()
        args: list[Node] = []
        if not self.at(OP, ")"):
            args.append(self.or_expr())
            while self.at(OP, ","):
                self.advance()
                args.append(self.or_expr())
        closing = self.expect_close(")", opening)
        self.depth -= 1
        return Call(function, tuple(args), name.start, closing.end)

    def parenthesized(self, opening: Token) -> Node:
        self.enter(opening)
        self.advance()
        if self.at(OP, ")"):
            raise ExpressionError(
                "empty parentheses", opening.start, "put an expression between '(' and ')'"
            )
        node = self.or_expr()
        self.expect_close(")", opening, separated=False)
        self.depth -= 1
        return node

    def list_literal(self, opening: Token) -> Node:
        self.enter(opening)
        self.advance()
        items: list[Node] = []
        if not self.at(OP, "]"):
            items.append(self.or_expr())
            while self.at(OP, ","):
                self.advance()
                items.append(self.or_expr())
        closing = self.expect_close("]", opening)
        self.depth -= 1
        return ListLit(tuple(items), opening.start, closing.end)
