"""Environments: where evaluation reads answers from.

The engine provides its own environment (visibility rules, typed stored
answers); :class:`DictEnv` is the plain one for tests, tools and benchmarks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

_MISSING = object()


@runtime_checkable
class Env(Protocol):
    """What compiled expressions read. ``get`` returns None for unanswered names;
    ``items`` returns one environment per item of a repeating group, each with
    its 1-based ``index``; ``today`` is the reference date of ``today()`` and ``age()``."""

    today: dt.date
    index: int | None

    def get(self, name: str) -> object:
        """The answer (or computed value) called ``name``, None when unanswered."""
        ...

    def items(self, group: str) -> Sequence[Env]:
        """The item environments of the repeating group ``group`` (empty if none)."""
        ...


class DictEnv:
    """Answers in a dict: plain values, repeating groups as lists of dicts.

    An item environment reads its own dict first and falls back to the parent
    for names it does not contain, so item-scoped expressions can use outer
    answers. A key present with None means "unanswered here" and does not fall
    back: put unanswered item fields in as None when an item field has the
    same name as an outer one. Item environments are built on first use and reused while the
    group's list still holds the same dicts, so aggregating over a group many
    times in one request does not rebuild them.
    """

    __slots__ = ("_answers", "_parent", "today", "index", "_groups")

    def __init__(
        self,
        answers: Mapping[str, object] | None = None,
        today: dt.date | None = None,
        *,
        parent: DictEnv | None = None,
        index: int | None = None,
    ) -> None:
        self._answers: Mapping[str, object] = answers if isinstance(answers, Mapping) else {}
        self._parent = parent
        if today is None:
            today = parent.today if parent is not None else dt.date.today()
        self.today = today
        self.index = index
        self._groups: dict[str, tuple[list[object], tuple[DictEnv, ...]]] = {}

    def get(self, name: str) -> object:
        value = self._answers.get(name, _MISSING)
        if value is _MISSING:
            return self._parent.get(name) if self._parent is not None else None
        return value

    def items(self, group: str) -> Sequence[DictEnv]:
        raw: Any = self._answers.get(group, _MISSING)
        if raw is _MISSING:
            return self._parent.items(group) if self._parent is not None else ()
        if type(raw) is not list and type(raw) is not tuple:
            return ()
        cached = self._groups.get(group)
        if cached is not None and _same_items(cached[0], raw):
            return cached[1]
        # Numbers count every entry, like the engine's item numbers; entries
        # that are no dicts are broken data and are skipped.
        envs = tuple(
            DictEnv(item, self.today, parent=self, index=number)
            for number, item in enumerate(raw, start=1)
            if isinstance(item, Mapping)
        )
        self._groups[group] = (list(raw), envs)
        return envs

    def __repr__(self) -> str:
        return f"DictEnv({dict(self._answers)!r}, index={self.index!r})"


def _same_items(seen: list[object], current: Sequence[object]) -> bool:
    return len(seen) == len(current) and all(a is b for a, b in zip(seen, current, strict=True))
