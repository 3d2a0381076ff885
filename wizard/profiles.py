"""Municipality profiles: what one deployment offers and where to submit.

A profile is a YAML file in ``profiles/``. It names the municipality, says for
each form where and how to submit (office, address, opening hours,
appointment, online option), which forms and languages are enabled, and how
long answers are kept. A profile marked ``example: true`` is shown with a
clear "example" notice so nobody mistakes its addresses for real ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, StrictBool, ValidationError

from .formdef.model import Ident, Node, Text
from .formdef.problems import FormDefinitionError, Problem
from .formdef.yamlpos import MDict, Pos, YamlSyntaxError, load_file

PROFILE_DIR = "profiles"
LANGUAGES = ("de", "en", "uk", "ru", "ar", "fa", "fa_AF", "ps", "tr", "ku", "ti")


class Office(Node):
    """Where one form is submitted in this municipality."""

    what: ClassVar[str] = "an office"
    office: Text
    """Name of the office, e.g. `Bürgerbüro Ahlen`."""
    address: Text
    opening_hours: Text | None = None
    appointment: Text | None = None
    """Whether and how to book an appointment."""
    online_url: str | None = None
    """An online service for this application, if any."""
    phone: str | None = None
    email: str | None = None
    note: Text | None = None


class Profile(Node):
    """One deployment's settings."""

    what: ClassVar[str] = "the profile"
    id: Ident
    municipality: Text
    example: StrictBool = False
    """True for a sample profile: its offices are shown as examples, not as real."""
    forms: dict[str, Office] = Field(default_factory=dict)
    """Form id → where to submit it."""
    enabled_forms: list[str] | None = None
    """Forms offered (default: every form in the library)."""
    languages: list[str] = Field(default_factory=lambda: list(LANGUAGES))
    retention_days: int = Field(default=30, ge=1, le=365)
    """Days after the last change before answers are deleted."""
    contact: Text | None = None
    """Who to ask for help (advice centre, integration management)."""


def is_profile(path: Path) -> bool:
    return path.parent.name == PROFILE_DIR


def load_profile(path: Path | str, known_forms: set[str] | None = None) -> Profile:
    """Load and check a profile; raise FormDefinitionError with every problem."""
    path = Path(path)
    problems: list[Problem] = []
    try:
        raw = load_file(path)
    except YamlSyntaxError as exc:
        raise FormDefinitionError([Problem(exc.pos, f"YAML syntax: {exc.message}")]) from None
    if not isinstance(raw, MDict):
        raise FormDefinitionError([Problem(Pos(str(path), 1, 1), "a profile is a YAML mapping")])
    try:
        profile = Profile.model_validate(raw, context={"problems": problems})
    except ValidationError as exc:
        from .formdef.loader import _translate_errors

        problems.extend(_translate_errors(exc, raw))
        raise FormDefinitionError(problems) from None
    if known_forms is None:
        forms_dir = path.resolve().parent.parent / "forms"
        known_forms = {p.stem for p in forms_dir.glob("*.yaml")}
    from .formdef.suggest import suggestion_hint

    for form_id in [*profile.forms, *(profile.enabled_forms or [])]:
        if known_forms and form_id not in known_forms:
            pos = raw.get("forms", MDict()).key_pos.get(form_id) if "forms" in raw else None
            problems.append(
                Problem(
                    pos or raw.pos_of("enabled_forms"),
                    f"unknown form '{form_id}'",
                    suggestion_hint(form_id, known_forms),
                )
            )
    for lang in profile.languages:
        if lang not in LANGUAGES:
            problems.append(
                Problem(
                    raw.pos_of("languages"),
                    f"language '{lang}' is not shipped",
                    suggestion_hint(lang, LANGUAGES) or f"shipped: {', '.join(LANGUAGES)}",
                )
            )
    if problems:
        raise FormDefinitionError(problems)
    return profile
