"""Free-text answers written in the applicant's own language.

The official form is always filled in German. When a question takes free text
(reasons, explanations: ``longtext`` with ``free_text: true``), a user may write
in their own language and then either

- have it machine-translated: the German text becomes the answer (after the
  user has seen it and continued), and their own words are kept here, or
- leave it for their advisor: the answer stays as written, marked so that the
  check page, the result page, the summary PDF and the advisor see that a
  German version is still needed.

These notes live in the draft's state (encrypted with the answers), keyed by
the answer's path: ``field`` for a question of a step, ``step/number/field``
for one inside a repeating group. A note only counts while it still matches
the answer (:func:`applies`): once the answer has been emptied, rewritten or
translated by an advisor, the note is ignored, so it can never show words that
no longer belong to the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

STATE_KEY = "free_text"
MACHINE = "machine"
"""The answer is a machine translation of ``text``, shown to the user before it was kept."""
ADVISOR = "advisor"
"""The answer (``text``) is not in German yet; the user's advisor will translate it."""


@dataclass(frozen=True)
class Original:
    lang: str
    text: str
    mode: str
    german: str = ""
    """For MACHINE: the translation as the machine gave it (the answer may be an edited one)."""

    def as_state(self) -> dict[str, str]:
        data = {"lang": self.lang, "text": self.text, "mode": self.mode}
        if self.german:
            data["german"] = self.german
        return data


def path(step_id: str, number: int | None, field_id: str) -> str:
    return field_id if number is None else f"{step_id}/{number}/{field_id}"


def load(state: Mapping[str, Any] | None) -> dict[str, Original]:
    """The notes kept in a draft's state (anything malformed is skipped)."""
    raw = (state or {}).get(STATE_KEY)
    notes: dict[str, Original] = {}
    if not isinstance(raw, Mapping):
        return notes
    for key, entry in raw.items():
        if not isinstance(key, str) or not isinstance(entry, Mapping):
            continue
        lang, text, mode = entry.get("lang"), entry.get("text"), entry.get("mode")
        german = entry.get("german") or ""
        if (
            isinstance(lang, str)
            and isinstance(text, str)
            and text.strip()
            and mode in (MACHINE, ADVISOR)
            and isinstance(german, str)
        ):
            notes[key] = Original(lang, text, mode, german)
    return notes


def dump(notes: Mapping[str, Original]) -> dict[str, dict[str, str]]:
    return {key: note.as_state() for key, note in sorted(notes.items())}


def applies(note: Original | None, answer: Any) -> Original | None:
    """``note`` if it still describes ``answer``, else None.

    MACHINE: the answer is a non-empty text other than the user's own words
    (it is the German, possibly corrected by the user). ADVISOR: the answer is
    still exactly what the user wrote (an advisor who changes it translated it).
    """
    if note is None or not isinstance(answer, str) or not answer.strip():
        return None
    if note.mode == MACHINE:
        return note if answer.strip() != note.text.strip() else None
    return note if answer == note.text else None


def shift(notes: Mapping[str, Any], step_id: str, removed: int) -> dict[str, Any]:
    """Notes (or any values keyed by answer path) after removing item ``removed`` of a group.

    Notes of the removed item go; those of later items move up by one.
    """
    result: dict[str, Any] = {}
    prefix = f"{step_id}/"
    for key, value in notes.items():
        if not key.startswith(prefix):
            result[key] = value
            continue
        _step, number, field_id = key.split("/", 2)
        n = int(number)
        if n < removed:
            result[key] = value
        elif n > removed:
            result[f"{step_id}/{n - 1}/{field_id}"] = value
    return result


def awaiting_advisor(form: Any, answers: Mapping[str, Any], state: Mapping[str, Any]) -> list[Any]:
    """Review rows (engine.ReviewRow with their step and item number) still waiting for an advisor.

    Returns ``(step, item number or None, review row)`` for every visible answer
    whose ADVISOR note still applies, in the order of the form.
    """
    from . import engine

    notes = load(state)
    if not any(n.mode == ADVISOR for n in notes.values()):
        return []
    found = []
    for entry in engine.review(form, answers):
        step = entry.step
        for row in entry.rows:
            note = applies(notes.get(path(step.id, None, row.field.id)), row.value)
            if note is not None and note.mode == ADVISOR:
                found.append((step, None, row))
        for item in entry.items:
            for row in item.rows:
                note = applies(notes.get(path(step.id, item.number, row.field.id)), row.value)
                if note is not None and note.mode == ADVISOR:
                    found.append((step, item.number, row))
    return found
