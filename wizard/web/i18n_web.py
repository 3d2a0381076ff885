"""Choosing the user's language per request, and keeping the choice in a cookie."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, request
from flask_babel import Babel, get_translations

from ..i18n import languages
from ..i18n.languages import Language

LANG_COOKIE = "lang"
OFFICIAL_COOKIE = "official"


def _choose() -> Language:
    asked = languages.get(request.args.get("lang"))
    if asked is not None:
        g.lang_switched = asked
        return asked
    chosen = languages.get(request.cookies.get(LANG_COOKIE))
    if chosen is not None:
        return chosen
    best = request.accept_languages.best_match(
        [lang.html_lang for lang in languages.LANGUAGES], default=languages.SOURCE
    )
    return languages.get(best) or languages.BY_CODE[languages.SOURCE]


def lang() -> Language:
    """The language of this request (decided once)."""
    if "lang" not in g:
        g.lang = _choose()
    return g.lang


def has_chosen() -> bool:
    return bool(
        languages.get(request.args.get("lang")) or languages.get(request.cookies.get(LANG_COOKIE))
    )


def show_official() -> bool:
    """Whether to show the official German wording beside translations (default: on)."""
    return request.cookies.get(OFFICIAL_COOKIE, "1") != "0" and lang().code != "de"


def install(app: Flask) -> None:
    Babel(app, locale_selector=lambda: lang().code)

    @app.after_request
    def _remember(response: Response) -> Response:
        switched = g.get("lang_switched")
        if switched is not None:
            response.set_cookie(
                LANG_COOKIE,
                switched.code,
                max_age=365 * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=app.config["SESSION_COOKIE_SECURE"] or request.is_secure,
            )
        return response

    @app.context_processor
    def _globals() -> dict:
        return {
            "lang": lang(),
            "languages": languages.LANGUAGES,
            "show_official": show_official(),
            **_template_gettext(),
        }


def _template_gettext() -> dict[str, Any]:
    """gettext/ngettext for templates, bound once per request.

    flask-babel's template callables look the catalog up through the request
    context on every call (two dozen per page); binding the catalog once keeps
    rendering cheap. Unlike Jinja's default, a translation is plain text, not
    markup: the template escapes it like any other value, so a catalog entry
    (a machine-translated draft, say) can never inject HTML.
    """
    translations = get_translations()

    def gettext(message: str, **variables: Any) -> str:
        text = translations.ugettext(message)
        return text % variables if variables else text

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        return translations.ungettext(singular, plural, num) % variables

    return {"gettext": gettext, "_": gettext, "ngettext": ngettext}
