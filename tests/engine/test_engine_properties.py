"""Property-based tests: random answer sequences never break the engine.

Whatever a user (or an attacker) submits, in whatever order, the engine must
answer: errors are codes for fields on the page, answers stay JSON-friendly,
and nothing from a hidden step ever reaches the outputs.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard import engine
from wizard.formdef.loader import load_form

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 21)
FORMS = [
    load_form(Path(__file__).with_name("forms") / "familie.yaml"),
    load_form(ROOT / "forms" / "anmeldung.yaml"),
]

text = st.text(max_size=40)
date_parts = st.fixed_dictionaries(
    {
        "day": st.sampled_from(["", "1", "31", "29", "x", "0"]),
        "month": st.sampled_from(["", "2", "12", "13"]),
        "year": st.sampled_from(["", "1990", "2016", "99", "2100"]),
    }
)


def raw_for(f) -> st.SearchStrategy:
    """Plausible and implausible input for one field."""
    kind = f.type
    choices = [c.code for c in getattr(f, "choices", [])] or ["DE", "SY", "UA", "XXA"]
    plausible = {
        "date": date_parts,
        "yesno": st.sampled_from(["yes", "no", ""]),
        "choice": st.sampled_from([*choices, "", "??"]),
        "multichoice": st.lists(st.sampled_from([*choices, "??"]), max_size=3),
        "country": st.one_of(
            st.sampled_from(choices), st.lists(st.sampled_from(choices), max_size=2)
        ),
        "integer": st.sampled_from(["1", "-5", "12.000", "x", ""]),
        "money": st.sampled_from(["1.234,50", "12", "abc", ""]),
        "iban": st.sampled_from(["DE89370400440532013000", "DE00", ""]),
        "steuer_id": st.sampled_from(["65929970489", "12345678901", ""]),
        "postcode": st.sampled_from(["48143", "123", ""]),
    }.get(kind, text)
    garbage = st.one_of(text, st.lists(text, max_size=2), date_parts, st.none())
    return st.one_of(plausible, garbage)


@st.composite
def submissions(draw):
    form = draw(st.sampled_from(FORMS))
    actions = []
    for _ in range(draw(st.integers(1, 12))):
        step = draw(st.sampled_from(form.steps))
        if step.repeat is None:
            values = {f.id: draw(raw_for(f)) for f in step.fields if f.has_value}
            actions.append(("step", step.id, None, None, values))
        else:
            page = draw(st.sampled_from(step.repeat.item_pages))
            number = draw(st.integers(1, step.repeat.max + 1))
            values = {f.id: draw(raw_for(f)) for f in page.fields if f.has_value}
            action = draw(st.sampled_from(["item", "remove"]))
            actions.append((action, step.id, number, page.id, values))
    return form, actions


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submissions())
def test_random_sequences_keep_the_engine_consistent(case) -> None:
    form, actions = case
    answers: dict = {}
    for action, step_id, number, page_id, values in actions:
        if action == "step":
            outcome = engine.submit_step(form, step_id, values, answers, TODAY)
            page_fields = {f.id for f in engine.step(form, step_id).fields}
            assert {e.field for e in outcome.errors} <= page_fields
            if outcome.ok:
                for fid in engine.required_fields(
                    form, engine.step(form, step_id), outcome.answers, TODAY
                ):
                    assert outcome.answers.get(fid) is not None
            answers = outcome.answers
        elif action == "item":
            count = len(engine.items(answers, step_id))
            if number > count + 1:
                continue
            outcome = engine.submit_item_page(
                form, step_id, number, page_id, values, answers, TODAY
            )
            assert len(engine.items(outcome.answers, step_id)) in (count, count + 1)
            answers = outcome.answers
        else:
            count = len(engine.items(answers, step_id))
            if 1 <= number <= count:
                answers = engine.remove_item(form, step_id, number, answers)
                assert len(engine.items(answers, step_id)) == count - 1
        json.dumps(answers)  # always storable as JSON

    visible = {s.id for s in engine.visible_steps(form, answers, TODAY)}
    effective = engine.effective_answers(form, answers, TODAY)
    for step in form.steps:
        if step.id not in visible:
            names = {step.id} if step.repeat else {f.id for f in step.fields}
            assert not names & set(effective)
    for key, value in effective.items():
        if not isinstance(value, list) or key not in {s.id for s in form.steps}:
            assert answers[key] == value
    # the other pure functions answer for any state
    engine.review(form, answers, TODAY)
    engine.checklist(form, answers, TODAY)
    engine.computed_values(form, answers, TODAY)
    engine.missing(form, answers, TODAY)
    for step in form.steps:
        engine.next_step(form, answers, step.id, TODAY)
        engine.previous_step(form, answers, step.id, TODAY)
