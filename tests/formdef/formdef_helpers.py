"""Write small form files for tests and collect the problems they produce."""

from __future__ import annotations

import textwrap
from pathlib import Path

from wizard.formdef.loader import load_form
from wizard.formdef.problems import FormDefinitionError, Problem

HEADER = """\
id: test
title: Test
description: Ein Test.
authority: {name: Amt, kind: amt}
"""


def write(tmp_path: Path, body: str, name: str = "test.yaml", header: bool = True) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((HEADER if header else "") + textwrap.dedent(body), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    try:
        load_form(path)
    except FormDefinitionError as err:
        return err.problems
    return []


def messages(path: Path) -> list[str]:
    """Problems as `line:column: message (hint)` without the file name."""
    return [str(p).split(":", 1)[1] for p in problems_of(path)]
