"""The bilingual summary PDF the applicant takes home or to the appointment.

Every answer appears twice, side by side: in the applicant's language (so they
can check what they declared) and in German (so a caseworker or helper can read
it). The layout follows the applicant's reading direction: for Arabic, Persian,
Dari and Pashto the user-language column is on the right, right-aligned, and
tick boxes sit at the right edge. Text is drawn with :mod:`rl_flowables`
because reportlab's Paragraph breaks right-to-left lines in the wrong order.
"""

from __future__ import annotations

import io
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from wizard.pdf import rl_text
from wizard.pdf.rl_flowables import (
    INK,
    MUTED,
    Footer,
    QrCode,
    TextBlock,
    TickBox,
    a4_document,
    numbered_canvas,
)
from wizard.pdf.rl_text import Align

# The second language is always German, so its strings are fixed here rather
# than translated.
GERMAN_PAGE = "Seite {page} von {pages}"
GERMAN_COLUMN = "Deutsch"

MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 20 * mm
FOOTER_Y = 10 * mm
RULE = colors.HexColor("#b8c2cc")
HEADER_BG = colors.HexColor("#e3eaf1")
SECTION_BG = colors.HexColor("#f2f4f6")
NOTICE_BG = colors.HexColor("#fff4d6")
NOTICE_RULE = colors.HexColor("#d9b64c")
QR_SIZE = 30 * mm

_T = TypeVar("_T")
# A table cell: one flowable or a list of them.
Cell = Flowable | list[Flowable]


@dataclass(frozen=True)
class SummaryAnswer:
    """One question with its answer, in the user's language and in German."""

    question_user: str
    answer_user: str
    question_de: str
    answer_de: str


@dataclass(frozen=True)
class SummarySection:
    title_user: str
    title_de: str
    answers: Sequence[SummaryAnswer]


@dataclass(frozen=True)
class SummaryLabels:
    """Small translated strings, in the user's language.

    ``page`` needs ``{page}`` and ``{pages}``; ``generated_on`` needs ``{date}``.
    An empty ``draft_notice`` shows no notice.
    """

    page: str
    column_user: str
    column_de: str
    generated_on: str
    draft_notice: str = ""


@dataclass(frozen=True)
class SummaryDocument:
    """Everything the summary shows; produced by the engine, plain data only.

    ``language`` is a locale code ("ar", "fa_AF", …); with "de" the answers are
    shown once, not twice. ``checklist`` items are (user language, German).
    Texts may hold several paragraphs separated by blank lines.
    """

    language: str
    rtl: bool
    title_user: str
    title_de: str
    sections: Sequence[SummarySection]
    labels: SummaryLabels
    generated_on: str
    checklist_heading: str = ""
    checklist: Sequence[tuple[str, str]] = field(default_factory=tuple)
    submit_heading: str = ""
    submit_text: str = ""
    next_heading: str = ""
    next_text: str = ""
    resume_label: str = ""
    resume_code: str | None = None
    resume_url: str | None = None


def _check_template(label: str, name: str, allowed: set[str]) -> None:
    used = {part[1] for part in string.Formatter().parse(label) if part[1] is not None}
    if used != allowed:
        wanted = ", ".join("{" + key + "}" for key in sorted(allowed))
        raise ValueError(f"summary label {name!r} = {label!r} must contain exactly {wanted}")


class _Builder:
    """Turns a :class:`SummaryDocument` into flowables; one instance per render."""

    def __init__(self, doc: SummaryDocument, width: float, bilingual: bool) -> None:
        self.doc = doc
        self.width = width
        self.bilingual = bilingual
        self.start = Align.RIGHT if doc.rtl else Align.LEFT

    def text(
        self,
        text: str,
        where: str,
        *,
        german: bool = False,
        size: float = 10,
        bold: bool = False,
        color: Color = INK,
        align: Align | None = None,
        space_after: float = 0,
    ) -> TextBlock:
        """User-language text follows the document direction; German is always LTR."""
        return TextBlock(
            text,
            rtl=False if german else self.doc.rtl,
            where=f"summary: {where}" + (" (German)" if german else " (user language)"),
            size=size,
            bold=bold,
            color=color,
            align=align,
            space_after=space_after,
        )

    def ordered(self, user: _T, german: _T) -> list[_T]:
        """Columns in reading order: the user's language comes first."""
        return [german, user] if self.doc.rtl else [user, german]

    def build(self) -> list[Flowable]:
        story: list[Flowable] = self.title()
        for index, section in enumerate(self.doc.sections, start=1):
            if section.answers:
                story += [self.section(index, section), Spacer(1, 5 * mm)]
        story += self.checklist()
        story += self.prose(self.doc.submit_heading, self.doc.submit_text, "where to submit")
        story += self.prose(self.doc.next_heading, self.doc.next_text, "what happens next")
        story += self.resume()
        return story

    def title(self) -> list[Flowable]:
        doc = self.doc
        out: list[Flowable] = [self.text(doc.title_user, "title", size=17, bold=True)]
        if self.bilingual:
            out.append(Spacer(1, 1.5 * mm))
            out.append(
                self.text(
                    doc.title_de, "title", german=True, size=11.5, color=MUTED, align=self.start
                )
            )
        out.append(Spacer(1, 2.5 * mm))
        generated = doc.labels.generated_on.format(date=doc.generated_on)
        out.append(self.text(generated, "generated-on label", size=8.5, color=MUTED))
        out.append(Spacer(1, 4 * mm))
        if doc.labels.draft_notice:
            notice = self.text(doc.labels.draft_notice, "draft notice", size=9)
            box = _table(
                [[notice]],
                [self.width],
                [
                    ("BACKGROUND", (0, 0), (-1, -1), NOTICE_BG),
                    ("BOX", (0, 0), (-1, -1), 0.6, NOTICE_RULE),
                ],
                padding=6,
            )
            out += [box, Spacer(1, 5 * mm)]
        return out

    def section(self, index: int, section: SummarySection) -> Table:
        doc = self.doc
        where = f"section {index} ({section.title_de})"
        header: list[Flowable] = [
            self.text(doc.labels.column_user, "column header", size=8.5, bold=True)
        ]
        title = self.text(section.title_user, f"{where} title", size=11, bold=True)
        rows: list[list[Cell]] = [[header], [title]]
        if self.bilingual:
            # The German column reads left to right whatever the user's language,
            # so its header is aligned like its content.
            german_header: list[Flowable] = [
                self.text(GERMAN_COLUMN, "column header", german=True, size=8.5, bold=True),
                self.text(
                    doc.labels.column_de, "column header", size=8.5, color=MUTED, align=Align.LEFT
                ),
            ]
            german_title = self.text(
                section.title_de, f"{where} title", german=True, size=11, bold=True
            )
            rows = [self.ordered(header, german_header), self.ordered(title, german_title)]
        for number, answer in enumerate(section.answers, start=1):
            at = f"{where}, answer {number}"
            user_cell = self.cell(answer.question_user, answer.answer_user, at, german=False)
            if self.bilingual:
                german_cell = self.cell(answer.question_de, answer.answer_de, at, german=True)
                rows.append(self.ordered(user_cell, german_cell))
            else:
                rows.append([user_cell])
        columns = 2 if self.bilingual else 1
        # Two header rows repeat on every page the section continues on: the
        # column headings and the section title. Rows split between lines.
        return _table(
            rows,
            [self.width / columns] * columns,
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
                ("BACKGROUND", (0, 1), (-1, 1), SECTION_BG),
            ],
            padding=5,
            repeat_rows=2,
        )

    def cell(self, question: str, answer: str, where: str, *, german: bool) -> list[Flowable]:
        return [
            self.text(
                question,
                f"{where} question",
                german=german,
                size=8.5,
                bold=True,
                color=MUTED,
                space_after=2.5,
            ),
            # An unanswered optional question still shows that it was seen.
            self.text(answer if answer.strip() else "—", f"{where} answer", german=german),
        ]

    def heading(self, text: str, where: str) -> TextBlock:
        block = self.text(text, where, size=12.5, bold=True, space_after=1.5 * mm)
        block.keepWithNext = True
        return block

    def checklist(self) -> list[Flowable]:
        doc = self.doc
        if not doc.checklist:
            return []
        box = 6 * mm
        columns = 2 if self.bilingual else 1
        rows: list[list[Cell]] = []
        for number, (text_user, text_de) in enumerate(doc.checklist, start=1):
            at = f"checklist item {number}"
            cells: list[Cell] = [self.text(text_user, at)]
            if self.bilingual:
                german = self.text(text_de, at, german=True, size=9.5, color=MUTED)
                cells = self.ordered(cells[0], german)
            rows.append([*cells, TickBox()] if doc.rtl else [TickBox(), *cells])
        widths = [(self.width - box) / columns] * columns
        widths = [*widths, box] if doc.rtl else [box, *widths]
        table = _table(rows, widths, [("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)], padding=3)
        return [self.heading(doc.checklist_heading, "checklist heading"), table, Spacer(1, 6 * mm)]

    def prose(self, heading: str, text: str, where: str) -> list[Flowable]:
        if not text.strip():
            return []
        body = self.text(text.strip(), where, space_after=6 * mm)
        return [self.heading(heading, f"{where} heading"), body]

    def resume(self) -> list[Flowable]:
        doc = self.doc
        if not doc.resume_code and not doc.resume_url:
            return []
        text: list[Flowable] = [self.text(doc.resume_label, "resume label", bold=True)]
        if doc.resume_code:
            code = self.text(doc.resume_code, "resume code", german=True, size=16, bold=True)
            code.align = self.start
            text += [Spacer(1, 2 * mm), code]
        if doc.resume_url:
            url = self.text(doc.resume_url, "resume URL", german=True, size=8, color=MUTED)
            url.align = self.start
            text += [Spacer(1, 2 * mm), url]
        cells: list[Cell] = [text]
        widths = [self.width]
        if doc.resume_url:
            qr_column = QR_SIZE + 4 * mm
            cells = self.ordered(text, QrCode(doc.resume_url, QR_SIZE))
            widths = self.ordered(self.width - qr_column, qr_column)
        return [_table([cells], widths, [("BOX", (0, 0), (-1, -1), 0.6, RULE)], padding=6)]


def _table(
    rows: list[list[Cell]],
    widths: list[float],
    style: list[tuple[object, ...]],
    *,
    padding: float,
    repeat_rows: int = 0,
) -> Table:
    # Table sets the cell font before drawing even flowable cells; naming ours
    # keeps reportlab's unembedded Helvetica out of the document.
    base: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), rl_text.font_name("latin")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding - 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]
    return Table(
        rows,
        colWidths=widths,
        repeatRows=repeat_rows,
        splitInRow=1,
        style=TableStyle([*base, *style]),
    )


def _footer(doc: SummaryDocument, bilingual: bool) -> Footer:
    rtl = doc.rtl
    page_w = A4[0]
    width = page_w - 2 * MARGIN_X

    def draw(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, FOOTER_Y + 4 * mm, page_w - MARGIN_X, FOOTER_Y + 4 * mm)
        canvas.setFillColor(MUTED)
        user = doc.labels.page.format(page=page, pages=pages)
        user_line = rl_text.layout_line(user, 8, rtl=rtl)
        if not bilingual:
            rl_text.draw_line(canvas, user_line, MARGIN_X, FOOTER_Y, width, Align.CENTER)
        else:
            german = rl_text.layout_line(GERMAN_PAGE.format(page=page, pages=pages), 8)
            user_side, german_side = (Align.RIGHT, Align.LEFT) if rtl else (Align.LEFT, Align.RIGHT)
            rl_text.draw_line(canvas, user_line, MARGIN_X, FOOTER_Y, width, user_side)
            rl_text.draw_line(canvas, german, MARGIN_X, FOOTER_Y, width, german_side)
        canvas.restoreState()

    return draw


def render_summary(doc: SummaryDocument) -> bytes:
    """Render ``doc`` as an A4 PDF and return its bytes.

    Raises :class:`rl_text.UncoveredTextError` (naming the section and answer)
    if any text holds characters no shipped font can draw, and ``ValueError``
    for labels without their placeholders.
    """
    _check_template(doc.labels.page, "page", {"page", "pages"})
    _check_template(doc.labels.generated_on, "generated_on", {"date"})
    rl_text.register_fonts()
    # The footer is drawn only when the document is saved; check its label now
    # so a bad character is reported before any layout work.
    rl_text.ensure_drawable(doc.labels.page, "summary: page label")
    buffer = io.BytesIO()
    bilingual = doc.language.split("_")[0].lower() != "de"
    template = a4_document(
        buffer,
        margin_x=MARGIN_X,
        margin_top=MARGIN_TOP,
        margin_bottom=MARGIN_BOTTOM,
        title=f"{doc.title_de} – {doc.title_user}" if bilingual else doc.title_de,
        lang=doc.language.replace("_", "-"),
    )
    story = _Builder(doc, template.width, bilingual).build()
    template.build(story, canvasmaker=numbered_canvas(_footer(doc, bilingual)))
    return buffer.getvalue()
