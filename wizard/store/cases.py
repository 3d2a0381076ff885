"""Cases: the drafts an advisor holds, through an explicit hand-off or at the desk.

A case is one row in ``advisor_cases`` (random id, the advisor, the draft)
plus one key slot of kind ``advisor`` on the draft, ``ref`` = the advisor's
id, wrapped under the advisor key. Both are created only by

* :meth:`Cases.receive` – the client gave the advisor their resume code
  (:meth:`Cases.unlock_resume` opens the draft *without* issuing a new client
  key, so the client's own cookie and code keep working), or
* :meth:`Cases.start_desk` – the advisor starts a new draft for a client
  sitting beside them.

Every read goes through the advisor's own case table (``advisor_id`` =
the logged-in advisor) and then the advisor's own slot, so an advisor cannot
list or open anyone else's drafts even with a guessed id: the case id must be
theirs *and* the slot must unwrap with their key.

Internal notes on a case are encrypted under the draft's data key (like the
answers) and bound to the case and draft ids; they are never part of the
draft payload, so nothing that renders answers (review pages, PDFs) sees them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.engine import Row

from wizard.store import resume_codes, slots
from wizard.store.advisor_schema import advisor_cases
from wizard.store.advisors import AdvisorSession
from wizard.store.client_keys import is_draft_id, new_draft_id
from wizard.store.crypto import NONCE_BYTES
from wizard.store.database import read_transaction, write_transaction
from wizard.store.errors import DraftNotFound, StoreError
from wizard.store.model import DraftKey
from wizard.store.schema import drafts
from wizard.store.sessions import MAX_RESUME_CANDIDATES, Store

MAX_NOTES_CHARS = 10_000
_NOTES_FORMAT = b"\x01"
_PAD_TO = 256
ORIGINS = ("desk", "handoff")


class CaseNotFound(StoreError):
    """No such case for this advisor (unknown, someone else's, or its draft is gone)."""

    def __init__(self) -> None:
        super().__init__("case not found")


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    advisor_id: str
    draft_id: str
    origin: str
    status: str
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    has_notes: bool
    # from the draft's clear metadata
    form_id: str
    language: str
    draft_version: int
    draft_updated_at: datetime
    finished_at: datetime | None

    @property
    def closed(self) -> bool:
        return self.status == "closed"


_CASE_COLUMNS = (
    advisor_cases.c.id,
    advisor_cases.c.advisor_id,
    advisor_cases.c.draft_id,
    advisor_cases.c.origin,
    advisor_cases.c.status,
    advisor_cases.c.created_at,
    advisor_cases.c.updated_at,
    advisor_cases.c.closed_at,
    advisor_cases.c.notes.is_not(None).label("has_notes"),
    drafts.c.form_id,
    drafts.c.language,
    drafts.c.version.label("draft_version"),
    drafts.c.updated_at.label("draft_updated_at"),
    drafts.c.finished_at,
)


def _case(row: Row[Any]) -> Case:
    return Case(**{name: getattr(row, name) for name in Case.__dataclass_fields__})


def _notes_aad(case_id: str, draft_id: str) -> bytes:
    return b"wizard.store/case-notes/v1\x00" + case_id.encode() + b"\x00" + draft_id.encode()


def seal_notes(dek: bytes, text: str, *, case_id: str, draft_id: str) -> bytes:
    data = text.encode("utf-8")
    data += b" " * (-len(data) % _PAD_TO)  # length hides the exact size (trailing spaces)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(dek).encrypt(nonce, data, _notes_aad(case_id, draft_id))
    return _NOTES_FORMAT + nonce + sealed


def open_notes(dek: bytes, blob: bytes, *, case_id: str, draft_id: str) -> str:
    if blob[:1] != _NOTES_FORMAT:
        raise DraftNotFound
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        data = AESGCM(dek).decrypt(nonce, body, _notes_aad(case_id, draft_id))
    except (InvalidTag, ValueError):
        raise DraftNotFound from None
    return data.decode("utf-8").rstrip(" ")


class Cases:
    """The advisor side of the store: hand-off, desk cases, notes, closing and deleting."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    def _now(self) -> datetime:
        return self.store._now()  # the store's clock (tests may replace it)

    # -- getting a draft ---------------------------------------------------------

    def unlock_resume(self, code: str) -> DraftKey:
        """The draft's key from its resume code, *without* a new client key (unlike resume()).

        The client's cookie and code keep working: a hand-off adds the advisor,
        it does not take the draft away. Costs one scrypt evaluation whether or
        not the code exists, like ``Store.resume``. ``DraftNotFound`` otherwise.
        """
        normalised = resume_codes.normalise(code)
        if normalised is None:
            raise DraftNotFound
        # The selector hash is the store's own (keyed with the server secret).
        ref = self.store._selector_ref(normalised)
        with read_transaction(self.engine) as conn:
            candidates = slots.resume_candidates(
                conn, ref, now=self._now(), limit=MAX_RESUME_CANDIDATES
            )
        found = slots.unwrap_resume(candidates, normalised, default=self.store.resume_kdf)
        if found is None:
            raise DraftNotFound
        slot, dek = found
        return DraftKey(draft_id=slot.draft_id, dek=dek)

    def receive(self, session: AdvisorSession, key: DraftKey) -> tuple[Case, bool]:
        """Hand-off: the draft becomes one of this advisor's cases. Returns (case, is_new).

        Adds (or renews) the advisor's key slot; an existing case of this advisor
        for the same draft is reused and reopened.
        """
        return self._attach(session, key, "handoff")

    def start_desk(
        self, session: AdvisorSession, form_id: str, language: str
    ) -> tuple[Case, DraftKey]:
        """A new draft started by the advisor for a client beside them, held as a case.

        The draft's client slot is removed at once: no browser holds its cookie.
        The client gets in later only if the advisor issues a resume code for them.
        """
        draft, client_key = self.store.create(form_id, language, {"answers": {}, "state": {}})
        key = self.store.unlock(client_key)
        case, _new = self._attach(session, key, "desk")
        self.store.remove_key_slot(draft.id, "client", "")
        return case, key

    def _attach(self, session: AdvisorSession, key: DraftKey, origin: str) -> tuple[Case, bool]:
        self.store.add_key_slot(key, "advisor", session.advisor_id, session.key)
        now = self._now()
        with write_transaction(self.engine) as conn:
            existing = conn.execute(
                sa.select(advisor_cases.c.id).where(
                    advisor_cases.c.advisor_id == session.advisor_id,
                    advisor_cases.c.draft_id == key.draft_id,
                )
            ).scalar_one_or_none()
            if existing is not None:
                conn.execute(
                    advisor_cases.update()
                    .where(advisor_cases.c.id == existing)
                    .values(status="open", closed_at=None, updated_at=now)
                )
                case_id, is_new = existing, False
            else:
                case_id, is_new = new_draft_id(), True
                conn.execute(
                    advisor_cases.insert().values(
                        id=case_id,
                        advisor_id=session.advisor_id,
                        draft_id=key.draft_id,
                        origin=origin,
                        status="open",
                        created_at=now,
                        updated_at=now,
                        closed_at=None,
                        notes=None,
                    )
                )
        return self.get(session, case_id), is_new

    # -- reading -----------------------------------------------------------------

    def list(self, session: AdvisorSession, *, status: str | None = None) -> list[Case]:
        """This advisor's cases (never anyone else's), most recently changed first."""
        stmt = (
            sa.select(*_CASE_COLUMNS)
            .join(drafts, drafts.c.id == advisor_cases.c.draft_id)
            .where(
                advisor_cases.c.advisor_id == session.advisor_id, drafts.c.expires_at > self._now()
            )
            .order_by(drafts.c.updated_at.desc(), advisor_cases.c.id)
        )
        if status is not None:
            stmt = stmt.where(advisor_cases.c.status == status)
        with read_transaction(self.engine) as conn:
            return [_case(r) for r in conn.execute(stmt).all()]

    def get(self, session: AdvisorSession, case_id: str) -> Case:
        """One of this advisor's cases; CaseNotFound for any other id."""
        if not isinstance(case_id, str) or not is_draft_id(case_id):
            raise CaseNotFound
        stmt = (
            sa.select(*_CASE_COLUMNS)
            .join(drafts, drafts.c.id == advisor_cases.c.draft_id)
            .where(
                advisor_cases.c.id == case_id,
                advisor_cases.c.advisor_id == session.advisor_id,
                drafts.c.expires_at > self._now(),
            )
        )
        with read_transaction(self.engine) as conn:
            row = conn.execute(stmt).first()
        if row is None:
            raise CaseNotFound
        return _case(row)

    def unlock(self, session: AdvisorSession, case: Case) -> DraftKey:
        """The draft's key through this advisor's slot (CaseNotFound if it does not unwrap)."""
        if case.advisor_id != session.advisor_id:
            raise CaseNotFound
        try:
            return self.store.unlock_slot(case.draft_id, "advisor", session.advisor_id, session.key)
        except DraftNotFound:
            raise CaseNotFound from None

    # -- notes, status, deletion -------------------------------------------------------

    def notes(self, case: Case, key: DraftKey) -> str:
        with read_transaction(self.engine) as conn:
            blob = conn.execute(
                sa.select(advisor_cases.c.notes).where(advisor_cases.c.id == case.id)
            ).scalar_one_or_none()
        if not blob:
            return ""
        return open_notes(key.dek, blob, case_id=case.id, draft_id=case.draft_id)

    def set_notes(self, case: Case, key: DraftKey, text: str) -> None:
        text = text.strip()
        if len(text) > MAX_NOTES_CHARS:
            raise ValueError(f"notes are limited to {MAX_NOTES_CHARS} characters")
        # Prove the key belongs to the draft before sealing anything under it.
        self.store.open(key)
        blob = seal_notes(key.dek, text, case_id=case.id, draft_id=case.draft_id) if text else None
        self._update(case, notes=blob)

    def close(self, case: Case) -> None:
        self._update(case, status="closed", closed_at=self._now())

    def reopen(self, case: Case) -> None:
        self._update(case, status="open", closed_at=None)

    def release(self, session: AdvisorSession, case: Case) -> None:
        """Give the case up: the case row, its notes and the advisor's key slot go;
        the client's draft stays (and stays with any other advisor it was handed to)."""
        with write_transaction(self.engine) as conn:
            conn.execute(
                advisor_cases.delete().where(
                    advisor_cases.c.id == case.id,
                    advisor_cases.c.advisor_id == session.advisor_id,
                )
            )
        self.store.remove_key_slot(case.draft_id, "advisor", session.advisor_id)

    def delete(self, session: AdvisorSession, case: Case, key: DraftKey) -> bool:
        """Delete the client's draft itself (all answers, every slot, every case on it)."""
        if key.draft_id != case.draft_id or case.advisor_id != session.advisor_id:
            raise CaseNotFound
        return self.store.delete(key)

    def _update(self, case: Case, **values: Any) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(
                advisor_cases.update()
                .where(advisor_cases.c.id == case.id, advisor_cases.c.advisor_id == case.advisor_id)
                .values(updated_at=self._now(), **values)
            )
