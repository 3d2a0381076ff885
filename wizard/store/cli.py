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
import sys
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


# --------------------------------------------------------------------------- advisors


def _store_from_environment():  # type: ignore[no-untyped-def]
    """The app's store, from the same environment variables as :func:`purge`.

    Accounts need no lookup hashes, so the app's secret is optional here too.
    """
    secret = os.environ.get("WIZARD_SECRET_KEY")
    return open_store(
        os.environ.get("DATABASE_URL") or None,
        data_dir=Path(os.environ.get("WIZARD_DATA_DIR") or "instance"),
        server_secret=secret.encode("utf-8") if secret else secrets.token_bytes(32),
    )


def _advisors(store):  # type: ignore[no-untyped-def]
    from wizard.store.advisors import Advisors

    return Advisors(store.engine)


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group("advisor")
def advisor() -> None:
    """Advisor accounts (advisor mode under /advisor). There is no self-registration."""


@advisor.command("add")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of stdin.")
def advisor_add(email: str, password_stdin: bool) -> None:
    """Create an advisor account (prompts for the password twice)."""
    from wizard.store.advisors import AdvisorError

    password = _read_password(password_stdin)
    store = _store_from_environment()
    try:
        created = _advisors(store).add(email, password)
    except AdvisorError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()
    click.echo(f"advisor {created.email} added")


@advisor.command("list")
def advisor_list() -> None:
    """List advisor accounts: address, status, last login."""
    store = _store_from_environment()
    try:
        accounts = _advisors(store).list()
    finally:
        store.close()
    if not accounts:
        click.echo("no advisors")
    for a in accounts:
        status = "disabled" if a.disabled else "active"
        last = a.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if a.last_login_at else "never"
        click.echo(f"{a.email}\t{status}\tlast login: {last}")


def _set_disabled(email: str, disabled: bool) -> None:
    from wizard.store.advisors import AdvisorError

    store = _store_from_environment()
    try:
        changed = _advisors(store).set_disabled(email, disabled)
    except AdvisorError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()
    click.echo(f"advisor {changed.email} {'disabled' if disabled else 'enabled'}")


@advisor.command("disable")
@click.argument("email")
def advisor_disable(email: str) -> None:
    """Disable an account: no more logins, open sessions end at once. Cases stay."""
    _set_disabled(email, True)


@advisor.command("enable")
@click.argument("email")
def advisor_enable(email: str) -> None:
    """Enable a disabled account again."""
    _set_disabled(email, False)


@advisor.command("passwd")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read old and new password from stdin.")
def advisor_passwd(email: str, password_stdin: bool) -> None:
    """Change an advisor's password (the current one is needed: it protects the advisor key)."""
    from wizard.store.advisors import AdvisorError, LoginFailed

    if password_stdin:
        old, new = (sys.stdin.readline().rstrip("\r\n") for _ in range(2))
    else:
        old = click.prompt("Current password", hide_input=True)
        new = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    store = _store_from_environment()
    try:
        _advisors(store).change_password(email, old, new)
    except LoginFailed:
        raise click.ClickException("wrong address or password") from None
    except AdvisorError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()
    click.echo("password changed")
