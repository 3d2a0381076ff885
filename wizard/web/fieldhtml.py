"""The HTML of one question, built in Python from a FieldView.

This was a Jinja macro; rendering it was the largest cost of a step page
(macro calls, per-call context lookups, a catalog lookup per UI string). The
markup is the same element for element: ids, classes, ``for``/``aria-*``
attributes and the text between tags are unchanged, so labels, error links,
the reveal script and the accessibility checks see the page they always saw.
Only whitespace between tags is tidier.

Every value from a FieldView goes through :func:`markupsafe.escape`, exactly
as ``{{ value }}`` did in the template; UI strings from the catalog are escaped
too (plain text, never markup: a catalog entry cannot inject HTML).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from ..i18n.review import N_
from .render import FieldView

_CHOICE_TYPES = frozenset({"yesno", "choice", "multichoice"})
_NARROW = {"postcode": " w5", "integer": " w5", "money": " w10"}
_LTR_TYPES = frozenset({"iban", "steuer_id", "email", "postcode", "phone"})
_DATE_PARTS = (("day", "w2", "2"), ("month", "w2", "2"), ("year", "w4", "4"))


def _e(value: Any) -> str:
    """``{{ value }}`` in an autoescaping template: str() then HTML-escape (None is "None")."""
    return str(escape(value))


@dataclass(frozen=True, slots=True)
class FieldText:
    """The interface strings around questions in one language, already escaped."""

    optional: str
    listen: str
    official: str
    latin_note: str
    error: str
    day: str
    month: str
    year: str
    another: str
    choose: str
    add_another: str
    why: str
    translate: str
    machine_hint: str
    manual_hint: str
    for_advisor: str
    machine_check: str
    your_text: str

    @classmethod
    def build(cls, lookup: Callable[[str], str]) -> FieldText:
        # N_() marks each text for extraction; lookup() translates it.
        def t(message: str) -> str:
            return _e(lookup(message))

        return cls(
            optional=t(N_("optional")),
            listen=t(N_("Listen")),
            official=t(N_("Official German wording:")),
            latin_note=t(N_("Write in Latin letters (A to Z), exactly as in your passport.")),
            error=t(N_("Error:")),
            day=t(N_("Day")),
            month=t(N_("Month")),
            year=t(N_("Year")),
            another=t(N_("Another one (if any)")),
            choose=t(N_("Please choose")),
            add_another=t(N_("Add another")),
            why=t(N_("Why we ask")),
            translate=t(N_("Translate into German")),
            machine_hint=t(
                N_(
                    "You can write in your own language. Then press “Translate into German”"
                    " and check the German text: only German goes into the form."
                )
            ),
            manual_hint=t(
                N_(
                    "Please write in German if you can: the form must be filled in German."
                    " If you cannot, write in your own language and tick the box below."
                )
            ),
            for_advisor=t(N_("My advisor should translate this answer into German")),
            machine_check=t(
                N_(
                    "This is a machine translation of your text into German. It goes into the"
                    " form. Please check it and change it if needed, then continue."
                )
            ),
            your_text=t(N_("Your text:")),
        )


@lru_cache(maxsize=64)
def field_text(translations: Any) -> FieldText:
    """:class:`FieldText` for a catalog (flask-babel keeps one object per locale)."""
    return FieldText.build(translations.ugettext)


def render_fields(
    fields: Iterable[tuple[FieldView, str | None, bool]], text: FieldText, *, show_official: bool
) -> Markup:
    """All questions of a page, in order: ``(view, reveal rule, hidden)`` as from build_fields."""
    # Safe to mark: every value and UI string in it went through _e() above.
    return Markup(  # noqa: S704
        "".join(
            render_field(view, rule, hidden, text, show_official=show_official)
            for view, rule, hidden in fields
        )
    )


def render_field(
    f: FieldView, rule: str | None, hidden: bool, text: FieldText, *, show_official: bool
) -> str:
    """One question: its wrapper ``div`` with label, notes, input(s) and "why we ask"."""
    fid = _e(f.id)
    out = [
        '<div class="field',
        " field-error" if f.error else "",
        f'" id="q-{fid}"',
        f' data-reveal="{_e(rule)}"' if rule else "",
        " hidden" if hidden else "",
        f' data-field="{fid}">\n',
    ]
    kind = f.type
    if kind == "info":
        title = f'<h2 class="info-title">{_e(f.label)}</h2>' if f.label else ""
        out.append(f'<div class="info-block">{title}<p>{_e(f.text)}</p></div>\n')
    elif kind in _CHOICE_TYPES and f.widget != "select":
        _options(out, f, fid, text, show_official)
    elif kind == "date":
        _date(out, f, fid, text, show_official)
    elif kind == "country":
        _country(out, f, fid, text, show_official)
    elif f.widget == "select":
        _select(out, f, fid, text, show_official)
    elif kind == "longtext":
        _label(out, f, fid, text, show_official)
        if f.free_offer:
            _free_text_before(out, f, fid, text)
        out.append(
            f'<textarea class="textarea" id="f-{fid}" name="{fid}" rows="5" dir="auto" '
            f'maxlength="{_e(f.max_length)}"{_described_by(f, invalid=True)}>'
            f"{_e(f.value or '')}</textarea>\n"
        )
        if f.free_offer:
            _free_text_after(out, f, fid, text)
    else:
        _text_input(out, f, fid, text, show_official)
    if f.why:
        out.append(
            f'<details class="why"><summary>{text.why}</summary><p>{_e(f.why)}</p></details>\n'
        )
    out.append("</div>\n")
    return "".join(out)


# --------------------------------------------------------------------------- parts


def _described_by(f: FieldView, *, invalid: bool) -> str:
    ids = f.described_by
    attr = f' aria-describedby="{_e(ids)}"' if ids else ""
    return attr + ' aria-invalid="true"' if invalid and f.error else attr


def _label_text(f: FieldView, text: FieldText) -> str:
    if f.required:
        return _e(f.label)
    return f'{_e(f.label)} <span class="optional">({text.optional})</span>'


def _listen(fid: str, text: FieldText) -> str:
    return (
        f'<button type="button" class="listen" data-listen="q-{fid}" hidden>{text.listen}</button>'
    )


def _notes(f: FieldView, fid: str, text: FieldText, show_official: bool) -> str:
    """Official wording, hint, Latin-script note and error, below the label."""
    parts = []
    if show_official and f.official:
        parts.append(
            '<p class="official" lang="de" dir="ltr"><span class="official-tag">'
            f"{text.official}</span> {_e(f.official)}</p>"
        )
    if f.hint:
        parts.append(f'<p class="hint" id="h-{fid}">{_e(f.hint)}</p>')
    if f.latin_note:
        parts.append(f'<p class="latin-note" id="l-{fid}">{text.latin_note}</p>')
    if f.error:
        parts.append(
            f'<p class="error-message" id="e-{fid}"><span class="visually-hidden">'
            f"{text.error}</span> {_e(f.error)}</p>"
        )
    return "\n".join(parts) + "\n" if parts else ""


def _legend(out: list[str], f: FieldView, fid: str, text: FieldText, role: str) -> None:
    out.append(
        f'<fieldset class="group"{role}{_described_by(f, invalid=False)}>\n'
        f'<legend class="label">{_label_text(f, text)} {_listen(fid, text)}</legend>\n'
    )


def _label(
    out: list[str], f: FieldView, fid: str, text: FieldText, show_official: bool, suffix: str = ""
) -> None:
    out.append(
        f'<label class="label" for="f-{fid}{suffix}">{_label_text(f, text)}</label> '
        f"{_listen(fid, text)}\n{_notes(f, fid, text, show_official)}"
    )


def _options(out: list[str], f: FieldView, fid: str, text: FieldText, show_official: bool) -> None:
    """Radio buttons or check boxes in a fieldset."""
    kind = "checkbox" if f.type == "multichoice" else "radio"
    _legend(out, f, fid, text, "")
    out.append(_notes(f, fid, text, show_official))
    out.append(f'<div class="options{" inline" if f.type == "yesno" else ""}">\n')
    for i, o in enumerate(f.options):
        oid = f"f-{fid}-{i}"
        checked = " checked" if o.checked else ""
        hint_ref = f' aria-describedby="h-{fid}-{i}"' if o.hint else ""
        official = ""
        if show_official and o.official and o.official != o.label:
            official = (
                f' <span class="official-inline" lang="de" dir="ltr">({_e(o.official)})</span>'
            )
        hint = f'<p class="hint option-hint" id="h-{fid}-{i}">{_e(o.hint)}</p>\n' if o.hint else ""
        out.append(
            f'<div class="option">\n'
            f'<input type="{kind}" id="{oid}" name="{fid}" value="{_e(o.value)}"{checked}{hint_ref}>\n'
            f'<label for="{oid}">{_e(o.label)}{official}</label>\n'
            f"{hint}</div>\n"
        )
    out.append("</div>\n</fieldset>\n")


def _date(out: list[str], f: FieldView, fid: str, text: FieldText, show_official: bool) -> None:
    """Day, month and year boxes in a fieldset."""
    _legend(out, f, fid, text, ' role="group"')
    out.append(_notes(f, fid, text, show_official))
    out.append('<div class="date-input" dir="ltr">\n')
    value = f.value or {}
    names = {"day": text.day, "month": text.month, "year": text.year}
    invalid = ' aria-invalid="true"' if f.error else ""
    for part, width_class, width in _DATE_PARTS:
        pid = f"f-{fid}-{part}"
        auto = f"bday-{part}" if f.autocomplete == "bday" else "off"
        out.append(
            f'<div class="date-part date-{part}">\n'
            f'<label for="{pid}">{names[part]}</label>\n'
            f'<input class="input {width_class}" id="{pid}" name="{fid}-{part}" type="text" '
            f'inputmode="numeric" maxlength="{width}" value="{_e(value.get(part, ""))}" '
            f'autocomplete="{auto}"{invalid}>\n'
            "</div>\n"
        )
    out.append("</div>\n</fieldset>\n")


def _country(out: list[str], f: FieldView, fid: str, text: FieldText, show_official: bool) -> None:
    """One select per nationality slot, and "add another"."""
    _label(out, f, fid, text, show_official, "-0")
    value = f.value
    if isinstance(value, str) or not _iterable(value):
        chosen = [value] if value else []
    else:
        chosen = list(value)
    attrs = _described_by(f, invalid=True)
    options = _country_options(f)
    for slot in range(f.country_slots):
        if slot > 0:
            out.append(
                f'<label class="label sub-label" for="f-{fid}-{slot}">{text.another}</label>\n'
            )
        current = chosen[slot] if len(chosen) > slot else ""
        out.append(
            f'<select class="select" id="f-{fid}-{slot}" name="{fid}"{attrs}>\n'
            f'<option value="">{text.choose}</option>\n'
            f"{_mark_selected(options, current)}\n</select>\n"
        )
    if f.can_add_country:
        out.append(
            f'<button class="button secondary small" type="submit" name="add_country" '
            f'value="{fid}">{text.add_another}</button>\n'
        )


def _country_options(f: FieldView) -> str:
    return "".join(f'<option value="{_e(o.value)}">{_e(o.label)}</option>' for o in f.options)


def _mark_selected(options: str, current: Any) -> str:
    """Add ``selected`` to the option whose value is ``current`` (values are unique)."""
    if not isinstance(current, str) or not current:
        return options
    tag = f'<option value="{_e(current)}">'
    return options.replace(tag, tag[:-1] + " selected>", 1)


def _select(out: list[str], f: FieldView, fid: str, text: FieldText, show_official: bool) -> None:
    """A choice shown as a drop-down list."""
    _label(out, f, fid, text, show_official)
    out.append(
        f'<select class="select" id="f-{fid}" name="{fid}"{_described_by(f, invalid=True)}>\n'
        f'<option value="">{text.choose}</option>\n'
    )
    for o in f.options:
        official = ""
        if show_official and o.official and o.official != o.label:
            official = f" – {_e(o.official)}"
        selected = " selected" if o.checked else ""
        out.append(f'<option value="{_e(o.value)}"{selected}>{_e(o.label)}{official}</option>')
    out.append("\n</select>\n")


def _text_input(
    out: list[str], f: FieldView, fid: str, text: FieldText, show_official: bool
) -> None:
    """One-line inputs: text, email, phone, postcode, IBAN, tax id, numbers, money."""
    _label(out, f, fid, text, show_official)
    kind = f.type
    prefix = '<span class="prefix" aria-hidden="true">€</span>\n' if kind == "money" else ""
    attrs = [
        f'<input class="input{_NARROW.get(kind, "")}" id="f-{fid}" name="{fid}" '
        f'type="{_e(f.input_type)}"'
    ]
    if f.inputmode:
        attrs.append(f' inputmode="{_e(f.inputmode)}"')
    if f.autocomplete:
        attrs.append(f' autocomplete="{_e(f.autocomplete)}"')
    attrs.append(' spellcheck="false" dir="ltr"' if kind in _LTR_TYPES else ' dir="auto"')
    if kind == "iban":
        attrs.append(' autocapitalize="characters"')
    if f.max_length:
        attrs.append(f' maxlength="{_e(f.max_length)}"')
    value = "" if f.value is None else _e(f.value)
    attrs.append(f' value="{value}"{_described_by(f, invalid=True)}>\n')
    unit = f'<span class="suffix">{_e(f.unit)}</span>\n' if f.unit else ""
    out.append(f'<div class="input-row">\n{prefix}{"".join(attrs)}{unit}</div>\n')


def _free_text_before(out: list[str], f: FieldView, fid: str, text: FieldText) -> None:
    """How to get a German answer; after a machine translation, the user's own words."""
    hint = text.machine_hint if f.free_offer == "machine" else text.manual_hint
    out.append(f'<p class="hint free-text-hint" id="ft-{fid}">{hint}</p>\n')
    if f.original_text:
        out.append(
            f'<div class="translation-note" id="o-{fid}"><p>{text.machine_check}</p>'
            f'<p><span class="original-tag">{text.your_text}</span> '
            f'<span class="original-text" dir="auto">{_e(f.original_text)}</span></p></div>\n'
        )


def _free_text_after(out: list[str], f: FieldView, fid: str, text: FieldText) -> None:
    """The translate button (with a model) and the box for the advisor."""
    if f.free_offer == "machine":
        out.append(
            f'<button class="button secondary small" type="submit" name="translate" '
            f'value="{fid}">{text.translate}</button>\n'
        )
    checked = " checked" if f.for_advisor else ""
    out.append(
        f'<div class="option advisor-box">\n<input type="checkbox" id="f-{fid}-advisor" '
        f'name="{fid}-advisor" value="1"{checked}>\n'
        f'<label for="f-{fid}-advisor">{text.for_advisor}</label>\n</div>\n'
    )


def _iterable(value: Any) -> bool:
    """Jinja's ``is iterable`` test."""
    try:
        iter(value)
    except TypeError:
        return False
    return True
