"""The advisors' audit log: who opened, changed, printed or deleted which case, and when.

An entry names the advisor, the case, the form, the action and at most an id
as detail (a step, an item page, a PDF). It never holds an answer, a note, a
resume code or anything typed: the detail must match a strict pattern of ids,
and callers pass structural ids only. Entries outlive their case (no foreign
key), so a deleted case still shows who deleted it; they are kept
``AUDIT_DAYS`` days and then purged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from wizard.store.advisor_schema import advisor_audit, advisors
from wizard.store.database import read_transaction, write_transaction

AUDIT_DAYS = 365

ACTIONS: frozenset[str] = frozenset(
    {
        "login",  # signed in
        "login_failed",  # wrong password, locked or disabled account
        "logout",
        "created",  # started a case at the desk
        "received",  # a client handed their draft over with their resume code
        "opened",  # looked at a case
        "changed",  # saved answers (detail: the page)
        "conflict",  # a save was refused because someone else saved first
        "finished",  # marked the application as complete
        "printed",  # made a PDF (detail: which)
        "noted",  # changed the internal notes
        "code_issued",  # made a new resume code for the client
        "closed",
        "reopened",
        "released",  # gave up access; the client's draft stays
        "deleted",  # deleted the case together with the client's draft
    }
)
_DETAIL = re.compile(r"[A-Za-z0-9_.:/-]{0,120}")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    advisor_id: str
    advisor_email: str | None
    case_id: str | None
    form_id: str | None
    action: str
    detail: str


def record(
    engine: Engine,
    *,
    advisor_id: str,
    action: str,
    now: datetime,
    case_id: str | None = None,
    form_id: str | None = None,
    detail: str = "",
) -> None:
    """Append one entry; refuses unknown actions and any detail that is not an id."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if not _DETAIL.fullmatch(detail):
        raise ValueError("audit detail must be an id (letters, digits, _ . : / -)")
    with write_transaction(engine) as conn:
        conn.execute(
            advisor_audit.insert().values(
                at=now,
                advisor_id=advisor_id,
                case_id=case_id,
                form_id=form_id,
                action=action,
                detail=detail,
            )
        )


def _entries(engine: Engine, where: sa.ColumnElement[bool], limit: int) -> list[AuditEntry]:
    stmt = (
        sa.select(advisor_audit, advisors.c.email)
        .outerjoin(advisors, advisors.c.id == advisor_audit.c.advisor_id)
        .where(where)
        .order_by(advisor_audit.c.at.desc(), advisor_audit.c.id.desc())
        .limit(limit)
    )
    with read_transaction(engine) as conn:
        rows = conn.execute(stmt).all()
    return [
        AuditEntry(r.at, r.advisor_id, r.email, r.case_id, r.form_id, r.action, r.detail)
        for r in rows
    ]


def for_case(engine: Engine, case_id: str, *, limit: int = 200) -> list[AuditEntry]:
    """Newest first. Only call with the id of a case the caller may see."""
    return _entries(engine, advisor_audit.c.case_id == case_id, limit)


def for_advisor(engine: Engine, advisor_id: str, *, limit: int = 500) -> list[AuditEntry]:
    """Everything one advisor did (including on cases deleted since), newest first."""
    return _entries(engine, advisor_audit.c.advisor_id == advisor_id, limit)


def purge(engine: Engine, now: datetime, *, days: int = AUDIT_DAYS) -> int:
    with write_transaction(engine) as conn:
        return conn.execute(
            advisor_audit.delete().where(advisor_audit.c.at <= now - timedelta(days=days))
        ).rowcount
