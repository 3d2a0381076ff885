"""The "Anlage" (addendum) pages appended to a filled form.

Official forms have small boxes and a fixed number of rows (three children,
two previous stays). Whatever does not fit goes here in full, under the German
label of the field it belongs to, while the box itself says "siehe Anlage"
(see :func:`overlay.defer_overflows`). Authorities accept such attachments;
the footer repeats the form title and the page count so a loose page can be
matched to its application.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer
from reportlab.platypus.flowables import HRFlowable

from wizard.pdf import rl_text
from wizard.pdf.rl_flowables import MUTED, Footer, TextBlock, a4_document, numbered_canvas
from wizard.pdf.rl_text import Align

MARGIN = 20 * mm
FOOTER_Y = 12 * mm
RULE = HexColor("#b8c2cc")
KEEP_HEIGHT = 60 * mm
ORPHAN_HEIGHT = 30 * mm
INTRO = (
    "Die folgenden Angaben passten nicht in die dafür vorgesehenen Felder des Antrags "
    "und werden hier vollständig aufgeführt."
)


def _footer(title_de: str, applicant: str | None) -> Footer:
    width = A4[0] - 2 * MARGIN
    left = f"Anlage zum Antrag „{title_de}“"
    if applicant:
        left += f" – {applicant}"

    def draw(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        number = rl_text.layout_line(f"Anlage – Seite {page} von {pages}", 8)
        # Keep the title clear of the page number; cut it rather than overprint.
        lines = rl_text.wrap(left, width - number.width - 6 * mm, 8, rtl=False)
        rl_text.draw_line(canvas, lines[0], MARGIN, FOOTER_Y, width, Align.LEFT)
        rl_text.draw_line(canvas, number, MARGIN, FOOTER_Y, width, Align.RIGHT)
        canvas.restoreState()

    return draw


def render_addendum(
    title_de: str, entries: Sequence[tuple[str, str]], *, applicant: str | None = None
) -> bytes:
    """A4 pages headed "Anlage zum Antrag „title_de“" listing (German label, full text).

    ``applicant`` (the applicant's name) is repeated in every footer. Entry text
    may be in any shipped script; characters no font covers raise
    :class:`rl_text.UncoveredTextError` naming the entry.
    """
    if not entries:
        raise ValueError("an addendum needs at least one entry")
    width = A4[0] - 2 * MARGIN
    for where, text in (("title", title_de), ("applicant", applicant or "")):
        rl_text.ensure_drawable(text, f"addendum {where}")
    story: list[Flowable] = [
        TextBlock("Anlage", size=17, bold=True, rtl=False, where="addendum heading"),
        Spacer(1, 1.5 * mm),
        TextBlock(f"zum Antrag „{title_de}“", size=12, rtl=False, where="addendum title"),
    ]
    if applicant:
        story.append(Spacer(1, 1.5 * mm))
        line = f"Antragstellerin/Antragsteller: {applicant}"
        story.append(TextBlock(line, size=10, rtl=False, where="addendum applicant"))
    story += [
        Spacer(1, 3 * mm),
        TextBlock(INTRO, size=9.5, color=MUTED, rtl=False, where="addendum intro"),
        Spacer(1, 4 * mm),
    ]
    for number, (label, text) in enumerate(entries, start=1):
        where = f"addendum entry {number} ({label})"
        heading = TextBlock(f"{number}. {label}", size=10.5, bold=True, rtl=False, where=where)
        body = TextBlock(text, size=10.5, where=where, space_after=2 * mm)
        entry = [
            HRFlowable(width="100%", thickness=0.5, color=RULE, spaceAfter=2.5 * mm),
            heading,
            Spacer(1, 1 * mm),
            body,
        ]
        if body.wrap(width, A4[1])[1] <= KEEP_HEIGHT:
            story.append(KeepTogether(entry))
        else:
            # A long entry starts where it is (with a few lines under its
            # heading) and continues on the next page rather than leaving a gap.
            story += [CondPageBreak(ORPHAN_HEIGHT), *entry]
    buffer = io.BytesIO()
    template = a4_document(
        buffer,
        margin_x=MARGIN,
        margin_top=MARGIN,
        margin_bottom=MARGIN + 4 * mm,
        title=f"Anlage zum Antrag „{title_de}“",
        lang="de-DE",
    )
    template.build(story, canvasmaker=numbered_canvas(_footer(title_de, applicant)))
    return buffer.getvalue()


def append_pages(pdf_bytes: bytes, addendum_bytes: bytes) -> bytes:
    """``pdf_bytes`` (a filled form) followed by the pages of ``addendum_bytes``.

    The form is cloned whole, so its fields, appearances and metadata survive.
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
    writer.append(PdfReader(io.BytesIO(addendum_bytes)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
