"""Embed subsets of the shipped Noto fonts as Type0/CIDFontType2 fonts.

Why not ``fontTools.subset`` at fill time: it re-parses the font and takes
15-20 ms per face and call, which alone would blow the fill budget (the whole
139-field form must fill in well under 25 ms). Instead each face is parsed
once per process with fontTools, and a fill assembles a *glyph-ID-preserving*
subset (what ``fontTools.subset`` calls ``retain_gids``) straight from the raw
``glyf`` bytes: used glyphs (plus the components of composite glyphs) keep
their outlines, every other slot is empty. Because glyph IDs do not change,
the content streams can use the original glyph IDs as CIDs with
``/CIDToGIDMap /Identity``; the empty ``loca``/``hmtx`` slots compress to
almost nothing. The tables written are exactly those ISO 32000 requires for a
TrueType program in a CIDFont (head, hhea, loca, maxp, cvt, prep, glyf, hmtx,
fpgm) plus OS/2, name and a glyph-name-free post table.

Each embedded font carries a ``/ToUnicode`` CMap, so ``pdftotext`` and
search recover the text; Arabic presentation forms are mapped back to their
base letters (NFKC) so that extracted text is searchable.
"""

from __future__ import annotations

import hashlib
import struct
import threading
import unicodedata
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

from fontTools.ttLib import TTFont

from wizard.pdf import fonts

# Tables copied verbatim (besides the ones rebuilt below). Hinting tables stay:
# the glyph programs reference fpgm functions and FreeType refuses to load a
# glyph whose instructions call a missing function.
_COPIED_TABLES = ("OS/2", "cvt ", "fpgm", "maxp", "name", "prep")
# Composite glyph flags (OpenType glyf spec).
_ARG_WORDS, _HAVE_SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x1, 0x8, 0x20, 0x40, 0x80
# What defines a face's line band (how far text reaches above and below the
# baseline), so that sizing never clips it. Latin: the accented capitals and
# descenders of the languages we serve (not Vietnamese stacked accents, which
# would shrink every field). Arabic script and Ge'ez: every letter and digit.
_BAND_SAMPLES = {"latin": ("ÄÅÉÖÜЙЁŁŻ", "gjpqyЩДфįę")}
_BAND_RANGES = {
    "arabic": ((0x0620, 0x06FF), (0xFB50, 0xFBFF), (0xFE70, 0xFEFC)),
    "ethiopic": ((0x1200, 0x137F), (0x1380, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F)),
}


@dataclass(frozen=True)
class FontProgram:
    """One TrueType face, parsed once; read-only and shared by all threads."""

    key: str
    ps_name: str
    units_per_em: int
    glyph_for: dict[int, int]  # code point -> glyph ID
    advances: array  # glyph ID -> advance width (font units)
    lsbs: array
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    band: tuple[float, float]  # (top, bottom) of the line box in em
    italic_angle: float
    bold: bool
    tables: dict[str, bytes]
    glyf: bytes
    loca: array
    _components: dict[int, tuple[int, ...]] = field(default_factory=dict, compare=False)

    @property
    def num_glyphs(self) -> int:
        return len(self.advances)

    def width(self, gid: int) -> float:
        """Advance of ``gid`` in em (glyph space / units per em)."""
        return self.advances[gid] / self.units_per_em

    def glyph_bytes(self, gid: int) -> bytes:
        return self.glyf[self.loca[gid] : self.loca[gid + 1]]

    def components(self, gid: int) -> tuple[int, ...]:
        """Glyph IDs a composite glyph is built from (empty for simple glyphs)."""
        cached = self._components.get(gid)
        if cached is not None:
            return cached
        data = self.glyph_bytes(gid)
        found: list[int] = []
        if len(data) >= 10 and struct.unpack_from(">h", data, 0)[0] < 0:
            pos = 10
            while pos + 4 <= len(data):
                flags, comp = struct.unpack_from(">HH", data, pos)
                found.append(comp)
                pos += 4 + (4 if flags & _ARG_WORDS else 2)
                if flags & _HAVE_SCALE:
                    pos += 2
                elif flags & _XY_SCALE:
                    pos += 4
                elif flags & _TWO_BY_TWO:
                    pos += 8
                if not flags & _MORE:
                    break
        result = tuple(found)
        self._components[gid] = result
        return result

    def closure(self, gids: Iterable[int]) -> set[int]:
        """``gids`` plus .notdef plus every component they need, recursively."""
        keep = {0}
        todo = [g for g in gids if 0 <= g < self.num_glyphs]
        while todo:
            gid = todo.pop()
            if gid in keep:
                continue
            keep.add(gid)
            todo.extend(c for c in self.components(gid) if c not in keep)
        return keep

    def subset(self, gids: Iterable[int]) -> bytes:
        """A TrueType program keeping only ``gids`` (glyph IDs unchanged)."""
        keep = sorted(self.closure(gids))
        count = self.num_glyphs
        glyf = bytearray()
        loca = array("I", bytes(4 * (count + 1)))
        hmtx = array("H", bytes(4 * count))
        previous = -1
        for gid in keep:
            if gid - previous > 1:
                loca[previous + 1 : gid] = array("I", [len(glyf)]) * (gid - previous - 1)
            loca[gid] = len(glyf)
            glyf += self.glyph_bytes(gid)
            glyf += b"\0" * (-len(glyf) % 4)
            hmtx[2 * gid] = self.advances[gid]
            hmtx[2 * gid + 1] = self.lsbs[gid] & 0xFFFF
            previous = gid
        loca[previous + 1 :] = array("I", [len(glyf)]) * (count - previous)
        loca.byteswap()
        hmtx.byteswap()
        head = bytearray(self.tables["head"])
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, fixed below
        head[50:52] = b"\0\1"  # indexToLocFormat: long offsets
        hhea = bytearray(self.tables["hhea"])
        hhea[34:36] = struct.pack(">H", count)  # numberOfHMetrics
        post = struct.pack(">I", 0x00030000) + self.tables["post"][4:32]
        tables = {tag: self.tables[tag] for tag in _COPIED_TABLES if tag in self.tables}
        tables.update(
            {
                "glyf": bytes(glyf) or b"\0",
                "head": bytes(head),
                "hhea": bytes(hhea),
                "hmtx": hmtx.tobytes(),
                "loca": loca.tobytes(),
                "post": post,
            }
        )
        return _assemble_sfnt(tables)


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    words = array("I", padded)
    if words.itemsize != 4:  # pragma: no cover - exotic platforms
        words = array("L", padded)
    words.byteswap()
    return sum(words) & 0xFFFFFFFF


def _assemble_sfnt(tables: dict[str, bytes]) -> bytes:
    """Pack tables into a TrueType file with correct checksums."""
    tags = sorted(tables)
    count = len(tags)
    entry_selector = count.bit_length() - 1
    search_range = 16 << entry_selector
    header = struct.pack(
        ">IHHHH", 0x00010000, count, search_range, entry_selector, count * 16 - search_range
    )
    offset = 12 + 16 * count
    directory = bytearray()
    body = bytearray()
    head_offset = 0
    for tag in tags:
        data = tables[tag]
        if tag == "head":
            head_offset = offset + len(body)
        directory += struct.pack(
            ">4sIII", tag.encode("latin-1"), _checksum(data), offset + len(body), len(data)
        )
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[head_offset + 8 : head_offset + 12] = struct.pack(">I", adjustment)
    return bytes(font)


def _load(key: str, bold: bool) -> FontProgram:
    face = fonts.FACE_BY_KEY[key]
    path = face.bold if bold else face.regular
    font = TTFont(str(path))
    try:
        order = font.getGlyphOrder()
        gid_of = {name: gid for gid, name in enumerate(order)}
        glyph_for = {code: gid_of[name] for code, name in font.getBestCmap().items()}
        metrics = font["hmtx"].metrics
        advances = array("H", (metrics[name][0] for name in order))
        lsbs = array("h", (metrics[name][1] for name in order))
        head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
        glyf_table = font["glyf"]
        upm = head.unitsPerEm
        top_chars, bottom_chars = _BAND_SAMPLES.get(key, ("H", "p"))
        if key in _BAND_RANGES:
            letters = "".join(
                chr(c)
                for lo, hi in _BAND_RANGES[key]
                for c in range(lo, hi + 1)
                if c in glyph_for and unicodedata.category(chr(c))[0] in "LN"
            )
            top_chars = bottom_chars = letters

        def extent(chars: str, attr: str) -> list[int]:
            values = []
            for char in chars:
                gid = glyph_for.get(ord(char))
                if gid is not None:
                    glyph = glyf_table[order[gid]]
                    values.append(getattr(glyph, attr, 0) or 0)
            return values or [0]

        band = (max(extent(top_chars, "yMax")) / upm, min(extent(bottom_chars, "yMin")) / upm)
        tables = {tag: font.reader[tag] for tag in font.reader.tables}
        loca = array("I", font["loca"].locations)
        ps_name = font["name"].getDebugName(6) or path.stem
        return FontProgram(
            key=key,
            ps_name=ps_name.replace(" ", ""),
            units_per_em=upm,
            glyph_for=glyph_for,
            advances=advances,
            lsbs=lsbs,
            bbox=(head.xMin, head.yMin, head.xMax, head.yMax),
            ascent=hhea.ascent,
            descent=hhea.descent,
            cap_height=getattr(os2, "sCapHeight", 0) or int(0.7 * upm),
            band=band,
            italic_angle=float(font["post"].italicAngle),
            bold=bold,
            tables=tables,
            glyf=font.reader["glyf"],
            loca=loca,
        )
    finally:
        font.close()


_programs: dict[tuple[str, bool], FontProgram] = {}
_programs_lock = threading.Lock()


def program(key: str, bold: bool = False) -> FontProgram:
    """The parsed face ``key`` (loaded on first use, then shared)."""
    found = _programs.get((key, bold))
    if found is None:
        with _programs_lock:
            found = _programs.get((key, bold))
            if found is None:
                found = _load(key, bold)
                _programs[(key, bold)] = found
    return found


@dataclass
class FontUse:
    """Glyphs one fill draws with one face, and the text each glyph stands for."""

    program: FontProgram
    resource_name: str
    first_object: int  # five consecutive object numbers are reserved
    text_of: dict[int, str] = field(default_factory=dict)

    @property
    def reference(self) -> bytes:
        return b"%d 0 R" % self.first_object

    def use(self, gid: int, text: str) -> None:
        if gid not in self.text_of:
            self.text_of[gid] = text


OBJECTS_PER_FONT = 5


def _tag(gids: Iterable[int], salt: str) -> str:
    digest = hashlib.sha256(salt.encode() + b"".join(b"%d," % g for g in sorted(gids))).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


def _widths(prog: FontProgram, gids: list[int]) -> bytes:
    scale = 1000 / prog.units_per_em
    parts: list[bytes] = []
    run: list[int] = []
    start = -2
    for gid in gids:
        if gid != start + len(run):
            if run:
                parts.append(b"%d [%s]" % (start, b" ".join(b"%d" % w for w in run)))
            start, run = gid, []
        run.append(round(prog.advances[gid] * scale))
    if run:
        parts.append(b"%d [%s]" % (start, b" ".join(b"%d" % w for w in run)))
    return b"[" + b" ".join(parts) + b"]"


def _utf16_hex(text: str) -> bytes:
    return text.encode("utf-16-be").hex().upper().encode()


def _to_unicode(text_of: dict[int, str]) -> bytes:
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <FFFF>",
        b"endcodespacerange",
    ]
    items = sorted(text_of.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        for gid, text in chunk:
            # Presentation forms (Arabic contextual letters, ligatures) are
            # mapped to their base letters so the text can be searched.
            logical = unicodedata.normalize("NFKC", text) or text
            lines.append(b"<%04X> <%s>" % (gid, _utf16_hex(logical)))
        lines.append(b"endbfchar")
    lines += [
        b"endcmap",
        b"CMapName currentdict /CMap defineresource pop",
        b"end",
        b"end",
    ]
    return b"\n".join(lines)


def _stream(body: bytes, extra: bytes = b"") -> bytes:
    data = zlib.compress(body, 6)
    return b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n%s\nendstream" % (
        len(data),
        extra,
        data,
    )


def font_objects(use: FontUse) -> list[tuple[int, bytes]]:
    """The five PDF objects (number, body) that embed ``use`` as a Type0 font."""
    prog = use.program
    gids = sorted(use.text_of)
    name = f"{_tag(gids, prog.ps_name)}+{prog.ps_name}".encode()
    n = use.first_object
    scale = 1000 / prog.units_per_em
    bbox = b" ".join(b"%d" % round(v * scale) for v in prog.bbox)
    font_file = prog.subset(gids)
    type0 = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H"
        b" /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (name, n + 1, n + 4)
    )
    cid_font = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        b" /FontDescriptor %d 0 R /DW %d /W %s /CIDToGIDMap /Identity >>"
        % (name, n + 2, round(prog.advances[0] * scale), _widths(prog, gids))
    )
    descriptor = (
        b"<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%s]"
        b" /ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV %d"
        b" /FontFile2 %d 0 R >>"
        % (
            name,
            bbox,
            round(prog.italic_angle),
            round(prog.ascent * scale),
            round(prog.descent * scale),
            round(prog.cap_height * scale),
            140 if prog.bold else 80,
            n + 3,
        )
    )
    return [
        (n, type0),
        (n + 1, cid_font),
        (n + 2, descriptor),
        (n + 3, _stream(font_file, b" /Length1 %d" % len(font_file))),
        (n + 4, _stream(_to_unicode(use.text_of))),
    ]
