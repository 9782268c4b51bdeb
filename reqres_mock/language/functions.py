"""The Workflow Definition Language's pure functions (string, collection, logical, conversion,
math, date). Functions that read the run (``trigger()``, ``body()``, ``variables()``...) are in
:mod:`reqres_mock.definitions.actions`; ``if`` and ``coalesce`` are evaluated lazily by the
evaluator.

Semantics follow Logic Apps: integer arithmetic stays integer (``div(7, 2)`` is 3), strings
compare case-insensitively in ``indexOf``/``startsWith``/``endsWith``, ``length`` works on
strings, arrays and objects, and a wrong argument is an ``InvalidTemplate`` error.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import random
import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote, unquote

from reqres_mock.errors import ExpressionError
from reqres_mock.language.dates import DATE_FUNCTIONS
from reqres_mock.language.numbers import format_number
from reqres_mock.protocol.schema import json_type_name as type_name

#: Logic Apps' limit on collection sizes produced by functions such as range().
MAX_COLLECTION = 100_000

Function = Callable[..., Any]
FUNCTIONS: dict[str, Function] = {}


F = TypeVar("F", bound=Function)


def function(name: str, minimum: int, maximum: int | None = None) -> Callable[[F], F]:
    """Register ``name`` (case-insensitive) with an argument count check."""
    top = minimum if maximum is None else maximum

    def register(impl: F) -> F:
        def checked(*args: Any) -> Any:
            if not (minimum <= len(args) <= (top if top >= 0 else len(args))):
                expected = (
                    f"{minimum}"
                    if minimum == top
                    else f"{minimum} to {top}"
                    if top >= 0
                    else f"at least {minimum}"
                )
                raise ExpressionError(
                    f"The template language function '{name}' expects {expected} parameter(s) "
                    f"but got {len(args)}"
                )
            return impl(*args)

        FUNCTIONS[name.lower()] = checked
        return impl

    return register


def _fail(name: str, message: str) -> ExpressionError:
    return ExpressionError(f"The template language function '{name}' {message}")


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(name, f"expects a string but got '{type_name(value)}'")
    return value


def _integer(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(name, f"expects an integer but got '{type_name(value)}'")
    return value


def _number(name: str, value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(name, f"expects a number but got '{type_name(value)}'")
    return value


def _array(name: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(name, f"expects an array but got '{type_name(value)}'")
    return value


def to_text(value: Any) -> str:
    """How Logic Apps writes a value into a string (interpolation and ``string()``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# -- string ------------------------------------------------------------------------------------


@function("concat", 1, -1)
def _concat(*values: Any) -> str:
    return "".join(to_text(v) for v in values)


@function("substring", 2, 3)
def _substring(value: Any, start_at: Any, length: Any = None) -> str:
    text, start = _text("substring", value), _integer("substring", start_at)
    end = len(text) if length is None else start + _integer("substring", length)
    if start < 0 or end < start or end > len(text):
        raise _fail(
            "substring",
            "parameters are out of range: 'start index' and 'length' must be non-negative "
            "integers and their sum must be no larger than the length of the string",
        )
    return text[start:end]


@function("slice", 2, 3)
def _slice(value: Any, start: Any, end: Any = None) -> str:
    text = _text("slice", value)
    stop = len(text) if end is None else _integer("slice", end)
    return text[_integer("slice", start) : stop]


@function("replace", 3)
def _replace(text: Any, old: Any, new: Any) -> str:
    return _text("replace", text).replace(_text("replace", old), to_text(new))


@function("toLower", 1)
def _lower(text: Any) -> str:
    return _text("toLower", text).lower()


@function("toUpper", 1)
def _upper(text: Any) -> str:
    return _text("toUpper", text).upper()


@function("trim", 1)
def _trim(text: Any) -> str:
    return _text("trim", text).strip()


@function("split", 2)
def _split(value: Any, separator: Any) -> list[str]:
    delimiter = _text("split", separator)
    text = _text("split", value)
    if not delimiter:
        return [text]
    return text.split(delimiter)


@function("indexOf", 2)
def _index_of(text: Any, search: Any) -> int:
    return _text("indexOf", text).lower().find(_text("indexOf", search).lower())


@function("lastIndexOf", 2)
def _last_index_of(text: Any, search: Any) -> int:
    return _text("lastIndexOf", text).lower().rfind(_text("lastIndexOf", search).lower())


@function("nthIndexOf", 3)
def _nth_index_of(text: Any, search: Any, occurrence: Any) -> int:
    haystack = _text("nthIndexOf", text).lower()
    needle = _text("nthIndexOf", search).lower()
    n = _integer("nthIndexOf", occurrence)
    if n == 0:
        raise _fail("nthIndexOf", "expects a non-zero occurrence")
    positions = [m.start() for m in re.finditer(re.escape(needle), haystack)] if needle else []
    index = n - 1 if n > 0 else n
    return positions[index] if -len(positions) <= index < len(positions) else -1


@function("startsWith", 2)
def _starts_with(text: Any, prefix: Any) -> bool:
    return _text("startsWith", text).lower().startswith(_text("startsWith", prefix).lower())


@function("endsWith", 2)
def _ends_with(text: Any, suffix: Any) -> bool:
    return _text("endsWith", text).lower().endswith(_text("endsWith", suffix).lower())


@function("guid", 0, 1)
def _guid(form: Any = "D") -> str:
    value = uuid.uuid4()
    kind = str(form).upper()
    shapes = {
        "N": value.hex,
        "D": str(value),
        "B": "{" + str(value) + "}",
        "P": "(" + str(value) + ")",
    }
    if kind not in shapes:
        raise _fail("guid", f"got the format '{form}'; use N, D, B or P")
    return shapes[kind]


@function("formatNumber", 2, 3)
def _format_number(number: Any, form: Any, locale: Any = "en-us") -> str:
    return format_number(_number("formatNumber", number), _text("formatNumber", form), str(locale))


# -- collections -------------------------------------------------------------------------------


@function("length", 1)
def _length(value: Any) -> int:
    if isinstance(value, (str, list, dict)):
        return len(value)
    raise _fail("length", f"expects a string, an array or an object but got '{type_name(value)}'")


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    return bool(left == right)


@function("contains", 2)
def _contains(collection: Any, value: Any) -> bool:
    if isinstance(collection, str):
        return to_text(value) in collection
    if isinstance(collection, list):
        return any(_same(item, value) for item in collection)
    if isinstance(collection, dict):
        return isinstance(value, str) and value in collection
    raise _fail(
        "contains", f"expects a string, an array or an object, got '{type_name(collection)}'"
    )


@function("empty", 1)
def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, list, dict)):
        return len(value) == 0
    raise _fail("empty", f"expects a string, an array or an object, got '{type_name(value)}'")


@function("first", 1)
def _first(collection: Any) -> Any:
    if isinstance(collection, (str, list)):
        return collection[0] if collection else None
    raise _fail("first", f"expects a string or an array, got '{type_name(collection)}'")


@function("last", 1)
def _last(collection: Any) -> Any:
    if isinstance(collection, (str, list)):
        return collection[-1] if collection else None
    raise _fail("last", f"expects a string or an array, got '{type_name(collection)}'")


@function("union", 2, -1)
def _union(*collections: Any) -> Any:
    if all(isinstance(c, dict) for c in collections):
        merged: dict[str, Any] = {}
        for c in collections:
            merged.update(c)
        return merged
    result: list[Any] = []
    for c in collections:
        for item in _array("union", c):
            if not any(_same(item, seen) for seen in result):
                result.append(item)
    return result


@function("intersection", 2, -1)
def _intersection(*collections: Any) -> Any:
    if all(isinstance(c, dict) for c in collections):
        first, *rest = collections
        return {k: v for k, v in first.items() if all(k in o and _same(o[k], v) for o in rest)}
    first_list, *others = [_array("intersection", c) for c in collections]
    result: list[Any] = []
    for item in first_list:
        if all(any(_same(item, o) for o in other) for other in others) and not any(
            _same(item, r) for r in result
        ):
            result.append(item)
    return result


@function("join", 2)
def _join(collection: Any, delimiter: Any) -> str:
    return _text("join", delimiter).join(to_text(v) for v in _array("join", collection))


@function("skip", 2)
def _skip(collection: Any, count: Any) -> list[Any]:
    return _array("skip", collection)[max(0, _integer("skip", count)) :]


@function("take", 2)
def _take(collection: Any, count: Any) -> Any:
    n = max(0, _integer("take", count))
    if isinstance(collection, (str, list)):
        return collection[:n]
    raise _fail("take", f"expects a string or an array, got '{type_name(collection)}'")


@function("reverse", 1)
def _reverse(collection: Any) -> list[Any]:
    return list(reversed(_array("reverse", collection)))


@function("sort", 1, 2)
def _sort(collection: Any, key: Any = None) -> list[Any]:
    items = _array("sort", collection)
    try:
        if key is None:
            return sorted(items)
        return sorted(items, key=lambda item: item[key])
    except (TypeError, KeyError) as err:
        raise _fail("sort", f"cannot order these items ({err})") from err


@function("chunk", 2)
def _chunk(collection: Any, size: Any) -> list[Any]:
    n = _integer("chunk", size)
    if n <= 0:
        raise _fail("chunk", "expects a positive chunk length")
    if not isinstance(collection, (str, list)):
        raise _fail("chunk", f"expects a string or an array, got '{type_name(collection)}'")
    return [collection[i : i + n] for i in range(0, len(collection), n)]


@function("createArray", 0, -1)
def _create_array(*items: Any) -> list[Any]:
    return list(items)


# -- logical -----------------------------------------------------------------------------------


@function("equals", 2)
def _equals(left: Any, right: Any) -> bool:
    return _same(left, right)


def _booleans(name: str, values: tuple[Any, ...]) -> list[bool]:
    for value in values:
        if not isinstance(value, bool):
            raise _fail(name, f"expects boolean parameters but got '{type_name(value)}'")
    return list(values)


@function("and", 1, -1)
def _and(*values: Any) -> bool:
    return all(_booleans("and", values))


@function("or", 1, -1)
def _or(*values: Any) -> bool:
    return any(_booleans("or", values))


@function("not", 1)
def _not(value: Any) -> bool:
    return not _booleans("not", (value,))[0]


def _comparable(name: str, left: Any, right: Any) -> tuple[Any, Any]:
    numbers = (int, float)
    if isinstance(left, bool) or isinstance(right, bool):
        raise _fail(name, "expects two numbers or two strings")
    if isinstance(left, numbers) and isinstance(right, numbers):
        return left, right
    if isinstance(left, str) and isinstance(right, str):
        return left, right
    raise _fail(
        name,
        f"expects two numbers or two strings, got '{type_name(left)}' and '{type_name(right)}'",
    )


@function("greater", 2)
def _greater(left: Any, right: Any) -> bool:
    a, b = _comparable("greater", left, right)
    return bool(a > b)


@function("greaterOrEquals", 2)
def _greater_or_equals(left: Any, right: Any) -> bool:
    a, b = _comparable("greaterOrEquals", left, right)
    return bool(a >= b)


@function("less", 2)
def _less(left: Any, right: Any) -> bool:
    a, b = _comparable("less", left, right)
    return bool(a < b)


@function("lessOrEquals", 2)
def _less_or_equals(left: Any, right: Any) -> bool:
    a, b = _comparable("lessOrEquals", left, right)
    return bool(a <= b)


# -- conversion --------------------------------------------------------------------------------


@function("int", 1)
def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise _fail("int", "cannot convert a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    raise _fail("int", f"was invoked with a parameter that is not valid: '{to_text(value)}'")


@function("float", 1)
def _float(value: Any) -> float:
    if isinstance(value, bool):
        raise _fail("float", "cannot convert a boolean")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            result = float(value)
        except ValueError:
            pass
        else:
            if math.isfinite(result):
                return result
    raise _fail("float", f"was invoked with a parameter that is not valid: '{to_text(value)}'")


@function("string", 1)
def _string(value: Any) -> str:
    return to_text(value)


@function("bool", 1)
def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise _fail("bool", f"was invoked with a parameter that is not valid: '{to_text(value)}'")


@function("json", 1)
def _json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError as err:
        raise _fail("json", f"parameter is not valid JSON: {err.msg}") from err


@function("array", 1)
def _to_array(value: Any) -> list[Any]:
    return [value]


@function("base64", 1)
def _base64(value: Any) -> str:
    return base64.b64encode(to_text(value).encode()).decode()


def _from_base64(name: str, value: Any) -> str:
    try:
        return base64.b64decode(_text(name, value), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError) as err:
        raise _fail(name, "was invoked with a parameter that is not valid base64") from err


@function("base64ToString", 1)
def _base64_to_string(value: Any) -> str:
    return _from_base64("base64ToString", value)


@function("decodeBase64", 1)
def _decode_base64(value: Any) -> str:
    return _from_base64("decodeBase64", value)


@function("encodeUriComponent", 1)
def _encode_uri_component(value: Any) -> str:
    return quote(to_text(value), safe="-_.!~*'()")


FUNCTIONS["uricomponent"] = FUNCTIONS["encodeuricomponent"]


@function("decodeUriComponent", 1)
def _decode_uri_component(value: Any) -> str:
    return unquote(_text("decodeUriComponent", value))


FUNCTIONS["uricomponenttostring"] = FUNCTIONS["decodeuricomponent"]


@function("dataUri", 1)
def _data_uri(value: Any) -> str:
    return "data:text/plain;charset=utf-8;base64," + _base64(value)


@function("dataUriToString", 1)
def _data_uri_to_string(value: Any) -> str:
    head, _, data = _text("dataUriToString", value).partition(",")
    if ";base64" in head:
        return _from_base64("dataUriToString", data)
    return unquote(data)


@function("xml", 1)
def _xml(value: Any) -> Any:
    raise _fail("xml", "is not supported by reqres-mock (XML conversion); stub the action instead")


@function("xpath", 2)
def _xpath(value: Any, path: Any) -> Any:
    raise _fail("xpath", "is not supported by reqres-mock; stub the action instead")


# -- math --------------------------------------------------------------------------------------


@function("add", 2)
def _add(left: Any, right: Any) -> int | float:
    return _number("add", left) + _number("add", right)


@function("sub", 2)
def _sub(left: Any, right: Any) -> int | float:
    return _number("sub", left) - _number("sub", right)


@function("mul", 2)
def _mul(left: Any, right: Any) -> int | float:
    return _number("mul", left) * _number("mul", right)


@function("div", 2)
def _div(left: Any, right: Any) -> int | float:
    a, b = _number("div", left), _number("div", right)
    if b == 0:
        raise _fail("div", "cannot divide by zero")
    if isinstance(a, int) and isinstance(b, int):
        return (
            int(a / b) if abs(a) < 2**53 else (abs(a) // abs(b)) * (1 if (a < 0) == (b < 0) else -1)
        )
    return a / b


@function("mod", 2)
def _mod(left: Any, right: Any) -> int | float:
    a, b = _number("mod", left), _number("mod", right)
    if b == 0:
        raise _fail("mod", "cannot divide by zero")
    return math.fmod(a, b) if isinstance(a, float) or isinstance(b, float) else int(math.fmod(a, b))


def _extreme(name: str, values: tuple[Any, ...], pick: Callable[..., Any]) -> Any:
    items = list(values[0]) if len(values) == 1 and isinstance(values[0], list) else list(values)
    if not items:
        raise _fail(name, "expects at least one number")
    return pick(_number(name, v) for v in items)


@function("min", 1, -1)
def _min(*values: Any) -> Any:
    return _extreme("min", values, min)


@function("max", 1, -1)
def _max(*values: Any) -> Any:
    return _extreme("max", values, max)


@function("rand", 2)
def _rand(low: Any, high: Any) -> int:
    a, b = _integer("rand", low), _integer("rand", high)
    if b <= a:
        raise _fail("rand", "expects the maximum to be greater than the minimum")
    return random.randrange(a, b)


@function("range", 2)
def _range(start: Any, count: Any) -> list[int]:
    a, n = _integer("range", start), _integer("range", count)
    if n < 0 or n > MAX_COLLECTION:
        raise _fail("range", f"expects a count between 0 and {MAX_COLLECTION}")
    return list(range(a, a + n))


FUNCTIONS.update(DATE_FUNCTIONS)
