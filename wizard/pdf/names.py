"""PDF names, byte-exact: what the template spelled, and what it means.

pypdf decodes a name's bytes with the first charset that does not fail
(UTF-8, then GBK, then Latin-1), so the Latin-1 name ``/Erh#F6hungsantrag``
of an official form's radio button becomes ``/Erh鰄ungsantrag``, and pypdf
would write it back as different (UTF-8) bytes. The appearance dictionary
keys we do not rewrite keep the original bytes, so ``/AS`` and ``/V`` must
use them too, or the button shows nothing. This module reads the raw bytes
of the objects that hold non-ASCII names and records, per pypdf spelling,
the original token (to write) and the intended text (UTF-8 if valid, else
Windows-1252, to show and to match user input such as "Erhöhungsantrag").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.generic import IndirectObject, NameObject

from wizard.pdf import incremental

_NAME_TOKEN = re.compile(rb"/[^\s/\[\]<>(){}%]*")


@dataclass(frozen=True)
class NameTable:
    """Non-ASCII names of one template, keyed by pypdf's spelling."""

    raw: dict[str, bytes]  # key -> PDF token to write (only where pypdf would differ)
    text: dict[str, str]  # key -> intended text

    def display(self, key: str) -> str:
        return self.text.get(key, key[1:] if key.startswith("/") else key)


def pypdf_spelling(raw: bytes) -> str:
    """How pypdf decodes the (unescaped) name bytes ``raw``."""
    for charset in NameObject.CHARSETS:
        try:
            return raw.decode(charset)
        except UnicodeDecodeError:
            continue
    return raw.decode("charmap")


def intended_text(raw: bytes) -> str:
    """The text a producer most likely meant: UTF-8 if valid, else Windows-1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def raw_object(reader: PdfReader, data: bytes, ref: IndirectObject) -> bytes:
    """The undecoded bytes of object ``ref``, from the file or its object stream."""
    located = reader.xref_objStm.get(ref.idnum)
    if located is not None:
        stream = reader.get_object(located[0])
        body = stream.get_data()
        first = int(stream["/First"])
        header = body[:first].split()
        pairs = [(int(header[i]), int(header[i + 1])) for i in range(0, len(header) - 1, 2)]
        for index, (num, offset) in enumerate(pairs):
            if num == ref.idnum:
                end = pairs[index + 1][1] if index + 1 < len(pairs) else len(body) - first
                return body[first + offset : first + end]
        return b""
    offset = reader.xref.get(ref.generation, {}).get(ref.idnum)
    if offset is None:
        return b""
    end = data.find(b"endobj", offset)
    return data[offset : end if end > 0 else len(data)]


def has_foreign_name(obj: Any, depth: int = 0) -> bool:
    """True when a direct part of ``obj`` holds a non-ASCII name."""
    if isinstance(obj, NameObject):
        return not obj.isascii()
    if depth > 6:
        return False
    if isinstance(obj, dict):
        return any(
            has_foreign_name(k, depth + 1) or has_foreign_name(v, depth + 1)
            for k, v in dict.items(obj)
        )
    if isinstance(obj, list):
        return any(has_foreign_name(v, depth + 1) for v in obj)
    return False


def collect(
    table: NameTable, reader: PdfReader, data: bytes, ref: IndirectObject, obj: Any
) -> None:
    """Record the non-ASCII names of object ``ref`` (whose parsed form is ``obj``)."""
    if not has_foreign_name(obj):
        return
    for token in _NAME_TOKEN.findall(raw_object(reader, data, ref)):
        raw = NameObject.unnumber(token)[1:]
        if raw.isascii():
            continue
        key = "/" + pypdf_spelling(raw)
        table.text.setdefault(key, intended_text(raw))
        if ("/" + raw.decode("utf-8", "replace")) != key:  # pypdf would re-encode it
            table.raw.setdefault(key, incremental.name_bytes(raw))
