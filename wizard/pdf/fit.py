"""Does a text fit its form field at a readable size?

The filler shrinks text down to 4 pt before it clips. A name in 4 pt is not
something an office can read, so the mapping asks here first: text that would
need less than ``READABLE`` points goes to the addendum (Anlage), and the
field says "siehe Anlage".
"""

from __future__ import annotations

from wizard.pdf import decoration, layout, templates
from wizard.pdf.fields import COMB, MULTILINE

READABLE = 6.0  # points


def _needed_single(style: decoration.Style, line: layout.Line) -> float:
    pad_x = style.inset + 2
    avail_w = max(style.width - 2 * pad_x, 1.0)
    return avail_w / line.width if line.width else 99.0


def _fits_multiline(style: decoration.Style, ts: layout.Typesetter, text: str, size: float) -> bool:
    pad_x, pad_y = style.inset + 2, style.inset + 1
    avail_w, avail_h = max(style.width - 2 * pad_x, 1.0), max(style.height - 2 * pad_y, 1.0)
    lines = ts.wrap(text, avail_w / size)
    return size * max(line.height for line in lines) * len(lines) <= avail_h


def fits(
    template: templates.TemplateSource, field: str, text: str, minimum: float = READABLE
) -> bool:
    """Whether ``text`` shows in text field ``field`` at ``minimum`` points or more.

    Unknown fields and non-text fields count as fitting: the filler reports those.
    """
    tpl = templates.load(template)
    node = tpl.fields.get(field)
    if node is None or node.kind != "text" or not text:
        return True
    if node.max_len and len(text) > node.max_len:
        return False  # longer than the field allows: the addendum takes it
    if node.max_len and node.flags & COMB:
        return True
    ts = layout.Typesetter(node.bold)
    for widget in node.widgets:
        style = decoration.style_for(widget, node.da, node.q)
        if node.flags & MULTILINE:
            if not _fits_multiline(style, ts, text, minimum):
                return False
        else:
            line = ts.line(text, layout.is_rtl(text))
            if "\n" in text or _needed_single(style, line) < minimum:
                return False
    return True
