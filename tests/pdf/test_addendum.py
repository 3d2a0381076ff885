"""The "Anlage" pages for text that does not fit a form, and appending them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from corpus_paths import corpus_file, pdffonts, pdftotext, qpdf_check, write_pdf
from pypdf import PdfReader, PdfWriter

from wizard.pdf.addendum import append_pages, render_addendum
from wizard.pdf.rl_text import UncoveredTextError

TITLE = "Antrag auf Erteilung eines Aufenthaltstitels"
STAYS = "; ".join(
    f"von 01.02.{year} bis 30.06.{year + 1} in Hamburg, Wandsbeker Chaussee {year - 1990}"
    for year in range(1995, 2021)
)
ENTRIES = [
    ("Ehegatte – Wohnort", "Damaskus, Syrien, Al-Mazzeh-Straße 14, bei den Eltern der Ehefrau"),
    ("Kind 4 – Name, Vornamen", "Haddad, Yusuf"),
    ("Kind 4 – Geburtsort", "حلب، سوريا"),
    ("Frühere Aufenthalte in Deutschland", STAYS),
]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_addendum_lists_every_label_with_its_full_text(tmp_path: Path) -> None:
    path = write_pdf(tmp_path, render_addendum(TITLE, ENTRIES, applicant="Rami Haddad"))
    qpdf_check(path)
    text = flat(pdftotext(path))
    assert f"Anlage zum Antrag „{TITLE}“" in text
    assert "Rami Haddad" in text
    for number, (label, body) in enumerate(ENTRIES, start=1):
        assert f"{number}. {label}" in text
        if label != "Kind 4 – Geburtsort":
            assert flat(body) in text
    assert all(f["embedded"] == "yes" for f in pdffonts(path))
    assert any("NotoNaskhArabic" in f["name"] for f in pdffonts(path))


def test_many_entries_run_over_pages_with_numbered_footers(tmp_path: Path) -> None:
    entries = [(f"Aufenthalt {n}", STAYS) for n in range(1, 7)]
    path = write_pdf(tmp_path, render_addendum(TITLE, entries))
    pages = len(PdfReader(path).pages)
    assert pages >= 3
    for page in range(1, pages + 1):
        assert f"Anlage – Seite {page} von {pages}" in flat(pdftotext(path, page=page))
    assert flat(pdftotext(path)).count(STAYS.split(";")[-1].strip()) == 6


def test_append_pages_keeps_the_form_and_adds_the_addendum(tmp_path: Path) -> None:
    form = PdfWriter()
    form.add_blank_page(595, 842)
    form.add_blank_page(595, 842)
    buffer = io.BytesIO()
    form.write(buffer)
    addendum = render_addendum(TITLE, ENTRIES)
    combined = write_pdf(tmp_path, append_pages(buffer.getvalue(), addendum))
    qpdf_check(combined)
    assert len(PdfReader(combined).pages) == 2 + len(PdfReader(io.BytesIO(addendum)).pages)
    assert "Anlage zum Antrag" in pdftotext(combined, page=3)


@pytest.mark.corpus
def test_append_pages_keeps_the_fields_of_a_fillable_form(tmp_path: Path) -> None:
    form = corpus_file("anmeldung_berlin.pdf")
    original = PdfReader(form)
    fields = original.get_fields() or {}
    combined = append_pages(
        form.read_bytes(), render_addendum("Anmeldung bei einer Meldebehörde", ENTRIES)
    )
    path = write_pdf(tmp_path, combined)
    result = PdfReader(path)
    assert len(result.pages) == len(original.pages) + 1
    assert set(result.get_fields() or {}) == set(fields)
    qpdf_check(path)


def test_addendum_refuses_text_no_font_can_draw() -> None:
    with pytest.raises(UncoveredTextError, match=r"entry 2 \(Kind 4 – Name\).*U\+738B"):
        render_addendum(TITLE, [("Ehegatte", "Lina"), ("Kind 4 – Name", "王")])


def test_addendum_needs_entries() -> None:
    with pytest.raises(ValueError, match="at least one entry"):
        render_addendum(TITLE, [])
