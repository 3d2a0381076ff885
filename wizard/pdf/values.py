"""Check and normalise the values of a fill before anything is written.

Every value is checked against its field first (unknown names, wrong types,
options that do not exist, text longer than /MaxLen, characters no shipped
font can draw), and all problems are reported together in one
:class:`FillError`. A fill therefore either succeeds completely or writes
nothing, and never puts a "?" or an empty box on an official form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from wizard.formdef.suggest import did_you_mean
from wizard.pdf import fonts, layout
from wizard.pdf.errors import FieldProblem, FillError
from wizard.pdf.fields import COMBO, EDIT, MULTILINE, MULTISELECT, FieldNode, export_values


@dataclass(frozen=True)
class Text:
    text: str  # normalised: NFC, line breaks unified


@dataclass(frozen=True)
class State:
    state: str | None  # on-state key (pypdf spelling) or None for off


@dataclass(frozen=True)
class Choice:
    exports: tuple[str, ...]
    indices: tuple[int, ...]  # into the option list; empty for free text
    display: str  # what a combo box shows


Planned = Text | State | Choice


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} ({char!r})" if char.isprintable() else f"U+{ord(char):04X}"


def _coverage(text: str) -> str | None:
    missing = fonts.uncovered(text)
    if not missing:
        return None
    listed = ", ".join(_describe(c) for c in missing[:5])
    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
    return f"no embedded font can draw {listed}{more}"


def _invalid(value: object, options: list[str]) -> str:
    hint = did_you_mean(str(value), options) if options else None
    listed = ", ".join(repr(o) for o in options[:12]) + (" ..." if len(options) > 12 else "")
    message = f"{value!r} is not one of its options ({listed or 'none'})"
    return message + (f"; did you mean {hint!r}?" if hint else "")


def _text(node: FieldNode, value: object, truncate: bool) -> Planned | str:
    if value is None:
        value = ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return f"expects text, got {type(value).__name__}"
    text = layout.normalize(str(value), multiline=bool(node.flags & MULTILINE))
    limit = node.max_len
    if limit is not None and len(text) > limit:
        if not truncate:
            return f"{len(text)} characters, but the field allows at most {limit}"
        text = text[:limit]
    problem = _coverage(text)
    return problem if problem else Text(text)


def _button(node: FieldNode, value: object, decode: Callable[[str], str]) -> Planned | str:
    states = node.on_states()
    exports = export_values(node)
    if value is None or value is False:
        return State(None)
    if value is True:
        if node.kind == "radio":
            return "a radio group takes one of its options, not true"
        if len(states) > 1:
            names = ", ".join(repr(decode(s)) for s in states)
            return f"has several on-states ({names}); give one of them instead of true"
        return State(states[0] if states else "/Yes")
    if not isinstance(value, str):
        expected = "true or false" if node.kind == "checkbox" else "one of its options"
        return f"expects {expected}, got {type(value).__name__}"
    for state in states:
        if value in (decode(state), state, exports.get(state)):
            return State(state)
    if value == "Off":
        return State(None)
    options = list(dict.fromkeys([exports.get(s, decode(s)) for s in states]))
    return _invalid(value, options)


def _choice(node: FieldNode, value: object) -> Planned | str:
    options = node.options
    multi = bool(node.flags & MULTISELECT)
    if value is None:
        return Choice((), (), "")
    values: list[object] = list(value) if isinstance(value, list | tuple) else [value]
    if len(values) > 1 and not multi:
        return "takes one option (it is not a multi-select list)"
    exports: list[str] = []
    indices: list[int] = []
    for item in values:
        if not isinstance(item, str):
            return f"expects an option as text, got {type(item).__name__}"
        index = next((i for i, (e, _d) in enumerate(options) if e == item), None)
        if index is None:
            index = next((i for i, (_e, d) in enumerate(options) if d == item), None)
        if index is None:
            if node.flags & COMBO and node.flags & EDIT and len(values) == 1:
                problem = _coverage(item)
                return problem if problem else Choice((item,), (), item)
            return _invalid(item, [e for e, _d in options])
        exports.append(options[index][0])
        indices.append(index)
    displays = [options[i][1] for i in indices]
    problem = _coverage("".join(displays))
    if problem:
        return problem
    return Choice(tuple(exports), tuple(indices), displays[0] if displays else "")


def plan(
    fields: Mapping[str, FieldNode],
    values: Mapping[str, object],
    decode: Callable[[str], str],
    *,
    truncate: bool = False,
) -> list[tuple[FieldNode, Planned]]:
    """Each value checked against its field; raises :class:`FillError` listing all problems."""
    problems: list[FieldProblem] = []
    planned: list[tuple[FieldNode, Planned]] = []
    for name, value in values.items():
        node = fields.get(name)
        if node is None:
            hint = did_you_mean(name, fields)
            message = "no such field in this form" + (f"; did you mean {hint!r}?" if hint else "")
            problems.append(FieldProblem(name, message))
            continue
        kind = node.kind
        if kind == "text":
            result = _text(node, value, truncate)
        elif kind in ("checkbox", "radio"):
            result = _button(node, value, decode)
        elif kind == "choice":
            result = _choice(node, value)
        else:
            result = f"is a {kind} field and cannot be filled in"
        if isinstance(result, str):
            problems.append(FieldProblem(name, result))
        else:
            planned.append((node, result))
    if problems:
        raise FillError(problems)
    return planned
