"""The real app on a local port for the browser tests, with cheap test settings."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

from wizard.store import ScryptParams
from wizard.web.app import create_app


def browser_app(data_dir: Path, **config: Any) -> Flask:
    """create_app with a throwaway data directory, a fixed secret and a cheap resume-code KDF."""
    return create_app(
        {
            "WIZARD_DATA_DIR": str(data_dir),
            "SECRET_KEY": "browser-test-secret-0123456789abcdef",
            "RESUME_KDF": ScryptParams(n=2**10, r=8, p=1),
            **config,
        }
    )


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free loopback port (threaded); yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        app.extensions["wizard.store"].close()
