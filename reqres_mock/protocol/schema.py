"""JSON schema validation of trigger bodies, worded as Logic Apps (Newtonsoft.Json.Schema) words it.

jsonschema does the validating; this module only translates its errors. jsonschema is imported
when the first schema is compiled, so workflows without a schema never pay for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import DefinitionError

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

_TYPE_NAMES = {
    "string": "String",
    "integer": "Integer",
    "number": "Float",
    "boolean": "Boolean",
    "object": "Object",
    "array": "Array",
    "null": "Null",
}


def compile_schema(schema: Mapping[str, Any], *, pointer: str = "/schema") -> Validator:
    """A validator for ``schema`` (draft-04 unless it names another draft).

    :raises DefinitionError: when the schema itself is invalid.
    """
    import jsonschema  # noqa: PLC0415 (heavy: only when a schema is used)
    from jsonschema import Draft4Validator, FormatChecker  # noqa: PLC0415
    from jsonschema.exceptions import SchemaError  # noqa: PLC0415

    if not isinstance(schema, Mapping):
        raise DefinitionError(
            f"schema must be a JSON object, got {type(schema).__name__}", pointer=pointer
        )
    cls = jsonschema.validators.validator_for(schema, default=Draft4Validator)
    schema = _without_empty_required(schema)
    try:
        cls.check_schema(dict(schema))
    except SchemaError as err:
        where = "/".join(str(p) for p in err.path)
        raise DefinitionError(
            f"invalid JSON schema: {err.message}", pointer=f"{pointer}/{where}".rstrip("/")
        ) from err
    return cls(dict(schema), format_checker=FormatChecker())


def _without_empty_required(schema: Any) -> Any:
    """``schema`` without its ``"required": []`` keywords, which require nothing.

    Draft 4's meta-schema wants at least one name there, but the runtime reads schemas with
    Newtonsoft.Json.Schema, which does not check a schema against the meta-schema: Azure's
    "Export template" writes ``"required": []`` into deployed workflows (kyos-public/
    logicapp-template ``FinalTermination.json``, ``OrderLicenses.json``, ParseJson schemas).
    """
    if isinstance(schema, Mapping):
        return {
            key: _without_empty_required(value)
            for key, value in schema.items()
            if not (key == "required" and value == [])
        }
    if isinstance(schema, list):
        return [_without_empty_required(item) for item in schema]
    return schema


def json_type_name(value: object) -> str:
    """Newtonsoft's token type name for a JSON value."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return "Array"
    return "Object"


def _expected_types(value: object) -> str:
    names = value if isinstance(value, list) else [value]
    return ", ".join(_TYPE_NAMES.get(str(n), str(n)) for n in names)


def _word(error: ValidationError) -> str:
    kind: Any = error.validator
    expected: Any = error.validator_value
    instance: Any = error.instance
    text = json.dumps(instance) if not isinstance(instance, str) else instance
    numeric = json_type_name(instance)
    words: dict[str, Callable[[], str]] = {
        "type": lambda: f"Invalid type. Expected {_expected_types(expected)} but got {numeric}.",
        "enum": lambda: f"Value {json.dumps(instance)} is not defined in enum.",
        "const": lambda: f"Value {json.dumps(instance)} does not match const.",
        "minLength": lambda: f"String '{text}' is less than minimum length of {expected}.",
        "maxLength": lambda: f"String '{text}' exceeds maximum length of {expected}.",
        "pattern": lambda: f"String '{text}' does not match regex pattern '{expected}'.",
        "format": lambda: f"String '{text}' does not validate against format '{expected}'.",
        "minimum": lambda: f"{numeric} {text} is less than minimum value of {expected}.",
        "maximum": lambda: f"{numeric} {text} exceeds maximum value of {expected}.",
        "exclusiveMinimum": lambda: f"{numeric} {text} equals minimum value of {expected}.",
        "exclusiveMaximum": lambda: f"{numeric} {text} equals maximum value of {expected}.",
        "multipleOf": lambda: f"{numeric} {text} is not a multiple of {expected}.",
        "minItems": lambda: (
            f"Array item count {len(instance)} is less than minimum count of {expected}."
        ),
        "maxItems": lambda: (
            f"Array item count {len(instance)} exceeds maximum count of {expected}."
        ),
        "uniqueItems": lambda: "Non-unique array item.",
        "minProperties": lambda: (
            f"Object property count {len(instance)} is less than minimum count of {expected}."
        ),
        "maxProperties": lambda: (
            f"Object property count {len(instance)} exceeds maximum count of {expected}."
        ),
        "anyOf": lambda: "JSON does not match any schemas from 'anyOf'.",
        "oneOf": lambda: "JSON is valid against no schemas, or more than one, from 'oneOf'.",
        "allOf": lambda: "JSON does not match all schemas from 'allOf'.",
        "not": lambda: "JSON is valid against schema from 'not'.",
    }
    if kind == "additionalProperties" and isinstance(instance, dict):
        schema: Any = error.schema
        allowed = set(schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed)
        name = extra[0] if extra else "?"
        return (
            f"Property '{name}' has not been defined and the schema does not allow additional "
            "properties."
        )
    make = words.get(str(kind))
    return make() if make else f"{error.message}."


def _path(error: ValidationError) -> str:
    parts = []
    for part in error.absolute_path:
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(parts).lstrip(".")


def validate(validator: Validator, body: object) -> list[tuple[str, str]]:
    """Validate ``body``; return ``(path, message)`` pairs in Logic Apps' wording, in order.

    Missing required properties of one object are reported in one message, as Newtonsoft does.
    """
    results: list[tuple[str, str]] = []
    missing: dict[str, list[str]] = {}
    found: Any = validator.iter_errors(body)  # type: ignore[arg-type]
    errors = sorted(found, key=lambda e: (list(map(str, e.path)), str(e)))
    for error in errors:
        path = _path(error)
        if error.validator != "required":
            results.append((path, _word(error)))
            continue
        names = missing.get(path)
        if names is None:
            names = missing[path] = []
            results.append((path, ""))  # filled in below, once every name is known
        instance = error.instance if isinstance(error.instance, dict) else {}
        required: Any = error.validator_value
        names.extend(n for n in required if n not in instance and n not in names)
    return [
        (p, m or f"Required properties are missing from object: {', '.join(missing[p])}.")
        for p, m in results
    ]
