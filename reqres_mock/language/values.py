"""How Workflow Definition Language values print, compare and what their numbers are.

The runtime is .NET: integers are 64-bit (``long``), floats are ``double`` and print as .NET
prints them (``9.223372036854776E+18``, ``Infinity``, ``NaN``, ``5E-324``), ``decimal()``
values are exact :class:`DotNetDecimal` numbers, and binary content is the runtime's
``{"$content-type": ..., "$content": <base64>}`` object.

:func:`to_text` is how the runtime writes a value into a string (interpolation, ``string()``,
``concat()``, ``join()``); :func:`same` is the equality of ``equals()``, ``contains()``,
``union()`` and ``intersection()``.
"""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal
from typing import Any

from reqres_mock.errors import ExpressionError
from reqres_mock.protocol.jsonwire import DotNetDecimal, dumps, format_decimal, format_double

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
#: .NET's ``decimal.MaxValue``.
DECIMAL_MAX = Decimal(79228162514264337593543950335)

CONTENT_TYPE = "$content-type"
CONTENT = "$content"
OCTET_STREAM = "application/octet-stream"


def binary(content: bytes, content_type: str = OCTET_STREAM) -> dict[str, str]:
    """The runtime's representation of binary content."""
    return {CONTENT_TYPE: content_type, CONTENT: base64.b64encode(content).decode("ascii")}


#: The keys binary content may carry: its type and content, and a form post's fields or parts
#: as the Request trigger stores them.
_CONTENT_KEYS = frozenset({CONTENT_TYPE, CONTENT, "$formdata", "$multipart"})


def is_binary(value: Any) -> bool:
    """Whether ``value`` is binary content: ``$content-type`` and ``$content``, and nothing else
    but a form post's ``$formdata`` or ``$multipart`` (``string(triggerBody())`` of a form post
    is its raw text, measured in the cloud by tomdam/flowforger,
    ``packages/engine/src/expr/values.ts`` and ``src/__tests__/formdata-expressions.test.ts``,
    from ``conformance/flows/formdata-*.ff.ts``)."""
    return (
        isinstance(value, dict)
        and isinstance(value.get(CONTENT), str)
        and isinstance(value.get(CONTENT_TYPE), str)
        and value.keys() <= _CONTENT_KEYS
    )


def binary_bytes(value: dict[str, Any]) -> bytes:
    """The bytes of binary content (its base64 decoded; whitespace in it is tolerated).

    :raises ExpressionError: when the content is not valid base64 (the runtime fails when such
        content is written into a string).
    """
    try:
        return base64.b64decode("".join(str(value[CONTENT]).split()), validate=True)
    except (binascii.Error, ValueError) as err:
        raise ExpressionError(f"The binary content '{value[CONTENT]}' is not valid base64") from err


def to_text(value: Any) -> str:
    """How Logic Apps writes a value into a string (interpolation and ``string()``).

    Null is empty, booleans are ``True``/``False``, numbers print as .NET prints them,
    binary content is its bytes as UTF-8, objects and arrays are compact JSON.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return value
    if isinstance(value, DotNetDecimal):
        return format_decimal(value.exact)
    if isinstance(value, float):
        return format_double(value)
    if isinstance(value, int):
        return str(value)
    if is_binary(value):
        return binary_bytes(value).decode("utf-8", "replace")
    return dumps(value)


def same(left: Any, right: Any) -> bool:
    """Whether two values are equal as the runtime's ``equals()`` compares them.

    Numbers compare by value across integer, float and decimal; a boolean equals the number
    1 or 0 (``equals(true, 1)`` is true) and the string ``'true'``/``'false'``; null equals null
    and, as the reference says conditions treat null, the empty string; arrays and objects
    compare item by item.
    """
    if isinstance(left, bool) and isinstance(right, bool):
        return left is right
    if isinstance(left, bool) or isinstance(right, bool):
        flag, other = (left, right) if isinstance(left, bool) else (right, left)
        if isinstance(other, (int, float)):
            return float(flag) == other
        if isinstance(other, str):
            return other.lower() == ("true" if flag else "false")
        return False
    if left is None or right is None:
        return left is right or left == "" or right == ""
    if isinstance(left, DotNetDecimal) or isinstance(right, DotNetDecimal):
        if isinstance(left, (int, float)) and isinstance(right, (int, float)):
            return _exact(left) == _exact(right)
        return False
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    return type(left) is type(right) and bool(left == right)


def _exact(number: float) -> Decimal:
    if isinstance(number, DotNetDecimal):
        return number.exact
    return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
