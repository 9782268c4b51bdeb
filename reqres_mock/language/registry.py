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

from collections.abc import Callable
from typing import Any, TypeVar

from reqres_mock.errors import ExpressionError
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
    "SPELLINGS",
    "Function",
    "alias",
    "array_arg",
    "fail",
    "function",
    "integer_arg",
    "number_arg",
    "text_arg",
    "type_name",
]


def function(name: str, minimum: int, maximum: int | None = None) -> Callable[[F], F]:
    """Register ``name`` (case-insensitive) with an argument count check.

    ``maximum`` defaults to ``minimum``; ``-1`` means any number of arguments.
    """
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
        SPELLINGS[name.lower()] = name
        FAMILIES[name.lower()] = impl.__module__.rsplit(".", 1)[-1]
        return impl

    return register


def alias(name: str, existing: str) -> None:
    """Register ``name`` as another name of the registered function ``existing``."""
    FUNCTIONS[name.lower()] = FUNCTIONS[existing.lower()]
    SPELLINGS[name.lower()] = name
    FAMILIES[name.lower()] = FAMILIES[existing.lower()]


def fail(name: str, message: str) -> ExpressionError:
    """The error of function ``name``: "The template language function 'name' <message>"."""
    return ExpressionError(f"The template language function '{name}' {message}")


def text_arg(name: str, value: Any) -> str:
    """``value`` if it is a string, else the function's type error."""
    if not isinstance(value, str):
        raise fail(name, f"expects a string but got '{type_name(value)}'")
    return value


def integer_arg(name: str, value: Any) -> int:
    """``value`` if it is an integer (not a boolean), else the function's type error."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(name, f"expects an integer but got '{type_name(value)}'")
    return value


def number_arg(name: str, value: Any) -> int | float:
    """``value`` if it is an integer or a float (not a boolean), else the type error."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(name, f"expects a number but got '{type_name(value)}'")
    return value


def array_arg(name: str, value: Any) -> list[Any]:
    """``value`` if it is an array, else the function's type error."""
    if not isinstance(value, list):
        raise fail(name, f"expects an array but got '{type_name(value)}'")
    return value
