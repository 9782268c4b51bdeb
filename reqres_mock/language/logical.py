"""Logical comparison functions: ``equals``, ``and``, ``or``, ``not`` and the orderings
``greater``, ``greaterOrEquals``, ``less``, ``lessOrEquals``. ``if`` and ``coalesce`` are
evaluated lazily by :mod:`reqres_mock.language.expressions`.
"""

from __future__ import annotations

from typing import Any

from reqres_mock.language.registry import fail, function, type_error, type_name
from reqres_mock.language.values import same


@function("equals", 2, -1)
def _equals(first: Any, *others: Any) -> bool:
    # Of more than two values: true when every one equals the first (tomdam/flowforger
    # packages/engine/src/expr/functions/logic.ts, measured by its
    # conformance/flows/expr-errors.ff.ts; any number from two: its arity.ts).
    return all(same(first, other) for other in others)


def _booleans(name: str, values: tuple[Any, ...]) -> list[bool]:
    for index, value in enumerate(values):
        if not isinstance(value, bool):
            raise type_error(name, value, "a boolean", index)
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
        raise fail(name, "expects two numbers or two strings")
    if isinstance(left, numbers) and isinstance(right, numbers):
        return left, right
    if isinstance(left, str) and isinstance(right, str):
        return left, right
    raise fail(
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
