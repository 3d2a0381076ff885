"""Semantic checks over a whole form, and the compiled index the engine uses.

The model (model.py) knows shapes; this module knows meaning: ids are unique,
every name an expression uses exists and has the right type, conditions look
only at earlier answers, computed values do not depend on each other in a
circle, and the PDF mapping is consistent. Checking compiles every expression
once; the engine then evaluates the compiled closures (no parsing per request).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import expressions as ex
from . import model as m
from .problems import Problem
from .suggest import suggestion_hint
from .yamlpos import Pos

# How each field type looks to the expression language.
_KIND = {
    "text": "text",
    "longtext": "text",
    "email": "text",
    "phone": "text",
    "postcode": "text",
    "iban": "text",
    "steuer_id": "text",
    "date": "date",
    "integer": "number",
    "money": "number",
    "yesno": "bool",
    "choice": "code",
    "multichoice": "codes",
}
_LATE = 10**6  # position of names that are never "earlier" than anything
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}


@dataclass
class GroupIndex:
    """What the engine needs to know about one repeating group."""

    step: m.Step
    repeat: m.Repeat
    scope: ex.Scope
    fields: dict[str, m.FieldBase]
    computed_order: list[m.Computed]
    item_label: Any | None = None
    item_title: Any | None = None

    @property
    def computed(self) -> dict[str, m.Computed]:
        cached = self.__dict__.get("_computed")
        if cached is None or len(cached) != len(self.computed_order):
            cached = {c.id: c for c in self.computed_order}
            self.__dict__["_computed"] = cached
        return cached


@dataclass
class FormIndex:
    """Compiled expressions and lookups of one form, built once when it loads."""

    form: m.FormDef
    scope: ex.Scope
    fields: dict[str, m.FieldBase] = field(default_factory=dict)
    step_of: dict[str, m.Step] = field(default_factory=dict)
    steps: dict[str, m.Step] = field(default_factory=dict)
    groups: dict[str, GroupIndex] = field(default_factory=dict)
    computed_order: list[m.Computed] = field(default_factory=list)
    compiled: dict[tuple[int, str], ex.CompiledExpression] = field(default_factory=dict)

    @property
    def computed(self) -> dict[str, m.Computed]:
        cached = self.__dict__.get("_computed")
        if cached is None or len(cached) != len(self.computed_order):
            cached = {c.id: c for c in self.computed_order}
            self.__dict__["_computed"] = cached
        return cached

    def expr(self, node: m.Node, key: str) -> ex.CompiledExpression | None:
        """The compiled expression at ``node.key``: call it with an env (None when absent)."""
        return self.compiled.get((id(node), key))


def check_form(form: m.FormDef) -> list[Problem]:
    """Check ``form``; attach its :class:`FormIndex`; return every problem found."""
    checker = _Checker(form)
    checker.run()
    object.__setattr__(form, "_index", checker.index)
    return checker.problems


def index_of(form: m.FormDef) -> FormIndex:
    """The compiled index of a checked form."""
    index = getattr(form, "_index", None)
    if index is None:
        problems = check_form(form)
        if problems:
            from .problems import FormDefinitionError

            raise FormDefinitionError(problems)
        index = form._index  # type: ignore[attr-defined]
    return index


def symbol_for(f: m.FieldBase) -> ex.Symbol | None:
    """The expression-language symbol of a field (None for info blocks)."""
    kind = f.type  # type: ignore[attr-defined]
    if kind == "info":
        return None
    if kind == "country":
        from ..engine.countries import STATELESS, UNKNOWN_NATIONALITY, country_codes

        codes = country_codes() | {STATELESS, UNKNOWN_NATIONALITY}
        return ex.Symbol(f.id, "codes" if f.multiple else "code", frozenset(codes))
    if kind in ("choice", "multichoice"):
        return ex.Symbol(f.id, _KIND[kind], frozenset(c.code for c in f.choices))
    return ex.Symbol(f.id, _KIND[kind])


@cache
def _line(file: str, line: int) -> str:
    try:
        lines = Path(file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    return lines[line - 1] if 0 < line <= len(lines) else ""


def expression_pos(pos: Pos | None, offset: int) -> Pos | None:
    """Where character ``offset`` of an expression written at ``pos`` is."""
    if pos is None:
        return None
    text = _line(pos.file, pos.line)
    quote = 1 if text[pos.column - 1 : pos.column] in ("'", '"') else 0
    if text[pos.column - 1 : pos.column] in (">", "|"):
        return pos
    return Pos(pos.file, pos.line, pos.column + quote + offset)


class _Checker:
    def __init__(self, form: m.FormDef) -> None:
        self.form = form
        self.problems: list[Problem] = []
        self.index = FormIndex(form=form, scope=ex.Scope({}))
        self.position: dict[str, tuple[int, int]] = {}

    # ------------------------------------------------------------------ helpers
    def problem(self, pos: Pos | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(pos, message, hint))

    def compile(
        self,
        node: m.Node,
        key: str,
        scope: ex.Scope,
        *,
        want: str | None = None,
        before: tuple[int, int] | None = None,
        what: str = "condition",
    ) -> ex.CompiledExpression | None:
        source = getattr(node, key, None)
        if not isinstance(source, str):
            return None
        pos = node.pos(key)
        if source.strip().lower() in _YAML11_BOOLEANS:
            self.problem(pos, f"'{source}' is not a boolean here", "write true or false")
            return None
        try:
            expr = ex.parse(source)
        except ex.ExpressionError as err:
            self.problem(expression_pos(pos, err.offset), err.message, err.hint)
            return None
        result_type, errors = ex.check(expr, scope)
        for err in errors:
            self.problem(expression_pos(pos, err.offset), err.message, err.hint)
        if errors:
            return None
        if want is not None and not ex.type_matches(result_type, want):
            self.problem(
                pos,
                f"this {what} must give {_article(want)}, but gives {ex.type_name(result_type)}",
            )
            return None
        if before is not None:
            self._check_order(expr, scope, pos, before, what)
        compiled = ex.compile_expression(expr, scope)
        self.index.compiled[(id(node), key)] = compiled
        return compiled

    def _check_order(
        self,
        expr: ex.Expression,
        scope: ex.Scope,
        pos: Pos | None,
        before: tuple[int, int],
        what: str,
    ) -> None:
        for name in sorted(ex.dependencies(expr, scope)):
            where = self.position.get(name)
            if where is None:
                continue
            later = where > before if before[1] == _LATE else where >= before
            if later:
                step = self._step_title(where[0])
                self.problem(
                    pos,
                    f"this {what} uses '{name}', which is only asked later (step '{step}')",
                    "conditions may only use answers from earlier steps or earlier on the same page",
                )

    def _step_title(self, step_index: int) -> str:
        steps = self.form.steps
        return steps[step_index].id if 0 <= step_index < len(steps) else "?"

    def duplicates(self, items: Iterable[tuple[str, Pos | None]], what: str) -> None:
        seen: dict[str, Pos | None] = {}
        for ident, pos in items:
            if ident in seen:
                first = seen[ident]
                where = f" (first at line {first.line})" if first else ""
                self.problem(pos, f"duplicate {what} id '{ident}'{where}")
            else:
                seen[ident] = pos

    # ------------------------------------------------------------------ run
    def run(self) -> None:
        form = self.form
        self.duplicates(((s.id, s.pos("id")) for s in form.sections), "section")
        self.duplicates(((s.id, s.pos("id")) for s in form.steps), "step")
        self.duplicates(((d.id, d.pos("id")) for d in form.documents), "document")
        self.duplicates(((p.id, p.pos("id")) for p in form.pdf), "PDF output")
        sections = {s.id for s in form.sections}
        top_names: list[tuple[str, Pos | None]] = []
        symbols: dict[str, ex.Symbol] = {}
        for step_index, step in enumerate(form.steps):
            self.index.steps[step.id] = step
            if step.section is not None and step.section not in sections:
                self.problem(
                    step.pos("section"),
                    f"unknown section '{step.section}'",
                    suggestion_hint(step.section, sections),
                )
            if step.repeat is not None:
                top_names.append((step.id, step.pos("id")))
                self.position[step.id] = (step_index, _LATE)
                continue
            for field_index, f in enumerate(step.fields):
                self._check_field_shape(f)
                if not f.has_value:
                    continue
                top_names.append((f.id, f.pos("id")))
                self.index.fields[f.id] = f
                self.index.step_of[f.id] = step
                self.position[f.id] = (step_index, field_index)
                symbol = symbol_for(f)
                if symbol is not None:
                    symbols[f.id] = symbol
        top_names.extend((c.id, c.pos("id")) for c in form.computed)
        self.duplicates(top_names, "field")
        scope = ex.Scope(symbols)
        self.index.scope = scope
        # Groups before computed values: computed values may aggregate over groups.
        for step_index, step in enumerate(form.steps):
            if step.repeat is not None:
                group = self._check_group(step, step_index, scope)
                scope.add(ex.Symbol(step.id, "group", group=group.scope))
        self.index.computed_order = self._check_computed(form.computed, scope, self.position)
        for step_index, step in enumerate(form.steps):
            self.compile(step, "when", scope, want="bool", before=(step_index, -1))
            for field_index, f in enumerate(step.fields):
                self._check_field_exprs(f, scope, (step_index, field_index))
        for group in self.index.groups.values():
            self._check_group_exprs(group)
        for document in form.documents:
            self.compile(document, "when", scope, want="bool")
        for output in form.pdf:
            self._check_pdf(output, scope)

    # ------------------------------------------------------------------ fields
    def _check_codes(self, f: m.FieldBase, key: str, codes: list[str]) -> None:
        from ..engine.countries import country_codes

        known = country_codes()
        for code in codes:
            if code not in known:
                self.problem(
                    f.pos(key),
                    f"'{code}' is not a country code",
                    suggestion_hint(code, known) or "use ISO 3166 codes such as DE, SY, UA",
                )

    def _check_field_shape(self, f: m.FieldBase) -> None:
        if isinstance(f, m.CountryField):
            self._check_codes(f, "exclude", f.exclude)
        if isinstance(f, m.IbanField) and f.countries:
            self._check_codes(f, "countries", f.countries)
        if isinstance(f, m.ChoiceField | m.MultiChoiceField):
            self.duplicates(((c.code, c.pos("code")) for c in f.choices), "choice code")
        if isinstance(f, m.MultiChoiceField) and f.min_selected and f.max_selected:
            if f.min_selected > f.max_selected:
                self.problem(f.pos("min_selected"), "min_selected is larger than max_selected")
        if isinstance(f, m.TextField) and f.pattern is not None:
            import re

            try:
                re.compile(f.pattern)
            except re.error as err:
                self.problem(f.pos("pattern"), f"invalid regular expression: {err}")
        if isinstance(f, m.IntegerField | m.MoneyField):
            if f.min is not None and f.max is not None and f.min > f.max:
                self.problem(f.pos("min"), f"min ({f.min}) is larger than max ({f.max})")

    def _check_field_exprs(self, f: m.FieldBase, scope: ex.Scope, at: tuple[int, int]) -> None:
        self.compile(f, "when", scope, want="bool", before=at)
        # Requirements, rules and date bounds may use anything on the same page.
        self._check_rules(f, scope, (at[0], _LATE))

    def _check_rules(self, f: m.FieldBase, scope: ex.Scope, page: tuple[int, int]) -> None:
        if isinstance(f.required, str):
            self.compile(f, "required", scope, want="bool", what="requirement", before=page)
        for rule in f.rules:
            self.compile(rule, "rule", scope, want="bool", what="rule", before=page)
        if isinstance(f, m.DateField):
            self.compile(f, "min", scope, want="date", what="minimum date", before=page)
            self.compile(f, "max", scope, want="date", what="maximum date", before=page)

    # ------------------------------------------------------------------ computed
    def _check_computed(
        self, computed: list[m.Computed], scope: ex.Scope, position: dict[str, tuple[int, int]]
    ) -> list[m.Computed]:
        parsed: dict[str, tuple[m.Computed, ex.Expression]] = {}
        for c in computed:
            try:
                parsed[c.id] = (c, ex.parse(c.expr))
            except ex.ExpressionError as err:
                self.problem(expression_pos(c.pos("expr"), err.offset), err.message, err.hint)
        names = set(parsed)
        deps = {
            cid: {d for d in ex.dependencies(expr, scope, unknown_ok=True) if d in names}
            for cid, (_c, expr) in parsed.items()
        }
        order: list[str] = []
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()
        cyclic: set[str] = set()

        def visit(cid: str, path: list[str]) -> None:
            if state.get(cid) == 2:
                return
            if state.get(cid) == 1:
                cycle = path[path.index(cid) :] + [cid]
                cyclic.update(cycle)
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    self.problem(
                        parsed[cid][0].pos("expr"),
                        "computed values depend on each other in a circle: " + " → ".join(cycle),
                    )
                return
            state[cid] = 1
            for dep in sorted(deps[cid]):
                visit(dep, [*path, cid])
            state[cid] = 2
            order.append(cid)

        for cid in parsed:
            visit(cid, [])
        ordered: list[m.Computed] = []
        for cid in order:
            c, expr = parsed[cid]
            if cid in cyclic or deps[cid] & cyclic:
                continue  # already reported as a circle
            result_type, errors = ex.check(expr, scope)
            for err in errors:
                self.problem(expression_pos(c.pos("expr"), err.offset), err.message, err.hint)
            if errors:
                scope.add(ex.Symbol(cid, "any"))
                continue
            scope.add(ex.symbol_of_type(cid, result_type))
            self.index.compiled[(id(c), "expr")] = ex.compile_expression(expr, scope)
            used = [position.get(d, (-1, -1)) for d in ex.dependencies(expr, scope)]
            position[cid] = max(used, default=(-1, -1))
            ordered.append(c)
        return ordered

    # ------------------------------------------------------------------ groups
    def _check_group(self, step: m.Step, step_index: int, outer: ex.Scope) -> GroupIndex:
        repeat = step.repeat
        assert repeat is not None
        item_symbols: dict[str, ex.Symbol] = {}
        item_fields: dict[str, m.FieldBase] = {}
        names: list[tuple[str, Pos | None]] = []
        self.duplicates(((p.id, p.pos("id")) for p in repeat.pages), "page")
        for page in repeat.item_pages:
            for f in page.fields:
                self._check_field_shape(f)
                if not f.has_value:
                    continue
                names.append((f.id, f.pos("id")))
                item_fields[f.id] = f
                symbol = symbol_for(f)
                if symbol is not None:
                    item_symbols[f.id] = symbol
        names.extend((c.id, c.pos("id")) for c in repeat.computed)
        self.duplicates(names, f"field in '{step.id}'")
        scope = ex.Scope(item_symbols, parent=outer, in_item=True)
        group = GroupIndex(step, repeat, scope, item_fields, [])
        self.index.groups[step.id] = group
        return group

    def _check_group_exprs(self, group: GroupIndex) -> None:
        step, repeat, scope = group.step, group.repeat, group.scope
        step_index = self.form.steps.index(step)
        self.compile(step, "when", self.index.scope, want="bool", before=(step_index, -1))
        # Inside an item, answers from earlier steps come before every item question;
        # answers from this step on come after all of them.
        item_position = {
            name: ((-1, -1) if pos < (step_index, -1) else (_LATE, _LATE))
            for name, pos in self.position.items()
        }
        order = 0
        field_position: dict[int, tuple[int, int]] = {}
        for page_index, page in enumerate(repeat.item_pages):
            for f in page.fields:
                order += 1
                field_position[id(f)] = (page_index, order)
                if f.has_value:
                    item_position[f.id] = (page_index, order)
        group.computed_order = self._check_computed(repeat.computed, scope, item_position)
        for page_index, page in enumerate(repeat.item_pages):
            if page.when is not None:
                self._compile_item(page, "when", scope, item_position, (page_index, -1))
            for f in page.fields:
                self._compile_item(f, "when", scope, item_position, field_position[id(f)])
                saved, self.position = self.position, item_position
                try:
                    self._check_rules(f, scope, (page_index, _LATE))
                finally:
                    self.position = saved
        for key in ("item_label", "item_title"):
            text = getattr(repeat, key)
            if text is None:
                continue
            try:
                template = ex.parse_template(text)
            except ex.ExpressionError as err:
                self.problem(repeat.pos(key), err.message, err.hint)
                continue
            errors = ex.check_template(template, scope)
            for err in errors:
                self.problem(repeat.pos(key), err.message, err.hint)
            if not errors:
                setattr(group, key, ex.compile_template(template, scope))

    def _compile_item(
        self,
        node: m.Node,
        key: str,
        scope: ex.Scope,
        positions: dict[str, tuple[int, int]],
        before: tuple[int, int],
    ) -> None:
        saved = self.position
        self.position = positions
        try:
            self.compile(node, key, scope, want="bool", before=before)
        finally:
            self.position = saved

    # ------------------------------------------------------------------ PDF
    def _check_pdf(self, output: m.PdfOutput, scope: ex.Scope) -> None:
        self.compile(output, "when", scope, want="bool")
        self._check_template_path(output)
        for mapping in output.fields:
            self._check_mapping(output, mapping, scope, in_repeat=False)
        for rep in output.repeats:
            group = self.index.groups.get(rep.group)
            if group is None:
                self.problem(
                    rep.pos("group"),
                    f"'{rep.group}' is not a repeating step",
                    suggestion_hint(rep.group, self.index.groups),
                )
                continue
            if rep.slots > group.repeat.max:
                self.problem(
                    rep.pos("slots"),
                    f"{rep.slots} slots, but '{rep.group}' allows at most {group.repeat.max} items",
                )
            for mapping in rep.fields:
                self._check_mapping(output, mapping, group.scope, in_repeat=True, slots=rep.slots)

    def _check_template_path(self, output: m.PdfOutput) -> None:
        if output.kind == "drawn":
            return
        path = resolve_template(self.form, output.template)
        if not path.is_file() and not output.optional_template:
            self.problem(output.pos("template"), f"PDF template not found: {path}")

    def _check_mapping(
        self,
        output: m.PdfOutput,
        mp: m.PdfField,
        scope: ex.Scope,
        *,
        in_repeat: bool,
        slots: int = 0,
    ) -> None:
        self.compile(mp, "value", scope, what="value")
        if mp.format == "checkbox" and mp.map:
            self.problem(mp.pos("map"), "`format: checkbox` and `map` exclude each other")
        if mp.boxes is not None and mp.chunks is not None and len(mp.boxes) != len(mp.chunks):
            self.problem(mp.pos("chunks"), "`chunks` needs one number per box")
        if output.kind == "overlay":
            missing = [k for k in ("page", "x", "y", "width", "height") if getattr(mp, k) is None]
            if missing and mp.boxes is None:
                self.problem(mp.pos(), f"an overlay value needs {', '.join(missing)}")
            return
        targets = [t for t in (mp.field, mp.slots, mp.boxes) if t is not None]
        if len(targets) != 1:
            self.problem(mp.pos(), "give exactly one of `field`, `slots` or `boxes`")
            return
        if mp.slots is not None:
            if not in_repeat:
                self.problem(mp.pos("slots"), "`slots` is only for repeats; use `field`")
            elif len(mp.slots) != slots:
                self.problem(mp.pos("slots"), f"{len(mp.slots)} names for {slots} slots")
        if in_repeat and mp.field is not None and "{n}" not in mp.field and slots > 1:
            self.problem(
                mp.pos("field"),
                "in a repeat, `field` needs `{n}` for the slot number (or list `slots`)",
            )


def resolve_template(form: m.FormDef, template: str) -> Path:
    """A template path: absolute, or relative to the project root (above forms/)."""
    path = Path(template)
    if path.is_absolute():
        return path
    src = form.pos()
    base = Path(src.file).resolve().parent.parent if src else Path.cwd()
    return base / path


def _article(kind: str) -> str:
    return {"bool": "true or false", "date": "a date", "number": "a number"}.get(kind, kind)


def walk_fields(form: m.FormDef) -> Iterator[tuple[m.Step, m.FieldBase]]:
    """Every field of the form with its step, repeat items included."""
    for step in form.steps:
        if step.repeat is not None:
            for f in step.repeat.all_fields:
                yield step, f
        else:
            for f in step.fields:
                yield step, f
