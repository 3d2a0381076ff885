"""The font subsets we embed are valid TrueType programs that keep exactly the
glyphs a fill uses, and Arabic-script text is joined by the font's own rules."""

from __future__ import annotations

import io
import zlib

from fontTools.ttLib import TTFont

from wizard.pdf import arabic, embedding, fonts, layout


def _gids(prog: embedding.FontProgram, text: str) -> set[int]:
    return {prog.glyph_for[ord(c)] for c in text}


def test_subset_keeps_used_outlines_and_empties_the_rest() -> None:
    prog = embedding.program("latin")
    used = _gids(prog, "Müller Иванов Łódź ǺÅ")
    data = prog.subset(used)
    subset = TTFont(io.BytesIO(data), checkChecksums=2)  # raises on a bad checksum
    original = TTFont(str(fonts.FACE_BY_KEY["latin"].regular))
    assert subset["maxp"].numGlyphs == original["maxp"].numGlyphs  # glyph IDs unchanged
    order = original.getGlyphOrder()
    sub_glyf, orig_glyf = subset["glyf"], original["glyf"]
    sub_order = subset.getGlyphOrder()
    kept = prog.closure(used)
    assert used < kept  # composite glyphs pulled in their components
    for gid in range(len(order)):
        mine = sub_glyf[sub_order[gid]]
        if gid in kept:
            assert mine.compile(sub_glyf) == orig_glyf[order[gid]].compile(orig_glyf), gid
        else:
            assert mine.numberOfContours == 0, gid
    assert len(data) < len(fonts.FACE_BY_KEY["latin"].regular.read_bytes()) / 10


def test_font_objects_map_glyphs_back_to_text() -> None:
    prog = embedding.program("arabic")
    use = embedding.FontUse(prog, "FArabic", 10)
    line = layout.Typesetter().line("لا سلام", rtl=True)
    for run in line.runs:
        for gid, text in zip(run.gids, run.texts, strict=True):
            use.use(gid, text)
    objects = dict(embedding.font_objects(use))
    assert sorted(objects) == [10, 11, 12, 13, 14]
    assert b"/Identity-H" in objects[10] and b"/ToUnicode 14 0 R" in objects[10]
    assert b"/CIDToGIDMap /Identity" in objects[11]
    stored = objects[14].split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    cmap = zlib.decompress(stored)
    # the lam-alef ligature maps back to the two letters, in logical order
    assert "لا".encode("utf-16-be").hex().upper().encode() in cmap


def _forms(text: str) -> list[str]:
    """'i', 'm', 'f' or '-' for each glyph of ``text`` shaped in logical order."""
    prog = embedding.program("arabic")
    tables = arabic.tables(prog)
    out = []
    for gid, _source in arabic.shape_logical(text, prog):
        if gid in tables.init.values():
            out.append("i")
        elif gid in tables.medi.values():
            out.append("m")
        elif gid in tables.fina.values():
            out.append("f")
        else:
            out.append("-")
    return out


def test_pashto_letters_without_presentation_forms_join() -> None:
    # پښتو: peh (initial), ssheen (medial), teh (medial), waw (final)
    assert _forms("پښتو") == ["i", "m", "m", "f"]
    # ګډون: gaf (initial), ddal (final; it never joins to the left), waw and noon alone
    assert _forms("ګډون") == ["i", "f", "-", "-"]
    # ټولنه: tteh (initial), waw (final), lam (initial), noon (medial), heh (final)
    assert _forms("ټولنه") == ["i", "f", "i", "m", "f"]


def test_arabic_and_persian_words_keep_their_forms() -> None:
    assert _forms("محمد") == ["i", "m", "m", "f"]
    assert _forms("رضا") == ["-", "i", "f"]
    assert _forms("ی") == ["-"]


def test_visual_order_round_trip_for_mixed_text() -> None:
    line = layout.Typesetter().line("Herr محمد 12", rtl=False)
    faces = [run.face for run in line.runs]
    assert faces[0] == "latin" and "arabic" in faces
    arabic_text = "".join(t for run in line.runs if run.face == "arabic" for t in run.texts)
    assert arabic_text.strip() == "دمحم"  # visual order: reversed logical letters
