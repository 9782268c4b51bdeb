"""Definition strings: which are expressions, and the '@' escapes (IllogicApps
BasicLanguageTests.fs)."""

from __future__ import annotations

import pytest
from language_support import check, check_error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@", "@", id="lone-at"),
        pytest.param(" @,,}", " @,,}", id="at-not-first"),
        pytest.param("@@unparsed!", "@unparsed!", id="leading-double-at"),
        pytest.param("@@{still unparsed}", "@{still unparsed}", id="leading-double-at-brace"),
        pytest.param(
            "@@{'abc'}@{'def'}@@{'ghi'}j@{'kl'}",
            "@{'abc'}@{'def'}@@{'ghi'}j@{'kl'}",
            id="leading-double-at-keeps-the-rest-literal",
        ),
        pytest.param("testing @@{'blah'} @{'thing'}", "testing @{'blah'} thing", id="escape"),
        pytest.param("a@@b", "a@@b", id="double-at-without-brace-is-text"),
        pytest.param("@{'h'}@{'e'}@{'l'}@{'l'}@{'o'}", "hello", id="adjacent-parts"),
        pytest.param("@{null}", "", id="null-interpolates-empty"),
        pytest.param("@json('{\"abCDef\": 123}').abcdef", 123, id="case-insensitive-member"),
        pytest.param("@ADD(INT('123'),INT('456'))", 579, id="case-insensitive-names"),
        pytest.param(
            '@json(\'{"a": 1, "b": -1, "a": 2}\')',
            {"b": -1, "a": 2},
            id="json-repeated-key-last-wins-at-its-place",
        ),
        pytest.param('@json(\'{"a": 1, "A": 2}\').A', 2, id="member-exact-case-first"),
    ],
)
def test_template_values(text, expected):
    check(text, expected)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("@'a','b','c'", id="list-at-top"),
        pytest.param(" @{", id="unclosed"),
        pytest.param("@()", id="empty-parens"),
        pytest.param("@concat", id="bare-name"),
        pytest.param("@concat('a','b')('c')", id="call-a-value"),
        pytest.param("@+", id="lone-plus"),
        pytest.param("@--1", id="double-minus"),
        pytest.param("@1e1.1", id="fraction-exponent"),
    ],
)
def test_template_syntax_errors(text):
    check_error(text, "")
