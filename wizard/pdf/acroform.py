"""Fill official AcroForm PDFs: the public entry points of the PDF form layer.

``list_fields`` describes a form's fields; ``fill`` returns the filled PDF.
Both take a path, the PDF bytes, a binary file or a ``pypdf.PdfReader``;
paths are parsed once and cached (see ``templates``), so filling the same
official form again costs only the fill itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.pdf import fill as _fill
from wizard.pdf import templates
from wizard.pdf.errors import FieldProblem, FillError, FormError, TemplateError
from wizard.pdf.fields import PdfField, Widget

__all__ = [
    "FieldProblem",
    "FillError",
    "FormError",
    "PdfField",
    "TemplateError",
    "Widget",
    "fill",
    "list_fields",
]


def list_fields(path_or_reader: templates.TemplateSource) -> list[PdfField]:
    """Every terminal field of the form, in document order.

    Raises :class:`TemplateError` for files that are not readable PDFs.
    """
    return templates.load(path_or_reader).public_fields()


def fill(
    template: templates.TemplateSource,
    values: Mapping[str, object],
    *,
    flatten: bool = False,
    truncate: bool = False,
) -> bytes:
    """The template with ``values`` filled in, as PDF bytes.

    Values by fully qualified field name: text fields and combo boxes take
    strings, check boxes ``True``/``False`` (or an on-state name when the box
    has several), radio groups an option (on-state name or /Opt export
    value), list boxes an option or, when multi-select, a list of options.
    Every filled widget gets an appearance stream, so all viewers show the
    values without regenerating them. ``flatten`` draws the fields into the
    pages and removes the form. ``truncate`` cuts text longer than the
    field's /MaxLen instead of refusing it.

    Raises :class:`FillError` (listing every problem, each naming its field)
    before anything is written, and :class:`TemplateError` for unusable files.
    """
    return _fill.fill(template, values, flatten_form=flatten, truncate=truncate)
