"""Fixed-window rate-limit counters in the database, shared by all app servers.

The web layer limits e.g. resume-code guesses per client. Counting in the
database (instead of process memory) means the limit holds across gunicorn
workers and servers. Bucket names are stored only as an HMAC under the server
secret, so the table never contains an IP address or other identifier in clear.

One atomic upsert per hit (``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``,
supported by PostgreSQL and SQLite >= 3.35): no read-modify-write race.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from wizard.store.crypto import LookupHasher
from wizard.store.database import write_transaction
from wizard.store.schema import rate_limits


def hit(
    engine: Engine,
    hasher: LookupHasher,
    bucket: str,
    *,
    limit: int,
    window_seconds: int,
    now: float,
) -> bool:
    """Count one hit; True when this hit is over ``limit`` for the current window.

    A window is ``[k * window_seconds, (k + 1) * window_seconds)`` in Unix time,
    so servers agree on it without coordination. Hits over the limit are still
    counted, so hammering does not reopen the bucket early.
    """
    if limit < 0 or window_seconds <= 0:
        raise ValueError("limit must be >= 0 and window_seconds > 0")
    key = hasher.hash("rate-limit", f"{window_seconds}\x00{bucket}".encode())
    window_start = int(now // window_seconds) * window_seconds
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(rate_limits).values(
        key=key, window_start=window_start, hits=1, expires_at=window_start + window_seconds
    )
    # A newer window resets the count; a hit stamped with an older window (clock
    # skew between servers) counts towards the stored one instead of resetting it.
    newer = stmt.excluded.window_start > rate_limits.c.window_start
    stmt = stmt.on_conflict_do_update(
        index_elements=[rate_limits.c.key],
        set_={
            "hits": sa.case((newer, 1), else_=rate_limits.c.hits + 1),
            "window_start": sa.case(
                (newer, stmt.excluded.window_start), else_=rate_limits.c.window_start
            ),
            "expires_at": sa.case(
                (newer, stmt.excluded.expires_at), else_=rate_limits.c.expires_at
            ),
        },
    ).returning(rate_limits.c.hits)
    with write_transaction(engine) as conn:
        hits = conn.execute(stmt).scalar_one()
    return hits > limit


def purge_expired(engine: Engine, *, now: float) -> int:
    """Drop counters of windows that have ended (housekeeping, called from ``Store.purge``)."""
    with write_transaction(engine) as conn:
        result = conn.execute(rate_limits.delete().where(rate_limits.c.expires_at <= int(now)))
    return result.rowcount
