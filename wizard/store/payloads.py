"""Serialising draft payloads: strict JSON in, the identical structure out.

Payloads are plain JSON (never pickle: a pickle from a tampered database
would be code execution). Validation is strict rather than coercing so that
a round trip is exact, and the serialised bytes are padded to a multiple of
``PAD_TO`` bytes before encryption so the ciphertext length does not reveal
the exact length of the answers (a "yes" versus a "no" differs by one byte).
"""

from __future__ import annotations

import json
import math
from typing import Any

from wizard.store.errors import InvalidPayload

PAYLOAD_KEYS = frozenset({"answers", "state"})
PAD_TO = 256
MAX_PAYLOAD_BYTES = 4 * 1024 * 1024


def _check_value(value: Any, path: str) -> None:
    # Iterative walk: deeply nested input must fail cleanly, not blow the stack.
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if item is None or isinstance(item, (str, bool, int)):
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                raise InvalidPayload(f"non-finite number at {where}")
            continue
        if isinstance(item, dict):
            for key, child in item.items():
                if not isinstance(key, str):
                    raise InvalidPayload(f"non-string key at {where}")
                stack.append((child, f"{where}.<key>"))
            continue
        if isinstance(item, list):
            stack.extend((child, f"{where}[]") for child in item)
            continue
        # Paths name structure only, never values: the message may be logged.
        raise InvalidPayload(f"unsupported type {type(item).__name__} at {where}")


def encode_payload(payload: dict[str, Any]) -> bytes:
    """Validate and serialise; the result is what gets encrypted."""
    if not isinstance(payload, dict) or set(payload) != PAYLOAD_KEYS:
        raise InvalidPayload('payload must be a dict with exactly "answers" and "state"')
    for key in PAYLOAD_KEYS:
        if not isinstance(payload[key], dict):
            raise InvalidPayload(f"payload[{key!r}] must be a dict")
    _check_value(payload, "payload")
    try:
        text = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except RecursionError as exc:
        raise InvalidPayload("payload is nested too deeply") from exc
    # surrogatepass: a lone surrogate from a broken browser form still round-trips exactly.
    data = text.encode("utf-8", "surrogatepass")
    padded_length = -(-len(data) // PAD_TO) * PAD_TO
    if padded_length > MAX_PAYLOAD_BYTES:
        raise InvalidPayload(f"payload larger than {MAX_PAYLOAD_BYTES} bytes")
    # Trailing spaces are insignificant JSON whitespace: no length prefix needed.
    return data + b" " * (padded_length - len(data))


def decode_payload(data: bytes) -> dict[str, Any]:
    """Inverse of :func:`encode_payload` (after decryption, so the input is trusted)."""
    payload = json.loads(data.decode("utf-8", "surrogatepass"))
    if not isinstance(payload, dict):
        raise ValueError("decrypted payload is not an object")
    return payload
