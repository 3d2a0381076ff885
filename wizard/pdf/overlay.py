"""Filling flat (non-fillable) official forms by drawing text at declared positions.

Many forms are published as plain PDF pages without fields. A form's YAML then
declares, per value, a box in PDF points (read off :func:`grid.render_grid`);
reportlab draws the values on transparent pages and pypdf merges them onto a
copy of the form. Everything that can go wrong is found before anything is
drawn: characters no shipped font covers raise :class:`OverlayError`, and text
that does not fit even at its minimum size raises :class:`OverlayOverflow`,
listing every such box so the caller can put "siehe Anlage" into each box
(:func:`defer_overflows`) and the full text into the addendum.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from wizard.pdf import rl_text
from wizard.pdf.rl_text import Align, Line

SIZE_STEP = 0.5
DEFER_NOTE = "siehe Anlage"

Value = str | bool | None


class Kind(StrEnum):
    """What is drawn in a box."""

    TEXT = "text"  # shrunk to fit, wrapped when the box has room for more lines
    CROSS = "cross"  # an "X" in a tick box when the value is True
    COMB = "comb"  # one character per cell, ``cells`` equal cells across the box


class VAlign(StrEnum):
    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


@dataclass(frozen=True)
class Placement:
    """Where and how one value is drawn, as a form's YAML declares it.

    ``page`` is 1-based; ``x``/``y`` are the box's bottom-left corner in PDF
    points from the page's bottom-left, as the grid shows them. ``align=None``
    aligns to the start side of the value: left, or right for Arabic script.
    ``label`` is the German field label, used in errors and in the addendum.
    """

    name: str
    page: int
    x: float
    y: float
    width: float
    height: float
    kind: Kind = Kind.TEXT
    font_size: float = 10.0
    min_font_size: float = 6.0
    align: Align | None = None
    valign: VAlign = VAlign.MIDDLE
    cells: int | None = None
    padding: float = 1.5
    label: str = ""

    def __post_init__(self) -> None:
        problems = []
        if self.page < 1:
            problems.append(f"page must be 1 or more, got {self.page}")
        if self.width <= 2 * self.padding or self.height <= 2 * self.padding:
            problems.append(
                f"box {self.width}x{self.height} is too small for padding {self.padding}"
            )
        if not 0 < self.min_font_size <= self.font_size:
            problems.append(
                f"need 0 < min_font_size <= font_size, got {self.min_font_size}, {self.font_size}"
            )
        if (self.kind is Kind.COMB) != (self.cells is not None):
            problems.append("cells is required for comb boxes and only for them")
        if self.cells is not None and self.cells < 1:
            problems.append(f"cells must be 1 or more, got {self.cells}")
        if problems:
            raise ValueError(f"placement {self.name!r}: " + "; ".join(problems))

    def describe(self) -> str:
        label = f" ({self.label})" if self.label else ""
        return f"placement {self.name!r}{label} on page {self.page}"


@dataclass(frozen=True)
class Overflow:
    """A value that does not fit its box even at the minimum font size."""

    name: str
    label: str
    page: int
    text: str

    @property
    def addendum_entry(self) -> tuple[str, str]:
        """(German label, full text), as :func:`addendum.render_addendum` takes it."""
        return (self.label or self.name, self.text)


class OverlayError(ValueError):
    """The values cannot be drawn onto the form; nothing was written."""


class OverlayOverflow(OverlayError):
    """Some values do not fit their boxes; ``overflows`` lists every one."""

    def __init__(self, overflows: Sequence[Overflow]) -> None:
        self.overflows = tuple(overflows)
        names = ", ".join(f"{o.name!r} (page {o.page})" for o in self.overflows)
        super().__init__(f"text does not fit even at the minimum font size: {names}")


@dataclass(frozen=True)
class _Drawing:
    placement: Placement
    lines: tuple[Line, ...] = ()
    size: float = 0.0
    rtl: bool = False


@dataclass(frozen=True)
class _Template:
    """A parsed form, shared between requests; only ever cloned, never changed."""

    reader: PdfReader
    boxes: tuple[tuple[float, float, float, float], ...]
    rotations: tuple[int, ...]
    lock: threading.Lock


@lru_cache(maxsize=32)
def _load(path: str, mtime_ns: int, size: int) -> _Template:
    data = Path(path).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    boxes = tuple(
        (
            float(p.mediabox.left),
            float(p.mediabox.bottom),
            float(p.mediabox.right),
            float(p.mediabox.top),
        )
        for p in reader.pages
    )
    return _Template(reader, boxes, tuple(p.rotation % 360 for p in reader.pages), threading.Lock())


def load_template(path: str | os.PathLike[str]) -> _Template:
    """The parsed template, cached by path and modification time (edits are picked up)."""
    resolved = Path(path).resolve()
    try:
        stat = resolved.stat()
    except OSError as exc:
        raise OverlayError(f"cannot read template {resolved}: {exc}") from exc
    return _load(str(resolved), stat.st_mtime_ns, stat.st_size)


def _sizes(placement: Placement) -> list[float]:
    sizes = []
    size = placement.font_size
    while size > placement.min_font_size + 1e-9:
        sizes.append(size)
        size -= SIZE_STEP
    return [*sizes, placement.min_font_size]


def _fit_text(placement: Placement, text: str) -> _Drawing | None:
    inner_w = placement.width - 2 * placement.padding
    inner_h = placement.height - 2 * placement.padding
    for size in _sizes(placement):
        lines = rl_text.wrap(text, inner_w, size)
        metrics = rl_text.block_metrics(lines, size)
        if metrics.height(len(lines)) <= inner_h and all(line.width <= inner_w for line in lines):
            return _Drawing(placement, tuple(lines), size, rl_text.first_strong_rtl(text))
    return None


def _fit_comb(placement: Placement, text: str) -> _Drawing | None:
    assert placement.cells is not None
    # Combs hold dates, postcodes and names in capitals: one grapheme per cell,
    # no wrapping; a space leaves its cell empty.
    clusters = rl_text.clusters(rl_text.normalise(text).strip())
    if len(clusters) > placement.cells:
        return None
    cell_w = placement.width / placement.cells - 2 * placement.padding
    inner_h = placement.height - 2 * placement.padding
    for size in _sizes(placement):
        lines = tuple(rl_text.layout_line(c, size) for c in clusters)
        metrics = rl_text.block_metrics(lines, size)
        if metrics.height(1) <= inner_h and all(line.width <= cell_w for line in lines):
            return _Drawing(placement, lines, size)
    return None


def _plan(
    placements: Sequence[Placement], values: Mapping[str, Value]
) -> tuple[list[_Drawing], list[Overflow]]:
    """Lay out every value without drawing; raise for anything that cannot be drawn."""
    by_name: dict[str, Placement] = {}
    for placement in placements:
        if placement.name in by_name:
            raise OverlayError(f"two placements are named {placement.name!r}")
        by_name[placement.name] = placement
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        raise OverlayError(f"values without a placement: {', '.join(map(repr, unknown))}")

    problems: list[str] = []
    drawings: list[_Drawing] = []
    overflows: list[Overflow] = []
    for placement in placements:
        value = values.get(placement.name)
        if value is None or value is False or value == "":
            continue
        if placement.kind is Kind.CROSS:
            if value is not True:
                problems.append(
                    f"{placement.describe()}: a cross takes True or False, got {value!r}"
                )
            else:
                drawings.append(_Drawing(placement))
            continue
        if not isinstance(value, str):
            problems.append(f"{placement.describe()}: text expected, got {value!r}")
            continue
        try:
            rl_text.ensure_drawable(value, placement.describe())
        except rl_text.UncoveredTextError as exc:
            problems.append(str(exc))
            continue
        fit = _fit_comb if placement.kind is Kind.COMB else _fit_text
        drawing = fit(placement, value)
        if drawing is None:
            overflows.append(Overflow(placement.name, placement.label, placement.page, value))
        else:
            drawings.append(drawing)
    if problems:
        raise OverlayError("; ".join(problems))
    return drawings, overflows


def find_overflows(placements: Sequence[Placement], values: Mapping[str, Value]) -> list[Overflow]:
    """The values that would not fit, without rendering; raises :class:`OverlayError` otherwise."""
    return _plan(placements, values)[1]


def defer_overflows(
    values: Mapping[str, Value], overflows: Sequence[Overflow], note: str = DEFER_NOTE
) -> dict[str, Value]:
    """``values`` with every overflowing text replaced by ``note`` ("siehe Anlage")."""
    deferred = dict(values)
    for overflow in overflows:
        deferred[overflow.name] = note
    return deferred


def _draw(canvas: Canvas, drawing: _Drawing) -> None:
    p = drawing.placement
    if p.kind is Kind.CROSS:
        side = min(p.width, p.height) - 2 * p.padding
        left = p.x + (p.width - side) / 2
        bottom = p.y + (p.height - side) / 2
        canvas.setLineWidth(max(0.8, side * 0.12))
        canvas.setLineCap(1)
        canvas.line(left, bottom, left + side, bottom + side)
        canvas.line(left, bottom + side, left + side, bottom)
        return
    metrics = rl_text.block_metrics(drawing.lines, drawing.size)
    inner_h = p.height - 2 * p.padding
    if p.kind is Kind.COMB:
        assert p.cells is not None
        cell = p.width / p.cells
        baseline = p.y + p.padding + (inner_h - metrics.height(1)) / 2 + metrics.descent
        rtl = p.align is Align.RIGHT
        first = p.cells - len(drawing.lines) if rtl else 0
        for index, line in enumerate(drawing.lines):
            x = p.x + (first + index) * cell
            rl_text.draw_line(canvas, line, x, baseline, cell, Align.CENTER)
        return
    block = metrics.height(len(drawing.lines))
    if p.valign is VAlign.TOP:
        ink_top = p.y + p.height - p.padding
    elif p.valign is VAlign.BOTTOM:
        ink_top = p.y + p.padding + block
    else:
        ink_top = p.y + p.padding + (inner_h + block) / 2
    align = p.align or (Align.RIGHT if drawing.rtl else Align.LEFT)
    baseline = ink_top - metrics.ascent
    for line in drawing.lines:
        rl_text.draw_line(canvas, line, p.x + p.padding, baseline, p.width - 2 * p.padding, align)
        baseline -= metrics.leading


def overlay(
    template_path: str | os.PathLike[str],
    placements: Sequence[Placement],
    values: Mapping[str, Value],
) -> bytes:
    """Draw ``values`` (keyed by placement name) onto a copy of the flat form.

    Raises :class:`OverlayError` for unknown names, wrong value types, pages the
    form lacks and characters no font covers, and :class:`OverlayOverflow` for
    text that does not fit; in both cases before anything is rendered.
    """
    template = load_template(template_path)
    drawings, overflows = _plan(placements, values)
    pages = len(template.boxes)
    for drawing in drawings:
        page = drawing.placement.page
        if page > pages:
            raise OverlayError(f"{drawing.placement.describe()}: the form has only {pages} page(s)")
        if template.rotations[page - 1]:
            raise OverlayError(f"{drawing.placement.describe()}: rotated pages are not supported")
    if overflows:
        raise OverlayOverflow(overflows)

    rl_text.register_fonts()
    buffer = io.BytesIO()
    # The initial font would otherwise be an unembedded Helvetica resource.
    canvas = Canvas(buffer, initialFontName=rl_text.font_name("latin"))
    by_page: dict[int, list[_Drawing]] = {}
    for drawing in drawings:
        by_page.setdefault(drawing.placement.page, []).append(drawing)
    order = sorted(by_page)
    for page in order:
        _, _, right, top = template.boxes[page - 1]
        canvas.setPageSize((max(right, 1.0), max(top, 1.0)))
        for drawing in by_page[page]:
            _draw(canvas, drawing)
        canvas.showPage()
    canvas.save()

    with template.lock:  # pypdf readers are not safe to read from two threads at once
        writer = PdfWriter(clone_from=template.reader)
    if order:
        drawn = PdfReader(io.BytesIO(buffer.getvalue()))
        for index, page in enumerate(order):
            writer.pages[page - 1].merge_page(drawn.pages[index])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
