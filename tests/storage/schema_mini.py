"""A small JSON Schema (2020-12) checker for the subset docs/export.schema.json uses.

No new dependency: enough to prove that what export_all writes matches the published
schema and that the schema refuses what it should. Unknown keywords fail loudly.
"""

from __future__ import annotations

import re

KNOWN = {"$schema", "$id", "title", "description", "format", "$defs", "type", "properties", "required",
         "additionalProperties", "propertyNames", "items", "enum", "const", "pattern", "maxLength",
         "minimum", "maximum", "uniqueItems", "anyOf", "$ref"}
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _is_type(value, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def errors(value, schema: dict, root: dict | None = None, where: str = "$") -> list[str]:
    root = root or schema
    unknown = set(schema) - KNOWN
    if unknown:
        raise ValueError(f"schema keyword(s) not supported here: {unknown}")
    out: list[str] = []
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        out += errors(value, root["$defs"][name], root, where)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, n) for n in names):
            return out + [f"{where}: type"]
    if "const" in schema and not (value == schema["const"] and type(value) is type(schema["const"])):
        out.append(f"{where}: const")
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{where}: enum")
    if "anyOf" in schema and all(errors(value, s, root, where) for s in schema["anyOf"]):
        out.append(f"{where}: anyOf")
    if isinstance(value, str):
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            out.append(f"{where}: maxLength")
        if "pattern" in schema and not re.search(schema["pattern"].replace("$", r"\Z"), value):
            out.append(f"{where}: pattern")
    if _is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            out.append(f"{where}: minimum")
        if "maximum" in schema and value > schema["maximum"]:
            out.append(f"{where}: maximum")
    if isinstance(value, list):
        if schema.get("uniqueItems") and len({repr(v) for v in value}) != len(value):
            out.append(f"{where}: uniqueItems")
        for i, v in enumerate(value):
            out += errors(v, schema.get("items", {}), root, f"{where}[{i}]")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        out += [f"{where}.{k}: required" for k in schema.get("required", []) if k not in value]
        for k, v in value.items():
            if "propertyNames" in schema:
                out += errors(k, schema["propertyNames"], root, f"{where}.{k}(name)")
            if k in props:
                out += errors(v, props[k], root, f"{where}.{k}")
            elif schema.get("additionalProperties") is False:
                out.append(f"{where}.{k}: additionalProperties")
            elif isinstance(schema.get("additionalProperties"), dict):
                out += errors(v, schema["additionalProperties"], root, f"{where}.{k}")
    return out
