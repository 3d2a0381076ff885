"""Conditional questions that appear at once in the browser (optional JavaScript).

The server decides visibility with the engine. As a convenience, questions
whose condition is a simple test of another question on the same page — a
yes/no answer, `x == "CODE"`, `x in ["A", "B"]`, `answered(x)` — are also
sent to the browser, hidden, with a `data-reveal` hint that the small script
uses to show them at once. Without JavaScript, the page comes back from the
server with the new questions and no error for questions the user has not
seen yet.
"""

from __future__ import annotations

import re

_NAME = r"([A-Za-z][A-Za-z0-9_]*)"
_CODE = r"""["']([^"']+)["']"""
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_NAME}$"), "yes"),
    (re.compile(rf"^not\s+{_NAME}$"), "no"),
    (re.compile(rf"^{_NAME}\s*==\s*(?:true)$"), "yes"),
    (re.compile(rf"^{_NAME}\s*==\s*(?:false)$"), "no"),
    (re.compile(rf"^answered\(\s*{_NAME}\s*\)$"), "*"),
]
_EQ = re.compile(rf"^{_NAME}\s*==\s*{_CODE}$")
_IN = re.compile(rf"^{_NAME}\s+in\s+\[([^\]]*)\]$")


def reveal_rule(condition: str | None, same_page: set[str]) -> str | None:
    """``"field=V1|V2"`` when ``condition`` is a simple test of a field on the page."""
    if not condition:
        return None
    text = condition.strip()
    for pattern, value in _PATTERNS:
        match = pattern.match(text)
        if match and match.group(1) in same_page:
            return f"{match.group(1)}={value}"
    match = _EQ.match(text)
    if match and match.group(1) in same_page:
        return f"{match.group(1)}={match.group(2)}"
    match = _IN.match(text)
    if match and match.group(1) in same_page:
        codes = re.findall(_CODE, match.group(2))
        if codes:
            return f"{match.group(1)}={'|'.join(codes)}"
    return None
