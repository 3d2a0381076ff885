"""The wizard itself: one step per page, repeating groups, item pages.

Every POST saves what was valid before anything else, so an answer typed
correctly is never lost, even when another answer on the page has an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from .. import engine, originals
from ..engine.values import FieldError
from ..formdef import model as m
from ..formdef.checker import index_of
from ..i18n.formtext import field_path
from . import conflicts, freetext_web
from .drafts import Current, VersionConflict, require
from .fieldhtml import field_text, render_fields
from .i18n_web import catalog, gettext, lang, show_official
from .render import FieldView, Texts, field_view, raw_input
from .reveal import reveal_rule

bp = Blueprint("wizard", __name__, url_prefix="/forms/<form_id>")


@bp.url_value_preprocessor
def _load_form(endpoint: str | None, values: dict[str, Any] | None) -> None:
    form_id = (values or {}).pop("form_id", None)
    library = current_app.extensions["wizard.library"]
    form = library.get(form_id) if form_id else None
    if form is None:
        abort(404)
    g.form = form


@bp.url_defaults
def _add_form_id(endpoint: str, values: dict[str, Any]) -> None:
    if "form_id" not in values and "form" in g:
        values["form_id"] = g.form.id


def texts() -> Texts:
    return Texts(g.form, lang())


# --------------------------------------------------------------------------- helpers


def _back_target(form: m.FormDef, answers: Mapping[str, Any], step_id: str) -> str:
    prev = engine.previous_step(form, answers, step_id)
    if prev is None:
        return url_for("public.form_intro", form_id=form.id)
    return url_for("wizard.step", step_id=prev.id)


def _next_target(form: m.FormDef, answers: Mapping[str, Any], step_id: str) -> str:
    if request.args.get("return") == "check":
        return url_for("wizard.check")
    nxt = engine.next_step(form, answers, step_id)
    return url_for("wizard.step", step_id=nxt.id) if nxt else url_for("wizard.check")


def _progress(form: m.FormDef, answers: Mapping[str, Any], step_id: str) -> dict[str, Any]:
    number, total, section = engine.progress(form, answers, step_id)
    t = texts()
    return {
        "number": number,
        "total": total,
        "section": t(f"sections.{section.id}.title", section.title) if section else None,
    }


def build_fields(
    fields: list[m.FieldBase],
    visible: list[m.FieldBase],
    path_of: Any,
    stored: Mapping[str, Any],
    required: Any,
    *,
    raw: Mapping[str, Any] | None = None,
    errors: list[FieldError] | None = None,
    add_country: str | None = None,
    notes: Mapping[str, originals.Original] | None = None,
    note_path: Any = None,
) -> list[tuple[FieldView, str | None, bool]]:
    """(view, reveal rule, hidden) for the fields of one page.

    ``notes`` and ``note_path`` (field id → answer path): free text kept in the
    user's own words, for the questions that offer a German translation.
    """
    t = texts()
    locale = t.lang.code
    errors_by_field = {e.field: e for e in errors or []}
    visible_ids = {id(f) for f in visible}
    on_page = {f.id for f in fields if f.has_value}
    result = []
    for f in fields:
        shown = id(f) in visible_ids
        rule = reveal_rule(f.when, on_page)
        if not shown and rule is None:
            continue
        view = field_view(
            f,
            path_of(f),
            t,
            stored=stored.get(f.id),
            raw=raw.get(f.id) if raw is not None and f.id in raw else None,
            error=errors_by_field.get(f.id),
            required=shown and required(f),
            extra_country=add_country == f.id,
        )
        if note_path is not None:
            freetext_web.decorate(
                view,
                f,
                (notes or {}).get(note_path(f.id)),
                locale,
                ticked=raw is not None and request.form.get(freetext_web.advisor_box(f.id)) == "1",
            )
        result.append((view, rule, not shown))
    return result


def _unseen_required(errors: list[FieldError], shown: set[str]) -> list[FieldError]:
    """Drop "required" errors for questions the user has not seen yet."""
    return [e for e in errors if not (e.code == "required" and e.field not in shown)]


def _shown_ids() -> set[str]:
    return set(filter(None, request.form.get("shown", "").split(",")))


def _stale(cur: Current) -> bool:
    sent = request.form.get("version", "")
    return sent.isdigit() and int(sent) != cur.draft.version


def _save(cur: Current, answers: dict[str, Any], **state: Any) -> bool:
    try:
        cur.save(answers, **state)
    except VersionConflict as conflict:
        cur.draft = conflict.current
        return False
    return True


def _translate(
    fields: list[m.FieldBase], raw: dict[str, Any], locale: str
) -> tuple[m.FieldBase | None, tuple[str, originals.Original] | None, list[FieldError]]:
    """A "Translate into German" press: (its question, the note to keep, errors).

    The German text replaces the user's in ``raw``; their own words go into the note.
    """
    f = freetext_web.translate_request(fields, request.form, locale)
    if f is None:
        return None, None, []
    note, error = freetext_web.translate(f, raw, locale)
    if error is not None:
        return f, None, [error]
    assert note is not None
    return f, (f.id, note), []


def _page_errors(
    found: list[FieldError],
    translate: m.FieldBase | None,
    translate_errors: list[FieldError],
    add_country: str | None,
) -> list[FieldError]:
    """The errors to show when a page comes back after a POST.

    After "Translate into German" only that question's; after "Add another"
    none; otherwise all but "required" for questions the user has not seen.
    """
    if translate is not None:
        return [e for e in found if e.field == translate.id] + translate_errors
    if add_country:
        return []
    return _unseen_required(found, _shown_ids())


def _notes_state(
    before: Mapping[str, originals.Original], after: Mapping[str, originals.Original]
) -> dict[str, Any]:
    """The draft state to save for free-text notes (nothing when unchanged)."""
    return {} if after == before else {originals.STATE_KEY: originals.dump(after)}


def _step_page(views: list[tuple[FieldView, str | None, bool]], **context: Any) -> str:
    """step.html for a page of questions (a step or an item page).

    The questions are drawn in Python (fieldhtml): they are most of the page,
    and a template macro per question was the largest cost of a request.
    """
    # The bilingual aid: the official German wording beside each translated question
    # (the footer toggles it; German pages never show it).
    fields_html = render_fields(views, field_text(catalog()), show_official=show_official())
    return render_template(
        "step.html",
        fields_html=fields_html,
        shown=",".join(view.id for view, _rule, hidden in views if not hidden),
        errors=[(view, view.error) for view, _rule, _hidden in views if view.error],
        **context,
    )


# --------------------------------------------------------------------------- steps


@bp.route("/<step_id>", methods=["GET", "POST"])
def step(step_id: str) -> Response | str:
    form = g.form
    cur = require(form)
    step_ = engine.step(form, step_id)
    if step_ is None:
        abort(404)
    answers = cur.answers
    if step_ not in engine.visible_steps(form, answers):
        return redirect(url_for("wizard.check"))
    if step_.repeat is not None:
        return repeat_summary(cur, step_)
    errors: list[FieldError] = []
    raw: dict[str, Any] = {}
    add_country = None
    conflict = False
    translating = False
    locale = lang().code
    notes = originals.load(cur.state)

    def note_path(field_id: str) -> str:
        return originals.path(step_id, None, field_id)

    if request.method == "POST":
        fields = [f for f in step_.fields if f.has_value]
        raw = {f.id: raw_input(f, request.form) for f in fields}
        if _stale(cur):
            conflict = True
        else:
            translate, translated, translate_errors = _translate(fields, raw, locale)
            translating = translate is not None
            outcome = engine.submit_step(form, step_id, raw, answers)
            add_country = request.form.get("add_country")
            new_notes = freetext_web.update_notes(
                notes, fields, outcome.answers, note_path, request.form, locale, translated
            )
            if not _save(cur, outcome.answers, step=step_id, **_notes_state(notes, new_notes)):
                conflict = True
            else:
                answers = cur.answers
                notes = new_notes
                errors = _page_errors(outcome.errors, translate, translate_errors, add_country)
                if not add_country and not translating and not outcome.errors:
                    return redirect(_next_target(form, answers, step_id))
    visible = engine.visible_fields(form, step_, answers)
    env = engine.env_for(form, answers)
    views = build_fields(
        step_.fields,
        visible,
        lambda f: field_path(step_, f),
        answers,
        lambda f: engine.is_required(f, env),
        raw=raw if (errors or add_country or conflict or translating) else None,
        errors=errors,
        add_country=add_country,
        notes=notes,
        note_path=note_path,
    )
    t = texts()
    return _step_page(
        views,
        form=form,
        t=t,
        title=t(f"steps.{step_.id}.title", step_.title),
        intro=t(f"steps.{step_.id}.intro", step_.intro),
        progress=_progress(form, answers, step_id),
        back=_back_target(form, answers, step_id),
        action=request.full_path if request.query_string else request.path,
        version=cur.draft.version,
        conflict=conflict,
        newer=conflicts.for_step(form, step_, cur.answers, lang().code) if conflict else None,
    ), (200 if not errors and not conflict else 422 if errors else 409)


# --------------------------------------------------------------------------- repeats


def _item_summaries(form: m.FormDef, step_: m.Step, answers: Mapping[str, Any]) -> list[dict]:
    env = engine.env_for(form, answers)
    t = texts()
    label_text = t(f"steps.{step_.id}.repeat.item_label", step_.repeat.item_label)  # type: ignore[union-attr]
    rows = []
    for item_env in env.items(step_.id):
        number = item_env.index or 0
        rows.append(
            {
                "number": number,
                "label": item_label(step_, item_env, label_text),
                "complete": not engine.item_missing(form, step_.id, answers, number),
                "first_page": engine.item_pages(form, step_.id, answers, number)[0].id,
            }
        )
    return rows


def item_label(step_: m.Step, item_env: Any, translated: str) -> str:
    """The item label in the user's language (falls back to the German template)."""
    from ..formdef import expressions as ex

    gix = index_of(g.form).groups[step_.id]
    try:
        template = ex.parse_template(translated)
        if ex.check_template(template, gix.scope):
            raise ex.ExpressionError("untranslatable", 0)
        return ex.compile_template(template, gix.scope).render(item_env, _format)
    except ex.ExpressionError:
        return engine.item_label(item_env, _format)


def _format(value: Any) -> str:
    """Values inside item labels: names, numbers and dates (DD.MM.YYYY)."""
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return "" if value is None else str(value)


def repeat_summary(cur: Current, step_: m.Step) -> Response | str:
    form = g.form
    repeat = step_.repeat
    assert repeat is not None
    answers = cur.answers
    errors: list[FieldError] = []
    if request.method == "POST":
        if request.form.get("action") == "add":
            number = len(engine.items(answers, step_.id)) + 1
            if number > repeat.max:
                errors = [FieldError(step_.id, "too_many_items", {"max": repeat.max})]
            else:
                first = engine.item_pages(form, step_.id, answers, number)[0]
                return redirect(
                    url_for("wizard.item", step_id=step_.id, number=number, page_id=first.id)
                )
        else:
            errors = engine.check_group(form, step_.id, answers)
            if not errors:
                _save(cur, answers, step=step_.id)
                return redirect(_next_target(form, answers, step_.id))
    t = texts()
    from .messages import error_text

    messages = [error_text(e, form, None, None, lang().code) for e in errors]
    items = _item_summaries(form, step_, answers)
    return render_template(
        "repeat.html",
        form=form,
        t=t,
        step=step_,
        title=t(f"steps.{step_.id}.title", step_.title),
        intro=t(f"steps.{step_.id}.intro", step_.intro),
        add_label=t(f"steps.{step_.id}.repeat.add_label", repeat.add_label)
        or gettext("Add an entry"),
        items=items,
        can_add=len(items) < repeat.max,
        errors=messages,
        progress=_progress(form, answers, step_.id),
        back=_back_target(form, answers, step_.id),
        version=cur.draft.version,
    ), (422 if errors else 200)


@bp.route("/<step_id>/<int:number>/<page_id>", methods=["GET", "POST"])
def item(step_id: str, number: int, page_id: str) -> Response | str:
    form = g.form
    cur = require(form)
    step_ = engine.step(form, step_id)
    if step_ is None or step_.repeat is None:
        abort(404)
    answers = cur.answers
    count = len(engine.items(answers, step_id))
    if not 1 <= number <= count + 1 or number > step_.repeat.max:
        abort(404)
    pages = engine.item_pages(form, step_id, answers, number)
    page = next((p for p in pages if p.id == page_id), None)
    if page is None:
        abort(404)
    stored = engine.items(answers, step_id)[number - 1] if number <= count else {}
    errors: list[FieldError] = []
    raw: dict[str, Any] = {}
    add_country = None
    conflict = False
    translating = False
    locale = lang().code
    notes = originals.load(cur.state)

    def note_path(field_id: str) -> str:
        return originals.path(step_id, number, field_id)

    if request.method == "POST":
        fields = [f for f in page.fields if f.has_value]
        raw = {f.id: raw_input(f, request.form) for f in fields}
        if _stale(cur):
            conflict = True
        else:
            translate, translated, translate_errors = _translate(fields, raw, locale)
            translating = translate is not None
            outcome = engine.submit_item_page(form, step_id, number, page_id, raw, answers)
            add_country = request.form.get("add_country")
            errors = _page_errors(outcome.errors, translate, translate_errors, add_country)
            saved_items = engine.items(outcome.answers, step_id)
            new_notes = freetext_web.update_notes(
                notes,
                fields,
                saved_items[number - 1] if number <= len(saved_items) else {},
                note_path,
                request.form,
                locale,
                translated,
            )
            state = _notes_state(notes, new_notes)
            if (outcome.answers is not answers or state) and not _save(
                cur, outcome.answers, step=step_id, **state
            ):
                conflict = True
            else:
                answers = cur.answers
                notes = new_notes
                stored = (
                    engine.items(answers, step_id)[number - 1]
                    if number <= len(engine.items(answers, step_id))
                    else {}
                )
                if not add_country and not translating and not outcome.errors:
                    pages = engine.item_pages(form, step_id, answers, number)
                    ids = [p.id for p in pages]
                    later = ids[ids.index(page_id) + 1 :] if page_id in ids else []
                    if later:
                        return redirect(
                            url_for("wizard.item", step_id=step_id, number=number, page_id=later[0])
                        )
                    return redirect(url_for("wizard.step", step_id=step_id))
    visible = engine.item_visible_fields(form, step_id, page, answers, number)
    item_env = engine.env_for(form, answers).items(step_id)
    env = item_env[number - 1] if number <= len(item_env) else None
    t = texts()
    views = build_fields(
        page.fields,
        visible,
        lambda f: field_path(step_, f),
        stored,
        lambda f: env is None or engine.is_required(f, env) if f.has_value else False,
        raw=raw if (errors or add_country or conflict or translating) else None,
        errors=errors,
        add_country=add_country,
        notes=notes,
        note_path=note_path,
    )
    title_template = step_.repeat.item_title or step_.repeat.item_label
    if env is None and step_.repeat.item_title:
        # a new item has no answers yet, but its title ("Person 3") needs only its number
        from ..engine.env import ItemEnv

        env = ItemEnv(engine.env_for(form, answers), index_of(form).groups[step_id], {}, number)
    heading = (
        item_label(step_, env, t(f"steps.{step_id}.repeat.item_title", title_template))
        if env is not None
        else gettext("New entry")
    )
    page_title = (
        t(f"steps.{step_id}.pages.{page.id}.title", page.title) if step_.repeat.pages else ""
    )
    ids = [p.id for p in pages]
    prev_page = ids[ids.index(page_id) - 1] if ids.index(page_id) > 0 else None
    back = (
        url_for("wizard.item", step_id=step_id, number=number, page_id=prev_page)
        if prev_page
        else url_for("wizard.step", step_id=step_id)
    )
    return _step_page(
        views,
        form=form,
        t=t,
        title=f"{heading}: {page_title}" if page_title else heading,
        intro=t(f"steps.{step_id}.pages.{page.id}.intro", page.intro),
        progress=_progress(form, answers, step_id),
        back=back,
        action=request.path,
        version=cur.draft.version,
        conflict=conflict,
        newer=(
            conflicts.for_item(form, step_, page, cur.answers, number, lang().code)
            if conflict
            else None
        ),
        item_page=True,
    ), (200 if not errors and not conflict else 422 if errors else 409)


@bp.route("/<step_id>/<int:number>/remove", methods=["GET", "POST"])
def remove(step_id: str, number: int) -> Response | str:
    form = g.form
    cur = require(form)
    step_ = engine.step(form, step_id)
    if step_ is None or step_.repeat is None:
        abort(404)
    answers = cur.answers
    if not 1 <= number <= len(engine.items(answers, step_id)):
        abort(404)
    if request.method == "POST":
        if request.form.get("confirm") == "yes":
            notes = originals.load(cur.state)
            moved = originals.shift(notes, step_id, number)
            _save(
                cur,
                engine.remove_item(form, step_id, number, answers),
                step=step_id,
                **_notes_state(notes, moved),
            )
        return redirect(url_for("wizard.step", step_id=step_id))
    env = engine.env_for(form, answers).items(step_id)[number - 1]
    t = texts()
    label = item_label(step_, env, t(f"steps.{step_id}.repeat.item_label", step_.repeat.item_label))
    return render_template(
        "remove.html",
        form=form,
        t=t,
        label=label,
        back=url_for("wizard.step", step_id=step_id),
        version=cur.draft.version,
    )
