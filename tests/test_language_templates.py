"""Definition strings: which are expressions, and the '@' escapes (IllogicApps
BasicLanguageTests.fs)."""

from __future__ import annotations

import pytest
from language_support import check, check_error, evaluate

from reqres_mock.errors import ExpressionError


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


#: White space between tokens is .NET's Char.IsWhiteSpace set: the designer's scanner skips
#: ``isWhitespace`` (Azure/LogicAppsUX libs/logic-apps-shared/src/parsers/lib/common/helpers/
#: expression.ts, written from System.Char.IsWhiteSpace; scanner.ts ``_readNextToken``).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@concat('a',\u00a0'b')", "ab", id="no-break-space-between-arguments"),
        pytest.param("@\u3000add(1,\u2003 2)\u2029", 3, id="after-at-and-at-the-end"),
        pytest.param("@{\u00a0'a'\u202f}", "a", id="inside-interpolation"),
        pytest.param("x @{add(1,\u000b2)\u0085}", "x 3", id="vertical-tab-and-next-line"),
        pytest.param(
            "@json('{\"a\":{\"b\":1}}')\u2028[\u205f'a'\u1680]\u2000.b", 1, id="around-access"
        ),
        pytest.param("@concat('\u00a0', ' ')", "\u00a0 ", id="string-literals-unchanged"),
    ],
)
def test_white_space_between_tokens_is_dotnets(text, expected):
    check(text, expected)


#: A property name after '.' is letters, decimal digits and '_', Unicode ones included
#: (ScoreUnder/IllogicApps IllogicApps.Expression.Parsing/Lexer.fs ``isValidIdentifierChar``:
#: Char.IsLetterOrDigit(c) || c = '_'; the designer's scanner.ts
#: ``_isSupportedIdentifierCharacter`` takes them too).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@json('{\"naïve\": 1}').naïve", 1, id="latin-letter"),
        pytest.param("@json('{\"Größe\": 2}')?.Größe", 2, id="sharp-s-safe"),
        pytest.param("@json('{\"日本\": 3}').日本", 3, id="cjk"),
        pytest.param("@json('{\"ñ٣_\": 4}').ñ٣_", 4, id="arabic-indic-digit-after-a-letter"),
        pytest.param("@json('{\"_x\": 5}')._x", 5, id="underscore-first"),
    ],
)
def test_unicode_property_names_after_a_dot(text, expected):
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "character"),
    [
        # The designer would read these as one name, IllogicApps would not; neither's tests
        # pin such a name, so the mock keeps refusing them.
        pytest.param("@json('{}').Content-Type", "-", id="hyphen"),
        pytest.param("@json('{}').a$b", "$", id="dollar"),
        # Char.IsLetterOrDigit is false for a superscript digit (No) and a combining mark
        # (Mn), and for each half of a character beyond U+FFFF.
        pytest.param("@json('{}').a²", "²", id="superscript-digit"),
        pytest.param("@json('{}').nai\u0308ve", "\u0308", id="combining-mark"),
        pytest.param("@json('{}').a\U00010400", "\U00010400", id="beyond-the-bmp"),
        # Nor are these white space: Python's str.isspace takes U+001C..U+001F, .NET's
        # Char.IsWhiteSpace does not; nor a zero-width space.
        pytest.param("@add(1,\u001c2)", "\u001c", id="file-separator-is-no-white-space"),
        pytest.param("@\u200badd(1, 2)", "\u200b", id="zero-width-space-is-no-white-space"),
    ],
)
def test_other_characters_end_a_name_and_are_no_white_space(text, character):
    check_error(text, f"unexpected character {character!r}")


#: Numbers: a sign may be followed by a fraction without integral digits (ScoreUnder/IllogicApps
#: BasicLanguageTests.fs NumericDoubleParsingTest '@+.5'; Azure/LogicAppsUX scanner.ts
#: ``_processAndGetTokenForNumber`` takes the sign, no digits, then '.5'), and the exponent's
#: 'e' may be upper case (IllogicApps' Lexer.fs ``lexNumber`` matches 'e' | 'E'; the designer
#: compares it with ``equals``, case-insensitive by default: libs/logic-apps-shared/src/utils/
#: src/lib/helpers/functions.ts).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@+.5", 0.5, id="plus-dot"),
        pytest.param("@-.5", -0.5, id="minus-dot"),
        pytest.param("@{+.5}", "0.5", id="plus-dot-interpolated"),
        pytest.param("@add(-.5, 1)", 0.5, id="minus-dot-argument"),
        pytest.param("@1E5", 100000.0, id="upper-case-exponent"),
        pytest.param("@1.", 1.0, id="trailing-dot"),
    ],
)
def test_number_forms(text, expected):
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


#: No grouping parentheses: the designer's parser wants an Identifier where a value is expected
#: (Azure/LogicAppsUX libs/logic-apps-shared/src/parsers/lib/expression/parser.ts
#: ``_parseFunctionExpression``: UNRECOGNIZED_EXPRESSION), IllogicApps' reduces '( ... )' only
#: after an identifier (ScoreUnder/IllogicApps IllogicApps.Expression.Parsing/Parser.fs
#: ``collapseCall``; BasicLanguageTests.fs UnparseableTest "@()", "@{()}"). No number starts
#: with a bare '.': it is a Dot token (the designer's __test__/scanner.spec.ts "treats a
#: leading-dot number as a Dot token followed by an integer"; IllogicApps' Lexer.fs).
@pytest.mark.parametrize(
    ("text", "character", "position"),
    [
        pytest.param("@()", "(", 1, id="empty-parens"),
        pytest.param("@{()}", "(", 1, id="empty-parens-interpolated"),
        pytest.param("@(1)", "(", 1, id="grouped-number"),
        pytest.param("@('a')", "(", 1, id="grouped-string"),
        pytest.param("@add((1), 2)", "(", 5, id="grouped-argument"),
        pytest.param("@(json('{\"a\":1}'))['a']", "(", 1, id="grouped-call-then-index"),
        pytest.param("@{(true)}", "(", 1, id="grouped-constant-interpolated"),
        pytest.param("@.5", ".", 1, id="leading-dot-number"),
        pytest.param("@add(.5, 1)", ".", 5, id="leading-dot-argument"),
        pytest.param("@{.5}", ".", 1, id="leading-dot-interpolated"),
    ],
)
def test_no_grouping_parentheses_and_no_bare_dot_numbers(text, character, position):
    with pytest.raises(ExpressionError) as info:
        evaluate(text)
    assert info.value.message == (
        f"The template language expression is not valid: unexpected character {character!r}"
    )
    assert info.value.position == position
