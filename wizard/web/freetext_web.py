"""Free-text questions answered in the user's own language (see wizard/originals.py).

On a page in another language than German, every ``longtext`` question with
``free_text: true`` offers one of two ways to a German answer:

- ``machine`` (the optional extra and the model for the language are
  installed): a "Translate into German" button. The page comes back with the
  German text in the box, the user's own words beside it and a request to
  check it; Continue keeps it.
- ``manual`` (no machine translation): a request to write German if they can,
  and a box to tick: "my advisor should translate this answer".

Either way nothing is lost: the user's own words stay in the draft's state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..engine.values import FieldError
from ..formdef import model as m
from ..i18n import freetext
from ..originals import ADVISOR, MACHINE, Original, applies
from .render import FieldView

MACHINE_OFFER = "machine"
MANUAL_OFFER = "manual"
TRANSLATE = "translate"
"""Name of the submit button; its value is the question's id."""


def advisor_box(field_id: str) -> str:
    """Name of the "my advisor should translate this" checkbox of a question."""
    return f"{field_id}-advisor"


def offer(f: m.FieldBase, locale: str) -> str | None:
    """How a German answer is offered for ``f`` on a page in ``locale`` (None: not at all)."""
    if locale == "de" or not isinstance(f, m.LongTextField) or not f.free_text:
        return None
    return MACHINE_OFFER if freetext.available(locale) else MANUAL_OFFER


def translate_request(
    fields: Iterable[m.FieldBase], form_data: Mapping[str, Any], locale: str
) -> m.FieldBase | None:
    """The question whose "Translate into German" button was pressed, if it offers one."""
    wanted = form_data.get(TRANSLATE)
    if not wanted:
        return None
    for f in fields:
        if f.id == wanted and offer(f, locale) == MACHINE_OFFER:
            return f
    return None


def translate(
    f: m.FieldBase, raw: dict[str, Any], locale: str
) -> tuple[Original | None, FieldError | None]:
    """Put the German translation of the user's text into ``raw``; the note to keep, or an error."""
    text = raw.get(f.id)
    if not isinstance(text, str) or not text.strip():
        return None, FieldError(f.id, "translate_empty")
    german = freetext.to_german(locale, text)
    if german is None or not german.strip():
        return None, FieldError(f.id, "translate_failed")
    raw[f.id] = german
    return Original(locale, text, MACHINE, german), None


def update_notes(
    notes: Mapping[str, Original],
    fields: Iterable[m.FieldBase],
    answers: Mapping[str, Any],
    path_of: Callable[[str], str],
    form_data: Mapping[str, Any],
    locale: str,
    translated: tuple[str, Original] | None = None,
) -> dict[str, Original]:
    """The notes after a POST of a page: new translations, ticked and unticked boxes.

    ``answers`` are the page's answers as saved (a step's, or one item's).
    Notes that no longer match their answer are dropped.
    """
    result = dict(notes)
    for f in fields:
        if offer(f, locale) is None:
            continue
        key = path_of(f.id)
        answer = answers.get(f.id)
        note = result.get(key)
        if translated is not None and translated[0] == f.id:
            note = translated[1]
        if form_data.get(advisor_box(f.id)) == "1" and isinstance(answer, str) and answer.strip():
            note = Original(locale, answer, ADVISOR)
        elif note is not None and note.mode == ADVISOR:
            note = None
        note = applies(note, answer)
        if note is None:
            result.pop(key, None)
        else:
            result[key] = note
    return result


def decorate(
    view: FieldView, f: m.FieldBase, note: Original | None, locale: str, *, ticked: bool = False
) -> None:
    """Add the free-text offer, the user's own words and the checkbox state to ``view``."""
    view.free_offer = offer(f, locale)
    if view.free_offer is None:
        return
    note = applies(note, view.value)
    if note is not None and note.mode == MACHINE:
        view.original_text = note.text
    view.for_advisor = ticked or (note is not None and note.mode == ADVISOR)
