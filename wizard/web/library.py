"""The forms this deployment offers, loaded and checked once at start-up."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..formdef.loader import load_form
from ..formdef.model import FormDef
from ..formdef.problems import FormDefinitionError
from ..profiles import Office, Profile, load_profile

log = logging.getLogger(__name__)


@dataclass
class Library:
    forms: dict[str, FormDef] = field(default_factory=dict)
    profile: Profile | None = None

    def get(self, form_id: str) -> FormDef | None:
        return self.forms.get(form_id)

    def offered(self) -> list[FormDef]:
        """Forms in the profile's order (or file order), only the enabled ones."""
        if self.profile and self.profile.enabled_forms is not None:
            return [self.forms[i] for i in self.profile.enabled_forms if i in self.forms]
        return list(self.forms.values())

    def office(self, form: FormDef) -> Office | None:
        if self.profile is None:
            return None
        return self.profile.forms.get(form.id)

    @property
    def retention_days(self) -> int:
        return self.profile.retention_days if self.profile else 30


def load_library(forms_dir: Path, profile_path: Path | None) -> Library:
    """Load every form; a broken form stops start-up with every problem listed."""
    forms: dict[str, FormDef] = {}
    problems = []
    for path in sorted(forms_dir.glob("*.yaml")):
        try:
            form = load_form(path)
        except FormDefinitionError as err:
            problems.extend(err.problems)
            continue
        forms[form.id] = form
    if problems:
        raise FormDefinitionError(problems)
    profile = load_profile(profile_path, set(forms)) if profile_path else None
    library = Library(forms, profile)
    offered = library.offered()
    if profile is not None and profile.enabled_forms is not None:
        forms = {f.id: f for f in offered}
        library = Library(forms, profile)
    log.info("loaded %d form(s)", len(library.forms))
    return library
