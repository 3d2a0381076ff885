"""Envelope encryption of draft payloads.

Each draft has its own random 256-bit data key (DEK). The payload is sealed
with AES-256-GCM under the DEK; the DEK itself is only ever stored *wrapped*
(AES-256-GCM again) under a key-encryption key (KEK) derived from something
the server does not keep: the browser's cookie secret (HKDF, fast, because it
runs on every request), a resume code (scrypt, slow, because a code is short)
or an advisor's key. See docs/privacy.md for the threat model.

The additional authenticated data binds every ciphertext to its draft id (and
the payload additionally to its version), so ciphertexts and wrapped keys
cannot be swapped between drafts or rows without detection.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
_PAYLOAD_FORMAT = b"\x01"  # leading byte of a sealed payload: AES-256-GCM, this AAD layout

KDF_HKDF = "hkdf-sha256"
KDF_SCRYPT = "scrypt"


class DecryptionFailed(Exception):
    """Wrong key or tampered data; the store turns this into ``DraftNotFound``."""


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """Cost of the resume-code KDF; recorded in every resume slot so it can be raised later.

    The default (N=2**15, r=8, p=1: 32 MiB, roughly 50-100 ms on one server core)
    makes each offline guess cost the attacker the same memory and time.
    """

    n: int = 2**15
    r: int = 8
    p: int = 1

    # Ceilings for parameters read back from the database: a tampered slot must
    # not be able to make the server allocate gigabytes.
    MAX_N = 2**20
    MAX_R = 32
    MAX_P = 16

    def to_json(self) -> dict[str, int]:
        return {"n": self.n, "r": self.r, "p": self.p}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScryptParams:
        n, r, p = int(data["n"]), int(data["r"]), int(data["p"])
        if not (2 <= n <= cls.MAX_N and n & (n - 1) == 0 and 1 <= r <= cls.MAX_R):
            raise DecryptionFailed
        if not 1 <= p <= cls.MAX_P:
            raise DecryptionFailed
        return cls(n=n, r=r, p=p)


def random_key() -> bytes:
    """A fresh 256-bit key (DEKs and cookie secrets)."""
    return os.urandom(KEY_BYTES)


def random_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def hkdf_kek(secret: bytes, salt: bytes, kind: str) -> bytes:
    """KEK for high-entropy secrets (cookie secret, advisor key): one HMAC round, microseconds."""
    info = b"wizard.store/kek/" + kind.encode("ascii") + b"/v1"
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(secret)


def scrypt_kek(code: bytes, salt: bytes, params: ScryptParams) -> bytes:
    """KEK for a resume code: memory-hard, so offline guessing of the short code stays expensive."""
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=params.n, r=params.r, p=params.p)
    return kdf.derive(code)


def _slot_aad(draft_id: str, kind: str) -> bytes:
    return b"wizard.store/slot/v1\x00" + draft_id.encode("ascii") + b"\x00" + kind.encode("ascii")


def wrap_dek(dek: bytes, kek: bytes, *, draft_id: str, kind: str) -> bytes:
    """Encrypt a DEK under a KEK; the result only unwraps for the same draft and slot kind."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(kek).encrypt(nonce, dek, _slot_aad(draft_id, kind))


def unwrap_dek(wrapped: bytes, kek: bytes, *, draft_id: str, kind: str) -> bytes:
    nonce, body = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
    try:
        dek = AESGCM(kek).decrypt(nonce, body, _slot_aad(draft_id, kind))
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed from exc
    if len(dek) != KEY_BYTES:
        raise DecryptionFailed
    return dek


def _payload_aad(draft_id: str, version: int) -> bytes:
    return (
        b"wizard.store/draft/v1\x00"
        + _PAYLOAD_FORMAT
        + draft_id.encode("ascii")
        + b"\x00"
        + str(version).encode("ascii")
    )


def seal_payload(dek: bytes, plaintext: bytes, *, draft_id: str, version: int) -> bytes:
    """Encrypt serialised payload bytes; a fresh random nonce per write (never reused per key)."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(dek).encrypt(nonce, plaintext, _payload_aad(draft_id, version))
    return _PAYLOAD_FORMAT + nonce + sealed


def open_payload(dek: bytes, blob: bytes, *, draft_id: str, version: int) -> bytes:
    """Decrypt; fails if the blob was altered or belongs to another draft or version."""
    if blob[:1] != _PAYLOAD_FORMAT:
        raise DecryptionFailed
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(dek).decrypt(nonce, body, _payload_aad(draft_id, version))
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed from exc


class LookupHasher:
    """Keyed hashes for database lookups (resume-code selectors, rate-limit buckets).

    This is the only use of the server secret: it makes lookup columns useless
    to someone holding the database alone. Answers never depend on it, so a
    leaked or rotated server secret neither exposes nor destroys drafts (a
    rotation does invalidate outstanding resume codes).
    """

    def __init__(self, server_secret: bytes) -> None:
        if len(server_secret) < 16:
            raise ValueError("server_secret must be at least 16 bytes")
        # Derive a purpose-bound key so the app's secret key is never used raw here.
        self._key = hmac.new(server_secret, b"wizard.store/lookup/v1", hashlib.sha256).digest()

    def __repr__(self) -> str:
        return "LookupHasher(<redacted>)"

    def hash(self, purpose: str, value: bytes) -> str:
        """Hex HMAC-SHA256 over ``purpose`` and ``value`` (domain-separated)."""
        message = purpose.encode("ascii") + b"\x00" + value
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()
