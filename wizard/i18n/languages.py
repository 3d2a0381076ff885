"""The languages we ship, with what a page and a PDF need to know about each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    """Our code and the gettext/Babel locale: de, fa_AF, …"""
    native: str
    """The language's name in itself, for the language buttons."""
    english: str
    rtl: bool = False
    latin: bool = True
    """Written in Latin script (names typed in it can go on the form as they are)."""

    @property
    def html_lang(self) -> str:
        """BCP 47 tag for `<html lang>`: fa_AF → fa-AF."""
        return self.code.replace("_", "-")

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"


LANGUAGES: tuple[Language, ...] = (
    Language("de", "Deutsch", "German"),
    Language("en", "English", "English"),
    Language("uk", "Українська", "Ukrainian", latin=False),
    Language("ru", "Русский", "Russian", latin=False),
    Language("ar", "العربية", "Arabic", rtl=True, latin=False),
    Language("fa", "فارسی", "Persian", rtl=True, latin=False),
    Language("fa_AF", "دری", "Dari", rtl=True, latin=False),
    Language("ps", "پښتو", "Pashto", rtl=True, latin=False),
    Language("tr", "Türkçe", "Turkish"),
    Language("ku", "Kurmancî", "Kurmanji"),
    Language("ti", "ትግርኛ", "Tigrinya", latin=False),
)
BY_CODE = {lang.code: lang for lang in LANGUAGES}
SOURCE = "de"


def get(code: str | None) -> Language | None:
    """The language for a code as users type it (`fa-AF`, `FA_af`, `ar`), else None."""
    if not code:
        return None
    wanted = code.strip().replace("-", "_")
    for lang in LANGUAGES:
        if lang.code.lower() == wanted.lower():
            return lang
    return None
