"""Keeping placeholders and markup out of machine translation.

A translation model rewrites whatever it sees: ``{vornamen}`` becomes
``{first names}``, ``%(date)s`` loses its brackets, and Argos Translate's
decoder turns every ``_`` into a space. So before a text goes to the model,
everything that must survive unchanged is replaced by a numbered token
``⟦0⟧``, ``⟦1⟧``, … and put back afterwards.

Why ``⟦n⟧``: the token has no ``_`` and no letters to translate; the digit is
an ordinary vocabulary item of every model; the brackets are rare characters
that a SentencePiece model keeps as they are (an unknown piece decodes to
itself, and CTranslate2's ``replace_unknowns`` copies an unknown source piece
into the output). Models do sometimes move, space out or localise tokens
(``⟦ ٠ ⟧``), so :func:`unmask` accepts spaces and Arabic-Indic/Persian digits;
a token the model dropped is reported, and the draft gets the placeholder
appended so a reviewer sees it (status counts the entry as a draft anyway).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE = "⟦", "⟧"

PROTECTED = re.compile(
    "|".join(
        (
            r"\{\{|\}\}",  # literal braces of str.format / item templates
            r"\{[^{}]*\}",  # {page}, {vornamen}, {index()}
            r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]",  # %(x)s
            r"%%",
            r"%[sdif](?![A-Za-z])",
            r"</?[A-Za-z][^<>]*>",  # HTML tags
            r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);",  # HTML entities
            r"https?://[^\s<>\"']*[^\s<>\"'.,;:!?)]",  # URLs
            r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
        )
    )
)
_TOKEN = re.compile(OPEN + r"\s*([0-9\u0660-\u0669\u06f0-\u06f9]+)\s*" + CLOSE)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class Masked:
    """A text with its protected pieces replaced by ``⟦n⟧``; ``pieces[n]`` is the original."""

    text: str
    pieces: tuple[str, ...]


def token(number: int) -> str:
    return f"{OPEN}{number}{CLOSE}"


def mask(text: str) -> Masked:
    """Replace placeholders, markup, URLs and e-mail addresses by numbered tokens."""
    pieces: list[str] = []

    def _replace(match: re.Match[str]) -> str:
        pieces.append(match.group(0))
        return token(len(pieces) - 1)

    return Masked(PROTECTED.sub(_replace, text), tuple(pieces))


def unmask(translated: str, pieces: tuple[str, ...]) -> tuple[str, list[str]]:
    """Put the pieces back; returns (text, pieces the model lost).

    A token the model repeated is used once; a lost piece is appended at the
    end, so the draft still contains it for the reviewer to move.
    """
    used: set[int] = set()

    def _restore(match: re.Match[str]) -> str:
        number = int(match.group(1).translate(_DIGITS))
        if number >= len(pieces) or number in used:
            return ""
        used.add(number)
        return pieces[number]

    text = _TOKEN.sub(_restore, translated)
    text = re.sub(r"[ \t]{2,}", " ", text).strip()
    lost = [piece for number, piece in enumerate(pieces) if number not in used]
    if lost:
        text = " ".join([text, *lost]).strip()
    return text, lost
