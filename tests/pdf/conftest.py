"""Fixtures for the AcroForm tests: the real-world corpus, a form we draw
ourselves with reportlab, and independent tools (poppler, qpdf) to inspect
filled PDFs. Tests get them as fixtures; nothing here is imported directly."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader
from reportlab.lib.colors import black, white
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("WIZARD_PDF_CORPUS") or ROOT / ".." / "shared" / "pdf-corpus")


def corpus_file(name: str) -> Path:
    """A corpus PDF, or skip the test with the reason when it is absent."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"real-world PDF corpus not available ({path}); set WIZARD_PDF_CORPUS")
    return path


def need_tool(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (Debian package poppler-utils / qpdf)")


def qpdf_check(data: bytes, tmp_path: Path, name: str = "check.pdf") -> subprocess.CompletedProcess:
    need_tool("qpdf")
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)


def render(data: bytes, tmp_path: Path, stem: str) -> list[Image.Image]:
    """Every page rendered by poppler at 72 dpi (1 pixel per point)."""
    need_tool("pdftoppm")
    path = tmp_path / f"{stem}.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "72", "-png", str(path), str(tmp_path / stem)], check=True)
    pages = sorted(tmp_path.glob(f"{stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [Image.open(p).convert("RGB") for p in pages]


def pdftotext(data: bytes, tmp_path: Path) -> str:
    need_tool("pdftotext")
    path = tmp_path / "text.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def ink_differs(
    before: Image.Image,
    after: Image.Image,
    rect: tuple[float, float, float, float],
    crop: tuple[float, float, float, float],
) -> bool:
    """True when any pixel inside ``rect`` (PDF user space) changed between renders."""
    x0, y0, x1, y1 = rect
    left, bottom, _right, top = crop
    box = (
        max(0, int(x0 - left)),
        max(0, int(top - y1)),
        min(before.width, int(x1 - left + 0.999)),
        min(before.height, int(top - y0 + 0.999)),
    )
    if box[2] <= box[0] or box[3] <= box[1]:
        return False
    diff = ImageChops.difference(before.crop(box), after.crop(box))
    return diff.getbbox() is not None


def crop_boxes(data: bytes) -> list[tuple[float, float, float, float]]:
    reader = PdfReader(io.BytesIO(data))
    return [tuple(float(v) for v in page.cropbox) for page in reader.pages]  # type: ignore[misc]


def draw_form(path: Path, build: Callable[[canvas.Canvas], None]) -> Path:
    """A one-page PDF whose fields ``build`` adds with reportlab's acroform."""
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    build(pdf)
    pdf.showPage()
    pdf.save()
    return path


def _mixed(pdf: canvas.Canvas) -> None:
    form = pdf.acroForm
    common = {"borderColor": black, "fillColor": white, "textColor": black, "borderWidth": 1}
    pdf.drawString(40, 800, "Synthetic form for the AcroForm tests")
    form.textfield(name="name", x=40, y=740, width=300, height=22, maxlen=None, **common)
    form.textfield(name="short", x=40, y=700, width=60, height=22, maxlen=None, **common)
    form.textfield(
        name="notes",
        x=40,
        y=560,
        width=300,
        height=120,
        maxlen=None,
        fieldFlags="multiline",
        **common,
    )
    form.textfield(
        name="plz", x=360, y=740, width=100, height=22, maxlen=5, fieldFlags="comb", **common
    )
    form.textfield(name="limited", x=360, y=700, width=150, height=22, maxlen=10, **common)
    form.checkbox(name="agree", x=40, y=520, size=16, **common)
    for index, option in enumerate(("ja", "nein", "vielleicht")):
        form.radio(name="answer", value=option, x=40 + 40 * index, y=480, size=16, **common)
    form.choice(
        name="country",
        x=40,
        y=420,
        width=200,
        height=22,
        options=["Deutschland", "Polen", "Türkei"],
        value="Deutschland",
        **common,
    )
    form.listbox(
        name="languages",
        x=260,
        y=360,
        width=200,
        height=80,
        options=["Deutsch", "English", "Français", "Español"],
        value="Deutsch",
        fieldFlags="multiSelect",
        **common,
    )


class PdfTools:
    """Independent readers of the PDFs we write (poppler and qpdf), as one fixture."""

    qpdf_check = staticmethod(qpdf_check)
    render = staticmethod(render)
    pdftotext = staticmethod(pdftotext)
    ink_differs = staticmethod(ink_differs)
    crop_boxes = staticmethod(crop_boxes)


@pytest.fixture(scope="session")
def pdf_tools() -> PdfTools:
    return PdfTools()


@pytest.fixture(scope="session")
def corpus_pdf() -> Callable[[str], Path]:
    """``corpus_pdf(name)``: a corpus file, skipping the test when the corpus is absent."""
    return corpus_file


@pytest.fixture(scope="session")
def form_drawer() -> Callable[[Path, Callable[[canvas.Canvas], None]], Path]:
    return draw_form


@pytest.fixture(scope="session")
def synthetic_form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A form with every field type we fill, drawn by reportlab (no corpus needed)."""
    return draw_form(tmp_path_factory.mktemp("forms") / "synthetic.pdf", _mixed)
