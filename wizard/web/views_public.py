"""Pages outside a form: language choice, the list of forms, resuming, health."""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint,
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

from .. import engine
from ..i18n import formtext
from ..store import DraftNotFound
from ..store.resume_codes import normalise
from .drafts import current, set_cookie, store
from .i18n_web import OFFICIAL_COOKIE, has_chosen, lang

bp = Blueprint("public", __name__)


@bp.route("/")
def index() -> str:
    forms = [
        {
            "id": f.id,
            "title": formtext.translate(f, "title", f.title, lang().code),
            "description": formtext.translate(f, "description", f.description, lang().code),
            "authority": formtext.translate(f, "authority.name", f.authority.name, lang().code),
        }
        for f in g.library.offered()
    ]
    return render_template("index.html", forms=forms, chosen=has_chosen())


@bp.route("/forms/<form_id>")
def form_intro(form_id: str) -> str:
    form = g.library.get(form_id)
    if form is None:
        abort(404)
    cur = current(form)
    locale = lang().code
    documents = [
        formtext.translate(form, f"documents.{d.id}.label", d.label, locale)
        for d in form.documents
        if d.when is None
    ]
    return render_template(
        "intro.html",
        form=form,
        title=formtext.translate(form, "title", form.title, locale),
        description=formtext.translate(form, "description", form.description, locale),
        authority=formtext.translate(form, "authority.name", form.authority.name, locale),
        documents=documents,
        has_draft=cur is not None,
        continue_step=(
            engine.first_unfinished_step(form, cur.answers) if cur is not None else None
        ),
    )


@bp.route("/forms/<form_id>/start", methods=["POST"])
def start(form_id: str) -> Response:
    form = g.library.get(form_id)
    if form is None:
        abort(404)
    cur = current(form)
    if cur is not None and request.form.get("restart") != "yes":
        target = engine.first_unfinished_step(form, cur.answers)
        return redirect(
            url_for("wizard.step", form_id=form.id, step_id=target)
            if target
            else url_for("wizard.check", form_id=form.id)
        )
    if cur is not None:
        store().delete(cur.key)
    _draft, key = store().create(form.id, lang().code, {"answers": {}, "state": {}})
    first = engine.next_step(form, {}, None)
    response = redirect(url_for("wizard.step", form_id=form.id, step_id=first.id))
    set_cookie(response, form.id, key)
    return response


def _client_bucket() -> str:
    """Rate-limit bucket of this client: only a hash of the address is ever stored."""
    # Behind a trusted proxy, ProxyFix (see create_app) has already put the
    # address the proxy saw into remote_addr.
    address = request.remote_addr or ""
    return "resume:" + hashlib.sha256(address.encode()).hexdigest()


@bp.route("/resume", methods=["GET", "POST"])
def resume() -> Response | str:
    error = None
    code = ""
    if request.method == "POST":
        code = request.form.get("code", "")[:40]
        limit, window = current_app.config["RESUME_RATE_LIMIT"]
        if store().hit_rate_limit(_client_bucket(), limit, window):
            error = "rate"
        elif normalise(code) is None:
            error = "format"
        else:
            try:
                draft, key = store().resume(code)
            except DraftNotFound:
                error = "unknown"
            else:
                form = g.library.get(draft.form_id)
                if form is None:
                    error = "unknown"
                else:
                    target = engine.first_unfinished_step(form, draft.answers)
                    url = (
                        url_for("wizard.step", form_id=form.id, step_id=target)
                        if target
                        else url_for("wizard.check", form_id=form.id)
                    )
                    response = redirect(url)
                    set_cookie(response, form.id, key)
                    return response
    status = {None: 200, "rate": 429}.get(error, 422)
    return render_template("resume.html", error=error, code=code), status


@bp.route("/r/<code>")
def resume_link(code: str) -> str:
    """A resume link (from the QR code): asks before resuming, so link previews do nothing."""
    return render_template("resume.html", error=None, code=code[:40])


@bp.route("/prefs/official", methods=["POST"])
def toggle_official() -> Response:
    show = request.form.get("show") == "1"
    target = request.form.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = make_response(redirect(target))
    response.set_cookie(
        OFFICIAL_COOKIE,
        "1" if show else "0",
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.route("/livez")
def livez() -> Response:
    """Liveness: the process answers (no database access); /healthz checks the store."""
    return Response("ok\n", mimetype="text/plain")


@bp.route("/healthz")
def healthz() -> Response:
    try:
        with store().engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception:  # noqa: BLE001 - health checks report, never raise
        return Response("store unavailable\n", status=503, mimetype="text/plain")
    return Response(f"ok {len(g.library.forms)} forms\n", mimetype="text/plain")
