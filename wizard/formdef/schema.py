"""The JSON Schema of form and fragment files, generated from the model.

Editors (VS Code with the YAML extension, JetBrains IDEs) use it for
autocompletion and live errors. It is generated from the pydantic classes in
model.py, so it never drifts from what the loader accepts. The loader also
accepts ``{include: fragment, prefix: …, when: …}`` items in field and step
lists; that alternative is added here because includes are expanded before
the model sees the file.
"""

from __future__ import annotations

import json
from typing import Any

from .model import FormDef, Fragment

SCHEMA_ID = "https://antragshilfe.invalid/schema/form.schema.json"

_INCLUDE = {
    "type": "object",
    "title": "Include a shared fragment",
    "description": "Insert the fields (or steps) of forms/fragments/<include>.yaml here.",
    "properties": {
        "include": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "prefix": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9_]*$",
            "description": "Prepended to every id of the fragment (and the names its expressions use).",
        },
        "when": {"type": "string", "description": "Condition added to every included item."},
    },
    "required": ["include"],
    "additionalProperties": False,
}


# Where the loader expands includes: question lists and step lists.
_INCLUDE_SITES = {"Step": "fields", "ItemPage": "fields", "Repeat": "fields"}


def _allow_include(properties: dict[str, Any], key: str) -> None:
    array = properties.get(key)
    if isinstance(array, dict) and "items" in array:
        array["items"] = {"anyOf": [array["items"], {"$ref": "#/$defs/Include"}]}


def _allow_includes(schema: dict[str, Any]) -> None:
    """Let field and step lists also hold include items."""
    for name, key in _INCLUDE_SITES.items():
        definition = schema.get("$defs", {}).get(name)
        if definition:
            _allow_include(definition["properties"], key)
    for key in ("fields", "steps"):
        _allow_include(schema.get("properties", {}), key)


def _build(model: type, title: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True)
    _allow_includes(schema)
    schema.setdefault("$defs", {})["Include"] = _INCLUDE
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def form_schema() -> dict[str, Any]:
    schema = _build(FormDef, "Antragshilfe form definition")
    schema["$id"] = SCHEMA_ID
    return schema


def fragment_schema() -> dict[str, Any]:
    return _build(Fragment, "Antragshilfe form fragment")


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
