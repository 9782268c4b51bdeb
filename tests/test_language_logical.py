"""Logical functions and conditions: short-circuit, equality, orderings (IllogicApps
LogicTests.fs, issue 15's runtime suite)."""

from __future__ import annotations

import pytest
from language_support import check, check_error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@and(false,int('blkadokg'))", False, id="and-stops-at-false"),
        pytest.param("@and(false,faweorawoekjf())", False, id="and-skips-undefined"),
        pytest.param("@and(and(and(true,false),true),nope())", False, id="and-nested"),
        pytest.param("@or(true,int('blkadokg'))", True, id="or-stops-at-true"),
        pytest.param("@or(true,undefinedFn())", True, id="or-skips-undefined"),
        pytest.param("@or(or(or(false,true),false),nope())", True, id="or-nested"),
        pytest.param("@and(true)", True, id="and-one"),
        pytest.param("@or(false,false,false,true)", True, id="or-many"),
        pytest.param("@if(true,1,throwMeAnError())", 1, id="if-lazy"),
        pytest.param("@if(false,throwMeAnError(),2)", 2, id="if-lazy-else"),
        pytest.param("@coalesce('hi',FakeFunctionWhichErrors())", "hi", id="coalesce-lazy"),
        pytest.param("@coalesce(null,null)", None, id="coalesce-all-null"),
        pytest.param("@equals(true, 1)", True, id="equals-bool-number"),
        pytest.param("@equals(false, 0)", True, id="equals-false-zero"),
        pytest.param("@equals(1, 1.0)", True, id="equals-int-float"),
        pytest.param("@equals('a', 'A')", False, id="equals-case-sensitive"),
        pytest.param("@equals(decimal('1.0'), 1)", True, id="equals-decimal"),
        pytest.param("@equals(createArray(1, 2), createArray(1, 2))", True, id="equals-arrays"),
        # unconfirmed choices (README behaviour table): no recorded runtime case exists; the
        # peer IllogicApps' code (LogicAppsComparison.fs) says false for both, untested
        pytest.param(
            "@equals(json('{\"a\":[1]}'), json('{\"a\":[1]}'))", True, id="equals-objects-choice"
        ),
        pytest.param("@equals(null, '')", True, id="equals-null-empty-choice"),
        pytest.param("@greater('b', 'a')", True, id="greater-strings"),
        # strings compare ignoring case (OrdinalIgnoreCase), measured in the cloud:
        # tomdam/flowforger packages/engine/src/expr/functions/logic.ts and
        # src/__tests__/expr-functions-logic.test.ts (less('a', 'B') is true)
        pytest.param("@less('a', 'B')", True, id="less-ignores-case"),
        pytest.param("@greater('B', 'a')", True, id="greater-ignores-case"),
        pytest.param("@greaterOrEquals('A', 'a')", True, id="greater-or-equals-ignores-case"),
        pytest.param("@lessOrEquals('a', 'A')", True, id="less-or-equals-ignores-case"),
        pytest.param("@greater('a', 'A')", False, id="greater-equal-ignoring-case"),
        pytest.param("@less('Straße', 'STRASSE')", False, id="less-sharp-s-one-to-one"),
        pytest.param("@less(1, 2.5)", True, id="less-mixed-numbers"),
        pytest.param("@not(equals(1, 2))", True, id="not"),
    ],
)
def test_logical_functions(text, expected):
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("@and(int('blkadokg'),false)", "'int'", id="and-evaluates-left-first"),
        pytest.param(
            "@and(and(and(true,true),true),nope())", "'nope' is not defined", id="and-reaches"
        ),
        pytest.param(
            "@or(or(or(false,false),false),nope())", "'nope' is not defined", id="or-reaches"
        ),
        # tomdam/flowforger packages/expressions/src/arity.ts (generated from a cloud run)
        pytest.param(
            "@and()",
            "'and' expects at least one boolean parameter. The function was invoked with '0' "
            "parameters.",
            id="and-empty",
        ),
        pytest.param(
            "@or()",
            "'or' expects at least one boolean parameter. The function was invoked with '0' "
            "parameters.",
            id="or-empty",
        ),
        pytest.param(
            "@coalesce()",
            "'coalesce' expects at least one parameter: the value to coalesce. The function was "
            "invoked with '0' parameter(s).",
            id="coalesce-empty",
        ),
        # the sentences of the next rows: tomdam/flowforger
        # packages/engine/src/expr/functions/logic.ts ("verified against the cloud")
        pytest.param(
            "@and(true, 1)",
            "'and' expects all of its parameters to be booleans. Found invalid parameter types: "
            "'Integer'.",
            id="and-number",
        ),
        pytest.param(
            "@or(false, 'x')",
            "'or' expects all of its parameters to be booleans. Found invalid parameter types: "
            "'String'.",
            id="or-string",
        ),
        pytest.param(
            "@greater('10', 9)",
            "'greater' expects two parameter of matching types. The function was invoked with "
            "values of type 'String' and 'Integer' that do not match.",
            id="greater-string-number",
        ),
        pytest.param(
            "@greater(null, 1)",
            "'greater' expects all of its parameters to be either integer or decimal numbers. "
            "Found invalid parameter types: 'Null'.",
            id="greater-null",
        ),
        pytest.param(
            "@lessOrEquals(true, false)",
            "'lessOrEquals' expects all of its parameters to be either integer or decimal "
            "numbers. Found invalid parameter types: 'Boolean', 'Boolean'.",
            id="greater-bools",
        ),
        pytest.param(
            "@if(1, 2, 3)",
            "'if' expects its first parameter to be of type boolean. The provided value is of "
            "type 'Integer'. Please see https://aka.ms/logicexpressions#if for usage details.",
            id="if-number",
        ),
        pytest.param(
            "@startsWith(null, 'a')",
            "'startsWith' expects its first parameter to be of type string. The provided value is "
            "of type 'Null'. Please see https://aka.ms/logicexpressions#startswith for usage "
            "details.",
            id="startsWith-null",
        ),
        pytest.param(
            "@contains(5, 5)",
            "'contains' expects its first argument 'collection' to be a dictionary (object), an "
            "array or a string. The provided value is of type 'Integer'.",
            id="contains-number",
        ),
        pytest.param(
            "@if(true,throwMeAnError(),2)", "'throwMeAnError' is not defined", id="if-taken"
        ),
    ],
)
def test_logical_function_errors(text, message):
    check_error(text, message)
