"""Municipality profiles: checked like forms, and shown on the result page."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import complete_anmeldung, post_page

from wizard.formdef.problems import FormDefinitionError
from wizard.profiles import load_profile
from wizard.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]


def test_example_profile_is_valid_and_marked_as_example() -> None:
    profile = load_profile(ROOT / "profiles" / "beispiel.yaml")
    assert profile.example is True
    assert "Beispiel" in profile.forms["anmeldung"].address
    assert profile.retention_days == 30


def _profile(tmp_path: Path, text: str) -> Path:
    (tmp_path / "forms").mkdir(exist_ok=True)
    (tmp_path / "forms" / "anmeldung.yaml").write_text("id: anmeldung\n")
    (tmp_path / "profiles").mkdir(exist_ok=True)
    path = tmp_path / "profiles" / "x.yaml"
    path.write_text(text)
    return path


def test_profile_shape_errors_have_positions(tmp_path: Path) -> None:
    path = _profile(tmp_path, "id: x\nmunicipality: X\nretention_days: 400\n")
    with pytest.raises(FormDefinitionError) as err:
        load_profile(path)
    assert f"{path}:3:17:" in str(err.value)


def test_profile_unknown_forms_and_languages(tmp_path: Path) -> None:
    path = _profile(
        tmp_path,
        "id: x\nmunicipality: X\nlanguages: [de, ar, fr]\n"
        "forms:\n  anmeldnug:\n    office: A\n    address: B\n",
    )
    with pytest.raises(FormDefinitionError) as err:
        load_profile(path)
    text = str(err.value)
    assert "unknown form 'anmeldnug' (did you mean 'anmeldung'?)" in text
    assert "language 'fr' is not shipped" in text


def test_result_page_shows_the_office_and_the_example_notice(tmp_path: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "WIZARD_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "profile-test-secret-0123456789abcdef",
            "PROFILE": str(ROOT / "profiles" / "beispiel.yaml"),
        }
    )
    client = app.test_client()
    client.get("/?lang=de")
    complete_anmeldung(client)
    post_page(client, "/forms/anmeldung/check", {})
    html = client.get("/forms/anmeldung/done").get_data(as_text=True)
    assert "Bürgerbüro Beispielstadt (Beispiel)" in html
    assert "example" in html.lower() or "beispiel" in html.lower()
    app.extensions["wizard.store"].close()
