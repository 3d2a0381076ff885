"""Exceptions raised by the draft store.

They carry as little as possible: a caller (and anything that logs the
exception) must not learn *why* a draft could not be opened, and no exception
message ever contains a payload, a client key or a resume code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.store.model import Draft


class StoreError(Exception):
    """Base class of everything the store raises on purpose."""


class DraftNotFound(StoreError):
    """No draft for this key: unknown, expired, deleted, wrong key or tampered.

    The cases are deliberately indistinguishable so that a guesser learns
    nothing from the error, and the web layer cannot accidentally tell them apart.
    """

    def __init__(self) -> None:
        super().__init__("draft not found")


class VersionConflict(StoreError):
    """The draft changed since the caller read it (another tab or device saved first).

    ``current`` is the stored draft, decrypted, so the caller can merge or show it
    without a second round trip; nothing was written.
    """

    def __init__(self, current: Draft, expected_version: int) -> None:
        # The message names versions only: the exception may end up in a log.
        super().__init__(
            f"draft version conflict: expected {expected_version}, stored {current.version}"
        )
        self.current = current
        self.expected_version = expected_version


class InvalidPayload(StoreError, ValueError):
    """The payload is not a ``{"answers": {...}, "state": {...}}`` dict of plain JSON values.

    Rejected up front rather than silently coerced, so that whatever is saved is
    exactly what is read back (no tuples turning into lists, no int keys into strings).
    """
