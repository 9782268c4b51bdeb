"""Evaluate Workflow Definition Language templates outside a run, for the family tables.

Expected values in the tables come from Microsoft's function reference
(https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference)
and from IllogicApps' conformance tests, whose cases were recorded against the real runtime
(ScoreUnder/IllogicApps, IllogicApps.Expression.Execution.Test/*.fs): the file is named per
table. Never a Python intuition.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from reqres_mock.errors import ExpressionError
from reqres_mock.language.templates import compile_template


class NoRun:
    """A context with no run: workflow functions are not defined."""

    def call_workflow_function(self, name: str, args: list[Any]) -> Any:
        raise KeyError(name)


def evaluate(text: str) -> Any:
    """The value of a definition string, as an action's input would get it."""
    template = compile_template(text)
    return template if isinstance(template, str) else template.evaluate(NoRun())


def check(text: str, expected: Any) -> None:
    """``text`` evaluates to ``expected``, with the same JSON type (1 is not 1.0 or True) and,
    for objects, the same property order."""
    result = evaluate(text)
    assert result == expected, f"{text} gave {result!r}"
    assert type(result) is type(expected), f"{text} gave {type(result).__name__}"
    if isinstance(expected, (dict, list)):
        assert json.dumps(result) == json.dumps(expected), f"{text} gave {result!r}"


def check_error(text: str, fragment: str) -> None:
    """``text`` fails with an ``InvalidTemplate`` error whose message contains ``fragment``."""
    with pytest.raises(ExpressionError) as info:
        evaluate(text)
    assert fragment in str(info.value)
    assert info.value.code == "InvalidTemplate"
