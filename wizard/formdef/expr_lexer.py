"""Tokenizer of the expression language.

A lexical error does not raise immediately: it becomes the last token of the
stream. The parser raises it only when it reaches that token, so errors are
reported in source order (an earlier syntax error wins over a later bad
character), and ``rename`` can reuse the same tokens.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from .expr_ast import KEYWORDS, MAX_NUMBER_DIGITS, MAX_SOURCE_LENGTH, ExpressionError

NUMBER = "number"
STRING = "string"
NAME = "name"
KEYWORD = "keyword"
OP = "op"
EOF = "eof"
ERROR = "error"


class Token(NamedTuple):
    """One token; ``value`` is the parsed literal, the name, the operator or the error."""

    kind: str
    value: object
    start: int
    end: int


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DIGITS = re.compile(r"[0-9]+")
_WHITESPACE = " \t\r\n"
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n"}
_TWO_CHAR_OPS = ("==", "!=", "<=", ">=")
_ONE_CHAR_OPS = "<>+-*/%()[],."
_UMLAUT_HINT = "names use ASCII letters only: write ä as ae, ö as oe, ü as ue, ß as ss"

# Characters from other languages with a known meaning here: a message that
# names the right operator is worth more than "unexpected character".
_FORBIDDEN: dict[str, tuple[str, str | None]] = {
    "**": ("exponentiation is not supported", "multiply explicitly, e.g. x * x"),
    "^": ("exponentiation is not supported", "multiply explicitly, e.g. x * x"),
    "//": ("'//' is not supported", "use '/' and round(), e.g. round(a / b)"),
    "&&": ("'&&' is not supported", "use 'and'"),
    "||": ("'||' is not supported", "use 'or'"),
    "&": ("'&' is not supported", "use 'and'"),
    "|": ("'|' is not supported", "use 'or'"),
    "!": ("'!' is not supported", "use 'not', or '!=' to compare"),
    ":=": ("assignment is not allowed", "use '==' to compare"),
    "=": ("assignment is not allowed", "use '==' to compare"),
    ";": ("';' is not allowed", "write a single expression"),
    ":": ("':' is not allowed", "there are no lambdas, slices or dictionaries"),
    "{": ("braces are not allowed", "use [a, b] for a list"),
    "}": ("braces are not allowed", "use [a, b] for a list"),
}
_RESERVED_WORDS: dict[str, tuple[str, str | None]] = {
    "lambda": ("lambda is not allowed", "write the condition directly"),
    "is": ("'is' is not supported", "use '==' or '!='"),
}


def _error(message: str, offset: int, hint: str | None = None) -> Token:
    return Token(ERROR, ExpressionError(message, offset, hint), offset, offset)


def tokenize(source: str) -> list[Token]:
    """Split ``source`` into tokens ending with EOF, or with one ERROR token."""
    if len(source) > MAX_SOURCE_LENGTH:
        return [
            _error(
                f"expression is too long ({len(source)} characters, at most {MAX_SOURCE_LENGTH})",
                MAX_SOURCE_LENGTH,
                "split it into computed values",
            )
        ]
    tokens: list[Token] = []
    pos = 0
    length = len(source)
    while pos < length:
        char = source[pos]
        if char in _WHITESPACE:
            pos += 1
            continue
        if "0" <= char <= "9":
            token = _number(source, pos)
        elif char == "_" or ("A" <= char <= "Z") or ("a" <= char <= "z"):
            token = _name(source, pos)
        elif char in "\"'":
            token = _string(source, pos)
        else:
            token = _operator(source, pos, tokens)
        tokens.append(token)
        if token.kind == ERROR:
            return tokens
        pos = token.end
    tokens.append(Token(EOF, None, length, length))
    return tokens


def _number(source: str, pos: int) -> Token:
    match = _DIGITS.match(source, pos)
    assert match is not None  # called on a digit
    end = match.end()
    digits = end - pos
    is_decimal = False
    if source.startswith(".", end):
        fraction = _DIGITS.match(source, end + 1)
        if fraction is None:
            after = source[end + 1 : end + 2]
            if after.isalpha() or after == "_":
                return _error("attribute access is not allowed", end)
            return _error("a decimal point must be followed by digits", end, "write e.g. 12.0")
        digits += fraction.end() - end - 1
        end = fraction.end()
        is_decimal = True
    if digits > MAX_NUMBER_DIGITS:
        return _error(
            f"number is too long (more than {MAX_NUMBER_DIGITS} digits)",
            pos,
            "numbers in forms never need that many digits",
        )
    after = source[end : end + 1]
    if after and (after.isalnum() or after == "_"):
        hint = "scientific notation is not supported" if after in "eE" else None
        if after == "_":
            hint = "write numbers without separators, e.g. 1000"
        return _error("a number must not be followed directly by a letter", end, hint)
    text = source[pos:end]
    value: int | Decimal = Decimal(text) if is_decimal else int(text)
    return Token(NUMBER, value, pos, end)


def _name(source: str, pos: int) -> Token:
    match = _NAME.match(source, pos)
    assert match is not None  # called on a letter or underscore
    end = match.end()
    name = match.group()
    after = source[end : end + 1]
    if after and after.isalnum():  # a non-ASCII letter or digit continues the name
        return _error("names may only contain ASCII letters, digits and '_'", end, _UMLAUT_HINT)
    if name.startswith("_"):
        return _error("names must not start with '_'", pos, "internal names are not reachable")
    if "__" in name:
        return _error("names must not contain '__'", pos + name.index("__"))
    if name in KEYWORDS:
        return Token(KEYWORD, name, pos, end)
    reserved = _RESERVED_WORDS.get(name)
    if reserved is not None:
        return _error(reserved[0], pos, reserved[1])
    return Token(NAME, name, pos, end)


def _string(source: str, pos: int) -> Token:
    quote = source[pos]
    parts: list[str] = []
    index = pos + 1
    length = len(source)
    while index < length:
        char = source[index]
        if char == quote:
            return Token(STRING, "".join(parts), pos, index + 1)
        if char == "\\":
            escaped = source[index + 1 : index + 2]
            if escaped not in _ESCAPES:
                shown = escaped or "end of text"
                return _error(
                    f"unknown escape '\\{shown}' in a string",
                    index,
                    "supported escapes: \\\\ \\' \\\" \\n",
                )
            parts.append(_ESCAPES[escaped])
            index += 2
            continue
        parts.append(char)
        index += 1
    return _error("unterminated string", pos, f"close it with {quote}")


def _operator(source: str, pos: int, tokens: list[Token]) -> Token:
    two = source[pos : pos + 2]
    if two in _TWO_CHAR_OPS:
        return Token(OP, two, pos, pos + 2)
    for text in (two, source[pos]):
        forbidden = _FORBIDDEN.get(text)
        if forbidden is not None:
            return _error(forbidden[0], pos, forbidden[1])
    char = source[pos]
    if char == "." and source[pos + 1 : pos + 2].isdigit() and not _ends_operand(tokens):
        return _error("a decimal number needs a digit before the point", pos, "write e.g. 0.5")
    if char in _ONE_CHAR_OPS:
        return Token(OP, char, pos, pos + 1)
    if char.isalpha():
        return _error("names may only contain ASCII letters, digits and '_'", pos, _UMLAUT_HINT)
    if char.isspace():
        return _error(
            "unusual white space (e.g. a non-breaking space)", pos, "replace it by a normal space"
        )
    return _error(f"unexpected character {char!r}", pos)


def _ends_operand(tokens: list[Token]) -> bool:
    """Whether the previous token can end an operand (then '.' is attribute access)."""
    if not tokens:
        return False
    last = tokens[-1]
    if last.kind in (NAME, NUMBER, STRING):
        return True
    if last.kind == KEYWORD:
        return last.value in ("true", "false", "null")
    return last.kind == OP and last.value in (")", "]")
