"""Problems found in a form definition, each tied to a place in a file."""

from __future__ import annotations

from dataclasses import dataclass

from .yamlpos import Pos


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing an author must fix: where, what, and what to do about it."""

    pos: Pos | None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = str(self.pos) if self.pos else "<unknown>"
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        if self.pos is None:
            return ("", 0, 0, self.message)
        return (self.pos.file, self.pos.line, self.pos.column, self.message)


class FormDefinitionError(Exception):
    """Raised when a form cannot be loaded; carries every problem at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))
