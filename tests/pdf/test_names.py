"""Names with non-UTF-8 bytes (Latin-1, as older form tools write them) survive a
fill byte for byte: radio states, and page resources that flattening rewrites."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PdfReader

from wizard.pdf import acroform, templates


def _stream(head: bytes, data: bytes) -> bytes:
    return head + b" /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def _latin1_form() -> bytes:
    """A hand-written one-page form: a radio group whose on-state is /Erh#F6hung
    (Latin-1 "Erhöhung"), and a page image resource named /Bild#E4 ("Bildä")."""
    on = b"0 0 1 rg 2 2 8 8 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [6 0 R 9 0 R]"
        b" /Resources << /XObject << /Bild#E4 10 0 R >> >> /Contents 11 0 R >>",
        b"<< /Fields [5 0 R] /DA (/Helv 0 Tf 0 g) >>",
        b"<< /FT /Btn /Ff 49152 /T (antrag) /Kids [6 0 R 9 0 R] >>",
        b"<< /Type /Annot /Subtype /Widget /Parent 5 0 R /Rect [20 150 32 162] /F 4"
        b" /AS /Off /AP << /N << /Erh#F6hung 7 0 R /Off 8 0 R >> >> >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 12 12] /Length %d >>\nstream\n%s\nendstream"
        % (len(on), on),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 12 12] /Length 0 >>\nstream\n\nendstream",
        b"<< /Type /Annot /Subtype /Widget /Parent 5 0 R /Rect [40 150 52 162] /F 4"
        b" /AS /Off /AP << /N << /Neu 7 0 R /Off 8 0 R >> >> >>",
        _stream(b"<< /Type /XObject /Subtype /Form /BBox [0 0 50 50]", b"0 g 0 0 50 50 re f"),
        _stream(b"<<", b"q 1 0 0 1 100 20 cm /Bild#E4 Do Q"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_latin1_state_is_listed_as_text_and_written_as_its_bytes(tmp_path: Path) -> None:
    form = _latin1_form()
    (field,) = acroform.list_fields(form)
    assert field.type == "radio" and field.options == ("Erhöhung", "Neu")
    out = acroform.fill(form, {"antrag": "Erhöhung"})
    appended = out[len(form) :]
    assert b"/AS /Erh#F6hung" in appended and b"/V /Erh#F6hung" in appended
    assert next(iter(acroform.list_fields(out))).value == "Erhöhung"
    reader = PdfReader(io.BytesIO(out))
    widget = reader.pages[0]["/Annots"][0].get_object()
    assert widget["/AS"] in widget["/AP"]["/N"]  # pypdf reads both the same way


def test_flattening_keeps_page_resource_names(tmp_path: Path, pdf_tools: Any) -> None:
    form = _latin1_form()
    flat = acroform.fill(form, {"antrag": "Erhöhung"}, flatten=True)
    assert b"/Bild#E4" in flat[len(form) :]
    assert pdf_tools.qpdf_check(flat, tmp_path).returncode == 0
    (page,) = pdf_tools.render(flat, tmp_path, "flat")
    assert isinstance(page, Image.Image)
    assert page.getpixel((125, 200 - 45)) == (0, 0, 0)  # the page's own image still draws
    assert page.getpixel((26, 200 - 156))[2] > 200  # the chosen radio button, in blue


def test_template_names_table() -> None:
    tpl = templates.load(_latin1_form())
    key = next(k for k in tpl.names.text if tpl.names.text[k] == "Erhöhung")
    assert tpl.names.raw[key] == b"/Erh#F6hung"
    assert tpl.decode_name(key) == "Erhöhung"


def test_repaired_template_keeps_latin1_names(tmp_path: Path, pdf_tools: Any) -> None:
    form = _latin1_form()
    # a misnumbered table (a classic producer bug): pypdf would fix it silently in
    # memory, so the template is rebuilt once before updates are chained to it
    broken = form.replace(b"xref\n0 12\n0000000000 65535 f \n", b"xref\n0 11\n", 1)
    assert broken != form
    out = acroform.fill(broken, {"antrag": "Erhöhung"})
    assert b"/Erh#F6hung" in out
    assert next(iter(acroform.list_fields(out))).value == "Erhöhung"
    assert pdf_tools.qpdf_check(out, tmp_path).returncode == 0
