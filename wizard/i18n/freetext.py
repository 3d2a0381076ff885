"""Free-text answers written in the user's own language, offered in German.

Some questions take free text (reasons, explanations). A user may write in
their own language: when the optional extra ``.[translate]`` and the model for
their language are installed, the wizard offers a German machine translation
that the user checks and confirms; otherwise it asks them to write German or
to leave the answer for their advisor. Argos Translate is imported only when a
translation is actually asked for, never at start-up.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from typing import Any

log = logging.getLogger(__name__)
_lock = threading.Lock()
_engines: dict[str, Any] = {}


def extra_installed() -> bool:
    """Whether the optional machine-translation extra is importable (without importing it)."""
    return all(
        importlib.util.find_spec(name) is not None for name in ("argostranslate", "ctranslate2")
    )


def _engine(locale: str) -> Any | None:
    if locale == "de" or not extra_installed():
        return None
    with _lock:
        if locale not in _engines:
            from . import machine

            try:
                packages = machine.installed_packages()
                route = machine.find_route(machine.model_code(locale), "de", packages)
                _engines[locale] = machine.Engine(route)
            except machine.MachineTranslationError as exc:
                log.info("no German machine translation for %s: %s", locale, type(exc).__name__)
                _engines[locale] = None
        return _engines[locale]


def available(locale: str) -> bool:
    """Whether answers written in ``locale`` can be offered in German."""
    return _engine(locale) is not None


def to_german(locale: str, text: str) -> str | None:
    """A German machine translation of ``text``, or None when it cannot be made."""
    engine = _engine(locale)
    if engine is None or not text.strip():
        return None
    from . import machine

    try:
        translated, _lost = engine.translate(text)
    except machine.MachineTranslationError as exc:
        log.warning("machine translation failed: %s", type(exc).__name__)
        return None
    return translated


def reset() -> None:
    """Forget loaded models (after installing new ones, and in tests)."""
    with _lock:
        _engines.clear()
