"""Flattening: draw every widget's appearance into its page and drop the form.

Each page that shows widgets gets one small content stream that paints the
widgets' current appearance streams (the ones this fill generated, or the
template's own for fields left alone) as form XObjects placed exactly as a
viewer places an annotation (ISO 32000-1, 12.5.5, algorithm 8.1). The
original page content is wrapped in q/Q so its graphics state cannot leak
into ours. Widget annotations leave /Annots and the AcroForm leaves the
catalog, so no viewer offers the fields for editing any more.

Nothing is re-encoded: the update only adds the page dictionaries, one
content stream per page and the new appearance streams, so a flattened file
stays within a small margin of the template plus the embedded font subsets.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from pypdf.generic import IndirectObject, NameObject

from wizard.pdf.fields import ANNOT_HIDDEN, ANNOT_NOVIEW, ANNOT_PRINT, WidgetNode
from wizard.pdf.incremental import number as num

if TYPE_CHECKING:
    from wizard.pdf.fill import Update

Matrix = tuple[float, float, float, float, float, float]


def placement(
    bbox: tuple[float, ...], matrix: tuple[float, ...], rect: tuple[float, ...]
) -> Matrix | None:
    """The matrix that maps a form with ``bbox``/``matrix`` onto ``rect``."""
    a, b, c, d, e, f = matrix
    x0, y0, x1, y1 = bbox
    corners = [(x * a + y * c + e, x * b + y * d + f) for x in (x0, x1) for y in (y0, y1)]
    xs = [p[0] for p in corners]
    ys = [p[1] for p in corners]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if width <= 0 or height <= 0:
        return None
    sx = (rect[2] - rect[0]) / width
    sy = (rect[3] - rect[1]) / height
    return (sx, 0.0, 0.0, sy, rect[0] - min(xs) * sx, rect[1] - min(ys) * sy)


def _visible(widget: WidgetNode) -> bool:
    flags = widget.annot_flags
    if flags & ANNOT_HIDDEN:
        return False
    return not (flags & ANNOT_NOVIEW and not flags & ANNOT_PRINT)


def _appearance(upd: Update, widget: WidgetNode) -> tuple[int, Any] | None:
    """(object number, (bbox, matrix)) of what ``widget`` currently shows."""
    new = upd.appearances.get(widget.ref.idnum)
    if new is not None:
        number, bbox, matrix = new
        return number, (bbox, matrix)
    normal = widget.normal
    if isinstance(normal, dict):
        state = upd.states.get(widget.ref.idnum, widget.current_state)
        normal = normal.get(state) if state is not None else None
    if not isinstance(normal, IndirectObject):
        return None
    geometry = upd.tpl.geometry.get(normal.idnum)
    if geometry is None:
        return None
    return normal.idnum, (geometry.bbox, geometry.matrix)


def flatten(upd: Update) -> None:
    """Turn the fill in ``upd`` into page content and remove the form."""
    tpl = upd.tpl
    by_page: dict[int, list[WidgetNode]] = {}
    form_objects: set[int] = set()
    for node in tpl.fields.values():
        form_objects.add(node.ref.idnum)
        for widget in node.widgets:
            form_objects.add(widget.ref.idnum)
            if widget.page is not None:
                by_page.setdefault(widget.page, []).append(widget)
    # Field and widget dictionaries are no longer reachable: do not rewrite them.
    for number in form_objects:
        upd.changed.pop(number, None)
    save_state = upd.add(b"<< /Length 2 >>\nstream\nq\n\nendstream")
    for index, widgets in sorted(by_page.items()):
        page = tpl.pages[index]
        existing = page.resources.get("/XObject") or {}
        taken = {str(k) for k in existing}
        xobjects = {NameObject(k): v for k, v in existing.items()}
        ops = [b"Q"]
        for widget in widgets:
            found = _appearance(upd, widget) if _visible(widget) else None
            if found is None:
                continue
            number, (bbox, matrix) = found
            place = placement(bbox, matrix, widget.rect)
            if place is None:
                continue
            name = f"/WzW{widget.ref.idnum}"
            while name in taken:
                name += "x"
            taken.add(name)
            xobjects[NameObject(name)] = b"%d 0 R" % number
            ops.append(b"q %s cm %s Do Q" % (b" ".join(num(v) for v in place), name.encode()))
        data = zlib.compress(b"\n".join(ops) + b"\n")
        drawing = upd.add(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
        )
        copy = upd.edit(page.ref, page.obj)
        contents = [b"%d 0 R" % save_state, *page.contents, b"%d 0 R" % drawing]
        copy[NameObject("/Contents")] = (
            b"["
            + b" ".join(
                c if isinstance(c, bytes) else b"%d %d R" % (c.idnum, c.generation)
                for c in contents
            )
            + b"]"
        )
        resources = {NameObject(k): v for k, v in page.resources.items()}
        resources[NameObject("/XObject")] = xobjects
        copy[NameObject("/Resources")] = resources
        remaining = [
            a
            for a in page.annots
            if not (isinstance(a, IndirectObject) and a.idnum in form_objects)
        ]
        if remaining:
            copy[NameObject("/Annots")] = remaining
        else:
            copy.pop(NameObject("/Annots"), None)
    if tpl.root_ref is not None:
        root = upd.edit(tpl.root_ref, tpl.root)
        for key in ("/AcroForm", "/NeedsRendering", "/Perms"):
            root.pop(NameObject(key), None)
