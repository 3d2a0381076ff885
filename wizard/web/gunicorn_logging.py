"""Gunicorn access logging that never writes a resume code.

Paths carry no answers, with one exception: a resume link (/r/<code>) from a
QR code. The code unlocks someone's answers, so it is replaced by "…" before
the line is written.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

_RESUME = re.compile(r"(/r/)[^/?\s\"]+")


def redact(text: str) -> str:
    return _RESUME.sub(r"\1…", text)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "{raw_uri}e", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
