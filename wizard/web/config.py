"""Configuration from defaults, environment variables and the caller.

Everything has a safe default so that `make run` works on a fresh machine:
SQLite in the instance folder and a secret key generated once and kept in a
file readable only by its owner.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]

DEFAULTS: dict[str, Any] = {
    "FORMS_DIR": str(PROJECT_ROOT / "forms"),
    "PROFILE": None,  # path of a municipality profile YAML
    "DATABASE_URL": None,  # None: SQLite in WIZARD_DATA_DIR
    # "full": every acknowledged step is on disk even after a power loss; "normal":
    # faster saves, safe against crashes but not power loss (docs/deploy.md).
    "SQLITE_SYNCHRONOUS": "full",
    "WIZARD_DATA_DIR": None,  # None: the Flask instance folder
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the browser session
    # Browsers send no Referer under our `Referrer-Policy: no-referrer`, so
    # Flask-WTF's HTTPS Referer check would refuse every form over TLS. The
    # CSRF token and SameSite=Lax cookies remain the protection.
    "WTF_CSRF_SSL_STRICT": False,
    "SEND_FILE_MAX_AGE_DEFAULT": 365 * 24 * 3600,  # static files are cache-busted
    "RETENTION_DAYS": None,  # None: from the profile (default 30)
    "RESUME_RATE_LIMIT": (10, 600),  # attempts per window (seconds) and client
    "PURGE_INTERVAL_SECONDS": 900,
    "TRUST_PROXY": False,  # set WIZARD_TRUST_PROXY=1 behind nginx & co.
    "BABEL_DEFAULT_LOCALE": "de",
    "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
}

_ENV = {
    "WIZARD_SECRET_KEY": "SECRET_KEY",
    "DATABASE_URL": "DATABASE_URL",
    "WIZARD_SQLITE_SYNCHRONOUS": "SQLITE_SYNCHRONOUS",
    "WIZARD_DATA_DIR": "WIZARD_DATA_DIR",
    "WIZARD_FORMS_DIR": "FORMS_DIR",
    "WIZARD_PROFILE": "PROFILE",
}


def from_environment() -> dict[str, Any]:
    found = {key: os.environ[env] for env, key in _ENV.items() if os.environ.get(env)}
    if os.environ.get("WIZARD_SECURE_COOKIES", "").lower() in ("1", "true", "yes"):
        found["SESSION_COOKIE_SECURE"] = True
    if os.environ.get("WIZARD_TRUST_PROXY", "").lower() in ("1", "true", "yes"):
        found["TRUST_PROXY"] = True
    if os.environ.get("WIZARD_PURGE_INTERVAL_SECONDS", "").isdigit():
        found["PURGE_INTERVAL_SECONDS"] = int(os.environ["WIZARD_PURGE_INTERVAL_SECONDS"])
    return found


def secret_key_for(data_dir: Path) -> str:
    """The key in ``data_dir/secret_key``, created (mode 0600) on first start.

    Several workers may start at once: the file is created exclusively, and a
    loser of that race reads the winner's key.
    """
    path = data_dir / "secret_key"
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            key = path.read_text(encoding="ascii").strip()
            if key:
                return key
            import time

            time.sleep(0.01)
        raise RuntimeError(f"{path} is empty") from None
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
