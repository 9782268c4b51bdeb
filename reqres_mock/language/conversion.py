"""Conversion functions: ``int``, ``float``, ``decimal``, ``isInt``, ``isFloat``, ``string``,
``bool``, ``json``, ``array``, ``base64``/``base64ToString``/``decodeBase64``.

Numbers follow .NET: ``int()`` reads a string as a double (NumberStyles with thousands and a
decimal point) and needs an integral value inside the range of a 64-bit ``long``;
``float()`` also accepts a trailing sign, NaN, and overflows to ±Infinity; ``decimal()`` is
exact (no exponent, at most ``decimal.MaxValue``). Expected values are from IllogicApps'
``NumericConversionTests.fs`` and ``NumericLimitsTests.fs`` (checked there against the runtime).
"""

from __future__ import annotations

import base64
import binascii
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from reqres_mock.language.cultures import CULTURES, culture, parse_number
from reqres_mock.language.registry import fail, function, text_arg, type_error, type_name, usage
from reqres_mock.language.values import (
    CONTENT_TYPE,
    DECIMAL_MAX,
    INT64_MAX,
    INT64_MIN,
    binary_bytes,
    is_binary,
    to_text,
)
from reqres_mock.protocol.jsonread import JsonReadError
from reqres_mock.protocol.jsonread import loads as read_json
from reqres_mock.protocol.jsonwire import DotNetDecimal, utf8

#: Without a locale, float() parses as the runtime's en-US culture (NaN, but no "Infinity").
_DEFAULT_FLOAT_CULTURE = CULTURES["en-us"]


def _not_valid(name: str) -> Exception:
    """The runtime's sentence for text that is no number or boolean, as users quote it from failed
    runs of ``int`` and ``bool`` (OfficeDev/microsoft-teams-apps-requestateam#42); it does not
    repeat the value."""
    return fail(
        name,
        "was invoked with a parameter that is not valid. The value cannot be converted to the "
        "target type.",
    )


def _number_value(name: str, value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise fail(name, f"cannot convert a value of type '{type_name(value)}'")
    return value


def to_long(name: str, number: float) -> int:
    """A double as a .NET ``long``: integral and in range, NaN as ``long.MinValue``."""
    if math.isnan(number):
        return INT64_MIN  # what (long)double.NaN is on the runtime ("int('nan')")
    if not number.is_integer() or not INT64_MIN <= number < 2.0**63:
        raise _not_valid(name)
    return int(number)


@function("int", 1)
def _int(value: Any) -> int:
    if isinstance(value, bool):
        # "int(true) is 1", measured in the cloud (tomdam/flowforger
        # packages/engine/src/expr/functions/math.ts, conformance/flows/expressions.ff.ts);
        # float() and decimal() of a boolean are unmeasured and still fail.
        return int(value)
    value = _number_value("int", value)
    if isinstance(value, DotNetDecimal):
        if (
            value.exact != value.exact.to_integral_value()
            or not INT64_MIN <= value.exact <= INT64_MAX
        ):
            raise _not_valid("int")
        return int(value.exact)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return to_long("int", value)
    # read as a double (int('100000000000000010') is 100000000000000016 on the runtime), NaN
    # included, no trailing sign
    parsed = parse_number(text_arg("int", value), _DEFAULT_FLOAT_CULTURE, trailing_sign=False)
    if parsed is None:
        raise _not_valid("int")
    return to_long("int", float(parsed))


def parse_float(name: str, text: str, locale: Any = None) -> float | None:
    """The double ``text`` spells (overflowing to ±Infinity), or None."""
    where = _DEFAULT_FLOAT_CULTURE if locale is None else culture(to_text(locale), name)
    parsed = parse_number(text, where)
    if parsed is None:
        return None
    try:
        return float(parsed)
    except OverflowError:
        return math.copysign(math.inf, parsed)


@function("float", 1, 2)
def _float(value: Any, locale: Any = None) -> float:
    value = _number_value("float", value)
    if isinstance(value, (int, float)):
        return float(value)
    if is_binary(value):
        raise _not_valid("float")
    result = parse_float("float", text_arg("float", value), locale)
    if result is None:
        raise _not_valid("float")
    return result


def to_decimal(name: str, value: Any) -> Decimal:
    """A number as a .NET decimal (a double keeps 15 significant digits, as .NET converts)."""
    if isinstance(value, DotNetDecimal):
        return value.exact
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise type_error(name, value, "an integer or a float")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise fail(name, f"cannot convert '{to_text(value)}' to a decimal")
        if abs(value) > DECIMAL_MAX:  # before rounding, which would need the digits it lacks
            raise fail(name, f"the value '{to_text(value)}' is outside the range of a decimal")
        exact = Decimal(f"{value:.15g}")
        exact = (
            exact.quantize(Decimal(1)) if exact == exact.to_integral_value() else exact.normalize()
        )
    else:
        exact = Decimal(value)
    if abs(exact) > DECIMAL_MAX:
        raise fail(name, f"the value '{to_text(value)}' is outside the range of a decimal")
    return exact


@function("decimal", 1)
def _decimal(value: Any) -> DotNetDecimal:
    value = _number_value("decimal", value)
    if isinstance(value, (int, float)):
        return DotNetDecimal(to_decimal("decimal", value))
    if is_binary(value):
        raise _not_valid("decimal")
    parsed = parse_number(text_arg("decimal", value), CULTURES[""], exponent=False, symbols=False)
    if not isinstance(parsed, Decimal) or abs(parsed) > DECIMAL_MAX:
        raise _not_valid("decimal")
    try:
        # .NET keeps at most 28-29 significant digits; past that it rounds
        exact = parsed if len(parsed.as_tuple().digits) <= 29 else +parsed
    except InvalidOperation as err:
        raise _not_valid("decimal") from err
    return DotNetDecimal(exact)


@function("isInt", 1)
def _is_int(value: Any) -> bool:
    parsed = parse_number(
        text_arg("isInt", value),
        CULTURES[""],
        trailing_sign=False,
        exponent=False,
        fraction=False,
        symbols=False,
    )
    return parsed is not None and INT64_MIN <= parsed <= INT64_MAX


@function("isFloat", 1, 2)
def _is_float(value: Any, locale: Any = "") -> bool:
    # Without a locale isFloat() uses the invariant culture ("Infinity" is a float), unlike
    # float() (IllogicApps' ExecIsStringifiedFloatTest).
    return parse_number(text_arg("isFloat", value), culture(to_text(locale), "isFloat")) is not None


@function("string", 1)
def _string(value: Any) -> str:
    return to_text(value)


@function("bool", 1)
def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value != 0)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise _not_valid("bool")


@function("json", 1)
def _json(value: Any) -> Any:
    if is_binary(value):
        if "xml" in str(value[CONTENT_TYPE]).lower():
            from reqres_mock.language.xmljson import xml_to_json  # noqa: PLC0415  (lxml is optional)

            return xml_to_json(binary_bytes(value))
        value = binary_bytes(value).decode("utf-8", "replace")
    if not isinstance(value, str):
        return value
    try:
        return read_json(value, object_pairs_hook=_last_duplicate_wins)
    except JsonReadError as err:
        # The runtime's sentence around its parser's reason ("parameter is not valid. The
        # provided value '…' cannot be parsed: '…'"); the text is read as Newtonsoft reads it.
        raise fail(
            "json",
            f"parameter is not valid. The provided value '{value}' cannot be parsed: "
            # the link: tomdam/flowforger packages/engine/src/expr/functions/collections.ts
            f"'{err.reason}'. {usage('json')}",
        ) from err


def _last_duplicate_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A repeated key keeps its last value at its last place, as the runtime's parser
    (IllogicApps' "Case-conflicting JSON parsing": ``{"a":1,"b":-1,"a":2}`` is
    ``{"b":-1,"a":2}``)."""
    result: dict[str, Any] = {}
    for key, item in pairs:
        result.pop(key, None)
        result[key] = item
    return result


@function("array", 1)
def _to_array(value: Any) -> list[Any]:
    return [value]


@function("base64", 1)
def to_base64(value: Any) -> str:
    if is_binary(value):
        return base64.b64encode(binary_bytes(value)).decode()
    return base64.b64encode(utf8(to_text(value))).decode()


def from_base64(name: str, value: Any) -> str:
    """The UTF-8 text of a base64 string; an invalid one is the error of function ``name``."""
    try:
        return base64.b64decode(text_arg(name, value), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError) as err:
        raise fail(name, "was invoked with a parameter that is not valid base64") from err


@function("base64ToString", 1)
def _base64_to_string(value: Any) -> str:
    return from_base64("base64ToString", value)


@function("decodeBase64", 1)
def _decode_base64(value: Any) -> str:
    return from_base64("decodeBase64", value)
