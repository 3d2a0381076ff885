"""One case as a view needs it: the case, its form, the unlocked draft and helpers.

Also the bilingual pieces of advisor pages: the client-language "companion"
beside each question, the progress of a case, and the client's original free
text kept when an advisor changes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import abort, current_app, g, session
from flask_babel import get_translations
from markupsafe import Markup

from ... import engine
from ...formdef import model as m
from ...i18n import display, formtext, languages, ui
from ...i18n.languages import Language
from ...store import Case, CaseNotFound, Draft, DraftKey, DraftNotFound, Store
from ..render import FieldView
from .auth import cases, current

ORIGINALS = "advisor_originals"
"""Key in the draft's state: the client's free text as it was before an advisor changed it."""
FREE_TEXT = frozenset({"text", "longtext"})
_CLIENT_LANGS = "advisor_client_lang"
_MAX_REMEMBERED = 20


def store() -> Store:
    return current_app.extensions["wizard.store"]


@dataclass
class CaseCtx:
    case: Case
    form: m.FormDef
    key: DraftKey
    draft: Draft

    @property
    def answers(self) -> dict[str, Any]:
        return self.draft.answers

    @property
    def state(self) -> dict[str, Any]:
        return self.draft.state

    @property
    def originals(self) -> dict[str, str]:
        return dict(self.state.get(ORIGINALS) or {})

    def save(self, answers: dict[str, Any], **state: Any) -> Draft:
        """Save; raises VersionConflict (nothing written) when someone saved in between."""
        payload = {"answers": answers, "state": {**self.draft.state, **state}}
        self.draft = store().save(self.key, payload, expected_version=self.draft.version)
        return self.draft

    @property
    def client_lang(self) -> Language:
        """The language shown beside German: the case's, unless switched at the desk."""
        chosen = (session.get(_CLIENT_LANGS) or {}).get(self.case.id)
        return (
            languages.get(chosen)
            or languages.get(self.case.language)
            or languages.BY_CODE[languages.SOURCE]
        )


def remember_client_lang(case_id: str, code: str) -> None:
    """Keep the desk's client language per case in the (signed) session cookie: codes only."""
    lang = languages.get(code)
    if lang is None:
        return
    chosen = dict(session.get(_CLIENT_LANGS) or {})
    chosen.pop(case_id, None)
    chosen[case_id] = lang.code
    session[_CLIENT_LANGS] = dict(list(chosen.items())[-_MAX_REMEMBERED:])


def load(case_id: str) -> CaseCtx:
    """The current advisor's case ``case_id``, unlocked; 404 for anything else."""
    advisor = current()
    try:
        case = cases().get(advisor, case_id)
        key = cases().unlock(advisor, case)
        draft = store().open(key)
    except (CaseNotFound, DraftNotFound):
        abort(404)
    form = current_app.extensions["wizard.library"].get(case.form_id)
    if form is None:
        abort(404)
    g.form = form
    return CaseCtx(case, form, key, draft)


# --------------------------------------------------------------------------- progress


@dataclass(frozen=True)
class Progress:
    answered: int
    visible: int
    complete: bool


def progress(form: m.FormDef, answers: Mapping[str, Any]) -> Progress:
    """Visible steps, and how many of them have every required answer."""
    steps = engine.visible_steps(form, answers)
    complete = engine.is_complete(form, answers)
    if complete:
        return Progress(len(steps), len(steps), True)
    gaps = {gap.step_id for gap in engine.missing(form, answers)}
    answered = 0
    for s in steps:
        if s.id in gaps:
            continue
        if s.repeat is not None:
            done = bool(engine.items(answers, s.id)) and not engine.check_group(form, s.id, answers)
        else:  # a step counts once something on it was answered
            done = any(f.has_value and f.id in answers for f in s.fields)
        answered += done
    return Progress(answered, len(steps), False)


# --------------------------------------------------------------------------- companion


@dataclass
class Companion:
    """A question as the client reads it, in the client's language (beside the German one)."""

    label: str
    hint: str | None = None
    text: str | None = None
    options: list[str] = field(default_factory=list)
    answer: str = ""


def companion(form: m.FormDef, f: m.FieldBase, path: str, stored: Any, locale: str) -> Companion:
    def t(suffix: str, text: str | None) -> str:
        return formtext.translate(form, f"{path}.{suffix}", text, locale) if text else ""

    view = Companion(label=t("label", f.label), hint=t("hint", f.hint) or None)
    if isinstance(f, m.InfoField):
        view.text = t("text", f.text)
    if isinstance(f, m.YesNoField):
        view.options = [ui.gettext(locale, "Yes"), ui.gettext(locale, "No")]
    if isinstance(f, m.ChoiceField | m.MultiChoiceField):
        view.options = [t(f"choices.{c.code}.label", c.label) for c in f.choices]
    if f.has_value:
        view.answer = display.format_answer(form, f, path, stored, locale)
    return view


def german_wording(
    f: m.FieldBase, view: FieldView, advisor_lang: Language
) -> tuple[str | None, str | None]:
    """(the German question, the form's own wording), each only when not on screen already.

    German advisors read the German question in the label; in another advisor
    language it is added, so German is always beside the client's language.
    """
    if not f.has_value:
        return None, None
    question = f.label if advisor_lang.code != "de" and f.label != view.label else None
    official = f.official or f.label
    if official in (view.label, question) or (question is None and official == f.label):
        official = None
    return question, official


def field_html(view: FieldView) -> Markup:
    """One question with its inputs, drawn exactly as the client's wizard draws it."""
    try:
        from ..fieldhtml import field_text, render_field
    except ImportError:  # the template macro, before questions were drawn in Python
        from flask import get_template_attribute

        return get_template_attribute("macros/fields.html", "render_field")(view, None, False)
    html = render_field(view, None, False, field_text(get_translations()), show_official=False)
    return Markup(html)  # noqa: S704 - fieldhtml escapes every value it draws


# --------------------------------------------------------------------------- originals


def keep_originals(
    fields: Iterable[m.FieldBase],
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    originals: dict[str, str],
    path_of: Callable[[str], str],
) -> dict[str, str]:
    """Remember free text an advisor is about to change, once (the first version wins)."""
    result = dict(originals)
    for f in fields:
        if f.type not in FREE_TEXT:  # type: ignore[attr-defined]
            continue
        old, new = before.get(f.id), after.get(f.id)
        path = path_of(f.id)
        if isinstance(old, str) and old.strip() and old != new and path not in result:
            result[path] = old
    return result


# --------------------------------------------------------------------------- who


def client_label(form: m.FormDef, answers: Mapping[str, Any]) -> str:
    """A name to tell cases apart on the advisor's pages: the first given and family name.

    Shown only on advisor pages (never in URLs, logs or the audit log); '' if none yet.
    """
    parts: dict[str, str] = {}
    for entry in engine.review(form, answers):
        rows = [*entry.rows, *(r for item in entry.items for r in item.rows)]
        for r in rows:
            kind = r.field.autocomplete
            if kind in ("given-name", "family-name") and kind not in parts and r.value:
                parts[kind] = str(r.value)
        if len(parts) == 2:
            break
    return " ".join(p for p in (parts.get("given-name"), parts.get("family-name")) if p)
