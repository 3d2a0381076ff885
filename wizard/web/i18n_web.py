"""Choosing the user's language per request, and keeping the choice in a cookie."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from flask_babel import Babel, get_translations
from markupsafe import Markup, escape

from ..i18n import languages, review
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

    app.jinja_env.globals["languages"] = languages.LANGUAGES

    @app.context_processor
    def _globals() -> dict:
        current = lang()
        return {
            "lang": current,
            "language_links": language_links(current.code),
            "show_official": show_official(),
            "draft_notice": review.draft_notice(lang().code),
            **_template_gettext(catalog()),
        }


@cache  # one entry per language we ship
def language_links(current: str) -> Markup:
    """The footer's list items linking to every language, on a page in ``current``.

    The same for every request in that language, so it is built once instead of
    looping over the languages in the base template on every page.
    """
    items = []
    for other in languages.LANGUAGES:
        tag = other.html_lang
        mark = ' aria-current="true"' if other.code == current else ""
        items.append(
            f'<li><a href="?lang={escape(other.code)}" lang="{escape(tag)}" '
            f'dir="{escape(other.dir)}" hreflang="{escape(tag)}"{mark}>'
            f"{escape(other.native)}</a></li>"
        )
    # Safe to mark: every value above went through escape().
    return Markup("\n".join(items))  # noqa: S704


def catalog() -> Any:
    """The gettext catalog of this request's language, looked up once per request.

    flask-babel finds the catalog through the request context on every call
    (locale selector, locale parsing, cache key); pages translate dozens of
    strings, so the catalog is kept on ``g``. Outside a request this is
    flask-babel's own answer (the untranslated source strings).
    """
    if not has_request_context():
        return get_translations()
    found = g.get("_wizard_catalog")
    if found is None:
        found = g._wizard_catalog = get_translations()
    return found


def gettext(message: str, **variables: Any) -> str:
    """flask_babel.gettext with the catalog bound once per request (plain text)."""
    text = catalog().ugettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """flask_babel.ngettext with the catalog bound once per request (plain text)."""
    variables.setdefault("num", num)
    return catalog().ungettext(singular, plural, num) % variables


@lru_cache(maxsize=64)
def _template_gettext(translations: Any) -> dict[str, Any]:
    """gettext/ngettext for templates, bound to one catalog (one per language).

    Unlike Jinja's default, a translation is plain text, not markup: the
    template escapes it like any other value, so a catalog entry (a
    machine-translated draft, say) can never inject HTML.
    """

    def gettext(message: str, **variables: Any) -> str:
        text = translations.ugettext(message)
        return text % variables if variables else text

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        return translations.ungettext(singular, plural, num) % variables

    return {"gettext": gettext, "_": gettext, "ngettext": ngettext}
