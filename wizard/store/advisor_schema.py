"""Tables of advisor mode: accounts, their sessions, their cases and the audit log.

Registered on the store's ``metadata`` (``schema.py`` imports this module), so
a new database gets them from ``metadata.create_all``; an existing one gets
them from the schema-version-2 migration step, which calls :func:`create`.

What is in clear here is metadata about *advisors* (e-mail address, login
times) and about *cases* (which advisor holds which draft, since when, open or
closed). Everything about the person who fills in the form stays encrypted:
answers in ``drafts``, and the advisor's internal notes on a case in
``advisor_cases.notes``, under the draft's data key. See docs/privacy.md
("Advisor access").
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from wizard.store.schema import UTCDateTime, metadata

advisors = sa.Table(
    "advisors",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # 128 random bits, base64url
    sa.Column("email", sa.String(254), nullable=False, unique=True),  # lower-cased
    # argon2id in PHC string format: algorithm, parameters, salt and hash
    sa.Column("password_hash", sa.Text, nullable=False),
    # the advisor key, wrapped under argon2id(password, key_salt) (a second, separate derivation)
    sa.Column("key_kdf_params", sa.Text, nullable=False),  # JSON
    sa.Column("key_salt", sa.LargeBinary, nullable=False),
    sa.Column("wrapped_key", sa.LargeBinary, nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("failed_logins", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_login_at", UTCDateTime, nullable=True),
)

advisor_sessions = sa.Table(
    "advisor_sessions",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # 128 random bits, in the cookie
    sa.Column(
        "advisor_id",
        sa.String(32),
        sa.ForeignKey("advisors.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
    sa.Column("salt", sa.LargeBinary, nullable=False),
    # the advisor key wrapped under HKDF(cookie secret, salt): useless without the cookie
    sa.Column("wrapped_key", sa.LargeBinary, nullable=False),
)

advisor_cases = sa.Table(
    "advisor_cases",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # 128 random bits, in URLs
    sa.Column(
        "advisor_id",
        sa.String(32),
        sa.ForeignKey("advisors.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    # A case lives as long as its draft: retention and "delete my answers" remove it.
    sa.Column(
        "draft_id",
        sa.String(32),
        sa.ForeignKey("drafts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("origin", sa.String(16), nullable=False),  # desk | handoff
    sa.Column("status", sa.String(16), nullable=False),  # open | closed
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("closed_at", UTCDateTime, nullable=True),
    # 0x01 || nonce || AES-256-GCM(draft DEK, padded notes, aad=case id + draft id) || tag
    sa.Column("notes", sa.LargeBinary, nullable=True),
    sa.UniqueConstraint("advisor_id", "draft_id", name="uq_advisor_cases_advisor_draft"),
)

advisor_audit = sa.Table(
    "advisor_audit",
    metadata,
    # internal row number: never shown, never in a URL
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
    # No foreign keys: entries outlive the case (that is the point of an audit log).
    sa.Column("advisor_id", sa.String(32), nullable=False, index=True),
    sa.Column("case_id", sa.String(32), nullable=True, index=True),
    sa.Column("form_id", sa.String(200), nullable=True),
    sa.Column("action", sa.String(32), nullable=False),
    # ids only (a step, a PDF): checked against a strict pattern, never an answer
    sa.Column("detail", sa.String(120), nullable=False, default=""),
)

TABLES = (advisors, advisor_sessions, advisor_cases, advisor_audit)


def create(conn: Connection) -> None:
    """Migration to schema version 2: add the advisor tables (idempotent)."""
    for table in TABLES:
        table.create(conn, checkfirst=True)
