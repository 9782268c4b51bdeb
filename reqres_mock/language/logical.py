"""Logical comparison functions: ``equals``, ``and``, ``or``, ``not`` and the orderings
``greater``, ``greaterOrEquals``, ``less``, ``lessOrEquals``. ``if`` and ``coalesce`` are
evaluated lazily by :mod:`reqres_mock.language.expressions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reqres_mock.language.registry import fail, function, type_error, type_name
from reqres_mock.language.utf16 import fold_case, units
from reqres_mock.language.values import same

if TYPE_CHECKING:
    from reqres_mock.errors import ExpressionError


@function("equals", 2, -1)
def _equals(first: Any, *others: Any) -> bool:
    # Of more than two values: true when every one equals the first (tomdam/flowforger
    # packages/engine/src/expr/functions/logic.ts, measured by its
    # conformance/flows/expr-errors.ff.ts; any number from two: its arity.ts).
    return all(same(first, other) for other in others)


def not_boolean(name: str, value: Any) -> ExpressionError:
    """The error of ``and``/``or`` given ``value``, which is no boolean: "The template language
    function 'and' expects all of its parameters to be booleans. Found invalid parameter types:
    'Integer'." (tomdam/flowforger packages/engine/src/expr/functions/logic.ts, "verified
    against the cloud"; no link, and the first such value only, as they are evaluated in turn)."""
    return fail(
        name,
        "expects all of its parameters to be booleans. Found invalid parameter types: "
        f"'{type_name(value)}'.",
    )


def _booleans(name: str, values: tuple[Any, ...]) -> list[bool]:
    for value in values:
        if not isinstance(value, bool):
            raise not_boolean(name, value)
    return list(values)


@function("and", 1, -1)
def _and(*values: Any) -> bool:
    return all(_booleans("and", values))


@function("or", 1, -1)
def _or(*values: Any) -> bool:
    return any(_booleans("or", values))


@function("not", 1)
def _not(value: Any) -> bool:
    if not isinstance(value, bool):
        raise type_error("not", value, "a boolean")
    return not value


def _comparable(name: str, left: Any, right: Any) -> tuple[Any, Any]:
    numbers = (int, float)
    if isinstance(left, bool) or isinstance(right, bool):
        raise _incomparable(name, left, right)
    if isinstance(left, numbers) and isinstance(right, numbers):
        return left, right
    if isinstance(left, str) and isinstance(right, str):
        # Strings compare ignoring case, by UTF-16 unit (StringComparer.OrdinalIgnoreCase):
        # "strings compare ignoring case", verified against the cloud (tomdam/flowforger
        # packages/engine/src/expr/functions/logic.ts, from conformance/flows/expressions.ff.ts;
        # values.ts compares "OrdinalIgnoreCase"; expr-functions-logic.test.ts asserts
        # less('a', 'B') is true). Power Automate runs the Consumption runtime; Standard shares
        # the expression engine, unmeasured.
        return units(fold_case(left)), units(fold_case(right))
    raise _incomparable(name, left, right)


def _incomparable(name: str, left: Any, right: Any) -> ExpressionError:
    """The cloud's two sentences (tomdam/flowforger packages/engine/src/expr/functions/logic.ts,
    "verified against the cloud"): a number and a string "do not match"; any other value is an
    invalid type, each named."""
    values = (left, right)
    if all(isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in values):
        return fail(
            name,
            "expects two parameter of matching types. The function was invoked with values of "
            f"type '{type_name(left)}' and '{type_name(right)}' that do not match.",
        )
    invalid = "', '".join(
        type_name(v) for v in values if isinstance(v, bool) or not isinstance(v, (int, float, str))
    )
    return fail(
        name,
        "expects all of its parameters to be either integer or decimal numbers. Found invalid "
        f"parameter types: '{invalid}'.",
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
