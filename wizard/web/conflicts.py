"""What to show when a save was refused because the draft changed in between.

Client and advisor may edit the same draft. Every form carries the version it
was drawn from; a stale submit is not written (the store raises
``VersionConflict``) and the page comes back with what the user typed still in
the inputs *and* the newer stored answers of that page listed above, so the
user can compare and send again. Nothing is overwritten silently, nothing lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..formdef import model as m
from ..i18n import display, formtext


@dataclass(frozen=True)
class StoredAnswer:
    field_id: str
    question: str
    answer: str
    """'' when the newer version has no answer to this question."""


def newer_answers(
    form: m.FormDef,
    fields: Iterable[m.FieldBase],
    stored: Mapping[str, Any],
    path_of: Callable[[m.FieldBase], str],
    locale: str,
) -> list[StoredAnswer]:
    """The stored (newer) answers of one page's questions, as text in ``locale``."""
    rows = []
    for f in fields:
        if not f.has_value:
            continue
        path = path_of(f)
        rows.append(
            StoredAnswer(
                f.id,
                formtext.translate(form, f"{path}.label", f.label, locale),
                display.format_answer(form, f, path, stored.get(f.id), locale),
            )
        )
    return rows


def for_step(
    form: m.FormDef, step_: m.Step, answers: Mapping[str, Any], locale: str
) -> list[StoredAnswer]:
    """The newer stored answers of a step page (its questions visible with those answers)."""
    from .. import engine
    from ..i18n.formtext import field_path

    visible = engine.visible_fields(form, step_, answers)
    return newer_answers(form, visible, answers, lambda f: field_path(step_, f), locale)


def for_item(
    form: m.FormDef,
    step_: m.Step,
    page: m.ItemPage,
    answers: Mapping[str, Any],
    number: int,
    locale: str,
) -> list[StoredAnswer]:
    """The newer stored answers of one page of item ``number`` of a repeating group."""
    from .. import engine
    from ..i18n.formtext import field_path

    items = engine.items(answers, step_.id)
    stored = items[number - 1] if number <= len(items) else {}
    visible = engine.item_visible_fields(form, step_.id, page, answers, number)
    return newer_answers(form, visible, stored, lambda f: field_path(step_, f), locale)
