"""A fresh app per test, with its own SQLite store in a temporary folder."""

from __future__ import annotations

import pytest

from wizard.store import ScryptParams
from wizard.web.app import create_app


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "WIZARD_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test-secret-key-0123456789abcdef",
            # a cheap KDF keeps resume tests fast; production uses the store's default
            "RESUME_KDF": ScryptParams(n=2**10, r=8, p=1),
        }
    )
    yield app
    app.extensions["wizard.store"].close()


@pytest.fixture
def client(app):
    return app.test_client()
