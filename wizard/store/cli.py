"""``wizard purge``: delete expired drafts (for cron or a systemd timer).

Configuration comes from the same environment variables as the app:
``DATABASE_URL`` (unset: SQLite in ``WIZARD_DATA_DIR``, default ``./instance``)
and ``WIZARD_SECRET_KEY``. Purging computes no lookup hashes, so the secret
is optional here: a cron job should not need the app's secret just to delete.
The output is only the count, never a URL (it may contain a password).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click

from wizard.store import open_store


@click.command("purge")
def purge() -> None:
    """Delete drafts whose retention period has ended."""
    secret = os.environ.get("WIZARD_SECRET_KEY")
    store = open_store(
        os.environ.get("DATABASE_URL") or None,
        data_dir=Path(os.environ.get("WIZARD_DATA_DIR") or "instance"),
        server_secret=secret.encode("utf-8") if secret else secrets.token_bytes(32),
    )
    try:
        deleted = store.purge()
    finally:
        store.close()
    click.echo(f"{deleted} expired drafts deleted")
