"""Validating what a user submitted for one page, and merging it into the answers.

Validation happens in two passes. First every field's input is parsed on its
own (type, length, checksum). Then, with the parsed values merged in, the
cross-field rules run: which fields are visible now, which are required, date
bounds and the author's rules. Valid values are merged even when another field
on the page has an error, so nothing the user typed correctly is lost; a field
with an error keeps its previous answer until it is fixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..formdef import model as m
from ..formdef.checker import GroupIndex, index_of
from .env import FormEnv, ItemEnv, evaluate
from .flow import is_required, today
from .values import FieldError, Invalid, Raw, is_empty, parse, typed

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Outcome:
    """The result of submitting a page: the new answers and any errors."""

    answers: dict[str, Any]
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_all(
    fields: list[m.FieldBase], submitted: Mapping[str, Raw], target: dict[str, Any]
) -> dict[str, Invalid]:
    failed: dict[str, Invalid] = {}
    for f in fields:
        if not f.has_value:
            continue
        raw = submitted.get(f.id)
        if is_empty(raw):
            target.pop(f.id, None)
            continue
        try:
            target[f.id] = parse(f, raw)
        except Invalid as err:
            failed[f.id] = err
            target.pop(f.id, None)
    return failed


def _cross_checks(
    fields: list[m.FieldBase],
    env: FormEnv | ItemEnv,
    values: Mapping[str, Any],
    failed: dict[str, Invalid],
    active: Any,
) -> list[FieldError]:
    errors: list[FieldError] = []
    ix = env.ix
    for f in fields:
        if not f.has_value or not active(f):
            continue
        err = failed.get(f.id)
        if err is not None:
            errors.append(FieldError(f.id, err.code, err.params, err.message))
            continue
        if values.get(f.id) is None:
            if is_required(f, env):
                errors.append(FieldError(f.id, "required"))
            continue
        if isinstance(f, m.DateField):
            value = typed(f, values[f.id])
            low = evaluate(ix, f, "min", env)
            high = evaluate(ix, f, "max", env)
            if isinstance(low, dt.date) and value < low:
                errors.append(FieldError(f.id, "date_too_early", {"min": low}, f.min_message))
                continue
            if isinstance(high, dt.date) and value > high:
                errors.append(FieldError(f.id, "date_too_late", {"max": high}, f.max_message))
                continue
        for rule in f.rules:
            if evaluate(ix, rule, "rule", env) is False:
                errors.append(FieldError(f.id, "rule", {}, rule.message))
                break
    return errors


def submit_step(
    form: m.FormDef,
    step_id: str,
    submitted: Mapping[str, Raw],
    answers: Answers,
    on: dt.date | None = None,
) -> Outcome:
    """Validate the page ``step_id`` and merge its values into a copy of ``answers``."""
    ix = index_of(form)
    step = ix.steps.get(step_id)
    if step is None or step.repeat is not None:
        raise KeyError(step_id)
    merged = dict(answers)
    failed = _parse_all(step.fields, submitted, merged)
    env = FormEnv(ix, merged, on or today())
    errors = _cross_checks(step.fields, env, merged, failed, env.field_active)
    for fid in failed:  # keep the last good answer of a field the user mistyped
        if fid in answers:
            merged[fid] = answers[fid]
    return Outcome(merged, errors)


# --------------------------------------------------------------------------- repeats


def group(form: m.FormDef, group_id: str) -> GroupIndex:
    gix = index_of(form).groups.get(group_id)
    if gix is None:
        raise KeyError(group_id)
    return gix


def items(answers: Answers, group_id: str) -> list[dict[str, Any]]:
    raw = answers.get(group_id)
    return [dict(i) for i in raw if isinstance(i, Mapping)] if isinstance(raw, list) else []


def item_pages(
    form: m.FormDef, group_id: str, answers: Answers, number: int, on: dt.date | None = None
) -> list[m.ItemPage]:
    """Visible pages of item ``number`` (1-based; one past the end for a new item)."""
    gix = group(form, group_id)
    env = _item_env(form, gix, answers, number, on)
    return [p for p in gix.repeat.item_pages if env.page_visible(p)]


def _item_env(
    form: m.FormDef,
    gix: GroupIndex,
    answers: Answers,
    number: int,
    on: dt.date | None,
    item: Mapping[str, Any] | None = None,
) -> ItemEnv:
    parent = FormEnv(index_of(form), answers, on or today())
    current = items(answers, gix.step.id)
    if item is None:
        item = current[number - 1] if 0 < number <= len(current) else {}
    return ItemEnv(parent, gix, item, number)


def item_visible_fields(
    form: m.FormDef,
    group_id: str,
    page: m.ItemPage,
    answers: Answers,
    number: int,
    on: dt.date | None = None,
) -> list[m.FieldBase]:
    gix = group(form, group_id)
    env = _item_env(form, gix, answers, number, on)
    shown = []
    for f in page.fields:
        if f.has_value:
            if env.field_active(f, page):
                shown.append(f)
        elif env.ix.expr(f, "when") is None or evaluate(env.ix, f, "when", env) is True:
            shown.append(f)
    return shown


def submit_item_page(
    form: m.FormDef,
    group_id: str,
    number: int,
    page_id: str,
    submitted: Mapping[str, Raw],
    answers: Answers,
    on: dt.date | None = None,
) -> Outcome:
    """Validate one page of item ``number``; a number one past the end adds an item."""
    gix = group(form, group_id)
    current = items(answers, group_id)
    if not 1 <= number <= len(current) + 1:
        raise KeyError(number)
    adding = number == len(current) + 1
    if adding and len(current) >= gix.repeat.max:
        return Outcome(
            dict(answers), [FieldError(group_id, "too_many_items", {"max": gix.repeat.max})]
        )
    page = next((p for p in gix.repeat.item_pages if p.id == page_id), None)
    if page is None:
        raise KeyError(page_id)
    item = {} if adding else dict(current[number - 1])
    failed = _parse_all(page.fields, submitted, item)
    trial = dict(answers)
    trial[group_id] = [*current[: number - 1], item, *current[number:]]
    env = _item_env(form, gix, trial, number, on, item)
    errors = _cross_checks(page.fields, env, item, failed, lambda f: env.field_active(f, page))
    old = {} if adding else current[number - 1]
    for fid in failed:
        if fid in old:
            item[fid] = old[fid]
    if adding and errors:
        return Outcome(dict(answers), errors)  # nothing half-added; the page re-shows the input
    merged = dict(answers)
    merged[group_id] = [*current[: number - 1], item, *current[number:]]
    return Outcome(merged, errors)


def remove_item(form: m.FormDef, group_id: str, number: int, answers: Answers) -> dict[str, Any]:
    """A copy of ``answers`` without item ``number`` (1-based)."""
    group(form, group_id)
    current = items(answers, group_id)
    if not 1 <= number <= len(current):
        raise KeyError(number)
    merged = dict(answers)
    merged[group_id] = current[: number - 1] + current[number:]
    return merged


def item_missing(
    form: m.FormDef, group_id: str, answers: Answers, number: int, on: dt.date | None = None
) -> list[tuple[str, str]]:
    """(page id, field id) of required answers item ``number`` still lacks."""
    gix = group(form, group_id)
    env = _item_env(form, gix, answers, number, on)
    missing = []
    for page in gix.repeat.item_pages:
        if not env.page_visible(page):
            continue
        for f in page.fields:
            if f.has_value and env.field_active(f, page) and is_required(f, env):
                if env.answers.get(f.id) is None:
                    missing.append((page.id, f.id))
    return missing


def check_group(
    form: m.FormDef, group_id: str, answers: Answers, on: dt.date | None = None
) -> list[FieldError]:
    """Errors that stop the user leaving a repeat's summary page."""
    gix = group(form, group_id)
    current = items(answers, group_id)
    errors = []
    if len(current) < gix.repeat.min:
        errors.append(FieldError(group_id, "too_few_items", {"min": gix.repeat.min}))
    if len(current) > gix.repeat.max:
        errors.append(FieldError(group_id, "too_many_items", {"max": gix.repeat.max}))
    for number in range(1, len(current) + 1):
        if item_missing(form, group_id, answers, number, on):
            errors.append(FieldError(group_id, "item_incomplete", {"number": number}))
    return errors
