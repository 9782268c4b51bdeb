"""String functions: value in, value out, error out (IllogicApps StringFunctionsTests.fs and
the Microsoft reference's examples)."""

from __future__ import annotations

import pytest
from language_support import check, check_error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@concat('Hello', 'World')", "HelloWorld", id="concat-reference"),
        pytest.param("@concat('a', 1, true, null, 1.5)", "a1True1.5", id="concat-mixed"),
        pytest.param("@replace('xxxxx','x','y')", "yyyyy", id="replace-all"),
        pytest.param("@replace('xxxxx','x','')", "", id="replace-with-empty"),
        pytest.param("@replace('abcdef','.','z')", "abcdef", id="replace-not-regex"),
        pytest.param("@slice('abcdef',0,99)", "abcdef", id="slice-end-past"),
        pytest.param("@slice('abcdef',39,10)", "", id="slice-both-past"),
        pytest.param("@slice('abcdef',-3,-1)", "de", id="slice-from-end"),
        pytest.param("@slice('abcdef',-33)", "abcdef", id="slice-start-before"),
        pytest.param("@slice('Hello World', 2, 5)", "llo", id="slice-reference"),
        pytest.param("@split('abc,def,',',')", ["abc", "def", ""], id="split-trailing"),
        pytest.param("@split(',,,,',',')", ["", "", "", "", ""], id="split-all-empty"),
        pytest.param("@split('abcSPdefSPghi','SP')", ["abc", "def", "ghi"], id="split-on-text"),
        pytest.param("@split('abc,def','')", ["abc,def"], id="split-on-empty"),
        pytest.param("@split('','')", [""], id="split-empty-on-empty"),
        pytest.param("@substring('abcdef',3,1)", "d", id="substring"),
        pytest.param("@substring('abcdef',0)", "abcdef", id="substring-whole"),
        pytest.param("@toLower('ıIiİçÇğĞ')", "ıiiİççğğ", id="toLower-invariant-turkish"),  # noqa: RUF001
        pytest.param("@toUpper('ıIiİçÇğĞ')", "ıIIİÇÇĞĞ", id="toUpper-invariant-turkish"),  # noqa: RUF001
        pytest.param("@toUpper('straße')", "STRAßE", id="toUpper-sharp-s-stays"),
        pytest.param("@toLower('Ｚｅｎｋａｋｕ')", "ｚｅｎｋａｋｕ", id="toLower-fullwidth"),  # noqa: RUF001
        pytest.param("@trim('\u3000\u3000testing\u3000')", "testing", id="trim-ideographic-space"),
        pytest.param("@trim('\r\n\r  \t\rtesting\r \n\t\r')", "testing", id="trim-mixed"),
        pytest.param("@indexOf('hello world', 'WORLD')", 6, id="indexOf-case-insensitive"),
        pytest.param(
            "@lastIndexOf('hello world hello world', 'world')", 18, id="lastIndexOf-reference"
        ),
        pytest.param("@lastIndexOf('abc', '')", 2, id="lastIndexOf-empty-is-last-index"),
        pytest.param("@nthIndexOf('123456789123465789', '1', 2)", 9, id="nthIndexOf-reference"),
        pytest.param("@startsWith('hello', 'HE')", True, id="startsWith"),
        pytest.param("@endsWith('hello world', 'universe')", False, id="endsWith"),
        pytest.param("@formatNumber(1234567890, '#,##0.00', 'en-US')", "1,234,567,890.00"),
        pytest.param("@formatNumber(1234567890, '#,##0.00', 'is-IS')", "1.234.567.890,00"),
        pytest.param("@formatNumber(17.35, 'C2')", "$17.35", id="formatNumber-currency"),
        pytest.param("@formatNumber(17.35, 'C2', 'is-IS')", "17,35 kr.", id="formatNumber-is"),
        # .NET's custom numeric format strings, as Microsoft documents them:
        # https://learn.microsoft.com/dotnet/standard/base-types/custom-numeric-format-strings
        pytest.param("@formatNumber(2.5, '0')", "3", id="formatNumber-half-away-from-zero"),
        # Standard formats round a double half to even, custom ones half away from zero:
        # measured in the cloud (tomdam/flowforger packages/engine/src/expr/dotnet-number.ts),
        # .NET Core 2.1+'s MidpointRounding.ToEven for standard formats (the docs' "Standard
        # numeric format strings"). Replaces the earlier "0.13", a reading of the custom
        # format documentation.
        pytest.param("@formatNumber(0.125, 'N2')", "0.12", id="formatNumber-N-rounding"),
        pytest.param("@formatNumber(2.5, 'F0')", "2", id="formatNumber-F-half-even"),
        pytest.param("@formatNumber(3.5, 'F0')", "4", id="formatNumber-F-half-even-up"),
        pytest.param("@formatNumber(-2.5, 'N0')", "-2", id="formatNumber-N-negative-half-even"),
        pytest.param("@formatNumber(2.5, 'C0')", "$2", id="formatNumber-C-half-even"),
        pytest.param("@formatNumber(0.125, 'P1')", "12.5%", id="formatNumber-P-exact"),
        pytest.param("@formatNumber(0.125, 'P0')", "12%", id="formatNumber-P-half-even"),
        # P shifts the double's exact digits (0.005 is 0.005000000000000000104…), never
        # multiplying it (0.5, a tie): FlowForger's measured note
        pytest.param("@formatNumber(0.005, 'P0')", "1%", id="formatNumber-P-shifts-digits"),
        pytest.param("@formatNumber(12.345, 'N2')", "12.35", id="formatNumber-exact-above-tie"),
        pytest.param("@formatNumber(1.005, 'F2')", "1.00", id="formatNumber-exact-below-tie"),
        pytest.param("@formatNumber(0.125, '0.00')", "0.13", id="formatNumber-custom-half-away"),
        # a double's exact digits, however many (.NET Core 3.0+; this raised before)
        pytest.param(
            "@formatNumber(1e30, 'F0')", "1000000000000000019884624838656", id="formatNumber-big"
        ),
        pytest.param(
            "@formatNumber(decimal('2.5'), 'F0')", "3", id="formatNumber-decimal-half-away"
        ),
        pytest.param(
            "@formatNumber(-1234.5, '#,##0.00;(#,##0.00)')",
            "(1,234.50)",
            id="formatNumber-sections",
        ),
        pytest.param("@formatNumber(0, '0.0;-0.0;zero')", "zero", id="formatNumber-zero-section"),
        pytest.param("@formatNumber(0.256, '0.0%')", "25.6%", id="formatNumber-percent"),
        pytest.param("@formatNumber(1234567, '#,##0,K')", "1,235K", id="formatNumber-scaling"),
        pytest.param(
            "@formatNumber(1234.5, '#,##0.00 €', 'de-de')", "1.234,50 €", id="formatNumber-suffix"
        ),
    ],
)
def test_string_functions(text, expected):
    check(text, expected)


# .NET's G and R standard formats, with the examples of
# https://learn.microsoft.com/dotnet/standard/base-types/standard-numeric-format-strings
# ("General format specifier (G)", "Round-trip format specifier (R)"); and the sign of a
# negative double that rounds to zero, kept since .NET Core 3.0 and dropped for a decimal
# (dotnet/runtime#32458: (-0.1).ToString("0") is "-0", (-0.1M).ToString("0") is "0";
# dotnet/runtime#59570: (-0.0305441935).ToString("f1") is "-0.0").
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@formatNumber(12345.6789, 'G')", "12345.6789", id="G"),
        pytest.param("@formatNumber(12345.6789, 'G7')", "12345.68", id="G7"),
        pytest.param("@formatNumber(0.0023, 'G')", "0.0023", id="G-small"),
        pytest.param("@formatNumber(1234, 'G2')", "1.2E+03", id="G2-integer-scientific"),
        pytest.param("@formatNumber(1234, 'g2')", "1.2e+03", id="g2-lower-case"),
        pytest.param("@formatNumber(3.14159265358979, 'G5')", "3.1416", id="G5-pi"),
        pytest.param("@formatNumber(0.000012345, 'G3')", "1.23E-05", id="G3-below-e-5"),
        pytest.param("@formatNumber(-1234.5, 'G5', 'de-DE')", "-1234,5", id="G5-culture"),
        pytest.param("@formatNumber(decimal('1.10'), 'G')", "1.10", id="G-decimal-keeps-scale"),
        pytest.param("@formatNumber(1e20, 'G')", "1E+20", id="G-double-round-trip"),
        pytest.param("@formatNumber(0.1, 'R')", "0.1", id="R"),
        pytest.param("@formatNumber(-0.0305441935, 'F1')", "-0.0", id="F1-negative-to-zero"),
        pytest.param("@formatNumber(-0.1, '0')", "-0", id="custom-negative-to-zero"),
        pytest.param("@formatNumber(decimal('-0.1'), '0')", "0", id="custom-decimal-drops-sign"),
        pytest.param("@formatNumber(-0.001, 'N2')", "-0.00", id="N2-negative-to-zero"),
        pytest.param("@formatNumber(1234.5678, 'e2')", "1.23e+003", id="e2-lower-case"),
    ],
)
def test_format_number_general_round_trip_and_signs(text, expected):
    check(text, expected)


# .NET strings are UTF-16: a character beyond U+FFFF is two chars, and positions count them
# ("The Length property returns the number of Char objects in this instance, not the number
# of Unicode characters": https://learn.microsoft.com/dotnet/api/system.string.length). A cut
# through a pair leaves a lone half, which .NET writes in UTF-8 as U+FFFD.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@substring('a😀b', 1, 2)", "😀", id="substring-pair"),
        pytest.param("@substring('a😀b', 3)", "b", id="substring-after-pair"),
        # A cut through a pair leaves a lone half, a char of its own as in .NET (U+FFFD in
        # UTF-8); a lone half in the input stays as it was
        pytest.param("@substring('😀', 0, 1)", "\ud83d", id="substring-half-pair"),
        pytest.param("@base64(substring('😀', 0, 1))", "77+9", id="half-pair-in-utf8"),
        pytest.param(
            "@concat(substring('😀', 0, 1), substring('😀', 1))",
            "\ud83d\ude00",
            id="halves-joined",
        ),
        pytest.param(
            "@base64(concat(substring('😀', 0, 1), substring('😀', 1)))",
            "8J+YgA==",
            id="halves-joined-are-the-emoji-in-utf8",
        ),
        pytest.param(
            "@substring(concat('😀', json('\"\\ud83d\"')), 0, 2)",
            "😀",
            id="pair-before-lone-half",
        ),
        pytest.param(
            "@equals(substring(json('\"a\\ud83d\"'), 0, 2), json('\"a\\ud83d\"'))",
            True,
            id="lone-half-kept",
        ),
        pytest.param("@slice('😀abc', 2)", "abc", id="slice-after-pair"),
        pytest.param("@slice('😀abc', -5, -3)", "😀", id="slice-pair-from-end"),
        pytest.param("@indexOf('😀abc', 'B')", 3, id="indexOf-after-pair"),
        pytest.param("@lastIndexOf('😀b😀b', 'b')", 5, id="lastIndexOf-pairs"),
        pytest.param("@lastIndexOf('😀', '')", 1, id="lastIndexOf-empty-pair"),
        pytest.param("@nthIndexOf('😀b😀b', 'b', 2)", 5, id="nthIndexOf-pairs"),
        # Case folds one char to one char (ToLowerInvariant): U+0130 stays one position, where
        # Python's lower() makes it two.
        pytest.param("@indexOf('\u0130stanbul', 'STAN')", 1, id="indexOf-dotted-capital-i"),
        # Char.IsWhiteSpace: U+001C..U+001F are not white space in .NET (they are in Python)
        # https://learn.microsoft.com/dotnet/api/system.char.iswhitespace
        pytest.param("@trim('\u001ca\u00a0\u2029')", "\u001ca", id="trim-dotnet-white-space"),
        # A lone half from a JSON escape is one char; in UTF-8 it is U+FFFD (Encoding.UTF8:
        # https://learn.microsoft.com/dotnet/api/system.text.encoding.utf8)
        pytest.param("@length(json('\"\\ud83d\"'))", 1, id="length-lone-half"),
        pytest.param("@base64(json('\"\\ud83d\"'))", "77+9", id="base64-lone-half"),
        pytest.param(
            "@uriComponent(json('\"\\ud83d\"'))", "%EF%BF%BD", id="uriComponent-lone-half"
        ),
        pytest.param(
            "@base64(dataUriToBinary(concat('data:text/plain,a', json('\"\\ud83d\"'))))",
            "Ye+/vQ==",
            id="dataUriToBinary-lone-half",
        ),
    ],
)
def test_string_positions_count_utf16_code_units(text, expected):
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("@replace('xxxxx','','y')", "non-empty string to replace", id="replace-empty"),
        pytest.param("@substring('abcdef',0,99)", "out of range", id="substring-past-end"),
        # tomdam/flowforger packages/engine/src/expr/functions/strings.ts ("verified against the
        # cloud"): a start outside the string has a sentence of its own
        pytest.param(
            "@substring('abcdef',-3)",
            "'substring' parameter is out of range: 'start index' must be non-negative integer "
            "and should be less than the length of the string. Please see "
            "https://aka.ms/logicexpressions#substring for usage details.",
            id="substring-negative",
        ),
        pytest.param(
            "@substring('hello',9)",
            "'substring' parameter is out of range: 'start index'",
            id="substring-start-past-end",
        ),
        # "should be less than the length": a start at the end is out of range too
        pytest.param(
            "@substring('abc',3)",
            "'substring' parameter is out of range: 'start index'",
            id="substring-start-at-end",
        ),
        pytest.param(
            "@substring('',0,0)",
            "'substring' parameter is out of range: 'start index'",
            id="substring-of-empty-text",
        ),
        pytest.param(
            "@toLower(1)",
            "'toLower' expects its parameter to be a string. The provided value is of type "
            "'Integer'. Please see https://aka.ms/logicexpressions#toLower for usage details.",
            id="toLower-anchor-as-the-cloud-spells-it",
        ),
        pytest.param("@substring('a😀', 0, 4)", "out of range", id="substring-past-pair"),
        pytest.param(
            "@split('abc1def', 1)",
            "to be a string. The provided value is of type",
            id="split-number-separator",
        ),
        pytest.param(
            "@split('abcnulldef',null)",
            "to be a string. The provided value is of type",
            id="split-null-separator",
        ),
        pytest.param(
            "@toLower(binary('Testing'))",
            "to be a string. The provided value is of type",
            id="toLower-binary",
        ),
        pytest.param(
            "@trim(binary('  x  '))",
            "to be a string. The provided value is of type",
            id="trim-binary",
        ),
        pytest.param("@guid('Q')", "use N, D, B, P or X", id="guid-format"),
        # Int64.ToString("R") is a FormatException: R is for Single, Double and BigInteger
        pytest.param("@formatNumber(5, 'R')", "needs a floating-point number", id="R-integer"),
    ],
)
def test_string_function_errors(text, message):
    check_error(text, message)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # the first parameter is checked first, so two nulls name the first
        ("@split(null, null)", "'split' expects its first parameter to be of type string."),
        ("@replace(null, null, 'x')", "'replace' expects its first parameter 'string' to be"),
        ("@join(null, null)", "'join' expects its first parameter to be an array."),
        # "of type string": tomdam/flowforger packages/engine/src/expr/functions/strings.ts
        ("@slice(null, 'a')", "'slice' expects its first parameter to be of type string."),
        # an array's items are all the first parameter
        ("@min(createArray(1, 'a'))", "'min' expects its first parameter to be"),
        ("@max(1, 'a')", "'max' expects its second parameter to be"),
    ],
)
def test_the_first_wrong_parameter_is_the_one_named(text, fragment):
    check_error(text, fragment)
