"""The current user's draft of a form: cookie in, store out.

A draft is unlocked by the client key in the cookie ``wz-<form id>``; the
server never keeps that key. Views get a :class:`Current` with the form, the
draft and helpers to save, so none of them touches cookies or the store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask import Response, abort, current_app, g, request

from ..formdef.model import FormDef
from ..store import Draft, DraftNotFound, OpenedDraft, Store, VersionConflict

COOKIE_PREFIX = "wz-"


def store() -> Store:
    return current_app.extensions["wizard.store"]


def cookie_name(form_id: str) -> str:
    return f"{COOKIE_PREFIX}{form_id}"


@dataclass
class Current:
    form: FormDef
    draft: Draft
    key: str
    opened: OpenedDraft | None = field(default=None, repr=False)
    """The draft as opened in this request (memory only): lets a save skip re-reading it."""

    @property
    def answers(self) -> dict[str, Any]:
        return self.draft.answers

    @property
    def state(self) -> dict[str, Any]:
        return self.draft.state

    def save(self, answers: dict[str, Any], **state: Any) -> Draft:
        """Save (raises VersionConflict when someone else saved in between)."""
        payload = {"answers": answers, "state": {**self.draft.state, **state}}
        if self.opened is not None and self.opened.draft is self.draft:
            self.opened = store().save_opened(self.opened, payload)
            self.draft = self.opened.draft
        else:
            self.draft = store().save(self.key, payload, expected_version=self.draft.version)
        return self.draft


def current(form: FormDef) -> Current | None:
    """The draft of ``form`` this browser holds, or None."""
    key = request.cookies.get(cookie_name(form.id))
    if not key:
        return None
    try:
        opened = store().open_for_change(key)
    except DraftNotFound:
        g.setdefault("clear_cookies", []).append(form.id)
        return None
    if opened.draft.form_id != form.id:
        return None
    return Current(form, opened.draft, key, opened)


def require(form: FormDef) -> Current:
    cur = current(form)
    if cur is None:
        abort(404, description="no-draft")
    return cur


def set_cookie(response: Response, form_id: str, key: str) -> None:
    days = current_app.extensions["wizard.library"].retention_days
    response.set_cookie(
        cookie_name(form_id),
        key,
        max_age=int(dt.timedelta(days=days).total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure,
        path="/",
    )


def clear_cookie(response: Response, form_id: str) -> None:
    response.delete_cookie(cookie_name(form_id), path="/")


__all__ = [
    "Current",
    "VersionConflict",
    "clear_cookie",
    "current",
    "require",
    "set_cookie",
    "store",
]
