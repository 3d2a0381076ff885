"""Near-miss suggestions ("did you mean …?") for names an author mistyped."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate closest to ``name``, or None when nothing is close."""
    pool = sorted(set(candidates))
    matches = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    lowered = {c.lower(): c for c in pool}
    return lowered.get(name.lower())


def suggestion_hint(name: str, candidates: Iterable[str]) -> str | None:
    """A ready-made hint sentence, or None."""
    match = did_you_mean(name, candidates)
    return f"did you mean '{match}'?" if match else None
