"""Appearance streams (/AP /N) for filled widgets.

Viewers draw a widget from its appearance stream; only some regenerate it
from the value when ``/NeedAppearances`` is set, and each in its own way. So
every filled widget gets a stream that shows the value exactly: background
and border from ``/MK`` and ``/BS`` (as Acrobat draws them), the text in the
embedded Noto faces at the ``/DA`` size (0 = auto: fit the box, shrink long
text, wrap multiline text), aligned by ``/Q`` (right for right-to-left text
when ``/Q`` is absent), comb fields one character per cell, and the widget
rotation ``/MK /R`` applied through the form's ``/Matrix``.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Sequence

from wizard.pdf import decoration, embedding, layout
from wizard.pdf.incremental import number as num

log = logging.getLogger(__name__)

AUTO_MAX_SIZE = 12.0  # auto-sized text never grows beyond this (Acrobat: 12 pt)
MIN_SIZE = 4.0  # auto-sizing stops here; text that still does not fit is clipped
_HIGHLIGHT = b"0.6 0.75 0.85 rg"  # selected list box rows (as pdf.js draws them)


class FontBook:
    """The embedded fonts of one fill: one Type0 font per face actually used."""

    def __init__(self, allocate: Callable[[int], int]) -> None:
        self._allocate = allocate
        self.uses: dict[tuple[str, bool], embedding.FontUse] = {}

    def use(self, face: str, bold: bool) -> embedding.FontUse:
        found = self.uses.get((face, bold))
        if found is None:
            name = f"F{face.capitalize()}{'Bd' if bold else ''}"
            first = self._allocate(embedding.OBJECTS_PER_FONT)
            found = embedding.FontUse(embedding.program(face, bold), name, first)
            self.uses[(face, bold)] = found
        return found

    def objects(self) -> list[tuple[int, bytes]]:
        return [obj for use in self.uses.values() for obj in embedding.font_objects(use)]


class Drawing:
    """Collects text-showing operators and the fonts they use."""

    def __init__(self, book: FontBook, color: bytes) -> None:
        self.book = book
        self.ops: list[bytes] = [b"BT", color]
        self.fonts: dict[str, embedding.FontUse] = {}
        self._font: tuple[str, float] | None = None

    def run(self, run: layout.Run, size: float, x: float, y: float) -> None:
        use = self.book.use(run.face, run.bold)
        for gid, text in zip(run.gids, run.texts, strict=True):
            use.use(gid, text)
        self.fonts[use.resource_name] = use
        if self._font != (use.resource_name, size):
            self.ops.append(b"/%s %s Tf" % (use.resource_name.encode(), num(size)))
            self._font = (use.resource_name, size)
        hexed = b"".join(b"%04X" % gid for gid in run.gids)
        self.ops.append(b"1 0 0 1 %s %s Tm <%s> Tj" % (num(x), num(y), hexed))

    def line(self, line: layout.Line, size: float, x: float, y: float) -> None:
        for run in line.runs:
            self.run(run, size, x, y)
            x += run.width * size

    def content(self) -> bytes:
        return b"\n".join([*self.ops, b"ET"]) if len(self.ops) > 2 else b""


def _x(style: decoration.Style, width: float, pad: float, rtl: bool) -> float:
    align = style.align if style.align is not None else (2 if rtl else 0)
    if align == 1:
        return (style.width - width) / 2
    if align == 2:
        return style.width - pad - width
    return pad


def _single(
    style: decoration.Style, text: str, ts: layout.Typesetter, draw: Drawing, field: str
) -> None:
    inset = style.inset
    pad_x, pad_y = inset + 2, inset + 1
    avail_w, avail_h = max(style.width - 2 * pad_x, 1.0), max(style.height - 2 * pad_y, 1.0)
    line = ts.line(text, layout.is_rtl(text))
    box_fit = max(style.height - 2 * inset, 1.0) / line.height
    size = min(style.size, box_fit) if style.size else min(AUTO_MAX_SIZE, avail_h / line.height)
    if line.width * size > avail_w:
        size = max(MIN_SIZE, avail_w / line.width) if line.width else size
        if line.width * size > avail_w + 0.01:
            log.warning("%s: text does not fit even at %s pt and is clipped", field, MIN_SIZE)
    baseline = pad_y + (avail_h - size * line.height) / 2 - size * line.bottom
    draw.line(line, size, _x(style, line.width * size, pad_x, layout.is_rtl(text)), baseline)


def _multiline(
    style: decoration.Style, text: str, ts: layout.Typesetter, draw: Drawing, field: str
) -> None:
    inset = style.inset
    pad_x, pad_y = inset + 2, inset + 1
    avail_w, avail_h = max(style.width - 2 * pad_x, 1.0), max(style.height - 2 * pad_y, 1.0)

    def fits(size: float) -> tuple[bool, list[layout.Line]]:
        lines = ts.wrap(text, avail_w / size)
        height = size * max(line.height for line in lines) * len(lines)
        return height <= avail_h, lines

    size = style.size or AUTO_MAX_SIZE
    ok, lines = fits(size)
    if not ok:  # shrink: binary search for the largest size that fits
        low, high, best = MIN_SIZE, size, None
        for _ in range(8):
            middle = (low + high) / 2
            good, candidate = fits(middle)
            if good:
                low, best = middle, (middle, candidate)
            else:
                high = middle
        if best is None:
            fitting, lines = fits(MIN_SIZE)
            size = MIN_SIZE
            if not fitting:
                log.warning("%s: text does not fit even at %s pt and is clipped", field, MIN_SIZE)
        else:
            size, lines = best
    step = size * max(line.height for line in lines)
    y = style.height - pad_y - size * max(line.top for line in lines)
    rtl = layout.is_rtl(text)
    for line in lines:
        draw.line(line, size, _x(style, line.width * size, pad_x, rtl), y)
        y -= step


def _clusters(line: layout.Line) -> list[list[tuple[layout.Run, int]]]:
    """Glyphs grouped into comb cells: a base glyph with its combining marks."""
    cells: list[list[tuple[layout.Run, int]]] = []
    for run in line.runs:
        for index, text in enumerate(run.texts):
            if cells and unicodedata.category(text[0]).startswith("M"):
                cells[-1].append((run, index))
            else:
                cells.append([(run, index)])
    return cells


def _comb(
    style: decoration.Style, text: str, cells_n: int, ts: layout.Typesetter, draw: Drawing
) -> None:
    line = ts.line(text, layout.is_rtl(text))
    cells = _clusters(line)
    cell_w = style.width / max(cells_n, 1)
    inset = style.inset
    avail_h = max(style.height - 2 * (inset + 1), 1.0)
    size = (
        min(style.size, avail_h / line.height)
        if style.size
        else min(AUTO_MAX_SIZE, avail_h / line.height)
    )
    widths = [[_glyph_width(run, index) for run, index in cell] for cell in cells]
    widest = max((w[0] for w in widths), default=0.0)
    if widest * size > cell_w * 0.95 and widest:
        size = max(MIN_SIZE, cell_w * 0.95 / widest)
    baseline = inset + 1 + (avail_h - size * line.height) / 2 - size * line.bottom
    rtl = layout.is_rtl(text)
    align = style.align if style.align is not None else (2 if rtl else 0)
    first = {0: 0, 1: (cells_n - len(cells)) // 2, 2: cells_n - len(cells)}.get(align, 0)
    for position, (cell, cell_widths) in enumerate(zip(cells, widths, strict=True)):
        x = (first + position) * cell_w + (cell_w - cell_widths[0] * size) / 2
        for (run, index), width in zip(cell, cell_widths, strict=True):
            glyph = layout.Run(run.face, run.bold, (run.gids[index],), (run.texts[index],), width)
            draw.run(glyph, size, x, baseline)
            x += width * size


def _glyph_width(run: layout.Run, index: int) -> float:
    """Advance (em) of one glyph of ``run``."""
    prog = embedding.program(run.face, run.bold)
    return prog.width(run.gids[index])


def text_content(
    style: decoration.Style,
    text: str,
    ts: layout.Typesetter,
    book: FontBook,
    *,
    multiline: bool = False,
    comb: int | None = None,
    field: str = "",
) -> tuple[bytes, dict[str, embedding.FontUse]]:
    """Content stream and font resources of a text (or combo box) widget."""
    draw = Drawing(book, style.color)
    if text:
        if comb:
            _comb(style, text, comb, ts, draw)
        elif multiline:
            _multiline(style, text, ts, draw, field)
        else:
            _single(style, text, ts, draw, field)
    inset = style.inset
    clip = (
        decoration.rect(inset, inset, style.width - 2 * inset, style.height - 2 * inset) + b" W n"
    )
    parts = [decoration.frame(style)]
    if comb:
        parts.append(decoration.comb_dividers(style, comb))
    parts += [b"/Tx BMC q", clip, draw.content(), b"Q EMC"]
    return b"\n".join(p for p in parts if p), draw.fonts


def listbox_content(
    style: decoration.Style,
    options: Sequence[str],
    selected: set[int],
    top_index: int,
    ts: layout.Typesetter,
    book: FontBook,
) -> tuple[bytes, dict[str, embedding.FontUse], int]:
    """A list box: visible options from the top index, selected rows highlighted."""
    draw = Drawing(book, style.color)
    inset = style.inset
    pad_x, pad_y = inset + 2, inset + 1
    lines = [ts.line(option, layout.is_rtl(option)) for option in options]
    row_em = max((line.height for line in lines), default=1.2)
    size = style.size or AUTO_MAX_SIZE
    row = size * row_em
    avail_h = max(style.height - 2 * pad_y, row)
    visible = max(1, int(avail_h // row))
    if selected and not top_index <= min(selected) < top_index + visible:
        top_index = min(selected)
    top_index = max(0, min(top_index, max(0, len(options) - visible)))
    highlight: list[bytes] = []
    for slot, index in enumerate(range(top_index, min(len(options), top_index + visible))):
        y_top = style.height - pad_y - slot * row
        if index in selected:
            highlight.append(
                decoration.rect(inset, y_top - row, style.width - 2 * inset, row) + b" f"
            )
        line = lines[index]
        x = _x(style, line.width * size, pad_x, layout.is_rtl(options[index]))
        draw.line(line, size, x, y_top - size * line.top)
    clip = (
        decoration.rect(inset, inset, style.width - 2 * inset, style.height - 2 * inset) + b" W n"
    )
    marks = [_HIGHLIGHT, *highlight] if highlight else []
    parts = [decoration.frame(style), b"/Tx BMC q", clip, *marks, draw.content(), b"Q EMC"]
    return b"\n".join(p for p in parts if p), draw.fonts, top_index
