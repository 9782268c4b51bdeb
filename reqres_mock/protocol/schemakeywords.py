"""JSON schema keywords as Newtonsoft.Json.Schema reads and checks them.

The Logic Apps runtime validates trigger bodies (``EnableSchemaValidation``) and Parse JSON
content with Newtonsoft.Json.Schema; its messages ("Required properties are missing from
object: …", "Invalid type. Expected Integer but got String.") are the ones users quote. This
module makes jsonschema read and check a schema the way that library does. Sources, all in
JamesNK/Newtonsoft.Json.Schema ``Src/Newtonsoft.Json.Schema/Infrastructure/``:

- **Which keywords count** (``JSchemaReader.ProcessSchemaName``,
  ``SchemaVersionHelpers.EnsureVersion``): a schema that does not name its draft in
  ``$schema`` has no version, and an unversioned schema takes the keywords of *every* draft
  the library knows. So a designer schema (no ``$schema``) enforces ``const``, ``contains``,
  ``propertyNames``, ``if``/``then``/``else``, ``dependentRequired`` as well as draft 4's
  keywords; ``exclusiveMinimum`` may be draft 4's boolean or draft 6's number (either way the
  reader keeps one ``Minimum`` and an exclusive flag); draft 3's ``required: true`` on a
  property, ``divisibleBy``, ``extends`` and ``disallow`` still work; ``items`` keeps its
  pre-2020 meaning (an array is a tuple). A schema naming a draft gets that draft's keywords.
- **How each keyword reports** (``Validation/ObjectScope.cs``, ``ArrayScope.cs``,
  ``AllOfScope.cs``, ``OneOfScope.cs``, ``IfThenElseScope.cs``, ``DependentSchemaScope.cs``):
  one error per extra property (at that property's path) and per extra or duplicate array
  item (at its index), one ``allOf`` / ``oneOf`` / ``then`` / ``else`` / ``contains`` /
  dependency error carrying its subschemas' errors as child errors.

The keyword functions below yield errors already worded as Newtonsoft words them; the
remaining keywords keep jsonschema's implementation and :mod:`reqres_mock.protocol.schema`
words them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import jsonschema
from jsonschema import (
    Draft4Validator,
    Draft6Validator,
    Draft7Validator,
    Draft201909Validator,
    Draft202012Validator,
)
from jsonschema.exceptions import ValidationError

__all__ = ["OWN_WORDS", "read_as_newtonsoft", "validator_class"]

Errors = Iterator[ValidationError]

#: Keywords whose errors this module words itself (``error.validator`` of what it yields).
OWN_WORDS = frozenset(
    {
        "additionalItems",
        "additionalProperties",
        "allOf",
        "contains",
        "dependencies",
        "else",
        "maxContains",
        "minContains",
        "oneOf",
        "then",
        "uniqueItems",
    }
)


def same_json(left: Any, right: Any) -> bool:
    """JSON equality as Newtonsoft's ``JToken.DeepEquals`` sees it: ``1`` equals ``1.0``, but
    ``true`` is no number and ``"1"`` no integer."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(same_json, left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same_json(left[k], right[k]) for k in left)
    return type(left) is type(right) and left == right


def _defined(schema: Mapping[str, Any], name: str) -> bool:
    properties = schema.get("properties")
    if isinstance(properties, Mapping) and name in properties:
        return True
    patterns = schema.get("patternProperties")
    return isinstance(patterns, Mapping) and any(re.search(p, name) for p in patterns)


def _additional_properties(
    validator: Any, allowed: Any, instance: Any, schema: Mapping[str, Any]
) -> Errors:
    if not validator.is_type(instance, "object"):
        return
    for name in instance:
        if _defined(schema, name):
            continue
        if allowed is False:
            yield ValidationError(
                f"Property '{name}' has not been defined and the schema does not allow "
                "additional properties.",
                path=[name],
            )
        elif isinstance(allowed, Mapping):
            yield from validator.descend(instance[name], allowed, path=name)


def _additional_items(
    validator: Any, allowed: Any, instance: Any, schema: Mapping[str, Any]
) -> Errors:
    items = schema.get("items")
    if not validator.is_type(instance, "array") or not isinstance(items, list):
        return  # additionalItems only follows a tuple of items
    for index in range(len(items), len(instance)):
        if allowed is False:
            yield ValidationError(
                f"Index {index + 1} has not been defined and the schema does not allow "
                "additional items.",
                path=[index],
            )
        elif isinstance(allowed, Mapping):
            yield from validator.descend(instance[index], allowed, path=index)


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    if not unique or not validator.is_type(instance, "array"):
        return
    seen: list[Any] = []
    for index, item in enumerate(instance):
        if any(same_json(item, earlier) for earlier in seen):
            yield ValidationError(f"Non-unique array item at index {index}.", path=[index])
        else:
            seen.append(item)


def _all_of(validator: Any, schemas: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    invalid: list[int] = []
    children: list[ValidationError] = []
    for index, subschema in enumerate(schemas):
        errors = list(validator.descend(instance, subschema, schema_path=index))
        if errors:
            invalid.append(index)
            children.extend(errors)
    if invalid:
        yield ValidationError(
            "JSON does not match all schemas from 'allOf'. Invalid schema indexes: "
            f"{', '.join(map(str, invalid))}.",
            context=children,
        )


def _one_of(validator: Any, schemas: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    valid: list[int] = []
    children: list[ValidationError] = []
    for index, subschema in enumerate(schemas):
        errors = list(validator.descend(instance, subschema, schema_path=index))
        if errors:
            children.extend(errors)
        else:
            valid.append(index)
    if not valid:
        yield ValidationError("JSON is valid against no schemas from 'oneOf'.", context=children)
    elif len(valid) > 1:
        yield ValidationError(
            "JSON is valid against more than one schema from 'oneOf'. Valid schema indexes: "
            f"{', '.join(map(str, valid))}.",
            context=children,
        )


def _if(validator: Any, condition: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    met = next(iter(validator.descend(instance, condition)), None) is None
    branch = "then" if met else "else"
    if branch not in schema:
        return
    errors = list(validator.descend(instance, schema[branch], schema_path=branch))
    if errors:
        yield ValidationError(
            f"JSON does not match schema from '{branch}'.",
            validator=branch,
            validator_value=schema[branch],
            context=errors,
        )


def _contains(validator: Any, contains: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    if not validator.is_type(instance, "array"):
        return
    matches = 0
    children: list[ValidationError] = []
    for index, item in enumerate(instance):
        errors = list(validator.descend(item, contains, path=index))
        if errors:
            children.extend(errors)
        else:
            matches += 1
    least, most = schema.get("minContains"), schema.get("maxContains")
    if least is not None:  # minContains replaces contains' "at least one"
        if matches < least:
            yield ValidationError(
                f"Contains match count {matches} is less than minimum contains count of {least}.",
                validator="minContains",
                context=children,
            )
    elif matches == 0:
        yield ValidationError("No items match contains.", context=children)
    if most is not None and matches > most:
        yield ValidationError(
            f"Contains match count {matches} exceeds maximum contains count of {most}.",
            validator="maxContains",
            context=children,
        )


def _dependencies(
    validator: Any, dependencies: Any, instance: Any, schema: Mapping[str, Any]
) -> Errors:
    """``dependencies`` (either form), ``dependentRequired`` and ``dependentSchemas``: one
    error per property read whose dependency fails, in the body's order."""
    if not validator.is_type(instance, "object"):
        return
    for name in instance:
        if name not in dependencies:
            continue
        dependency = dependencies[name]
        if isinstance(dependency, list):
            missing = [key for key in dependency if key not in instance]
            if missing:
                yield ValidationError(
                    f"Dependencies for property '{name}' failed. Missing required keys: "
                    f"{', '.join(missing)}.",
                    validator="dependencies",
                )
            continue
        errors = list(validator.descend(instance, dependency, schema_path=name))
        if errors:
            yield ValidationError(
                f"Dependencies for property '{name}' failed.",
                validator="dependencies",
                context=errors,
            )


def _property_names(validator: Any, names: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    if validator.is_type(instance, "object"):
        for name in instance:  # at the property's path, as the reader stands on its name
            yield from validator.descend(name, names, path=name)


_OWN = {
    "additionalItems": _additional_items,
    "additionalProperties": _additional_properties,
    "allOf": _all_of,
    "contains": _contains,
    "dependencies": _dependencies,
    "dependentRequired": _dependencies,
    "dependentSchemas": _dependencies,
    "if": _if,
    "oneOf": _one_of,
    "propertyNames": _property_names,
    "uniqueItems": _unique_items,
}

_DRAFTS: dict[str, Any] = {
    "draft-04": Draft4Validator,
    "draft-06": Draft6Validator,
    "draft-07": Draft7Validator,
    "2019-09": Draft201909Validator,
    "2020-12": Draft202012Validator,
}


@cache
def validator_class(draft: str | None) -> Any:
    """The validator class for a schema of ``draft`` (``None``: no ``$schema``, every draft's
    keywords, as Newtonsoft reads an unversioned schema; :func:`read_as_newtonsoft` has put
    the older drafts' spellings into 2019-09's)."""
    base = Draft201909Validator if draft is None else _DRAFTS[draft]
    own = {k: fn for k, fn in _OWN.items() if k in base.VALIDATORS}
    if draft is None:
        own["dependencies"] = _dependencies  # draft 4-7's, beside 2019-09's two
    return jsonschema.validators.extend(base, own)  # type: ignore[no-untyped-call]


def draft_of(schema: Mapping[str, Any]) -> str | None:
    """The draft a schema names in ``$schema`` (``None`` when it names none the library
    knows: Newtonsoft's ``MapSchemaUri`` leaves such a schema unversioned)."""
    named = schema.get("$schema")
    if not isinstance(named, str):
        return None
    for draft in _DRAFTS:
        if draft in named:
            return draft
    return None


#: Keywords whose value is one subschema, a list of them, or a map of names to them.
_ONE = (
    "additionalItems",
    "additionalProperties",
    "contains",
    "else",
    "if",
    "not",
    "propertyNames",
    "then",
    "unevaluatedItems",
    "unevaluatedProperties",
)
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAPS = ("$defs", "definitions", "dependentSchemas", "patternProperties", "properties")


def _subschemas(key: str, value: Any, *, versioned: bool) -> Any:
    """``value`` with the subschemas it holds (as keyword ``key``'s value) read too."""
    if key in _ONE or (key in ("items", "extends") and isinstance(value, Mapping)):
        return read_as_newtonsoft(value, versioned=versioned)
    if key in _MANY or (key in ("items", "extends", "disallow") and isinstance(value, list)):
        return [read_as_newtonsoft(v, versioned=versioned) for v in value]
    if key in _MAPS and isinstance(value, Mapping):
        return {k: read_as_newtonsoft(v, versioned=versioned) for k, v in value.items()}
    if key == "dependencies" and isinstance(value, Mapping):
        return {
            k: v if isinstance(v, list) else read_as_newtonsoft(v, versioned=versioned)
            for k, v in value.items()
        }
    return value


def _disallowed(value: Any) -> Any:
    """Draft 3's ``disallow`` (types or schemas) as the ``not`` it means."""
    banned = value if isinstance(value, list) else [value]
    types = [t for t in banned if isinstance(t, str)]
    alternatives = ([{"type": types}] if types else []) + [b for b in banned if b not in types]
    return alternatives[0] if len(alternatives) == 1 else {"anyOf": alternatives}


def _flagged_required(properties: Any) -> list[str]:
    """The properties that draft 3's ``"required": true`` marks."""
    if not isinstance(properties, Mapping):
        return []
    return [
        n
        for n, sub in properties.items()
        if isinstance(sub, Mapping) and sub.get("required") is True
    ]


def read_as_newtonsoft(schema: Any, *, versioned: bool) -> Any:
    """``schema`` as Newtonsoft's reader keeps it, in the form jsonschema checks.

    Every schema: ``"required": []`` requires nothing (Azure's "Export template" writes it;
    draft 4's meta-schema would refuse it, but the reader does not check the meta-schema).
    Unversioned schemas also: the bounds are read as the reader keeps them, one ``Minimum``
    (the last of ``minimum`` and a numeric ``exclusiveMinimum``) and an exclusive flag (set by
    the number form or draft 4's boolean), and written back in draft 6's form; draft 3's
    ``required: true`` on a property joins its object's ``required`` (the reader adds it when
    it reads ``properties``, and a ``required`` array read later replaces the list),
    ``divisibleBy`` is ``multipleOf``, ``extends`` joins ``allOf`` and ``disallow`` becomes
    ``not``; ``prefixItems`` is a tuple of ``items``.
    """
    if not isinstance(schema, Mapping):
        return schema
    read: dict[str, Any] = {}
    required: list[Any] = []
    bounds: dict[str, tuple[Any, bool]] = {}  # "minimum"/"maximum" -> (limit, exclusive)
    for key, raw in schema.items():
        value = _subschemas(key, raw, versioned=versioned)
        if key == "required" and isinstance(value, list):
            required = list(value)
        elif versioned:
            read[key] = value
        elif key == "required":
            pass  # draft 3's flag on a property: its object reads it from "properties"
        elif key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            bound = key.removeprefix("exclusive").lower()
            limit, exclusive = bounds.get(bound, (None, False))
            if isinstance(value, bool):
                bounds[bound] = (limit, value)
            else:
                bounds[bound] = (value, exclusive or key != bound)
        elif key == "extends":
            read["allOf"] = [
                *read.get("allOf", []),
                *([value] if isinstance(value, Mapping) else value),
            ]
        else:
            if key == "properties":
                required += [n for n in _flagged_required(raw) if n not in required]
            elif key == "allOf" and "allOf" in read:
                value = [*value, *read["allOf"]]
            renamed = str({"divisibleBy": "multipleOf", "disallow": "not"}.get(key, key))
            if key == "prefixItems" and "items" not in schema:
                renamed = "items"
            read[renamed] = _disallowed(value) if key == "disallow" else value
    for bound, (limit, exclusive) in bounds.items():
        if limit is not None:  # a flag without a limit checks nothing
            read["exclusive" + bound.capitalize() if exclusive else bound] = limit
    if required:
        read["required"] = required
    return read
