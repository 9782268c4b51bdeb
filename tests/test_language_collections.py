"""Collection functions: value in, value out, error out (IllogicApps
CollectionFunctionsTests.fs and StringFunctionsTests.fs, the Microsoft reference)."""

from __future__ import annotations

import pytest
from language_support import check, check_error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@length('123456')", 6, id="length-string"),
        # UTF-16 code units, as .NET's String.Length counts them (test_language_strings.py)
        pytest.param("@length('a😀b')", 4, id="length-string-surrogate-pair"),
        pytest.param("@take('😀abc', 2)", "😀", id="take-string-pair"),
        pytest.param("@first('😀a')", "\ud83d", id="first-string-half-pair"),
        pytest.param("@last('a😀')", "\ude00", id="last-string-half-pair"),
        pytest.param("@chunk('😀ab', 2)", ["😀", "ab"], id="chunk-string-pair"),
        pytest.param("@length(createArray('aa','bb','cc'))", 3, id="length-array"),
        pytest.param("@empty('       ')", False, id="empty-whitespace"),
        pytest.param("@empty(json('{}'))", True, id="empty-object"),
        pytest.param("@empty(json('{\"\":{}}'))", False, id="empty-object-with-key"),
        pytest.param("@empty(null)", True, id="empty-null"),
        pytest.param("@first('')", "", id="first-empty-string"),
        pytest.param("@first(json('[]'))", None, id="first-empty-array"),
        pytest.param("@first('abc')", "a", id="first-string"),
        pytest.param("@last('')", "", id="last-empty-string"),
        pytest.param('@last(json(\'["a","b","c"]\'))', "c", id="last-array"),
        pytest.param("@join(createArray('',null,''),'x')", "xx", id="join-null-item-is-empty"),
        pytest.param("@join(createArray('',true,''),'x')", "xTruex", id="join-boolean"),
        pytest.param(
            "@join(createArray('a',createArray('b','c'),'d'),'x')",
            'ax["b","c"]xd',
            id="join-nested-array-as-json",
        ),
        pytest.param("@join(createArray(binary('test')),'x')", "test", id="join-binary"),
        pytest.param(
            "@intersection(createArray(1,2,3,4,4,5),createArray(3,4,5))",
            [3, 4, 5],
            id="intersection-dedupes",
        ),
        pytest.param(
            '@intersection(json(\'{"spam":"eggs","food":"x"}\'),'
            'json(\'{"spam":"eggs","food":"y"}\'))',
            {"spam": "eggs"},
            id="intersection-objects",
        ),
        pytest.param(
            "@union(createArray('a','b',3,5,1),createArray(5,4,3,2,1))",
            ["a", "b", 3, 5, 1, 4, 2],
            id="union-order",
        ),
        pytest.param(
            '@union(json(\'{"spam":"eggs","thing":3}\'),json(\'{"spam":3,"food":"eggs"}\'))',
            {"spam": 3, "thing": 3, "food": "eggs"},
            id="union-objects-later-wins-in-place",
        ),
        pytest.param("@take('meow',10)", "meow", id="take-past-end"),
        pytest.param("@take(json('[9,7,5,3]'),0)", [], id="take-zero"),
        pytest.param("@skip(createArray(0, 1, 2, 3), 1)", [1, 2, 3], id="skip-reference"),
        # skip works on strings, measured in the cloud (tomdam/flowforger
        # packages/engine/src/expr/functions/collections.ts; expr-functions-collections.test.ts)
        pytest.param("@skip('notarray', 3)", "array", id="skip-string"),
        pytest.param("@skip('abc', 10)", "", id="skip-string-past-end"),
        pytest.param("@skip('😀abc', 2)", "abc", id="skip-string-pair"),
        pytest.param(
            "@reverse(json('[9,\"yippee\",null,-1,true]'))",
            [True, -1, None, "yippee", 9],
            id="reverse",
        ),
        pytest.param("@contains(createArray('a', 'b'), 'b')", True, id="contains-array"),
        pytest.param("@contains('hello world', 'World')", False, id="contains-case-sensitive"),
        pytest.param("@chunk('abcde', 2)", ["ab", "cd", "e"], id="chunk-string"),
        pytest.param("@range(1, 4)", [1, 2, 3, 4], id="range-reference"),
        # wdl-ref "sort": sort(createArray(2, 1, 0, 3)); by a key: the 'Qty' example of
        # https://www.samurai-emblem.com/2023/10/08/power-automate-function-sort/ (same WDL)
        pytest.param("@sort(createArray(2, 1, 0, 3))", [0, 1, 2, 3], id="sort-reference"),
        pytest.param(
            '@sort(json(\'[{"Number":1,"Name":"Z","Qty":500},'
            '{"Number":2,"Name":"Y","Qty":300},'
            '{"Number":3,"Name":"Z","Qty":400}]\'), \'Qty\')',
            [
                {"Number": 2, "Name": "Y", "Qty": 300},
                {"Number": 3, "Name": "Z", "Qty": 400},
                {"Number": 1, "Name": "Z", "Qty": 500},
            ],
            id="sort-by-key",
        ),
        pytest.param(
            '@sort(json(\'[{"n":2,"i":0},{"n":1},{"n":2,"i":1}]\'), \'n\')',
            [{"n": 1}, {"n": 2, "i": 0}, {"n": 2, "i": 1}],
            id="sort-by-key-keeps-ties-in-order",
        ),
        pytest.param("@sort(createArray(1, 2.5, 0))", [0, 1, 2.5], id="sort-integers-and-floats"),
        pytest.param("@sort(json('[]'))", [], id="sort-empty"),
    ],
)
def test_collection_functions(text, expected):
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("@length(json('{}'))", "an array or a string", id="length-object"),
        pytest.param("@length(null)", "an array or a string", id="length-null"),
        pytest.param("@length(binary('abc'))", "an array or a string", id="length-binary"),
        # the sentences of this table's next rows: tomdam/flowforger
        # packages/engine/src/expr/functions/logic.ts and collections.ts ("verified against the
        # cloud"); first() and last() without "to", as the runtime words it
        pytest.param(
            "@empty(0)",
            "'empty' expects its parameter to be an object, an array or a string. The provided "
            "value is of type 'Integer'. Please see https://aka.ms/logicexpressions#empty for "
            "usage details.",
            id="empty-number",
        ),
        pytest.param(
            "@empty()",
            "'empty' expects one parameter: the object, array or string to test for emptiness. "
            "The function was invoked with '0' parameter(s).",
            id="empty-arity",  # tomdam/flowforger packages/expressions/src/arity.ts
        ),
        pytest.param(
            "@first(json('{}'))",
            "'first' expects its parameter be an array or a string. The provided value is of type "
            "'Object'. Please see https://aka.ms/logicexpressions#first for usage details.",
            id="first-object",
        ),
        pytest.param(
            "@last(null)",
            "'last' expects its parameter be an array or a string. The provided value is of type "
            "'Null'.",
            id="last-null",
        ),
        pytest.param(
            "@join('asdf','x')", "to be an array. The provided value is of type", id="join-string"
        ),
        pytest.param(
            "@join(createArray('a'), null)",
            "to be a string. The provided value is of type",
            id="join-null-sep",
        ),
        pytest.param("@take(json('[9,7]'),-1)", "positive integer", id="take-negative"),
        pytest.param("@skip(json('[9,7]'),-1)", "positive integer", id="skip-negative"),
        pytest.param(
            "@take(null,3)",
            "to be an array or a string. The provided value is of type",
            id="take-null",
        ),
        pytest.param(
            "@skip(json('{\"a\":1}'), 1)",
            "to be an array or a string. The provided value is of type",
            id="skip-object",
        ),
        pytest.param(
            "@reverse('tacocat')",
            "to be an array. The provided value is of type",
            id="reverse-string",
        ),
        # No evidence of the runtime's words for these; the mock names the types involved
        # instead of leaking Python's ("'<' not supported between instances of...").
        pytest.param(
            "@sort(createArray(1, 'a'))",
            "can only order values of one simple type, got 'Integer' and 'String'",
            id="sort-mixed-types",
        ),
        pytest.param(
            "@sort(createArray(json('{}')))", "got 'Object'", id="sort-objects-without-key"
        ),
        pytest.param(
            "@sort(json('[{\"n\":2},{\"m\":1}]'), 'n')",
            "cannot sort by 'n': an item has no property 'n'",
            id="sort-missing-key",
        ),
        pytest.param(
            "@sort('cba')",
            "'sort' expects its first parameter to be of type array. The provided value is of "
            "type 'String'. Please see https://aka.ms/logicexpressions#sort for usage details.",
            id="sort-string",
        ),
        # the sentences of the next rows: tomdam/flowforger
        # packages/engine/src/expr/functions/collections.ts ("verified against the cloud"),
        # strings.ts (chunk)
        pytest.param(
            "@union(json('{\"a\":3}'),createArray('a'))",
            "Template language function 'union' expects parameters of same type, but found "
            "'Object,Array' distinct types.",
            id="union-mixed-kinds",
        ),
        pytest.param(
            "@union(5, createArray(1), 6)",
            "'Integer,Array' distinct types.",
            id="union-types-once-each",
        ),
        pytest.param(
            "@take(createArray(1), -1)",
            "'take' parameters are out of range: 'count' must be a positive integer. The provided "
            "value is '-1'. Please see https://aka.ms/logicexpressions#take for usage details.",
            id="take-negative",
        ),
        pytest.param(
            "@chunk(createArray(1), 0)",
            "'chunk' expects chunk size to be a positive integer. The provided value is less than "
            "1. Please see https://aka.ms/logicexpressions#chunk for usage details.",
            id="chunk-zero",
        ),
        pytest.param(
            "@intersection(createArray('a'),json('{\"a\":3}'))",
            "same type",
            id="intersection-mixed-kinds",
        ),
    ],
)
def test_collection_function_errors(text, message):
    check_error(text, message)
