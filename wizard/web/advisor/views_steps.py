"""The wizard's pages for an advisor: the client's language beside German, question by question.

The same engine, field views and markup as the client's wizard, with three
differences: the draft is opened through the advisor's key slot, every
question has the client's wording beside it, and both languages can be
switched from inside the form, which saves what was typed first (so nothing is
lost). Saves carry the draft version; a stale save is refused and shows the
newer answers beside what the advisor typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from ... import engine
from ...engine.values import FieldError
from ...formdef import model as m
from ...i18n import formtext
from ...i18n.formtext import field_path
from ...originals import STATE_KEY
from ...originals import path as item_path
from ...originals import shift as shift_originals
from ...store import VersionConflict
from ..conflicts import newer_answers
from ..i18n_web import lang
from ..messages import error_text
from ..render import Texts, field_view, raw_input
from ..reveal import reveal_rule
from . import bp
from .auth import record
from .casectx import (
    ORIGINALS,
    CaseCtx,
    client_label,
    companion,
    field_html,
    german_wording,
    keep_originals,
    load,
    remember_client_lang,
)


def _texts(ctx: CaseCtx) -> Texts:
    return Texts(ctx.form, lang())


def _answers_url(ctx: CaseCtx) -> str:
    return url_for("advisor.answers", case_id=ctx.case.id)


def _step_url(ctx: CaseCtx, step_id: str, **args: Any) -> str:
    return url_for("advisor.step", case_id=ctx.case.id, step_id=step_id, **args)


def _next_target(ctx: CaseCtx, step_id: str) -> str:
    if request.args.get("return") == "answers":
        return _answers_url(ctx)
    nxt = engine.next_step(ctx.form, ctx.answers, step_id)
    return _step_url(ctx, nxt.id) if nxt else _answers_url(ctx)


def _back_target(ctx: CaseCtx, step_id: str) -> str:
    prev = engine.previous_step(ctx.form, ctx.answers, step_id)
    if prev is None:
        return url_for("advisor.case", case_id=ctx.case.id)
    return _step_url(ctx, prev.id)


def _progress(ctx: CaseCtx, step_id: str) -> dict[str, Any]:
    number, total, section = engine.progress(ctx.form, ctx.answers, step_id)
    t = _texts(ctx)
    return {
        "number": number,
        "total": total,
        "section": t(f"sections.{section.id}.title", section.title) if section else None,
    }


def _stale(ctx: CaseCtx) -> bool:
    sent = request.form.get("version", "")
    return sent.isdigit() and int(sent) != ctx.draft.version


def _shown_ids() -> set[str]:
    return set(filter(None, request.form.get("shown", "").split(",")))


def _unseen_required(errors: list[FieldError], shown: set[str]) -> list[FieldError]:
    return [e for e in errors if not (e.code == "required" and e.field not in shown)]


def _switching(ctx: CaseCtx) -> bool:
    """The languages button: remember the client's language; nothing moves on."""
    if request.form.get("action") != "languages":
        return False
    remember_client_lang(ctx.case.id, request.form.get("client_lang", ""))
    return True


def _save(
    ctx: CaseCtx,
    answers: dict[str, Any],
    originals: dict[str, str],
    where: str,
    removed: tuple[str, int] | None = None,
) -> bool:
    """Save if anything changed; False on a version conflict (nothing written).

    ``removed`` (group, item number): the client's own free-text notes move with their items.
    """
    if answers == ctx.answers and originals == ctx.originals:
        return True
    state: dict[str, Any] = {ORIGINALS: originals}
    if removed is not None and STATE_KEY in ctx.state:
        state[STATE_KEY] = shift_originals(ctx.state[STATE_KEY] or {}, *removed)
    try:
        ctx.save(answers, **state)
    except VersionConflict as conflict:
        ctx.draft = conflict.current
        record("conflict", ctx.case, where)
        return False
    record("changed", ctx.case, where)
    return True


def _rows(
    ctx: CaseCtx,
    step_: m.Step,
    fields: list[m.FieldBase],
    visible: list[m.FieldBase],
    stored: Mapping[str, Any],
    required: Callable[[m.FieldBase], bool],
    *,
    raw: Mapping[str, Any] | None,
    errors: list[FieldError],
    add_country: str | None,
) -> list[dict[str, Any]]:
    """One row per question: the input in the advisor's language, the client's beside it."""
    t = _texts(ctx)
    client = ctx.client_lang.code
    errors_by_field = {e.field: e for e in errors}
    visible_ids = {id(f) for f in visible}
    on_page = {f.id for f in fields if f.has_value}
    rows = []
    for f in fields:
        shown = id(f) in visible_ids
        rule = reveal_rule(f.when, on_page)
        if not shown and rule is None:
            continue
        path = field_path(step_, f)
        view = field_view(
            f,
            path,
            t,
            stored=stored.get(f.id),
            raw=raw.get(f.id) if raw is not None and f.id in raw else None,
            error=errors_by_field.get(f.id),
            required=shown and required(f),
            extra_country=add_country == f.id,
        )
        german, official = german_wording(f, view, lang())
        rows.append(
            {
                "view": view,
                "html": field_html(view),
                "rule": rule,
                "hidden": not shown,
                "german": german,
                "official": official,
                "client": companion(ctx.form, f, path, stored.get(f.id), client),
            }
        )
    return rows


def _page(ctx: CaseCtx, rows: list[dict[str, Any]], status: int, **context: Any):  # type: ignore[no-untyped-def]
    client = ctx.client_lang
    return render_template(
        "advisor/step.html",
        ctx=ctx,
        client_lang=client,
        who=client_label(ctx.form, ctx.answers),
        rows=rows,
        shown=",".join(r["view"].id for r in rows if not r["hidden"]),
        errors=[(r["view"], r["view"].error) for r in rows if r["view"].error],
        **context,
    ), status


def _status(errors: list[FieldError], conflict: bool) -> int:
    return 409 if conflict else 422 if errors else 200


# --------------------------------------------------------------------------- steps


@bp.route("/cases/<case_id>/steps/<step_id>", methods=["GET", "POST"])
def step(case_id: str, step_id: str) -> Response | tuple[str, int]:
    ctx = load(case_id)
    if ctx.case.closed:
        return redirect(url_for("advisor.case", case_id=case_id))
    form = ctx.form
    step_ = engine.step(form, step_id)
    if step_ is None:
        abort(404)
    if step_ not in engine.visible_steps(form, ctx.answers):
        return redirect(_answers_url(ctx))
    if step_.repeat is not None:
        return repeat_summary(ctx, step_)
    errors: list[FieldError] = []
    raw: dict[str, Any] = {}
    add_country = None
    conflict = False
    newer = None
    if request.method == "POST":
        fields = [f for f in step_.fields if f.has_value]
        raw = {f.id: raw_input(f, request.form) for f in fields}
        switching = _switching(ctx)
        if _stale(ctx):
            conflict = True
            record("conflict", ctx.case, f"step:{step_id}")
        else:
            before = ctx.answers
            outcome = engine.submit_step(form, step_id, raw, before)
            add_country = request.form.get("add_country")
            originals = keep_originals(fields, before, outcome.answers, ctx.originals, str)
            if not _save(ctx, outcome.answers, originals, f"step:{step_id}"):
                conflict = True
            elif not switching:
                errors = [] if add_country else _unseen_required(outcome.errors, _shown_ids())
                if not add_country and not outcome.errors:
                    return redirect(_next_target(ctx, step_id))
        if conflict:
            newer = newer_answers(
                form,
                engine.visible_fields(form, step_, ctx.answers),
                ctx.answers,
                lambda f: field_path(step_, f),
                lang().code,
            )
        keep_raw = bool(errors or add_country or conflict or switching)
    else:
        keep_raw = False
    answers = ctx.answers
    env = engine.env_for(form, answers)
    rows = _rows(
        ctx,
        step_,
        step_.fields,
        engine.visible_fields(form, step_, answers),
        answers,
        lambda f: engine.is_required(f, env),
        raw=raw if keep_raw else None,
        errors=errors,
        add_country=add_country,
    )
    t = _texts(ctx)
    client = ctx.client_lang.code
    return _page(
        ctx,
        rows,
        _status(errors, conflict),
        title=t(f"steps.{step_.id}.title", step_.title),
        client_title=formtext.translate(form, f"steps.{step_.id}.title", step_.title, client),
        intro=t(f"steps.{step_.id}.intro", step_.intro),
        progress=_progress(ctx, step_id),
        back=_back_target(ctx, step_id),
        action=request.full_path if request.query_string else request.path,
        conflict=conflict,
        newer=newer,
    )


# --------------------------------------------------------------------------- repeats


def _format(value: Any) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return "" if value is None else str(value)


def repeat_summary(ctx: CaseCtx, step_: m.Step) -> Response | tuple[str, int]:
    form = ctx.form
    repeat = step_.repeat
    assert repeat is not None
    answers = ctx.answers
    errors: list[FieldError] = []
    if request.method == "POST":
        if request.form.get("action") == "add":
            number = len(engine.items(answers, step_.id)) + 1
            if number > repeat.max:
                errors = [FieldError(step_.id, "too_many_items", {"max": repeat.max})]
            else:
                first = engine.item_pages(form, step_.id, answers, number)[0]
                return redirect(
                    url_for(
                        "advisor.item",
                        case_id=ctx.case.id,
                        step_id=step_.id,
                        number=number,
                        page_id=first.id,
                    )
                )
        else:
            errors = engine.check_group(form, step_.id, answers)
            if not errors:
                return redirect(_next_target(ctx, step_.id))
    t = _texts(ctx)
    env = engine.env_for(form, answers)
    items = [
        {
            "number": item_env.index or 0,
            "label": engine.item_label(item_env, _format),
            "complete": not engine.item_missing(form, step_.id, answers, item_env.index or 0),
            "first_page": engine.item_pages(form, step_.id, answers, item_env.index or 0)[0].id,
        }
        for item_env in env.items(step_.id)
    ]
    client = ctx.client_lang.code
    return render_template(
        "advisor/repeat.html",
        ctx=ctx,
        step=step_,
        client_lang=ctx.client_lang,
        who=client_label(form, answers),
        title=t(f"steps.{step_.id}.title", step_.title),
        client_title=formtext.translate(form, f"steps.{step_.id}.title", step_.title, client),
        intro=t(f"steps.{step_.id}.intro", step_.intro),
        add_label=t(f"steps.{step_.id}.repeat.add_label", repeat.add_label)
        or gettext("Add an entry"),
        items=items,
        can_add=len(items) < repeat.max,
        errors=[error_text(e, form, None, None, lang().code) for e in errors],
        progress=_progress(ctx, step_.id),
        back=_back_target(ctx, step_.id),
        version=ctx.draft.version,
    ), (422 if errors else 200)


@bp.route("/cases/<case_id>/steps/<step_id>/<int:number>/<page_id>", methods=["GET", "POST"])
def item(case_id: str, step_id: str, number: int, page_id: str) -> Response | tuple[str, int]:
    ctx = load(case_id)
    if ctx.case.closed:
        return redirect(url_for("advisor.case", case_id=case_id))
    form = ctx.form
    step_ = engine.step(form, step_id)
    if step_ is None or step_.repeat is None:
        abort(404)
    answers = ctx.answers
    count = len(engine.items(answers, step_id))
    if not 1 <= number <= count + 1 or number > step_.repeat.max:
        abort(404)
    pages = engine.item_pages(form, step_id, answers, number)
    page = next((p for p in pages if p.id == page_id), None)
    if page is None:
        abort(404)

    def stored_item() -> dict[str, Any]:
        items = engine.items(ctx.answers, step_id)
        return items[number - 1] if number <= len(items) else {}

    errors: list[FieldError] = []
    raw: dict[str, Any] = {}
    add_country = None
    conflict = False
    keep_raw = False
    newer = None
    where = f"item:{step_id}/{number}/{page_id}"
    if request.method == "POST":
        fields = [f for f in page.fields if f.has_value]
        raw = {f.id: raw_input(f, request.form) for f in fields}
        switching = _switching(ctx)
        if _stale(ctx):
            conflict = True
            record("conflict", ctx.case, where)
        else:
            before = stored_item()
            outcome = engine.submit_item_page(form, step_id, number, page_id, raw, ctx.answers)
            add_country = request.form.get("add_country")
            after_items = engine.items(outcome.answers, step_id)
            after = after_items[number - 1] if number <= len(after_items) else {}
            originals = keep_originals(
                fields,
                before,
                after,
                ctx.originals,
                lambda fid: item_path(step_id, number, fid),
            )
            if not _save(ctx, outcome.answers, originals, where):
                conflict = True
            elif not switching:
                errors = [] if add_country else _unseen_required(outcome.errors, _shown_ids())
                if not add_country and not outcome.errors:
                    ids = [p.id for p in engine.item_pages(form, step_id, ctx.answers, number)]
                    later = ids[ids.index(page_id) + 1 :] if page_id in ids else []
                    if later:
                        return redirect(
                            url_for(
                                "advisor.item",
                                case_id=case_id,
                                step_id=step_id,
                                number=number,
                                page_id=later[0],
                            )
                        )
                    return redirect(_step_url(ctx, step_id))
        if conflict:
            newer = newer_answers(
                form,
                engine.item_visible_fields(form, step_id, page, ctx.answers, number),
                stored_item(),
                lambda f: field_path(step_, f),
                lang().code,
            )
        keep_raw = bool(errors or add_country or conflict or switching)
    answers = ctx.answers
    visible = engine.item_visible_fields(form, step_id, page, answers, number)
    item_envs = engine.env_for(form, answers).items(step_id)
    env = item_envs[number - 1] if number <= len(item_envs) else None
    rows = _rows(
        ctx,
        step_,
        page.fields,
        visible,
        stored_item(),
        lambda f: env is None or engine.is_required(f, env) if f.has_value else False,
        raw=raw if keep_raw else None,
        errors=errors,
        add_country=add_country,
    )
    t = _texts(ctx)
    heading = (
        engine.item_label(env, _format, title=True) if env is not None else gettext("New entry")
    )
    page_title = (
        t(f"steps.{step_id}.pages.{page.id}.title", page.title) if step_.repeat.pages else ""
    )
    client = ctx.client_lang.code
    client_page_title = (
        formtext.translate(form, f"steps.{step_id}.pages.{page.id}.title", page.title, client)
        if step_.repeat.pages and page.title
        else ""
    )
    ids = [p.id for p in pages]
    prev_page = ids[ids.index(page_id) - 1] if ids.index(page_id) > 0 else None
    back = (
        url_for("advisor.item", case_id=case_id, step_id=step_id, number=number, page_id=prev_page)
        if prev_page
        else _step_url(ctx, step_id)
    )
    return _page(
        ctx,
        rows,
        _status(errors, conflict),
        title=f"{heading}: {page_title}" if page_title else heading,
        client_title=client_page_title,
        intro=t(f"steps.{step_id}.pages.{page.id}.intro", page.intro),
        progress=_progress(ctx, step_id),
        back=back,
        action=request.path,
        conflict=conflict,
        newer=newer,
    )


@bp.route("/cases/<case_id>/steps/<step_id>/<int:number>/remove", methods=["GET", "POST"])
def remove(case_id: str, step_id: str, number: int) -> Response | tuple[str, int]:
    ctx = load(case_id)
    if ctx.case.closed:
        return redirect(url_for("advisor.case", case_id=case_id))
    form = ctx.form
    step_ = engine.step(form, step_id)
    if step_ is None or step_.repeat is None:
        abort(404)
    if not 1 <= number <= len(engine.items(ctx.answers, step_id)):
        abort(404)
    conflict = False
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            return redirect(_step_url(ctx, step_id))
        if _stale(ctx):  # the list may have changed: ask again with the current entry
            conflict = True
            record("conflict", ctx.case, f"remove:{step_id}/{number}")
        else:
            answers = engine.remove_item(form, step_id, number, ctx.answers)
            originals = shift_originals(ctx.originals, step_id, number)
            if _save(ctx, answers, originals, f"remove:{step_id}/{number}", (step_id, number)):
                return redirect(_step_url(ctx, step_id))
            conflict = True
        if not 1 <= number <= len(engine.items(ctx.answers, step_id)):
            return redirect(_step_url(ctx, step_id))
    env = engine.env_for(form, ctx.answers).items(step_id)[number - 1]
    return render_template(
        "advisor/remove.html",
        ctx=ctx,
        label=engine.item_label(env, _format),
        back=_step_url(ctx, step_id),
        version=ctx.draft.version,
        conflict=conflict,
    ), (409 if conflict else 200)
