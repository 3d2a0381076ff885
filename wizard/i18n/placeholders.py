"""Placeholders a translation must keep: ``%(name)s``, ``{page}``, ``{vornamen}``.

A translation that drops ``%(date)s`` hides information; one that adds or
renames a placeholder crashes the page (KeyError while formatting) or shows
``{vorname}`` literally. Such an entry counts as not translated in
``wizard i18n status`` and is left out of the compiled catalog, so the user
sees the source text instead.

Rules:

* ``{…}`` (str.format and the form templates of item labels) and, in UI
  strings, ``%(name)s``/``%s``/``%%`` must appear in the translation as in the
  source. ``{{``/``}}`` are literal braces, not placeholders; spaces inside
  braces do not matter (``{ vornamen }`` is ``{vornamen}``).
* Item-label templates (``…repeat.item_label``/``item_title``) must have the
  very same placeholders, each as often as in the source.
* Plural forms may leave out the count (``%(num)d``): Arabic "حرف واحد" for n=1
  says "one character" without the number.
"""

from __future__ import annotations

import re
from collections import Counter

from babel.messages.catalog import Message

_BRACE = re.compile(r"\{([^{}]*)\}")
_PERCENT = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]"
    r"|%[-#0+]*\d*(?:\.\d+)?[sdifr](?![A-Za-z])"
    r"|%%"
)
_COUNT = {"%(num)d", "%(num)s", "{num}", "%d"}
TEMPLATE_SUFFIXES = ("repeat.item_label", "repeat.item_title")


def brace_placeholders(text: str) -> Counter[str]:
    """``{…}`` placeholders with their count, escapes ``{{``/``}}`` left out."""
    unescaped = text.replace("{{", "").replace("}}", "")
    return Counter("{" + re.sub(r"\s+", "", m.group(1)) + "}" for m in _BRACE.finditer(unescaped))


def percent_placeholders(text: str) -> Counter[str]:
    """``%(name)s``, ``%s`` and ``%%`` with their count."""
    return Counter(m.group(0) for m in _PERCENT.finditer(text))


def placeholders(text: str, *, percent: bool) -> Counter[str]:
    found = brace_placeholders(text)
    if percent and _has_named_or_plain(text):
        found += percent_placeholders(text)
    return found


def _has_named_or_plain(text: str) -> bool:
    return any(m.group(0) != "%%" for m in _PERCENT.finditer(text))


def is_template(context: str | None) -> bool:
    """Whether ``context`` names an item-label template (``<form>|steps.x.repeat.item_label``)."""
    return bool(context) and context.endswith(TEMPLATE_SUFFIXES)  # type: ignore[union-attr]


def problems(message: Message, *, percent: bool) -> list[str]:
    """What is wrong with the placeholders of ``message``'s translation ([] when fine).

    ``percent`` says whether %-placeholders apply (UI strings); form texts are
    never %-formatted, so a "%" there is just a percent sign.
    """
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    strings = (
        list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
    )
    plural = len(ids) > 1
    formatted = percent and any(_has_named_or_plain(i) for i in ids)
    # positional %s/%d are formatted with a tuple; only named ones can be probed
    positional = any("%" in _NAMED_OR_ESCAPE.sub("", i) for i in ids)
    wanted: Counter[str] = Counter()
    for msgid in ids:
        wanted |= placeholders(msgid, percent=formatted)
    exact = is_template(message.context)
    found = []
    for index, text in enumerate(strings):
        if not text:
            continue
        where = f"msgstr[{index}]" if plural else "translation"
        got = placeholders(text, percent=formatted)
        missing = set(wanted) - set(got)
        if plural:
            missing -= _COUNT
        added = set(got) - set(wanted) - {"%%"}
        if missing:
            found.append(f"{where} lacks {', '.join(sorted(missing))}")
        if added:
            found.append(f"{where} has unknown {', '.join(sorted(added))}")
        if exact and not missing and not added and got != wanted:
            counts = ", ".join(f"{p} ×{got[p]} (source ×{wanted[p]})" for p in sorted(wanted))
            found.append(f"{where} repeats placeholders: {counts}")
        if wanted.keys() & {p for p in wanted if p.startswith("{")} and _stray_brace(text):
            found.append(f"{where} has a single {{ or }} (write {{{{ or }}}} for a brace)")
        if formatted and not positional and not _formats(text):
            found.append(f"{where} is not a valid %-format (write %% for a percent sign)")
    return found


def _stray_brace(text: str) -> bool:
    rest = _BRACE.sub("", text.replace("{{", "").replace("}}", ""))
    return "{" in rest or "}" in rest


_NAMED_OR_ESCAPE = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%%"
)


class _Anything(dict):
    """A mapping that has every key, to try a %-format string without its real values."""

    def __missing__(self, key: str) -> int:
        return 1


def _formats(text: str) -> bool:
    """Whether ``text % {...}`` formats cleanly: every "%" is ``%(name)x`` or ``%%``.

    "100 % sicher" would not raise but print "100 {…}icher"; "50 % Rabatt"
    raises ValueError. Both are caught here.
    """
    if "%" in _NAMED_OR_ESCAPE.sub("", text):
        return False
    try:
        text % _Anything()
    except (ValueError, TypeError, KeyError):
        return False
    return True
