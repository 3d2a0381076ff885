"""The fonts shipped with the package, and which of them can draw which text.

PDF viewers cannot be trusted to have fonts for Arabic script or Ge'ez, and the
standard 14 fonts only know WinAnsi. So every PDF we write embeds (subsets of)
the Noto fonts in ``fonts/``. This module answers two questions for the PDF
writers: which font draws each run of a string, and which characters no
shipped font can draw at all (reported before anything is written).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).with_name("fonts")


@dataclass(frozen=True)
class FontFace:
    """One family we ship, with its regular and bold files."""

    key: str
    family: str
    regular: Path
    bold: Path


# Order matters: the first face that covers a character draws it.
FACES: tuple[FontFace, ...] = (
    FontFace(
        "latin",
        "Noto Sans",
        FONT_DIR / "NotoSans-Regular.ttf",
        FONT_DIR / "NotoSans-Bold.ttf",
    ),
    FontFace(
        "arabic",
        "Noto Naskh Arabic",
        FONT_DIR / "NotoNaskhArabic-Regular.ttf",
        FONT_DIR / "NotoNaskhArabic-Bold.ttf",
    ),
    FontFace(
        "ethiopic",
        "Noto Sans Ethiopic",
        FONT_DIR / "NotoSansEthiopic-Regular.ttf",
        FONT_DIR / "NotoSansEthiopic-Bold.ttf",
    ),
)
FACE_BY_KEY = {face.key: face for face in FACES}

# Characters that carry no ink and need no glyph: line breaks, tabs and the
# invisible format characters that shaping consumes (ZWJ, ZWNJ, bidi marks).
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


@cache
def cmap(key: str) -> frozenset[int]:
    """Code points the face ``key`` has glyphs for (read once per process)."""
    font = TTFont(str(FACE_BY_KEY[key].regular), lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def needs_glyph(char: str) -> bool:
    """False for characters that draw nothing (controls, format marks)."""
    return unicodedata.category(char) not in _INVISIBLE_CATEGORIES


def face_for(char: str, prefer: str | None = None) -> str | None:
    """The key of the face that draws ``char``; ``prefer`` wins when it covers it."""
    code = ord(char)
    if prefer is not None and code in cmap(prefer):
        return prefer
    for face in FACES:
        if code in cmap(face.key):
            return face.key
    return None


def uncovered(text: str) -> list[str]:
    """Distinct characters of ``text`` that no shipped font can draw, in order."""
    seen: dict[str, None] = {}
    for char in text:
        if char not in seen and needs_glyph(char) and face_for(char) is None:
            seen[char] = None
    return list(seen)


def segment(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into runs of (face key, text), each drawable by one face.

    Neutral characters (spaces, digits, punctuation) stay in the current run when
    its face covers them, so "شارع 12" does not jump fonts at every space.
    Characters no face covers are kept in the current run; callers check
    :func:`uncovered` first and refuse such text.
    """
    runs: list[tuple[str, list[str]]] = []
    current: str | None = None
    for char in text:
        if not needs_glyph(char):
            if runs:
                runs[-1][1].append(char)
            continue
        key = face_for(char, prefer=current) or current or FACES[0].key
        if key != current:
            runs.append((key, [char]))
            current = key
        else:
            runs[-1][1].append(char)
    return [(key, "".join(chars)) for key, chars in runs]
