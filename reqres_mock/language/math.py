"""Math functions: ``add``, ``sub``, ``mul``, ``div``, ``mod``, ``min``, ``max``, ``rand``.

Arithmetic is .NET's: two integers give a 64-bit integer (``div(7, 2)`` is 3, truncating;
``mod`` takes the dividend's sign) and overflowing it is an error, not a big int; a float
makes the result a double (``mul(1e308, 2)`` is ``Infinity``); a ``decimal()`` operand makes it
an exact decimal, and overflowing ``decimal.MaxValue`` is an error. Expected values:
IllogicApps' ``NumericLimitsTests.fs``.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import ExpressionError
from reqres_mock.language.conversion import to_decimal
from reqres_mock.language.registry import fail, function, integer_arg, number_arg
from reqres_mock.language.values import DECIMAL_MAX, INT64_MAX, INT64_MIN
from reqres_mock.protocol.jsonwire import DotNetDecimal

if TYPE_CHECKING:
    from collections.abc import Callable

Number = int | float


def _overflow(name: str) -> Exception:
    return fail(name, "failed: arithmetic operation resulted in an overflow")


def _arithmetic(
    name: str,
    left: Any,
    right: Any,
    *,
    on_int: Callable[[int, int], int],
    on_float: Callable[[float, float], float],
    on_decimal: Callable[[Decimal, Decimal], Decimal],
) -> Number:
    a, b = number_arg(name, left), number_arg(name, right, 1)
    if isinstance(a, DotNetDecimal) or isinstance(b, DotNetDecimal):
        with localcontext() as context:
            context.prec = 29
            try:
                exact = on_decimal(to_decimal(name, a), to_decimal(name, b))
            except DivisionByZero as err:
                raise _divide_by_zero(name) from err
            except InvalidOperation as err:  # 0 / 0 and x % 0, or digits past the precision
                raise (_divide_by_zero(name) if b == 0 else _overflow(name)) from err
        if abs(exact) > DECIMAL_MAX:
            raise _overflow(name)
        return DotNetDecimal(exact)
    if isinstance(a, float) or isinstance(b, float):
        return on_float(float(a), float(b))
    result = on_int(a, b)
    if not INT64_MIN <= result <= INT64_MAX:
        raise _overflow(name)
    return result


def _divide_by_zero(name: str) -> ExpressionError:
    """The runtime's sentence: "Attempt to divide an integral or decimal value by zero in
    function 'div'." (a real Power Automate run of ``@{div(1,0)}``, Cliveo's "Power Platform
    MCP - Investigating Power Automate Flow Runs with AI", 2025; the whole sentence in a public
    Power Automate emulator's conformance test, measured against the cloud)."""
    return ExpressionError(
        f"Attempt to divide an integral or decimal value by zero in function '{name}'."
    )


def _no_zero(name: str, divisor: Any) -> None:
    if not isinstance(divisor, bool) and isinstance(divisor, (int, float)) and divisor == 0:
        raise _divide_by_zero(name)


def _truncated(a: int, b: int) -> int:
    quotient = abs(a) // abs(b)
    return quotient if (a < 0) == (b < 0) else -quotient


@function("add", 2)
def _add(left: Any, right: Any) -> Number:
    return _arithmetic(
        "add",
        left,
        right,
        on_int=lambda a, b: a + b,
        on_float=lambda a, b: a + b,
        on_decimal=lambda a, b: a + b,
    )


@function("sub", 2)
def _sub(left: Any, right: Any) -> Number:
    return _arithmetic(
        "sub",
        left,
        right,
        on_int=lambda a, b: a - b,
        on_float=lambda a, b: a - b,
        on_decimal=lambda a, b: a - b,
    )


@function("mul", 2)
def _mul(left: Any, right: Any) -> Number:
    return _arithmetic(
        "mul",
        left,
        right,
        on_int=lambda a, b: a * b,
        on_float=lambda a, b: a * b,
        on_decimal=lambda a, b: a * b,
    )


@function("div", 2)
def _div(left: Any, right: Any) -> Number:
    _no_zero("div", right)
    return _arithmetic(
        "div",
        left,
        right,
        on_int=_truncated,
        on_float=lambda a, b: a / b,
        on_decimal=lambda a, b: a / b,
    )


@function("mod", 2)
def _mod(left: Any, right: Any) -> Number:
    _no_zero("mod", right)
    return _arithmetic(
        "mod",
        left,
        right,
        on_int=lambda a, b: a - b * _truncated(a, b),
        on_float=math.fmod,
        on_decimal=lambda a, b: a % b,
    )


def _extreme(name: str, values: tuple[Any, ...], pick: Callable[..., Any]) -> Any:
    one_array = len(values) == 1 and isinstance(values[0], list)
    items = list(values[0]) if one_array else list(values)
    if not items:
        raise fail(name, "expects at least one number")
    # the position of the parameter: an array's items are all its first parameter
    return pick(number_arg(name, v, 0 if one_array else index) for index, v in enumerate(items))


@function("min", 1, -1)
def _min(*values: Any) -> Any:
    return _extreme("min", values, min)


@function("max", 1, -1)
def _max(*values: Any) -> Any:
    return _extreme("max", values, max)


@function("rand", 2)
def _rand(low: Any, high: Any) -> int:
    a, b = integer_arg("rand", low), integer_arg("rand", high, 1)
    if b <= a:
        raise fail("rand", "expects the maximum to be greater than the minimum")
    return random.randrange(a, b)
