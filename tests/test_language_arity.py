"""A call with a number of arguments its function does not take: the cloud's sentence for each
function, with the name as written, before any argument is evaluated.

The sentences are the cloud's, as tomdam/flowforger generated them from a run of
conformance/flows/expr-errors.ff.ts against Power Automate (the multi-tenant runtime):
packages/expressions/src/arity.ts, ported as ``reqres_mock.language.arity.ARITY``. The exact
sentences written out below are quoted from its other files, named at each.
"""

from __future__ import annotations

from typing import Any

import pytest
from language_support import check, evaluate

from reqres_mock.errors import ExpressionError
from reqres_mock.language.arity import ANY, ARITY
from reqres_mock.language.expressions import LAZY_FUNCTIONS
from reqres_mock.language.functions import FUNCTIONS, SPELLINGS
from reqres_mock.language.registry import MAXIMUMS, MINIMUMS


def message_of(text: str) -> str:
    with pytest.raises(ExpressionError) as info:
        evaluate(text)
    assert info.value.code == "InvalidTemplate"
    return info.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # packages/engine/src/__tests__/expr-corpus.test.ts ("Measured by
        # conformance/flows/expr-errors.ff.ts"): the runtime's own typo, "seccond"
        pytest.param(
            "@add(1)",
            "The template language function 'add' expects two numeric parameters: the first "
            "summand as the first parameter and the seccond summand as the second parameter. The "
            "function was invoked with '1' parameter(s). Please see "
            "https://aka.ms/logicexpressions#add for usage details.",
            id="add",
        ),
        pytest.param(
            "@trigger(1)",
            "The template language function 'trigger' must not have any parameters.",
            id="trigger",
        ),
        # the name as the expression wrote it (arity.ts: "{name}: the name as written")
        pytest.param(
            "@ADD(1, 2, 3)",
            "The template language function 'ADD' expects two numeric parameters: the first "
            "summand as the first parameter and the seccond summand as the second parameter. The "
            "function was invoked with '3' parameter(s). Please see "
            "https://aka.ms/logicexpressions#add for usage details.",
            id="name-as-written",
        ),
        pytest.param(
            "@uriComponent()",
            "The template language function 'uriComponent' expects at least one parameter: the "
            "value to convert to URI component. The function was invoked with '0' parameters. "
            "Please see https://aka.ms/logicexpressions#uriComponent for usage details.",
            id="an-alias-by-its-own-name",
        ),
        # the usage anchor as the cloud spells it, not lowercased
        pytest.param(
            "@toLower()",
            "The template language function 'toLower' expects one parameter: the string to "
            "convert to lower casing. The function was invoked with '0' parameters. Please see "
            "https://aka.ms/logicexpressions#toLower for usage details.",
            id="anchor-toLower",
        ),
        # packages/engine/src/expr/functions/collections.ts: "The cloud rejects createArray()
        # with no arguments rather than returning []"
        pytest.param(
            "@createArray()",
            "The template language function 'createArray' expects a comma separated list of "
            "parameters. The function was invoked with no parameters. Please see "
            "https://aka.ms/logicexpressions#createArray for usage details.",
            id="createArray-empty",
        ),
        pytest.param(
            "@if(true, 1)",
            "The template language function 'if' expects three parameter: the condition to test "
            "as the first parameter, the value to return if the condition is true as the second "
            "parameter, and the value to return if the condition is false as the third "
            "parameter. The function was invoked with '2' parameter(s). Please see "
            "https://aka.ms/logicexpressions#if for usage details.",
            id="lazy-if",
        ),
        pytest.param(
            "@variables('a', 'b')",
            "The template language function 'variables' must have only one parameter.",
            id="run-function",
        ),
        # packages/engine/src/expr/evaluator.ts (checkArity): "fails before anything is
        # evaluated", so not int()'s error
        pytest.param(
            "@not(int('x'), true)",
            "The template language function 'not' expects one parameter: the boolean value to "
            "negate. The function was invoked with '2' parameters. Please see "
            "https://aka.ms/logicexpressions#not for usage details.",
            id="before-the-arguments",
        ),
    ],
)
def test_a_wrong_count_fails_in_the_clouds_words(text, message):
    assert message_of(text) == message


def _calls() -> list[Any]:
    calls = []
    for key, (low, high, message) in ARITY.items():
        name = SPELLINGS.get(key, key)
        counts = ([low - 1] if low > 0 else []) + ([high + 1] if high != ANY else [])
        for count in counts:
            expected = message.replace("{name}", name).replace("{count}", str(count))
            arguments = ", ".join(["'a'"] * count)
            text = f"@{name}({arguments})"
            calls.append(pytest.param(text, expected, id=text))
    return calls


@pytest.mark.parametrize(("text", "message"), _calls())
def test_every_function_of_the_table_fails_with_its_sentence(text, message):
    """The pure, lazy and run functions alike: 231 calls, as the audit generated them."""
    assert message_of(text) == message


def test_the_registry_takes_the_counts_the_cloud_takes():
    """Every registered function takes what the cloud's table says (the lazy ones are the
    evaluator's, checked from the table alone)."""
    differ = {
        key: ((MINIMUMS[key], MAXIMUMS[key]), ARITY[key][:2])
        for key in FUNCTIONS
        if (MINIMUMS[key], MAXIMUMS[key]) != ARITY[key][:2]
    }
    assert differ == {}
    assert LAZY_FUNCTIONS - set(ARITY) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # evaluated only when reached: a wrong count in the branch not taken does nothing
        pytest.param("@if(true, 1, add(1))", 1, id="not-reached"),
        # packages/engine/src/expr/functions/logic.ts: "With more than two arguments, true when
        # every one equals the first (conformance/flows/expr-errors.ff.ts)"
        pytest.param("@equals(1, 1, 1)", True, id="equals-three"),
        pytest.param("@equals(1, 1.0, 1, 2)", False, id="equals-one-differs"),
        pytest.param("@equals('a', 'a', 'A')", False, id="equals-each-as-two"),
        # packages/engine/src/expr/functions/encoding.ts: "Several arguments are joined as text
        # first (conformance/flows/expr-errors.ff.ts: 'a b', 1, true, null -> a%20b1True)"
        pytest.param("@uriComponent('a b', 1, true, null)", "a%20b1True", id="uriComponent-many"),
        pytest.param("@encodeUriComponent('a/', 'b')", "a%2Fb", id="encodeUriComponent-many"),
    ],
)
def test_counts_the_cloud_takes(text, expected):
    check(text, expected)
