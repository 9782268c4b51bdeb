"""The Workflow Definition Language: parsing, access, interpolation and the functions."""

from __future__ import annotations

import re
from typing import Any

import pytest

from reqres_mock.errors import ExpressionError
from reqres_mock.language.expressions import parse
from reqres_mock.language.templates import compile_template


class Context:
    """A stand-in run: the workflow functions a few tests need."""

    def __init__(self, body: Any = None) -> None:
        self.body = body

    def call_workflow_function(self, name: str, args: list[Any]) -> Any:
        if name == "triggerbody":
            return self.body
        raise KeyError(name)


def evaluate(text: str, body: Any = None) -> Any:
    template = compile_template(text)
    return template if isinstance(template, str) else template.evaluate(Context(body))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # literals and access
        ("@'it''s'", "it's"),
        ("@42", 42),
        ("@-1.5", -1.5),
        ("@true", True),
        ("@null", None),
        ("@triggerBody()['a']['b']", 2),
        ("@triggerBody()?['missing']?['deeper']", None),
        ("@triggerBody().a.b", 2),
        ("@triggerBody()?.nope", None),
        ("@triggerBody()['list'][1]", "y"),
        ("@triggerBody()?['list']?[-1]", None),  # out of bounds: null with '?'
        ("@triggerBody()['A']['B']", 2),
        ("@TOUPPER('abc')", "ABC"),
        # templates
        ("no expression", "no expression"),
        ("@@escaped", "@escaped"),
        ("total: @{add(1, 2)} items", "total: 3 items"),
        ("@{triggerBody()['a']}", '{"b":2}'),
        ("flag @{true}, none '@{null}'", "flag True, none ''"),
        ("literal @@{x}", "literal @{x}"),
        ("@{'}'}", "}"),
        # string
        ("@concat('a', 1, true)", "a1True"),
        ("@substring('hello', 1, 3)", "ell"),
        ("@substring('hello', 2)", "llo"),
        ("@slice('hello', -3)", "llo"),
        ("@replace('a-b-c', '-', '+')", "a+b+c"),
        ("@toLower('ÀB')", "àb"),
        ("@trim('  x ')", "x"),
        ("@split('a,b,,c', ',')", ["a", "b", "", "c"]),
        ("@indexOf('Hello', 'LL')", 2),
        ("@lastIndexOf('abcabc', 'B')", 4),
        ("@nthIndexOf('abcabc', 'b', 2)", 4),
        ("@startsWith('Hello', 'he')", True),
        ("@endsWith('Hello', 'LO')", True),
        ("@formatNumber(1234.5, 'N1')", "1,234.5"),
        ("@formatNumber(1234.5, 'C2', 'de-de')", "1.234,50 €"),
        ("@formatNumber(0.256, 'P0')", "26%"),
        ("@formatNumber(42, 'D5')", "00042"),
        ("@formatNumber(255, 'X')", "FF"),
        ("@formatNumber(1234.567, '#,##0.00')", "1,234.57"),
        ("@formatNumber(3.1, '0.###')", "3.1"),
        # collections
        ("@length('abc')", 3),
        ("@length(createArray(1, 2))", 2),
        ("@first(createArray(1, 2))", 1),
        ("@last('abc')", "c"),
        ("@contains('abc', 'b')", True),
        ("@contains(createArray(1, 2), 2)", True),
        ("@contains(json('{\"k\":1}'), 'k')", True),
        ("@empty('')", True),
        ("@empty(json('[]'))", True),
        ("@empty(null)", True),
        ("@union(createArray(1, 2), createArray(2, 3))", [1, 2, 3]),
        ("@intersection(createArray(1, 2, 3), createArray(3, 2))", [2, 3]),
        ("@union(json('{\"a\":1}'), json('{\"b\":2}'))", {"a": 1, "b": 2}),
        ("@join(createArray('a', 'b'), '; ')", "a; b"),
        ("@skip(createArray(1, 2, 3), 1)", [2, 3]),
        ("@take('abcdef', 2)", "ab"),
        ("@reverse(createArray(1, 2))", [2, 1]),
        ("@chunk(createArray(1, 2, 3), 2)", [[1, 2], [3]]),
        # logical
        ("@equals(1, 1.0)", True),
        ("@equals('a', 'A')", False),
        ("@equals(true, 1)", True),
        ("@and(true, equals(1, 1))", True),
        ("@or(false, false)", False),
        ("@not(false)", True),
        ("@if(greater(2, 1), 'yes', 'no')", "yes"),
        ("@if(false, div(1, 0), 'lazy')", "lazy"),
        ("@greaterOrEquals('b', 'a')", True),
        ("@less(1, 2.5)", True),
        ("@lessOrEquals(3, 3)", True),
        ("@coalesce(null, null, 'x')", "x"),
        # conversion
        ("@int('42')", 42),
        ("@float('2.5')", 2.5),
        ("@string(json('{\"a\":[1,2]}'))", '{"a":[1,2]}'),
        ("@string(1.0)", "1"),
        ("@bool('TRUE')", True),
        ("@bool(0)", False),
        ("@json('[1, {\"a\": null}]')", [1, {"a": None}]),
        ("@array('x')", ["x"]),
        ("@base64('hello')", "aGVsbG8="),
        ("@base64ToString('aGVsbG8=')", "hello"),
        ("@encodeUriComponent('a b&c/d')", "a%20b%26c%2Fd"),
        ("@decodeUriComponent('a%20b')", "a b"),
        ("@dataUri('hi')", "data:text/plain;charset=utf-8;base64,aGk="),
        ("@dataUriToString('data:text/plain;charset=utf-8;base64,aGk=')", "hi"),
        # math
        ("@add(1, 2)", 3),
        ("@add(1, 2.5)", 3.5),
        ("@sub(1, 3)", -2),
        ("@mul(2, 3)", 6),
        ("@div(7, 2)", 3),
        ("@div(-7, 2)", -3),
        ("@div(7.0, 2)", 3.5),
        ("@mod(7, 3)", 1),
        ("@mod(-7, 3)", -1),
        ("@min(3, 1, 2)", 1),
        ("@max(createArray(3, 9, 2))", 9),
        ("@range(3, 4)", [3, 4, 5, 6]),
        # dates
        (
            "@formatDateTime('2024-02-29T13:05:09.1234567Z', 'yyyy-MM-dd HH:mm:ss.fff')",
            "2024-02-29 13:05:09.123",
        ),
        (
            "@formatDateTime('2024-02-29T13:05:09Z', 'dddd, MMMM d, yyyy h:mm tt')",
            "Thursday, February 29, 2024 1:05 PM",
        ),
        ("@formatDateTime('2024-02-29T13:05:09Z')", "2024-02-29T13:05:09.0000000Z"),
        ("@formatDateTime('2024-02-29T13:05:09Z', 'r')", "Thu, 29 Feb 2024 13:05:09 GMT"),
        ("@addDays('2024-02-28T00:00:00Z', 2, 'yyyy-MM-dd')", "2024-03-01"),
        ("@addHours('2024-01-01T23:00:00Z', 2, 'yyyy-MM-ddTHH')", "2024-01-02T01"),
        ("@addToTime('2024-01-31T00:00:00Z', 1, 'Month', 'yyyy-MM-dd')", "2024-02-29"),
        ("@subtractFromTime('2024-01-01T00:00:00Z', 1, 'Day', 'yyyy-MM-dd')", "2023-12-31"),
        ("@startOfMonth('2024-05-17T10:00:00Z', 'yyyy-MM-dd')", "2024-05-01"),
        ("@dayOfWeek('2024-05-19T00:00:00Z')", 0),
        ("@dayOfYear('2024-12-31T00:00:00Z')", 366),
        ("@ticks('2024-01-01T00:00:00Z')", 638396640000000000),
        ("@convertFromUtc('2024-07-01T12:00:00Z', 'Eastern Standard Time', 'HH:mm')", "08:00"),
        ("@convertToUtc('2024-01-01T12:00:00', 'W. Europe Standard Time', 'HH:mm')", "11:00"),
        ("@convertTimeZone('2024-01-01T12:00:00', 'UTC', 'Tokyo Standard Time', 'HH:mm')", "21:00"),
    ],
)
def test_expression_values(text, expected):
    body = {"a": {"b": 2}, "list": ["x", "y"]}
    result = evaluate(text, body)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("@guid()", r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
        ("@guid('N')", r"[0-9a-f]{32}"),
        (
            "@guid('X')",
            r"\{0x[0-9a-f]{8},0x[0-9a-f]{4},0x[0-9a-f]{4},\{(0x[0-9a-f]{2},){7}0x[0-9a-f]{2}\}\}",
        ),
        ("@utcNow()", r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z"),
        ("@utcNow('yyyy')", r"\d{4}"),
        ("@string(rand(1, 3))", r"[12]"),
        ("@getFutureTime(1, 'Day', 'yyyy-MM-dd')", r"\d{4}-\d{2}-\d{2}"),
    ],
)
def test_volatile_functions_have_the_right_shape(text, shape):
    assert re.fullmatch(shape, evaluate(text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # tomdam/flowforger packages/engine/src/__tests__/expr-corpus.test.ts (the cloud's
        # words for @abs(-3)) and packages/engine/src/expr/evaluator.ts (the full stop)
        ("@nope(1)", "The template function 'nope' is not defined or not valid."),
        ("@abs(-3)", "The template function 'abs' is not defined or not valid."),
        # tomdam/flowforger packages/expressions/src/arity.ts (generated from a cloud run)
        (
            "@add(1)",
            "the seccond summand as the second parameter. The function was invoked with "
            "'1' parameter(s). Please see https://aka.ms/logicexpressions#add for usage details.",
        ),
        (
            "@add('a', 1)",
            # tomdam/flowforger packages/engine/src/expr/functions/math.ts
            "'add' expects its first parameter to be an integer, a float or a decimal number. "
            "The provided value is of type 'String'. Please see "
            "https://aka.ms/logicexpressions#add for usage details.",
        ),
        # a real Power Automate run (Cliveo, "Power Platform MCP - Investigating Power Automate
        # Flow Runs with AI", 2025); the whole sentence: a Power Automate emulator's
        # conformance test measured against the cloud
        ("@div(1, 0)", "Attempt to divide an integral or decimal value by zero in function 'div'."),
        ("@mod(1, 0)", "Attempt to divide an integral or decimal value by zero in function 'mod'."),
        ("@substring('abc', 2, 5)", "'substring' parameters are out of range"),
        (
            "@triggerBody()['zzz']",
            "property 'zzz' doesn't exist, available properties are 'a, list'",
        ),
        ("@triggerBody()['list'][5]", "array index '5' is outside bounds (0, 1) of array"),
        # The runtime's words as users quote them from failed runs (a text/plain trigger body,
        # a decoded file's body): "... cannot be selected. Property selection is not
        # supported on values of type 'String'." -- and '?' does not make it null.
        (
            "@triggerBody()['a']['b']['c']",
            "property 'c' cannot be selected. Property selection is not supported on values of "
            "type 'Integer'.",
        ),
        ("@triggerBody()?['list']?[0]?['x']", "supported on values of type 'String'."),
        ("@int('1.5')", "'int' was invoked with a parameter that is not valid"),
        # The runtime's sentence, as two public emulators quote it (see the README's table).
        # (text cut after a comma: '{"a":1' alone is read, as DeserializeObject<JToken> reads it)
        (
            "@json('{\"a\":1,')",
            "'json' parameter is not valid. The provided value '{\"a\":1,' cannot be parsed: "
            "'Unexpected end when reading token. Path ''.'. Please see "
            # the link: tomdam/flowforger packages/engine/src/expr/functions/collections.ts
            "https://aka.ms/logicexpressions#json for usage details.",
        ),
        # A null key is written as .NET writes null into text: nothing (not Python's None).
        (
            "@triggerBody()[triggerBody()?['none']]",
            "property '' doesn't exist, available properties are 'a, list'",
        ),
        ("@triggerBody()['list'][1e20]", "array index '1E+20' is outside bounds"),
        # .NET's JArray indexer and IllogicApps' accessMember: no counting from the end
        ("@triggerBody()['list'][-1]", "array index '-1' is outside bounds (0, 1) of array"),
        # a production run quoted in a public Power Automate operations log: not even '?'
        # selects a named property of an array (IllogicApps' accessMember agrees)
        *(
            (
                text,
                "because property 'value' cannot be selected. Array elements can only be "
                "selected using an integer index. Please see https://aka.ms/logicexpressions "
                "for usage details.",
            )
            for text in ("@triggerBody()['list']['value']", "@triggerBody()?['list']?['value']")
        ),
        (
            "@and(1, true)",
            # tomdam/flowforger packages/engine/src/expr/functions/logic.ts
            "'and' expects all of its parameters to be booleans. Found invalid parameter types: "
            "'Integer'.",
        ),
        (
            "@length(json('{\"a\":1}'))",
            "'length' expects its parameter to be an array or a string. The provided value is of "
            "type 'Object'.",
        ),
        ("@range(0, 200000)", "'range' expects a count between 0 and 100000"),
        (
            "@formatDateTime('yesterday')",
            "In function 'formatDateTime', the value provided for date time string 'yesterday' was "
            "not valid. The datetime string must match ISO 8601 format.",
        ),
        (
            "@convertFromUtc('2024-01-01T00:00:00Z', 'Mars Standard Time')",
            "does not know the time zone",
        ),
        ("@if(1, 2, 3)", "'if' expects its first parameter to be of type boolean. The provided"),
    ],
)
def test_evaluation_errors_are_invalid_template(text, message):
    with pytest.raises(ExpressionError) as info:
        evaluate(text, {"a": {"b": 2}, "list": ["x", "y"]})
    assert message in str(info.value)
    assert info.value.code == "InvalidTemplate"
    assert info.value.expression == text[1:]


@pytest.mark.parametrize(
    ("text", "actual"),
    [
        # quoted from failed deployments of a body written with an "@odata.type" property
        ("odata.type", "Dot"),
        ("bogus", "EndOfData"),
        ("items[0]", "LeftSquareBracket"),
        ("concat(first, 'x')", "Comma"),
        ("concat(first)", "RightPerenthesis"),  # the runtime's spelling (dynamics-365 docs #2188)
    ],
)
def test_a_bare_name_does_not_parse_in_the_runtimes_words(text, actual):
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert info.value.message == (
        f"Unable to parse template language expression '{text}': expected token "
        f"'LeftParenthesis' and actual '{actual}'."
    )


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("add(1,", 6),
        ("add(1 2)", 7),
        ("'unclosed", 1),
        ("add(1, 2))", 10),
    ],
)
def test_syntax_errors_carry_the_position(text, position):
    with pytest.raises(ExpressionError, match="not valid") as info:
        parse(text)
    assert info.value.position == position


def _quoted(length: int) -> str:
    """A string literal ``length`` characters long, quotes included."""
    return "'" + "a" * (length - 2) + "'"


#: "Expression character limit | 8,192 characters"
#: (https://learn.microsoft.com/azure/logic-apps/logic-apps-limits-and-config); the designer's
#: scanner refuses a longer text, LIMIT_EXCEEDED, and accepts one at the limit (Azure/LogicAppsUX
#: libs/logic-apps-shared/src/parsers/lib/expression/scanner.ts, common/constants.ts
#: ``maxExpressionLimit: 8192``, __test__/scanner.spec.ts). What is measured is what parser.ts
#: scans: the text after '@', or inside one '@{ }', in UTF-16 units (JavaScript's and .NET's
#: String.Length). The sentence is the mock's: no public report quotes the runtime's.
@pytest.mark.parametrize(
    ("text", "refused"),
    [
        pytest.param("@" + _quoted(8192), False, id="whole-at-the-limit"),
        pytest.param("@" + _quoted(8193), True, id="whole-over-the-limit"),
        pytest.param("@ " + _quoted(8192), True, id="white-space-after-at-counts"),
        pytest.param("@{" + _quoted(8192) + "}", False, id="part-at-the-limit"),
        pytest.param("@{" + _quoted(8193) + "}", True, id="part-over-the-limit"),
        pytest.param(
            "a@{" + _quoted(8000) + "}b@{" + _quoted(8000) + "}c", False, id="each-part-alone"
        ),
        pytest.param("@'" + "\U0001f600" * 4095 + "'", False, id="astral-at-the-limit"),
        pytest.param("@'" + "\U0001f600" * 4096 + "'", True, id="astral-counts-twice"),
    ],
)
def test_the_expression_length_limit(text, refused):
    if not refused:
        assert isinstance(evaluate(text), str)
        return
    with pytest.raises(ExpressionError) as info:
        compile_template(text)
    assert info.value.message == "The expression is longer than the limit of 8192 characters"


def test_error_positions_point_at_the_failing_call():
    with pytest.raises(ExpressionError) as info:
        evaluate("@concat('a', div(1, 0))")
    assert info.value.position == 13
