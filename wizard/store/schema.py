"""Tables of the draft store and the schema-version migrations.

Only metadata is stored in clear (ids, form id, language, version, timestamps);
answers exist only inside ``drafts.ciphertext``. Key slots hold wrapped copies
of a draft's data key, one per way of unlocking it (cookie, resume code,
advisor), together with the KDF name and parameters used, so stronger
parameters can be introduced later without a schema change.

Versioning: ``schema_meta`` holds the schema version. A new database is created
at the newest version with ``metadata.create_all`` and stamped; an older one
gets the missing ``MIGRATIONS`` steps applied in order. Both happen in one
transaction under a lock (PostgreSQL advisory lock, SQLite ``BEGIN IMMEDIATE``),
so several processes starting at once migrate exactly once; DDL is
transactional on both backends, so a failed step leaves the old version intact.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect, Engine

from wizard.store.database import write_transaction

logger = logging.getLogger(__name__)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Aware UTC datetimes on both backends (SQLite has no time zones; it stores naive UTC)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = sa.MetaData()

schema_meta = sa.Table(
    "schema_meta",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)

drafts = sa.Table(
    "drafts",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("form_id", sa.String(200), nullable=False),
    sa.Column("language", sa.String(35), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    # 0x01 || 96-bit nonce || AES-256-GCM(DEK, padded JSON payload) || tag
    sa.Column("ciphertext", sa.LargeBinary, nullable=False),
)

key_slots = sa.Table(
    "key_slots",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "draft_id",
        sa.String(32),
        sa.ForeignKey("drafts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    # client | resume | advisor
    sa.Column("kind", sa.String(16), nullable=False),
    # client: "" ; resume: HMAC of the code's selector ; advisor: advisor/key id
    sa.Column("ref", sa.String(128), nullable=False),
    sa.Column("kdf", sa.String(32), nullable=False),
    sa.Column("kdf_params", sa.Text, nullable=False),  # JSON
    sa.Column("salt", sa.LargeBinary, nullable=False),
    # nonce || AES-256-GCM(KEK, DEK, aad=draft id + kind) || tag
    sa.Column("wrapped_dek", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("draft_id", "kind", "ref", name="uq_key_slots_draft_kind_ref"),
    sa.Index("ix_key_slots_kind_ref", "kind", "ref"),
)

rate_limits = sa.Table(
    "rate_limits",
    metadata,
    # HMAC of bucket name and window length: no IP address or other key in clear.
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("window_start", sa.BigInteger, nullable=False),  # Unix seconds
    sa.Column("hits", sa.Integer, nullable=False),
    sa.Column("expires_at", sa.BigInteger, nullable=False, index=True),  # Unix seconds
)

SCHEMA_NAME = "wizard.store"
BASELINE_VERSION = 1

Migration = Callable[[Connection], None]
"""One upgrade step; ``MIGRATIONS[i]`` brings the schema from version ``i + 1`` to ``i + 2``."""


def _v2_advisor_tables(conn: Connection) -> None:
    """Version 2: advisor accounts, sessions, cases and audit log (``advisor_schema.py``)."""
    from wizard.store import advisor_schema

    advisor_schema.create(conn)


# Append new steps; never edit or reorder released ones. Keep ``metadata`` equal
# to the result of all steps, because a new database is built from it directly.
MIGRATIONS: tuple[Migration, ...] = (_v2_advisor_tables,)

# Arbitrary constant naming "the wizard store migration" among advisory locks.
_PG_LOCK_KEY = 0x77697A5F73746F72  # "wiz_stor"


def head_version(steps: Sequence[Migration] = MIGRATIONS) -> int:
    return BASELINE_VERSION + len(steps)


def migrate(engine: Engine, *, steps: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database to the newest version; idempotent and safe to race. Returns it."""
    head = head_version(steps)
    with write_transaction(engine) as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
        current = None
        if sa.inspect(conn).has_table(schema_meta.name):
            current = conn.execute(
                sa.select(schema_meta.c.version).where(schema_meta.c.name == SCHEMA_NAME)
            ).scalar_one_or_none()
        if current is None:
            # New database, or tables made by a bare ``metadata.create_all``
            # (which has the head shape): create what is missing and stamp.
            metadata.create_all(conn)
            conn.execute(schema_meta.insert().values(name=SCHEMA_NAME, version=head))
            logger.info("created store schema at version %d", head)
            return head
        if current > head:
            raise RuntimeError(
                f"database schema version {current} is newer than this code ({head}); "
                "upgrade the application"
            )
        for version in range(current, head):
            steps[version - BASELINE_VERSION](conn)
            conn.execute(
                schema_meta.update()
                .where(schema_meta.c.name == SCHEMA_NAME)
                .values(version=version + 1)
            )
            logger.info("migrated store schema to version %d", version + 1)
        return head


def current_version(engine: Engine) -> int | None:
    """The stamped schema version, or None for a database without the store's tables."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(schema_meta.name):
            return None
        return conn.execute(
            sa.select(schema_meta.c.version).where(schema_meta.c.name == SCHEMA_NAME)
        ).scalar_one_or_none()


def table_names() -> list[str]:
    """Every table this store owns (tests and the leak check iterate over them)."""
    return [table.name for table in metadata.sorted_tables]


# The advisor tables live in their own module and register themselves on ``metadata``.
from wizard.store import advisor_schema as _advisor_schema  # noqa: E402, F401
