"""Text templates with embedded expressions, for item labels and titles.

``"Kind {index}: {vorname} {nachname}"`` — each ``{…}`` holds an
expression; ``{{`` and ``}}`` stand for literal braces; ``{index}`` is short
for ``{index()}``, the item number. Error offsets are
offsets into the whole template text, so the loader can point at the column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .expr_ast import Expression, ExpressionError
from .expr_types import Scope

MAX_TEMPLATE_LENGTH = 10_000
# "{index}" in a label means the item number, as authors naturally write it.
INDEX_SHORTHAND = "index"


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One ``{expression}``; ``offset`` is where its source starts in the template."""

    expression: Expression
    offset: int


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template: literal text pieces and placeholders, in order."""

    text: str
    parts: tuple[str | Placeholder, ...]

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        """The placeholders only."""
        return tuple(part for part in self.parts if isinstance(part, Placeholder))


def plain_format(value: object) -> str:
    """Default formatting for render_template: lists joined by ", ", others by str()."""
    if isinstance(value, list):
        return ", ".join(plain_format(item) for item in value if item is not None)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _placeholder_end(text: str, start: int) -> int:
    """The index of the ``}`` closing the placeholder opened at ``start``.

    Quotes are respected, so ``{if(a, "}", "")}`` is one placeholder.
    """
    quote = ""
    index = start + 1
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "}":
            return index
        elif char == "{":
            raise ExpressionError(
                "'{' inside a placeholder", index, "write '{{' outside placeholders for a brace"
            )
        index += 1
    raise ExpressionError(
        "unclosed '{' in the text", start, "close it with '}', or write '{{' for a literal brace"
    )


def split_template(text: str) -> list[tuple[str, int]]:
    """Raw pieces: ``(literal text, -1)`` or ``(expression source, its offset)``.

    Shared by parse_template and rename_template, so both read templates the
    same way.
    """
    if len(text) > MAX_TEMPLATE_LENGTH:
        raise ExpressionError(
            f"text is too long ({len(text)} characters, at most {MAX_TEMPLATE_LENGTH})",
            MAX_TEMPLATE_LENGTH,
        )
    pieces: list[tuple[str, int]] = []
    buffer: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char in "{}" and text.startswith(char * 2, index):
            buffer.append(char)
            index += 2
            continue
        if char == "}":
            raise ExpressionError("single '}' in the text", index, "write '}}' for a literal brace")
        if char == "{":
            end = _placeholder_end(text, index)
            if buffer:
                pieces.append(("".join(buffer), -1))
                buffer = []
            pieces.append((text[index + 1 : end], index + 1))
            index = end + 1
            continue
        buffer.append(char)
        index += 1
    if buffer:
        pieces.append(("".join(buffer), -1))
    return pieces


def parse_template(text: str, parse: Callable[[str], Expression]) -> Template:
    """Parse ``text``; errors carry offsets into ``text``."""
    parts: list[str | Placeholder] = []
    for piece, offset in split_template(text):
        if offset < 0:
            parts.append(piece)
            continue
        if not piece.strip():
            raise ExpressionError("empty placeholder '{}'", offset - 1, "write '{{}}' for braces")
        if piece.strip() == INDEX_SHORTHAND:
            piece = "index()"
        try:
            parts.append(Placeholder(parse(piece), offset))
        except ExpressionError as error:
            raise error.shifted(offset) from None
    return Template(text, tuple(parts))


def rename_template(
    text: str, mapping: Mapping[str, str], rename: Callable[[str, Mapping[str, str]], str]
) -> str:
    """``text`` with names in its placeholders renamed; literal text stays verbatim."""
    out: list[str] = []
    for piece, offset in split_template(text):
        if offset < 0:
            out.append(piece.replace("{", "{{").replace("}", "}}"))
        elif piece.strip() == INDEX_SHORTHAND:
            out.append("{" + piece + "}")
        else:
            out.append("{" + rename(piece, mapping) + "}")
    return "".join(out)


class CompiledTemplate:
    """A template whose placeholders are compiled closures."""

    __slots__ = ("template", "_parts")

    def __init__(self, template: Template, parts: list[str | Callable[[Any], object]]) -> None:
        self.template = template
        self._parts = parts

    def render(self, env: Any, format_value: Callable[[object], str] = plain_format) -> str:
        """The text with every placeholder's value formatted; null renders as ''."""
        out: list[str] = []
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = part(env)
            if value is not None:
                out.append(format_value(value))
        return "".join(out)


def check_template_parts(
    template: Template,
    check: Callable[[Expression, Scope], tuple[Any, list[ExpressionError]]],
    scope: Scope,
) -> list[ExpressionError]:
    """All errors of all placeholders, with offsets into the template text."""
    errors: list[ExpressionError] = []
    for placeholder in template.placeholders:
        _type, found = check(placeholder.expression, scope)
        errors.extend(error.shifted(placeholder.offset) for error in found)
    return errors
