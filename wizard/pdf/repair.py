"""Templates whose cross-reference data is damaged: detect once, rebuild once.

An incremental update chains to the template's own cross-reference section
(/Prev), so that section must be right. pypdf quietly repairs broken offsets
and misnumbered tables in memory, which would hide the damage from us and
leave viewers and qpdf to reconstruct the file. So a template is checked
against its bytes when it is loaded; a damaged one is rewritten once (same
object numbers, one clean xref table, names byte-exact) and that rewrite is
what fills are appended to.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from wizard.pdf import incremental, names


def healthy(data: bytes) -> bool:
    """True when the file's own cross-reference data can carry an update."""
    startxref = incremental.find_startxref(data)
    if startxref is None or incremental.xref_is_stream(data, startxref) is None:
        return False
    checker: Callable[..., int] | None = getattr(PdfReader, "_get_xref_issues", None)
    if checker is not None and checker(io.BytesIO(data), startxref) != 0:
        return False
    return incremental.classic_tables_match(data, startxref)


def rebuild(reader: PdfReader, data: bytes) -> bytes:
    """The whole file rewritten with a clean xref table and the same object numbers."""
    objects = [(num, gen) for gen, table in sorted(reader.xref.items()) for num in sorted(table)]
    objects += [(num, 0) for num in sorted(reader.xref_objStm)]
    table = names.NameTable({}, {})
    rows = []
    for num, gen in objects:
        ref = IndirectObject(num, gen, reader)
        obj = reader.get_object(ref)
        if obj is None or (
            isinstance(obj, StreamObject) and obj.get("/Type") in ("/XRef", "/ObjStm")
        ):
            continue
        names.collect(table, reader, data, ref, obj)  # keep Latin-1 names byte-exact
        rows.append((num, gen, obj))
    return incremental.rewrite(rows, reader.trailer, incremental.Serializer(table.raw))
