"""Which steps and fields are shown now, and where Next and Back lead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..formdef import model as m
from ..formdef.checker import index_of
from .env import FormEnv, ItemEnv, evaluate, truthy

Answers = Mapping[str, Any]


def today() -> dt.date:
    return dt.date.today()


def env_for(form: m.FormDef, answers: Answers, on: dt.date | None = None) -> FormEnv:
    """An evaluation environment over ``answers`` (dates relative to ``on``)."""
    return FormEnv(index_of(form), answers, on or today())


def visible_steps(form: m.FormDef, answers: Answers, on: dt.date | None = None) -> list[m.Step]:
    env = env_for(form, answers, on)
    return [s for s in form.steps if env.step_visible(s)]


def step(form: m.FormDef, step_id: str) -> m.Step | None:
    return index_of(form).steps.get(step_id)


def next_step(
    form: m.FormDef, answers: Answers, current: str | None, on: dt.date | None = None
) -> m.Step | None:
    """The first visible step after ``current`` (the first step when None); None at the end."""
    env = env_for(form, answers, on)
    steps = form.steps
    start = 0
    if current is not None:
        start = next((i + 1 for i, s in enumerate(steps) if s.id == current), len(steps))
    for s in steps[start:]:
        if env.step_visible(s):
            return s
    return None


def previous_step(
    form: m.FormDef, answers: Answers, current: str, on: dt.date | None = None
) -> m.Step | None:
    """The last visible step before ``current``; None on the first step."""
    env = env_for(form, answers, on)
    steps = form.steps
    end = next((i for i, s in enumerate(steps) if s.id == current), 0)
    for s in reversed(steps[:end]):
        if env.step_visible(s):
            return s
    return None


def visible_fields(
    form: m.FormDef, step_: m.Step, answers: Answers, on: dt.date | None = None
) -> list[m.FieldBase]:
    """Fields of a (non-repeat) step shown for these answers."""
    env = env_for(form, answers, on)
    return [f for f in step_.fields if (env.field_active(f) if f.has_value else _shown(env, f))]


def _shown(env: FormEnv | ItemEnv, f: m.FieldBase) -> bool:
    expr = env.ix.expr(f, "when")
    return expr is None or truthy(evaluate(env.ix, f, "when", env))


def is_required(f: m.FieldBase, env: FormEnv | ItemEnv) -> bool:
    """Whether ``f`` must be answered now (its `required` may be a condition)."""
    if not f.has_value:
        return False
    if isinstance(f.required, bool):
        return f.required
    return truthy(evaluate(env.ix, f, "required", env))


def required_fields(
    form: m.FormDef, step_: m.Step, answers: Answers, on: dt.date | None = None
) -> list[str]:
    """Ids of the fields on ``step_`` that must be answered for these answers."""
    env = env_for(form, answers, on)
    return [f.id for f in step_.fields if env.field_active(f) and is_required(f, env)]


def progress(
    form: m.FormDef, answers: Answers, current: str, on: dt.date | None = None
) -> tuple[int, int, m.Section | None]:
    """(number of the current step, number of visible steps, its section)."""
    steps = visible_steps(form, answers, on)
    ids = [s.id for s in steps]
    number = ids.index(current) + 1 if current in ids else 0
    sections = {s.id: s for s in form.sections}
    current_step = index_of(form).steps.get(current)
    section = sections.get(current_step.section) if current_step and current_step.section else None
    return number, len(steps), section
