"""reportlab building blocks shared by the summary and the addendum.

:class:`TextBlock` is a paragraph of mixed-script text broken with
:func:`rl_text.wrap` (logical order first, then visual reordering per line),
which reportlab's own Paragraph cannot do for right-to-left text. It splits
between lines, so a long answer may continue on the next page inside a table
row. :func:`numbered_canvas` defers footers until the page count is known, so
"Page 1 of 3" costs one layout pass instead of two.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, BinaryIO

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from wizard.pdf import rl_text
from wizard.pdf.rl_text import Align, Line

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")


class TextBlock(Flowable):
    """A paragraph of user text in any shipped script and either direction.

    ``rtl=None`` follows the first strong letter. Alignment defaults to the
    start side of the paragraph (right for right-to-left). ``where`` names the
    text in errors, e.g. "section 2, answer 3 (user language)".
    """

    def __init__(
        self,
        text: str,
        *,
        size: float = 9.5,
        bold: bool = False,
        rtl: bool | None = None,
        align: Align | None = None,
        color: colors.Color = INK,
        space_after: float = 0.0,
        where: str = "text",
    ) -> None:
        super().__init__()
        text = rl_text.normalise(text)
        rl_text.ensure_drawable(text, where)
        self.text = text
        self.size = size
        self.bold = bold
        self.rtl = rl_text.first_strong_rtl(text) if rtl is None else rtl
        self.align = align or (Align.RIGHT if self.rtl else Align.LEFT)
        self.color = color
        self.space_after = space_after
        self.where = where
        # Lines are laid out per width (tables wrap cells more than once); the
        # parts of a split keep their lines and the whole block's line pitch.
        self._lines: list[Line] = []
        self._width: float | None = None
        self._metrics = rl_text.block_metrics((), size)
        self._fixed = False

    def _layout(self, width: float) -> list[Line]:
        if not self._fixed and width != self._width:
            self._lines = rl_text.wrap(self.text, width, self.size, bold=self.bold, rtl=self.rtl)
            self._metrics = rl_text.block_metrics(self._lines, self.size)
            self._width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        lines = self._layout(availWidth)
        self.width = availWidth
        self.height = self._metrics.height(len(lines)) + self.space_after
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self._layout(availWidth)
        fit = 0
        while fit < len(lines) and self._metrics.height(fit + 1) <= availHeight:
            fit += 1
        if fit == 0 or fit == len(lines):
            return []
        return [self._part(lines[:fit], 0.0), self._part(lines[fit:], self.space_after)]

    def _part(self, lines: list[Line], space_after: float) -> TextBlock:
        part = copy.copy(self)
        part._lines, part._fixed, part.space_after = lines, True, space_after
        return part

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.setFillColor(self.color)
        y = self.height - self._metrics.ascent
        for line in self._lines:
            rl_text.draw_line(canvas, line, 0, y, self.width, self.align)
            y -= self._metrics.leading


class TickBox(Flowable):
    """An empty square to tick by hand, aligned with the first line of its row's text."""

    def __init__(self, size: float = 9.0, *, top_offset: float = 1.0) -> None:
        super().__init__()
        self.size = size
        self.top_offset = top_offset

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.size + self.top_offset

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.8)
        canvas.rect((self.width - self.size) / 2, 0, self.size, self.size, stroke=1, fill=0)


class QrCode(Flowable):
    """A QR code drawn as vector squares, so it stays sharp when printed."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        # Medium error correction survives a crease or a coffee ring on paper.
        self.qr = segno.make(data, error="m", micro=False)
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self) -> None:
        canvas: Canvas = self.canv
        rows = list(self.qr.matrix_iter(scale=1, border=4))
        module = self.size / len(rows)
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for row_index, row in enumerate(rows):
            y = self.size - (row_index + 1) * module
            start: int | None = None
            for col, dark in enumerate([*row, 0]):
                if dark and start is None:
                    start = col
                elif not dark and start is not None:
                    path.rect(start * module, y, (col - start) * module, module)
                    start = None
        canvas.drawPath(path, stroke=0, fill=1)


Footer = Callable[[Canvas, int, int], None]


def a4_document(
    buffer: BinaryIO,
    *,
    margin_x: float,
    margin_top: float,
    margin_bottom: float,
    title: str,
    lang: str,
) -> BaseDocTemplate:
    """An A4 template with one frame exactly ``A4 - margins`` wide.

    SimpleDocTemplate pads its frame by 6 pt, so tables sized to the text width
    would stick out; here the frame has no padding and ``template.width`` is
    the width tables get.
    """
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin_x,
        rightMargin=margin_x,
        topMargin=margin_top,
        bottomMargin=margin_bottom,
        title=title,
        author="Antragshilfe",
        lang=lang,
        # Otherwise reportlab references an unembedded Helvetica on every page.
        initialFontName=rl_text.font_name("latin"),
    )
    frame = Frame(
        margin_x,
        margin_bottom,
        template.width,
        template.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return template


def numbered_canvas(footer: Footer) -> Callable[..., Canvas]:
    """A ``canvasmaker`` that calls ``footer(canvas, page, pages)`` on every page.

    Pages are kept until ``save`` so the total is known when footers are drawn.
    """

    class _NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                footer(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return _NumberedCanvas
