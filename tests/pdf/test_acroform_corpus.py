"""Fill every field of every fillable official form in the corpus and check the
result the way users will see it: pypdf reads the values back, qpdf finds no
damage, poppler draws ink in every filled widget, and a flattened copy shows
the values as text (including Arabic script, through /ToUnicode)."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from wizard.pdf import acroform, templates
from wizard.pdf.fields import ANNOT_HIDDEN, export_values

pytestmark = pytest.mark.corpus

FILLABLE = (
    "anmeldung_berlin.pdf",
    "wohnungsgeberbestaetigung_berlin.pdf",
    "wohngeldantrag_nrw.pdf",
    "fancy_fields.pdf",
    "libreoffice_radio_choice.pdf",
)
# Values in the scripts our users write in; text fields get them in turn.
SAMPLES = (
    "Müller-Lüdenscheidt Straße",
    "Łukasz Żółć-Grzegórz",
    "Çağrı Şişli Iğdır",
    "Иванов Пётр Ильич",
    "محمد رضا احمدی",
    "ሰላም ዓለም",
    "پښتو ټولنه",
)


def _values(path: Path) -> tuple[dict[str, object], dict[str, object]]:
    """(values for every fillable field, the "empty" values to compare against)."""
    samples = itertools.cycle(SAMPLES)
    filled: dict[str, object] = {}
    empty: dict[str, object] = {}
    for field in acroform.list_fields(path):
        if field.type == "text":
            if field.max_length is not None and field.max_length < 12:
                filled[field.name] = "1234567890"[: field.max_length]
            else:
                filled[field.name] = next(samples)[: field.max_length or None]
            empty[field.name] = ""
        elif field.type == "checkbox":
            filled[field.name] = True
            empty[field.name] = False
        elif field.type == "radio":
            options = [o for o in field.options if o != field.value]
            filled[field.name] = options[-1]
            empty[field.name] = None
        elif field.type == "choice":
            if "multiselect" in field.flags:
                filled[field.name] = list(field.options[1:3])
            else:
                filled[field.name] = field.options[-1]
            empty[field.name] = None
    return filled, empty


@pytest.fixture(params=FILLABLE)
def form(request: pytest.FixtureRequest, corpus_pdf: Callable[[str], Path]) -> Path:
    return corpus_pdf(request.param)


def test_every_field_reads_back_with_pypdf(form: Path) -> None:
    filled, _empty = _values(form)
    assert filled, "the corpus form has fillable fields"
    out = acroform.fill(form, filled)
    read = PdfReader(io.BytesIO(out)).get_fields()
    tpl = templates.load(form)
    for name, value in filled.items():
        node = tpl.fields[name]
        got = read[name].get("/V")
        if node.kind == "text":
            assert got == value, name
        elif node.kind == "checkbox":
            assert got == node.on_states()[0], name
        elif node.kind == "radio":
            exports = export_values(node)
            states = [
                s for s in node.on_states() if value in (tpl.decode_name(s), s, exports.get(s))
            ]
            assert got in states, name
            public = next(f for f in acroform.list_fields(out) if f.name == name)
            assert public.value == value, name
        elif isinstance(value, list):
            assert list(got) == value, name
        else:
            assert got == value, name
    form_dict = PdfReader(io.BytesIO(out)).trailer["/Root"]["/AcroForm"]
    assert form_dict.get("/NeedAppearances") in (None, False)
    assert "/XFA" not in form_dict


def test_qpdf_finds_no_damage(form: Path, tmp_path: Path, pdf_tools: Any) -> None:
    filled, _empty = _values(form)
    for flatten in (False, True):
        result = pdf_tools.qpdf_check(acroform.fill(form, filled, flatten=flatten), tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def test_poppler_draws_every_filled_widget(form: Path, tmp_path: Path, pdf_tools: Any) -> None:
    filled, empty = _values(form)
    after = acroform.fill(form, filled)
    before_pages = pdf_tools.render(acroform.fill(form, empty), tmp_path, "before")
    after_pages = pdf_tools.render(after, tmp_path, "after")
    crops = pdf_tools.crop_boxes(after)
    tpl = templates.load(form)
    missing = []
    for name in filled:
        node = tpl.fields[name]
        widgets = [
            w for w in node.widgets if w.page is not None and not w.annot_flags & ANNOT_HIDDEN
        ]
        if node.kind == "radio":
            exports = export_values(node)
            chosen = [
                s
                for s in node.on_states()
                if filled[name] in (tpl.decode_name(s), s, exports.get(s))
            ]
            widgets = [w for w in widgets if set(w.states) & set(chosen)]
            assert widgets, name
        for widget in widgets:
            page = widget.page
            if not pdf_tools.ink_differs(
                before_pages[page], after_pages[page], widget.rect, crops[page]
            ):
                missing.append((name, page + 1, widget.rect))
    assert not missing, f"no ink drawn for {missing}"


def test_flattened_copy_shows_values_as_text(form: Path, tmp_path: Path, pdf_tools: Any) -> None:
    filled, _empty = _values(form)
    flat = acroform.fill(form, filled, flatten=True)
    reader = PdfReader(io.BytesIO(flat))
    assert not reader.get_fields()
    for page in reader.pages:
        annots = [a.get_object() for a in page.get("/Annots") or []]
        assert not [a for a in annots if a.get("/Subtype") == "/Widget"]
    text = pdf_tools.pdftotext(flat, tmp_path)
    used = {v for v in filled.values() if isinstance(v, str) and v in SAMPLES}
    for value in used:  # Latin, Cyrillic, Arabic script and Ethiopic alike
        assert value in text, value
    fonts = _embedded_font_bytes(reader)
    assert fonts > 0
    template_size = form.stat().st_size
    assert len(flat) <= 1.5 * template_size + fonts, (len(flat), template_size, fonts)


def _embedded_font_bytes(reader: PdfReader) -> int:
    """Stored size of the font programs and CMaps the fill embedded (Noto subsets)."""
    total = 0
    for num in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(num)
        except Exception:  # free or missing object numbers
            continue
        if not isinstance(obj, dict) or obj.get("/Subtype") != "/Type0":
            continue
        if "Noto" not in str(obj.get("/BaseFont")):
            continue
        descendant = obj["/DescendantFonts"][0].get_object()
        font_file = descendant["/FontDescriptor"]["/FontFile2"].get_object()
        total += len(font_file._data) + len(obj["/ToUnicode"].get_object()._data) + 1024
    return total


def test_non_ascii_radio_state_keeps_its_bytes(corpus_pdf: Callable[[str], Path]) -> None:
    path = corpus_pdf("wohngeldantrag_nrw.pdf")
    out = acroform.fill(path, {"antragsart": "Erhöhungsantrag"})
    # The widget's appearance keys are Latin-1 (#F6); /AS and /V must use the same bytes.
    appended = out[path.stat().st_size :]
    assert appended.count(b"/Erh#F6hungsantrag") >= 2
    field = next(f for f in acroform.list_fields(out) if f.name == "antragsart")
    assert field.value == "Erhöhungsantrag"
    assert "Erhöhungsantrag" in field.options


def test_radio_by_export_value(corpus_pdf: Callable[[str], Path]) -> None:
    path = corpus_pdf("fancy_fields.pdf")
    name = "Historical Figures 🐺"
    out = acroform.fill(path, {name: "Ada Lovelace 💻"})
    assert PdfReader(io.BytesIO(out)).get_fields()[name]["/V"] == "/1"
    assert next(f for f in acroform.list_fields(out) if f.name == name).value == "Ada Lovelace 💻"


def test_fields_inspection_of_the_corpus(corpus_pdf: Callable[[str], Path]) -> None:
    fields = {f.name: f for f in acroform.list_fields(corpus_pdf("wohngeldantrag_nrw.pdf"))}
    assert len(fields) == 137  # pypdf's 139 include the two non-terminal parents
    comb = fields["datum_einzug"]
    assert comb.type == "text" and "comb" in comb.flags and comb.max_length == 8
    nested = fields["Ergänzende Hilfe zum Lebensunterhalt (BVG o.a.)"]
    assert nested.type == "checkbox" and nested.options == ("Yes",) and nested.page == 3
    radio = fields["antragsteller_persoenliche_verhaeltnisse"]
    assert radio.type == "radio" and len(radio.widgets) == 10
    assert "Selbständige(r)" in radio.options
    assert fields["antragsteller_wohngeldnummer"].tooltip.startswith("Erhöhungsantrag")
    choice = {f.name: f for f in acroform.list_fields(corpus_pdf("libreoffice_radio_choice.pdf"))}
    assert choice["Liste2"].flags == ("multiselect",)
    assert choice["Combo1"].options == ("combo Line 1", "combo Line 2", "combo Line 3")
