"""Parsed templates, parsed once and shared: the cache behind every fill.

Parsing and cloning an official form is what makes pypdf's plain fill slow
(well over 100 ms for a 4-page form), while the fill itself touches a few
dozen objects. A :class:`Template` is therefore built once per file (keyed by
resolved path, mtime and size, so an edited file is re-read) and then only
read: fills copy the dictionaries they change and append them as an
incremental update to :attr:`Template.data`. Nothing in a template is mutated
after loading, and fills never call back into pypdf's lazy reader, so one
template can serve many threads at once.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError
from pypdf.generic import (
    DictionaryObject,
    IndirectObject,
    StreamObject,
    TextStringObject,
)

from wizard.pdf import fields, incremental, names, repair
from wizard.pdf.errors import TemplateError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageNode:
    ref: IndirectObject
    obj: DictionaryObject
    resources: dict[str, Any]  # resolved (inherited) resources, one level copied
    annots: tuple[Any, ...]
    contents: tuple[IndirectObject, ...]


@dataclass(frozen=True)
class Geometry:
    """An appearance stream's /BBox and /Matrix, needed to flatten it."""

    bbox: tuple[float, float, float, float]
    matrix: tuple[float, float, float, float, float, float]
    portable: bool = True  # draws the same in every viewer (no unembedded symbol font)


@dataclass
class Template:
    """A parsed form; immutable after :func:`load` returns it."""

    source: str
    data: bytes
    encrypted: bool
    trailer: incremental.Trailer
    root_ref: IndirectObject | None
    root: DictionaryObject
    acroform_ref: IndirectObject | None
    acroform: DictionaryObject | None
    pages: list[PageNode]
    fields: dict[str, fields.FieldNode]
    need_appearances: bool = False
    names: names.NameTable = field(default_factory=lambda: names.NameTable({}, {}))
    geometry: dict[int, Geometry] = field(default_factory=dict)
    # object number -> its dictionary's entries, serialised once (see Serializer.patched)
    pairs: dict[int, dict[str, bytes]] = field(default_factory=dict)

    def serialize(self, number: int, copy: dict[Any, Any], original: dict[Any, Any]) -> bytes:
        """The body of a fill's copy of object ``number`` (made from ``original``)."""
        serializer = incremental.Serializer(self.names.raw)
        pairs = self.pairs.get(number)
        if pairs is None:
            return serializer.dumps(copy)
        return serializer.patched(copy, original, pairs)

    def decode_name(self, key: str) -> str:
        """A name key (``/Erh…``) as the text it stands for (``Erhöhungsantrag``)."""
        return self.names.display(key)

    def public_fields(self) -> list[fields.PdfField]:
        return [fields.to_public(node, self.decode_name) for node in self.fields.values()]


def _matrix(value: Any) -> tuple[float, float, float, float, float, float]:
    numbers = fields.floats(value)
    return numbers if numbers and len(numbers) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)  # type: ignore[return-value]


_SYMBOL_FONTS = ("ZapfDingbats", "Symbol", "Dingbats")


def _portable(stream: StreamObject) -> bool:
    """False when the stream needs a font the viewer may not have.

    Check boxes often draw their mark with the non-embedded standard font
    ZapfDingbats, or reference a font without any /Resources (LibreOffice).
    Viewers without a Dingbats font (poppler on many systems) then show an
    empty box, so such appearances are replaced by drawn ones when filled.
    """
    try:
        content = stream.get_data()
    except (PdfReadError, PyPdfError, ValueError, NotImplementedError):
        return False
    if b"Tf" not in content:
        return True
    resources = stream.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    font_dict = resources.get("/Font") if isinstance(resources, dict) else None
    font_dict = font_dict.get_object() if font_dict is not None else None
    if not isinstance(font_dict, dict) or not font_dict:
        return False
    for font in font_dict.values():
        font = font.get_object()
        base = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
        descriptor = font.get("/FontDescriptor") if isinstance(font, dict) else None
        descriptor = descriptor.get_object() if descriptor is not None else {}
        embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        if any(symbol in base for symbol in _SYMBOL_FONTS) and not embedded:
            return False
    return True


def _geometry(tpl: Template, widget: fields.WidgetNode) -> None:
    refs = [widget.normal] if isinstance(widget.normal, IndirectObject) else []
    if isinstance(widget.normal, dict):
        refs = [v for v in widget.normal.values() if isinstance(v, IndirectObject)]
    for ref in refs:
        stream = ref.get_object()
        if isinstance(stream, StreamObject):
            tpl.geometry[ref.idnum] = Geometry(
                bbox=fields.rect(stream.get("/BBox")),
                matrix=_matrix(stream.get("/Matrix")),
                portable=_portable(stream),
            )


def _pages(reader: PdfReader) -> list[PageNode]:
    pages: list[PageNode] = []
    for page in reader.pages:
        ref = page.indirect_reference
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else []
        contents = page.get("/Contents")
        if isinstance(contents, IndirectObject) and isinstance(contents.get_object(), list):
            contents = contents.get_object()
        if isinstance(contents, IndirectObject):
            contents = [contents]
        resolved = {str(k): v for k, v in dict.items(resources)}
        xobjects = resolved.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else None
        if isinstance(xobjects, dict):
            resolved["/XObject"] = {str(k): v for k, v in dict.items(xobjects)}
        pages.append(
            PageNode(
                ref=ref,
                obj=page,
                resources=resolved,
                annots=tuple(annots or ()),
                contents=tuple(c for c in contents or () if isinstance(c, IndirectObject)),
            )
        )
    return pages


def _collect_document_names(tpl: Template, reader: PdfReader) -> None:
    """Raw names of the catalog, the form and the page tree (flattening rewrites pages)."""
    targets: list[tuple[Any, Any]] = [(tpl.root_ref, tpl.root), (tpl.acroform_ref, tpl.acroform)]
    seen: set[int] = set()
    for page in reader.pages:
        node = page.indirect_reference
        while isinstance(node, IndirectObject) and node.idnum not in seen:
            seen.add(node.idnum)
            obj = node.get_object()
            if not isinstance(obj, DictionaryObject):
                break
            targets.append((node, obj))
            resources = obj.raw_get("/Resources") if "/Resources" in obj else None
            if isinstance(resources, IndirectObject):
                resolved = resources.get_object()
                targets.append((resources, resolved))
                xobjects = resolved.raw_get("/XObject") if "/XObject" in resolved else None
                if isinstance(xobjects, IndirectObject):
                    targets.append((xobjects, xobjects.get_object()))
            node = obj.raw_get("/Parent") if "/Parent" in obj else None
    for ref, obj in targets:
        if isinstance(ref, IndirectObject) and obj is not None:
            names.collect(tpl.names, reader, tpl.data, ref, obj)


def _serialize_editable(tpl: Template) -> None:
    """Serialise once every dictionary a fill may copy (fields, widgets, pages, catalog)."""
    serializer = incremental.Serializer(tpl.names.raw)
    editable: list[tuple[Any, Any]] = [(tpl.root_ref, tpl.root), (tpl.acroform_ref, tpl.acroform)]
    editable += [(page.ref, page.obj) for page in tpl.pages]
    for node in tpl.fields.values():
        editable.append((node.ref, node.obj))
        editable += [(widget.ref, widget.obj) for widget in node.widgets]
    for ref, obj in editable:
        if isinstance(ref, IndirectObject) and isinstance(obj, dict):
            tpl.pairs[ref.idnum] = serializer.pairs(obj)


def _id_bytes(file_id: Any) -> bytes | None:
    if not isinstance(file_id, list) or not file_id:
        return None
    first = file_id[0].get_object()
    if isinstance(first, TextStringObject):
        return first.original_bytes
    return bytes(first) if isinstance(first, bytes) else None


def _build(data: bytes, source: str) -> Template:
    if b"%PDF-" not in data[:1024]:
        raise TemplateError(f"{source}: not a PDF file")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        if encrypted and not reader.decrypt(""):
            raise TemplateError(f"{source}: the PDF is password-protected")
        if not encrypted and not repair.healthy(data):
            log.warning("%s: broken cross-reference data, rebuilding it once", source)
            data = repair.rebuild(reader, data)
            reader = PdfReader(io.BytesIO(data), strict=False)
        root_ref = reader.trailer.raw_get("/Root")
        root = reader.trailer["/Root"]
        startxref = incremental.find_startxref(data) or 0
        info = reader.trailer.raw_get("/Info") if "/Info" in reader.trailer else None
        file_id = reader.trailer.get("/ID")
        trailer = incremental.Trailer(
            size=int(reader.trailer["/Size"]),
            root=root_ref,
            info=info if isinstance(info, IndirectObject) else None,
            file_id=_id_bytes(file_id),
            startxref=startxref,
            xref_stream=bool(incremental.xref_is_stream(data, startxref)),
        )
        pages = _pages(reader)
        acro_raw = root.raw_get("/AcroForm") if "/AcroForm" in root else None
        acroform = acro_raw.get_object() if acro_raw is not None else None
        tpl = Template(
            source=source,
            data=data,
            encrypted=encrypted,
            trailer=trailer,
            root_ref=root_ref if isinstance(root_ref, IndirectObject) else None,
            root=root,
            acroform_ref=acro_raw if isinstance(acro_raw, IndirectObject) else None,
            acroform=acroform if isinstance(acroform, DictionaryObject) else None,
            pages=pages,
            fields={},
        )
        if tpl.acroform is None:
            return tpl
        flag = tpl.acroform.get("/NeedAppearances")
        tpl.need_appearances = bool(flag.get_object()) if flag is not None else False
        index = fields.PageIndex(
            by_widget={
                a.idnum: i
                for i, p in enumerate(pages)
                for a in p.annots
                if isinstance(a, IndirectObject)
            },
            by_page={p.ref.idnum: i for i, p in enumerate(pages) if p.ref is not None},
        )

        _collect_document_names(tpl, reader)

        def on_object(ref: IndirectObject, obj: DictionaryObject) -> None:
            names.collect(tpl.names, reader, tpl.data, ref, obj)
            ap = obj.get("/AP")
            if isinstance(ap, IndirectObject):
                names.collect(tpl.names, reader, tpl.data, ap, ap.get_object())
            ap = ap.get_object() if ap is not None else None
            for key in ("/N", "/D"):
                sub = ap.raw_get(key) if isinstance(ap, DictionaryObject) and key in ap else None
                if isinstance(sub, IndirectObject):
                    names.collect(tpl.names, reader, tpl.data, sub, sub.get_object())

        for node in fields.walk(tpl.acroform, index, on_object):
            tpl.fields.setdefault(node.name, node)
            for widget in node.widgets:
                _geometry(tpl, widget)
        _serialize_editable(tpl)
        return tpl
    except TemplateError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TemplateError(f"{source}: not a readable PDF ({exc})") from exc


TemplateSource = str | os.PathLike[str] | bytes | BinaryIO | PdfReader | Template


class TemplateCache:
    """Thread-safe LRU of parsed templates keyed by path + mtime + size."""

    def __init__(self, capacity: int = 32) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[tuple[Any, ...], Template] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[tuple[Any, ...], threading.Lock] = {}

    def get(self, source: TemplateSource) -> Template:
        if isinstance(source, Template):
            return source
        if isinstance(source, PdfReader):
            return self._from_reader(source)
        if isinstance(source, bytes):
            key: tuple[Any, ...] = ("bytes", hashlib.sha256(source).hexdigest())
            return self._cached(key, lambda: _build(source, "<bytes>"))
        if hasattr(source, "read"):
            data = source.read()  # type: ignore[union-attr]
            return self.get(bytes(data))
        path = Path(source).expanduser()
        try:
            stat = path.stat()
            key = ("path", str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        except OSError as exc:
            raise TemplateError(f"{path}: cannot read ({exc.strerror})") from exc

        def load() -> Template:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise TemplateError(f"{path}: cannot read ({exc.strerror})") from exc
            return _build(data, str(path))

        return self._cached(key, load)

    def _from_reader(self, reader: PdfReader) -> Template:
        stream = reader.stream
        stream.seek(0)
        return _build(stream.read(), "<reader>")

    def _cached(self, key: tuple[Any, ...], load: Callable[[], Template]) -> Template:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
            gate = self._loading.setdefault(key, threading.Lock())
        with gate:  # one thread parses, the others wait for its result
            with self._lock:
                found = self._entries.get(key)
            if found is not None:
                return found
            try:
                tpl = load()
            finally:
                with self._lock:
                    self._loading.pop(key, None)
            with self._lock:
                self._entries[key] = tpl
                self._entries.move_to_end(key)
                while len(self._entries) > self.capacity:
                    self._entries.popitem(last=False)
            return tpl

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


CACHE = TemplateCache()


def load(source: TemplateSource) -> Template:
    """The parsed template for ``source`` (from the shared cache)."""
    return CACHE.get(source)
