"""Check your answers, the result page and its PDFs, continue later, delete."""

from __future__ import annotations

import io
import logging

import segno
from flask import (
    Response,
    abort,
    g,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from .. import engine, originals, outputs
from ..formdef import model as m
from ..i18n.formtext import field_path
from ..pdf import mapping
from ..pdf.errors import FormError
from ..pdf.overlay import OverlayError
from ..pdf.rl_text import UncoveredTextError
from ..store import DraftNotFound
from .drafts import Current, clear_cookie, require, store
from .i18n_web import lang
from .views_wizard import bp, texts

log = logging.getLogger(__name__)
PRINT_ERRORS = (FormError, OverlayError, UncoveredTextError)


@bp.route("/check", methods=["GET", "POST"])
def check() -> Response | str:
    form = g.form
    cur = require(form)
    answers = cur.answers
    missing = engine.missing(form, answers)
    incomplete = not engine.is_complete(form, answers)
    if request.method == "POST":
        if not incomplete:
            store().mark_finished(cur.key)
            return redirect(url_for("wizard.done"))
    sections = outputs.review_sections(form, answers, lang().code, state=cur.state)
    first_gap = missing[0].step_id if missing else engine.first_unfinished_step(form, answers)
    if incomplete and first_gap is None:
        first_gap = next(
            (
                s.id
                for s in engine.visible_steps(form, answers)
                if s.repeat is not None and engine.check_group(form, s.id, answers)
            ),
            None,
        )
    steps = engine.visible_steps(form, answers)
    return render_template(
        "check.html",
        form=form,
        t=texts(),
        sections=sections,
        computed=outputs.computed_rows(form, answers, lang().code),
        incomplete=incomplete,
        first_gap=first_gap,
        tried=request.method == "POST",
        back=url_for("wizard.step", step_id=steps[-1].id) if steps else None,
    ), (422 if request.method == "POST" and incomplete else 200)


@bp.route("/done")
def done() -> Response | str:
    form = g.form
    cur = require(form)
    if not engine.is_complete(form, cur.answers):
        return redirect(url_for("wizard.check"))
    office = g.library.office(form)
    locale = lang().code
    t = texts()
    outputs_ = [
        {
            "title": t(f"pdf.{o.id}.title", o.title),
            "url": url_for("wizard.official_pdf", output_id=o.id),
        }
        for o in mapping.wanted(form, cur.answers)
    ]
    return render_template(
        "done.html",
        outputs=outputs_,
        form=form,
        t=texts(),
        checklist=outputs.checklist(form, cur.answers, locale),
        submit_text=outputs.submit_text(form, locale, office),
        office=office,
        example_profile=bool(g.library.profile and g.library.profile.example),
        next_steps=texts()("next_steps", form.next_steps),
        for_advisor=_for_advisor(form, cur),
    )


def _for_advisor(form: m.FormDef, cur: Current) -> list[dict[str, str]]:
    """Answers the user left for their advisor to translate: question and a link to change it."""
    t = texts()
    rows = []
    for step, number, row in originals.awaiting_advisor(form, cur.answers, cur.state):
        path = field_path(step, row.field)
        if number is None:
            url = url_for("wizard.step", step_id=step.id)
        else:
            pages = engine.item_pages(form, step.id, cur.answers, number)
            page = next((p for p in pages if row.field in p.fields), pages[0])
            url = url_for("wizard.item", step_id=step.id, number=number, page_id=page.id)
        rows.append({"question": t(f"{path}.label", row.field.label), "url": url})
    return rows


@bp.route("/summary.pdf")
def summary_pdf() -> Response:
    form = g.form
    cur = require(form)
    locale = lang().code
    try:
        data = outputs.summary_pdf(
            form,
            cur.answers,
            locale,
            submit_text=outputs.submit_text(form, locale, g.library.office(form)),
            state=cur.state,
        )
    except PRINT_ERRORS as error:
        return _unprintable(error, cur.answers)
    return _pdf(data, f"{form.id}-zusammenfassung.pdf")


@bp.route("/pdf/<output_id>.pdf")
def official_pdf(output_id: str) -> Response:
    """The official form, filled in German. Made on request, never stored."""
    form = g.form
    cur = require(form)
    output = next((o for o in mapping.wanted(form, cur.answers) if o.id == output_id), None)
    if output is None:
        abort(404)
    if not engine.is_complete(form, cur.answers):
        return redirect(url_for("wizard.check"))
    try:
        plan = mapping.plan(form, cur.answers, output)
        data = mapping.render(form, plan)
    except PRINT_ERRORS as error:
        return _unprintable(error, cur.answers)
    return _pdf(data, f"{form.id}-{output.id}.pdf")


def _unprintable(error: Exception, answers: dict | None = None) -> Response:
    """An answer holds a character no font can print (an emoji, say): name it, kindly."""
    log.info("PDF not drawn: %s", type(error).__name__)
    culprit = _unprintable_answer(g.form, answers or {})
    html = render_template(
        "error.html",
        kind="unprintable",
        back=culprit[1] if culprit else url_for("wizard.check"),
        culprit=culprit[0] if culprit else None,
    )
    return make_response(html, 422)


def _unprintable_answer(form, answers: dict) -> tuple[str, str] | None:
    """(question in the user's language, link to change it) of the first unprintable answer."""
    from ..pdf.fonts import uncovered

    for section in outputs.review_sections(form, answers, lang().code):
        rows = section.rows + [r for _number, _label, item_rows in section.items for r in item_rows]
        for row in rows:
            if uncovered(row.answer_de):
                link = url_for("wizard.step", step_id=section.step.id)
                return f"{row.question_user}: {row.answer_user}", link
    return None


def _pdf(data: bytes, name: str) -> Response:
    response = send_file(io.BytesIO(data), mimetype="application/pdf", download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/save", methods=["GET", "POST"])
def save() -> Response | str:
    """Continue later: a resume code, a link and a QR code."""
    form = g.form
    cur = require(form)
    if request.method == "GET":
        return render_template("save.html", form=form, t=texts(), code=None)
    code = store().issue_resume_code(cur.key)
    link = url_for("public.resume_link", code=str(code).replace("-", ""), _external=True)
    qr = segno.make(link, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=False)
    return render_template("save.html", form=form, t=texts(), code=code, link=link, qr=qr)


@bp.route("/delete", methods=["GET", "POST"])
def delete() -> Response | str:
    form = g.form
    if request.method == "POST":
        cur = require(form)
        try:
            store().delete(cur.key)
        except DraftNotFound:
            pass
        response = make_response(render_template("deleted.html", form=form, t=texts()))
        clear_cookie(response, form.id)
        return response
    require(form)
    return render_template("delete.html", form=form, t=texts())
