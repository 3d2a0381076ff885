"""Errors of the AcroForm filler that are the user's to fix, not bugs.

The CLI and the web app show their message as is, so messages always name the
file or the field and say what is wrong with it.
"""

from __future__ import annotations

from dataclasses import dataclass


class FormError(Exception):
    """Base class: a problem with the template or with the values given."""


class TemplateError(FormError):
    """The file cannot be used as a template (unreadable, encrypted, no form)."""


@dataclass(frozen=True)
class FieldProblem:
    """One value that cannot be filled in, and why."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"field '{self.field}': {self.message}"


class FillError(FormError):
    """The values cannot be filled in; ``problems`` lists every reason at once."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def field(self) -> str | None:
        """The first field named in the problems (most callers show just one)."""
        return self.problems[0].field if self.problems else None
