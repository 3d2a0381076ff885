"""Retention: drafts are deleted once ``expires_at`` has passed.

``expires_at`` is set to ``now + retention_days`` on every create, save and
mark-finished, so a draft lives ``retention_days`` after its last change,
finished or not. Deleting the row deletes its key slots (ON DELETE CASCADE);
on SQLite ``secure_delete`` overwrites the freed pages. Backups and the
PostgreSQL WAL/dead tuples keep old ciphertext longer; see docs/privacy.md.

Two ways to run it: the ``wizard purge`` command (cron, systemd timer) and
:class:`PeriodicPurger`, which the web app calls on requests.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from wizard.store import ratelimit
from wizard.store.database import write_transaction
from wizard.store.schema import drafts

if TYPE_CHECKING:
    from wizard.store.sessions import Store

logger = logging.getLogger(__name__)


def purge_expired(engine: Engine, now: datetime) -> int:
    """Delete drafts with ``expires_at <= now``; returns the number of drafts deleted.

    One statement, so a draft saved (and thereby extended) concurrently is
    either deleted whole or kept whole, never left without its key slots.
    """
    with write_transaction(engine) as conn:
        deleted = conn.execute(drafts.delete().where(drafts.c.expires_at <= now)).rowcount
    ratelimit.purge_expired(engine, now=now.timestamp())
    if deleted:
        logger.info("purged %d expired drafts", deleted)
    return deleted


class PeriodicPurger:
    """Runs ``store.purge()`` at most once per ``every`` in this process; call it per request.

    Not due: one clock read and a comparison, no database access. Due: one
    thread purges, concurrent callers skip rather than wait. Several processes
    each purging on their own schedule is harmless (the delete is idempotent),
    and a random jitter keeps workers started together from purging in step.
    A failing purge is logged and retried next period; it never fails the request.
    """

    def __init__(
        self,
        store: Store,
        *,
        every: timedelta = timedelta(minutes=15),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if every <= timedelta(0):
            raise ValueError("every must be positive")
        self._store = store
        self._every = every.total_seconds()
        self._clock = clock
        self._lock = threading.Lock()
        self._next_due = clock()  # the first call purges: catches up after downtime

    def maybe_purge(self) -> int | None:
        """Number of drafts purged, or None when not due (or another thread is on it)."""
        if self._clock() < self._next_due:
            return None
        if not self._lock.acquire(blocking=False):
            return None
        try:
            now = self._clock()
            if now < self._next_due:
                return None
            self._next_due = now + self._every * random.uniform(1.0, 1.2)
            try:
                return self._store.purge()
            except SQLAlchemyError:
                logger.exception("periodic purge failed; will retry next period")
                return None
        finally:
            self._lock.release()
