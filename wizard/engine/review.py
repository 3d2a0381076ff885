"""What the answers add up to: completeness, review, checklist, output values.

Everything here looks only at *active* answers — on visible steps, in visible
fields — so an answer the user gave before changing their mind never reaches
the review, the checklist or a PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..formdef import model as m
from ..formdef.checker import index_of
from .env import FormEnv, ItemEnv, evaluate, truthy
from .flow import env_for, is_required
from .submit import check_group

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Missing:
    """A required answer that is not there yet."""

    step_id: str
    field_id: str
    item: int | None = None
    """1-based item number inside a repeating group."""


@dataclass
class ReviewRow:
    field: m.FieldBase
    value: Any
    """The stored answer (None when not answered)."""
    required: bool


@dataclass
class ReviewItem:
    number: int
    label: str
    rows: list[ReviewRow]


@dataclass
class ReviewStep:
    step: m.Step
    rows: list[ReviewRow] = field(default_factory=list)
    items: list[ReviewItem] = field(default_factory=list)


def _item_rows(env: ItemEnv) -> list[ReviewRow]:
    rows = []
    for page in env.gix.repeat.item_pages:
        if not env.page_visible(page):
            continue
        for f in page.fields:
            if f.has_value and env.field_active(f, page):
                rows.append(ReviewRow(f, env.answers.get(f.id), is_required(f, env)))
    return rows


def item_label(
    env: ItemEnv, format_value: Callable[[Any], str] | None = None, *, title: bool = False
) -> str:
    """The item's label from its template, e.g. "Kind 2: Amira"."""
    template = env.gix.item_title if title and env.gix.item_title else env.gix.item_label
    if template is None:
        return str(env.index)
    return template.render(env, format_value or _plain)


def _plain(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


def review(
    form: m.FormDef,
    answers: Answers,
    on: dt.date | None = None,
    format_value: Callable[[Any], str] | None = None,
) -> list[ReviewStep]:
    """Every visible answer with its question, grouped by step (and item)."""
    env = env_for(form, answers, on)
    result = []
    for step in form.steps:
        if not env.step_visible(step):
            continue
        entry = ReviewStep(step)
        if step.repeat is not None:
            for item_env in env.items(step.id):
                label = item_label(item_env, format_value)
                entry.items.append(ReviewItem(item_env.index or 0, label, _item_rows(item_env)))
        else:
            for f in step.fields:
                if f.has_value and env.field_active(f):
                    entry.rows.append(ReviewRow(f, answers.get(f.id), is_required(f, env)))
        result.append(entry)
    return result


def missing(form: m.FormDef, answers: Answers, on: dt.date | None = None) -> list[Missing]:
    """Required answers still missing, in the order the wizard asks them."""
    env = env_for(form, answers, on)
    result: list[Missing] = []
    for step in form.steps:
        if not env.step_visible(step):
            continue
        if step.repeat is not None:
            items = env.items(step.id)
            if len(items) < step.repeat.min:
                result.append(Missing(step.id, step.id))
            for item_env in items:
                for row in _item_rows(item_env):
                    if row.required and row.value is None:
                        result.append(Missing(step.id, row.field.id, item_env.index))
            continue
        for f in step.fields:
            if f.has_value and env.field_active(f) and is_required(f, env):
                if answers.get(f.id) is None:
                    result.append(Missing(step.id, f.id))
    return result


def is_complete(form: m.FormDef, answers: Answers, on: dt.date | None = None) -> bool:
    if missing(form, answers, on):
        return False
    env = env_for(form, answers, on)
    return not any(
        check_group(form, s.id, answers, on)
        for s in form.steps
        if s.repeat is not None and env.step_visible(s)
    )


def first_unfinished_step(
    form: m.FormDef, answers: Answers, on: dt.date | None = None
) -> str | None:
    """Where a resumed session should continue (None when everything is answered)."""
    gaps = missing(form, answers, on)
    return gaps[0].step_id if gaps else None


def computed_values(form: m.FormDef, answers: Answers, on: dt.date | None = None) -> dict[str, Any]:
    env = env_for(form, answers, on)
    return {c.id: env.get(c.id) for c in index_of(form).computed_order}


def checklist(form: m.FormDef, answers: Answers, on: dt.date | None = None) -> list[m.Document]:
    """The documents to bring, for these answers."""
    env = env_for(form, answers, on)
    ix = index_of(form)
    return [
        d
        for d in form.documents
        if ix.expr(d, "when") is None or truthy(evaluate(ix, d, "when", env))
    ]


def effective_answers(
    form: m.FormDef, answers: Answers, on: dt.date | None = None
) -> dict[str, Any]:
    """Only the answers that count: visible steps and fields, items' visible fields."""
    env = env_for(form, answers, on)
    result: dict[str, Any] = {}
    for step in form.steps:
        if not env.step_visible(step):
            continue
        if step.repeat is not None:
            result[step.id] = [
                {row.field.id: row.value for row in _item_rows(i) if row.value is not None}
                for i in env.items(step.id)
            ]
            continue
        for f in step.fields:
            if f.has_value and env.field_active(f) and answers.get(f.id) is not None:
                result[f.id] = answers[f.id]
    return result


def output_env(form: m.FormDef, answers: Answers, on: dt.date | None = None) -> FormEnv:
    """An environment over the effective answers only, for PDFs and summaries."""
    return FormEnv(index_of(form), effective_answers(form, answers, on), on or dt.date.today())
