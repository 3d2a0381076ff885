"""Advisor mode under ``/advisor``: integration advisors review, complete and print in German.

* ``auth``: login, logout, the advisor's session and language, the audit helper.
* ``views_cases``: the case list, hand-off by resume code, desk mode, a case
  with its notes and log, the printable answers, PDFs, closing and deleting.
* ``views_steps``: the wizard's pages for the advisor, client's language beside German.

Accounts are made on the command line (``wizard advisor add``); there is no
self-registration. See docs/privacy.md ("Advisor access") for the key design.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Flask

from ...store import Advisors, Argon2Params, Cases

bp = Blueprint("advisor", __name__, url_prefix="/advisor")

DEFAULTS = {
    "ADVISOR_ARGON2": None,  # Argon2Params; None: the RFC 9106 default (64 MiB, t=3, p=4)
    "ADVISOR_IDLE_MINUTES": 30,
    "ADVISOR_ABSOLUTE_HOURS": 8,
    "ADVISOR_LOGIN_RATE_LIMIT": (20, 900),  # attempts per window (seconds) and client address
    "ADVISOR_LOCKOUT": (5, 900),  # consecutive failures, then the account locks for (seconds)
    "ADVISOR_AUDIT_DAYS": 365,
}


def install(app: Flask) -> None:
    """Create the advisor services on the app's store and register the blueprint."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    store = app.extensions["wizard.store"]
    failures, lock_seconds = app.config["ADVISOR_LOCKOUT"]
    params = app.config["ADVISOR_ARGON2"]
    app.extensions["wizard.advisors"] = Advisors(
        store.engine,
        params=params if isinstance(params, Argon2Params) else None,
        max_failures=failures,
        lockout=timedelta(seconds=lock_seconds),
        idle_timeout=timedelta(minutes=app.config["ADVISOR_IDLE_MINUTES"]),
        absolute_timeout=timedelta(hours=app.config["ADVISOR_ABSOLUTE_HOURS"]),
    )
    app.extensions["wizard.cases"] = Cases(store)

    from . import auth, views_cases, views_steps  # noqa: F401 - registers the routes

    app.register_blueprint(bp)
