"""Walk any form's wizard from a stored-answers file (the format `wizard fill` reads).

Turns stored answers (codes, ISO dates, repeat lists) back into what a browser
would submit, page by page, following the engine's own flow. Used by the
test-client tests and the browser tests of every form in the library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from wizard import engine
from wizard.formdef import model as m


@dataclass
class Page:
    url: str
    data: dict[str, Any]
    kind: str  # "step", "item", "repeat"


def raw_value(f: m.FieldBase, stored: Any) -> Any:
    """A stored answer as form input (what the user would type or pick)."""
    kind = f.type  # type: ignore[attr-defined]
    if stored is None:
        return "" if kind != "multichoice" else []
    if kind == "date":
        d = dt.date.fromisoformat(stored)
        return {
            f"{f.id}-day": str(d.day),
            f"{f.id}-month": str(d.month),
            f"{f.id}-year": str(d.year),
        }
    if kind == "yesno":
        return "yes" if stored else "no"
    if kind == "money":
        return str(stored).replace(".", ",")
    if isinstance(stored, list):
        return list(stored)
    return str(stored)


def page_data(fields: list[m.FieldBase], stored: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in fields:
        if not f.has_value:
            continue
        value = raw_value(f, stored.get(f.id))
        if isinstance(value, dict):
            data.update(value)
        else:
            data[f.id] = value
    return data


def pages(form: m.FormDef, answers: dict[str, Any], on: dt.date | None = None) -> Iterator[Page]:
    """Every page a user fills to reach "check your answers", in order."""
    base = f"/forms/{form.id}"
    current: dict[str, Any] = {}
    step = engine.next_step(form, current, None, on)
    while step is not None:
        if step.repeat is None:
            # everything the step could show; hidden fields are simply not sent by a browser
            yield Page(f"{base}/{step.id}", page_data(step.fields, answers), "step")
            for f in step.fields:
                if f.has_value and answers.get(f.id) is not None:
                    current[f.id] = answers[f.id]
        else:
            items = answers.get(step.id) or []
            for number, item in enumerate(items, start=1):
                done: dict[str, Any] = {}
                for item_page in step.repeat.item_pages:
                    trial = {
                        **current,
                        step.id: [*current.get(step.id, []), done]
                        if number > len(current.get(step.id, []))
                        else current[step.id],
                    }
                    visible = engine.item_pages(form, step.id, trial, number, on)
                    if item_page not in visible:
                        continue
                    yield Page(
                        f"{base}/{step.id}/{number}/{item_page.id}",
                        page_data(item_page.fields, item),
                        "item",
                    )
                    for f in item_page.fields:
                        if f.has_value and item.get(f.id) is not None:
                            done[f.id] = item[f.id]
                current.setdefault(step.id, [])
                if len(current[step.id]) < number:
                    current[step.id].append(done)
                else:
                    current[step.id][number - 1] = done
            yield Page(f"{base}/{step.id}", {"action": "continue"}, "repeat")
        step = engine.next_step(form, current, step.id, on)


def date_raw(iso: str) -> dict[str, str]:
    """Day, month and year boxes as a browser sends them, for an ISO date."""
    d = dt.date.fromisoformat(iso)
    return {"day": str(d.day), "month": str(d.month), "year": str(d.year)}


def submit_like_a_browser(
    form: m.FormDef, answers: dict[str, Any], on: dt.date | None = None
) -> dict[str, Any]:
    """Send every page the wizard shows to the engine, as a browser would; fail on the first refusal.

    Returns the answers the engine stored, to compare with the answers file.
    """
    from werkzeug.datastructures import MultiDict

    from wizard.web.render import raw_input

    stored: dict[str, Any] = {}
    for page in pages(form, answers, on):
        parts = page.url.split("/")[3:]
        if page.kind == "repeat":
            assert engine.check_group(form, parts[0], stored, on) == [], page.url
            continue
        data = MultiDict()
        for key, value in page.data.items():
            for v in value if isinstance(value, list) else [value]:
                data.add(key, v)
        if page.kind == "step":
            step = engine.step(form, parts[0])
            raw = {f.id: raw_input(f, data) for f in step.fields if f.has_value}
            outcome = engine.submit_step(form, parts[0], raw, stored, on)
        else:
            group, number, page_id = parts[0], int(parts[1]), parts[2]
            item_page = next(
                p for p in engine.step(form, group).repeat.item_pages if p.id == page_id
            )
            raw = {f.id: raw_input(f, data) for f in item_page.fields if f.has_value}
            outcome = engine.submit_item_page(form, group, number, page_id, raw, stored, on)
        assert outcome.ok, (page.url, outcome.errors)
        stored = outcome.answers
    return stored
