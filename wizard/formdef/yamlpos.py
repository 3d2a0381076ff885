"""YAML loading that remembers where every key and value came from.

Authors need ``file:line:column`` for every problem, including problems found
long after parsing (an unknown name inside an expression, a duplicate id). So
mappings and sequences load as :class:`MDict` / :class:`MList`, which carry the
position of each key and value. Scalars stay plain Python values; their
positions live in the parent container.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # the C parser is several times faster; the constructor below stays Python
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based line and column in a source file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class MDict(dict):
    """A mapping that knows the position of itself, its keys and its values."""

    __slots__ = ("pos", "key_pos", "value_pos")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pos: Pos | None = None
        self.key_pos: dict[str, Pos] = {}
        self.value_pos: dict[str, Pos] = {}

    def pos_of(self, key: str) -> Pos | None:
        """Position of the value at ``key``, else of the key, else of the mapping."""
        return self.value_pos.get(key) or self.key_pos.get(key) or self.pos

    def copy_with(self, items: dict[str, Any]) -> MDict:
        """A new MDict with ``items`` that keeps the known positions."""
        new = MDict(items)
        new.pos = self.pos
        new.key_pos = {k: v for k, v in self.key_pos.items() if k in items}
        new.value_pos = {k: v for k, v in self.value_pos.items() if k in items}
        return new


class MList(list):
    """A sequence that knows the position of itself and each item."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.pos: Pos | None = None
        self.item_pos: list[Pos] = []

    def pos_of(self, index: int) -> Pos | None:
        if 0 <= index < len(self.item_pos):
            return self.item_pos[index]
        return self.pos


class YamlSyntaxError(Exception):
    """The file is not valid YAML; carries the position the parser reported."""

    def __init__(self, message: str, pos: Pos) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


def _pos(loader: Any, node: yaml.Node) -> Pos:
    mark = node.start_mark
    return Pos(loader.source_name, mark.line + 1, mark.column + 1)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    source_name = "<string>"


# YAML 1.2 booleans: only true/false. Under YAML 1.1 rules `NO` (Norway), `yes`,
# `on` and `off` silently become booleans, which surprises every author once.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> MDict:
    result = MDict()
    result.pos = _pos(loader, node)
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key '{key}' (first at line {result.key_pos[key].line})",
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_pos[key] = _pos(loader, key_node)
        result.value_pos[key] = _pos(loader, value_node)
    return result


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> MList:
    result = MList(loader.construct_object(child, deep=True) for child in node.value)
    result.pos = _pos(loader, node)
    result.item_pos = [_pos(loader, child) for child in node.value]
    return result


def _construct_timestamp_as_text(loader: Any, node: yaml.ScalarNode) -> str:
    # A date typed into YAML (2024-01-31) stays text: the model decides its meaning.
    return str(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def load_text(text: str, source_name: str) -> Any:
    """Parse YAML text into MDict/MList/scalars, raising :class:`YamlSyntaxError`."""
    loader = _Loader(text)
    loader.source_name = source_name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(source_name, mark.line + 1, mark.column + 1) if mark else Pos(source_name, 1, 1)
        problem = exc.problem or str(exc)
        if exc.context and "duplicate key" not in problem:
            problem = f"{exc.context}; {problem}"
        raise YamlSyntaxError(problem, pos) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), Pos(source_name, 1, 1)) from None
    finally:
        loader.dispose()


def load_file(path: Path, display_name: str | None = None) -> Any:
    """Parse a YAML file; positions use ``display_name`` (default: the path as given)."""
    return load_text(path.read_text(encoding="utf-8"), display_name or str(path))
