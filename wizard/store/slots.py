"""Key slots: each way of unlocking a draft is one wrapped copy of its data key.

A slot records how its key-encryption key is derived (``kdf``, ``kdf_params``,
``salt``) next to the wrapped DEK, so different parties (cookie, resume code,
advisor) and different KDF strengths can coexist per draft, and KDF costs can
be raised for new slots without touching old ones or the schema.

=========  =====================================  ==============================
kind       ref                                    key-encryption key
=========  =====================================  ==============================
client     ``""``                                 HKDF-SHA256(cookie secret, salt)
resume     HMAC(server secret, code selector)     scrypt(code, salt, N, r, p)
advisor    advisor / key id (caller's choice)     HKDF-SHA256(advisor key, salt)
=========  =====================================  ==============================
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from wizard.store import crypto
from wizard.store.crypto import DecryptionFailed, ScryptParams
from wizard.store.model import SlotKind
from wizard.store.schema import drafts, key_slots


@dataclass(frozen=True, slots=True)
class NewSlot:
    """A slot ready to insert (the DEK already wrapped)."""

    kind: SlotKind
    ref: str
    kdf: str
    params: dict[str, Any]
    salt: bytes = field(repr=False)
    wrapped: bytes = field(repr=False)


def hkdf_slot(
    dek: bytes,
    *,
    draft_id: str,
    kind: SlotKind,
    ref: str,
    secret: bytes,
    ext: Mapping[str, str | int] | None = None,
) -> NewSlot:
    """Wrap under a high-entropy secret (fast: HKDF, no stretching needed)."""
    salt = crypto.random_salt()
    kek = crypto.hkdf_kek(secret, salt, kind)
    wrapped = crypto.wrap_dek(dek, kek, draft_id=draft_id, kind=kind)
    params: dict[str, Any] = {"ext": dict(ext)} if ext else {}
    return NewSlot(kind, ref, crypto.KDF_HKDF, params, salt, wrapped)


def resume_slot(dek: bytes, *, draft_id: str, code: str, ref: str, params: ScryptParams) -> NewSlot:
    """Wrap under a resume code (slow: one scrypt evaluation)."""
    salt = crypto.random_salt()
    kek = crypto.scrypt_kek(code.encode("ascii"), salt, params)
    wrapped = crypto.wrap_dek(dek, kek, draft_id=draft_id, kind="resume")
    return NewSlot("resume", ref, crypto.KDF_SCRYPT, params.to_json(), salt, wrapped)


def insert(conn: Connection, draft_id: str, slot: NewSlot, *, now: datetime) -> None:
    conn.execute(
        key_slots.insert().values(
            draft_id=draft_id,
            kind=slot.kind,
            ref=slot.ref,
            kdf=slot.kdf,
            kdf_params=json.dumps(slot.params, sort_keys=True),
            salt=slot.salt,
            wrapped_dek=slot.wrapped,
            created_at=now,
        )
    )


def delete(conn: Connection, draft_id: str, kind: SlotKind, ref: str | None = None) -> int:
    """Delete the draft's slots of ``kind`` (only ``ref`` if given); returns how many."""
    stmt = key_slots.delete().where(key_slots.c.draft_id == draft_id, key_slots.c.kind == kind)
    if ref is not None:
        stmt = stmt.where(key_slots.c.ref == ref)
    return conn.execute(stmt).rowcount


def select_one(conn: Connection, draft_id: str, kind: SlotKind, ref: str) -> Row[Any] | None:
    return conn.execute(
        sa.select(key_slots).where(
            key_slots.c.draft_id == draft_id, key_slots.c.kind == kind, key_slots.c.ref == ref
        )
    ).first()


def unwrap_hkdf(slot: Any, secret: bytes, *, draft_id: str, kind: SlotKind) -> bytes | None:
    """The DEK from an HKDF slot row, or None if the secret does not fit."""
    if slot.kdf != crypto.KDF_HKDF:
        return None
    kek = crypto.hkdf_kek(secret, slot.salt, kind)
    try:
        return crypto.unwrap_dek(slot.wrapped_dek, kek, draft_id=draft_id, kind=kind)
    except DecryptionFailed:
        return None


def resume_candidates(
    conn: Connection, ref: str, *, now: datetime, limit: int
) -> Sequence[Row[Any]]:
    """Resume slots with this selector hash on live drafts (usually 0 or 1)."""
    return conn.execute(
        sa.select(key_slots)
        .join(drafts, drafts.c.id == key_slots.c.draft_id)
        .where(key_slots.c.kind == "resume", key_slots.c.ref == ref, drafts.c.expires_at > now)
        .order_by(key_slots.c.id)
        .limit(limit)
    ).all()


def unwrap_resume(
    candidates: Sequence[Row[Any]], code: str, *, default: ScryptParams
) -> tuple[Row[Any], bytes] | None:
    """Try the code against each candidate slot; ``(slot, DEK)`` of the first that fits.

    With no candidate it still runs one scrypt with ``default`` parameters, so
    "no such code" costs as much time as "wrong code" and timing reveals nothing.
    """
    secret = code.encode("ascii")
    if not candidates:
        crypto.scrypt_kek(secret, crypto.random_salt(), default)
        return None
    for slot in candidates:
        if slot.kdf != crypto.KDF_SCRYPT:
            continue
        try:
            params = ScryptParams.from_json(json.loads(slot.kdf_params))
            kek = crypto.scrypt_kek(secret, slot.salt, params)
            dek = crypto.unwrap_dek(slot.wrapped_dek, kek, draft_id=slot.draft_id, kind="resume")
        except (DecryptionFailed, ValueError, KeyError, TypeError):
            continue
        return slot, dek
    return None
