"""A widget's box: size, rotation, background, border, check marks, form XObject.

Viewers draw nothing of a widget but its appearance stream, so the stream
must also carry what the widget looks like empty: the /MK background and
border (solid, dashed, beveled, inset, underline) drawn as Acrobat draws
them, comb cell dividers, and for check boxes and radio buttons whose own
appearance needs a font the viewer may lack, the mark itself drawn as paths
(check, cross, circle, square) so it shows everywhere. Rotated widgets
(/MK /R) get a BBox with width and height swapped and a rotating /Matrix.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from wizard.pdf import embedding
from wizard.pdf.fields import WidgetNode
from wizard.pdf.incremental import number as num

_DA_TOKEN = re.compile(r"/[^\s/\[\]<>(){}%]*|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"]+")
_ROTATIONS = {0: None, 90: b"0 1 -1 0 0 0", 180: b"-1 0 0 -1 0 0", 270: b"0 -1 1 0 0 0"}


@dataclass(frozen=True)
class Style:
    """What a widget's appearance depends on, resolved for drawing."""

    width: float  # of the BBox, i.e. after undoing the rotation
    height: float
    rotation: int
    background: tuple[float, ...] | None
    border_color: tuple[float, ...] | None
    border_width: float
    border_style: str
    dash: tuple[float, ...]
    color: bytes  # fill colour operator from /DA
    size: float  # /DA size, 0 = auto
    align: int | None  # /Q, None when absent

    @property
    def inset(self) -> float:
        """Border width as the text area sees it (double for beveled/inset)."""
        if not self.border_color or self.border_width <= 0:
            return 0.0
        return self.border_width * (2 if self.border_style in ("/B", "/I") else 1)


def parse_da(da: str) -> tuple[float, bytes]:
    """Font size and fill colour operator of a default appearance string."""
    tokens = _DA_TOKEN.findall(da or "")
    size = 0.0
    color = b"0 g"
    for index, word in enumerate(tokens):
        if word == "Tf" and index >= 1:
            try:
                size = abs(float(tokens[index - 1]))
            except ValueError:
                size = 0.0
        elif word in ("g", "rg", "k"):
            count = {"g": 1, "rg": 3, "k": 4}[word]
            operands = tokens[max(0, index - count) : index]
            try:
                values = [float(v) for v in operands]
            except ValueError:
                continue
            if len(values) == count:
                color = b" ".join(num(v) for v in values) + b" " + word.encode()
    return size, color


def style_for(widget: WidgetNode, da: str, q: int | None) -> Style:
    size, color = parse_da(widget.da or da)
    x0, y0, x1, y1 = widget.rect
    width, height = x1 - x0, y1 - y0
    rotation = widget.rotation if widget.rotation in _ROTATIONS else 0
    if rotation in (90, 270):
        width, height = height, width
    return Style(
        width=width,
        height=height,
        rotation=rotation,
        background=widget.background or None,
        border_color=widget.border_color or None,
        border_width=widget.border_width,
        border_style=widget.border_style,
        dash=widget.dash,
        color=color,
        size=size,
        align=widget.q if widget.q is not None else q,
    )


def color_op(values: Sequence[float], stroke: bool) -> bytes:
    op = {1: b"g", 3: b"rg", 4: b"k"}.get(len(values))
    if op is None:
        return b""
    return b" ".join(num(v) for v in values) + b" " + (op.upper() if stroke else op)


def frame(style: Style, *, round_shape: bool = False) -> bytes:
    """Background and border, drawn as Acrobat draws them for a regenerated field."""
    w, h = style.width, style.height
    out: list[bytes] = []
    if style.background:
        fill = color_op(style.background, stroke=False)
        if fill:
            shape = circle(w / 2, h / 2, min(w, h) / 2) if round_shape else rect(0, 0, w, h)
            out += [fill, shape + b" f"]
    bw = style.border_width
    if style.border_color and bw > 0:
        stroke = color_op(style.border_color, stroke=True)
        if stroke:
            out += [stroke, num(bw) + b" w"]
            if style.border_style == "/D":
                out.append(b"[" + b" ".join(num(d) for d in style.dash) + b"] 0 d")
            if style.border_style == "/U":
                out.append(b"0 %s m %s %s l S" % (num(bw / 2), num(w), num(bw / 2)))
            elif round_shape:
                out.append(circle(w / 2, h / 2, min(w, h) / 2 - bw / 2) + b" S")
            else:
                out.append(rect(bw / 2, bw / 2, w - bw, h - bw) + b" S")
            if style.border_style in ("/B", "/I") and not round_shape:
                light, dark = (
                    (b"1 g", b"0.5 g") if style.border_style == "/B" else (b"0.5 g", b"0.75 g")
                )
                a, b2 = bw, 2 * bw
                out += [
                    light,
                    b"%s %s m %s %s l %s %s l %s %s l %s %s l %s %s l f"
                    % tuple(
                        num(v)
                        for v in (a, a, a, h - a, w - a, h - a, w - b2, h - b2, b2, h - b2, b2, b2)
                    ),
                    dark,
                    b"%s %s m %s %s l %s %s l %s %s l %s %s l %s %s l f"
                    % tuple(
                        num(v)
                        for v in (w - a, h - a, w - a, a, a, a, b2, b2, w - b2, b2, w - b2, h - b2)
                    ),
                ]
            if style.border_style == "/D":
                out.append(b"[] 0 d")
    return b"\n".join(out)


def rect(x: float, y: float, w: float, h: float) -> bytes:
    return b"%s %s %s %s re" % (num(x), num(y), num(w), num(h))


def circle(cx: float, cy: float, r: float) -> bytes:
    k = 0.5523 * r
    return (
        b"%s %s m %s %s %s %s %s %s c %s %s %s %s %s %s c %s %s %s %s %s %s c %s %s %s %s %s %s c h"
        % tuple(
            num(v)
            for v in (
                cx + r, cy,
                cx + r, cy + k, cx + k, cy + r, cx, cy + r,
                cx - k, cy + r, cx - r, cy + k, cx - r, cy,
                cx - r, cy - k, cx - k, cy - r, cx, cy - r,
                cx + k, cy - r, cx + r, cy - k, cx + r, cy,
            )
        )
    )  # fmt: skip


def comb_dividers(style: Style, cells_n: int) -> bytes:
    """Cell separators Acrobat draws for a comb field with a visible border."""
    if not style.border_color or style.border_width <= 0 or cells_n < 2:
        return b""
    stroke = color_op(style.border_color, stroke=True)
    step = style.width / cells_n
    lines = b" ".join(
        b"%s 0 m %s %s l" % (num(step * i), num(step * i), num(style.height))
        for i in range(1, cells_n)
    )
    return b"%s %s w %s S" % (stroke, num(style.border_width), lines)


def _stroke(fill: bytes) -> bytes:
    """The stroking twin of a fill colour operator (``0 g`` -> ``0 G``)."""
    operands, _space, op = fill.rpartition(b" ")
    return operands + b" " + op.upper()


def _polygon(points: Sequence[tuple[float, float]]) -> bytes:
    moves = (b"%s %s %s" % (num(x), num(y), b"l" if i else b"m") for i, (x, y) in enumerate(points))
    return b" ".join(moves) + b" h f"


def _mark(symbol: str, cx: float, cy: float, side: float, color: bytes) -> bytes:
    """The ZapfDingbats caption of /MK /CA drawn as a path: check, cross, dot, ..."""
    r = side / 2
    if symbol == "l":  # dot (radio default)
        return color + b" " + circle(cx, cy, r * 0.5) + b" f"
    if symbol == "n":  # square
        return color + b" " + rect(cx - r * 0.6, cy - r * 0.6, r * 1.2, r * 1.2) + b" f"
    if symbol == "u":  # diamond
        return (
            color
            + b" "
            + _polygon(
                [(cx, cy + r * 0.7), (cx + r * 0.7, cy), (cx, cy - r * 0.7), (cx - r * 0.7, cy)]
            )
        )
    if symbol == "H":  # star
        spikes = [
            (cx + r * f * math.sin(math.pi * k / 5), cy + r * f * math.cos(math.pi * k / 5))
            for k in range(10)
            for f in ((0.75 if k % 2 == 0 else 0.3),)
        ]
        return color + b" " + _polygon(spikes)
    if symbol == "8":  # cross
        d = r * 0.6
        ends = (cx - d, cy - d, cx + d, cy + d, cx - d, cy + d, cx + d, cy - d)
        lines = b"%s %s m %s %s l %s %s m %s %s l" % tuple(num(v) for v in ends)
        return b"%s %s w 1 J %s S" % (_stroke(color), num(side * 0.12), lines)
    # "4" (check mark, the check box default) and anything unknown: a tick
    s = side * 0.8
    x0, y0 = cx - s / 2, cy - s / 2
    tick = [(0.12, 0.5), (0.4, 0.2), (0.9, 0.82)]
    path = b" ".join(
        b"%s %s %s" % (num(x0 + px * s), num(y0 + py * s), b"l" if i else b"m")
        for i, (px, py) in enumerate(tick)
    )
    return b"%s %s w 1 J 1 j %s S" % (_stroke(color), num(side * 0.14), path)


def button_content(style: Style, caption: str | None, *, on: bool, radio: bool) -> bytes:
    """A check box or radio button drawn with paths only, so no font is needed."""
    parts = [frame(style, round_shape=radio)]
    if on:
        side = min(style.width, style.height) - 2 * style.inset
        symbol = (caption or "")[:1] or ("l" if radio else "4")
        parts.append(_mark(symbol, style.width / 2, style.height / 2, side, style.color))
    return b"\n".join(p for p in parts if p)


def form_xobject(style: Style, content: bytes, font_uses: dict[str, embedding.FontUse]) -> bytes:
    """The body of a form XObject holding ``content`` for a widget."""
    data = zlib.compress(content, 6)
    matrix = _ROTATIONS.get(style.rotation)
    fonts = b" ".join(
        b"/%s %s" % (name.encode(), use.reference) for name, use in sorted(font_uses.items())
    )
    resources = b" /Resources << /Font << %s >> >>" % fonts if fonts else b""
    return (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 %s %s]%s%s /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
        % (
            num(style.width),
            num(style.height),
            b" /Matrix [%s]" % matrix if matrix else b"",
            resources,
            len(data),
            data,
        )
    )


def bbox_matrix(style: Style) -> tuple[tuple[float, float, float, float], tuple[float, ...]]:
    """The /BBox and /Matrix :func:`form_xobject` writes (for flattening)."""
    matrix = _ROTATIONS.get(style.rotation)
    values = tuple(float(v) for v in matrix.split()) if matrix else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (0.0, 0.0, style.width, style.height), values
