"""Storage of wizard drafts, encrypted at rest with a key only the client holds.

SQLite (default, one file in the data directory, safe with several worker
processes) or PostgreSQL (several servers) behind one :class:`Store`. No Flask
here: the web layer decides what goes into cookies and when to rate-limit.

Typical use per request::

    store = open_store(app.config.get("DATABASE_URL"), data_dir=instance_path,
                       server_secret=app.secret_key.encode())
    draft, client_key = store.create("kindergeld", "ar", {"answers": {}, "state": {}})
    draft = store.open(request.cookies["draft"])
    draft = store.save(cookie, new_payload, expected_version=draft.version)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from wizard.store.advisors import (
    Advisor,
    AdvisorError,
    Advisors,
    AdvisorSession,
    Argon2Params,
    LoginFailed,
)
from wizard.store.cases import Case, CaseNotFound, Cases
from wizard.store.crypto import ScryptParams
from wizard.store.database import create_engine, normalise_url
from wizard.store.errors import DraftNotFound, InvalidPayload, StoreError, VersionConflict
from wizard.store.model import ClientKey, Draft, DraftKey, OpenedDraft, ResumeCode, SlotKind
from wizard.store.retention import PeriodicPurger
from wizard.store.schema import migrate
from wizard.store.sessions import Store

__all__ = [
    "Advisor",
    "AdvisorError",
    "AdvisorSession",
    "Advisors",
    "Argon2Params",
    "Case",
    "CaseNotFound",
    "Cases",
    "ClientKey",
    "Draft",
    "DraftKey",
    "DraftNotFound",
    "InvalidPayload",
    "LoginFailed",
    "OpenedDraft",
    "PeriodicPurger",
    "ResumeCode",
    "ScryptParams",
    "SlotKind",
    "Store",
    "StoreError",
    "VersionConflict",
    "open_store",
]


def open_store(
    url: str | None,
    *,
    data_dir: Path | None = None,
    server_secret: bytes,
    retention_days: int = 30,
    resume_kdf: ScryptParams | None = None,
    clock: Callable[[], datetime] | None = None,
    sqlite_synchronous: str = "full",
) -> Store:
    """Connect, bring the schema up to date and return the store.

    ``url``: None for SQLite at ``data_dir/wizard.sqlite3``; otherwise a
    ``postgresql+psycopg://``, ``postgresql://`` or ``postgres://`` URL (or a
    ``sqlite:///`` file URL). ``server_secret`` (>= 16 bytes, the app's secret
    key) only keys lookup hashes. ``resume_kdf`` sets the cost of new resume
    codes; existing codes keep the parameters recorded with them. ``clock``
    (aware datetimes) is for tests. ``sqlite_synchronous``: "full" (default) or
    "normal", see ``database.SQLITE_SYNCHRONOUS``.
    """
    engine = create_engine(normalise_url(url, data_dir), sqlite_synchronous=sqlite_synchronous)
    try:
        store = Store(
            engine,
            server_secret=server_secret,
            retention_days=retention_days,
            resume_kdf=resume_kdf,
            clock=clock,
        )
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return store
