"""The ``wizard`` command: one entry point for form authors, batch jobs and operators.

Sub-command groups live beside the layer they drive (``wizard.formdef.cli``,
``wizard.pdf.cli``, ``wizard.i18n.cli``, ``wizard.store.cli``); this module only
assembles them, so importing it stays cheap.
"""

from __future__ import annotations

import importlib

import click

# (module, attribute) of every sub-command; imported lazily so that `wizard check`
# does not pay for pypdf, reportlab or SQLAlchemy.
_COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("wizard.formdef.cli", "check"),
    "schema": ("wizard.formdef.cli", "schema"),
    "pdf": ("wizard.pdf.cli", "pdf"),
    "fill": ("wizard.pdf.cli", "fill"),
    "i18n": ("wizard.i18n.cli", "i18n"),
    "purge": ("wizard.store.cli", "purge"),
    "advisor": ("wizard.store.cli", "advisor"),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in _COMMANDS if self.get_command(ctx, name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        try:
            module = importlib.import_module(target[0])
        except ModuleNotFoundError as exc:
            # A layer that is not built yet has no command; any other missing
            # module is a real bug and must surface.
            if exc.name and (target[0] == exc.name or target[0].startswith(exc.name + ".")):
                return None
            raise
        command = getattr(module, target[1], None)
        return command if isinstance(command, click.Command) else None


@click.group(cls=_LazyGroup)
@click.version_option(package_name="antragshilfe-wizard")
def main() -> None:
    """Tools for form authors and operators of the application-help wizard."""


def register(name: str, module: str, attribute: str) -> None:
    """Register a sub-command; used by layers that add command groups."""
    _COMMANDS[name] = (module, attribute)
