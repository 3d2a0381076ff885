"""Fill a parsed template: values, appearance streams, fonts, one incremental update.

A fill collects its changes in an :class:`Update` (copies of the dictionaries
it changes, plus new objects: appearance streams and embedded fonts) and
appends them to the template's untouched bytes. The cached template itself is
only read.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pypdf.generic import IndirectObject, NameObject

from wizard.pdf import appearance, decoration, flatten, incremental, layout, templates, values
from wizard.pdf.errors import FillError, TemplateError
from wizard.pdf.fields import COMB, COMBO, FILESELECT, MULTILINE, PASSWORD, FieldNode, WidgetNode

log = logging.getLogger(__name__)

_V, _AS, _AP, _I = NameObject("/V"), NameObject("/AS"), NameObject("/AP"), NameObject("/I")


class Update:
    """The objects one fill changes and adds, numbered after the template's."""

    def __init__(self, tpl: templates.Template) -> None:
        self.tpl = tpl
        self.next_number = tpl.trailer.size
        self.changed: dict[int, tuple[int, dict[Any, Any]]] = {}
        self.originals: dict[int, Mapping[Any, Any]] = {}
        self.new: dict[int, bytes] = {}
        self.book = appearance.FontBook(self.allocate)
        self.typesetters: dict[bool, layout.Typesetter] = {}
        # widget object number -> (appearance object number, bbox, matrix)
        self.appearances: dict[int, tuple[int, tuple[float, ...], tuple[float, ...]]] = {}
        self.states: dict[int, str] = {}  # widget object number -> new /AS key

    def allocate(self, count: int = 1) -> int:
        first = self.next_number
        self.next_number += count
        return first

    def add(self, body: bytes) -> int:
        number = self.allocate()
        self.new[number] = body
        return number

    def edit(self, ref: IndirectObject, obj: Mapping[Any, Any]) -> dict[Any, Any]:
        """A private copy of ``obj`` that will replace object ``ref`` (copy on write)."""
        found = self.changed.get(ref.idnum)
        if found is None:
            found = (ref.generation, dict(dict.items(obj)))  # type: ignore[arg-type]
            self.changed[ref.idnum] = found
            self.originals[ref.idnum] = obj
        return found[1]

    def typesetter(self, bold: bool) -> layout.Typesetter:
        found = self.typesetters.get(bold)
        if found is None:
            found = self.typesetters[bold] = layout.Typesetter(bold)
        return found

    def name(self, key: str) -> bytes:
        """The PDF name token for a name key, byte-exact with the template."""
        raw = self.tpl.names.raw.get(key)
        return raw if raw is not None else incremental.name(key[1:])

    def write(self) -> bytes:
        """The template followed by the update holding every changed and new object."""
        tpl = self.tpl
        objects: dict[int, tuple[int, bytes]] = {
            num: (gen, tpl.serialize(num, obj, self.originals[num]))  # type: ignore[arg-type]
            for num, (gen, obj) in self.changed.items()
        }
        objects.update({num: (0, body) for num, body in self.new.items()})
        objects.update({num: (0, body) for num, body in self.book.objects()})
        return incremental.append_update(tpl.data, tpl.trailer, objects, self.next_number)


def _set_appearance(upd: Update, widget: WidgetNode, style: decoration.Style, body: bytes) -> None:
    number = upd.add(body)
    copy = upd.edit(widget.ref, widget.obj)
    copy[_AP] = b"<< /N %d 0 R >>" % number
    bbox, matrix = decoration.bbox_matrix(style)
    upd.appearances[widget.ref.idnum] = (number, bbox, matrix)


def _fill_text(upd: Update, node: FieldNode, text: str) -> None:
    upd.edit(node.ref, node.obj)[_V] = incremental.text_string(text)
    shown = "*" * len(text) if node.flags & PASSWORD else text
    # ISO 32000: comb applies only when multiline, password and file-select are all off
    plain = not node.flags & (MULTILINE | PASSWORD | FILESELECT)
    comb = node.max_len if node.flags & COMB and node.max_len and plain else None
    ts = upd.typesetter(node.bold)
    for widget in node.widgets:
        style = decoration.style_for(widget, node.da, node.q)
        content, fonts = appearance.text_content(
            style,
            shown,
            ts,
            upd.book,
            multiline=bool(node.flags & MULTILINE),
            comb=comb,
            field=node.name,
        )
        _set_appearance(upd, widget, style, decoration.form_xobject(style, content, fonts))


def _fill_choice(upd: Update, node: FieldNode, choice: values.Choice) -> None:
    copy = upd.edit(node.ref, node.obj)
    strings = [incremental.text_string(e) for e in choice.exports]
    if not strings:
        copy.pop(_V, None)  # cleared
    elif len(strings) == 1:
        copy[_V] = strings[0]
    else:
        copy[_V] = b"[" + b" ".join(strings) + b"]"
    if node.flags & COMBO or not choice.indices:
        copy.pop(_I, None)
    else:
        copy[_I] = b"[" + b" ".join(b"%d" % i for i in sorted(choice.indices)) + b"]"
    ts = upd.typesetter(node.bold)
    for widget in node.widgets:
        style = decoration.style_for(widget, node.da, node.q)
        if node.flags & COMBO:
            content, fonts = appearance.text_content(
                style, choice.display, ts, upd.book, field=node.name
            )
        else:
            content, fonts, top = appearance.listbox_content(
                style,
                [display for _export, display in node.options],
                set(choice.indices),
                node.top_index,
                ts,
                upd.book,
            )
            if top != node.top_index:  # scrolled so that the first selection shows
                copy[NameObject("/TI")] = b"%d" % top
        _set_appearance(upd, widget, style, decoration.form_xobject(style, content, fonts))


def _fill_button(upd: Update, node: FieldNode, state: str | None) -> None:
    upd.edit(node.ref, node.obj)[_V] = upd.name(state) if state else b"/Off"
    radio = node.kind == "radio"
    for widget in node.widgets:
        new_state = state if state is not None and state in widget.states else "/Off"
        if state is not None and not widget.states and not radio:
            new_state = state  # a check box without appearances: we draw them
        has_drawing = isinstance(widget.normal, dict) and (
            new_state == "/Off" or _portable(upd, widget.normal.get(new_state))
        )
        upd.states[widget.ref.idnum] = new_state
        if has_drawing and widget.current_state == new_state and widget.ref != node.ref:
            continue  # this widget already shows the right state
        copy = upd.edit(widget.ref, widget.obj)
        if not has_drawing:
            style = decoration.style_for(widget, node.da, node.q)
            on_key = new_state if new_state != "/Off" else (widget.states or ("/Yes",))[0]
            streams = {}
            for key, is_on in ((on_key, True), ("/Off", False)):
                content = decoration.button_content(style, widget.caption, on=is_on, radio=radio)
                streams[key] = upd.add(decoration.form_xobject(style, content, {}))
            copy[_AP] = b"<< /N << %s >> >>" % b" ".join(
                upd.name(k) + b" %d 0 R" % n for k, n in streams.items()
            )
            bbox, matrix = decoration.bbox_matrix(style)
            upd.appearances[widget.ref.idnum] = (
                streams[new_state] if new_state in streams else streams["/Off"],
                bbox,
                matrix,
            )
        copy[_AS] = upd.name(new_state)


def _portable(upd: Update, ref: object) -> bool:
    if not isinstance(ref, IndirectObject):
        return False
    geometry = upd.tpl.geometry.get(ref.idnum)
    return geometry is not None and geometry.portable


def _finish_form(upd: Update) -> None:
    """Viewers must show our appearance streams, not regenerate them or XFA."""
    tpl = upd.tpl
    if tpl.acroform is None or tpl.root_ref is None:
        return  # fill() refuses both before it gets here
    if tpl.acroform_ref is not None:
        form = upd.edit(tpl.acroform_ref, tpl.acroform)
    else:
        root = upd.edit(tpl.root_ref, tpl.root)
        form = dict(dict.items(tpl.acroform))
        root[NameObject("/AcroForm")] = form
    form[NameObject("/NeedAppearances")] = b"false"
    form.pop(NameObject("/XFA"), None)
    _clean_root(upd)


def _clean_root(upd: Update) -> None:
    """Drop XFA rendering and usage-rights signatures that a changed file invalidates."""
    tpl = upd.tpl
    stale = [k for k in ("/NeedsRendering", "/Perms") if k in tpl.root]
    if stale and tpl.root_ref is not None:
        root = upd.edit(tpl.root_ref, tpl.root)
        for key in stale:
            root.pop(NameObject(key), None)


def _refresh_existing(upd: Update, filled: set[str]) -> None:
    """With /NeedAppearances the template's own values may lack appearances: draw them."""
    tpl = upd.tpl
    for name, node in tpl.fields.items():
        if name in filled or node.kind not in ("text", "choice") or not node.value:
            continue
        current = node.value
        value: object = [str(v) for v in current] if isinstance(current, list) else str(current)
        try:
            ((_node, planned),) = values.plan(
                {name: node}, {name: value}, tpl.decode_name, truncate=True
            )
        except FillError as exc:
            log.warning("%s: existing value not redrawn: %s", tpl.source, exc)
            continue
        _apply(upd, node, planned)


def _apply(upd: Update, node: FieldNode, planned: values.Planned) -> None:
    if isinstance(planned, values.Text):
        _fill_text(upd, node, planned.text)
    elif isinstance(planned, values.State):
        _fill_button(upd, node, planned.state)
    else:
        _fill_choice(upd, node, planned)


def fill(
    template: templates.TemplateSource,
    data: Mapping[str, object],
    *,
    flatten_form: bool = False,
    truncate: bool = False,
) -> bytes:
    """The filled PDF as bytes; see :func:`wizard.pdf.acroform.fill`."""
    tpl = templates.load(template)
    if tpl.encrypted:
        raise TemplateError(
            f"{tpl.source}: the PDF is encrypted; filling it would need re-encryption, "
            "which is not supported (qpdf --decrypt removes an owner password)"
        )
    if tpl.acroform is None or not tpl.fields:
        raise TemplateError(f"{tpl.source}: the PDF has no fillable form fields")
    if tpl.root_ref is None:
        raise TemplateError(f"{tpl.source}: damaged PDF (its catalog is not an indirect object)")
    planned = values.plan(tpl.fields, data, tpl.decode_name, truncate=truncate)
    upd = Update(tpl)
    for node, value in planned:
        _apply(upd, node, value)
    if tpl.need_appearances:
        _refresh_existing(upd, {node.name for node, _ in planned})
    if flatten_form:
        flatten.flatten(upd)
    else:
        _finish_form(upd)
    return upd.write()
