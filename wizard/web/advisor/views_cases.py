"""Cases: the list, hand-off by resume code, desk mode, a case, its answers, PDFs, notes, log."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import segno
from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime
from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from ... import engine, outputs
from ...formdef import model as m
from ...formdef.checker import index_of
from ...i18n import formtext, freetext, languages
from ...originals import ADVISOR, MACHINE
from ...originals import path as item_path
from ...pdf import mapping
from ...store import CaseNotFound, DraftNotFound, audit
from ...store.cases import MAX_NOTES_CHARS
from ...store.resume_codes import normalise
from ..i18n_web import lang
from . import bp
from .auth import _client_bucket, advisors, cases, current, record
from .casectx import (
    FREE_TEXT,
    CaseCtx,
    client_label,
    load,
    progress,
    remember_client_lang,
    store,
)

STATUSES = ("open", "closed", "all")


# --------------------------------------------------------------------------- template helpers


def language_name(code: str) -> str:
    """A language's name in the advisor's language, e.g. "Arabisch" (its own name beside)."""
    language = languages.get(code)
    if language is None:
        return code
    try:
        name = Locale.parse(language.code).get_display_name(lang().code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or language.english


def _zone() -> dt.tzinfo:
    try:
        return ZoneInfo(current_app.config.get("ADVISOR_TIMEZONE", "Europe/Berlin"))
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def when(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(value, "short", tzinfo=_zone(), locale=lang().code)


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"language_name": language_name, "when": when}


def _form_title(form: m.FormDef) -> str:
    return formtext.translate(form, "title", form.title, lang().code)


# --------------------------------------------------------------------------- the list


@bp.route("/")
def index() -> str:
    advisor = current()
    status = request.args.get("status", "open")
    if status not in STATUSES:
        status = "open"
    library = current_app.extensions["wizard.library"]
    rows = []
    for case in cases().list(advisor, status=None if status == "all" else status):
        form = library.get(case.form_id)
        done, who = None, ""
        if form is not None:
            try:
                draft = store().open(cases().unlock(advisor, case))
            except (CaseNotFound, DraftNotFound):
                continue  # the slot is gone: nothing to show
            done, who = progress(form, draft.answers), client_label(form, draft.answers)
        rows.append(
            {
                "case": case,
                "title": _form_title(form) if form else case.form_id,
                "who": who,
                "progress": done,
            }
        )
    return render_template("advisor/cases.html", rows=rows, status=status)


# --------------------------------------------------------------------------- hand-off


def _code_from(text: str) -> str:
    """The code from what was typed or pasted: a code, or a resume link ``…/r/<code>``."""
    text = (text or "").strip()[:300]
    if "/r/" in text:
        text = text.rsplit("/r/", 1)[1].split("?", 1)[0].split("#", 1)[0]
    return text[:40]


@bp.route("/open", methods=["GET", "POST"])
def open_case() -> Response | tuple[str, int]:
    advisor = current()
    error = None
    code = ""  # never taken from the query string: codes stay out of URLs and logs
    consent = False
    if request.method == "POST":
        code = _code_from(request.form.get("code", ""))
        consent = request.form.get("consent") == "yes"
        limit, window = current_app.config["RESUME_RATE_LIMIT"]
        limited = store().hit_rate_limit("advisor-open:" + advisor.advisor_id, limit, window)
        limited = store().hit_rate_limit(_client_bucket("resume:"), limit, window) or limited
        if limited:
            error = "rate"
        elif normalise(code) is None:
            error = "format"
        elif not consent:
            error = "consent"
        else:
            try:
                key = cases().unlock_resume(code)
                draft = store().open(key)
            except DraftNotFound:
                draft = None
            if draft is None or current_app.extensions["wizard.library"].get(draft.form_id) is None:
                error = "unknown"
            else:
                case, is_new = cases().receive(advisor, key)
                record("received" if is_new else "opened", case)
                return redirect(url_for("advisor.case", case_id=case.id))
    status = {None: 200, "rate": 429}.get(error, 422)
    return render_template("advisor/open.html", error=error, code=code, consent=consent), status


@bp.route("/r/<code>")
def open_link(code: str) -> tuple[str, int]:
    """A scanned resume link, opened on the advisor's device: asks first, does nothing yet."""
    return render_template("advisor/open.html", error=None, code=code[:40], consent=False), 200


# --------------------------------------------------------------------------- desk mode


@bp.route("/desk", methods=["GET", "POST"])
def desk() -> Response | tuple[str, int]:
    advisor = current()
    library = current_app.extensions["wizard.library"]
    forms = library.offered()
    error = None
    chosen_form = request.form.get("form_id", forms[0].id if len(forms) == 1 else "")
    chosen_lang = request.form.get("client_lang", "")
    if request.method == "POST":
        form = library.get(chosen_form)
        client = languages.get(chosen_lang)
        if form is None or form not in forms:
            error = "form"
        elif client is None:
            error = "language"
        else:
            case, _key = cases().start_desk(advisor, form.id, client.code)
            record("created", case)
            remember_client_lang(case.id, client.code)
            first = engine.next_step(form, {}, None)
            return redirect(url_for("advisor.step", case_id=case.id, step_id=first.id))
    return render_template(
        "advisor/desk.html",
        forms=[(f, _form_title(f)) for f in forms],
        error=error,
        chosen_form=chosen_form,
        chosen_lang=chosen_lang,
    ), (422 if error else 200)


# --------------------------------------------------------------------------- one case


def _continue_url(ctx: CaseCtx) -> str:
    target = engine.first_unfinished_step(ctx.form, ctx.answers)
    if target is None:
        return url_for("advisor.answers", case_id=ctx.case.id)
    return url_for("advisor.step", case_id=ctx.case.id, step_id=target)


def _official_outputs(ctx: CaseCtx) -> list[dict[str, str]]:
    t = formtext.translate
    return [
        {
            "title": t(ctx.form, f"pdf.{o.id}.title", o.title, lang().code),
            "url": url_for("advisor.official_pdf", case_id=ctx.case.id, output_id=o.id),
        }
        for o in ctx.form.pdf
        if mapping.available(ctx.form, o) and o.kind != "drawn"
    ]


@bp.route("/cases/<case_id>")
def case(case_id: str) -> str:
    ctx = load(case_id)
    record("opened", ctx.case)
    return _case_page(ctx)


def _case_page(ctx: CaseCtx, *, notes_error: str | None = None, notes: str | None = None) -> str:
    return render_template(
        "advisor/case.html",
        ctx=ctx,
        title=_form_title(ctx.form),
        who=client_label(ctx.form, ctx.answers),
        progress=progress(ctx.form, ctx.answers),
        notes=cases().notes(ctx.case, ctx.key) if notes is None else notes,
        notes_error=notes_error,
        max_notes=MAX_NOTES_CHARS,
        log=audit.for_case(advisors().engine, ctx.case.id),
        continue_url=_continue_url(ctx),
        outputs=_official_outputs(ctx),
    )


@bp.route("/cases/<case_id>/continue")
def continue_case(case_id: str) -> Response:
    return redirect(_continue_url(load(case_id)))


def _fields_by_id(form: m.FormDef) -> dict[tuple[str | None, str], m.FieldBase]:
    ix = index_of(form)
    found: dict[tuple[str | None, str], m.FieldBase] = {
        (None, fid): f for fid, f in ix.fields.items()
    }
    for group_id, group in ix.groups.items():
        found.update({(group_id, fid): f for fid, f in group.fields.items()})
    return found


def _machine_translation(locale: str, text: str) -> str | None:
    """A German machine translation of free text the client wrote, when one can be made."""
    if locale == "de" or not text.strip() or not freetext.available(locale):
        return None
    translated = freetext.to_german(locale, text)
    return translated if translated and translated.strip() != text.strip() else None


def _answer_row(
    r: outputs.Row,
    fields: dict[tuple[str | None, str], m.FieldBase],
    group: str | None,
    originals: dict[str, str],
    locale: str,
) -> dict[str, Any]:
    f = fields.get((group, r.field_id))
    free = f is not None and f.type in FREE_TEXT  # type: ignore[attr-defined]
    original = originals.get(item_path(group or "", r.item, r.field_id))
    machine = r.free_text == MACHINE  # the client kept a machine translation of their words
    return {
        "row": r,
        "free": free,
        "not_latin": free and not _latin(r.answer_de),
        "original": original,
        "translation": _machine_translation(locale, r.answer_de) if free and not machine else None,
        "client_machine": machine,
        "client_asks": r.free_text == ADVISOR,
    }


def _latin(text: str) -> bool:
    """Whether every letter is a Latin one (what a German form can take as it is)."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in text)


@bp.route("/cases/<case_id>/answers")
def answers(case_id: str) -> str:
    """Every answer in German for the form, the client's wording beside: printable."""
    ctx = load(case_id)
    client = ctx.client_lang
    fields = _fields_by_id(ctx.form)
    originals = ctx.originals
    editable = not ctx.case.closed
    sections = []
    for s in outputs.review_sections(ctx.form, ctx.answers, client.code, state=ctx.state):
        step_id = s.step.id
        if s.step.repeat is None:
            change = url_for(
                "advisor.step", case_id=case_id, step_id=step_id, **{"return": "answers"}
            )
            groups = [(None, s.rows, change)]
        else:
            first_page = s.step.repeat.item_pages[0].id
            groups = [
                (
                    label,
                    rows,
                    url_for(
                        "advisor.item",
                        case_id=case_id,
                        step_id=step_id,
                        number=number,
                        page_id=first_page,
                    ),
                )
                for number, label, rows in s.items
            ]
        section = {"title_de": s.title_de, "title_user": s.title_user, "groups": []}
        for label, rows, change in groups:
            group = step_id if s.step.repeat else None
            section["groups"].append(
                {
                    "label": label,
                    "change": change if editable else None,
                    "rows": [_answer_row(r, fields, group, originals, client.code) for r in rows],
                }
            )
        if s.step.repeat is not None and editable:
            section["list_url"] = url_for("advisor.step", case_id=case_id, step_id=step_id)
        sections.append(section)
    done = progress(ctx.form, ctx.answers)
    return render_template(
        "advisor/answers.html",
        ctx=ctx,
        title=_form_title(ctx.form),
        who=client_label(ctx.form, ctx.answers),
        client_lang=client,
        sections=sections,
        progress=done,
        outputs=_official_outputs(ctx) if done.complete else [],
        first_gap=None if done.complete else _continue_url(ctx),
    )


@bp.route("/cases/<case_id>/finish", methods=["POST"])
def finish(case_id: str) -> Response:
    ctx = load(case_id)
    if engine.is_complete(ctx.form, ctx.answers):
        store().mark_finished(ctx.key)
        record("finished", ctx.case)
    return redirect(url_for("advisor.answers", case_id=case_id))


# --------------------------------------------------------------------------- PDFs


def _pdf(data: bytes, name: str) -> Response:
    response = send_file(io.BytesIO(data), mimetype="application/pdf", download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/cases/<case_id>/summary-<locale>.pdf")
def summary_pdf(case_id: str, locale: str) -> Response:
    """The summary: in German only (``de``) or beside the client's language."""
    ctx = load(case_id)
    language = languages.get(locale)
    if language is None or language.code != locale:
        abort(404)
    office = current_app.extensions["wizard.library"].office(ctx.form)
    data = outputs.summary_pdf(
        ctx.form,
        ctx.answers,
        language.code,
        submit_text=outputs.submit_text(ctx.form, language.code, office),
    )
    record("printed", ctx.case, f"summary:{language.code}")
    return _pdf(data, f"{ctx.form.id}-zusammenfassung-{language.code}.pdf")


@bp.route("/cases/<case_id>/pdf/<output_id>.pdf")
def official_pdf(case_id: str, output_id: str) -> Response:
    """The official form filled in German (only when every required answer is there)."""
    ctx = load(case_id)
    output = next((o for o in ctx.form.pdf if o.id == output_id), None)
    if output is None or output.kind == "drawn" or not mapping.available(ctx.form, output):
        abort(404)
    if not engine.is_complete(ctx.form, ctx.answers):
        return redirect(url_for("advisor.answers", case_id=case_id))
    plan = mapping.plan(ctx.form, ctx.answers, output)
    data = mapping.render(ctx.form, plan)
    record("printed", ctx.case, f"pdf:{output.id}")
    return _pdf(data, f"{ctx.form.id}-{output.id}.pdf")


# --------------------------------------------------------------------------- notes, status


@bp.route("/cases/<case_id>/notes", methods=["POST"])
def notes(case_id: str) -> Response | tuple[str, int]:
    ctx = load(case_id)
    text = request.form.get("notes", "")
    if len(text.strip()) > MAX_NOTES_CHARS:
        return _case_page(ctx, notes_error="too_long", notes=text), 422
    cases().set_notes(ctx.case, ctx.key, text)
    record("noted", ctx.case)
    return redirect(url_for("advisor.case", case_id=case_id, _anchor="notes"))


@bp.route("/cases/<case_id>/status", methods=["POST"])
def status(case_id: str) -> Response:
    ctx = load(case_id)
    if request.form.get("action") == "close" and not ctx.case.closed:
        cases().close(ctx.case)
        record("closed", ctx.case)
    elif request.form.get("action") == "reopen" and ctx.case.closed:
        cases().reopen(ctx.case)
        record("reopened", ctx.case)
    return redirect(url_for("advisor.case", case_id=case_id))


@bp.route("/cases/<case_id>/code", methods=["POST"])
def code(case_id: str) -> str:
    """A new resume code for the client (earlier codes stop working), with link and QR code."""
    ctx = load(case_id)
    new_code = store().issue_resume_code(ctx.key)
    record("code_issued", ctx.case)
    link = url_for("public.resume_link", code=str(new_code).replace("-", ""), _external=True)
    qr = segno.make(link, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=False)
    return render_template("advisor/code.html", ctx=ctx, code=new_code, link=link, qr=qr)


@bp.route("/cases/<case_id>/delete", methods=["GET", "POST"])
def delete(case_id: str) -> Response | str:
    ctx = load(case_id)
    if request.method == "POST":
        action = request.form.get("action")
        if action == "release":
            cases().release(current(), ctx.case)
            record("released", ctx.case)
            return redirect(url_for("advisor.index", done="released"))
        if action == "delete":
            cases().delete(current(), ctx.case, ctx.key)
            record("deleted", ctx.case)
            return redirect(url_for("advisor.index", done="deleted"))
    return render_template("advisor/delete.html", ctx=ctx, title=_form_title(ctx.form))


# --------------------------------------------------------------------------- audit log


@bp.route("/log")
def log() -> str:
    entries = audit.for_advisor(advisors().engine, current().advisor_id)
    return render_template("advisor/log.html", entries=entries)
