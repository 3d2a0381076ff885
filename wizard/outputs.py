"""What a finished application produces: bilingual review data and the summary PDF.

Shared by the web result page and the `wizard fill` command, so both give the
same documents. Only effective answers are used (engine.review already skips
hidden steps and fields).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date

from . import engine, originals
from .formdef import model as m
from .i18n import display, formtext, review, ui
from .i18n.formtext import field_path
from .i18n.languages import BY_CODE

MACHINE_NOTE_DE = (
    "Maschinelle Übersetzung der Antwort in der linken Spalte,"
    " von der antragstellenden Person bestätigt"
)
ADVISOR_NOTE_DE = "Noch nicht auf Deutsch: wird von der Beratungsstelle übersetzt"


@dataclass
class Row:
    field_id: str
    question_user: str
    answer_user: str
    question_de: str
    answer_de: str
    item: int | None = None
    free_text: str | None = None
    """originals.MACHINE: ``answer_user`` holds the user's own words and
    ``answer_de`` the German translation they kept; originals.ADVISOR: the
    answer still needs a German version from their advisor."""


@dataclass
class Section:
    step: m.Step
    title_user: str
    title_de: str
    rows: list[Row] = field(default_factory=list)
    items: list[tuple[int, str, list[Row]]] = field(default_factory=list)
    """(number, label in the user's language, rows)."""
    items_de: list[str] = field(default_factory=list)
    """The same items' labels in German."""


def _format_label_value(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return "" if value is None else str(value)


def item_label(
    form: m.FormDef, step: m.Step, item_env: Any, locale: str, *, title: bool = False
) -> str:
    """An item's label (e.g. "Kind 2: Amira") in ``locale``; German when the translation is unusable."""
    from .formdef import expressions as ex
    from .formdef.checker import index_of

    repeat = step.repeat
    assert repeat is not None
    if title and repeat.item_title:
        key, source = "item_title", repeat.item_title
    else:
        key, source = "item_label", repeat.item_label
    text = formtext.translate(form, f"steps.{step.id}.repeat.{key}", source, locale)
    if text != source:
        scope = index_of(form).groups[step.id].scope
        try:
            template = ex.parse_template(text)
            if not ex.check_template(template, scope):
                return ex.compile_template(template, scope).render(item_env, _format_label_value)
        except ex.ExpressionError:
            pass
    return engine.item_label(item_env, _format_label_value, title=title)


def _rows(
    form: m.FormDef,
    step: m.Step,
    rows: list[engine.ReviewRow],
    locale: str,
    item: int | None,
    notes: Mapping[str, originals.Original],
) -> list[Row]:
    out = []
    for r in rows:
        path = field_path(step, r.field)
        row = Row(
            r.field.id,
            formtext.translate(form, f"{path}.label", r.field.label, locale),
            display.format_answer(form, r.field, path, r.value, locale),
            r.field.official or r.field.label,
            display.official_answer(r.field, r.value),
            item,
        )
        note = originals.applies(notes.get(originals.path(step.id, item, r.field.id)), r.value)
        if note is not None:
            row.free_text = note.mode
            if note.mode == originals.MACHINE:
                row.answer_user = note.text
        out.append(row)
    return out


def review_sections(
    form: m.FormDef,
    answers: dict[str, Any],
    locale: str,
    on: dt.date | None = None,
    *,
    state: Mapping[str, Any] | None = None,
) -> list[Section]:
    """Every visible answer, with question and answer in ``locale`` and in German.

    ``state`` (the draft's) supplies free text kept in the user's own words.
    """
    notes = originals.load(state)
    sections = []
    env = engine.env_for(form, answers, on)
    for entry in engine.review(form, answers, on):
        step = entry.step
        title = formtext.translate(form, f"steps.{step.id}.title", step.title, locale)
        section = Section(step, title, step.title)
        section.rows = _rows(form, step, entry.rows, locale, None, notes)
        item_envs = {e.index: e for e in env.items(step.id)} if step.repeat else {}
        for item in entry.items:
            item_env = item_envs.get(item.number)
            label = item_label(form, step, item_env, locale) if item_env is not None else item.label
            rows = _rows(form, step, item.rows, locale, item.number, notes)
            section.items.append((item.number, label, rows))
            section.items_de.append(item.label)
        sections.append(section)
    return sections


def computed_rows(form: m.FormDef, answers: dict[str, Any], locale: str) -> list[Row]:
    """Computed values that have a label (e.g. "Warmmiete"), for the review and summary."""
    from .formdef.expr_runtime import official_text

    values = engine.computed_values(form, answers)
    rows = []
    for c in form.computed:
        value = values.get(c.id)
        if not c.label or value is None or value == "":
            continue
        text = official_text(value)
        rows.append(
            Row(
                c.id,
                formtext.translate(form, f"computed.{c.id}.label", c.label, locale),
                text,
                c.label,
                text,
            )
        )
    return rows


def checklist(form: m.FormDef, answers: dict[str, Any], locale: str) -> list[tuple[str, str]]:
    """(text in ``locale``, German) of every document to bring."""
    return [
        (
            formtext.translate(form, f"documents.{d.id}.label", d.label, locale),
            d.official or d.label,
        )
        for d in engine.checklist(form, answers)
    ]


def summary_pdf(
    form: m.FormDef,
    answers: dict[str, Any],
    locale: str,
    *,
    submit_text: str = "",
    resume_code: str | None = None,
    resume_url: str | None = None,
    draft_notice: str = "",
    today: dt.date | None = None,
    state: Mapping[str, Any] | None = None,
) -> bytes:
    """The summary PDF: answers side by side, checklist, where to submit, what next.

    ``state`` (the draft's): free text kept in the user's own words appears
    beside its German translation, and answers left for an advisor say so.
    """
    from .pdf.summary import (
        SummaryAnswer,
        SummaryDocument,
        SummaryLabels,
        SummarySection,
        render_summary,
    )

    lang = BY_CODE.get(locale) or BY_CODE["de"]
    tr = ui.gettext

    def answer(r: Row) -> SummaryAnswer:
        user, german = r.answer_user, r.answer_de
        if r.free_text == originals.MACHINE:
            user += (
                "\n(" + tr(locale, "Translated into German by machine and checked by you.") + ")"
            )
            german += "\n(" + MACHINE_NOTE_DE + ")"
        elif r.free_text == originals.ADVISOR:
            user += "\n(" + tr(locale, "Your advisor will translate this answer into German.") + ")"
            german += "\n(" + ADVISOR_NOTE_DE + ")"
        return SummaryAnswer(r.question_user, user, r.question_de, german)

    sections = []
    for s in review_sections(form, answers, locale, state=state):
        answers_ = [answer(r) for r in s.rows]
        for (_number, label, rows), label_de in zip(s.items, s.items_de, strict=True):
            answers_.append(SummaryAnswer(label, "", label_de, ""))
            answers_ += [answer(r) for r in rows]
        sections.append(SummarySection(s.title_user, s.title_de, answers_))
    computed = computed_rows(form, answers, locale)
    if computed:
        sections.append(
            SummarySection(
                tr(locale, "Calculated from your answers"),
                "Aus Ihren Angaben berechnet",
                [
                    SummaryAnswer(r.question_user, r.answer_user, r.question_de, r.answer_de)
                    for r in computed
                ],
            )
        )
    when = format_date(today or dt.date.today(), "long", locale=locale)
    next_text = formtext.translate(form, "next_steps", form.next_steps or "", locale)
    doc = SummaryDocument(
        language=locale,
        rtl=lang.rtl,
        title_user=formtext.translate(form, "title", form.title, locale),
        title_de=form.title,
        sections=sections,
        labels=SummaryLabels(
            page=tr(locale, "Page {page} of {pages}"),
            column_user=lang.native,
            column_de="Deutsch",
            generated_on=tr(locale, "Made on {date}"),
            draft_notice=draft_notice or (review.draft_notice(locale) or ""),
        ),
        generated_on=when,
        checklist_heading=tr(locale, "Documents to bring"),
        checklist=checklist(form, answers, locale),
        submit_heading=tr(locale, "Where and how to submit"),
        submit_text=submit_text,
        next_heading=tr(locale, "What happens next"),
        next_text=next_text,
        resume_label=tr(locale, "Your resume code"),
        resume_code=resume_code,
        resume_url=resume_url,
    )
    return render_summary(doc)


def submit_text(form: m.FormDef, locale: str, office: Any | None) -> str:
    """Where and how to submit, in ``locale``: the form's text plus the office, if known."""
    parts = []
    if form.submit:
        parts.append(formtext.translate(form, "submit.text", form.submit.text, locale))
        if form.submit.deadline:
            deadline = formtext.translate(form, "submit.deadline", form.submit.deadline, locale)
            parts.append(ui.gettext(locale, "Deadline: %(deadline)s", deadline=deadline))
    if office is not None:
        lines = [office.office, office.address]
        if office.opening_hours:
            lines.append(office.opening_hours)
        if office.appointment:
            lines.append(office.appointment)
        if office.online_url:
            lines.append(office.online_url)
        parts.append("\n".join(lines))
    return "\n\n".join(parts)
