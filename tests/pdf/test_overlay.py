"""Overlay filling of the flat Berlin residence-permit application (real LABO form).

Boxes below were read off the form with ``wizard.pdf.grid``: on page 1 the
answer lines run from x 283 to 575 at y 710, 688, 666, …; on page 2 the spouse
row is a table between y 710 and 728 with columns at x 49/132/224/253/283/375/440.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from corpus_paths import (
    corpus_file,
    ink,
    pdffonts,
    pdftotext,
    qpdf_check,
    render_gray,
    require_tool,
    write_pdf,
)
from pypdf import PdfReader

from wizard.pdf.addendum import append_pages, render_addendum
from wizard.pdf.overlay import (
    Kind,
    OverlayError,
    OverlayOverflow,
    Placement,
    VAlign,
    defer_overflows,
    find_overflows,
    load_template,
    overlay,
)
from wizard.pdf.rl_text import Align

pytestmark = pytest.mark.corpus

FORM = "aufenthaltstitel_antrag_flat.pdf"
PAGE_H = 841.68

PLACEMENTS = [
    Placement("family", 1, 285, 711, 288, 17, label="Familienname"),
    Placement("birth_name", 1, 285, 689, 288, 17, label="Geburtsname"),
    Placement("given", 1, 285, 667, 288, 17, label="Vornamen"),
    Placement("born_on", 1, 285, 645, 150, 17, kind=Kind.COMB, cells=10, label="Geburtstag"),
    Placement("born_in", 1, 285, 623, 288, 17, label="Geburtsort"),
    Placement("country", 1, 285, 601, 288, 17, label="Geburtsland"),
    Placement("male", 1, 288, 589, 10, 10, kind=Kind.CROSS, label="männlich"),
    Placement("nationality", 1, 285, 507, 154, 17, label="Staatsangehörigkeit – jetzige"),
    Placement("former", 1, 285, 485, 154, 17, label="Staatsangehörigkeit – frühere"),
    Placement("passport", 1, 285, 367, 279, 17, label="Pass Nr."),
    Placement(
        "return_to",
        1,
        285,
        258,
        288,
        40,
        valign=VAlign.TOP,
        label="Rückkehrberechtigung (falls im Pass vermerkt) nach",
    ),
    Placement("spouse_name", 2, 50, 711, 81, 16, label="Ehegatte – Name"),
    Placement("spouse_given", 2, 133, 711, 90, 16, label="Ehegatte – Vornamen"),
    Placement("spouse_female", 2, 254, 711, 28, 16, kind=Kind.CROSS, label="Ehegatte – w"),
    Placement("spouse_birth", 2, 284, 711, 90, 16, label="Ehegatte – Geburtstag und -ort"),
    Placement("spouse_nationality", 2, 376, 711, 63, 16, label="Ehegatte – Staatsangehörigkeit"),
    Placement("spouse_residence", 2, 441, 711, 133, 16, label="Ehegatte – Wohnort"),
]
BY_NAME = {p.name: p for p in PLACEMENTS}

VALUES: dict[str, str | bool | None] = {
    "family": "Müller-Lüdenscheidt",
    "birth_name": "Шевченко",
    "given": "محمد رامي",
    "born_on": "14.03.1991",
    "born_in": "ኣስመራ",
    "country": "Eritrea / ኤርትራ",
    "male": True,
    "nationality": "syrisch",
    "former": "українське",
    "passport": "N 0123456",
    "return_to": (
        "Syrien, laut Vermerk im Reisepass; Wiedereinreise nur über den Flughafen Damaskus"
    ),
    "spouse_name": "Haddad",
    "spouse_given": "Lina",
    "spouse_female": True,
    "spouse_birth": "02.05.1993, Aleppo (Syrien)",
    "spouse_nationality": "syrisch",
    "spouse_residence": None,
}
# Values poppler extracts as typed (Latin and Cyrillic; Arabic and Ge'ez are
# checked through ink and fonts instead).
EXTRACTABLE = [
    "family",
    "birth_name",
    "nationality",
    "former",
    "passport",
    "return_to",
    "spouse_name",
    "spouse_given",
    "spouse_birth",
    "spouse_nationality",
]


@pytest.fixture(scope="module")
def form() -> Path:
    return corpus_file(FORM)


@pytest.fixture(scope="module")
def filled(form: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pdf(tmp_path_factory.mktemp("overlay"), overlay(form, PLACEMENTS, VALUES))


def words(path: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, x0, y0, x1, y1) with y measured from the bottom, as placements are."""
    require_tool("pdftotext")
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = []
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    for x0, top, x1, bottom, text in re.findall(pattern, out):
        found.append(
            (html.unescape(text), float(x0), PAGE_H - float(bottom), float(x1), PAGE_H - float(top))
        )
    return found


def words_in(path: Path, placement: Placement) -> list[tuple[str, float, float, float, float]]:
    """Words whose centre lies in the placement's box."""
    inside = []
    for word in words(path, placement.page):
        _, x0, y0, x1, y1 = word
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if (
            placement.x <= cx <= placement.x + placement.width
            and placement.y <= cy <= placement.y + placement.height
        ):
            inside.append(word)
    return inside


def test_latin_and_cyrillic_values_are_found_in_their_declared_boxes(filled: Path) -> None:
    for name in EXTRACTABLE:
        placement = BY_NAME[name]
        found = words_in(filled, placement)
        assert [w[0] for w in found] == str(VALUES[name]).split(), name
        for _, x0, y0, x1, y1 in found:
            # Horizontally strictly inside; vertically poppler's word box is the
            # font's full ascent/descent, which may exceed the ink slightly.
            assert placement.x <= x0 and x1 <= placement.x + placement.width, name
            assert placement.y - 2 <= y0 and y1 <= placement.y + placement.height + 2, name


def test_text_cropped_to_a_box_is_exactly_its_value(filled: Path) -> None:
    placement = BY_NAME["birth_name"]
    crop = (placement.x, placement.y, placement.width, placement.height)
    assert pdftotext(filled, page=1, crop=crop, page_height=PAGE_H).split() == ["Шевченко"]


def test_ink_appears_in_every_box_and_nowhere_else(form: Path, filled: Path) -> None:
    dpi = 100
    scale = dpi / 72
    for page in (1, 2):
        before = render_gray(form, page, dpi)
        after = render_gray(filled, page, dpi)
        boxes = [p for p in PLACEMENTS if p.page == page]
        for placement in boxes:
            box = (placement.x, placement.y, placement.width, placement.height)
            drawn = ink(after, box, dpi) - ink(before, box, dpi)
            if VALUES[placement.name]:
                assert drawn > 10, f"no ink in {placement.name}"
            else:
                assert drawn == 0, f"ink in empty {placement.name}"
        # Every pixel the overlay darkened lies in a declared box (1 pt slack
        # for anti-aliasing).
        a, b = before.load(), after.load()
        for y in range(after.height):
            for x in range(after.width):
                if b[x, y] < a[x, y] - 80:
                    px, py = x / scale, PAGE_H - y / scale
                    assert any(
                        p.x - 1 <= px <= p.x + p.width + 1 and p.y - 1 <= py <= p.y + p.height + 1
                        for p in boxes
                    ), f"ink outside every box at ({px:.0f}, {py:.0f}) on page {page}"


def test_arabic_is_embedded_shaped_and_right_aligned(filled: Path) -> None:
    page = PdfReader(filled).pages[0]
    base_fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("NotoNaskhArabic" in name for name in base_fonts)
    assert any("NotoSansEthiopic" in name for name in base_fonts)
    image = render_gray(filled, 1, 100)
    box = BY_NAME["given"]
    half = box.width / 2
    left = ink(image, (box.x, box.y, half, box.height), 100)
    right = ink(image, (box.x + half, box.y, half, box.height), 100)
    assert right > 50 and left == 0, "Arabic text starts at the right edge of its box"


def test_mixed_script_value_uses_both_fonts_in_one_box(filled: Path) -> None:
    box = BY_NAME["country"]
    found = [w[0] for w in words_in(filled, box)]
    assert found[:2] == ["Eritrea", "/"], found
    assert "ኤርትራ" in found


def test_comb_puts_one_character_centred_in_each_cell(filled: Path) -> None:
    box = BY_NAME["born_on"]
    cell = box.width / 10
    found = sorted(words_in(filled, box), key=lambda w: w[1])
    assert "".join(w[0] for w in found) == "14.03.1991"
    for index, (char, x0, _, x1, _) in enumerate(found):
        assert len(char) == 1
        centre = box.x + (index + 0.5) * cell
        assert abs((x0 + x1) / 2 - centre) < 1.0, (char, index)


def test_cross_is_drawn_corner_to_corner(form: Path, filled: Path) -> None:
    box = BY_NAME["male"]
    image = render_gray(filled, 1, 144)
    scale = 2
    pixels = image.load()
    centre = ((box.x + box.width / 2) * scale, (PAGE_H - box.y - box.height / 2) * scale)
    assert pixels[int(centre[0]), int(centre[1])] < 128
    blank = render_gray(form, 1, 144)
    assert (
        ink(image, (box.x, box.y, box.width, box.height), 144)
        > ink(blank, (box.x, box.y, box.width, box.height), 144) + 20
    )


def test_long_text_shrinks_to_fit_a_one_line_box(filled: Path) -> None:
    normal = words_in(filled, BY_NAME["spouse_name"])[0]
    shrunk = words_in(filled, BY_NAME["spouse_birth"])[0]
    height = lambda w: w[4] - w[2]  # noqa: E731
    assert height(shrunk) < height(normal) * 0.9
    assert height(shrunk) >= height(normal) * 0.6 - 0.01  # not below the 6 pt minimum


def test_tall_box_wraps_onto_several_lines_at_full_size(filled: Path) -> None:
    found = words_in(filled, BY_NAME["return_to"])
    baselines = sorted({round(w[2], 1) for w in found}, reverse=True)
    assert len(baselines) >= 2
    first = [w for w in found if round(w[2], 1) == baselines[0]]
    assert first[0][0] == "Syrien,", "the text starts on the top line"
    normal = words_in(filled, BY_NAME["family"])[0]
    assert abs((found[0][4] - found[0][2]) - (normal[4] - normal[2])) < 0.01, "no shrinking"


def test_output_passes_qpdf_and_embeds_only_our_new_fonts(filled: Path, form: Path) -> None:
    qpdf_check(filled)
    original = {f["name"] for f in pdffonts(form)}
    added = [f for f in pdffonts(filled) if f["name"] not in original]
    assert {f["name"].split("+")[-1] for f in added} == {
        "NotoSans-Regular",
        "NotoNaskhArabic-Regular",
        "NotoSansEthiopic-Regular",
    }
    assert all(f["embedded"] == "yes" for f in added)
    assert len(PdfReader(filled).pages) == 4


def test_cached_template_is_never_mutated(form: Path, tmp_path: Path) -> None:
    template = load_template(form)
    assert load_template(form) is template, "parsed once per path and mtime"
    page = template.reader.pages[0]
    content = page.get_contents().get_data()
    resources = sorted(page["/Resources"]["/Font"].keys())

    first = overlay(form, PLACEMENTS, {"family": "Erstwert"})
    second = overlay(form, PLACEMENTS, {"family": "Zweitwert"})

    assert page.get_contents().get_data() == content
    assert sorted(page["/Resources"]["/Font"].keys()) == resources
    assert load_template(form) is template
    second_text = pdftotext(write_pdf(tmp_path, second), page=1)
    assert "Zweitwert" in second_text and "Erstwert" not in second_text
    assert "Erstwert" in pdftotext(write_pdf(tmp_path, first, "first.pdf"), page=1)


def test_cache_notices_a_changed_file(form: Path, tmp_path: Path) -> None:
    copy = tmp_path / "form.pdf"
    shutil.copyfile(form, copy)
    before = load_template(copy)
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_template(copy) is not before


def test_uncovered_character_names_the_placement_before_writing(form: Path) -> None:
    values = {"family": "Müller", "given": "王小明"}
    with pytest.raises(OverlayError) as error:
        overlay(form, PLACEMENTS, values)
    message = str(error.value)
    assert "'given'" in message and "Vornamen" in message and "page 1" in message
    assert "U+738B" in message
    assert "'family'" not in message


def test_overflow_is_signalled_for_every_box_and_can_go_to_an_addendum(
    form: Path, tmp_path: Path
) -> None:
    long_residence = (
        "Haddad-Al-Masri-Khouri, Lina Fatima Mariam, wohnhaft bei ihren Eltern in Damaskus"
    )
    values = {**VALUES, "spouse_residence": long_residence, "born_on": "14. März 1991"}
    with pytest.raises(OverlayOverflow) as error:
        overlay(form, PLACEMENTS, values)
    overflows = error.value.overflows
    assert {o.name for o in overflows} == {"spouse_residence", "born_on"}
    assert find_overflows(PLACEMENTS, values) == list(overflows)
    residence = next(o for o in overflows if o.name == "spouse_residence")
    assert residence.addendum_entry == ("Ehegatte – Wohnort", long_residence)
    assert residence.page == 2

    deferred = defer_overflows(values, [residence])
    deferred["born_on"] = "14.03.1991"
    pdf = overlay(form, PLACEMENTS, deferred)
    addendum = render_addendum(
        "Antrag auf Erteilung eines Aufenthaltstitels", [residence.addendum_entry]
    )
    path = write_pdf(tmp_path, append_pages(pdf, addendum))
    box = BY_NAME["spouse_residence"]
    in_box = " ".join(w[0] for w in words_in(path, box))
    assert in_box == "siehe Anlage"
    assert len(PdfReader(path).pages) == 5
    last = " ".join(pdftotext(path, page=5).split())
    assert "Ehegatte – Wohnort" in last and long_residence in last
    qpdf_check(path)


def test_comb_with_more_characters_than_cells_overflows() -> None:
    assert [o.name for o in find_overflows(PLACEMENTS, {"born_on": "14.03.19910"})] == ["born_on"]


def test_bad_values_and_placements_are_refused(form: Path) -> None:
    with pytest.raises(OverlayError, match="without a placement: 'nickname'"):
        overlay(form, PLACEMENTS, {"nickname": "Rami"})
    with pytest.raises(OverlayError, match="True or False"):
        overlay(form, PLACEMENTS, {"male": "ja"})
    with pytest.raises(OverlayError, match="text expected"):
        overlay(form, PLACEMENTS, {"family": True})
    far = Placement("annex", 9, 50, 50, 100, 20)
    with pytest.raises(OverlayError, match="only 4 page"):
        overlay(form, [far], {"annex": "x"})
    with pytest.raises(OverlayError, match="two placements"):
        overlay(form, [far, far], {})
    with pytest.raises(ValueError, match="cells is required"):
        Placement("zip", 1, 0, 0, 50, 15, kind=Kind.COMB)
    with pytest.raises(ValueError, match="min_font_size"):
        Placement("x", 1, 0, 0, 50, 15, font_size=6, min_font_size=8)


def test_explicit_alignment_wins_over_direction(form: Path, tmp_path: Path) -> None:
    box = Placement("family", 1, 285, 711, 288, 17, align=Align.RIGHT)
    path = write_pdf(tmp_path, overlay(form, [box], {"family": "Haddad"}))
    (word,) = words_in(path, box)
    assert box.x + box.width - 3 < word[3] <= box.x + box.width
