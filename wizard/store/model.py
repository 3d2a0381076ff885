"""Value types handed out by the store: :class:`Draft` and :class:`ClientKey`.

Both are careful about ``repr``: drafts and keys end up in tracebacks, debug
toolbars and log lines, and neither the answers nor the key material may.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

SlotKind = Literal["client", "resume", "advisor"]
"""Who can unwrap a draft's data key: the browser cookie, a resume code, an advisor."""

SLOT_KINDS: tuple[SlotKind, ...] = ("client", "resume", "advisor")


@dataclass(frozen=True, slots=True)
class Draft:
    """One wizard session: clear metadata plus the decrypted payload.

    ``payload`` is a fresh copy decoded for this call; mutating it changes
    nothing in the store (pass the new dict to ``Store.save``).
    """

    id: str
    form_id: str
    language: str
    version: int
    created_at: datetime
    updated_at: datetime
    expires_at: datetime
    finished_at: datetime | None
    payload: dict[str, Any] = field(repr=False)

    @property
    def answers(self) -> dict[str, Any]:
        return self.payload["answers"]

    @property
    def state(self) -> dict[str, Any]:
        return self.payload["state"]

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class ClientKey(str):
    """The cookie value that unlocks one draft: ``1.<draft id>.<secret>``, URL-safe.

    A ``str`` so it can go straight into ``response.set_cookie``; ``repr`` is
    redacted so the secret does not leak through logging or tracebacks.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "ClientKey(<redacted>)"


class ResumeCode(str):
    """A formatted resume code such as ``K7QM-4XRT-9HPW``; ``repr`` is redacted."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ResumeCode(<redacted>)"


@dataclass(frozen=True, slots=True)
class DraftKey:
    """The unwrapped data key (DEK) of one draft, held in memory only.

    Obtained from ``Store.unlock`` / ``Store.unlock_slot`` and accepted wherever a
    client key is, so an advisor hand-off can add slots or read the draft
    without the user's cookie. Never persist it.
    """

    draft_id: str
    dek: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class OpenedDraft:
    """A draft opened for changing, with what a quick save needs; memory only, one request.

    ``sealed`` is the stored ciphertext exactly as it was read and authenticated:
    :meth:`Store.save_opened` replaces the row only while it still holds these
    bytes, so nothing unauthenticated is ever overwritten.
    """

    draft: Draft
    key: DraftKey = field(repr=False)
    sealed: bytes = field(repr=False)
