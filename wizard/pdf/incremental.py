"""PDF object syntax and the incremental update that carries a fill.

A fill changes a few dozen objects of a template that has hundreds. Rewriting
the whole file (what ``PdfWriter(clone_from=...)`` does) costs most of the
time and re-encodes objects we never touched. Instead the original bytes are
kept verbatim and the changed and new objects are appended as an incremental
update (ISO 32000-1, 7.5.6) with its own cross-reference section whose
``/Prev`` points at the template's. Object numbers stay valid, so copied
dictionaries keep their references, and the update uses the same kind of
cross-reference section (table or stream) as the template.

Names are written with the exact bytes the template used: pypdf decodes a name
such as ``/Erh#F6hungsantrag`` (Latin-1 bytes) with a guessed charset and would
re-encode it differently, which breaks the link between a radio button's
``/AS`` and the keys of its appearance dictionary.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pypdf.generic import (
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

_NAME_SAFE = frozenset(range(0x21, 0x7F)) - frozenset(b"#()<>[]{}/%")


def name_bytes(raw: bytes) -> bytes:
    """A PDF name token for the raw name bytes ``raw`` (without the slash)."""
    return b"/" + b"".join(bytes([c]) if c in _NAME_SAFE else b"#%02X" % c for c in raw)


def name(text: str) -> bytes:
    """A PDF name token for ``text`` (UTF-8, as ISO 32000-2 recommends)."""
    return name_bytes(text.encode("utf-8"))


def text_string(text: str) -> bytes:
    """A PDF text string: literal when plain ASCII, else UTF-16BE with BOM."""
    if text.isascii() and text.isprintable():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def number(value: float) -> bytes:
    """A compact PDF number (no exponent, at most 4 decimals)."""
    if value == int(value):
        return b"%d" % int(value)
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return b"0" if text in ("-0", "") else text.encode()


_NAME_TOKENS: dict[str, bytes] = {}  # pypdf name -> token; names are immutable


class Serializer:
    """Turns pypdf objects back into PDF syntax, keeping names byte-exact."""

    def __init__(self, raw_names: Mapping[str, bytes] | None = None) -> None:
        self.raw_names = raw_names or {}

    def pairs(self, obj: Mapping[Any, Any]) -> dict[str, bytes]:
        """Each ``/Key value`` entry of a dictionary, serialised on its own.

        Templates keep these for every dictionary a fill may copy, so that a
        fill only serialises the entries it changed (see :meth:`patched`).
        """
        return {str(k): self.dumps(k) + b" " + self.dumps(v) for k, v in dict.items(obj)}

    def patched(
        self, copy: Mapping[Any, Any], original: Mapping[Any, Any], pairs: Mapping[str, bytes]
    ) -> bytes:
        """``copy`` serialised, reusing ``pairs`` for entries still identical to ``original``."""
        parts = [b"<<"]
        for key, value in dict.items(copy):
            known = pairs.get(key)
            if known is not None and dict.get(original, key) is value:
                parts.append(known)
            else:
                parts.append(self.dumps(key) + b" " + self.dumps(value))
        parts.append(b">>")
        return b" ".join(parts)

    def dumps(self, obj: object) -> bytes:  # noqa: C901 - a type switch
        if isinstance(obj, IndirectObject):
            return b"%d %d R" % (obj.idnum, obj.generation)
        if isinstance(obj, NameObject):
            raw = self.raw_names.get(obj)
            if raw is None:
                raw = _NAME_TOKENS.get(obj)
                if raw is None:
                    raw = obj.renumber()
                    if len(_NAME_TOKENS) < 100_000:
                        _NAME_TOKENS[str(obj)] = raw
            return raw
        if isinstance(obj, TextStringObject):
            data = obj.get_encoded_bytes()
            return b"<" + data.hex().encode() + b">"
        if isinstance(obj, ByteStringObject):
            return b"<" + bytes(obj).hex().encode() + b">"
        if isinstance(obj, BooleanObject):
            return b"true" if obj.value else b"false"
        if isinstance(obj, NullObject) or obj is None:
            return b"null"
        if isinstance(obj, bool):
            return b"true" if obj else b"false"
        if isinstance(obj, StreamObject):
            data = obj._data  # the stored (still encoded) bytes
            head = {k: v for k, v in obj.items() if k != "/Length"}
            return b"%s\nstream\n%s\nendstream" % (
                self._dict(head, extra=b"/Length %d" % len(data)),
                data,
            )
        if isinstance(obj, dict):
            return self._dict(obj)
        if isinstance(obj, list | tuple):
            return b"[" + b" ".join(self.dumps(item) for item in obj) + b"]"
        if isinstance(obj, NumberObject | int):
            return b"%d" % obj
        if isinstance(obj, FloatObject | float):
            return number(float(obj))
        if isinstance(obj, bytes):
            return obj  # already PDF syntax
        if isinstance(obj, str):
            return text_string(obj)
        raise TypeError(f"cannot write {type(obj).__name__} to PDF")

    def _dict(self, obj: Mapping[object, object], extra: bytes = b"") -> bytes:
        parts = [b"<<"]
        for key, value in dict.items(obj) if isinstance(obj, dict) else obj.items():
            parts.append(self.dumps(key) + b" " + self.dumps(value))
        if extra:
            parts.append(extra)
        parts.append(b">>")
        return b" ".join(parts)


@dataclass(frozen=True)
class Trailer:
    """What an update needs to know about the template's last revision."""

    size: int
    root: IndirectObject
    info: IndirectObject | None
    file_id: bytes | None  # first element of /ID
    startxref: int
    xref_stream: bool


def _ranges(numbers: Iterable[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for num in sorted(numbers):
        if out and out[-1][0] + out[-1][1] == num:
            out[-1] = (out[-1][0], out[-1][1] + 1)
        else:
            out.append((num, 1))
    return out


def append_update(
    base: bytes,
    trailer: Trailer,
    objects: Mapping[int, tuple[int, bytes]],
    size: int,
) -> bytes:
    """``base`` plus an update section holding ``objects`` (num -> (gen, body)).

    ``size`` is one more than the highest object number in use, new objects
    included.
    """
    out = bytearray(base)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets: dict[int, tuple[int, int]] = {}
    for num in sorted(objects):
        gen, body = objects[num]
        offsets[num] = (len(out), gen)
        out += b"%d %d obj\n%s\nendobj\n" % (num, gen, body)
    digest = hashlib.md5(out[len(base) :], usedforsecurity=False).hexdigest().encode()
    first_id = trailer.file_id.hex().encode() if trailer.file_id else digest
    common = b"/Root %d %d R" % (trailer.root.idnum, trailer.root.generation)
    if trailer.info is not None:
        common += b" /Info %d %d R" % (trailer.info.idnum, trailer.info.generation)
    common += b" /ID [<%s> <%s>] /Prev %d" % (first_id, digest, trailer.startxref)
    if trailer.xref_stream:
        xref_num = size
        xref_offset = len(out)
        offsets[xref_num] = (xref_offset, 0)
        ranges = _ranges(offsets)
        rows = b"".join(
            struct.pack(">BIH", 1, offsets[num][0], offsets[num][1])
            for start, count in ranges
            for num in range(start, start + count)
        )
        data = zlib.compress(rows)
        index = b" ".join(b"%d %d" % r for r in ranges)
        out += (
            b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%s] %s"
            b" /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
            % (xref_num, size + 1, index, common, len(data), data)
        )
    else:
        xref_offset = len(out)
        # Object 0's free entry first, as Acrobat writes it: a section that starts
        # elsewhere makes some readers (pypdf) suspect a misnumbered table.
        out += b"xref\n0 1\n0000000000 65535 f\r\n"
        for start, count in _ranges(offsets):
            out += b"%d %d\n" % (start, count)
            for num in range(start, start + count):
                out += b"%010d %05d n\r\n" % offsets[num]
        out += b"trailer\n<< /Size %d %s >>\n" % (size, common)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


_OBJ_HEADER = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")


def xref_is_stream(data: bytes, startxref: int) -> bool | None:
    """True/False for an xref stream/table at ``startxref``; None if neither is there."""
    chunk = data[startxref : startxref + 32]
    if chunk.lstrip().startswith(b"xref"):
        return False
    if _OBJ_HEADER.match(chunk):
        return True
    return None


_SUBSECTION = re.compile(rb"\s*(\d+)\s+(\d+)\s*[\r\n]")
_ENTRY = re.compile(rb"(\d{10})\s(\d{5})\s([nf])")


def classic_tables_match(data: bytes, startxref: int) -> bool:
    """True when every in-use entry of the file's xref *tables* points at its object.

    pypdf silently repairs misnumbered or misplaced table entries in memory;
    an update must not chain (/Prev) to such a table, so it is checked here
    against the bytes themselves. Cross-reference streams are not checked.
    """
    offset: int | None = startxref
    visited: set[int] = set()
    while offset is not None and offset not in visited:
        visited.add(offset)
        position = offset
        while position < len(data) and data[position : position + 1] in b" \t\r\n":
            position += 1
        if not data.startswith(b"xref", position):
            return True  # a cross-reference stream
        position += 4
        while (header := _SUBSECTION.match(data, position)) is not None:
            first, count = int(header.group(1)), int(header.group(2))
            position = header.end()
            for index in range(count):
                while data[position : position + 1] in b" \r\n":
                    position += 1
                entry = _ENTRY.match(data, position)
                if entry is None:
                    return False
                position = entry.end()
                if entry.group(3) == b"n":
                    located = _OBJ_HEADER.match(data, int(entry.group(1)))
                    if located is None or int(located.group(1)) != first + index:
                        return False
        trailer = data.find(b"trailer", position)
        end = data.find(b">>", trailer) if trailer >= 0 else -1
        previous = re.search(rb"/Prev\s+(\d+)", data[trailer:end]) if end > 0 else None
        offset = int(previous.group(1)) if previous else None
    return True


def find_startxref(data: bytes) -> int | None:
    """The offset the last ``startxref`` keyword points at."""
    found = re.findall(rb"startxref\s+(\d+)", data[-2048:])
    return int(found[-1]) if found else None


def rewrite(
    objects: Iterable[tuple[int, int, object]],
    trailer: Mapping[str, object],
    serializer: Serializer,
    header: bytes = b"%PDF-1.7",
) -> bytes:
    """A complete file with a classic xref table, keeping every object number.

    Used once per template when its own cross-reference data is broken, so the
    repaired bytes can serve as the base of incremental updates.
    """
    out = bytearray(header + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, tuple[int, int]] = {}
    for num, gen, obj in objects:
        offsets[num] = (len(out), gen)
        out += b"%d %d obj\n%s\nendobj\n" % (num, gen, serializer.dumps(obj))
    size = max(offsets, default=0) + 1
    xref_offset = len(out)
    out += b"xref\n0 1\n0000000000 65535 f\r\n"
    for start, count in _ranges(offsets):
        out += b"%d %d\n" % (start, count)
        for num in range(start, start + count):
            out += b"%010d %05d n\r\n" % offsets[num]
    keep = {k: v for k, v in trailer.items() if k in ("/Root", "/Info", "/ID")}
    body = serializer.dumps(DictionaryObject({NameObject(k): v for k, v in keep.items()}))
    out += b"trailer\n<< /Size %d %s\nstartxref\n%d\n%%%%EOF\n" % (size, body[2:], xref_offset)
    return bytes(out)
