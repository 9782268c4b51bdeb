"""Bodies that break exactly one named constraint of a schema, for the 400 mismatch path.

A complete valid body is generated first (every optional property, at least one array item),
then one value in it is changed so that the named constraint fails there. The change is kept
only if jsonschema then reports **exactly one** error and it is of that kind; otherwise the next
place or the next candidate value is tried. Deeper places are tried first, so a leaf property is
broken rather than the whole body.
"""

from __future__ import annotations

import copy
import math
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import ConfigurationError, FakeDataError
from reqres_mock.protocol.schema import compile_schema
from reqres_mock.schematools.fakes import ATTEMPTS, Generator, bounds

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


#: The constraints :func:`fake_invalid_body` can break, in the order tried when none is named.
CONSTRAINTS = (
    "required",
    "type",
    "enum",
    "const",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "additionalProperties",
    "minProperties",
    "maxProperties",
)

#: A bound and its exclusive form report under either name: a schema naming draft-04 reports
#: its boolean exclusive bounds by ``minimum``/``maximum``, an unversioned one by
#: ``exclusiveMinimum``/``exclusiveMaximum`` (the reader keeps one limit and a flag).
_REPORTED_AS = {
    "minimum": {"minimum", "exclusiveMinimum"},
    "maximum": {"maximum", "exclusiveMaximum"},
    "exclusiveMinimum": {"exclusiveMinimum", "minimum"},
    "exclusiveMaximum": {"exclusiveMaximum", "maximum"},
}

_BAD_FORMATS = {
    "email": ["not-an-email"],
    "idn-email": ["not-an-email"],
    "date-time": ["yesterday", "2024-13-45T25:61:00Z"],
    "date": ["2024-13-45", "yesterday"],
    "time": ["25:61:00", "noon"],
    "uri": ["not a uri", "//"],
    "iri": ["not a uri"],
    "uuid": ["not-a-uuid"],
    "ipv4": ["999.1.1.1"],
    "ipv6": ["not:an:ipv6::::address"],
    "hostname": ["-not_a_host-"],
    "regex": ["(unclosed"],
}

Path = tuple[str | int, ...]


def fake_invalid_body(
    schema: Mapping[str, Any],
    constraint: str | None = None,
    *,
    seed: int | None = None,
    at: str | None = None,
    pointer: str = "/schema",
) -> Any:
    """A body that violates exactly one ``constraint`` of ``schema`` and nothing else.

    :param constraint: one of :data:`CONSTRAINTS`; ``None`` breaks the first one the schema
        has, in that order.
    :param at: a JSON pointer into the body (``/account/name``) to break it only there.
    :raises ConfigurationError: for a constraint name not in :data:`CONSTRAINTS`.
    :raises DefinitionError: when the schema is invalid (the message names its JSON pointer).
    :raises FakeDataError: when the schema has no such constraint that can fail on its own.
    """
    if constraint is not None and constraint not in CONSTRAINTS:
        raise ConfigurationError(
            f"constraint must be one of {', '.join(CONSTRAINTS)}; got {constraint!r}"
        )
    validator = compile_schema(schema, pointer=pointer)
    generator = Generator(dict(schema), seed=seed, complete=True)
    wanted = [constraint] if constraint else list(CONSTRAINTS)
    target = _parse_pointer(at) if at is not None else None
    found: set[str] = set()
    unchecked = False
    for _ in range(ATTEMPTS // 5):
        base = generator.valid(validator)
        places = sorted(_places(generator, base, ()), key=lambda p: -len(p[1]))
        if target is not None:
            places = [p for p in places if p[1] == target]
        for kind in wanted:
            for spec, path, value in places:
                if not _applies(kind, spec):
                    continue
                found.add(kind)
                for candidate in _candidates(kind, spec, value, generator):
                    body = _replace(base, path, candidate)
                    errors = list(validator.iter_errors(body))
                    if len(errors) == 1 and errors[0].validator in _REPORTED_AS.get(kind, {kind}):
                        return body
                    unchecked = unchecked or not errors
    where = f" at {at!r}" if at is not None else ""
    name = f"'{constraint}' constraint" if constraint else "constraint"
    why = ""
    if unchecked:
        why = (
            "; it has one, but the validator does not check it (a schema naming draft-04 in "
            "$schema has no const; Newtonsoft.Json.Schema checks only the formats it knows, "
            "such as date-time, email, uri, uuid)"
        )
    elif found:
        why = "; it has one, but breaking it always breaks another constraint too"
    raise FakeDataError(f"the schema has no {name}{where} that a body can break alone{why}")


def _parse_pointer(pointer: str) -> Path:
    if pointer in {"", "/"}:
        return ()
    if not pointer.startswith("/"):
        raise ConfigurationError(
            f"at must be a JSON pointer such as '/account/name'; got {pointer!r}"
        )
    parts: list[str | int] = []
    for raw in pointer[1:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        parts.append(int(part) if part.isdigit() else part)
    return tuple(parts)


def _places(
    generator: Generator, value: Any, path: Path
) -> Iterator[tuple[dict[str, Any], Path, Any]]:
    """Every ``(schema, path, value)`` in a body: the schemas that apply to each of its values."""
    yield from _walk(generator, generator.root, "", value, path, depth=0)


def _walk(
    generator: Generator, schema: Any, pointer: str, value: Any, path: Path, *, depth: int
) -> Iterator[tuple[dict[str, Any], Path, Any]]:
    if depth > 20:
        return
    spec, pointer = generator.resolve(schema, pointer)
    yield spec, path, value
    for index, member in enumerate(spec.get("allOf", ())):
        yield from _walk(
            generator, member, f"{pointer}/allOf/{index}", value, path, depth=depth + 1
        )
    if isinstance(value, dict):
        for key, item in value.items():
            sub, where = generator.property_schema(spec, key, pointer)
            yield from _walk(generator, sub, where, item, (*path, key), depth=depth + 1)
    elif isinstance(value, list):
        items = spec.get("items", {})
        for index, item in enumerate(value):
            if isinstance(items, list):
                sub = items[index] if index < len(items) else spec.get("additionalItems", {})
            else:
                sub = items
            yield from _walk(
                generator, sub, f"{pointer}/items", item, (*path, index), depth=depth + 1
            )


def _applies(kind: str, spec: dict[str, Any]) -> bool:
    if kind in {"exclusiveMinimum", "exclusiveMaximum"}:
        value = spec.get(kind)
        return value is True or (isinstance(value, (int, float)) and not isinstance(value, bool))
    if kind == "additionalProperties":
        return spec.get(kind) is False  # a schema there fails with its own keywords instead
    return kind in spec and spec[kind] is not False


def _types(spec: dict[str, Any]) -> list[str]:
    declared = spec.get("type", [])
    return declared if isinstance(declared, list) else [declared]


def _candidates(kind: str, spec: dict[str, Any], value: Any, generator: Generator) -> list[Any]:
    """Replacement values that might break ``kind`` alone; the caller checks which does."""
    rule: Any = spec.get(kind)
    if kind == "required":
        if not isinstance(value, dict):
            return []
        return [{k: v for k, v in value.items() if k != name} for name in rule if name in value]
    if kind == "type":
        allowed = set(_types(spec))
        options: list[Any] = []
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            options.append(str(value))  # the classic mistake: a number sent as a string
        if isinstance(value, str) and value.strip("-").isdigit():
            options.append(int(value))
        options += ["text", 12345, 1.5, True, None, [], {}]
        return [o for o in options if not _has_type(o, allowed)]
    if kind in {"enum", "const"}:
        known = rule if kind == "enum" else [rule]
        options = [f"{value}-unknown" if isinstance(value, str) else "unknown-value"]
        numbers = [n for n in known if isinstance(n, (int, float)) and not isinstance(n, bool)]
        if numbers:
            options.append(max(numbers) + 1)
        options += [not value if isinstance(value, bool) else False, None]
        return [o for o in options if o not in known]
    if kind == "minLength" and isinstance(value, str) and rule > 0:
        return [value[: rule - 1], "a" * (rule - 1)]
    if kind == "maxLength" and isinstance(value, str):
        return [value + "x" * (rule + 1 - len(value)), "x" * (rule + 1)]
    if kind == "pattern" and isinstance(value, str):
        return ["", "!", "~", f"{value}!", f"!{value}", "\u00e9", " "]
    if kind == "format" and isinstance(value, str):
        return [*_BAD_FORMATS.get(str(rule), []), f"not-a-{rule}"]
    if kind in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        return _outside(kind, spec, value)
    if kind == "multipleOf" and _is_number(value):
        return [value + rule / 2, value + 1, value + 0.5]
    if kind == "minItems" and isinstance(value, list) and rule > 0:
        return [value[: rule - 1]]
    if kind == "maxItems" and isinstance(value, list):
        return [_grow(value, rule + 1, spec, generator)]
    if kind == "uniqueItems" and isinstance(value, list) and rule:
        return _duplicated(value, spec, generator)
    if kind == "additionalProperties" and isinstance(value, dict):
        return [{**value, name: "unexpected"} for name in ("unexpectedProperty", "extra", "x-1")]
    if kind == "minProperties" and isinstance(value, dict) and rule > 0:
        required = set(spec.get("required", ()))
        optional = [k for k in value if k not in required]
        trimmed = dict(value)
        for key in optional[: len(value) - (rule - 1)]:
            trimmed.pop(key)
        return [trimmed] if len(trimmed) < rule else []
    if kind == "maxProperties" and isinstance(value, dict):
        grown = dict(value)
        for index in range(rule + 1 - len(value)):
            grown[f"extra{index}"] = "unexpected"
        return [grown]
    return []


def _outside(kind: str, spec: dict[str, Any], value: Any) -> list[Any]:
    if not _is_number(value):
        return []
    low, low_open, high, high_open = bounds(spec)
    integer = "integer" in _types(spec)
    if kind in {"minimum", "exclusiveMinimum"} and low is not None:
        if kind == "exclusiveMinimum":
            return [low] if low_open else []
        below = math.ceil(low) - 1 if integer else low - 1
        return [below, low - 0.5]
    if kind in {"maximum", "exclusiveMaximum"} and high is not None:
        if kind == "exclusiveMaximum":
            return [high] if high_open else []
        above = math.floor(high) + 1 if integer else high + 1
        return [above, high + 0.5]
    return []


def _grow(value: list[Any], size: int, spec: dict[str, Any], generator: Generator) -> list[Any]:
    grown = list(value)
    items = spec.get("items", {})
    sub = items if isinstance(items, dict) else spec.get("additionalItems", {})
    for _ in range(size * 5):
        if len(grown) >= size:
            break
        item = generator.value(sub if isinstance(sub, dict) else {}, "", None, None, 1)
        if not spec.get("uniqueItems") or item not in grown:
            grown.append(item)
    return grown


def _duplicated(value: list[Any], spec: dict[str, Any], generator: Generator) -> list[Any]:
    if value:
        return [[*value, copy.deepcopy(value[0])], [*value[:-1], copy.deepcopy(value[0])]]
    items = spec.get("items", {})
    item = generator.value(items if isinstance(items, dict) else {}, "", None, None, 1)
    return [[item, copy.deepcopy(item)]]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _has_type(value: Any, allowed: set[str]) -> bool:
    if value is None:
        return "null" in allowed
    if isinstance(value, bool):
        return "boolean" in allowed
    if isinstance(value, int):
        return bool(allowed & {"integer", "number"})
    if isinstance(value, float):
        return "number" in allowed or ("integer" in allowed and value.is_integer())
    if isinstance(value, str):
        return "string" in allowed
    if isinstance(value, list):
        return "array" in allowed
    return "object" in allowed


def _replace(body: Any, path: Path, new: Any) -> Any:
    if not path:
        return copy.deepcopy(new)
    result = copy.deepcopy(body)
    parent = result
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = copy.deepcopy(new)
    return result
