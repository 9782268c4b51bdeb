"""JSON schema validation of trigger bodies and Parse JSON content, as Logic Apps reports it.

The runtime validates with Newtonsoft.Json.Schema; :mod:`reqres_mock.protocol.schemakeywords`
makes jsonschema read and check a schema as that library does, and this module reports what
fails as it does (JamesNK/Newtonsoft.Json.Schema ``Src/Newtonsoft.Json.Schema/``):

- **messages** word for word (``Infrastructure/Validation/PrimitiveScope.cs``,
  ``ObjectScope.cs``, ``ArrayScope.cs``, ``SchemaScope.cs`` and the conditional scopes), limits
  printed as .NET prints a double (``5``, ``2.5``) and values as Newtonsoft writes JSON;
- **order**: the body's order, as the validating reader meets the tokens. A value's own checks
  come when it is read; an object's ``required``, property counts and dependencies, an
  array's item counts and ``contains``, and any container's ``enum``, ``const``, ``allOf``,
  ``anyOf``, ``oneOf``, ``not`` and ``if`` come at its end, after its members' errors. A
  primitive that fails ``type`` is checked no further;
- **shape** (``ValidationError.cs``, ``ErrorType.cs``): ``message``, ``lineNumber`` and
  ``linePosition`` (0: the runtime validates a parsed token, which has no line info),
  ``path`` (a JSON path, ``['odd name']`` for names with dots or spaces), ``value``,
  ``schemaId`` (the failing subschema's place, ``#/properties/id``), ``errorType`` and
  ``childErrors``. A Parse JSON action that fails shows these as its ``errors`` output
  (Azure/logicapps#817, microsoft/coe-starter-kit#1052).

jsonschema is imported when the first schema is compiled, so workflows without a schema never
pay for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import DefinitionError
from reqres_mock.protocol.jsonwire import dumps, format_double

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

__all__ = [
    "SchemaProblem",
    "compile_schema",
    "json_path",
    "json_type_name",
    "problems",
    "validate",
]

#: ``JSchemaType``'s names in its flag order, the order a type list prints in
#: (``JSchemaTypeHelpers.GetDisplayText``): ``["null", "string"]`` is "String, Null".
_TYPE_NAMES = {
    "string": "String",
    "number": "Number",
    "integer": "Integer",
    "boolean": "Boolean",
    "object": "Object",
    "array": "Array",
    "null": "Null",
}


def compile_schema(schema: Mapping[str, Any], *, pointer: str = "/schema") -> Validator:
    """A validator for ``schema``, read as Newtonsoft.Json.Schema reads it (a schema without
    ``$schema`` takes every draft's keywords; one naming a draft gets that draft's).

    :raises DefinitionError: when the schema itself is invalid.
    """
    from jsonschema.exceptions import SchemaError  # noqa: PLC0415 (heavy: only when used)

    from reqres_mock.protocol import schemakeywords  # noqa: PLC0415 (imports jsonschema)
    from reqres_mock.protocol.schemaformats import newtonsoft_format_checker  # noqa: PLC0415

    if not isinstance(schema, Mapping):
        raise DefinitionError(
            f"schema must be a JSON object, got {type(schema).__name__}", pointer=pointer
        )
    draft = schemakeywords.draft_of(schema)
    read = schemakeywords.read_as_newtonsoft(schema, draft=draft)
    cls = schemakeywords.validator_class(draft)
    schemakeywords.check_readable(read, pointer)
    try:
        cls.check_schema(read)
    except SchemaError as err:
        where = "/".join(str(p) for p in err.path)
        raise DefinitionError(
            f"invalid JSON schema: {err.message}", pointer=f"{pointer}/{where}".rstrip("/")
        ) from err
    checks = None if draft in schemakeywords.ANNOTATED_FORMATS else newtonsoft_format_checker()
    validator: Validator = cls(read, format_checker=checks)
    return validator


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


@dataclass(frozen=True)
class SchemaProblem:
    """One validation error, as Newtonsoft.Json.Schema's ``ValidationError`` has it."""

    message: str
    path: str
    value: Any
    schema_id: str
    error_type: str
    child_errors: tuple[SchemaProblem, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The error as the runtime serialises it into a Parse JSON action's outputs: with no
        ``value`` when it is null (captured "Expected String but got Null" errors have none:
        OfficeDev/microsoft-teams-apps-requestateam#62, microsoft/powerapps-tools#1083)."""
        written: dict[str, Any] = {
            "message": self.message,
            "lineNumber": 0,
            "linePosition": 0,
            "path": self.path,
            "value": self.value,
            "schemaId": self.schema_id,
            "errorType": self.error_type,
            "childErrors": [child.to_json() for child in self.child_errors],
        }
        return {k: v for k, v in written.items() if v is not None}


def validate(validator: Validator, body: object) -> list[tuple[str, str]]:
    """Validate ``body``; return ``(path, message)`` pairs in Logic Apps' wording and order."""
    return [(problem.path, problem.message) for problem in problems(validator, body)]


def problems(validator: Validator, body: object) -> list[SchemaProblem]:
    """Validate ``body``; every error as Newtonsoft.Json.Schema reports it, in its order."""
    try:
        found = list(validator.iter_errors(body))  # type: ignore[arg-type]
    except RecursionError:
        # deeper than Python's stack allows (hundreds of levels); the wording is the mock's
        return [SchemaProblem("The JSON nests too deeply to validate.", "", None, "#", "valid")]
    if not found:
        return []
    ids = _schema_ids(validator.schema)
    return _report(found, body, ids)


# --- wording -----------------------------------------------------------------------------------


def _limit(value: Any) -> str:
    """A schema's number as Newtonsoft prints it: a ``double`` (``5``, ``2.5``, ``1E+20``), or
    a ``long`` for lengths and counts (``2.0`` reads as ``2``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) and abs(value) < 2**53:
        return str(value)
    return format_double(float(value))


def _number(value: Any) -> str:
    """The failing number: an integer as it is, a float as Newtonsoft writes it (``1.0``)."""
    return str(value) if isinstance(value, int) else dumps(value)


def _expected_types(value: object) -> str:
    names = {str(n) for n in (value if isinstance(value, list) else [value])}
    return ", ".join(shown for name, shown in _TYPE_NAMES.items() if name in names)


def _token_type(value: object) -> str:
    """The ``JSchemaType`` of a value, as a type error names it: a float is a ``Number``
    (``PrimitiveScope.ValidateNumber`` tests ``JSchemaType.Number``)."""
    name = json_type_name(value)
    return "Number" if name == "Float" else name


def _bound(kind: str, instance: Any, limit: Any) -> str:
    """``minimum``/``maximum`` and their exclusive forms (``PrimitiveScope.ValidateInteger``,
    ``ValidateNumber``): equal to an exclusive limit is its own message."""
    numeric = json_type_name(instance)
    low = kind in {"minimum", "exclusiveMinimum"}
    side, where = ("minimum", "is less than") if low else ("maximum", "exceeds")
    if kind.startswith("exclusive") and instance == limit:
        return (
            f"{numeric} {_number(instance)} equals {side} value of {_limit(limit)} and "
            f"exclusive {side} is true."
        )
    return f"{numeric} {_number(instance)} {where} {side} value of {_limit(limit)}."


def _word(error: ValidationError) -> str:
    from reqres_mock.protocol.schemakeywords import OWN_WORDS  # noqa: PLC0415

    kind: Any = error.validator
    if kind in OWN_WORDS:
        return str(error.message)
    expected: Any = error.validator_value
    instance: Any = error.instance
    text = instance if isinstance(instance, str) else dumps(instance)
    count = len(instance) if isinstance(instance, list | dict) else 0
    words: dict[Any, Callable[[], str]] = {
        None: lambda: "Schema always fails validation.",
        "type": lambda: (
            f"Invalid type. Expected {_expected_types(expected)} but got {_token_type(instance)}."
        ),
        "enum": lambda: f"Value {dumps(instance)} is not defined in enum.",
        "const": lambda: f"Value {dumps(instance)} does not match const.",
        "minLength": lambda: f"String '{text}' is less than minimum length of {_limit(expected)}.",
        "maxLength": lambda: f"String '{text}' exceeds maximum length of {_limit(expected)}.",
        "pattern": lambda: f"String '{text}' does not match regex pattern '{expected}'.",
        "format": lambda: f"String '{text}' does not validate against format '{expected}'.",
        "multipleOf": lambda: (
            f"{json_type_name(instance)} {_number(instance)} is not a multiple of "
            f"{_limit(expected)}."
        ),
        "minItems": lambda: (
            f"Array item count {count} is less than minimum count of {_limit(expected)}."
        ),
        "maxItems": lambda: (
            f"Array item count {count} exceeds maximum count of {_limit(expected)}."
        ),
        "minProperties": lambda: (
            f"Object property count {count} is less than minimum count of {_limit(expected)}."
        ),
        "maxProperties": lambda: (
            f"Object property count {count} exceeds maximum count of {_limit(expected)}."
        ),
        "anyOf": lambda: "JSON does not match any schemas from 'anyOf'.",
        "not": lambda: "JSON is valid against schema from 'not'.",
    }
    if kind in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        return _bound(kind, instance, expected)
    make = words.get(kind)
    return make() if make else f"{error.message}."


#: Newtonsoft's ``ErrorType`` names where they differ from the keyword's.
_ERROR_TYPES = {
    None: "valid",
    "exclusiveMinimum": "minimum",
    "exclusiveMaximum": "maximum",
    "dependentRequired": "dependencies",
    "dependentSchemas": "dependencies",
}
#: Errors whose ``value`` is the member they name, not the container that holds it.
_AT_MEMBER = frozenset({"additionalProperties", "additionalItems", "uniqueItems"})
#: Errors with no ``value`` (conditional scopes raise them with ``null``).
_NO_VALUE = frozenset(
    {"allOf", "anyOf", "oneOf", "not", "then", "else", "ref", "contains", "minContains"}
    | {"maxContains"}
)


def _error_type(error: ValidationError) -> str:
    kind: Any = error.validator
    return _ERROR_TYPES.get(kind, str(kind))


def _value(error: ValidationError) -> Any:
    kind: Any = error.validator
    instance: Any = error.instance
    if kind in _AT_MEMBER:
        member = error.path[-1] if error.path else None
        if kind == "additionalProperties":
            return member
        item = instance[member] if isinstance(instance, list) and isinstance(member, int) else None
        return item if kind == "uniqueItems" or not isinstance(item, list | dict) else None
    if kind in _NO_VALUE or (kind == "dependencies" and error.context):
        return None
    if kind == "dependencies":
        return error.validator_value  # the property whose dependency failed
    if kind in {"minItems", "maxItems", "minProperties", "maxProperties"}:
        return len(instance)
    return None if isinstance(instance, list | dict) else instance


# --- paths and places --------------------------------------------------------------------------

#: Characters that make Newtonsoft write a property as ``['name']`` (``JsonPosition``).
_SPECIAL = frozenset(".' /\"[]()\t\n\r\f\b\\\u0085\u2028\u2029")
_NAMED = {"'": "\\'", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f", "\b": "\\b"}


def _quoted(char: str) -> str:
    """A character inside ``['…']`` as ``JavaScriptUtils.WriteEscapedJavaScriptString`` writes
    it with ``'`` as the quote."""
    if char in _NAMED:
        return _NAMED[char]
    if ord(char) < 0x20 or char in "\u0085\u2028\u2029":
        return f"\\u{ord(char):04x}"
    return char


def json_path(parts: Iterable[str | int]) -> str:
    """A Newtonsoft JSON path (``items[1].name``, ``['odd name']``)."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _SPECIAL.intersection(part):
            out += "['" + "".join(map(_quoted, part)) + "']"
        else:
            out += f".{part}" if out else part
    return out


#: Where Newtonsoft's schema discovery looks for subschemas, in its order
#: (``JSchemaDiscovery.DiscoverInternal``; other members, ``definitions`` among them, first).
_DISCOVERED = (
    "additionalProperties",
    "additionalItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "properties",
    "patternProperties",
    "dependencies",
    "dependentSchemas",
    "items",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "propertyNames",
    "contains",
    "if",
    "then",
    "else",
)


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _schema_ids(root: Any) -> dict[int, str]:
    """Each subschema's ``schemaId``: the place schema discovery first finds it."""
    ids: dict[int, str] = {}

    def visit(schema: Any, place: str) -> None:
        if not isinstance(schema, Mapping) or id(schema) in ids:
            return
        ids[id(schema)] = place
        keys = [k for k in schema if k not in _DISCOVERED] + [k for k in _DISCOVERED if k in schema]
        for key in keys:
            value = schema[key]
            here = f"{place}/{_escape(key)}"
            if key in ("properties", "patternProperties", "dependencies", "dependentSchemas") or (
                key not in _DISCOVERED and key in ("definitions", "$defs")
            ):
                if isinstance(value, Mapping):
                    for name, sub in value.items():
                        visit(sub, f"{here}/{_escape(str(name))}")
            elif isinstance(value, list) and key in _DISCOVERED:
                for index, sub in enumerate(value):
                    visit(sub, f"{here}/{index}")
            elif key in _DISCOVERED:
                visit(value, here)

    visit(root, "#")
    return ids


def _schema_id(error: ValidationError, ids: dict[int, str]) -> str:
    known = ids.get(id(error.schema))
    if known is not None:
        return known
    # a boolean subschema: its place in the schema
    return "#" + "".join(f"/{_escape(str(p))}" for p in error.absolute_schema_path)


# --- order and grouping ------------------------------------------------------------------------

#: Where each keyword's error falls among a value's: Newtonsoft's order of checks.
_RANK = {
    "type": 0,
    "maxLength": 1,
    "minLength": 2,
    "pattern": 3,
    "format": 4,
    "maximum": 1,
    "exclusiveMaximum": 1,
    "minimum": 2,
    "exclusiveMinimum": 2,
    "multipleOf": 3,
    "enum": 10,
    "const": 11,
    None: 12,
    "ref": 19,
    "allOf": 20,
    "anyOf": 21,
    "oneOf": 22,
    "not": 23,
    "then": 24,
    "else": 24,
    "required": 30,
    "maxProperties": 31,
    "maxItems": 31,
    "minProperties": 32,
    "minItems": 32,
    "dependencies": 33,
    "contains": 33,
    "minContains": 33,
    "maxContains": 34,
    "unevaluatedProperties": 35,
    "unevaluatedItems": 35,
}
#: Where an error falls after its place in the body: on reaching a member (before its value),
#: a container's type (at its start), a primitive's checks, a container's end, after an item.
_AT_NAME, _AT_START, _AT_VALUE, _AT_END, _AFTER_ITEM = -2.0, -1.0, 0.0, 1e18, 2e18


def _position(body: Any, path: Iterable[Any], keys: dict[int, dict[str, int]]) -> tuple[float, ...]:
    """``path``'s place in the body's order: each step the member's index in its container
    (``keys`` caches each object's name -> index)."""
    places: list[float] = []
    node = body
    for step in path:
        if isinstance(node, dict) and step in node:
            index = keys.get(id(node))
            if index is None:
                index = keys[id(node)] = {name: i for i, name in enumerate(node)}
            places.append(index[step])
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            places.append(step)
            node = node[step]
        else:
            places.append(_AT_END)
            node = None
    return tuple(places)


def _order(error: ValidationError, body: Any, keys: dict[int, dict[str, int]]) -> tuple[Any, ...]:
    """The sort key: place in the body, then when it is raised there, then which subschema,
    then the keyword's turn among that schema's checks.

    Subschemas of a primitive value raise newest first (``SchemaScope.
    CreateScopesAndEvaluateToken`` evaluates the scopes it just made from the last), so an
    ``anyOf`` on a string lists its last branch's errors first (Newtonsoft.Json.Schema's
    ``ExtensionsTests.ValidationErrorPath``)."""
    kind: Any = error.validator
    rank = _RANK.get(kind, 36)
    if kind == "dependencies" and error.context:
        rank = 25  # a dependent schema is checked with the conditional schemas
    branch = tuple(p for p in error.relative_schema_path if isinstance(p, int))
    if "propertyNames" in error.relative_schema_path:
        when = _AT_NAME - 1  # the name is checked before it is looked up (ObjectScope)
    elif kind in ("additionalProperties", "additionalItems"):
        when = _AT_NAME
    elif kind == "uniqueItems":
        when = _AFTER_ITEM
    elif isinstance(error.instance, list | dict):
        when = _AT_START if kind in ("type", None) else _AT_END
    else:
        when = _AT_VALUE
        branch = tuple(-b for b in branch)
    return (*_position(body, error.absolute_path, keys), when, branch, rank)


def _report(
    errors: list[ValidationError],
    body: Any,
    ids: dict[int, str],
    keys: dict[int, dict[str, int]] | None = None,
) -> list[SchemaProblem]:
    keys = {} if keys is None else keys
    errors = _checked_no_further(errors)
    errors.sort(key=lambda e: _order(e, body, keys))
    reported: list[SchemaProblem] = []
    missing: dict[tuple[int, str], list[str]] = {}
    for error in errors:
        path = json_path(error.absolute_path)
        if error.validator == "required":
            # one message per object, the names in the schema's order (ObjectScope)
            key = (id(error.schema), path)
            if key not in missing:
                missing[key] = []
                reported.append(
                    SchemaProblem("", path, missing[key], _schema_id(error, ids), "required")
                )
            instance = error.instance if isinstance(error.instance, dict) else {}
            required: Any = error.validator_value
            missing[key].extend(n for n in required if n not in instance and n not in missing[key])
            continue
        children = tuple(_report(list(error.context), body, ids, keys)) if error.context else ()
        reported.append(
            SchemaProblem(
                _word(error),
                path,
                _value(error),
                _schema_id(error, ids),
                _error_type(error),
                children,
            )
        )
    return [
        p
        if p.error_type != "required" or p.message
        else SchemaProblem(
            f"Required properties are missing from object: {', '.join(p.value)}.",
            p.path,
            p.value,
            p.schema_id,
            p.error_type,
        )
        for p in reported
    ]


def _checked_no_further(errors: list[ValidationError]) -> list[ValidationError]:
    """Without the other errors of a primitive value that failed its schema's ``type``: the
    reader checks nothing else of it against that schema (``PrimitiveScope``)."""
    failed = {
        (id(e.schema), tuple(e.absolute_path))
        for e in errors
        if e.validator == "type" and not isinstance(e.instance, list | dict)
    }
    if not failed:
        return errors
    return [
        e
        for e in errors
        if e.validator == "type"
        or isinstance(e.instance, list | dict)
        or (id(e.schema), tuple(e.absolute_path)) not in failed
    ]
