"""Mixed-script text for reportlab: shipped-font registration, line breaking, drawing.

reportlab draws a string with one font, and its Paragraph breaks lines in the
order the glyphs are drawn. Neither fits our users' text: one answer can mix
Arabic and Latin (a street name, an e-mail address), and a right-to-left
paragraph broken *after* visual reordering puts the end of the sentence on the
first line. So lines are broken here in logical (reading) order, and only then
is each line shaped and reordered (:func:`shaping.to_visual`) and cut into runs
that one shipped font can draw (:func:`fonts.segment`).

User text never passes through reportlab's mini-markup, so ``<`` and ``&`` in
an answer are drawn as typed and need no escaping.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from wizard.pdf import fonts, shaping


class Align(StrEnum):
    """Horizontal alignment of a line inside its box."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class FaceMetrics:
    """How a face sits on a line, in em of the *nominal* font size.

    ``scale`` enlarges scripts whose letters are drawn small in their em square
    (Naskh), so an Arabic word next to a Latin one reads at the same size.
    ``ascent``/``descent`` bound the ink of ordinary letters (accented capitals,
    descenders, Arabic dots) after scaling; they decide fitting and centring.
    """

    scale: float
    ascent: float
    descent: float
    leading: float


# Measured from the shipped fonts' glyph boxes (Noto Sans: Ý 0.944, y -0.240;
# Naskh: alef-hamza 0.886, yeh -0.519, times the 1.1 scale).
METRICS: dict[str, FaceMetrics] = {
    "latin": FaceMetrics(scale=1.0, ascent=0.95, descent=0.25, leading=1.3),
    "arabic": FaceMetrics(scale=1.1, ascent=0.98, descent=0.58, leading=1.7),
    "ethiopic": FaceMetrics(scale=1.0, ascent=0.88, descent=0.2, leading=1.4),
}

# Where a line may break. No-break spaces (U+00A0, U+2007, U+202F) are absent
# on purpose: "10 115" written with one must stay on one line.
_BREAKS = re.compile(r"[ \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+")

_lock = threading.Lock()
_registered = False


class UncoveredTextError(ValueError):
    """Text contains characters that no shipped font can draw.

    Raised before anything is written: a PDF with empty boxes or "?" in an
    official application is worse than no PDF.
    """

    def __init__(self, where: str, chars: Iterable[str]) -> None:
        self.where = where
        self.chars = tuple(chars)
        listed = ", ".join(
            f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in self.chars
        )
        super().__init__(f"{where}: no shipped font can draw {listed}")


def font_name(face: str, bold: bool = False) -> str:
    """The reportlab name under which ``face`` (a :data:`fonts.FACES` key) is registered."""
    return f"Wizard-{face}-bold" if bold else f"Wizard-{face}"


def register_fonts() -> None:
    """Register every shipped face with reportlab, once per process.

    Parsing the TrueType files is the slow part of a first render (tens of ms);
    reportlab keeps per-document subset state inside the font object, so one
    registration serves every later document.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for face in fonts.FACES:
            pdfmetrics.registerFont(TTFont(font_name(face.key), str(face.regular)))
            pdfmetrics.registerFont(TTFont(font_name(face.key, bold=True), str(face.bold)))
        _registered = True


def ensure_drawable(text: str, where: str) -> None:
    """Raise :class:`UncoveredTextError` naming ``where`` if ``text`` cannot be drawn.

    Checking the logical text suffices: every presentation form the Arabic
    shaper can emit is in the shipped Naskh font (a test guards this).
    """
    missing = fonts.uncovered(text)
    if missing:
        raise UncoveredTextError(where, missing)


def first_strong_rtl(text: str) -> bool:
    """Paragraph direction as a browser's ``dir="auto"``: the first strong letter decides."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction == "L":
            return False
        if direction in ("R", "AL"):
            return True
    return False


def normalise(text: str) -> str:
    """Unify line ends and tabs, so the breaker only meets ``\\n`` and spaces."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


@dataclass(frozen=True)
class Run:
    """Glyphs drawn with one font at one size, already in visual order."""

    face: str
    font: str
    size: float
    text: str
    width: float


@dataclass(frozen=True)
class Line:
    """One line in visual order; ``faces`` decide its vertical metrics."""

    runs: tuple[Run, ...]
    width: float

    @property
    def faces(self) -> frozenset[str]:
        return frozenset(run.face for run in self.runs)


def _visible(text: str) -> str:
    # Shaping has consumed ZWJ/ZWNJ and bidi marks; fonts may lack glyphs for
    # them, and reportlab would draw .notdef boxes.
    return "".join(ch for ch in text if fonts.needs_glyph(ch))


@lru_cache(maxsize=8192)
def layout_line(text: str, size: float, *, bold: bool = False, rtl: bool = False) -> Line:
    """Shape and reorder one logical line and cut it into single-font runs.

    Cached: a form's questions, headings and labels recur in every summary, and
    shaping is the costliest step of laying out a line.
    """
    register_fonts()
    visual = shaping.to_visual(text, base_rtl=rtl)
    runs = []
    width = 0.0
    for face, chunk in fonts.segment(visual):
        chunk = _visible(chunk)
        if not chunk:
            continue
        name = font_name(face, bold)
        run_size = size * METRICS[face].scale
        run_width = pdfmetrics.stringWidth(chunk, name, run_size)
        runs.append(Run(face, name, run_size, chunk, run_width))
        width += run_width
    return Line(tuple(runs), width)


@lru_cache(maxsize=16384)
def _word_width(word: str, size: float, bold: bool) -> float:
    return layout_line(word, size, bold=bold, rtl=shaping.has_rtl(word)).width


def clusters(word: str) -> list[str]:
    """Split into base character + combining marks, the smallest unit a break may cut."""
    out: list[str] = []
    for char in word:
        if out and unicodedata.combining(char):
            out[-1] += char
        else:
            out.append(char)
    return out


def _break_long_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """Cut a token wider than the box (a URL, an e-mail address) into pieces that fit."""
    pieces: list[str] = []
    current = ""
    for cluster in clusters(word):
        candidate = current + cluster
        if current and _word_width(candidate, size, bold) > width:
            pieces.append(current)
            current = cluster
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def wrap(
    text: str, width: float, size: float, *, bold: bool = False, rtl: bool | None = None
) -> list[Line]:
    """Break ``text`` into lines no wider than ``width`` (when any break allows it).

    ``\\n`` is a hard break and an empty line is kept (it separates paragraphs).
    ``rtl=None`` takes the direction from the first strong letter of the text.
    A single character wider than ``width`` still gets its own line; callers
    that must fit compare :attr:`Line.width` with the box.
    """
    register_fonts()
    text = normalise(text)
    base_rtl = first_strong_rtl(text) if rtl is None else rtl
    space = pdfmetrics.stringWidth(" ", font_name("latin", bold), size) if text else 0.0
    lines: list[Line] = []
    for hard_line in text.split("\n"):
        words: list[str] = []
        for word in _BREAKS.split(hard_line.strip()):
            if not word:
                continue
            if _word_width(word, size, bold) > width:
                words.extend(_break_long_word(word, width, size, bold))
            else:
                words.append(word)
        if not words:
            lines.append(layout_line("", size, bold=bold, rtl=base_rtl))
        start = 0
        while start < len(words):
            # Greedy fill from per-word widths, then check the real line: a
            # neutral run (digits, punctuation) may take another font in context.
            end, used = start + 1, _word_width(words[start], size, bold)
            while end < len(words) and used + space + _word_width(words[end], size, bold) <= width:
                used += space + _word_width(words[end], size, bold)
                end += 1
            line = layout_line(" ".join(words[start:end]), size, bold=bold, rtl=base_rtl)
            while line.width > width and end - start > 1:
                end -= 1
                line = layout_line(" ".join(words[start:end]), size, bold=bold, rtl=base_rtl)
            lines.append(line)
            start = end
    return lines


@dataclass(frozen=True)
class BlockMetrics:
    """Vertical measures of a block of lines, in points."""

    ascent: float
    descent: float
    leading: float

    def height(self, lines: int) -> float:
        """Height from the top of the first line's ink to the bottom of the last's."""
        if lines <= 0:
            return 0.0
        return self.ascent + (lines - 1) * self.leading + self.descent


def block_metrics(lines: Iterable[Line], size: float) -> BlockMetrics:
    """Metrics for lines drawn at one pitch: the tallest face present decides."""
    faces = {"latin"}
    for line in lines:
        faces |= line.faces
    chosen = [METRICS[face] for face in faces]
    return BlockMetrics(
        ascent=size * max(m.ascent for m in chosen),
        descent=size * max(m.descent for m in chosen),
        leading=size * max(m.leading for m in chosen),
    )


def draw_line(canvas: Canvas, line: Line, x: float, y: float, width: float, align: Align) -> None:
    """Draw ``line`` with its baseline at ``y`` inside the span ``x`` … ``x + width``."""
    if align is Align.RIGHT:
        x += width - line.width
    elif align is Align.CENTER:
        x += (width - line.width) / 2
    if not line.runs:
        return
    # One text object per line; the runs only switch font, the text cursor
    # advances by itself.
    text = canvas.beginText(x, y)
    for run in line.runs:
        text.setFont(run.font, run.size)
        text.textOut(run.text)
    canvas.drawText(text)
