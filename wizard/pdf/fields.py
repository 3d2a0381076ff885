"""AcroForm field inspection: the field tree as plain, read-only Python data.

The tree is walked once per template (see ``templates``): every attribute a
fill needs later (inherited /DA, /Q, /MaxLen, options, widget rectangles,
border and colour from /MK, on-state names) is resolved here, so that filling
never touches the pypdf reader again. That is what makes a cached template
safe to share between threads: pypdf parses objects lazily through one file
handle and is not thread-safe.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Field flags (ISO 32000-1, tables 221, 226, 228, 230), 1-based bit positions.
_COMMON_FLAGS = {1: "readonly", 2: "required", 3: "noexport"}
_TYPE_FLAGS = {
    "/Tx": {
        13: "multiline",
        14: "password",
        21: "fileselect",
        23: "donotspellcheck",
        24: "donotscroll",
        25: "comb",
        26: "richtext",
    },
    "/Btn": {15: "notoggletooff", 16: "radio", 17: "pushbutton", 26: "radiosinunison"},
    "/Ch": {
        18: "combo",
        19: "edit",
        20: "sort",
        22: "multiselect",
        23: "donotspellcheck",
        27: "commitonselchange",
    },
}
MULTILINE, PASSWORD, FILESELECT, COMB = 1 << 12, 1 << 13, 1 << 20, 1 << 24
RADIO, PUSHBUTTON = 1 << 15, 1 << 16
COMBO, EDIT, MULTISELECT = 1 << 17, 1 << 18, 1 << 21
ANNOT_HIDDEN, ANNOT_NOVIEW, ANNOT_PRINT = 2, 32, 4


@dataclass(frozen=True)
class Widget:
    """Where a field is shown: 1-based page number and rectangle (x0, y0, x1, y1)."""

    page: int | None
    rect: tuple[float, float, float, float]


@dataclass(frozen=True)
class PdfField:
    """One terminal form field, as ``wizard pdf fields`` reports it."""

    name: str
    type: str  # text, checkbox, radio, choice, signature, button
    page: int | None
    rect: tuple[float, float, float, float] | None
    flags: tuple[str, ...]
    max_length: int | None
    value: str | bool | list[str] | None
    options: tuple[str, ...]
    tooltip: str | None
    widgets: tuple[Widget, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "page": self.page,
            "rect": list(self.rect) if self.rect else None,
            "flags": list(self.flags),
            "max_length": self.max_length,
            "value": self.value,
            "options": list(self.options),
            "tooltip": self.tooltip,
            "widgets": [{"page": w.page, "rect": list(w.rect)} for w in self.widgets],
        }


@dataclass(frozen=True)
class WidgetNode:
    """A widget annotation with everything its appearance depends on."""

    ref: IndirectObject
    obj: DictionaryObject  # as read; never mutated
    page: int | None  # 0-based
    rect: tuple[float, float, float, float]
    annot_flags: int
    rotation: int
    background: tuple[float, ...] | None
    border_color: tuple[float, ...] | None
    border_width: float
    border_style: str
    dash: tuple[float, ...]
    caption: str | None
    da: str | None
    q: int | None
    states: tuple[str, ...]  # on-state keys of /AP /N (pypdf spelling)
    normal: Any  # /AP /N: a stream reference, a dict of state -> reference, or None
    current_state: str | None


@dataclass
class FieldNode:
    """A terminal field with inherited attributes resolved."""

    name: str
    ref: IndirectObject
    obj: DictionaryObject
    ftype: str
    flags: int
    da: str
    q: int | None
    max_len: int | None
    value: Any
    options: list[tuple[str, str]]  # (export value, display text) for /Ch, /Opt for buttons
    tooltip: str | None
    bold: bool = False
    top_index: int = 0
    widgets: list[WidgetNode] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.ftype == "/Tx":
            return "text"
        if self.ftype == "/Ch":
            return "choice"
        if self.ftype == "/Sig":
            return "signature"
        if self.ftype == "/Btn":
            if self.flags & PUSHBUTTON:
                return "button"
            return "radio" if self.flags & RADIO else "checkbox"
        return "unknown"

    def flag_names(self) -> tuple[str, ...]:
        table = {**_COMMON_FLAGS, **_TYPE_FLAGS.get(self.ftype, {})}
        return tuple(name for bit, name in sorted(table.items()) if self.flags & (1 << (bit - 1)))

    def on_states(self) -> list[str]:
        """Distinct on-state keys over all widgets, in widget order."""
        seen: dict[str, None] = {}
        for widget in self.widgets:
            for state in widget.states:
                seen.setdefault(state, None)
        return list(seen)


def floats(value: Any) -> tuple[float, ...] | None:
    """A PDF number array as floats (None when it is not one)."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    if not isinstance(value, list | tuple):
        return None
    try:
        return tuple(float(v.get_object() if hasattr(v, "get_object") else v) for v in value)
    except (TypeError, ValueError):
        return None


def rect(value: Any) -> tuple[float, float, float, float]:
    """A normalised rectangle (x0 <= x1, y0 <= y1); all zero when malformed."""
    numbers = floats(value) or (0.0, 0.0, 0.0, 0.0)
    if len(numbers) != 4:
        numbers = (0.0, 0.0, 0.0, 0.0)
    x0, y0, x1, y1 = numbers
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _get(obj: DictionaryObject, key: str) -> Any:
    value = obj.get(key)
    return value.get_object() if value is not None else None


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


def _widget(ref: IndirectObject, obj: DictionaryObject, pages: PageIndex) -> WidgetNode:
    mk = _get(obj, "/MK") or {}
    bs = _get(obj, "/BS") or {}
    border = floats(_get(obj, "/Border"))
    width = bs.get("/W") if isinstance(bs, dict) else None
    if width is None and border and len(border) >= 3:
        width = border[2]
    ap = _get(obj, "/AP") or {}
    normal = ap.get("/N") if isinstance(ap, dict) else None
    states: tuple[str, ...] = ()
    if isinstance(normal, IndirectObject):
        resolved = normal.get_object()
        if isinstance(resolved, DictionaryObject) and "/Subtype" not in resolved:
            normal = resolved  # an indirect dictionary of states
    if isinstance(normal, dict):
        normal = {str(k): v for k, v in dict.items(normal)}
        states = tuple(k for k in normal if k != "/Off")
    page = pages.by_widget.get(ref.idnum)
    if page is None and isinstance(obj.get("/P"), IndirectObject):
        page = pages.by_page.get(obj["/P"].idnum)
    rotation = mk.get("/R", 0) if isinstance(mk, dict) else 0
    dash = floats(_get(bs, "/D")) if isinstance(bs, dict) else None
    current = _get(obj, "/AS")
    return WidgetNode(
        ref=ref,
        obj=obj,
        page=page,
        rect=rect(obj.get("/Rect")),
        annot_flags=int(_get(obj, "/F") or 0),
        rotation=int(rotation or 0) % 360,
        background=floats(mk.get("/BG")) if isinstance(mk, dict) else None,
        border_color=floats(mk.get("/BC")) if isinstance(mk, dict) else None,
        border_width=float(width) if width is not None else 1.0,
        border_style=str(bs.get("/S", "/S")) if isinstance(bs, dict) else "/S",
        dash=dash or (3.0,),
        caption=_text(mk.get("/CA")) if isinstance(mk, dict) else None,
        da=_text(_get(obj, "/DA")),
        q=int(_get(obj, "/Q")) if _get(obj, "/Q") is not None else None,
        states=states,
        normal=normal,
        current_state=str(current) if current is not None else None,
    )


def _options(value: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in value or []:
        item = item.get_object()
        if isinstance(item, list | ArrayObject) and len(item) >= 2:
            out.append((str(item[0].get_object()), str(item[1].get_object())))
        else:
            out.append((str(item), str(item)))
    return out


@dataclass(frozen=True)
class PageIndex:
    """0-based page indexes by widget object number and by page object number."""

    by_widget: Mapping[int, int]
    by_page: Mapping[int, int]


def walk(
    acroform: DictionaryObject,
    pages: PageIndex,
    on_object: Callable[[IndirectObject, DictionaryObject], None] | None = None,
) -> list[FieldNode]:
    """All terminal fields under ``acroform``, in document order.

    ``on_object`` sees every field and widget dictionary visited (used to
    collect the raw bytes of non-ASCII names).
    """
    result: list[FieldNode] = []
    seen: set[int] = set()
    default_da = _text(_get(acroform, "/DA")) or ""
    default_q = int(_get(acroform, "/Q")) if _get(acroform, "/Q") is not None else None
    default_dr = _get(acroform, "/DR")

    def visit(ref: Any, parent_name: str, inherited: dict[str, Any]) -> None:
        if not isinstance(ref, IndirectObject) or ref.idnum in seen:
            return  # direct field dictionaries and cycles are not supported
        seen.add(ref.idnum)
        obj = ref.get_object()
        if not isinstance(obj, DictionaryObject):
            return
        if on_object is not None:
            on_object(ref, obj)
        partial = obj.get("/T")
        name = parent_name
        if partial is not None:
            name = f"{parent_name}.{partial}" if parent_name else str(partial)
        attrs = dict(inherited)
        for key in ("/FT", "/Ff", "/DA", "/Q", "/MaxLen", "/V", "/Opt", "/TU", "/DR"):
            if key in obj:
                attrs[key] = _get(obj, key)
        kids = _get(obj, "/Kids") or []
        child_fields = [k for k in kids if isinstance(k, IndirectObject) and "/T" in k.get_object()]
        widget_kids = [k for k in kids if isinstance(k, IndirectObject) and k not in child_fields]
        for kid in child_fields:
            visit(kid, name, attrs)
        if child_fields and not widget_kids:
            return
        ftype = attrs.get("/FT")
        if ftype is None or not name:
            return
        da = _text(attrs.get("/DA")) or default_da
        node = FieldNode(
            name=name,
            ref=ref,
            obj=obj,
            ftype=str(ftype),
            flags=int(attrs.get("/Ff") or 0),
            da=da,
            q=int(attrs["/Q"]) if attrs.get("/Q") is not None else default_q,
            bold=_is_bold(da, attrs.get("/DR") or default_dr),
            top_index=int(_get(obj, "/TI") or 0),
            max_len=int(attrs["/MaxLen"]) if attrs.get("/MaxLen") is not None else None,
            value=attrs.get("/V"),
            options=_options(attrs.get("/Opt")),
            tooltip=_text(attrs.get("/TU")),
        )
        if not kids and (obj.get("/Subtype") == "/Widget" or "/Rect" in obj):
            node.widgets.append(_widget(ref, obj, pages))
        for kid in widget_kids:
            kid_obj = kid.get_object()
            if isinstance(kid_obj, DictionaryObject) and kid.idnum not in seen:
                seen.add(kid.idnum)
                if on_object is not None:
                    on_object(kid, kid_obj)
                node.widgets.append(_widget(kid, kid_obj, pages))
        result.append(node)

    for ref in _get(acroform, "/Fields") or []:
        visit(ref, "", {})
    return result


def _is_bold(da: str, resources: Any) -> bool:
    """True when the /DA font resolves to a bold base font (e.g. /HeBo)."""
    font_name = next((t for t in reversed(da.split()) if t.startswith("/")), None)
    fonts = resources.get("/Font") if isinstance(resources, dict) else None
    fonts = fonts.get_object() if fonts is not None else None
    if font_name is None or not isinstance(fonts, dict) or font_name not in fonts:
        return False
    font = fonts[font_name].get_object()
    base = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
    return any(word in base for word in ("Bold", "Black", "Heavy"))


def _value(value: Any, kind: str, decode: Callable[[str], str]) -> str | bool | list[str] | None:
    if value is None:
        return None
    if kind in ("checkbox", "radio"):
        if not isinstance(value, NameObject) or value == "/Off":
            return False if kind == "checkbox" else None
        return True if kind == "checkbox" else decode(value)
    if isinstance(value, list | ArrayObject):
        return [str(v.get_object()) for v in value]
    if isinstance(value, str):
        return str(value)
    return None


def export_values(node: FieldNode) -> dict[str, str]:
    """On-state key -> export value from the button's /Opt (kid i has Opt[i])."""
    exports: dict[str, str] = {}
    for index, widget in enumerate(node.widgets):
        if index < len(node.options):
            for state in widget.states:
                exports.setdefault(state, node.options[index][1])
    return exports


def to_public(node: FieldNode, decode: Callable[[str], str]) -> PdfField:
    """The public description of ``node``; ``decode`` turns a name key into text."""
    kind = node.kind
    if kind == "choice":
        options = tuple(export for export, _display in node.options)
    elif kind in ("checkbox", "radio"):
        states = node.on_states()
        exports = [display for _export, display in node.options]
        options = tuple(dict.fromkeys(exports)) if exports else tuple(map(decode, states))
    else:
        options = ()
    widgets = tuple(
        Widget(page=w.page + 1 if w.page is not None else None, rect=w.rect) for w in node.widgets
    )
    first = widgets[0] if widgets else None
    value = _value(node.value, kind, decode)
    if kind == "checkbox" and len(node.on_states()) > 1 and value is True:
        value = decode(node.value)
    if kind == "radio" and isinstance(value, str) and node.options:
        value = export_values(node).get(str(node.value), value)
    return PdfField(
        name=node.name,
        type=kind,
        page=first.page if first else None,
        rect=first.rect if first else None,
        flags=node.flag_names(),
        max_length=node.max_len,
        value=value,
        options=options,
        tooltip=node.tooltip,
        widgets=widgets,
    )
