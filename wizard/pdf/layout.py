"""Text layout for field appearances: shaping, font runs, widths and line breaks.

Everything is measured in em (font units / units per em) from the fonts'
own ``hmtx`` advances, so sizing and centring match what is drawn exactly.
Right-to-left text is shaped and put in visual order by ``shaping.to_visual``
*per line*, after line breaking, as the Unicode bidi algorithm requires.
Mixed-script text is split into runs by ``fonts.segment``; each run is drawn
with one embedded face.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from wizard.pdf import arabic, embedding, fonts, shaping

_STRONG = {"L": False, "R": True, "AL": True}


@dataclass(frozen=True)
class Run:
    """Consecutive glyphs of one face, in drawing (visual) order."""

    face: str
    bold: bool
    gids: tuple[int, ...]
    texts: tuple[str, ...]  # the character each glyph stands for (for ToUnicode)
    width: float  # em


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    width: float  # em
    top: float  # highest point of the faces used, em above the baseline
    bottom: float  # lowest point, em (negative: below the baseline)

    @property
    def height(self) -> float:
        return self.top - self.bottom


def is_rtl(text: str) -> bool:
    """Paragraph direction of ``text``: that of its first strong character."""
    for char in text:
        strong = _STRONG.get(unicodedata.bidirectional(char))
        if strong is not None:
            return strong
    return False


def normalize(text: str, *, multiline: bool) -> str:
    """NFC text with line breaks unified; single-line fields get spaces instead."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", " ").replace("\u2028", "\n").replace("\u2029", "\n")
    return text if multiline else text.replace("\n", " ")


class Typesetter:
    """Turns strings into measured lines of glyph runs for one weight."""

    def __init__(self, bold: bool = False) -> None:
        self.bold = bold
        latin = embedding.program(fonts.FACES[0].key, bold)
        self.default_band = latin.band
        self.space = latin.width(latin.glyph_for.get(32, 0))
        self._widths: dict[str, float] = {}
        # per-fill memos: names and addresses repeat across a form's fields
        self._lines: dict[tuple[str, bool | None], Line] = {}
        self._glyph_of: dict[tuple[str, str], tuple[embedding.FontProgram, int] | None] = {}

    def _program(self, face: str, char: str) -> tuple[embedding.FontProgram, int] | None:
        key = (face, char)
        if key in self._glyph_of:
            return self._glyph_of[key]
        found = self._lookup(face, char)
        self._glyph_of[key] = found
        return found

    def _lookup(self, face: str, char: str) -> tuple[embedding.FontProgram, int] | None:
        code = ord(char)
        for bold in (self.bold, False) if self.bold else (False,):
            prog = embedding.program(face, bold)
            gid = prog.glyph_for.get(code)
            if gid is not None:
                return prog, gid
        other = fonts.face_for(char)
        if other is not None and other != face:
            return self._program(other, char)
        return None

    def _glyphs(self, face: str, chunk: str) -> Iterator[tuple[embedding.FontProgram, int, str]]:
        """(face, glyph ID, source text) for each glyph of a one-face chunk."""
        if face == "arabic":
            prog = embedding.program(face, self.bold)
            for gid, text in arabic.shape_visual(chunk, prog):
                if gid >= 0:
                    yield prog, gid, text
                else:
                    yield from self._glyphs_plain(face, text)
            return
        yield from self._glyphs_plain(face, chunk)

    def _glyphs_plain(
        self, face: str, chunk: str
    ) -> Iterator[tuple[embedding.FontProgram, int, str]]:
        for char in chunk:
            if not fonts.needs_glyph(char):
                continue
            found = self._program(face, char)
            if found is not None:  # uncovered characters are refused before layout
                yield found[0], found[1], char

    def line(self, text: str, rtl: bool | None = None) -> Line:
        """One line, shaped and in visual order; ``rtl`` is the paragraph direction."""
        found = self._lines.get((text, rtl))
        if found is None:
            found = self._lines[(text, rtl)] = self._layout(text, rtl)
        return found

    def _layout(self, text: str, rtl: bool | None) -> Line:
        if shaping.has_rtl(text):
            text = shaping.to_visual(text, base_rtl=rtl)
        runs: list[Run] = []
        top, bottom = self.default_band
        current: tuple[str, bool] | None = None
        gids: list[int] = []
        texts: list[str] = []
        width = 0
        total = 0.0
        upm = 1000
        for face, chunk in fonts.segment(text):
            for prog, gid, char in self._glyphs(face, chunk):
                key = (prog.key, prog.bold)
                if key != current:
                    if current is not None and gids:
                        runs.append(
                            Run(current[0], current[1], tuple(gids), tuple(texts), width / upm)
                        )
                        total += width / upm
                    current, gids, texts, width, upm = key, [], [], 0, prog.units_per_em
                    top, bottom = max(top, prog.band[0]), min(bottom, prog.band[1])
                gids.append(gid)
                texts.append(char)
                width += prog.advances[gid]
        if current is not None and gids:
            runs.append(Run(current[0], current[1], tuple(gids), tuple(texts), width / upm))
            total += width / upm
        return Line(tuple(runs), total, top, bottom)

    def measure(self, text: str) -> float:
        """Width of ``text`` as one line, in em (memoised per typesetter)."""
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self.line(text).width
        return width

    def wrap(self, text: str, max_width: float) -> list[Line]:
        """Break ``text`` (may contain newlines) into lines at most ``max_width`` em wide.

        Words are measured once in isolation (Arabic joining never crosses a
        space), the greedy break uses their sum, and each finished line is
        measured exactly and shortened if the estimate was optimistic.
        """
        lines: list[Line] = []
        for paragraph in text.split("\n"):
            rtl = is_rtl(paragraph)
            words = self._pieces(paragraph.split(" "), max_width)
            widths = [self.measure(word) for word in words]
            start = 0
            if not words:
                lines.append(self.line("", rtl))
            while start < len(words):
                end, used = start + 1, widths[start]
                while end < len(words) and used + self.space + widths[end] <= max_width:
                    used += self.space + widths[end]
                    end += 1
                line = self.line(" ".join(words[start:end]), rtl)
                while line.width > max_width and end - start > 1:
                    end -= 1
                    line = self.line(" ".join(words[start:end]), rtl)
                lines.append(line)
                start = end
        return lines

    def _pieces(self, words: list[str], max_width: float) -> list[str]:
        """Words, with any word wider than a line broken between characters."""
        out: list[str] = []
        for word in words:
            if not word or self.measure(word) <= max_width:
                out.append(word)
                continue
            piece, used = "", 0.0
            for char in word:
                advance = self.measure(char)
                if piece and used + advance > max_width:
                    out.append(piece)
                    piece, used = "", 0.0
                piece += char
                used += advance
            if piece:
                out.append(piece)
        return out
