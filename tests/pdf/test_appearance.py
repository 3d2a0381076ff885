"""What the generated appearance streams contain: sizes, positions, fonts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from wizard.pdf import acroform, embedding


def _widget(out: bytes, name: str, index: int = 0) -> DictionaryObject:
    reader = PdfReader(io.BytesIO(out))
    found = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            parent = annot.get("/Parent")
            title = annot.get("/T") or (parent.get_object().get("/T") if parent else None)
            if title == name:
                found.append(annot)
    return found[index]


def _content(out: bytes, name: str, index: int = 0) -> bytes:
    return _widget(out, name, index)["/AP"]["/N"].get_data()


def _shows(content: bytes) -> list[tuple[float, float, bytes]]:
    """(x, y, hex glyph IDs) of every text run in a content stream."""
    return [
        (float(x), float(y), gids)
        for x, y, gids in re.findall(rb"1 0 0 1 (\S+) (\S+) Tm <([0-9A-F]*)> Tj", content)
    ]


def _sizes(content: bytes) -> list[float]:
    return [float(s) for s in re.findall(rb"/F\w+ (\S+) Tf", content)]


def _patched(source: Path, target: Path, **changes: dict[str, object]) -> Path:
    """A copy of ``source`` with keys of some fields' dictionaries replaced."""
    writer = PdfWriter(clone_from=source)
    for annot in writer.pages[0]["/Annots"]:
        annot = annot.get_object()
        for key, value in changes.get(str(annot.get("/T")), {}).items():
            annot[NameObject(key)] = value
    with target.open("wb") as out:
        writer.write(out)
    return target


def test_comb_field_puts_one_character_per_cell(synthetic_form: Path) -> None:
    out = acroform.fill(synthetic_form, {"plz": "10115"})
    shows = _shows(_content(out, "plz"))
    assert len(shows) == 5
    cell = 100 / 5  # widget width / MaxLen
    for index, (x, _y, _gids) in enumerate(shows):
        assert index * cell < x < (index + 1) * cell
    # the same glyph ("1") sits at the same place in its cell
    ones = [x - i * cell for i, (x, _y, g) in enumerate(shows) if g == shows[0][2]]
    assert len(ones) == 3 and max(ones) - min(ones) < 0.01


def test_auto_size_shrinks_long_text_to_fit(synthetic_form: Path) -> None:
    short = _sizes(_content(acroform.fill(synthetic_form, {"name": "Anna"}), "name"))[0]
    long_text = "Anna-Lena Maximiliane Müller-Lüdenscheidt von und zu Hohenzollern-Sigmaringen"
    content = _content(acroform.fill(synthetic_form, {"name": long_text}), "name")
    size = _sizes(content)[0]
    assert short == 12  # auto size is capped at 12 pt
    assert 4 <= size < short
    (x, _y, gids), *_ = _shows(content)
    latin = embedding.program("latin")
    width = sum(latin.width(int(gids[i : i + 4], 16)) for i in range(0, len(gids), 4)) * size
    assert 300 - 6 < x + width <= 300  # shrunk to just fit inside the padding


def test_multiline_text_wraps_inside_the_box(synthetic_form: Path) -> None:
    text = "Dies ist ein langer Satz, der in einem mehrzeiligen Feld umbrochen werden muss. " * 2
    content = _content(acroform.fill(synthetic_form, {"notes": text.strip()}), "notes")
    baselines = sorted({y for _x, y, _g in _shows(content)}, reverse=True)
    assert len(baselines) >= 3
    assert all(0 < y < 120 for y in baselines)
    gaps = {round(a - b, 3) for a, b in zip(baselines, baselines[1:], strict=False)}
    assert len(gaps) == 1  # even line spacing


def test_right_to_left_text_is_right_aligned(synthetic_form: Path) -> None:
    latin = _shows(_content(acroform.fill(synthetic_form, {"name": "Anna"}), "name"))
    arabic = _shows(_content(acroform.fill(synthetic_form, {"name": "محمد رضا"}), "name"))
    assert latin[0][0] < 5
    assert arabic[0][0] > 150


def test_alignment_font_size_and_rotation_from_the_widget(
    synthetic_form: Path, tmp_path: Path
) -> None:
    form = _patched(
        synthetic_form,
        tmp_path / "patched.pdf",
        name={"/Q": NumberObject(1), "/DA": TextStringObject("/Helv 9 Tf 0 0 1 rg")},
        short={"/MK": DictionaryObject({NameObject("/R"): NumberObject(90)})},
    )
    out = acroform.fill(form, {"name": "Anna", "short": "Anna"})
    content = _content(out, "name")
    assert _sizes(content) == [9.0]
    assert b"0 0 1 rg" in content
    (x, _y, _gids), *_ = _shows(content)
    assert 120 < x < 150  # centred in a 300 pt wide box
    rotated = _widget(out, "short")["/AP"]["/N"]
    assert [float(v) for v in rotated["/Matrix"]] == [0, 1, -1, 0, 0, 0]
    assert [float(v) for v in rotated["/BBox"]] == [0, 0, 22, 60]


def test_fonts_are_embedded_subsets_with_to_unicode(synthetic_form: Path) -> None:
    out = acroform.fill(synthetic_form, {"name": "Иванов", "notes": "Łódź", "short": "ሰላም"})
    resources = _widget(out, "name")["/AP"]["/N"]["/Resources"]["/Font"]
    (font,) = [f.get_object() for f in resources.values()]
    assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
    assert re.fullmatch(r"/[A-Z]{6}\+NotoSans-Regular", font["/BaseFont"])
    cid = font["/DescendantFonts"][0].get_object()
    assert cid["/Subtype"] == "/CIDFontType2" and cid["/CIDToGIDMap"] == "/Identity"
    assert "/FontFile2" in cid["/FontDescriptor"]
    assert b"beginbfchar" in font["/ToUnicode"].get_data()
    # one font object per face, shared by all fields that use it
    same = _widget(out, "notes")["/AP"]["/N"]["/Resources"]["/Font"]
    assert [v.idnum for v in same.values()] == [v.idnum for v in resources.values()]
    ethiopic = _widget(out, "short")["/AP"]["/N"]["/Resources"]["/Font"]
    assert "NotoSansEthiopic" in next(iter(ethiopic.values())).get_object()["/BaseFont"]


def test_several_widgets_and_nested_names(synthetic_form: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=synthetic_form)
    page = writer.pages[0]
    parent = DictionaryObject(
        {
            NameObject("/T"): TextStringObject("person"),
            NameObject("/Kids"): ArrayObject(),
        }
    )
    parent_ref = writer._add_object(parent)
    child = DictionaryObject(
        {
            NameObject("/T"): TextStringObject("city"),
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/DA"): TextStringObject("/Helv 0 Tf 0 g"),
            NameObject("/Parent"): parent_ref,
            NameObject("/Kids"): ArrayObject(),
        }
    )
    child_ref = writer._add_object(child)
    parent["/Kids"].append(child_ref)
    for y in (200, 100):
        widget = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/Rect"): ArrayObject(
                    [FloatObject(40), FloatObject(y), FloatObject(240), FloatObject(y + 20)]
                ),
                NameObject("/Parent"): child_ref,
                NameObject("/F"): NumberObject(4),
            }
        )
        ref = writer._add_object(widget)
        child["/Kids"].append(ref)
        page["/Annots"].append(ref)
    writer._root_object["/AcroForm"]["/Fields"].append(parent_ref)
    form = tmp_path / "nested.pdf"
    with form.open("wb") as out:
        writer.write(out)
    field = next(f for f in acroform.list_fields(form) if f.name == "person.city")
    assert [w.rect[1] for w in field.widgets] == [200, 100]
    out = acroform.fill(form, {"person.city": "Berlin"})
    reader = PdfReader(io.BytesIO(out))
    assert reader.get_fields()["person.city"]["/V"] == "Berlin"
    kids = [
        k.get_object()
        for k in reader.get_fields()["person.city"].indirect_reference.get_object()["/Kids"]
    ]
    assert all(_shows(k["/AP"]["/N"].get_data()) for k in kids)


def test_hybrid_xfa_form_shows_the_acroform(synthetic_form: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=synthetic_form)
    form_dict = writer._root_object["/AcroForm"]
    form_dict[NameObject("/XFA")] = ArrayObject([TextStringObject("template")])
    form_dict[NameObject("/NeedAppearances")] = NumberObject(1)
    hybrid = tmp_path / "hybrid.pdf"
    with hybrid.open("wb") as out:
        writer.write(out)
    out = acroform.fill(hybrid, {"name": "Anna"})
    form_dict = PdfReader(io.BytesIO(out)).trailer["/Root"]["/AcroForm"]
    assert "/XFA" not in form_dict
    assert form_dict["/NeedAppearances"].value is False


@pytest.mark.parametrize("value", [True, False])
def test_checkbox_state_and_drawn_mark(synthetic_form: Path, value: bool) -> None:
    out = acroform.fill(synthetic_form, {"agree": value})
    widget = _widget(out, "agree")
    assert widget["/AS"] == ("/Yes" if value else "/Off")
    if value:  # the mark needs no font, so every viewer can draw it
        on = widget["/AP"]["/N"]["/Yes"].get_data()
        assert b" f" in on and b"Tf" not in on


def test_values_already_in_a_need_appearances_form_get_drawn(
    synthetic_form: Path, tmp_path: Path
) -> None:
    # LibreOffice and some generators leave the drawing of values to the viewer
    # (/NeedAppearances true); we turn that off, so existing values need streams too.
    writer = PdfWriter(clone_from=synthetic_form)
    writer._root_object["/AcroForm"][NameObject("/NeedAppearances")] = NumberObject(1)
    for annot in writer.pages[0]["/Annots"]:
        annot = annot.get_object()
        if annot.get("/T") == "name":
            annot[NameObject("/V")] = TextStringObject("Bestand")
    form = tmp_path / "needs.pdf"
    with form.open("wb") as out:
        writer.write(out)
    out = acroform.fill(form, {"short": "neu"})
    assert len(_shows(_content(out, "name"))) == 1
    assert PdfReader(io.BytesIO(out)).get_fields()["name"]["/V"] == "Bestand"
