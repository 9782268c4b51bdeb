"""Schema → fake request bodies that validate, realistic through faker, deterministic by seed.

The generator walks the schema: ``const`` and ``enum`` first, then the type (a list of types
picks one, a missing type is inferred from the keywords), honouring ``properties``,
``required``, ``additionalProperties``, ``min/maxProperties``, ``items`` (one schema or a
tuple), ``min/maxItems``, ``uniqueItems``, ``min/maxLength``, ``pattern`` (through rstr),
``format``, ``minimum``/``maximum`` (draft-04 boolean and later numeric exclusive forms),
``multipleOf``, ``$ref`` to ``#/...`` inside the schema, ``allOf`` (merged), ``anyOf`` and
``oneOf`` (one branch). Strings and numbers are realistic by property name (see
:mod:`reqres_mock.schematools.realism`).

Every body is validated with jsonschema before it is returned; one that does not validate is
generated again (up to :data:`ATTEMPTS` times) and then reported as :class:`FakeDataError`, so a
returned body always validates.
"""

from __future__ import annotations

import copy
import math
import random
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import FakeDataError
from reqres_mock.protocol.schema import compile_schema, validate
from reqres_mock.schematools import realism
from reqres_mock.schematools.extra import require

if TYPE_CHECKING:
    from collections.abc import Mapping

    from faker import Faker
    from jsonschema.protocols import Validator

#: How many bodies are generated for one request before giving up.
ATTEMPTS = 25
_MAX_DEPTH = 12
_OBJECT_WORDS = (
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
)
_ARRAY_WORDS = ("items", "minItems", "maxItems", "uniqueItems", "additionalItems")
_STRING_WORDS = ("minLength", "maxLength", "pattern", "format")
_NUMBER_WORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")


def fake_body(
    schema: Mapping[str, Any], *, seed: int | None = None, pointer: str = "/schema"
) -> Any:
    """One body that validates against ``schema``; the same ``seed`` gives the same body.

    :param pointer: where the schema sits, for error messages (``/schema`` by default).
    :raises DefinitionError: when the schema is invalid (the message names its JSON pointer).
    :raises FakeDataError: when no valid body could be generated.
    """
    return fake_bodies(schema, 1, seed=seed, pointer=pointer)[0]


def fake_bodies(
    schema: Mapping[str, Any], count: int, *, seed: int | None = None, pointer: str = "/schema"
) -> list[Any]:
    """``count`` bodies that validate against ``schema``, reproducible with ``seed``.

    The first of them is ``fake_body(schema, seed=seed)``.

    :raises DefinitionError: when the schema is invalid (the message names its JSON pointer).
    :raises FakeDataError: when no valid body could be generated.
    """
    validator = compile_schema(schema, pointer=pointer)
    generator = Generator(dict(schema), seed=seed)
    return [generator.valid(validator) for _ in range(count)]


class Generator:
    """Makes values for a schema from one seeded random source and one seeded faker.

    :param complete: include every optional property and at least one array item (used to
        build bases for invalid bodies, where each constraint should have a value to break).
    """

    def __init__(self, root: dict[str, Any], *, seed: int | None, complete: bool = False):
        # The schematools extra; faker is slow to import: only when bodies are made.
        faker = require("faker", "making fake bodies")
        rstr = require("rstr", "making fake bodies")
        if seed is None:
            seed = random.SystemRandom().randrange(2**32)
        self.root = root
        self.rng = random.Random(seed)
        self.fake: Faker = faker.Faker("en_US")
        self.fake.seed_instance(seed)
        self.xeger = rstr.Rstr(self.rng)
        self.complete = complete

    def valid(self, validator: Validator) -> Any:
        """A value that ``validator`` accepts.

        :raises FakeDataError: after :data:`ATTEMPTS` values that it did not accept.
        """
        problems: list[tuple[str, str]] = []
        for _ in range(ATTEMPTS):
            body = self.value(self.root, "", None, None, 0)
            problems = validate(validator, body)
            if not problems:
                return body
        path, message = problems[0]
        raise FakeDataError(
            f"could not generate a body that satisfies the schema in {ATTEMPTS} attempts; the "
            f"last one failed at '{path or '(root)'}': {message} Simplify or loosen that part "
            "of the schema, or build the body by hand."
        )

    # -- schema plumbing ----------------------------------------------------------------------

    def resolve(self, schema: Any, pointer: str) -> tuple[dict[str, Any], str]:
        """Follow ``$ref`` (only ``#/...`` inside the schema) until a schema without one.

        :raises FakeDataError: for a reference elsewhere or to nothing.
        """
        seen = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if not ref.startswith("#"):
                raise FakeDataError(
                    f"#{pointer}/$ref: only references inside the schema ('#/...') can be "
                    f"followed, not {ref!r}"
                )
            target: Any = self.root
            for part in ref[1:].lstrip("/").split("/") if ref not in {"#", "#/"} else []:
                key = part.replace("~1", "/").replace("~0", "~")
                if isinstance(target, list) and key.isdigit() and int(key) < len(target):
                    target = target[int(key)]
                elif isinstance(target, dict) and key in target:
                    target = target[key]
                else:
                    raise FakeDataError(f"#{pointer}/$ref: {ref!r} points at nothing")
            schema, pointer = target, ref[1:]
            seen += 1
            if seen > _MAX_DEPTH:
                raise FakeDataError(f"#{pointer}/$ref: {ref!r} refers to itself")
        return (schema if isinstance(schema, dict) else {}), pointer

    def merged(self, schema: dict[str, Any], pointer: str) -> dict[str, Any]:
        """``schema`` with its ``allOf`` members merged in and one ``anyOf``/``oneOf`` branch."""
        result = {k: v for k, v in schema.items() if k not in {"allOf", "anyOf", "oneOf"}}
        for index, member in enumerate(schema.get("allOf", ())):
            sub, where = self.resolve(member, f"{pointer}/allOf/{index}")
            result = _merge(result, self.merged(sub, where))
        for word in ("anyOf", "oneOf"):
            branches = schema.get(word)
            if branches:
                index = self.rng.randrange(len(branches))
                sub, where = self.resolve(branches[index], f"{pointer}/{word}/{index}")
                result = _merge(result, self.merged(sub, where))
        return result

    # -- values -------------------------------------------------------------------------------

    def value(
        self, schema: Any, pointer: str, name: str | None, parent: str | None, depth: int
    ) -> Any:
        """A value for ``schema`` (at ``pointer``), for a property ``name`` inside ``parent``."""
        if depth > _MAX_DEPTH:
            raise FakeDataError(
                f"#{pointer}: the schema nests deeper than {_MAX_DEPTH} levels through required "
                "properties or items; a finite body cannot satisfy it"
            )
        resolved, pointer = self.resolve(schema, pointer)
        spec = self.merged(resolved, pointer)
        if "const" in spec:
            return copy.deepcopy(spec["const"])
        if spec.get("enum"):
            return copy.deepcopy(self.rng.choice(spec["enum"]))
        kind = self.pick_type(spec)
        if kind == "object":
            return self.object(spec, pointer, name, depth)
        if kind == "array":
            return self.array(spec, pointer, name, depth)
        if kind in {"integer", "number"}:
            return self.number(spec, name, integer=kind == "integer")
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "null":
            return None
        return self.string(spec, name, parent)

    def pick_type(self, spec: dict[str, Any]) -> str:
        declared = spec.get("type")
        if isinstance(declared, str):
            return declared
        if isinstance(declared, list) and declared:
            concrete = [t for t in declared if t != "null"] or declared
            return str(self.rng.choice(concrete))
        for kind, words in (
            ("object", _OBJECT_WORDS),
            ("array", _ARRAY_WORDS),
            ("string", _STRING_WORDS),
            ("number", _NUMBER_WORDS),
        ):
            if any(w in spec for w in words):
                return kind
        return "string"

    def object(self, spec: dict[str, Any], pointer: str, name: str | None, depth: int) -> Any:
        properties: dict[str, Any] = spec.get("properties") or {}
        required = [r for r in spec.get("required", ()) if isinstance(r, str)]
        # Deep in a recursive schema, only what is required keeps the body finite.
        shallow = depth < 4
        chosen = [
            key
            for key in properties
            if key in required or (shallow and (self.complete or self.rng.random() < 0.9))
        ]
        chosen += [key for key in required if key not in chosen]
        maximum = spec.get("maxProperties")
        if isinstance(maximum, int):
            optional = [k for k in chosen if k not in required]
            while len(chosen) > maximum and optional:
                chosen.remove(optional.pop())
        minimum = spec.get("minProperties", 0)
        for key in properties:
            if len(chosen) >= minimum:
                break
            if key not in chosen:
                chosen.append(key)
        extra = spec.get("additionalProperties", True)
        while len(chosen) < minimum and extra is not False:
            key = f"{self.fake.word()}{len(chosen)}"
            if key not in chosen:
                chosen.append(key)
        result: dict[str, Any] = {}
        for key in chosen:
            sub, where = self.property_schema(spec, key, pointer)
            result[key] = self.value(sub, where, key, name, depth + 1)
        return result

    def property_schema(self, spec: dict[str, Any], key: str, pointer: str) -> tuple[Any, str]:
        """The schema a property ``key`` of an object ``spec`` must match, and its pointer."""
        import re  # noqa: PLC0415

        escaped = key.replace("~", "~0").replace("/", "~1")
        if key in (spec.get("properties") or {}):
            return spec["properties"][key], f"{pointer}/properties/{escaped}"
        for pattern, sub in (spec.get("patternProperties") or {}).items():
            if re.search(pattern, key):
                return sub, f"{pointer}/patternProperties/{pattern}"
        extra = spec.get("additionalProperties")
        if isinstance(extra, dict):
            return extra, f"{pointer}/additionalProperties"
        return {}, pointer

    def array(self, spec: dict[str, Any], pointer: str, name: str | None, depth: int) -> Any:
        items = spec.get("items", {})
        low = int(spec.get("minItems", 0))
        default_high = 3 if depth < 4 else low
        high = int(spec.get("maxItems", max(low, default_high)))
        floor = max(low, 1) if self.complete or depth < 4 else low
        fewest = min(floor, high)
        count = self.rng.randint(fewest, max(fewest, min(high, fewest + 2)))
        hint = realism.singular(name)
        result: list[Any] = []
        for index in range(count):
            if isinstance(items, list):
                if index < len(items):
                    sub, where = items[index], f"{pointer}/items/{index}"
                else:
                    sub, where = spec.get("additionalItems", {}), f"{pointer}/additionalItems"
                    if sub is False:
                        break
            else:
                sub, where = items, f"{pointer}/items"
            item = self.value(sub, where, hint, name, depth + 1)
            if spec.get("uniqueItems"):
                for _ in range(10):
                    if item not in result:
                        break
                    item = self.value(sub, where, hint, name, depth + 1)
            result.append(item)
        contains = spec.get("contains")
        need = int(spec.get("minContains", 1)) if isinstance(contains, dict) else 0
        # the first items are made to match contains (and items, when that is one schema)
        if need and isinstance(contains, dict) and not isinstance(items, list):
            sub = _merge(dict(items), dict(contains)) if isinstance(items, dict) else contains
            made = [
                self.value(sub, f"{pointer}/contains", hint, name, depth + 1) for _ in range(need)
            ]
            result = made + result[need:]
        return result

    def number(self, spec: dict[str, Any], name: str | None, *, integer: bool) -> int | float:
        low, low_open, high, high_open, places = realistic_range(spec, name)
        multiple = spec.get("multipleOf")
        if integer or isinstance(multiple, int):
            lo = math.floor(low) + 1 if low_open and float(low).is_integer() else math.ceil(low)
            hi = math.ceil(high) - 1 if high_open and float(high).is_integer() else math.floor(high)
            if isinstance(multiple, (int, float)) and multiple > 0:
                return self.multiple(lo, hi, multiple)
            return self.rng.randint(lo, max(lo, hi))
        if isinstance(multiple, (int, float)) and multiple > 0:
            return self.multiple(low, high, multiple)
        value = round(self.rng.uniform(low, high), places or 2)
        if (low_open and value <= low) or value < low:
            value = low + (high - low) / 2
        if (high_open and value >= high) or value > high:
            value = low + (high - low) / 2
        return value

    def multiple(self, low: float, high: float, step: float) -> int | float:
        first, last = math.ceil(low / step), math.floor(high / step)
        for _ in range(20):
            k = self.rng.randint(first, max(first, last))
            value: int | float = k * step
            if isinstance(step, float):
                value = round(value, 10)
                quotient = value / step
                if int(quotient) != quotient:  # jsonschema's float check; try another k
                    continue
            return value
        return first * step

    def string(self, spec: dict[str, Any], name: str | None, parent: str | None) -> str:
        low = int(spec.get("minLength", 0))
        high = spec.get("maxLength")
        pattern = spec.get("pattern")
        fmt = spec.get("format")
        if isinstance(pattern, str) and fmt not in realism.FORMATS:
            return self.from_pattern(pattern, low, high)
        if name is None and fmt is None:
            text = self.fake.sentence(nb_words=3).rstrip(".")
        else:
            text = realism.string_for(self.fake, name, parent, fmt)
        if fmt in realism.FORMATS:
            return text  # shortening or padding would break the format
        if isinstance(high, int) and len(text) > high:
            text = text[:high]
        while len(text) < low:
            text += " " + str(self.fake.word()) if text else str(self.fake.word())
        if isinstance(high, int):
            text = text[:high]
        return text

    def from_pattern(self, pattern: str, low: int, high: int | None) -> str:
        """A string that matches ``pattern`` and fits the lengths; the last try when none do."""
        text = ""
        for _ in range(20):
            try:
                text = str(self.xeger.xeger(pattern))
            except Exception:  # rstr raises anything on a regex it cannot handle
                return str(self.fake.word())  # validation reports the mismatch clearly
            if len(text) >= low and (high is None or len(text) <= high):
                return text
        return text


def realistic_range(
    spec: Mapping[str, Any], name: str | None
) -> tuple[float, bool, float, bool, int]:
    """The range a number is drawn from: the name's realistic range where it fits the schema's
    bounds, else the schema's (a missing side is the other one ± 1000).

    :returns: ``(low, low_is_exclusive, high, high_is_exclusive, decimal_places)``.
    """
    low, low_open, high, high_open = bounds(spec)
    hint_low, hint_high, places = realism.number_range(name)
    lo, lo_open = (hint_low, False) if low is None or hint_low > low else (low, low_open)
    hi, hi_open = (hint_high, False) if high is None or hint_high < high else (high, high_open)
    if lo < hi:
        return lo, lo_open, hi, hi_open, places
    if low is not None and high is not None:
        return low, low_open, high, high_open, places
    if low is not None:
        return low, low_open, low + 1000, False, places
    assert high is not None  # else the hint range, which is never empty, was returned
    return high - 1000, False, high, high_open, places


def bounds(spec: Mapping[str, Any]) -> tuple[float | None, bool, float | None, bool]:
    """``(low, low_is_exclusive, high, high_is_exclusive)`` from draft-04 or later keywords."""
    low, high = spec.get("minimum"), spec.get("maximum")
    low_open = high_open = False
    ex_low, ex_high = spec.get("exclusiveMinimum"), spec.get("exclusiveMaximum")
    if isinstance(ex_low, bool):
        low_open = ex_low and low is not None
    elif isinstance(ex_low, (int, float)) and (low is None or ex_low >= low):
        low, low_open = ex_low, True
    if isinstance(ex_high, bool):
        high_open = ex_high and high is not None
    elif isinstance(ex_high, (int, float)) and (high is None or ex_high <= high):
        high, high_open = ex_high, True
    return low, low_open, high, high_open


_TIGHTER_LOW = {"minimum", "minLength", "minItems", "minProperties"}
_TIGHTER_HIGH = {"maximum", "maxLength", "maxItems", "maxProperties"}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Both schemas' constraints in one (for generating; validation checks the real thing)."""
    result = dict(base)
    for key, value in extra.items():
        if key not in result:
            result[key] = value
        elif key == "properties":
            merged = dict(result[key])
            for name, sub in value.items():
                merged[name] = _merge(merged[name], sub) if name in merged else sub
            result[key] = merged
        elif key == "required":
            result[key] = list(dict.fromkeys([*result[key], *value]))
        elif key == "type":
            mine = result[key] if isinstance(result[key], list) else [result[key]]
            theirs = value if isinstance(value, list) else [value]
            both = [t for t in mine if t in theirs]
            if not both and (
                ("number" in mine and "integer" in theirs)
                or ("integer" in mine and "number" in theirs)
            ):
                both = ["integer"]
            result[key] = both or value
        elif key in _TIGHTER_LOW:
            result[key] = max(result[key], value)
        elif key in _TIGHTER_HIGH:
            result[key] = min(result[key], value)
        else:
            result[key] = value
    return result
