"""Draw the project's own fillable form templates (pdf_templates/) with reportlab.

Several applications have no fillable official PDF we may ship, so the project
draws its own templates that mirror the official form's sections and
numbering. Each template is described as data — sections of rows of boxes —
and built into an AcroForm PDF, which the same filler as the official forms
fills. Every page says plainly that it is a reproduction made by this project,
not the authority's own form.

    doc = Document(
        title="Antrag auf Kindergeld",
        reference="nach Vordruck KG 1",
        authority="Familienkasse",
        sections=[
            Section("1", "Angaben zur antragstellenden Person", [
                Row([Text("antragsteller_familienname", "Familienname", 0.5),
                     Text("antragsteller_vornamen", "Vorname(n)", 0.5)]),
                Row([Check("verheiratet", "verheiratet"), Check("ledig", "ledig")]),
            ]),
        ],
    )
    build(doc, Path("pdf_templates/kindergeld.pdf"))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from . import rl_text

MARGIN = 15 * mm
CONTENT_WIDTH = A4[0] - 2 * MARGIN
LABEL_SIZE = 6.5
ROW_HEIGHT = 11 * mm
CHECK_ROW_HEIGHT = 7 * mm
GREY = Color(0.93, 0.93, 0.93)


@dataclass(frozen=True)
class Text:
    """A labelled text box; ``width`` is a fraction of the row."""

    name: str
    label: str
    width: float = 1.0
    lines: int = 1
    comb: int | None = None
    """Number of character cells (e.g. 11 for a Steuer-ID, 22 for an IBAN)."""


@dataclass(frozen=True)
class Check:
    """A tick box with its label; several share a row."""

    name: str
    label: str
    width: float = 0.25


@dataclass(frozen=True)
class Note:
    """Printed text (instructions from the official form); asks nothing."""

    text: str
    width: float = 1.0


Box = Text | Check | Note


@dataclass(frozen=True)
class Row:
    boxes: list[Box]


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class Document:
    title: str
    reference: str
    """What it mirrors, e.g. "nach Vordruck KG 1 der Familienkasse"."""
    authority: str
    sections: list[Section]
    signature: bool = True
    names: set[str] = field(default_factory=set, compare=False)


def _row_height(row: Row) -> float:
    tallest = ROW_HEIGHT
    for box in row.boxes:
        if isinstance(box, Text):
            tallest = max(tallest, ROW_HEIGHT + (box.lines - 1) * 5 * mm)
        elif isinstance(box, Note):
            lines = max(1, len(box.text) // int(110 * box.width) + 1)
            tallest = max(
                tallest if any(not isinstance(b, Note) for b in row.boxes) else 0,
                lines * 3.6 * mm + 2 * mm,
            )
    if all(isinstance(b, Check) for b in row.boxes):
        return CHECK_ROW_HEIGHT
    return tallest


class _Builder:
    def __init__(self, doc: Document, path: Path) -> None:
        rl_text.register_fonts()
        self.doc = doc
        self.canvas = Canvas(str(path), pagesize=A4, pageCompression=1)
        self.canvas.setTitle(doc.title)
        self.canvas.setAuthor("Antragshilfe (Vorlage des Projekts)")
        self.page = 0
        self.y = 0.0
        self.seen: set[str] = set()

    def font(self, size: float, bold: bool = False) -> None:
        self.canvas.setFont(rl_text.font_name("latin", bold), size)

    def new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        c = self.canvas
        top = A4[1] - MARGIN
        self.font(14, bold=True)
        c.drawString(MARGIN, top - 5 * mm, self.doc.title)
        self.font(8)
        c.drawString(MARGIN, top - 10 * mm, f"{self.doc.authority} · {self.doc.reference}")
        c.drawRightString(A4[0] - MARGIN, top - 5 * mm, f"Seite {self.page}")
        self.font(6.5)
        c.setFillColor(Color(0.35, 0.35, 0.35))
        c.drawString(
            MARGIN,
            MARGIN - 6 * mm,
            "Vom Projekt Antragshilfe nachgebildete Vorlage mit den Angaben des amtlichen Vordrucks; "
            "kein amtliches Formular.",
        )
        c.setFillColor(black)
        self.y = top - 15 * mm

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.new_page()

    def section(self, section: Section) -> None:
        self.need(8 * mm + _row_height(section.rows[0]) if section.rows else 8 * mm)
        c = self.canvas
        c.setFillColor(GREY)
        c.rect(MARGIN, self.y - 6 * mm, CONTENT_WIDTH, 6 * mm, stroke=0, fill=1)
        c.setFillColor(black)
        self.font(9, bold=True)
        c.drawString(MARGIN + 2 * mm, self.y - 4.3 * mm, f"{section.number}  {section.title}")
        self.y -= 7 * mm
        for row in section.rows:
            self.row(row)
        self.y -= 2 * mm

    def row(self, row: Row) -> None:
        height = _row_height(row)
        self.need(height)
        x = MARGIN
        for box in row.boxes:
            width = CONTENT_WIDTH * box.width
            if isinstance(box, Text):
                self.text(box, x, width, height)
            elif isinstance(box, Check):
                self.check(box, x, width, height)
            else:
                self.note(box, x, width, height)
            x += width
        self.y -= height

    def _unique(self, name: str) -> str:
        if name in self.seen:
            raise ValueError(f"template field {name!r} appears twice")
        self.seen.add(name)
        return name

    def text(self, box: Text, x: float, width: float, height: float) -> None:
        c = self.canvas
        c.setLineWidth(0.5)
        c.rect(x, self.y - height, width, height, stroke=1, fill=0)
        self.font(LABEL_SIZE)
        c.drawString(x + 1.2 * mm, self.y - 2.6 * mm, box.label)
        field_h = height - 4 * mm
        flags = "multiline" if box.lines > 1 else ""
        # No length limit (reportlab's default is 100): text that does not fit
        # goes to the addendum instead of being refused.
        kwargs: dict[str, object] = {"maxlen": None}
        if box.comb:
            flags = "comb"
            kwargs["maxlen"] = box.comb
        c.acroForm.textfield(
            name=self._unique(box.name),
            tooltip=box.label,
            x=x + 1 * mm,
            y=self.y - height + 0.6 * mm,
            width=width - 2 * mm,
            height=field_h,
            borderWidth=0,
            fillColor=white,
            textColor=black,
            forceBorder=False,
            fontSize=0,
            fieldFlags=flags,
            **kwargs,
        )

    def check(self, box: Check, x: float, width: float, height: float) -> None:
        c = self.canvas
        size = 3.6 * mm
        c.acroForm.checkbox(
            name=self._unique(box.name),
            tooltip=box.label,
            x=x + 1 * mm,
            y=self.y - height + (height - size) / 2,
            size=size,
            buttonStyle="cross",
            borderWidth=0.6,
            borderColor=black,
            fillColor=white,
            forceBorder=True,
        )
        self.font(7.5)
        c.drawString(x + 1 * mm + size + 1.5 * mm, self.y - height / 2 - 1.2 * mm, box.label)

    def note(self, box: Note, x: float, width: float, height: float) -> None:
        self.font(7)
        words, line, y = box.text.split(), "", self.y - 3.2 * mm
        limit = width - 2 * mm
        for word in words:
            trial = f"{line} {word}".strip()
            if (
                self.canvas.stringWidth(trial, rl_text.font_name("latin", False), 7) > limit
                and line
            ):
                self.canvas.drawString(x + 1 * mm, y, line)
                y -= 3.4 * mm
                line = word
            else:
                line = trial
        if line:
            self.canvas.drawString(x + 1 * mm, y, line)

    def signature(self) -> None:
        self.need(22 * mm)
        self.y -= 3 * mm
        self.row(
            Row(
                [
                    Text("ort_datum", "Ort, Datum", 0.4),
                    Note("Unterschrift (bitte von Hand unterschreiben)", 0.6),
                ]
            )
        )
        self.canvas.rect(
            MARGIN + CONTENT_WIDTH * 0.4, self.y, CONTENT_WIDTH * 0.6, ROW_HEIGHT, stroke=1
        )

    def run(self) -> None:
        self.new_page()
        for section in self.doc.sections:
            self.section(section)
        if self.doc.signature:
            self.signature()
        self.canvas.save()


def build(doc: Document, path: Path) -> list[str]:
    """Draw ``doc`` as a fillable PDF at ``path``; returns the field names."""
    builder = _Builder(doc, path)
    builder.run()
    return sorted(builder.seen)
