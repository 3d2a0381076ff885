"""Arabic-script joining from the embedded font's own GSUB tables.

``shaping.to_visual`` (arabic-reshaper + python-bidi) gives the visual order
and presentation-form code points. But Unicode has presentation forms only
for some letters: Pashto ښ ټ ډ ړ ږ ګ ڼ ې ۍ, and many Urdu and Sindhi
letters, have none, so the reshaper leaves them isolated *and* treats them as
non-joining, breaking the word around them ("پښتو" comes out as three
pieces). So after ``to_visual`` every run of Arabic-script letters is
reversed back to logical order, presentation forms are decomposed (NFKC),
and the joining forms are chosen again from the font itself: a letter whose
glyph has an ``init``/``medi`` substitution is dual-joining, one with only
``fina`` is right-joining (the font knows every letter it draws). The
required ligatures (``rlig``, lam-alef) follow, and the glyphs are reversed
into visual order again. No GPOS: marks keep the font's default placement.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

from fontTools.ttLib import TTFont

from wizard.pdf import fonts
from wizard.pdf.embedding import FontProgram

ZWJ, ZWNJ, TATWEEL = "\u200d", "\u200c", "\u0640"
_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


@dataclass(frozen=True)
class JoiningTables:
    """Positional substitutions and required ligatures of one Arabic face."""

    init: dict[int, int]
    medi: dict[int, int]
    fina: dict[int, int]
    ligatures: dict[int, tuple[tuple[tuple[int, ...], int], ...]]  # first -> (rest, ligature)


_tables: dict[tuple[str, bool], JoiningTables] = {}
_lock = threading.Lock()


def _lookups(gsub: object, feature: str) -> list[object]:
    table = gsub.table  # type: ignore[attr-defined]
    out = []
    for record in table.FeatureList.FeatureRecord:
        if record.FeatureTag == feature:
            out += [table.LookupList.Lookup[i] for i in record.Feature.LookupListIndex]
    return out


def _subtables(lookup: object) -> list[tuple[int, object]]:
    result = []
    for sub in lookup.SubTable:  # type: ignore[attr-defined]
        if lookup.LookupType == 7:  # type: ignore[attr-defined]
            result.append((sub.ExtSubTable.LookupType, sub.ExtSubTable))
        else:
            result.append((lookup.LookupType, sub))  # type: ignore[attr-defined]
    return result


def _load(prog: FontProgram) -> JoiningTables:
    face = fonts.FACE_BY_KEY[prog.key]
    font = TTFont(str(face.bold if prog.bold else face.regular))
    try:
        gid = {name: index for index, name in enumerate(font.getGlyphOrder())}
        gsub = font.get("GSUB")
        singles: dict[str, dict[int, int]] = {"init": {}, "medi": {}, "fina": {}}
        ligatures: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        if gsub is not None:
            for feature, mapping in singles.items():
                for lookup in _lookups(gsub, feature):
                    for kind, sub in _subtables(lookup):
                        if kind == 1:
                            for source, target in sub.mapping.items():
                                mapping.setdefault(gid[source], gid[target])
            for lookup in _lookups(gsub, "rlig"):
                for kind, sub in _subtables(lookup):
                    if kind != 4:
                        continue
                    for first, ligs in sub.ligatures.items():
                        for lig in ligs:
                            rest = tuple(gid[c] for c in lig.Component)
                            ligatures.setdefault(gid[first], []).append((rest, gid[lig.LigGlyph]))
        return JoiningTables(
            init=singles["init"],
            medi=singles["medi"],
            fina=singles["fina"],
            ligatures={k: tuple(sorted(v, key=lambda r: -len(r[0]))) for k, v in ligatures.items()},
        )
    finally:
        font.close()


def tables(prog: FontProgram) -> JoiningTables:
    key = (prog.key, prog.bold)
    found = _tables.get(key)
    if found is None:
        with _lock:
            found = _tables.get(key)
            if found is None:
                found = _tables[key] = _load(prog)
    return found


def is_arabic(char: str) -> bool:
    """True for characters that take part in Arabic joining."""
    if char in (ZWJ, ZWNJ):
        return True
    bidi = unicodedata.bidirectional(char)
    if bidi == "AL":
        return True
    code = ord(char)
    return bidi == "NSM" and any(lo <= code <= hi for lo, hi in _ARABIC_BLOCKS)


def _joining(char: str, prog: FontProgram, tab: JoiningTables) -> str:
    """Joining type: D(ual), R(ight), C(ausing), T(ransparent) or U(n-joining)."""
    if char in (ZWJ, TATWEEL):
        return "C"
    if char == ZWNJ:
        return "U"
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return "T"
    gid = prog.glyph_for.get(ord(char))
    if gid is None:
        return "U"
    if gid in tab.init or gid in tab.medi:
        return "D"
    return "R" if gid in tab.fina else "U"


def shape_logical(text: str, prog: FontProgram) -> list[tuple[int, str]]:
    """Glyphs (glyph ID, source text) for Arabic ``text`` in logical order."""
    tab = tables(prog)
    types = [_joining(c, prog, tab) for c in text]
    solid = [i for i, t in enumerate(types) if t != "T"]
    glyphs: list[tuple[int, str]] = []
    for position, index in enumerate(solid):
        char, kind = text[index], types[index]
        before = types[solid[position - 1]] if position > 0 else "U"
        after = types[solid[position + 1]] if position + 1 < len(solid) else "U"
        joins_prev = kind in "DRC" and before in "DC"
        joins_next = kind in "DC" and after in "DRC"
        glyphs.extend(_glyph_for(char, joins_prev, joins_next, prog, tab))
        # transparent marks that follow this letter keep their own glyphs
        end = solid[position + 1] if position + 1 < len(solid) else len(text)
        for mark in text[index + 1 : end]:
            glyphs.extend(_glyph_for(mark, False, False, prog, tab))
    lead = text[: solid[0]] if solid else text
    prefix = [g for mark in lead for g in _glyph_for(mark, False, False, prog, tab)]
    return _ligate(prefix + glyphs, tab)


def _glyph_for(
    char: str, joins_prev: bool, joins_next: bool, prog: FontProgram, tab: JoiningTables
) -> list[tuple[int, str]]:
    if not fonts.needs_glyph(char):
        return []
    gid = prog.glyph_for.get(ord(char))
    if gid is None:
        return [(-1, char)]
    if joins_prev and joins_next:
        gid = tab.medi.get(gid, gid)
    elif joins_prev:
        gid = tab.fina.get(gid, gid)
    elif joins_next:
        gid = tab.init.get(gid, gid)
    return [(gid, char)]


def _ligate(glyphs: list[tuple[int, str]], tab: JoiningTables) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(glyphs):
        gid, text = glyphs[index]
        for rest, ligature in tab.ligatures.get(gid, ()):
            following = tuple(g for g, _t in glyphs[index + 1 : index + 1 + len(rest)])
            if following == rest:
                joined = text + "".join(t for _g, t in glyphs[index + 1 : index + 1 + len(rest)])
                out.append((ligature, joined))
                index += 1 + len(rest)
                break
        else:
            out.append((gid, text))
            index += 1
    return out


def shape_visual(chunk: str, prog: FontProgram) -> list[tuple[int, str]]:
    """Re-join the Arabic letters of a visual-order ``chunk`` from ``to_visual``.

    Returns (glyph ID, source text) in visual order; glyph ID -1 marks a
    character this face has no glyph for (the caller picks another face).
    """
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(chunk):
        if not is_arabic(chunk[index]):
            char = chunk[index]
            if fonts.needs_glyph(char):
                out.append((prog.glyph_for.get(ord(char), -1), char))
            index += 1
            continue
        end = index
        while end < len(chunk) and is_arabic(chunk[end]):
            end += 1
        logical = "".join(
            unicodedata.normalize("NFKC", c) if 0xFB50 <= ord(c) <= 0xFEFF else c
            for c in reversed(chunk[index:end])
        )
        out.extend(reversed(shape_logical(logical, prog)))
        index = end
    return out
