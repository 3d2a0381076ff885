"""Right-to-left text for PDFs: Arabic-script shaping and visual ordering.

PDF text operators draw glyphs left to right in the order given. Arabic,
Persian, Dari and Pashto need two steps first: contextual letter forms
(arabic-reshaper) and the Unicode bidirectional algorithm (python-bidi), which
yields the visual order. Latin, Cyrillic and Ge'ez text passes through unchanged.
"""

from __future__ import annotations

import unicodedata

import arabic_reshaper
from bidi.algorithm import get_display

_RTL_CLASSES = {"R", "AL"}
# Explicit embedding/override/isolate controls. User input may contain them (on
# purpose or not); the bidi algorithm below decides the order, so they are
# dropped rather than allowed to scramble an official form.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))

_reshaper = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": False, "support_ligatures": True}
)


def has_rtl(text: str) -> bool:
    """True when ``text`` contains a strong right-to-left character."""
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def strip_bidi_controls(text: str) -> str:
    """Remove explicit bidi embedding, override and isolate characters."""
    return text.translate(_BIDI_CONTROLS)


def to_visual(text: str, *, base_rtl: bool | None = None) -> str:
    """Return ``text`` shaped and in visual (left-to-right drawing) order.

    ``base_rtl`` sets the paragraph direction; by default it follows the first
    strong character, as a browser does with ``dir="auto"``.
    """
    text = strip_bidi_controls(text)
    if not has_rtl(text):
        return text
    # Unassigned code points (newer than Python's Unicode tables) make python-bidi
    # fail an assertion; no shipped font draws them, and the coverage check that
    # runs on the original text reports them by field.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cn")
    shaped = _reshaper.reshape(text)
    direction = None if base_rtl is None else ("R" if base_rtl else "L")
    return get_display(shaped, base_dir=direction) if direction else get_display(shaped)
