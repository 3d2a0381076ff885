"""Advisor accounts: passwords, advisor keys, login throttling and sessions.

Each advisor has a random 256-bit *advisor key*. Drafts handed to the advisor
get a key slot of kind ``advisor`` wrapped under it (``Store.add_key_slot``),
so the advisor key is what opens their cases. It is stored only wrapped:

* under ``argon2id(password, key_salt)`` in ``advisors.wrapped_key``, so it can
  be recovered only with the password, at login; and
* for the length of a login, under ``HKDF(session secret)`` in
  ``advisor_sessions.wrapped_key``, where the session secret lives only in the
  advisor's cookie. The database alone cannot unwrap it; the cookie alone
  (without the database row) is useless; logout and time-outs delete the row.

Password verification uses a standard argon2id hash (PHC string) from
argon2-cffi, separately from the key derivation (own salt), so the stored
hash is not itself a key to anything.

Failures to log in are all :class:`LoginFailed`, whatever the reason, and cost
one argon2 evaluation even for unknown addresses, so neither the message nor
the timing tells whether an account exists, is disabled or is locked.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.low_level import hash_secret_raw
from sqlalchemy.engine import Engine, Row

from wizard.store import crypto
from wizard.store.advisor_schema import advisor_sessions, advisors
from wizard.store.client_keys import format_client_key, new_draft_id, parse_client_key
from wizard.store.crypto import DecryptionFailed
from wizard.store.database import read_transaction, write_transaction
from wizard.store.errors import StoreError

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
_KEY_KIND = "advisor-password"
_SESSION_KIND = "advisor-session"
_TOUCH_EVERY = timedelta(seconds=60)  # how stale last_seen_at may get (fewer writes)


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Argon2Params:
    """argon2id cost; the default is RFC 9106's second recommendation (64 MiB, t=3, p=4)."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024  # KiB
    parallelism: int = 4

    # Ceilings for parameters read back from the database (a tampered row must
    # not make the server allocate gigabytes).
    MAX_MEMORY = 1024 * 1024
    MAX_TIME = 20
    MAX_PARALLELISM = 16

    def to_json(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_cost, "p": self.parallelism}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Argon2Params:
        t, m, p = int(data["t"]), int(data["m"]), int(data["p"])
        if not (1 <= t <= cls.MAX_TIME and 8 * p <= m <= cls.MAX_MEMORY):
            raise DecryptionFailed
        if not 1 <= p <= cls.MAX_PARALLELISM:
            raise DecryptionFailed
        return cls(time_cost=t, memory_cost=m, parallelism=p)

    def hasher(self) -> PasswordHasher:
        return PasswordHasher(
            time_cost=self.time_cost,
            memory_cost=self.memory_cost,
            parallelism=self.parallelism,
            type=Type.ID,
        )

    def derive(self, password: str, salt: bytes) -> bytes:
        """A 256-bit key-encryption key from the password (argon2id, raw output)."""
        return hash_secret_raw(
            password.encode("utf-8"),
            salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_cost,
            parallelism=self.parallelism,
            hash_len=crypto.KEY_BYTES,
            type=Type.ID,
        )


class AdvisorError(StoreError):
    """Something about an advisor account is not as asked (exists, unknown, bad input)."""


class LoginFailed(StoreError):
    """Wrong address or password, disabled or locked account: deliberately one error.

    ``reason`` and ``advisor_id`` are for the audit log only, never for the user.
    """

    def __init__(self, reason: str, advisor_id: str | None = None) -> None:
        super().__init__("login failed")
        self.reason = reason
        self.advisor_id = advisor_id


class SessionToken(str):
    """The advisor's session cookie value ``1.<session id>.<secret>``; ``repr`` is redacted."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "SessionToken(<redacted>)"


@dataclass(frozen=True, slots=True)
class Advisor:
    id: str
    email: str
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None
    locked_until: datetime | None


@dataclass(frozen=True, slots=True)
class AdvisorSession:
    """A logged-in advisor for one request: who, and their unwrapped advisor key."""

    id: str
    advisor: Advisor
    created_at: datetime
    last_seen_at: datetime
    key: bytes = field(repr=False)

    @property
    def advisor_id(self) -> str:
        return self.advisor.id


def normalise_email(email: str) -> str:
    value = (email or "").strip().lower()
    if not 3 <= len(value) <= 254 or value.count("@") != 1 or not value.isprintable():
        raise AdvisorError("not an e-mail address")
    local, _, domain = value.partition("@")
    if not local or not domain or any(c.isspace() for c in value):
        raise AdvisorError("not an e-mail address")
    return value


def check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise AdvisorError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AdvisorError("the password is too long")


def _advisor(row: Row[Any]) -> Advisor:
    return Advisor(
        id=row.id,
        email=row.email,
        disabled=bool(row.disabled),
        created_at=row.created_at,
        last_login_at=row.last_login_at,
        locked_until=row.locked_until,
    )


class Advisors:
    """Accounts and sessions of advisors in the store's database."""

    def __init__(
        self,
        engine: Engine,
        *,
        params: Argon2Params | None = None,
        clock: Callable[[], datetime] | None = None,
        max_failures: int = 5,
        lockout: timedelta = timedelta(minutes=15),
        idle_timeout: timedelta = timedelta(minutes=30),
        absolute_timeout: timedelta = timedelta(hours=8),
    ) -> None:
        self.engine = engine
        self.params = params or Argon2Params()
        self.clock = clock or _utcnow
        self.max_failures = max_failures
        self.lockout = lockout
        self.idle_timeout = idle_timeout
        self.absolute_timeout = absolute_timeout
        self._hasher = self.params.hasher()
        self._dummy_hash: str | None = None

    def now(self) -> datetime:
        return self.clock().astimezone(UTC)

    # -- accounts ---------------------------------------------------------------

    def add(self, email: str, password: str) -> Advisor:
        """A new advisor with a fresh advisor key (raises AdvisorError if the address exists)."""
        address = normalise_email(email)
        check_password(password)
        advisor_id = new_draft_id()
        key = crypto.random_key()
        salt = crypto.random_salt()
        kek = self.params.derive(password, salt)
        now = self.now()
        with write_transaction(self.engine) as conn:
            if conn.execute(sa.select(advisors.c.id).where(advisors.c.email == address)).first():
                raise AdvisorError("an advisor with this address exists")
            conn.execute(
                advisors.insert().values(
                    id=advisor_id,
                    email=address,
                    password_hash=self._hasher.hash(password),
                    key_kdf_params=json.dumps(self.params.to_json(), sort_keys=True),
                    key_salt=salt,
                    wrapped_key=crypto.wrap_dek(key, kek, draft_id=advisor_id, kind=_KEY_KIND),
                    disabled=False,
                    failed_logins=0,
                    locked_until=None,
                    created_at=now,
                    last_login_at=None,
                )
            )
        return Advisor(advisor_id, address, False, now, None, None)

    def get(self, email: str) -> Advisor | None:
        try:
            address = normalise_email(email)
        except AdvisorError:
            return None
        with read_transaction(self.engine) as conn:
            row = conn.execute(sa.select(advisors).where(advisors.c.email == address)).first()
        return _advisor(row) if row else None

    def list(self) -> list[Advisor]:
        with read_transaction(self.engine) as conn:
            rows = conn.execute(sa.select(advisors).order_by(advisors.c.email)).all()
        return [_advisor(r) for r in rows]

    def set_disabled(self, email: str, disabled: bool) -> Advisor:
        """Disable (ends every session at once) or enable an account."""
        advisor = self.get(email)
        if advisor is None:
            raise AdvisorError("no advisor with this address")
        with write_transaction(self.engine) as conn:
            conn.execute(
                advisors.update()
                .where(advisors.c.id == advisor.id)
                .values(disabled=disabled, failed_logins=0, locked_until=None)
            )
            if disabled:
                conn.execute(
                    advisor_sessions.delete().where(advisor_sessions.c.advisor_id == advisor.id)
                )
        return self.get(email)  # type: ignore[return-value]

    def change_password(self, email: str, old: str, new: str) -> None:
        """Re-wrap the advisor key under a new password (the old one is needed to unwrap it)."""
        check_password(new)
        session, token = self.login(email, old)
        self.logout(token)
        salt = crypto.random_salt()
        kek = self.params.derive(new, salt)
        advisor_id = session.advisor_id
        with write_transaction(self.engine) as conn:
            conn.execute(
                advisors.update()
                .where(advisors.c.id == advisor_id)
                .values(
                    password_hash=self._hasher.hash(new),
                    key_kdf_params=json.dumps(self.params.to_json(), sort_keys=True),
                    key_salt=salt,
                    wrapped_key=crypto.wrap_dek(
                        session.key, kek, draft_id=advisor_id, kind=_KEY_KIND
                    ),
                )
            )
            conn.execute(
                advisor_sessions.delete().where(advisor_sessions.c.advisor_id == advisor_id)
            )

    # -- login ----------------------------------------------------------------

    def login(self, email: str, password: str) -> tuple[AdvisorSession, SessionToken]:
        """Check the password, unwrap the advisor key and open a session; else LoginFailed."""
        try:
            address = normalise_email(email)
        except AdvisorError:
            address = None
        if not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
            password = ""
        row = None
        if address is not None:
            with read_transaction(self.engine) as conn:
                row = conn.execute(sa.select(advisors).where(advisors.c.email == address)).first()
        now = self.now()
        if row is None or row.disabled or (row.locked_until and row.locked_until > now):
            self._burn(password)  # same cost as a real check: timing tells nothing
            if row is None:
                raise LoginFailed("unknown")
            raise LoginFailed("disabled" if row.disabled else "locked", row.id)
        try:
            self._hasher.verify(row.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            self._count_failure(row.id, now)
            raise LoginFailed("password", row.id) from None
        try:
            params = Argon2Params.from_json(json.loads(row.key_kdf_params))
            key = crypto.unwrap_dek(
                row.wrapped_key,
                params.derive(password, row.key_salt),
                draft_id=row.id,
                kind=_KEY_KIND,
            )
        except (DecryptionFailed, ValueError, KeyError, TypeError):
            # Right password but the key does not unwrap: a damaged or altered row.
            logger.warning("advisor %s: advisor key does not unwrap", row.id)
            raise LoginFailed("key", row.id) from None
        values: dict[str, Any] = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
        if self._hasher.check_needs_rehash(row.password_hash):
            values["password_hash"] = self._hasher.hash(password)
        session_id = new_draft_id()
        secret = crypto.random_key()
        salt = crypto.random_salt()
        wrapped = crypto.wrap_dek(
            key,
            crypto.hkdf_kek(secret, salt, _SESSION_KIND),
            draft_id=session_id,
            kind=_SESSION_KIND,
        )
        with write_transaction(self.engine) as conn:
            conn.execute(advisors.update().where(advisors.c.id == row.id).values(**values))
            conn.execute(
                advisor_sessions.insert().values(
                    id=session_id,
                    advisor_id=row.id,
                    created_at=now,
                    last_seen_at=now,
                    salt=salt,
                    wrapped_key=wrapped,
                )
            )
        advisor = Advisor(row.id, row.email, False, row.created_at, now, None)
        session = AdvisorSession(session_id, advisor, now, now, key)
        return session, SessionToken(format_client_key(session_id, secret))

    def _burn(self, password: str) -> None:
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        try:
            self._hasher.verify(self._dummy_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            pass

    def _count_failure(self, advisor_id: str, now: datetime) -> None:
        """One more consecutive failure; at ``max_failures`` the account locks for ``lockout``."""
        with write_transaction(self.engine) as conn:
            failures = conn.execute(
                advisors.update()
                .where(advisors.c.id == advisor_id)
                .values(failed_logins=advisors.c.failed_logins + 1)
                .returning(advisors.c.failed_logins)
            ).scalar_one()
            if failures >= self.max_failures:
                conn.execute(
                    advisors.update()
                    .where(advisors.c.id == advisor_id)
                    .values(failed_logins=0, locked_until=now + self.lockout)
                )
                logger.warning("advisor %s locked after %d failed logins", advisor_id, failures)

    # -- sessions -----------------------------------------------------------------

    def session(self, token: str | None) -> AdvisorSession | None:
        """The live session for a cookie value, or None (unknown, timed out, disabled, wrong)."""
        parsed = parse_client_key(token) if token else None
        if parsed is None:
            return None
        session_id, secret = parsed
        now = self.now()
        stmt = (
            sa.select(
                advisor_sessions.c.advisor_id,
                advisor_sessions.c.created_at,
                advisor_sessions.c.last_seen_at,
                advisor_sessions.c.salt,
                advisor_sessions.c.wrapped_key,
                advisors.c.email,
                advisors.c.disabled,
                advisors.c.created_at.label("advisor_created_at"),
                advisors.c.last_login_at,
                advisors.c.locked_until,
            )
            .join(advisors, advisors.c.id == advisor_sessions.c.advisor_id)
            .where(advisor_sessions.c.id == session_id)
        )
        with read_transaction(self.engine) as conn:
            row = conn.execute(stmt).first()
        if row is None:
            return None
        expired = (
            now - row.created_at >= self.absolute_timeout
            or now - row.last_seen_at >= self.idle_timeout
        )
        if expired or row.disabled:
            self._end(session_id)
            return None
        try:
            key = crypto.unwrap_dek(
                row.wrapped_key,
                crypto.hkdf_kek(secret, row.salt, _SESSION_KIND),
                draft_id=session_id,
                kind=_SESSION_KIND,
            )
        except DecryptionFailed:
            return None
        last_seen = row.last_seen_at
        if now - last_seen >= _TOUCH_EVERY:
            with write_transaction(self.engine) as conn:
                conn.execute(
                    advisor_sessions.update()
                    .where(advisor_sessions.c.id == session_id)
                    .values(last_seen_at=now)
                )
            last_seen = now
        advisor = Advisor(
            id=row.advisor_id,
            email=row.email,
            disabled=False,
            created_at=row.advisor_created_at,
            last_login_at=row.last_login_at,
            locked_until=row.locked_until,
        )
        return AdvisorSession(session_id, advisor, row.created_at, last_seen, key)

    def logout(self, token: str | None) -> str | None:
        """End the session of this cookie value; returns its advisor id (None if there was none)."""
        parsed = parse_client_key(token) if token else None
        if parsed is None:
            return None
        with write_transaction(self.engine) as conn:
            advisor_id = conn.execute(
                sa.select(advisor_sessions.c.advisor_id).where(advisor_sessions.c.id == parsed[0])
            ).scalar_one_or_none()
            conn.execute(advisor_sessions.delete().where(advisor_sessions.c.id == parsed[0]))
        return advisor_id

    def _end(self, session_id: str) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(advisor_sessions.delete().where(advisor_sessions.c.id == session_id))

    def purge_sessions(self) -> int:
        """Delete sessions past their idle or absolute time-out."""
        now = self.now()
        with write_transaction(self.engine) as conn:
            return conn.execute(
                advisor_sessions.delete().where(
                    sa.or_(
                        advisor_sessions.c.created_at <= now - self.absolute_timeout,
                        advisor_sessions.c.last_seen_at <= now - self.idle_timeout,
                    )
                )
            ).rowcount
