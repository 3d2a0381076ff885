"""Draft ids and the client key (cookie value) that unlocks a draft.

Format of a client key: ``1.<draft id>.<secret>``. The leading ``1`` is a format
version; the draft id is 128 random bits and the secret 256 random bits, both
unpadded base64url, so the whole value is URL- and cookie-safe (about 68 chars).
The draft id is not secret (it is how rows are found); the secret is, and it is
never stored: the server keeps only a DEK wrapped under a key derived from it.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets

from wizard.store.crypto import KEY_BYTES
from wizard.store.model import ClientKey

DRAFT_ID_BYTES = 16
_FORMAT = "1"
_DRAFT_ID_RE = re.compile(r"[A-Za-z0-9_-]{22}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_draft_id() -> str:
    """128 random bits, URL-safe: not sequential, not guessable, not a count of drafts."""
    return secrets.token_urlsafe(DRAFT_ID_BYTES)


def is_draft_id(value: str) -> bool:
    return _DRAFT_ID_RE.fullmatch(value) is not None


def format_client_key(draft_id: str, secret: bytes) -> ClientKey:
    encoded = base64.urlsafe_b64encode(secret).rstrip(b"=").decode("ascii")
    return ClientKey(f"{_FORMAT}.{draft_id}.{encoded}")


def parse_client_key(value: str) -> tuple[str, bytes] | None:
    """Return ``(draft_id, secret)``, or None for anything malformed (never raises)."""
    if not isinstance(value, str):
        return None
    parts = value.strip().split(".")
    if len(parts) != 3 or parts[0] != _FORMAT:
        return None
    draft_id, encoded = parts[1], parts[2]
    if not _DRAFT_ID_RE.fullmatch(draft_id) or not _SECRET_RE.fullmatch(encoded):
        return None
    try:
        secret = base64.urlsafe_b64decode(encoded + "=")
    except (binascii.Error, ValueError):
        return None
    if len(secret) != KEY_BYTES:
        return None
    return draft_id, secret
