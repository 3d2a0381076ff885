"""Helpers shared by the store tests (a module, not conftest, so tests and child processes can import it)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

SECRET = b"test-server-secret-0123456789abcdef"


class FakeClock:
    """Injected time for retention tests (the store takes a clock, not the wall time)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


def empty_payload() -> dict[str, Any]:
    return {"answers": {}, "state": {}}


def assert_identical(a: Any, b: Any, path: str = "payload") -> None:
    """Equality that also checks types and float signs (``1 == 1.0 == True`` in Python)."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        assert list(a) == list(b), f"{path}: keys differ"
        for key in a:
            assert_identical(a[key], b[key], f"{path}[{key!r}]")
    elif isinstance(a, list):
        assert len(a) == len(b), f"{path}: lengths differ"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_identical(x, y, f"{path}[{i}]")
    elif isinstance(a, float):
        assert a == b and math.copysign(1, a) == math.copysign(1, b), path
    else:
        assert a == b, path
