"""Conversion functions: ``int``, ``float``, ``string``, ``bool``, ``json``, ``array``,
``base64``/``base64ToString``/``decodeBase64``.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from typing import Any

from reqres_mock.language.registry import fail, function, text_arg
from reqres_mock.language.values import to_text


@function("int", 1)
def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise fail("int", "cannot convert a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    raise fail("int", f"was invoked with a parameter that is not valid: '{to_text(value)}'")


@function("float", 1)
def _float(value: Any) -> float:
    if isinstance(value, bool):
        raise fail("float", "cannot convert a boolean")
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
    raise fail("float", f"was invoked with a parameter that is not valid: '{to_text(value)}'")


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
    raise fail("bool", f"was invoked with a parameter that is not valid: '{to_text(value)}'")


@function("json", 1)
def _json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError as err:
        raise fail("json", f"parameter is not valid JSON: {err.msg}") from err


@function("array", 1)
def _to_array(value: Any) -> list[Any]:
    return [value]


@function("base64", 1)
def to_base64(value: Any) -> str:
    return base64.b64encode(to_text(value).encode()).decode()


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
