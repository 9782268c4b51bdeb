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

import decimal
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import jsonschema
from jsonschema import (
    Draft3Validator,
    Draft4Validator,
    Draft6Validator,
    Draft7Validator,
    Draft201909Validator,
    Draft202012Validator,
)
from jsonschema.exceptions import ValidationError

__all__ = [
    "ANNOTATED_FORMATS",
    "FALSE_SCHEMA",
    "OWN_WORDS",
    "check_readable",
    "draft_of",
    "read_as_newtonsoft",
    "text_elements",
    "validator_class",
]

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
        "ref",
        "then",
        "uniqueItems",
        None,
    }
)
#: What a ``false`` subschema is read as, so that its error has the value's path and the
#: subschema's place (``SchemaScope.EnsureValid`` raises it there).
FALSE_SCHEMA = "$reqresFalse"


def _defined(schema: Mapping[str, Any], name: str) -> bool:
    properties = schema.get("properties")
    if isinstance(properties, Mapping) and name in properties:
        return True
    patterns = schema.get("patternProperties")
    return isinstance(patterns, Mapping) and any(re.search(p, name) for p in patterns)


def _beyond(
    validator: Any, allowed: Any, instance: Any, members: Iterator[tuple[str | int, str]]
) -> Errors:
    """The members no schema names: each its own refusal at its path when ``allowed`` is
    false, else each checked against ``allowed``."""
    for member, refusal in members:
        if allowed is False:
            yield ValidationError(refusal, path=[member])
        elif isinstance(allowed, Mapping):
            yield from validator.descend(instance[member], allowed, path=member)


def _additional_properties(
    validator: Any, allowed: Any, instance: Any, schema: Mapping[str, Any]
) -> Errors:
    if not validator.is_type(instance, "object"):
        return
    extra = (
        (
            name,
            f"Property '{name}' has not been defined and the schema does not allow "
            "additional properties.",
        )
        for name in instance
        if not _defined(schema, name)
    )
    yield from _beyond(validator, allowed, instance, extra)


def _additional_items(
    validator: Any, allowed: Any, instance: Any, schema: Mapping[str, Any]
) -> Errors:
    items = schema.get("items")
    if not validator.is_type(instance, "array") or not isinstance(items, list):
        return  # additionalItems only follows a tuple of items
    extra = (
        (
            index,
            f"Index {index + 1} has not been defined and the schema does not allow "
            "additional items.",
        )
        for index in range(len(items), len(instance))
    )
    yield from _beyond(validator, allowed, instance, extra)


def _json_key(value: Any) -> Any:
    """A hashable key equal for two JSON values exactly when Newtonsoft's ``JToken.DeepEquals``
    says they are: ``1`` equals ``1.0``, but ``true`` is no number and ``"1"`` no integer."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return (type(value).__name__, value)
    if isinstance(value, int | float):
        return ("number", value)  # 1 == 1.0 and they hash alike
    if isinstance(value, list):
        return ("array", tuple(_json_key(v) for v in value))
    if isinstance(value, dict):
        return ("object", frozenset((k, _json_key(v)) for k, v in value.items()))
    return ("other", repr(value))


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    if not unique or not validator.is_type(instance, "array"):
        return
    seen: set[Any] = set()
    for index, item in enumerate(instance):
        key = _json_key(item)
        if key in seen:
            yield ValidationError(f"Non-unique array item at index {index}.", path=[index])
        else:
            seen.add(key)


_DECIMAL_LIMIT = 7.9e28  # decimal.MaxValue


def _decimal(number: float) -> decimal.Decimal:
    """``Convert.ToDecimal``: an integer exactly, a double to 15 significant digits."""
    if isinstance(number, int):
        return decimal.Decimal(number)
    return decimal.Decimal(format(number, ".15g"))


def _is_multiple(value: float, step: float) -> bool:
    """``MathHelpers.IsIntegerMultiple``/``IsDoubleMultiple``: decimal arithmetic while the
    numbers fit a decimal (so 19.99 is a multiple of 0.01), else the double remainder within a
    tolerance."""
    if step == 0:
        return True
    if isinstance(value, int) and float(step).is_integer():
        return value % int(step) == 0  # BigInteger arithmetic for whole steps
    if abs(step) < _DECIMAL_LIMIT and abs(value / step) < _DECIMAL_LIMIT:
        with decimal.localcontext() as context:
            context.prec = 80
            return _decimal(value) % _decimal(step) == 0
    remainder = math.fmod(float(value), float(step))
    tolerance = 2.2204460492503131e-016 * 300
    return abs(remainder) <= tolerance or abs(abs(remainder) - abs(step)) <= tolerance


def _multiple_of(validator: Any, step: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    if not validator.is_type(instance, "number") or not isinstance(step, int | float):
        return
    try:
        multiple = _is_multiple(instance, step)
    except (OverflowError, decimal.InvalidOperation):
        multiple = False
    if not multiple:
        yield ValidationError(f"{instance!r} is not a multiple of {step}")


def text_elements(text: str) -> int:
    """``StringInfo.LengthInTextElements``, which ``minLength``/``maxLength`` count
    (``PrimitiveScope.ValidateString``): a character with the combining marks after it is one
    element, so a decomposed "é" is 1, not 2; a mark after a mark that began an element, or after
    a control or format character, begins its own. (.NET 5 and later also join emoji sequences
    into one element; .NET Framework does not, nor does this count.)"""
    count, joins = 0, False  # whether a combining mark joins the element before it
    for char in text:
        category = unicodedata.category(char)
        if category in _MARKS and joins:
            continue
        count += 1
        joins = category not in _MARKS and category not in _NO_BASE
    return count


_MARKS = frozenset({"Mn", "Mc", "Me"})
#: Characters a combining mark does not join (.NET Framework's text elements, as Mono's
#: ``StringInfo`` counts them): controls, format characters, unassigned, surrogates.
_NO_BASE = frozenset({"Cc", "Cf", "Cn", "Cs"})


def _length(bound: str) -> Any:
    def check(validator: Any, limit: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
        if not validator.is_type(instance, "string"):
            return
        length = text_elements(instance)
        if (length < limit) if bound == "min" else (length > limit):
            yield ValidationError(f"{instance!r} has {length} text elements")

    return check


def _false(validator: Any, value: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    none: Any = None  # a false schema has no keyword (jsonschema's own false-schema error)
    yield ValidationError("Schema always fails validation.", validator=none, validator_value=None)


def _ref_keyword(base: Any) -> Any:
    """``$ref`` as 2019-09 and unversioned schemas have it: next to any other keyword (even a
    ``description``) the referenced schema's errors come wrapped in one "JSON does not match
    schema from '$ref'." (``JSchemaReader`` marks ``HasNonRefContent``, ``RefScope`` raises);
    alone, the reference stands for its schema and its errors are its own."""
    resolve = base.VALIDATORS["$ref"]

    def ref(validator: Any, target: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
        errors = list(resolve(validator, target, instance, schema) or ())
        if not errors:
            return
        if len(schema) == 1:
            yield from errors
            return
        for error in errors:
            error.schema_path.appendleft("$ref")
        yield ValidationError(
            "JSON does not match schema from '$ref'.", validator="ref", context=errors
        )

    return ref


def _branches(
    validator: Any, schemas: Any, instance: Any
) -> tuple[list[int], list[int], list[ValidationError]]:
    """Which of ``schemas`` ``instance`` meets and fails (their indexes), and the failures'
    errors, in the schemas' order."""
    met: list[int] = []
    failed: list[int] = []
    children: list[ValidationError] = []
    for index, subschema in enumerate(schemas):
        errors = list(validator.descend(instance, subschema, schema_path=index))
        (failed if errors else met).append(index)
        children.extend(errors)
    return met, failed, children


def _all_of(validator: Any, schemas: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    _, failed, children = _branches(validator, schemas, instance)
    if failed:
        yield ValidationError(
            "JSON does not match all schemas from 'allOf'. Invalid schema indexes: "
            f"{', '.join(map(str, failed))}.",
            context=children,
        )


def _one_of(validator: Any, schemas: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    met, _, children = _branches(validator, schemas, instance)
    if not met:
        yield ValidationError("JSON is valid against no schemas from 'oneOf'.", context=children)
    elif len(met) > 1:
        yield ValidationError(
            "JSON is valid against more than one schema from 'oneOf'. Valid schema indexes: "
            f"{', '.join(map(str, met))}.",
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
            schema=schema[branch],  # the branch's own schemaId (IfThenElseScope)
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
    error per property whose dependency fails; required keys in the body's order (checked at
    the object's end), dependent schemas in the schema's (conditional scopes)."""
    if not validator.is_type(instance, "object"):
        return
    for name in instance:
        dependency = dependencies.get(name)
        if isinstance(dependency, list):
            missing = [key for key in dependency if key not in instance]
            if missing:
                yield ValidationError(
                    f"Dependencies for property '{name}' failed. Missing required keys: "
                    f"{', '.join(missing)}.",
                    validator="dependencies",
                    validator_value=name,
                )
    for name, dependency in dependencies.items():
        if name not in instance or isinstance(dependency, list):
            continue
        errors = list(validator.descend(instance, dependency, schema_path=name))
        if errors:
            yield ValidationError(
                f"Dependencies for property '{name}' failed.",
                validator="dependencies",
                validator_value=None,
                context=errors,
            )


def _property_names(validator: Any, names: Any, instance: Any, schema: Mapping[str, Any]) -> Errors:
    if validator.is_type(instance, "object"):
        for name in instance:  # at the property's path, as the reader stands on its name
            yield from validator.descend(name, names, path=name)


_OWN = {
    FALSE_SCHEMA: _false,
    "minLength": _length("min"),
    "maxLength": _length("max"),
    "multipleOf": _multiple_of,
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
    "draft-03": Draft3Validator,
    "draft-04": Draft4Validator,
    "draft-06": Draft6Validator,
    "draft-07": Draft7Validator,
    "2019-09": Draft201909Validator,
    "2020-12": Draft202012Validator,
}
#: ``$schema`` values Newtonsoft knows (``SchemaVersionHelpers.MapSchemaUri`` compares whole
#: URIs; a trailing empty fragment does not count). Any other value leaves a schema unversioned.
_VERSION_URIS = {
    "http://json-schema.org/draft-03/schema": "draft-03",
    "http://json-schema.org/draft-04/schema": "draft-04",
    "http://json-schema.org/draft-06/schema": "draft-06",
    "http://json-schema.org/draft-07/schema": "draft-07",
    "https://json-schema.org/draft/2019-09/schema": "2019-09",
    "https://json-schema.org/draft/2020-12/schema": "2020-12",
}
#: Drafts whose ``format`` is an annotation, not checked (``PrimitiveScope.
#: IsFormatValidationEnabled``).
ANNOTATED_FORMATS = frozenset({"2020-12"})


@cache
def validator_class(draft: str | None) -> Any:
    """The validator class for a schema of ``draft`` (``None``: no ``$schema``, every draft's
    keywords, as Newtonsoft reads an unversioned schema; :func:`read_as_newtonsoft` has put
    the older drafts' spellings into 2019-09's)."""
    base = Draft201909Validator if draft is None else _DRAFTS[draft]
    own = {k: fn for k, fn in _OWN.items() if k in base.VALIDATORS or k == FALSE_SCHEMA}
    own["dependencies"] = _dependencies  # read in every version (JSchemaReader)
    if draft in (None, "2019-09", "2020-12"):
        own["$ref"] = _ref_keyword(base)
    return jsonschema.validators.extend(base, own)  # type: ignore[no-untyped-call]


def draft_of(schema: Mapping[str, Any]) -> str | None:
    """The draft a schema names in ``$schema`` (``None`` when it names none the library
    knows: Newtonsoft's ``MapSchemaUri`` leaves such a schema unversioned)."""
    named = schema.get("$schema")
    if not isinstance(named, str):
        return None
    return _VERSION_URIS.get(named.removesuffix("#"))


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


#: Annotations Newtonsoft keeps as extension data whatever their value, which a meta-schema
#: would refuse when they are not written to the letter (jsonschema.net writes ``"$id":
#: "#/properties/a"`` into every subschema).
_ANNOTATIONS = frozenset({"$comment", "examples", "deprecated"})
#: Keywords whose own function takes ``false`` as "nothing more allowed".
_FALSE_MEANS_NONE = frozenset({"additionalProperties", "additionalItems"})


def _sub(value: Any, draft: str | None) -> Any:
    """One subschema read; ``false`` as :data:`FALSE_SCHEMA`, which reports at the value."""
    if value is False and draft not in _OLD_DRAFTS:
        return {FALSE_SCHEMA: True}
    return read_as_newtonsoft(value, draft=draft)


def _subschemas(key: str, value: Any, draft: str | None) -> Any:
    """``value`` with the subschemas it holds (as keyword ``key``'s value) read too."""
    if key in _FALSE_MEANS_NONE:
        return read_as_newtonsoft(value, draft=draft)
    if key in _ONE or (key in ("items", "extends") and isinstance(value, Mapping | bool)):
        return _sub(value, draft)
    if key in _MANY or (key in ("items", "extends", "disallow") and isinstance(value, list)):
        return [_sub(v, draft) for v in value]
    if key in _MAPS and isinstance(value, Mapping):
        return {k: _sub(v, draft) for k, v in value.items()}
    if key == "dependencies" and isinstance(value, Mapping):
        return {k: v if isinstance(v, list) else _sub(v, draft) for k, v in value.items()}
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


_OLD_DRAFTS = frozenset({"draft-03", "draft-04"})
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def read_as_newtonsoft(schema: Any, *, draft: str | None) -> Any:
    """``schema`` as Newtonsoft's reader keeps it, in the form jsonschema checks.

    Every schema: ``"required": []`` requires nothing (Azure's "Export template" writes it;
    draft 4's meta-schema would refuse it, but the reader does not check the meta-schema), and
    annotations (``$comment``, ``examples``, ``deprecated``, an ``$id`` that is only a
    fragment) never refuse a schema. From draft 6 on and unversioned: the bounds are read as
    the reader keeps them, one ``Minimum`` (the last of ``minimum`` and a numeric
    ``exclusiveMinimum``) and an exclusive flag (set by the number form or a boolean), written
    back in draft 6's form. Unversioned schemas also: draft 3's ``required: true`` on a
    property joins its object's ``required`` (the reader adds it when it reads
    ``properties``, and a ``required`` array read later replaces the list), ``divisibleBy`` is
    ``multipleOf``, ``extends`` joins ``allOf`` and ``disallow`` becomes ``not``;
    ``prefixItems`` is a tuple of ``items``.
    """
    if not isinstance(schema, Mapping):
        return schema
    unversioned = draft is None
    read: dict[str, Any] = {}
    required: list[Any] | None = None
    bounds: dict[str, tuple[Any, bool]] = {}  # "minimum"/"maximum" -> (limit, exclusive)
    for key, raw in schema.items():
        value = _subschemas(key, raw, draft)
        if key in _ANNOTATIONS or (
            key in ("$id", "id") and isinstance(value, str) and value.startswith("#")
        ):
            continue
        if key == "required" and isinstance(value, list):
            required = list(value)
        elif key in _BOUNDS and draft not in _OLD_DRAFTS and _is_bound(key, value):
            bound = key.removeprefix("exclusive").lower()
            limit, exclusive = bounds.get(bound, (None, False))
            if isinstance(value, bool):
                bounds[bound] = (limit, value)
            else:
                bounds[bound] = (value, exclusive or key != bound)
        elif not unversioned:
            read[key] = value
        elif key == "required" and isinstance(value, bool):
            pass  # draft 3's flag on a property: its object reads it from "properties"
        elif key == "extends" and isinstance(value, Mapping | list):
            read["allOf"] = [
                *read.get("allOf", []),
                *([value] if isinstance(value, Mapping) else value),
            ]
        else:
            if key == "properties":
                required = required or []
                required += [n for n in _flagged_required(raw) if n not in required]
            elif key == "allOf" and "allOf" in read and isinstance(value, list):
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


def _is_bound(key: str, value: Any) -> bool:
    """A value the reader takes for ``key``: a number, or a boolean for an exclusive flag
    (anything else is left for the meta-schema to refuse)."""
    if isinstance(value, bool):
        return key.startswith("exclusive")
    return isinstance(value, int | float)


def _children(schema: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Each subschema directly under ``schema``, with its pointer relative to ``schema``."""
    for key, value in schema.items():
        if key in _ONE or (key == "items" and isinstance(value, Mapping)):
            yield f"/{key}", value
        elif key in _MANY or (key == "items" and isinstance(value, list)):
            if isinstance(value, list):
                for index, sub in enumerate(value):
                    yield f"/{key}/{index}", sub
        elif (key in _MAPS or key == "dependencies") and isinstance(value, Mapping):
            for name, sub in value.items():
                escaped = str(name).replace("~", "~0").replace("/", "~1")
                yield f"/{key}/{escaped}", sub


def _resolves(root: Any, ref: str, ids: set[str]) -> bool:
    if not ref.startswith("#"):
        return ref.partition("#")[0] in ids
    fragment = ref[1:]
    if not fragment.startswith("/"):
        return fragment == "" or f"#{fragment}" in ids  # the root, or a named anchor
    node = root
    for step in fragment[1:].split("/"):
        name = step.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and name in node:
            node = node[name]
        elif isinstance(node, list) and name.isdigit() and int(name) < len(node):
            node = node[int(name)]
        else:
            return False
    return True


def check_readable(root: Mapping[str, Any], pointer: str) -> None:
    """Refuse what Newtonsoft's reader refuses and the meta-schema lets through, or what the
    mock could not run: a ``$ref`` that resolves to nothing ("Could not resolve schema
    reference", ``JSchemaReader.ResolveDeferredSchemas``), an empty ``enum`` ("Enum array
    must have at least one value."), and a ``pattern`` Python's ``re`` cannot compile (.NET
    syntax such as ``\\p{L}``).

    :raises DefinitionError: naming the place.
    """
    from reqres_mock.errors import DefinitionError  # noqa: PLC0415

    ids: set[str] = set()
    found: list[tuple[str, Mapping[str, Any]]] = []
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        where, schema = stack.pop()
        if not isinstance(schema, Mapping):
            continue
        found.append((where, schema))
        for key in ("$id", "id", "$anchor"):
            if isinstance(schema.get(key), str):
                ids.add(("#" if key == "$anchor" else "") + str(schema[key]).rstrip("#"))
        stack.extend((where + place, sub) for place, sub in _children(schema))
    for where, schema in found:
        ref = schema.get("$ref")
        if isinstance(ref, str) and not _resolves(root, ref, ids):
            raise DefinitionError(
                f"Could not resolve schema reference '{ref}'.", pointer=f"{pointer}{where}/$ref"
            )
        if schema.get("enum") == []:
            raise DefinitionError(
                "Enum array must have at least one value.", pointer=f"{pointer}{where}/enum"
            )
        patterns = [("pattern", schema.get("pattern"))]
        if isinstance(schema.get("patternProperties"), Mapping):
            patterns += [("patternProperties", p) for p in schema["patternProperties"]]
        for key, pattern in patterns:
            if not isinstance(pattern, str):
                continue
            try:
                re.compile(pattern)
            except re.error as err:
                raise DefinitionError(
                    f"the regular expression {pattern!r} cannot run in the mock ({err}); "
                    "Python's re does not know .NET-only syntax such as \\p{L}",
                    pointer=f"{pointer}{where}/{key}",
                ) from err
