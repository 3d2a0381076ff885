"""Load form definitions: YAML → fragments expanded → typed model → checked.

Every problem is collected and reported at once, as ``file:line:column``, so an
author fixes a file in one pass instead of one error per run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from .model import FIELD_TYPES, FormDef, Fragment, Node
from .problems import FormDefinitionError, Problem
from .suggest import suggestion_hint
from .yamlpos import MDict, MList, Pos, YamlSyntaxError, load_file

T = TypeVar("T", bound=Node)
FRAGMENT_DIR = "fragments"
_FIELD_LIST_KEYS = ("fields",)
_EXPR_KEYS = ("when", "required", "rule", "expr", "min", "max", "value")
_IDENT = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def load_form(path: Path | str, *, check: bool = True) -> FormDef:
    """Load and check one form file; raise :class:`FormDefinitionError` on problems."""
    path = Path(path)
    problems: list[Problem] = []
    form = _load_model(path, FormDef, problems)
    if form is not None and check:
        from .checker import check_form  # local: the checker needs the expression layer

        problems.extend(check_form(form))
    if problems or form is None:
        raise FormDefinitionError(problems)
    return form


def load_fragment(path: Path | str) -> Fragment:
    """Load a fragment file on its own (for `wizard check` of the fragments folder)."""
    path = Path(path)
    problems: list[Problem] = []
    fragment = _load_model(path, Fragment, problems)
    if problems or fragment is None:
        raise FormDefinitionError(problems)
    return fragment


def is_fragment(path: Path) -> bool:
    return path.parent.name == FRAGMENT_DIR


def _load_model(path: Path, model: type[T], problems: list[Problem]) -> T | None:
    raw = _read_yaml(path, problems)
    if raw is None:
        return None
    if not isinstance(raw, MDict):
        problems.append(Problem(Pos(str(path), 1, 1), "the file must be a YAML mapping"))
        return None
    if model is FormDef:
        fragment_dir = path.parent / FRAGMENT_DIR
        raw = _expand_includes(raw, fragment_dir, problems, stack=())
        if isinstance(raw.get("id"), str) and raw["id"] != path.stem:
            problems.append(
                Problem(
                    raw.pos_of("id"),
                    f"the form id '{raw['id']}' differs from the file name '{path.name}'",
                    f"name the file {raw['id']}.yaml, or set id: {path.stem}",
                )
            )
    elif model is Fragment:
        raw = _expand_includes(raw, path.parent, problems, stack=(path.stem,))
    try:
        return model.model_validate(raw, context={"problems": problems})
    except ValidationError as exc:
        problems.extend(_translate_errors(exc, raw))
        return None


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        return load_file(path)
    except YamlSyntaxError as exc:
        problems.append(Problem(exc.pos, f"YAML syntax: {exc.message}"))
    except OSError as exc:
        problems.append(Problem(Pos(str(path), 1, 1), f"cannot read file: {exc.strerror}"))
    except UnicodeDecodeError:
        problems.append(Problem(Pos(str(path), 1, 1), "the file is not UTF-8 text"))
    return None


# --------------------------------------------------------------------------- fragments


def _expand_includes(
    node: Any, fragment_dir: Path, problems: list[Problem], stack: tuple[str, ...]
) -> Any:
    """Replace ``{include: name}`` items in field and step lists by the fragment's items."""
    if isinstance(node, MDict):
        out = node.copy_with(dict(node))
        for key, value in node.items():
            if key in ("fields", "steps") and isinstance(value, MList):
                out[key] = _expand_list(value, key, fragment_dir, problems, stack)
            else:
                out[key] = _expand_includes(value, fragment_dir, problems, stack)
        return out
    if isinstance(node, MList):
        new = MList(_expand_includes(item, fragment_dir, problems, stack) for item in node)
        new.pos, new.item_pos = node.pos, list(node.item_pos)
        return new
    return node


def _expand_list(
    items: MList, kind: str, fragment_dir: Path, problems: list[Problem], stack: tuple[str, ...]
) -> MList:
    out = MList()
    out.pos = items.pos
    for index, item in enumerate(items):
        if isinstance(item, MDict) and "include" in item:
            for new_item, pos in _include(item, kind, fragment_dir, problems, stack):
                out.append(new_item)
                out.item_pos.append(pos)
        else:
            out.append(_expand_includes(item, fragment_dir, problems, stack))
            out.item_pos.append(items.pos_of(index) or items.pos)
    return out


def _include(
    item: MDict, kind: str, fragment_dir: Path, problems: list[Problem], stack: tuple[str, ...]
) -> Iterable[tuple[Any, Pos]]:
    name = item.get("include")
    prefix = item.get("prefix", "")
    when = item.get("when")
    for key in item:
        if key not in ("include", "prefix", "when"):
            problems.append(
                Problem(
                    item.key_pos.get(key),
                    f"unknown key '{key}' in an include",
                    suggestion_hint(key, ["include", "prefix", "when"]),
                )
            )
    if not isinstance(name, str) or not _IDENT.match(name):
        problems.append(Problem(item.pos_of("include"), "`include` names a fragment file"))
        return []
    if not isinstance(prefix, str) or (prefix and not re.match(r"^[a-z][a-z0-9_]*$", prefix)):
        problems.append(
            Problem(item.pos_of("prefix"), "`prefix` must be lower-case letters, digits and _")
        )
        return []
    if name in stack:
        chain = " → ".join((*stack, name))
        problems.append(Problem(item.pos_of("include"), f"fragments include each other: {chain}"))
        return []
    path = fragment_dir / f"{name}.yaml"
    if not path.is_file():
        available = [p.stem for p in fragment_dir.glob("*.yaml")]
        problems.append(
            Problem(
                item.pos_of("include"),
                f"no fragment '{name}' in {fragment_dir}",
                suggestion_hint(name, available),
            )
        )
        return []
    raw = _read_yaml(path, problems)
    if not isinstance(raw, MDict):
        return []
    body = raw.get(kind)
    if not isinstance(body, MList):
        problems.append(Problem(item.pos_of("include"), f"fragment '{name}' has no `{kind}` list"))
        return []
    body = _expand_list(body, kind, fragment_dir, problems, (*stack, name))
    local_ids = _collect_ids(body)
    mapping = {i: prefix + i for i in local_ids} if prefix else {}
    result = []
    for index, entry in enumerate(body):
        entry = _rewrite(entry, mapping) if mapping else entry
        if when is not None and isinstance(entry, MDict):
            entry = entry.copy_with(dict(entry))
            own = entry.get("when")
            entry["when"] = f"({when}) and ({own})" if own else when
            entry.value_pos.setdefault("when", item.pos_of("when"))
        result.append((entry, body.pos_of(index) or item.pos))
    return result


def _collect_ids(node: Any) -> set[str]:
    ids: set[str] = set()
    if isinstance(node, MDict):
        if isinstance(node.get("id"), str) and (
            "type" in node or "fields" in node or "repeat" in node
        ):
            ids.add(node["id"])
        for value in node.values():
            ids |= _collect_ids(value)
    elif isinstance(node, MList):
        for value in node:
            ids |= _collect_ids(value)
    return ids


def _rewrite(node: Any, mapping: dict[str, str]) -> Any:
    """Prefix ids and the names expressions use, keeping source positions."""
    from .expressions import rename

    if isinstance(node, MDict):
        out = node.copy_with(dict(node))
        for key, value in node.items():
            if key == "id" and isinstance(value, str) and value in mapping:
                out[key] = mapping[value]
            elif key in _EXPR_KEYS and isinstance(value, str):
                out[key] = _safe_rename(rename, value, mapping)
            elif key in ("item_label", "item_title") and isinstance(value, str):
                out[key] = re.sub(
                    r"\{([^{}]*)\}",
                    lambda m: "{" + _safe_rename(rename, m.group(1), mapping) + "}",
                    value,
                )
            else:
                out[key] = _rewrite(value, mapping)
        return out
    if isinstance(node, MList):
        new = MList(_rewrite(item, mapping) for item in node)
        new.pos, new.item_pos = node.pos, list(node.item_pos)
        return new
    return node


def _safe_rename(rename: Any, source: str, mapping: dict[str, str]) -> str:
    try:
        return rename(source, mapping)
    except Exception:  # noqa: BLE001 - a broken expression is reported by the checker
        return source


# --------------------------------------------------------------------------- pydantic errors


def _translate_errors(exc: ValidationError, raw: MDict) -> list[Problem]:
    seen: set[tuple[Any, str]] = set()
    problems = []
    for error in exc.errors(include_url=False):
        problem = _translate_error(error, raw)
        key = (problem.pos, problem.message)
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    return problems


def _walk(raw: Any, loc: tuple[Any, ...]) -> tuple[Any, Pos | None, Any, Any]:
    """Follow a pydantic location through the raw YAML: (node, pos, parent, last key)."""
    node, pos, parent, last = raw, getattr(raw, "pos", None), None, None
    for part in loc:
        if (
            isinstance(node, MDict)
            and isinstance(part, str)
            and part in node
            or isinstance(node, MList)
            and isinstance(part, int)
            and 0 <= part < len(node)
        ):
            parent, last = node, part
            pos = node.pos_of(part)
            node = node[part]
        # anything else is a union member or a discriminator tag: stay where we are
    return node, pos, parent, last


def _translate_error(error: Any, raw: MDict) -> Problem:
    loc = tuple(error["loc"])
    node, pos, parent, last = _walk(raw, loc)
    kind = error["type"]
    message = error["msg"]
    hint = None
    if kind == "missing":
        name = loc[-1]
        where = _describe(node)
        return Problem(pos, f"missing key '{name}' in {where}")
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", "")
        return Problem(
            node.pos_of("type") if isinstance(node, MDict) else pos,
            f"unknown field type '{tag}'",
            suggestion_hint(str(tag), FIELD_TYPES) or f"types: {', '.join(sorted(FIELD_TYPES))}",
        )
    if kind == "union_tag_not_found":
        return Problem(pos, "a field needs a `type`", f"types: {', '.join(sorted(FIELD_TYPES))}")
    if kind == "string_pattern_mismatch" and last in ("id", "group", "section", "kind"):
        return Problem(
            pos,
            f"'{node}' is not a valid id",
            "use lower-case letters a-z, digits and _, starting with a letter",
        )
    if kind == "string_pattern_mismatch" and last == "code":
        return Problem(pos, f"'{node}' is not a valid choice code", "use letters, digits, _ . -")
    if kind in ("bool_type", "bool_parsing"):
        return Problem(pos, f"'{node}' is not true or false", "write true or false")
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", message))
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        message = f"'{node}' is not allowed here; expected {expected}"
    if kind == "too_short" and isinstance(node, list) and not node:
        message = f"'{last}' must not be empty"
    return Problem(pos, message, hint)


def _describe(node: Any) -> str:
    if isinstance(node, MDict):
        if "type" in node and "id" in node:
            return f"field '{node['id']}'"
        if "id" in node:
            return f"'{node['id']}'"
    return "this block"
