"""Whether a language's translation has been checked by a native speaker.

The status is recorded in the catalogs themselves, in the header field
``X-Review-Status: draft | reviewed`` (optionally ``X-Reviewed-By``), so it
travels with the translation through Poedit, Weblate and git. A language is
"reviewed" only when all its catalogs say so (the UI catalog and, except for
German, the form texts). Anything else — no catalog, no header, another
value — is a draft: better one notice too many than a wrong promise.

The app asks :func:`review_status` (cached; reads the compiled .mo header, or
the .po header before the first compile) and shows :data:`DRAFT_NOTICE`, in
the user's language, for drafts (see :func:`draft_notice`).
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from . import catalogs
from .catalogs import DRAFT, REVIEW_HEADER, REVIEWED


def N_(message: str) -> str:
    """Mark ``message`` as a UI string for extraction; it is translated where it is shown."""
    return message


DRAFT_NOTICE = N_(
    "This translation has not yet been checked by a native speaker. "
    "If something is unclear, ask your advisor."
)
"""Shown (translated) on every page in a language whose translation is a draft."""


@cache
def review_status(locale: str, root: Path = catalogs.TRANSLATIONS_DIR) -> str:
    """``"reviewed"`` when every catalog of ``locale`` is marked reviewed, else ``"draft"``.

    Cached for the life of the process: the app calls it on every page.
    """
    return current_status(locale, root)


def current_status(locale: str, root: Path = catalogs.TRANSLATIONS_DIR) -> str:
    """:func:`review_status` read afresh from the files (for the command line)."""
    domains = [d for d in catalogs.DOMAINS if locale in catalogs.shipped_locales(d)]
    if not domains:
        return DRAFT
    states = {catalog_status(locale, domain, root) for domain in domains}
    return REVIEWED if states == {REVIEWED} else DRAFT


def catalog_status(locale: str, domain: str, root: Path = catalogs.TRANSLATIONS_DIR) -> str:
    """The ``X-Review-Status`` of one catalog, lower-cased ("draft" when there is none)."""
    headers = _headers(locale, domain, root)
    value = headers.get(REVIEW_HEADER.lower(), DRAFT).strip().lower()
    return value or DRAFT


def reviewed_by(locale: str, domain: str, root: Path = catalogs.TRANSLATIONS_DIR) -> str:
    return _headers(locale, domain, root).get(catalogs.REVIEWED_BY_HEADER.lower(), "")


def draft_notice(locale: str, root: Path = catalogs.TRANSLATIONS_DIR) -> str | None:
    """The notice in ``locale`` when its translation is a draft, else None."""
    if review_status(locale, root) == REVIEWED:
        return None
    if root == catalogs.TRANSLATIONS_DIR:
        from . import ui

        return ui.gettext(locale, DRAFT_NOTICE)
    from babel.support import Translations

    return Translations.load(str(root), [locale], domain=catalogs.MESSAGES).gettext(DRAFT_NOTICE)


def clear_cache() -> None:
    """Forget cached statuses (after ``wizard i18n review`` or in tests)."""
    review_status.cache_clear()


def _headers(locale: str, domain: str, root: Path) -> dict[str, str]:
    """Lower-cased header fields: from the .mo when compiled, else from the .po."""
    mo = catalogs.mo_path(locale, domain, root)
    po = catalogs.po_path(locale, domain, root)
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return {k.lower(): v for k, v in gettext.GNUTranslations(fh).info().items()}
    if po.exists():
        catalog = catalogs.read_catalog(po, locale=locale, domain=domain)
        return {k.lower(): v for k, v in catalog.mime_headers}
    return {}
