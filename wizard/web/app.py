"""The application factory: `create_app(config)` wires the layers together."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from ..store import PeriodicPurger, open_store
from . import config as cfg
from . import i18n_web, security
from .library import load_library

log = logging.getLogger("wizard")
STATIC = Path(__file__).with_name("static")


def _asset_versions() -> dict[str, str]:
    """Content hashes of the static files, for cache-busting URLs."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:12]
        for p in STATIC.iterdir()
        if p.is_file()
    }


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.update(cfg.DEFAULTS)
    app.config.update(cfg.from_environment())
    app.config.update(config or {})
    data_dir = Path(app.config["WIZARD_DATA_DIR"] or app.instance_path)
    app.config["WIZARD_DATA_DIR"] = str(data_dir)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = cfg.secret_key_for(data_dir)

    library = load_library(
        Path(app.config["FORMS_DIR"]),
        Path(app.config["PROFILE"]) if app.config.get("PROFILE") else None,
    )
    retention = app.config.get("RETENTION_DAYS") or library.retention_days
    store = open_store(
        app.config.get("DATABASE_URL"),
        data_dir=data_dir,
        server_secret=str(app.config["SECRET_KEY"]).encode(),
        retention_days=retention,
        resume_kdf=app.config.get("RESUME_KDF"),
        sqlite_synchronous=str(app.config["SQLITE_SYNCHRONOUS"]).strip().lower(),
    )
    purger = PeriodicPurger(
        store, every=timedelta(seconds=int(app.config["PURGE_INTERVAL_SECONDS"]))
    )
    if app.config.get("TRUST_PROXY"):
        # Behind a reverse proxy: the client address is the one the proxy added
        # (the last X-Forwarded-For entry), never one the client wrote itself.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    app.extensions["wizard.store"] = store
    app.extensions["wizard.library"] = library

    CSRFProtect(app)
    i18n_web.install(app)
    security.install(app)

    from .views_finish import check  # noqa: F401 - registers the finishing routes
    from .views_public import bp as public_bp
    from .views_wizard import bp as wizard_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(wizard_bp)

    from . import advisor  # advisor mode under /advisor (docs/privacy.md, "Advisor access")

    advisor.install(app)

    versions = _asset_versions()

    def asset(name: str) -> str:
        """The URL of a static file, with its content hash for cache busting."""
        return f"/static/{name}?v={versions.get(name, '0')}"

    app.jinja_env.globals["asset"] = asset  # the same for every request

    @app.before_request
    def _per_request() -> None:
        g.library = library
        purger.maybe_purge()

    @app.after_request
    def _clear_dead_cookies(response):  # type: ignore[no-untyped-def]
        from .drafts import clear_cookie

        for form_id in g.get("clear_cookies", []):
            clear_cookie(response, form_id)
        return response

    _install_errors(app)
    return app


def _install_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> tuple[str, int]:
        return render_template("error.html", kind="csrf", back=request.referrer), 400

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
        return render_template("error.html", kind="too_large", back=None), 413

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        kind = {404: "not_found", 405: "not_allowed", 429: "rate"}.get(code, "generic")
        if code == 404 and error.description == "no-draft":
            kind = "no_draft"
        return render_template("error.html", kind=kind, back=None), code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[str, int]:
        if app.testing and not app.config.get("WIZARD_ERROR_PAGES_IN_TESTS"):
            raise error  # tests see the real exception
        # Log the type and the place only: the message may contain answers.
        tb = error.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
        log.error("unexpected %s at %s on %s", type(error).__name__, where, request.endpoint)
        return render_template("error.html", kind="server", back=None), 500
