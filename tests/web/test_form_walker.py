"""The generic walker completes the Anmeldung from its answers file."""

from __future__ import annotations

from pathlib import Path

import yaml
from web_helpers import complete_form

from wizard import engine

ROOT = Path(__file__).resolve().parents[2]


def test_complete_anmeldung_from_answers_file(client, app) -> None:
    form = app.extensions["wizard.library"].get("anmeldung")
    answers = yaml.safe_load((ROOT / "tests" / "data" / "anmeldung.answers.yaml").read_text())
    client.get("/?lang=de")
    complete_form(client, form, answers)
    html = client.get("/forms/anmeldung/check").get_data(as_text=True)
    assert "Lina" in html and "Gaziantep" in html
    assert "Some answers are still missing" not in html
    store = app.extensions["wizard.store"]
    key = next(c.value for c in client._cookies.values() if c.key == "wz-anmeldung")
    saved = store.open(key).answers
    assert engine.effective_answers(form, saved) == engine.effective_answers(form, answers)
