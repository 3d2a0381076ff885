"""WSGI entry point: `gunicorn app:app`."""

from wizard.web.app import create_app

app = create_app()
