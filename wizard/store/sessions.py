"""The draft store: wizard sessions whose answers are encrypted with a key the client holds.

Every operation proves access with a *client key* (the cookie value from
:meth:`Store.create` or :meth:`Store.resume`) or an in-memory :class:`DraftKey`.
The server never keeps what is needed to decrypt a draft between requests:
it stores the draft's data key (DEK) only wrapped in key slots (see
``crypto.py``), so a copy of the database reveals metadata but no answers.

Failures to open a draft are all :class:`DraftNotFound`, whatever the reason.
Nothing here logs payloads, client keys or resume codes.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, Row

from wizard.store import crypto, ratelimit, resume_codes, retention, slots
from wizard.store.client_keys import format_client_key, is_draft_id, new_draft_id, parse_client_key
from wizard.store.crypto import DecryptionFailed, LookupHasher, ScryptParams
from wizard.store.database import is_sqlite, read_transaction, single_read, write_transaction
from wizard.store.errors import DraftNotFound, VersionConflict
from wizard.store.hotpath import HotPath
from wizard.store.model import ClientKey, Draft, DraftKey, OpenedDraft, ResumeCode, SlotKind
from wizard.store.payloads import decode_payload, encode_payload
from wizard.store.schema import UTCDateTime, drafts, key_slots

logger = logging.getLogger(__name__)

Access = str | DraftKey
"""A client key (cookie value, as ``ClientKey`` or plain ``str``) or an unlocked ``DraftKey``."""

MAX_RESUME_CANDIDATES = 8  # selector collisions tried per resume (bounds KDF work per guess)
_EXTERNAL_SLOT_KINDS: frozenset[str] = frozenset({"advisor"})


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _check_label(value: str, name: str, max_length: int) -> None:
    if not isinstance(value, str) or not 0 < len(value) <= max_length:
        raise ValueError(f"{name} must be a non-empty string of at most {max_length} characters")
    if not value.isprintable():
        raise ValueError(f"{name} must not contain control characters")


_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(Draft) if f.name != "payload")

# Statements of the per-request path, built once. A statement built per call costs
# more than running it (construction, then SQLAlchemy's cache key); these are
# reused with bound parameters. The FOR UPDATE variants matter on PostgreSQL only.
_DRAFT_BY_ID = sa.select(drafts).where(drafts.c.id == sa.bindparam("draft_id"))
_DRAFT_BY_ID_FOR_UPDATE = _DRAFT_BY_ID.with_for_update()
# One round trip per request: the draft joined with its client slot(s).
_DRAFT_WITH_CLIENT_SLOTS = (
    sa.select(drafts, key_slots.c.kdf, key_slots.c.salt, key_slots.c.wrapped_dek)
    .join(key_slots, key_slots.c.draft_id == drafts.c.id)
    .where(drafts.c.id == sa.bindparam("draft_id"), key_slots.c.kind == "client")
)
_DRAFT_WITH_CLIENT_SLOTS_FOR_UPDATE = _DRAFT_WITH_CLIENT_SLOTS.with_for_update(of=drafts)
_REPLACE_PAYLOAD = (
    drafts.update()
    .where(drafts.c.id == sa.bindparam("draft_id"), drafts.c.version == sa.bindparam("expected"))
    .values(
        version=sa.bindparam("new_version"),
        ciphertext=sa.bindparam("new_ciphertext"),
        updated_at=sa.bindparam("now", type_=UTCDateTime),
        expires_at=sa.bindparam("expires", type_=UTCDateTime),
    )
)

# The one-statement save of a draft opened in the same request: only while the row
# still holds the version and the exact ciphertext that were authenticated, and
# has not expired. Anything else falls back to the full save, which explains why.
_REPLACE_IF_UNCHANGED = (
    drafts.update()
    .where(
        drafts.c.id == sa.bindparam("draft_id"),
        drafts.c.version == sa.bindparam("expected"),
        drafts.c.ciphertext == sa.bindparam("old_ciphertext"),
        drafts.c.expires_at > sa.bindparam("now", type_=UTCDateTime),
    )
    .values(
        version=sa.bindparam("new_version"),
        ciphertext=sa.bindparam("new_ciphertext"),
        updated_at=sa.bindparam("now", type_=UTCDateTime),
        expires_at=sa.bindparam("expires", type_=UTCDateTime),
    )
)


def _draft(row: Row[Any], payload: dict[str, Any], **changes: Any) -> Draft:
    """A ``Draft`` from a ``drafts`` row, with ``changes`` applied (values just written)."""
    fields = {name: getattr(row, name) for name in _ROW_FIELDS}
    return Draft(**{**fields, **changes}, payload=payload)


class Store:
    """Drafts, their key slots, resume codes, retention and rate-limit counters.

    Thread-safe and usable from several processes at once: open it in each
    worker after gunicorn forks, or call :meth:`after_fork` in the child.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        server_secret: bytes,
        retention_days: int = 30,
        resume_kdf: ScryptParams | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        self.engine = engine
        self.retention = timedelta(days=retention_days)
        self.resume_kdf = resume_kdf or ScryptParams()
        self._hasher = LookupHasher(server_secret)
        self._clock = clock or _utcnow
        self._hot = HotPath(engine) if is_sqlite(engine) else None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close pooled connections; the store reconnects if used again."""
        self.engine.dispose()

    def after_fork(self) -> None:
        """Call first thing in a forked child (gunicorn ``post_fork`` with ``--preload``).

        Drops the connections inherited from the parent without closing them,
        since closing would act on the parent's connections too.
        """
        self.engine.dispose(close=False)

    # -- drafts ---------------------------------------------------------------

    def create(
        self, form_id: str, language: str, payload: dict[str, Any]
    ) -> tuple[Draft, ClientKey]:
        """Start a draft; the returned client key is the only way back in (cookie it)."""
        _check_label(form_id, "form_id", 200)
        _check_label(language, "language", 35)
        plaintext = encode_payload(payload)
        draft_id = new_draft_id()
        dek, secret = crypto.random_key(), crypto.random_key()
        now = self._now()
        draft = Draft(
            id=draft_id,
            form_id=form_id,
            language=language,
            version=1,
            created_at=now,
            updated_at=now,
            expires_at=now + self.retention,
            finished_at=None,
            payload=decode_payload(plaintext),
        )
        ciphertext = crypto.seal_payload(dek, plaintext, draft_id=draft_id, version=1)
        slot = slots.hkdf_slot(dek, draft_id=draft_id, kind="client", ref="", secret=secret)
        with write_transaction(self.engine) as conn:
            metadata = {f: getattr(draft, f) for f in _ROW_FIELDS}
            conn.execute(drafts.insert().values(**metadata, ciphertext=ciphertext))
            slots.insert(conn, draft_id, slot, now=now)
        return draft, format_client_key(draft_id, secret)

    def open(self, key: Access) -> Draft:
        """The draft with its decrypted payload; ``DraftNotFound`` for any failure."""
        with single_read(self.engine) as conn:  # _unlock_row runs one statement
            row, dek = self._unlock_row(conn, key, now=self._now())
        return self._to_draft(row, dek)

    def open_for_change(self, key: Access) -> OpenedDraft:
        """Like :meth:`open`, keeping what :meth:`save_opened` needs (hold it for one request)."""
        now = self._now()
        if self._hot is not None and not isinstance(key, DraftKey):
            parsed = parse_client_key(key)
            if parsed is None:
                raise DraftNotFound
            rows = self._hot.select(_DRAFT_WITH_CLIENT_SLOTS, {"draft_id": parsed[0]})
            row, dek = self._unlock_client_rows(rows, *parsed, now=now)
        else:
            with single_read(self.engine) as conn:  # _unlock_row runs one statement
                row, dek = self._unlock_row(conn, key, now=now)
        return OpenedDraft(
            self._to_draft(row, dek), DraftKey(draft_id=row.id, dek=dek), row.ciphertext
        )

    def save_opened(self, opened: OpenedDraft, payload: dict[str, Any]) -> OpenedDraft:
        """:meth:`save` of a draft opened with :meth:`open_for_change`, usually in one statement.

        The row is replaced only if it still holds the version and the exact
        ciphertext that were authenticated when it was opened (and has not
        expired), so the key need not be unwrapped nor the old payload
        decrypted again. Otherwise this is an ordinary :meth:`save` with
        ``expected_version=opened.draft.version``: ``VersionConflict`` when
        someone saved in between, ``DraftNotFound`` when it was deleted,
        expired or tampered with. Same durability as :meth:`save`.
        """
        draft = opened.draft
        plaintext = encode_payload(payload)
        now = self._now()
        version = draft.version + 1
        ciphertext = crypto.seal_payload(
            opened.key.dek, plaintext, draft_id=draft.id, version=version
        )
        values = {
            "draft_id": draft.id,
            "expected": draft.version,
            "old_ciphertext": opened.sealed,
            "new_version": version,
            "new_ciphertext": ciphertext,
            "now": now,
            "expires": now + self.retention,
        }
        changed = None if self._hot is None else self._hot.write(_REPLACE_IF_UNCHANGED, values)
        if changed is None:
            with write_transaction(self.engine) as conn:
                changed = conn.execute(_REPLACE_IF_UNCHANGED, values).rowcount
        if changed != 1:
            saved, sealed = self._save(opened.key, plaintext, draft.version)
            return OpenedDraft(saved, opened.key, sealed)
        saved = dataclasses.replace(
            draft,
            payload=decode_payload(plaintext),
            version=version,
            updated_at=now,
            expires_at=now + self.retention,
        )
        return OpenedDraft(saved, opened.key, ciphertext)

    def save(self, key: Access, payload: dict[str, Any], *, expected_version: int) -> Draft:
        """Replace the payload if the stored version is ``expected_version``.

        Raises ``VersionConflict`` (carrying the current draft; nothing written)
        when someone else saved first. The version increases by one and expiry
        moves to ``now + retention``. The transaction is committed before this
        returns, so a returned save is durable.
        """
        return self._save(key, encode_payload(payload), expected_version)[0]

    def _save(self, key: Access, plaintext: bytes, expected_version: int) -> tuple[Draft, bytes]:
        """:meth:`save` of an encoded payload: the new draft and its ciphertext."""
        now = self._now()
        with write_transaction(self.engine) as conn:
            row, dek = self._unlock_row(conn, key, now=now, for_update=True)
            # Authenticate the stored payload even though it is replaced: a tampered
            # row must fail loudly, not be silently papered over.
            current = self._to_draft(row, dek)
            if row.version != expected_version:
                raise VersionConflict(current, expected_version)
            version = row.version + 1
            ciphertext = crypto.seal_payload(dek, plaintext, draft_id=row.id, version=version)
            result = conn.execute(
                _REPLACE_PAYLOAD,
                {
                    "draft_id": row.id,
                    "expected": expected_version,
                    "new_version": version,
                    "new_ciphertext": ciphertext,
                    "now": now,
                    "expires": now + self.retention,
                },
            )
            if result.rowcount != 1:  # the row lock makes this unreachable; be loud if not
                raise RuntimeError("draft changed under a row lock")
        saved = _draft(
            row,
            decode_payload(plaintext),
            version=version,
            updated_at=now,
            expires_at=now + self.retention,
        )
        return saved, ciphertext

    def mark_finished(self, key: Access) -> Draft:
        """Record that the user completed the form; retention restarts from now.

        Idempotent (the first ``finished_at`` is kept). The payload and version
        are untouched, so an open tab's next save does not conflict.
        """
        now = self._now()
        with write_transaction(self.engine) as conn:
            row, dek = self._unlock_row(conn, key, now=now, for_update=True)
            conn.execute(
                drafts.update()
                .where(drafts.c.id == row.id)
                .values(
                    finished_at=sa.func.coalesce(
                        drafts.c.finished_at, sa.literal(now, UTCDateTime)
                    ),
                    updated_at=now,
                    expires_at=now + self.retention,
                )
            )
            row = self._select_draft(conn, row.id)
        assert row is not None
        return self._to_draft(row, dek)

    def delete(self, key: Access) -> bool:
        """Delete the draft this key unlocks, with all key slots. False if there is none.

        Expired drafts can still be deleted with their key. For operator tooling
        that only has an id, use :meth:`delete_by_id`.
        """
        with write_transaction(self.engine) as conn:
            try:
                row, _dek = self._unlock_row(
                    conn, key, now=self._now(), for_update=True, allow_expired=True
                )
            except DraftNotFound:
                return False
            return self._delete(conn, row.id)

    def delete_by_id(self, draft_id: str) -> bool:
        """Delete by bare draft id without a key: for operators, never for request input."""
        with write_transaction(self.engine) as conn:
            return self._delete(conn, draft_id)

    # -- resume codes ------------------------------------------------------------

    def issue_resume_code(self, key: Access) -> ResumeCode:
        """A new resume code for this draft; any earlier code stops working.

        Takes one slow KDF evaluation (~50-100 ms), done outside any transaction.
        """
        with single_read(self.engine) as conn:  # _unlock_row runs one statement
            row, dek = self._unlock_row(conn, key, now=self._now())
        code = resume_codes.generate()
        slot = slots.resume_slot(
            dek, draft_id=row.id, code=code, ref=self._selector_ref(code), params=self.resume_kdf
        )
        with write_transaction(self.engine) as conn:
            if self._select_draft(conn, row.id, for_update=True) is None:
                raise DraftNotFound
            slots.delete(conn, row.id, "resume")
            slots.insert(conn, row.id, slot, now=self._now())
        return ResumeCode(resume_codes.format_code(code))

    def resume(self, code: str) -> tuple[Draft, ClientKey]:
        """Open a draft by resume code and hand out a fresh client key for this device.

        Accepts sloppy input (see ``resume_codes.normalise``). The new client key
        replaces earlier ones: a cookie left on another device stops working.
        The resume code itself stays valid until replaced or the draft expires.
        Always costs at least one KDF evaluation, whether or not the code exists.
        """
        normalised = resume_codes.normalise(code)
        if normalised is None:
            raise DraftNotFound
        now = self._now()
        with read_transaction(self.engine) as conn:
            candidates = slots.resume_candidates(
                conn, self._selector_ref(normalised), now=now, limit=MAX_RESUME_CANDIDATES
            )
        found = slots.unwrap_resume(candidates, normalised, default=self.resume_kdf)
        if found is None:
            raise DraftNotFound
        slot, dek = found
        secret = crypto.random_key()
        client = slots.hkdf_slot(dek, draft_id=slot.draft_id, kind="client", ref="", secret=secret)
        with write_transaction(self.engine) as conn:
            row = self._select_draft(conn, slot.draft_id, for_update=True)
            current = slots.select_one(conn, slot.draft_id, "resume", slot.ref)
            if row is None or row.expires_at <= now or current is None or current.id != slot.id:
                raise DraftNotFound  # deleted, expired or code replaced meanwhile
            slots.delete(conn, slot.draft_id, "client")
            slots.insert(conn, slot.draft_id, client, now=self._now())
        return self._to_draft(row, dek), format_client_key(slot.draft_id, secret)

    def _selector_ref(self, normalised_code: str) -> str:
        selector = resume_codes.selector(normalised_code)
        return self._hasher.hash("resume-selector", selector.encode("ascii"))

    # -- key slots (advisor hand-off builds on these) -------------------------

    def unlock(self, key: Access) -> DraftKey:
        """The draft's data key, for adding slots; hold it in memory only."""
        with single_read(self.engine) as conn:  # _unlock_row runs one statement
            row, dek = self._unlock_row(conn, key, now=self._now())
        return DraftKey(draft_id=row.id, dek=dek)

    def unlock_slot(self, draft_id: str, kind: SlotKind, ref: str, wrapping_key: bytes) -> DraftKey:
        """Unwrap the data key through a slot added with :meth:`add_key_slot`."""
        with read_transaction(self.engine) as conn:
            row = self._select_draft(conn, draft_id)
            slot = slots.select_one(conn, draft_id, kind, ref)
        if row is None or slot is None or row.expires_at <= self._now():
            raise DraftNotFound
        dek = slots.unwrap_hkdf(slot, wrapping_key, draft_id=draft_id, kind=kind)
        if dek is None:
            raise DraftNotFound
        return DraftKey(draft_id=draft_id, dek=dek)

    def add_key_slot(
        self,
        key: DraftKey,
        kind: SlotKind,
        ref: str,
        wrapping_key: bytes,
        *,
        params: Mapping[str, str | int] | None = None,
    ) -> None:
        """Wrap the draft's data key for another party (replaces a slot with the same ref).

        ``wrapping_key`` is >= 32 bytes of key material the caller derived (e.g.
        from an advisor's key pair); it goes through HKDF with a per-slot salt.
        ``params`` (e.g. an ephemeral public key, a key id) is stored beside the
        slot in clear, so it must not be secret.
        """
        if kind not in _EXTERNAL_SLOT_KINDS:
            raise ValueError(f"slot kind {kind!r} is managed by the store itself")
        _check_label(ref, "ref", 128)
        if len(wrapping_key) < crypto.KEY_BYTES:
            raise ValueError("wrapping_key must be at least 32 bytes")
        with write_transaction(self.engine) as conn:
            row = self._select_draft(conn, key.draft_id, for_update=True)
            if row is None or row.expires_at <= self._now():
                raise DraftNotFound
            # Prove the DraftKey matches before letting it into a slot.
            self._to_draft(row, key.dek)
            slot = slots.hkdf_slot(
                key.dek, draft_id=key.draft_id, kind=kind, ref=ref, secret=wrapping_key, ext=params
            )
            slots.delete(conn, key.draft_id, kind, ref)
            slots.insert(conn, key.draft_id, slot, now=self._now())

    def remove_key_slot(self, draft_id: str, kind: SlotKind, ref: str) -> bool:
        """Revoke one way of unlocking a draft; True if a slot was removed.

        Removing the last slot makes the draft undecryptable (crypto-shredded)
        until ``purge`` deletes the row.
        """
        with write_transaction(self.engine) as conn:
            return slots.delete(conn, draft_id, kind, ref) > 0

    # -- retention and rate limits -------------------------------------------

    def purge(self, now: datetime | None = None) -> int:
        """Delete every draft past ``expires_at`` (finished or not); returns how many.

        Key slots go with them (ON DELETE CASCADE, atomically per draft). Also
        drops rate-limit counters of ended windows.
        """
        return retention.purge_expired(self.engine, now or self._now())

    def hit_rate_limit(
        self, bucket: str, limit: int, window_seconds: int, *, now: datetime | None = None
    ) -> bool:
        """Count a hit on ``bucket``; True means over the limit, refuse the request.

        ``bucket`` may contain an IP address or similar (e.g. ``"resume:" + ip``):
        only its HMAC is stored. Shared by every process using this database.
        """
        when = (now or self._now()).timestamp()
        return ratelimit.hit(
            self.engine,
            self._hasher,
            bucket,
            limit=limit,
            window_seconds=window_seconds,
            now=when,
        )

    # -- internals --------------------------------------------------------------

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the store clock must return aware datetimes")
        return now.astimezone(UTC)

    def _select_draft(
        self, conn: Connection, draft_id: str, *, for_update: bool = False
    ) -> Row[Any] | None:
        stmt = _DRAFT_BY_ID_FOR_UPDATE if for_update else _DRAFT_BY_ID
        return conn.execute(stmt, {"draft_id": draft_id}).first()

    def _unlock_row(
        self,
        conn: Connection,
        key: Access,
        *,
        now: datetime,
        for_update: bool = False,
        allow_expired: bool = False,
    ) -> tuple[Row[Any], bytes]:
        """Find the draft for ``key`` and unwrap its DEK; DraftNotFound for any failure.

        Runs exactly one statement (callers rely on that: see ``single_read``).
        """
        if isinstance(key, DraftKey):
            row = self._select_draft(conn, key.draft_id, for_update=for_update)
            if row is None or (not allow_expired and row.expires_at <= now):
                raise DraftNotFound
            return row, key.dek
        parsed = parse_client_key(key)
        if parsed is None:
            raise DraftNotFound
        draft_id, secret = parsed
        stmt = _DRAFT_WITH_CLIENT_SLOTS_FOR_UPDATE if for_update else _DRAFT_WITH_CLIENT_SLOTS
        rows = conn.execute(stmt, {"draft_id": draft_id}).all()
        return self._unlock_client_rows(
            rows, draft_id, secret, now=now, allow_expired=allow_expired
        )

    def _unlock_client_rows(
        self,
        rows: Sequence[Any],
        draft_id: str,
        secret: bytes,
        *,
        now: datetime,
        allow_expired: bool = False,
    ) -> tuple[Any, bytes]:
        """The row whose client slot ``secret`` opens, and the DEK; DraftNotFound otherwise."""
        if not rows or (not allow_expired and rows[0].expires_at <= now):
            raise DraftNotFound
        for row in rows:
            dek = slots.unwrap_hkdf(row, secret, draft_id=draft_id, kind="client")
            if dek is not None:
                return row, dek
        raise DraftNotFound

    def _to_draft(self, row: Row[Any], dek: bytes) -> Draft:
        try:
            plaintext = crypto.open_payload(
                dek, row.ciphertext, draft_id=row.id, version=row.version
            )
        except DecryptionFailed:
            # The key was right (its slot authenticated) but the row was altered:
            # worth an operator's attention. The draft id is metadata, not a secret.
            logger.warning("draft %s failed authentication; treating as not found", row.id)
            raise DraftNotFound from None
        return _draft(row, decode_payload(plaintext))

    def _delete(self, conn: Connection, draft_id: str) -> bool:
        if not is_draft_id(draft_id):
            return False
        # Slots explicitly too, so deletion does not depend on FK enforcement alone.
        conn.execute(key_slots.delete().where(key_slots.c.draft_id == draft_id))
        return conn.execute(drafts.delete().where(drafts.c.id == draft_id)).rowcount > 0
