"""Values as DotLiquid sees and writes them, and as .NET's ``Convert.ChangeType`` converts
them (invariant culture), for the Liquid action (:mod:`reqres_mock.definitions.liquid`)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from reqres_mock.language.values import DECIMAL_MAX, to_text


class LiquidError(Exception):
    """A filter failed: DotLiquid writes ``Liquid error: <message>`` in place of the output
    (``Context.HandleError``; resource ``ContextLiquidError``)."""


# -- values as DotLiquid sees and writes them ----------------------------------------------------


def plain(value: Any) -> Any:
    """python-liquid's undefined as DotLiquid's nil."""
    from liquid import Undefined  # noqa: PLC0415 (optional extra)

    return None if isinstance(value, Undefined) else value


def _decimal_text(value: Decimal) -> str:
    # Variable.Render writes decimals with the format "0.#############################"
    # (no exponent, no trailing zeros); format "f" never raises, whatever the exponent.
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def item_text(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"  # .NET Boolean.ToString() inside a list
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, (int, float, str)):
        return to_text(value)
    if isinstance(value, dict):
        return "DotLiquid.Hash"
    return "System.Collections.Generic.List`1[System.Object]"


def render_value(value: Any) -> str:
    """``Variable.Render``: nil is empty, booleans ``true``/``false``, decimals without
    trailing zeros, a list its items' text joined without separator, an object its
    ``[key, value]`` pairs (a ``Hash`` enumerates ``KeyValuePair`` s)."""
    value = plain(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "".join(f"[{key}, {item_text(item)}]" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "".join(item_text(item) for item in value)
    return item_text(value)


# -- values as .NET's Convert.ChangeType converts them (invariant culture) ----------------------

#: .NET's exception messages for a failed conversion.
FORMAT_ERROR = "Input string was not in a correct format."
_WHITE = " \t\n\v\f\r"
_INTEGER = re.compile(r"[+-]?[0-9]+")  # NumberStyles.Integer, white space trimmed
_DECIMAL = re.compile(r"[+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)")  # NumberStyles.Number
_DOUBLE = re.compile(r"[+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
NET_TYPES = {
    "bool": "System.Boolean",
    "int": "System.Int64",
    "int32": "System.Int32",
    "double": "System.Double",
    "decimal": "System.Decimal",
    "string": "System.String",
    "list": "System.Collections.Generic.List`1[System.Object]",
    "hash": "DotLiquid.Hash",
}


def net_kind(value: Any) -> str | None:
    """The .NET type a value stands for: a JSON integer is ``Int64``, a real ``Double``, a
    Liquid decimal literal ``Decimal``; ``None`` is nil."""
    value = plain(value)
    if value is None:
        return None
    for kind, types in (
        ("bool", bool),
        ("int", int),
        ("double", float),
        ("decimal", Decimal),
        ("string", str),
        ("hash", dict),
    ):
        if isinstance(value, types):
            return kind
    return "list"


_RANGE_NAMES = {"int": "an Int64", "int32": "an Int32", "decimal": "a Decimal"}


def _out_of_range(kind: str) -> LiquidError:
    return LiquidError(f"Value was either too large or too small for {_RANGE_NAMES[kind]}.")


def _integer(number: Decimal, kind: str) -> int:
    bits = 31 if kind == "int32" else 63
    # Convert.ToInt64(double/decimal) rounds half to even, then checks the range.
    whole = int(number.to_integral_value(rounding="ROUND_HALF_EVEN"))
    if not -(2**bits) <= whole < 2**bits:
        raise _out_of_range(kind)
    return whole


def change_type(value: Any, kind: str) -> Any:
    """``Convert.ChangeType(value, type)`` for the JSON-shaped values a map sees, with the
    invariant culture's number format (the mock's assumption for the runtime's culture).

    :raises LiquidError: with .NET's message where the conversion throws (FormatException,
        OverflowException, InvalidCastException).
    """
    value = plain(value)
    source = net_kind(value)
    if source == kind or (source == "int" and kind == "int32" and -(2**31) <= value < 2**31):
        return value
    if source in ("list", "hash") or value is None:
        raise LiquidError("Object must implement IConvertible.")
    if kind in ("list", "hash"):
        raise LiquidError(
            f"Invalid cast from '{NET_TYPES[source or 'string']}' to '{NET_TYPES[kind]}'."
        )
    if kind == "string":
        if isinstance(value, Decimal):
            return format(value, "f")  # Decimal.ToString keeps its scale: 2.50 is "2.50"
        return "True" if value is True else "False" if value is False else to_text(value)
    if kind == "bool":
        if isinstance(value, str):
            if value.strip(_WHITE).lower() in ("true", "false"):
                return value.strip(_WHITE).lower() == "true"
            raise LiquidError(f"String '{value}' was not recognized as a valid Boolean.")
        return value != 0
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, str):
        text = value.strip(_WHITE)
        shape = {"double": _DOUBLE, "decimal": _DECIMAL}.get(kind, _INTEGER)
        if shape.fullmatch(text):
            value = Decimal(text.replace(",", ""))
        elif kind == "double" and text in ("NaN", "Infinity", "-Infinity"):
            return float(text)
        else:
            raise LiquidError(FORMAT_ERROR)
        if kind == "double":
            return float(value)
    if kind == "double":
        return float(value)
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite() or (kind == "decimal" and abs(number) > DECIMAL_MAX):
        raise _out_of_range(kind)
    return number if kind == "decimal" else _integer(number, kind)
