"""The coordinate grid authors read overlay positions from."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_paths import corpus_file, require_tool
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from wizard.pdf.grid import GridError, render_grid


def reddish(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel
    return r > 200 and g < 190 and b < 190


def make_pdf(path: Path, box: tuple[float, float, float, float]) -> Path:
    """A 300 x 420 pt page with one black square at ``box`` (x, y, w, h from bottom-left).

    420 is no multiple of the grid step, so a grid counted from the top would
    put its lines elsewhere.
    """
    canvas = Canvas(str(path), pagesize=(300, 420))
    canvas.rect(*box, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return path


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require_tool("pdftoppm")


@pytest.mark.corpus
def test_grid_image_has_page_size_at_the_requested_dpi(tmp_path: Path) -> None:
    form = corpus_file("aufenthaltstitel_antrag_flat.pdf")
    for dpi in (72, 100, 150):
        out = render_grid(form, 1, tmp_path / f"grid-{dpi}.png", dpi=dpi)
        with Image.open(out) as image:
            assert abs(image.width - 595.2 * dpi / 72) <= 1
            assert abs(image.height - 841.68 * dpi / 72) <= 1


def test_grid_lines_sit_at_pdf_coordinates_from_the_bottom_left(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "square.pdf", (100, 200, 50, 50))
    out = render_grid(pdf, 1, tmp_path / "grid.png", step=50, dpi=72)
    image = Image.open(out).convert("RGB")
    assert image.size == (300, 420)
    # The square (x 100..150, y 200..250) is at rows 170..220 from the top.
    assert max(image.getpixel((125, 195))) < 60
    assert min(image.getpixel((125, 153))) > 240, "white paper between grid lines"
    # Major lines every 50 pt: x = 200 is column 200; y = 100 is row 320.
    column = [image.getpixel((200, y)) for y in range(60, 340)]
    row = [image.getpixel((x, 320)) for x in range(60, 240)]
    assert sum(map(reddish, column)) > 0.9 * len(column)
    assert sum(map(reddish, row)) > 0.9 * len(row)
    off_grid = [image.getpixel((x, 300)) for x in range(60, 240)]
    assert sum(map(reddish, off_grid)) < 0.1 * len(off_grid), "only crossing verticals"
    # Fine lines every 10 pt are drawn too, but fainter than major ones.
    fine = image.getpixel((110, 60))
    assert fine != (255, 255, 255) and not reddish(fine)


def test_labels_are_drawn_along_the_edges(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "blank.pdf", (0, 0, 0, 0))
    out = render_grid(pdf, 1, tmp_path / "grid.png", step=50, dpi=100)
    image = Image.open(out).convert("RGB")
    scale = 100 / 72
    # The label "150" is centred on x = 150 at the top edge: dark red glyph
    # pixels on a white plate, more than a thin line would give.
    x = round(150 * scale)
    plate = [image.getpixel((x + dx, y)) for dx in range(-14, 15) for y in range(3, 18)]
    ink = [p for p in plate if p[0] > 120 and p[1] < 80 and p[2] < 80]
    assert len(ink) > 25
    assert any(p == (255, 255, 255) or min(p) > 240 for p in plate)


@pytest.mark.corpus
def test_missing_page_is_a_clear_error(tmp_path: Path) -> None:
    form = corpus_file("aufenthaltstitel_antrag_flat.pdf")
    with pytest.raises(GridError, match="has 4 page.*page 7 does not exist"):
        render_grid(form, 7, tmp_path / "grid.png")
    with pytest.raises(GridError, match="page 0 does not exist"):
        render_grid(form, 0, tmp_path / "grid.png")
    assert not (tmp_path / "grid.png").exists()


def test_unreadable_pdf_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"this is not a PDF")
    with pytest.raises(GridError, match="cannot read"):
        render_grid(broken, 1, tmp_path / "grid.png")


def test_missing_poppler_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = make_pdf(tmp_path / "square.pdf", (10, 10, 10, 10))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(GridError, match="pdftoppm not found.*poppler-utils"):
        render_grid(pdf, 1, tmp_path / "grid.png")
