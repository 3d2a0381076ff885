"""From answers to a filled official PDF: the form's `pdf:` block, carried out.

For each output the mapping evaluates its value expressions over the
*effective* answers (hidden steps never reach a PDF), turns each value into
what the field wants (German wording, DD.MM.YYYY, a ticked box), splits values
over boxes, spreads repeat items over numbered slots, and sends what does not
fit — too long for a field, or more items than the form has room for — to an
addendum page ("Anlage"), writing "siehe Anlage" in the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import engine
from ..formdef import model as m
from ..formdef.checker import index_of, resolve_template
from ..formdef.expr_ast import Name
from ..formdef.expr_runtime import official_text
from ..formdef.expressions import parse
from ..i18n.display import official_answer
from . import acroform, addendum, fit, overlay

SEE_ADDENDUM = "siehe Anlage"
SEE_ADDENDUM_SHORT = "s. Anl."


@dataclass
class Plan:
    """What will be written into one output."""

    output: m.PdfOutput
    template: Path
    values: dict[str, Any] = field(default_factory=dict)
    placements: list[overlay.Placement] = field(default_factory=list)
    addendum: list[tuple[str, str]] = field(default_factory=list)


class MappingError(Exception):
    """The answers cannot be written into the form (names the output and field)."""


def available(form: m.FormDef, output: m.PdfOutput) -> bool:
    """Whether the output's template is there (official PDFs may be absent)."""
    return output.kind == "drawn" or resolve_template(form, output.template).is_file()


def wanted(
    form: m.FormDef, answers: dict[str, Any], on: dt.date | None = None
) -> list[m.PdfOutput]:
    """The outputs these answers produce: template present and `when` true."""
    env = engine.output_env(form, answers, on)
    ix = index_of(form)
    result = []
    for output in form.pdf:
        if output.kind == "drawn" or not available(form, output):
            continue
        condition = ix.expr(output, "when")
        if condition is None or condition(env) is True:
            result.append(output)
    return result


def _plain_field(mp: m.PdfField, fields: dict[str, m.FieldBase]) -> m.FieldBase | None:
    """The field when the value is just one answer's name (so its wording can be used)."""
    root = parse(mp.value).root
    return fields.get(root.name) if isinstance(root, Name) else None


def _convert(mp: m.PdfField, value: Any, plain: m.FieldBase | None, stored: Any) -> Any:
    """A value as the PDF field wants it; None leaves the field empty."""
    if mp.format == "checkbox":
        return value is True
    if value is None or value == "" or value == []:
        return None
    if mp.map is not None:
        codes = value if isinstance(value, list) else [value]
        mapped = [mp.map.get(str(code), str(code)) for code in codes]
        return ", ".join(mapped)
    if mp.format == "date" and isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if mp.format == "date_compact" and isinstance(value, dt.date):
        return value.strftime("%d%m%Y")
    if mp.format == "money" and isinstance(value, Decimal | int):
        return official_text(Decimal(value))
    if mp.format == "integer" and isinstance(value, Decimal | int):
        return str(int(value))
    if mp.format == "upper":
        return official_text(value).upper()
    if isinstance(value, bool) and mp.format is None:
        return value
    if plain is not None and stored is not None:
        return official_answer(plain, stored)
    return official_text(value)


def _split(text: str, boxes: list[str], chunks: list[int] | None) -> dict[str, str]:
    sizes = chunks or [1] * len(boxes)
    out, start = {}, 0
    for box, size in zip(boxes, sizes, strict=False):
        out[box] = text[start : start + size]
        start += size
    return out


def _label(mp: m.PdfField, plain: m.FieldBase | None, target: str) -> str:
    """The German label of a value in the addendum and in messages."""
    if mp.label:
        return mp.label
    if plain is not None:
        return plain.official or plain.label
    return target.replace("{n}", "").strip(" _")


def _as_text(value: Any) -> str:
    """A value for a text box: yes/no as the form writes it, everything else as text."""
    if isinstance(value, bool):
        return "Ja" if value else "Nein"
    return official_text(value)


class _Planner:
    def __init__(
        self, form: m.FormDef, answers: dict[str, Any], output: m.PdfOutput, on: dt.date | None
    ):
        self.form = form
        self.ix = index_of(form)
        self.output = output
        self.env = engine.output_env(form, answers, on)
        self.plan = Plan(output, resolve_template(form, output.template))
        self.acro = output.kind == "acroform"
        self.kinds: dict[str, str] = {}
        self.tooltips: dict[str, str] = {}
        if self.acro:
            fields = acroform.list_fields(self.plan.template)
            self.kinds = {f.name: f.type for f in fields}
            self.tooltips = {f.name: f.tooltip for f in fields if f.tooltip}

    def put(
        self, mp: m.PdfField, target: str, value: Any, label: str, overlay_name: str | None = None
    ) -> None:
        if value is None:
            return
        if self.acro:
            kind = self.kinds.get(target)
            if kind == "checkbox" and not isinstance(value, bool):
                value = bool(value)
            if kind in ("text", "choice") and isinstance(value, bool):
                value = _as_text(value)
            if (
                kind == "text"
                and isinstance(value, str)
                and not fit.fits(self.plan.template, target, value)
            ):
                self.plan.addendum.append((label, value))
                value = SEE_ADDENDUM
            self.plan.values[target] = value
            return
        name = overlay_name or target
        placement = _placement(mp, name, label)
        if placement.kind is not overlay.Kind.CROSS and isinstance(value, bool):
            value = _as_text(value)
        self.plan.placements.append(placement)
        self.plan.values[name] = value

    def mapping(
        self, mp: m.PdfField, env: Any, fields: dict[str, m.FieldBase], slot: int | None
    ) -> None:
        compiled = self.ix.expr(mp, "value")
        if compiled is None:
            return
        value = compiled(env)
        plain = _plain_field(mp, fields)
        stored = env.answers.get(plain.id) if plain is not None else None
        converted = _convert(mp, value, plain, stored)
        if converted is None:
            return
        if mp.boxes:
            for box, part in _split(official_text(converted), mp.boxes, mp.chunks).items():
                self.put(mp, box, part or None, _label(mp, plain, box))
            return
        if slot is not None and mp.slots is not None:
            target = mp.slots[slot - 1]
        elif mp.field is not None:
            target = mp.field.replace("{n}", str(slot)) if slot is not None else mp.field
        else:
            target = f"{mp.page}:{mp.x}:{mp.y}"
        suffix = f"#{slot}" if slot is not None else ""
        label = (
            mp.label or (None if plain else self.tooltips.get(target)) or _label(mp, plain, target)
        )
        self.put(mp, target, converted, label, overlay_name=f"{target}{suffix}")

    def run(self) -> Plan:
        top = self.ix.fields
        for mp in self.output.fields:
            self.mapping(mp, self.env, top, None)
        for rep in self.output.repeats:
            gix = self.ix.groups[rep.group]
            for item_env in self.env.items(rep.group):
                number = item_env.index or 0
                if number <= rep.slots:
                    for mp in rep.fields:
                        self.mapping(mp, item_env, gix.fields, number)
                else:
                    self._overflow_item(rep, gix, item_env)
        return self.plan

    def _overflow_item(self, rep: m.PdfRepeat, gix: Any, item_env: Any) -> None:
        """An item beyond the form's slots: every mapped value goes to the addendum."""
        heading = engine.item_label(item_env)
        for mp in rep.fields:
            compiled = self.ix.expr(mp, "value")
            if compiled is None:
                continue
            plain = _plain_field(mp, gix.fields)
            stored = item_env.answers.get(plain.id) if plain is not None else None
            value = _convert(mp, compiled(item_env), plain, stored)
            if value is None or value is False and mp.format == "checkbox":
                continue  # an unticked box says nothing in the addendum
            label = _label(mp, plain, mp.field or (mp.slots or [""])[0])
            self.plan.addendum.append((f"{heading} – {label}", _as_text(value)))


def _placement(mp: m.PdfField, name: str, label: str) -> overlay.Placement:
    kind = {"cross": overlay.Kind.CROSS, "comb": overlay.Kind.COMB}.get(
        mp.mark or "text", overlay.Kind.TEXT
    )
    return overlay.Placement(
        name=name,
        page=mp.page or 1,
        x=mp.x or 0.0,
        y=mp.y or 0.0,
        width=mp.width or 10.0,
        height=mp.height or 10.0,
        kind=kind,
        font_size=mp.size or 10.0,
        min_font_size=min(6.0, mp.size or 10.0),
        align=overlay.Align(mp.align) if mp.align else None,
        cells=mp.cells,
        label=label,
    )


def plan(
    form: m.FormDef, answers: dict[str, Any], output: m.PdfOutput, on: dt.date | None = None
) -> Plan:
    """What goes where in ``output``, for these answers."""
    if output.kind == "drawn":
        raise MappingError(f"{output.id}: drawn outputs are made by their template module")
    return _Planner(form, answers, output, on).run()


def render(form: m.FormDef, p: Plan, *, applicant: str | None = None) -> bytes:
    """The filled PDF of a plan, with its addendum pages appended when needed."""
    output = p.output
    values = dict(p.values)
    entries = list(p.addendum)
    if output.kind == "acroform":
        data = acroform.fill(p.template, values, flatten=output.flatten)
    else:
        overflows = overlay.find_overflows(p.placements, values)
        if overflows:
            entries += [o.addendum_entry for o in overflows]
            values = overlay.defer_overflows(values, overflows, SEE_ADDENDUM)
            # a box too small even for the note gets the short form, then stays empty
            for note in (SEE_ADDENDUM_SHORT, ""):
                still = overlay.find_overflows(p.placements, values)
                if not still:
                    break
                values = overlay.defer_overflows(values, still, note)
        data = overlay.overlay(p.template, p.placements, values)
    if entries:
        data = addendum.append_pages(
            data, addendum.render_addendum(form.title, entries, applicant=applicant)
        )
    return data


def filled_outputs(
    form: m.FormDef, answers: dict[str, Any], on: dt.date | None = None
) -> list[tuple[m.PdfOutput, bytes]]:
    """Every output this deployment can produce for these answers, filled."""
    return [(o, render(form, plan(form, answers, o, on))) for o in wanted(form, answers, on)]
