"""Math functions: ``add``, ``sub``, ``mul``, ``div``, ``mod``, ``min``, ``max``, ``rand``.
Integer arithmetic stays integer (``div(7, 2)`` is 3), as in the runtime.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, Any

from reqres_mock.language.registry import fail, function, integer_arg, number_arg

if TYPE_CHECKING:
    from collections.abc import Callable


@function("add", 2)
def _add(left: Any, right: Any) -> int | float:
    return number_arg("add", left) + number_arg("add", right)


@function("sub", 2)
def _sub(left: Any, right: Any) -> int | float:
    return number_arg("sub", left) - number_arg("sub", right)


@function("mul", 2)
def _mul(left: Any, right: Any) -> int | float:
    return number_arg("mul", left) * number_arg("mul", right)


@function("div", 2)
def _div(left: Any, right: Any) -> int | float:
    a, b = number_arg("div", left), number_arg("div", right)
    if b == 0:
        raise fail("div", "cannot divide by zero")
    if isinstance(a, int) and isinstance(b, int):
        return (
            int(a / b) if abs(a) < 2**53 else (abs(a) // abs(b)) * (1 if (a < 0) == (b < 0) else -1)
        )
    return a / b


@function("mod", 2)
def _mod(left: Any, right: Any) -> int | float:
    a, b = number_arg("mod", left), number_arg("mod", right)
    if b == 0:
        raise fail("mod", "cannot divide by zero")
    return math.fmod(a, b) if isinstance(a, float) or isinstance(b, float) else int(math.fmod(a, b))


def _extreme(name: str, values: tuple[Any, ...], pick: Callable[..., Any]) -> Any:
    items = list(values[0]) if len(values) == 1 and isinstance(values[0], list) else list(values)
    if not items:
        raise fail(name, "expects at least one number")
    return pick(number_arg(name, v) for v in items)


@function("min", 1, -1)
def _min(*values: Any) -> Any:
    return _extreme("min", values, min)


@function("max", 1, -1)
def _max(*values: Any) -> Any:
    return _extreme("max", values, max)


@function("rand", 2)
def _rand(low: Any, high: Any) -> int:
    a, b = integer_arg("rand", low), integer_arg("rand", high)
    if b <= a:
        raise fail("rand", "expects the maximum to be greater than the minimum")
    return random.randrange(a, b)
