"""The evaluation environment: answers as the expression language sees them.

An answer on a hidden step, or in a hidden field, is kept in storage (the user
may come back to it) but reads as *unanswered* here, so it can never steer a
condition or reach an output. Visibility is decided lazily and memoised per
environment; the checker guarantees conditions only look backwards, so this
recursion always ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ..formdef import model as m
from ..formdef.checker import FormIndex, GroupIndex
from .values import typed

_MISSING = object()


def truthy(value: Any) -> bool:
    """Conditions are true only when they evaluate to exactly True."""
    return value is True


class FormEnv:
    """Top-level answers of one form."""

    def __init__(self, ix: FormIndex, answers: Mapping[str, Any], today: dt.date) -> None:
        self.ix = ix
        self.answers = answers
        self.today = today
        self.index: int | None = None
        self._values: dict[str, Any] = {}
        self._steps: dict[str, bool] = {}
        self._fields: dict[int, bool] = {}
        self._items: dict[str, list[ItemEnv]] = {}

    # -- the Env protocol of the expression language
    def get(self, name: str) -> Any:
        value = self._values.get(name, _MISSING)
        if value is _MISSING:
            value = self._lookup(name)
            self._values[name] = value
        return value

    def items(self, group: str) -> Sequence[ItemEnv]:
        envs = self._items.get(group)
        if envs is None:
            gix = self.ix.groups.get(group)
            raw = self.answers.get(group)
            if gix is None or not isinstance(raw, list) or not self.step_visible(gix.step):
                envs = []
            else:
                envs = [
                    ItemEnv(self, gix, item, number)
                    for number, item in enumerate(raw, start=1)
                    if isinstance(item, Mapping)
                ]
            self._items[group] = envs
        return envs

    # -- visibility
    def step_visible(self, step: m.Step) -> bool:
        visible = self._steps.get(step.id)
        if visible is None:
            expr = self.ix.expr(step, "when")
            visible = expr is None or truthy(expr(self))
            self._steps[step.id] = visible
        return visible

    def field_active(self, f: m.FieldBase) -> bool:
        """The field's step is visible and its own condition holds."""
        key = id(f)
        active = self._fields.get(key)
        if active is None:
            step = self.ix.step_of.get(f.id)
            active = step is not None and self.step_visible(step)
            if active:
                expr = self.ix.expr(f, "when")
                active = expr is None or truthy(expr(self))
            self._fields[key] = active
        return active

    def _lookup(self, name: str) -> Any:
        f = self.ix.fields.get(name)
        if f is not None:
            return typed(f, self.answers.get(name)) if self.field_active(f) else None
        c = self.ix.computed.get(name)
        if c is not None:
            return evaluate(self.ix, c, "expr", self)
        return None


class ItemEnv:
    """One item of a repeating group; names fall back to the form's answers."""

    def __init__(self, parent: FormEnv, gix: GroupIndex, item: Mapping[str, Any], number: int):
        self.parent = parent
        self.gix = gix
        self.answers = item
        self.index: int | None = number
        self.today = parent.today
        self.ix = parent.ix
        self._values: dict[str, Any] = {}
        self._pages: dict[str, bool] = {}
        self._fields: dict[int, bool] = {}

    def get(self, name: str) -> Any:
        value = self._values.get(name, _MISSING)
        if value is _MISSING:
            value = self._lookup(name)
            self._values[name] = value
        return value

    def items(self, group: str) -> Sequence[ItemEnv]:
        return self.parent.items(group)

    def page_visible(self, page: m.ItemPage) -> bool:
        visible = self._pages.get(page.id)
        if visible is None:
            expr = self.ix.expr(page, "when")
            visible = expr is None or truthy(expr(self))
            self._pages[page.id] = visible
        return visible

    def field_active(self, f: m.FieldBase, page: m.ItemPage | None = None) -> bool:
        key = id(f)
        active = self._fields.get(key)
        if active is None:
            page = page or self._page_of(f)
            active = page is not None and self.page_visible(page)
            if active:
                expr = self.ix.expr(f, "when")
                active = expr is None or truthy(expr(self))
            self._fields[key] = active
        return active

    def _page_of(self, f: m.FieldBase) -> m.ItemPage | None:
        for page in self.gix.repeat.item_pages:
            if any(x is f for x in page.fields):
                return page
        return None

    def _lookup(self, name: str) -> Any:
        f = self.gix.fields.get(name)
        if f is not None:
            return typed(f, self.answers.get(name)) if self.field_active(f) else None
        c = self.gix.computed.get(name)
        if c is not None:
            return evaluate(self.ix, c, "expr", self)
        return self.parent.get(name)


def evaluate(ix: FormIndex, node: m.Node, key: str, env: FormEnv | ItemEnv) -> Any:
    """Evaluate the compiled expression at ``node.key`` (None when there is none)."""
    expr = ix.expr(node, key)
    return None if expr is None else expr(env)
