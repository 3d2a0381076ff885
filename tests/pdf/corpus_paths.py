"""Where the shared real-world PDF corpus lives, and the poppler/qpdf probes tests use.

The corpus is never copied into the repository (see its README): tests find it
at ``../shared/pdf-corpus`` next to the project root, or where the environment
variable ``WIZARD_PDF_CORPUS`` points, and skip with the reason when it is
absent. PDFs we write are checked with independent readers (poppler's
pdftotext/pdftoppm/pdffonts, qpdf) rather than with the library that wrote them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

CORPUS_ENV = "WIZARD_PDF_CORPUS"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "pdf-corpus"


def corpus_dir() -> Path:
    return Path(os.environ.get(CORPUS_ENV) or DEFAULT_CORPUS)


def corpus_file(name: str) -> Path:
    """Path of a corpus PDF; skips the test (with the reason) when it is not there."""
    path = corpus_dir() / name
    if not path.is_file():
        pytest.skip(
            f"PDF corpus file {path} not found; set {CORPUS_ENV} to the folder holding "
            f"the shared real-world forms (../shared/pdf-corpus)"
        )
    return path


def form_template(form: Any, output_id: str) -> Path:
    """The official PDF a shipped form's output reads (the form names its path, which
    ``WIZARD_PDF_CORPUS`` does not move); skips the test, with the reason, when it is absent."""
    from wizard.formdef.checker import resolve_template

    output = next(o for o in form.pdf if o.id == output_id)
    path = resolve_template(form, output.template)
    if not path.is_file():
        pytest.skip(
            f"official PDF {path} of output {output_id!r} not found: the form names it "
            "relative to the project folder (../shared/pdf-corpus beside the checkout)"
        )
    return path


def require_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        pytest.skip(f"{name} not installed (Debian: poppler-utils / qpdf)")
    return tool


def write_pdf(tmp_path: Path, data: bytes, name: str = "out.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pdftotext(
    path: Path,
    *,
    page: int | None = None,
    crop: tuple[float, float, float, float] | None = None,
    page_height: float | None = None,
    layout: bool = False,
) -> str:
    """Text poppler extracts; ``crop`` is a box (x, y, w, h) in PDF points from bottom-left."""
    args = [require_tool("pdftotext")]
    if layout:
        args.append("-layout")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if crop is not None:
        assert page_height is not None, "cropping needs the page height to flip y"
        x, y, w, h = crop
        top = page_height - (y + h)
        args += ["-r", "72", "-x", str(int(x)), "-y", str(int(top)), "-W", str(int(w) + 1)]
        args += ["-H", str(int(h) + 1)]
    result = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def render_gray(path: Path, page: int, dpi: int = 72) -> Image.Image:
    """One page rendered by poppler, in 8-bit grey."""
    tool = require_tool("pdftoppm")
    out = path.parent / f"{path.stem}-p{page}-{dpi}"
    args = [tool, "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", "-singlefile"]
    subprocess.run([*args, str(path), str(out)], check=True)
    return Image.open(out.with_suffix(".pgm")).convert("L")


def ink(image: Image.Image, box: tuple[float, float, float, float], dpi: int = 72) -> int:
    """Dark pixels inside a PDF-point box (x, y, w, h from bottom-left) of a rendering."""
    scale = dpi / 72
    x, y, w, h = box
    top = image.height - (y + h) * scale
    region = image.crop((int(x * scale), int(top), int((x + w) * scale), int(top + h * scale)))
    return sum(region.histogram()[:128])


def qpdf_check(path: Path) -> None:
    tool = require_tool("qpdf")
    result = subprocess.run([tool, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def pdffonts(path: Path) -> list[dict[str, str]]:
    """poppler's font list: name, embedded ("yes"/"no") for every font the PDF uses."""
    tool = require_tool("pdffonts")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True)
    fonts = []
    for line in result.stdout.splitlines()[2:]:
        parts = line.split()
        # name, type words…, encoding, emb, sub, uni, object id, generation
        fonts.append({"name": parts[0], "embedded": parts[-5]})
    return fonts
