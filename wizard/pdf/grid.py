"""A coordinate grid over a rendered form page, for authors of overlay positions.

Overlay placements are declared in PDF points from the bottom-left corner of
the page, which no viewer shows. This draws that coordinate system over a
rendering of the page (labels every ``step`` points, fine lines every
``step / 5``) so an author can read a box's x, y, width and height off a PNG.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from wizard.pdf import fonts

MAJOR = (220, 30, 30, 150)
MINOR = (40, 110, 220, 55)
LABEL_INK = (170, 0, 0, 255)
LABEL_BG = (255, 255, 255, 220)


class GridError(RuntimeError):
    """The page cannot be rendered: missing tool, bad page number, unreadable PDF."""


def _page_box(pdf_path: Path, page: int) -> tuple[float, float, float, float]:
    try:
        reader = PdfReader(pdf_path)
        count = len(reader.pages)
    except (OSError, PdfReadError) as exc:
        raise GridError(f"cannot read {pdf_path}: {exc}") from exc
    if not 1 <= page <= count:
        raise GridError(f"{pdf_path} has {count} page(s); page {page} does not exist")
    pdf_page = reader.pages[page - 1]
    if pdf_page.rotation % 360:
        # The grid would be drawn in rotated device space and mislead authors.
        raise GridError(f"page {page} of {pdf_path} is rotated; rotated pages are not supported")
    box = pdf_page.mediabox
    return float(box.left), float(box.bottom), float(box.right), float(box.top)


def _render(pdf_path: Path, page: int, dpi: int, folder: Path) -> Image.Image:
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise GridError(
            "pdftoppm not found: install poppler-utils (Debian: apt install poppler-utils)"
        )
    stem = folder / "page"
    args = [tool, "-f", str(page), "-l", str(page), "-r", str(dpi), "-png", "-singlefile"]
    result = subprocess.run([*args, str(pdf_path), str(stem)], capture_output=True, text=True)
    if result.returncode != 0:
        raise GridError(f"pdftoppm failed on {pdf_path} page {page}: {result.stderr.strip()}")
    with Image.open(stem.with_suffix(".png")) as image:
        return image.convert("RGBA")


def render_grid(pdf_path: Path, page: int, out_png: Path, step: int = 50, dpi: int = 100) -> Path:
    """Render ``page`` (1-based) of ``pdf_path`` with a labelled point grid into ``out_png``.

    Labels are absolute PDF coordinates, so they can be copied into a form's
    overlay declaration as they are, even on pages whose box does not start at 0.
    """
    if step < 5:
        raise ValueError(f"step must be at least 5 points, got {step}")
    if dpi < 36:
        raise ValueError(f"dpi must be at least 36 for legible labels, got {dpi}")
    pdf_path = Path(pdf_path)
    left, bottom, right, top = _page_box(pdf_path, page)
    with tempfile.TemporaryDirectory(prefix="wizard-grid-") as folder:
        base = _render(pdf_path, page, dpi, Path(folder))

    scale = dpi / 72.0
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)

    def px(x: float) -> float:
        return (x - left) * scale

    def py(y: float) -> float:
        return (top - y) * scale

    fine = max(step / 5, 1.0)
    start_x = (left // fine) * fine
    start_y = (bottom // fine) * fine
    count_x = int((right - start_x) // fine) + 1
    count_y = int((top - start_y) // fine) + 1
    for kind in ("minor", "major"):
        for i in range(count_x):
            x = start_x + i * fine
            major = abs(x / step - round(x / step)) < 1e-6
            if left <= x <= right and major == (kind == "major"):
                draw.line([(px(x), 0), (px(x), base.height)], fill=MAJOR if major else MINOR)
        for i in range(count_y):
            y = start_y + i * fine
            major = abs(y / step - round(y / step)) < 1e-6
            if bottom <= y <= top and major == (kind == "major"):
                draw.line([(0, py(y)), (base.width, py(y))], fill=MAJOR if major else MINOR)

    # Noto Sans from the package, at a size that stays readable whatever the dpi.
    font = ImageFont.truetype(str(fonts.FACE_BY_KEY["latin"].bold), size=max(10, round(9 * scale)))
    pad = 2

    def label(text: str, x: float, y: float, anchor: str) -> None:
        box = draw.textbbox((x, y), text, font=font, anchor=anchor)
        draw.rectangle((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad), fill=LABEL_BG)
        draw.text((x, y), text, font=font, fill=LABEL_INK, anchor=anchor)

    first_x = -(-left // step) * step
    first_y = -(-bottom // step) * step
    edge = 3
    x = first_x
    while x <= right:
        if x > left:
            label(f"{x:g}", px(x), edge, "mt")
            label(f"{x:g}", px(x), base.height - edge, "mb")
        x += step
    y = first_y
    while y <= top:
        if y > bottom:
            label(f"{y:g}", edge, py(y), "lm")
            label(f"{y:g}", base.width - edge, py(y), "rm")
        y += step

    out_png = Path(out_png)
    out_png.parent.mkdir(parents=True, exist_ok=True)
    Image.alpha_composite(base, layer).convert("RGB").save(out_png)
    return out_png
