"""The one registry of the Workflow Definition Language's pure functions.

Each function family (:mod:`~reqres_mock.language.strings`, ``collections``, ``logical``,
``conversion``, ``math``, ``uri``, ``binary``, ``objects``, ``xmlfunctions``, ``dates``)
registers its functions here with :func:`function`; :mod:`reqres_mock.language.functions`
imports every family, so importing it fills :data:`FUNCTIONS`. Names are case-insensitive (the
registry's keys are lowercase). Functions that read the run (``trigger()``, ``body()``...) are the
run's own: see :mod:`reqres_mock.definitions.runner`.

The argument helpers raise the runtime's ``InvalidTemplate`` error when a value has the wrong
type, naming the function and the JSON type that came (Newtonsoft's token names).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from reqres_mock.errors import ExpressionError
from reqres_mock.language.arity import ARITY, count_message
from reqres_mock.protocol.schema import json_type_name as type_name

Function = Callable[..., Any]
#: Every pure function, by lowercase name.
FUNCTIONS: dict[str, Function] = {}
#: The documented spelling of every registered name (for the README and error messages).
SPELLINGS: dict[str, str] = {}
#: The family (the module's last name: ``strings``, ``dates``...) of every registered name.
FAMILIES: dict[str, str] = {}

F = TypeVar("F", bound=Function)

__all__ = [
    "FAMILIES",
    "FUNCTIONS",
    "MAXIMUMS",
    "MINIMUMS",
    "SPELLINGS",
    "Function",
    "alias",
    "array_arg",
    "count_error",
    "fail",
    "function",
    "integer_arg",
    "number_arg",
    "text_arg",
    "type_error",
    "type_name",
    "usage",
]


#: The fewest parameters each registered function takes, by lowercase name.
MINIMUMS: dict[str, int] = {}
#: The most parameters each registered function takes (-1: any number), by lowercase name.
MAXIMUMS: dict[str, int] = {}

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


#: The usage anchor the cloud writes for a function, where it is not the name in lower case
#: ("#toLower", "#base64ToString"): as its sentences for a wrong count have it (ARITY), which
#: flowforger's type errors repeat (packages/engine/src/expr/functions/strings.ts, encoding.ts).
#: ``mod``'s count sentence links "#div"; that is not taken for its other errors.
_ANCHORS = {
    key: found[1]
    for key, (_, _, message) in ARITY.items()
    if (found := re.search(r"#(\w+) for usage details", message)) and found[1].lower() == key
}


def usage(name: str = "") -> str:
    """The link the runtime ends its expression errors with: a function's with an anchor ("Please
    see https://aka.ms/logicexpressions#split for usage details.", pnp/provision-assist-m365#50;
    the anchor spelled as the cloud spells it, :data:`_ANCHORS`, else the name in lower case),
    an expression's without one."""
    anchor = f"#{_ANCHORS.get(name.lower(), name.lower())}" if name else ""
    return f"Please see https://aka.ms/logicexpressions{anchor} for usage details."


def type_error(
    name: str, value: Any, expected: str, index: int | None = 0, *, parameter: str = ""
) -> ExpressionError:
    """The runtime's sentence for a parameter of the wrong type: "The template language function
    'split' expects its first parameter to be of type string. The provided value is of type
    'Null'. Please see https://aka.ms/logicexpressions#split for usage details."
    (pnp/provision-assist-m365#50); "its parameter" for a function of one parameter, and the
    parameter's own name where the runtime gives it ("its second parameter 'old string'",
    quoted from failed runs of ``replace``)."""
    if index is None or MAXIMUMS.get(name.lower()) == 1:  # None: a one-parameter function
        which = "its parameter"
    else:
        which = f"its {_ORDINALS[index] if index < len(_ORDINALS) else f'#{index + 1}'} parameter"
    if parameter:
        which += f" '{parameter}'"
    return fail(
        name,
        f"expects {which} to be {expected}. The provided value is of type "
        f"'{type_name(value)}'. {usage(name)}",
    )


def count_error(name: str, minimum: int, maximum: int, got: int) -> ExpressionError:
    """The error of function ``name`` (as written) called with ``got`` parameters where it takes
    ``minimum`` to ``maximum`` (``-1``: any number): the cloud's sentence from
    :data:`~reqres_mock.language.arity.ARITY`, or for a function it does not list
    (``appsetting``, ``listCallbackUrl``) a plain one of ours."""
    message = count_message(name, got)
    if message is not None:
        return ExpressionError(message)
    expected = (
        f"{minimum}"
        if minimum == maximum
        else f"{minimum} to {maximum}"
        if maximum >= 0
        else f"at least {minimum}"
    )
    return ExpressionError(
        f"The template language function '{name}' expects {expected} parameter(s) but got {got}"
    )


def function(name: str, minimum: int, maximum: int | None = None) -> Callable[[F], F]:
    """Register ``name`` (case-insensitive) with an argument count check.

    ``maximum`` defaults to ``minimum``; ``-1`` means any number of arguments.
    """
    top = minimum if maximum is None else maximum

    def register(impl: F) -> F:
        def checked(*args: Any) -> Any:
            if not (minimum <= len(args) <= (top if top >= 0 else len(args))):
                raise count_error(name, minimum, top, len(args))
            return impl(*args)

        FUNCTIONS[name.lower()] = checked
        MINIMUMS[name.lower()] = minimum
        MAXIMUMS[name.lower()] = top
        SPELLINGS[name.lower()] = name
        FAMILIES[name.lower()] = impl.__module__.rsplit(".", 1)[-1]
        return impl

    return register


def alias(name: str, existing: str) -> None:
    """Register ``name`` as another name of the registered function ``existing``."""
    FUNCTIONS[name.lower()] = FUNCTIONS[existing.lower()]
    MINIMUMS[name.lower()] = MINIMUMS[existing.lower()]
    MAXIMUMS[name.lower()] = MAXIMUMS[existing.lower()]
    SPELLINGS[name.lower()] = name
    FAMILIES[name.lower()] = FAMILIES[existing.lower()]


def fail(name: str, message: str) -> ExpressionError:
    """The error of function ``name``: "The template language function 'name' <message>"."""
    return ExpressionError(f"The template language function '{name}' {message}")


#: Parameters the runtime names in its type errors, by function and position.
_PARAMETER_NAMES = {("replace", 0): "string", ("replace", 1): "old string"}
#: Where the runtime words the expected type its own way, by function and position.
_EXPECTED = {
    ("split", 0): "of type string",
    # tomdam/flowforger packages/engine/src/expr/functions/logic.ts and strings.ts, collections.ts
    ("startswith", 0): "of type string",
    ("endswith", 0): "of type string",
    ("slice", 0): "of type string",
    ("sort", 0): "of type array",
}


def _wrong(name: str, value: Any, expected: str, index: int) -> ExpressionError:
    key = (name.lower(), index)
    return type_error(
        name,
        value,
        _EXPECTED.get(key, expected),
        index,
        parameter=_PARAMETER_NAMES.get(key, ""),
    )


def text_arg(name: str, value: Any, index: int = 0) -> str:
    """``value`` if it is a string, else the type error of parameter ``index`` of ``name``."""
    if not isinstance(value, str):
        raise _wrong(name, value, "a string", index)
    return value


def integer_arg(name: str, value: Any, index: int = 0) -> int:
    """``value`` if it is an integer (not a boolean), else the function's type error."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(name, value, "an integer", index)
    return value


def number_arg(name: str, value: Any, index: int = 0) -> int | float:
    """``value`` if it is an integer or a float (not a boolean), else the type error."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        # tomdam/flowforger packages/engine/src/expr/functions/math.ts ("verified against the
        # cloud") for add, sub, mul, div, mod, min and max
        raise _wrong(name, value, "an integer, a float or a decimal number", index)
    return value


def array_arg(name: str, value: Any, index: int = 0) -> list[Any]:
    """``value`` if it is an array, else the function's type error."""
    if not isinstance(value, list):
        raise _wrong(name, value, "an array", index)
    return value
