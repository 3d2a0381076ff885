"""Login, logout and the advisor's session; the language of advisor pages; the audit helper.

The session cookie ``advisor-session`` holds ``1.<session id>.<secret>``
(HttpOnly, SameSite=Strict, Path=/advisor, Secure behind TLS, no max-age:
it ends with the browser). The server keeps the advisor key wrapped under
that secret, so neither the cookie nor the database alone yields it. Idle
and absolute time-outs are enforced on the server (``Advisors.session``).

Advisor pages are German unless the advisor picks another language; that
choice has its own cookie, so it never changes the language of the public
wizard on the same browser (and the other way round).
"""

from __future__ import annotations

import hashlib
import logging
import time
from urllib.parse import urlsplit

from flask import (
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from ...i18n import languages
from ...i18n.languages import Language
from ...store import AdvisorSession, LoginFailed, audit
from ...store.advisors import Advisors
from ...store.cases import Case, Cases
from . import bp

log = logging.getLogger("wizard.advisor")

SESSION_COOKIE = "advisor-session"
LANG_COOKIE = "advisor-lang"
PUBLIC_ENDPOINTS = frozenset({"advisor.login"})
HOUSEKEEPING_SECONDS = 900


def advisors() -> Advisors:
    return current_app.extensions["wizard.advisors"]


def cases() -> Cases:
    return current_app.extensions["wizard.cases"]


def current() -> AdvisorSession:
    """The logged-in advisor of this request (every view but login has one)."""
    session = g.get("advisor_session")
    if session is None:
        abort(401)
    return session


def record(
    action: str, case: Case | None = None, detail: str = "", *, advisor_id: str = ""
) -> None:
    """An audit entry for the current advisor: ids only, never answers or notes."""
    audit.record(
        advisors().engine,
        advisor_id=advisor_id or current().advisor_id,
        action=action,
        now=advisors().now(),
        case_id=case.id if case else None,
        form_id=case.form_id if case else None,
        detail=detail,
    )


# --------------------------------------------------------------------------- per request


def _language() -> Language:
    """German unless the advisor chose otherwise (link ``?lang=`` or the switch in a form)."""
    asked = languages.get(request.args.get("lang"))
    if asked is None and request.method == "POST" and request.form.get("action") == "languages":
        asked = languages.get(request.form.get("advisor_lang"))
    if asked is not None:
        g.advisor_lang_switched = asked
        return asked
    return languages.get(request.cookies.get(LANG_COOKIE)) or languages.BY_CODE["de"]


def _housekeeping() -> None:
    """Drop timed-out sessions and old audit entries, at most every 15 minutes per process."""
    state = current_app.extensions.setdefault("wizard.advisor.housekeeping", {"next": 0.0})
    now = time.monotonic()
    if now < state["next"]:
        return
    state["next"] = now + HOUSEKEEPING_SECONDS
    advisors().purge_sessions()
    audit.purge(advisors().engine, advisors().now(), days=current_app.config["ADVISOR_AUDIT_DAYS"])


@bp.before_request
def _load_session() -> Response | None:
    # Decided before anything is translated: flask-babel reads g.lang once per request.
    g.lang = _language()
    g.advisor_page = True
    _housekeeping()
    token = request.cookies.get(SESSION_COOKIE)
    session = advisors().session(token) if token else None
    g.advisor_session = session
    if session is None and token:
        g.clear_advisor_session = True
    if session is None and request.endpoint not in PUBLIC_ENDPOINTS:
        target = request.path if request.method == "GET" else None
        args = {"next": target} if target and target != url_for("advisor.index") else {}
        if token:
            args["ended"] = "1"
        return redirect(url_for("advisor.login", **args))
    return None


@bp.after_request
def _cookies(response: Response) -> Response:
    switched = g.get("advisor_lang_switched")
    secure = current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure
    if switched is not None:
        response.set_cookie(
            LANG_COOKIE,
            switched.code,
            max_age=365 * 24 * 3600,
            path="/advisor",
            httponly=True,
            samesite="Strict",
            secure=secure,
        )
    if g.get("clear_advisor_session"):
        response.delete_cookie(SESSION_COOKIE, path="/advisor")
    return response


@bp.context_processor
def _advisor_globals() -> dict:
    session = g.get("advisor_session")
    return {
        "advisor": session.advisor if session else None,
        "advisor_languages": languages.LANGUAGES,
    }


# --------------------------------------------------------------------------- login


def _client_bucket(prefix: str) -> str:
    """A rate-limit bucket per client address (only a hash of it is stored)."""
    address = request.remote_addr or ""
    if current_app.config.get("TRUST_PROXY"):
        address = request.headers.get("X-Forwarded-For", address).split(",")[0].strip()
    return prefix + hashlib.sha256(address.encode()).hexdigest()


def _safe_next(target: str | None) -> str:
    """Only paths inside advisor mode (no other host, no scheme): no open redirect."""
    if not target:
        return url_for("advisor.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/advisor/") or "\\" in target:
        return url_for("advisor.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    if g.get("advisor_session") is not None and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    error = None
    email = ""
    next_url = request.values.get("next", "")
    if request.method == "POST":
        email = request.form.get("email", "")[:254]
        password = request.form.get("password", "")
        limit, window = current_app.config["ADVISOR_LOGIN_RATE_LIMIT"]
        store = current_app.extensions["wizard.store"]
        if store.hit_rate_limit(_client_bucket("advisor-login:"), limit, window):
            error = "rate"
        else:
            try:
                session, token = advisors().login(email, password)
            except LoginFailed as failed:
                error = "failed"
                if failed.advisor_id:
                    record("login_failed", detail=failed.reason, advisor_id=failed.advisor_id)
                log.info("advisor login failed")
            else:
                g.advisor_session = session
                record("login")
                response = redirect(_safe_next(next_url))
                response.set_cookie(
                    SESSION_COOKIE,
                    token,
                    path="/advisor",
                    httponly=True,
                    samesite="Strict",
                    secure=current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure,
                )
                return response
    status = {None: 200, "rate": 429}.get(error, 401)
    return render_template(
        "advisor/login.html",
        error=error,
        email=email,
        next_url=next_url,
        ended=request.args.get("ended") == "1" and error is None,
    ), status


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    session = current()
    record("logout")
    advisors().logout(request.cookies.get(SESSION_COOKIE))
    g.advisor_session = None
    response = make_response(redirect(url_for("advisor.login", out="1")))
    response.delete_cookie(SESSION_COOKIE, path="/advisor")
    log.info("advisor %s logged out", session.advisor_id)
    return response
