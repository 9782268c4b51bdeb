"""DotLiquid's standard filters as the Liquid action renders them, table by table.

Expectations ported from dotliquid/dotliquid ``src/DotLiquid.Tests/StandardFilterTests.cs`` at
b6a7d99 (the test named in each comment), with C# (sentence-case) filter names as Logic Apps
registers them and the invariant culture where DotLiquid's tests set one (the mock's
assumption for the runtime's current culture); a C# ``null`` argument is ``content.missing``.
The other rows follow ``src/DotLiquid/StandardFilters.cs`` and ``Strainer.cs`` at b6a7d99 and
.NET's documented behaviour (cited where used).
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("liquid")

from liquid_support import LIQUID_ACTION

from reqres_mock.definitions.liquid.engine import render
from reqres_mock.definitions.liquid.filters import DOTLIQUID_FILTERS, FILTERS

GROUND = "{{ 'Ground control to Major Tom.' | "
ERROR_INT32 = "Liquid error: Value was either too large or too small for an Int32."


def rendered(template: str, content: Any = None) -> str:
    return render(template, {} if content is None else content, "map.liquid", LIQUID_ACTION)


def table(*rows: tuple[str, Any, str, str]) -> Any:
    """``pytest.param(template, content, expected, id=...)`` for each row."""
    return pytest.mark.parametrize(
        ("template", "content", "expected"),
        [
            pytest.param(template, content, expected, id=name)
            for template, content, expected, name in rows
        ],
    )


def test_every_standard_filter_is_implemented():
    """StandardFilters.cs's public static methods, all registered by their C# names."""
    assert set(FILTERS) == DOTLIQUID_FILTERS


@table(
    # TestTruncate
    ("{{ content.missing | Truncate }}", None, "", "null"),
    ("{{ '' | Truncate }}", None, "", "empty"),
    ("{{ '1234567890' | Truncate: 7 }}", None, "1234...", "cut"),
    ("{{ '1234567890' | Truncate: 20 }}", None, "1234567890", "short-enough"),
    ("{{ '1234567890' | Truncate: 0 }}", None, "...", "zero"),
    ("{{ '1234567890' | Truncate }}", None, "1234567890", "default-50"),
    ("{{ 'Hello' | Truncate: 4 }}", None, "H...", "hello"),
    (GROUND + "Truncate: 20 }}", None, "Ground control to...", "spec-20"),
    (GROUND + "Truncate: 25, ', and so on' }}", None, "Ground control, and so on", "spec-ellipsis"),
    (GROUND + "Truncate: 20, '' }}", None, "Ground control to Ma", "spec-no-ellipsis"),
    (GROUND + "Truncate: 0 }}", None, "...", "spec-zero"),
    (GROUND + "Truncate: 2147483648 }}", None, ERROR_INT32, "int32-overflow"),
    (GROUND + "Truncate: -1 }}", None, "...", "negative"),
    # Truncate(string input, int length = 50, string truncateString = "...")
    (
        "{{ 'x' | Truncate: 0, content.missing }}",
        None,
        "Liquid error: Object reference not set to an instance of an object.",
        "nil-ellipsis-is-a-null-reference",
    ),
    ("[{{ 'x' | Truncate: -1, content.missing }}]", None, "[]", "negative-nil-ellipsis"),
    ("{{ 'abc' | Truncate: content.missing }}", None, "...", "nil-length-is-zero"),
    ("{{ content.n | Truncate: 3, '' }}", {"n": 123456}, "123", "number-input-as-text"),
    ("{{ 'a😀b' | Truncate: 3, '' }}", None, "a😀", "utf16-units"),
    ("{{ 'ab😀' | Truncate: 3, '' | Size }}", None, "3", "cut-through-a-surrogate-pair"),
    ("{{ 'abcdef' | Truncate: '4' }}", None, "a...", "text-length-converted"),
    (
        "{{ 'abcdef' | Truncate: 'x' }}",
        None,
        "Liquid error: Input string was not in a correct format.",
        "unconvertible-length",
    ),
    (
        "{{ content.l | Truncate }}",
        {"l": [1]},
        "Liquid error: Object of type 'System.Collections"
        ".Generic.List`1[System.Object]' cannot be converted to type 'System.String'.",
        "list-input",
    ),
    (
        "{{ 'abc' | Truncate: 1, '', 3 }}",
        None,
        "Liquid error: Parameter count mismatch.",
        "too-many-arguments",
    ),
)
def test_truncate(template, content, expected):
    assert rendered(template, content) == expected


LONG = (
    "Two small (13&#8221; x 5.5&#8221; x 10&#8221; high) baskets fit inside one large basket "
    "(13&#8221; x 16&#8221; x 10.5&#8221; high) with cover."
)


@table(
    # TestTruncateWords
    ("{{ content.missing | TruncateWords }}", None, "", "null"),
    ("{{ '' | TruncateWords }}", None, "", "empty"),
    ("{{ 'one two three' | TruncateWords: 4 }}", None, "one two three", "fewer-words"),
    ("{{ 'one two three' | TruncateWords: 2 }}", None, "one two...", "cut"),
    ("{{ 'one two three' | TruncateWords }}", None, "one two three", "default-15"),
    (
        "{{ content.s | TruncateWords: 15 }}",
        {"s": LONG},
        LONG[: LONG.index(" x 16")] + "...",
        "fifteen",
    ),
    (GROUND + "TruncateWords: 3 }}", None, "Ground control to...", "spec"),
    (GROUND + "TruncateWords: 3, '--' }}", None, "Ground control to--", "spec-ellipsis"),
    (GROUND + "TruncateWords: 3, '' }}", None, "Ground control to", "spec-no-ellipsis"),
    (GROUND + "TruncateWords: 0 }}", None, "...", "zero"),
    (GROUND + "TruncateWords: -1 }}", None, "...", "negative"),
    (GROUND + "TruncateWords: 2147483648 }}", None, ERROR_INT32, "int32-overflow"),
    # input.Split(' '): only the space separates, and two make an empty word
    ("{{ 'a  b c' | TruncateWords: 2 }}", None, "a ...", "split-on-each-space"),
    ("{{ 'a\tb c' | TruncateWords: 1 }}", None, "a\tb...", "tab-is-not-a-separator"),
    (
        "{{ 'a b c' | TruncateWords: 1, content.missing }}",
        None,
        "a",
        "nil-ellipsis-appends-nothing",
    ),
)
def test_truncate_words(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestEscape
    ("[{{ content.missing | Escape }}]", None, "[]", "null"),
    ("[{{ '' | Escape }}]", None, "[]", "empty"),
    ("{{ '<strong>' | Escape }}", None, "&lt;strong&gt;", "escape"),
    ("{{ '<strong>' | H }}", None, "&lt;strong&gt;", "h"),
    # WebUtility.HtmlEncode (dotnet/runtime src/libraries/System.Runtime.Extensions/src/System/
    # Net/WebUtility.cs): ' as &#39;, U+00A0..U+00FF and beyond U+FFFF as decimal references
    # (Mono's own WebUtility also encodes U+0100 and up)
    (
        "{{ content.s | Escape }}",
        {"s": "a&b \"c\" 'd'"},
        "a&amp;b &quot;c&quot; &#39;d&#39;",
        "quotes-and-ampersand",
    ),
    (
        "{{ content.s | Escape }}",
        {"s": "café\u00a0€ ÿĀ"},
        "caf&#233;&#160;€ &#255;Ā",
        "latin-1-range-only",
    ),
    ("{{ content.s | Escape }}", {"s": "😀"}, "&#128512;", "astral-character"),
    ("{{ content.b | Escape }}", {"b": True}, "True", "boolean-as-dotnet-text"),
)
def test_escape(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestUrlencode
    (
        "{{ 'http://dotliquidmarkup.org/' | UrlEncode }}",
        None,
        "http%3A%2F%2Fdotliquidmarkup.org%2F",
        "url",
    ),
    ("{{ 'Tetsuro Takara' | UrlEncode }}", None, "Tetsuro+Takara", "space-is-plus"),
    ("{{ 'john@liquid.com' | UrlEncode }}", None, "john%40liquid.com", "at"),
    ("[{{ content.missing | UrlEncode }}]", None, "[]", "null"),
    # WebUtility.UrlEncode: -_.!*() stay, UTF-8 bytes in upper-case hex
    (
        "{{ content.s | UrlEncode }}",
        {"s": "a-_.!*()~'+é😀"},
        "a-_.!*()%7E%27%2B%C3%A9%F0%9F%98%80",
        "safe-characters-and-utf8",
    ),
    # TestUrldecode
    ("{{ '%27Stop%21%27+said+Fred' | UrlDecode }}", None, "'Stop!' said Fred", "decode"),
    ("[{{ content.missing | UrlDecode }}]", None, "[]", "decode-null"),
    # WebUtility.UrlDecode: a % without two hex digits stays; bad UTF-8 is U+FFFD
    (
        "{{ content.s | UrlDecode }}",
        {"s": "%c3%a9%2%zz%"},
        "é%2%zz%",
        "lower-hex-and-stray-percent",
    ),
    ("{{ content.s | UrlDecode }}", {"s": "%FFé%C3"}, "\ufffdé\ufffd", "invalid-utf8"),
)
def test_url_encode_and_decode(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestStripHtml
    ("{{ '<div>test</div>' | StripHtml }}", None, "test", "tags"),
    ("{{ content.s | StripHtml }}", {"s": "<div id='test'>test</div>"}, "test", "attributes"),
    ("[{{ content.missing | StripHtml }}]", None, "[]", "null"),
    # Regex "<.*?>": '.' does not cross a line break, so a tag split over lines stays
    ("{{ content.s | StripHtml }}", {"s": "a<b\n>c<i>d"}, "a<b\n>cd", "no-line-break-in-a-tag"),
    # TestStripWindowsNewlines, TestStripUnixNewlines
    ("{{ content.s | StripNewlines }}", {"s": "a\r\nb\r\nc"}, "abc", "windows"),
    ("{{ content.s | StripNewlines }}", {"s": "a\r\n\r\n\r\nb"}, "ab", "windows-runs"),
    ("{{ content.s | StripNewlines }}", {"s": "a\nb\nc"}, "abc", "unix"),
    ("{{ content.s | StripNewlines }}", {"s": "a\n\n\nb"}, "ab", "unix-runs"),
    ("{{ content.s | StripNewlines }}", {"s": "a\rb"}, "a\rb", "lone-carriage-return-stays"),
    # TestWindowsNewlinesToBr, TestUnixNewlinesToBr
    (
        "{{ content.s | NewlineToBr }}",
        {"s": "a\r\nb\r\nc"},
        "a<br />\r\nb<br />\r\nc",
        "br-windows",
    ),
    ("{{ content.s | NewlineToBr }}", {"s": "a\nb\nc"}, "a<br />\nb<br />\nc", "br-unix"),
    ("[{{ content.s | NewlineToBr }}]", {"s": " \n "}, "[ \n ]", "blank-input-as-it-is"),
)
def test_strip_html_and_newlines(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestRemove
    ("{{ 'a a a a' | RemoveFirst: 'a ' }}", None, "a a a", "remove-first"),
    # RemoveFirst is ReplaceFirst(input, string, ""): a .NET regular expression
    ("{{ 'a.b.c' | RemoveFirst: '.' }}", None, ".b.c", "pattern"),
    ("{{ 'a.b.c' | RemoveFirst: '\\.' }}", None, "ab.c", "escaped-pattern"),
    ("{{ 'abc' | RemoveFirst: '' }}", None, "abc", "empty-pattern"),
    # ReplaceFirst's MatchEvaluator returns the replacement as it is: no $1 substitution there,
    # where Replace (Regex.Replace with a replacement string) has it
    ("{{ 'abc' | ReplaceFirst: '(b)', '[$1]' }}", None, "a[$1]c", "replace-first-literal"),
    ("{{ 'abc' | Replace: '(b)', '[$1]' }}", None, "a[b]c", "replace-substitutes"),
    (
        "{{ 'abc' | RemoveFirst }}",
        None,
        "Liquid syntax error: Error - Filter 'RemoveFirst' does "
        "not have a default value for 'string' and no value was supplied",
        "missing-argument",
    ),
)
def test_remove_first(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestCapitalize
    ("[{{ content.missing | Capitalize }}]", None, "[]", "null"),
    ("[{{ '' | Capitalize }}]", None, "[]", "empty"),
    ("[{{ ' ' | Capitalize }}]", None, "[ ]", "blank"),
    ("{{ 'That is one sentence.' | Capitalize }}", None, "That Is One Sentence.", "sentence"),
    ("{{ 'title' | Capitalize }}", None, "Title", "title"),
    # the netstandard build (#if CORE): Regex.Replace(input, @"\b(\w)", ToUpper): the first
    # letter of each word, the rest as it is; \w is [\p{L}\p{Mn}\p{Nd}\p{Pc}]
    (
        "{{ content.s | Capitalize }}",
        {"s": "hELLO o'neil x-ray 1st snake_case"},
        "HELLO O'Neil X-Ray 1st Snake_case",
        "each-word-start-only",
    ),
    (
        "{{ content.s | Capitalize }}",
        {"s": "éa ßb \u0131c"},
        "Éa ßb \u0131c",
        "invariant-one-to-one",
    ),
)
def test_capitalize(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestRound
    ("{{ 1.234678 | Round: 3 }}", None, "1.235", "places"),
    ("{{ 1 | Round }}", None, "1", "integer"),
    ("[{{ '1.2345678' | Round: 'two' }}]", None, "[]", "bad-places-is-nil"),
    # Math.Round(decimal, int): half to even
    ("{{ 2.5 | Round }} {{ 3.5 | Round }} {{ -2.5 | Round }}", None, "2 4 -2", "half-to-even"),
    # a decimal zero has no sign when written (.NET Core's Number.Formatting)
    ("{{ -0.5 | Round }} {{ -0.5 | Round | Append: '' }}", None, "0 0", "negative-zero"),
    ("{{ 1.245 | Round: 2 }} {{ 1.235 | Round: 2 }}", None, "1.24 1.24", "half-to-even-places"),
    # Convert.ToDecimal: a double keeps 15 significant digits, text in the culture, nil is 0
    ("{{ content.f | Round: 16 }}", {"f": 0.1 + 0.2}, "0.3", "double-15-digits"),
    ("{{ content.f | Round: 1 }}", {"f": 2.25}, "2.2", "double-half-to-even"),
    ("{{ ' 2.5 ' | Round }} {{ '1,234.5' | Round }}", None, "2 1234", "text"),
    ("{{ '5-' | Round }}|{{ '(5)' | Round }}", None, "-5|", "text-trailing-sign"),
    ("{{ content.missing | Round }}", None, "0", "nil-is-zero"),
    ("{{ content.b | Round }}", {"b": True}, "1", "boolean"),
    ("[{{ content.l | Round }}]", {"l": [1]}, "[]", "list-is-nil"),
    ("[{{ content.f | Round }}]", {"f": 1e30}, "[]", "beyond-decimal-is-nil"),
    ("[{{ 1.5 | Round: 29 }}][{{ 1.5 | Round: -1 }}]", None, "[][]", "places-out-of-range"),
    ("{{ 1.5 | Round: 2.5 }}|{{ 1.55 | Round: '1' }}", None, "1.5|1.6", "places-converted"),
    # Math.Round never adds places: Decimal.ToString keeps the scale it has
    (
        "{{ 2.5 | Round: 3 | Append: '' }}|{{ 2.500 | Round: 1 | Append: '' }}",
        None,
        "2.5|2.5",
        "scale-kept",
    ),
)
def test_round(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestAbs
    ("{{ 'notNumber' | Abs }}", None, "0", "not-a-number"),
    ("{{ 10 | Abs }} {{ -5 | Abs }}", None, "10 5", "integers"),
    (
        "{{ content.a | Abs }} {{ content.b | Abs }}",
        {"a": 19.86, "b": -19.86},
        "19.86 19.86",
        "doubles",
    ),
    (
        "{{ '10' | Abs }} {{ '-5' | Abs }} {{ '30.60' | Abs }} {{ '30.60a' | Abs }}",
        None,
        "10 5 30.6 0",
        "text",
    ),
    (
        "{{ -17 | Abs }} {{ 17 | Abs }} {{ 4 | Abs }} {{ '-19.86' | Abs }}",
        None,
        "17 17 4 19.86",
        "templates",
    ),
    # Double.TryParse(input.ToString(), NumberStyles.Number): no exponent, signs either side
    ("{{ content.f | Abs }}", {"f": 1e20}, "0", "exponent-text-is-not-a-number"),
    ("{{ '5-' | Abs }} {{ '1,000' | Abs }} {{ '(5)' | Abs }}", None, "5 1000 0", "number-style"),
    (
        "{{ content.missing | Abs }}",
        None,
        "Liquid error: Object reference not set to an instance of an object.",
        "nil",
    ),
    ("{{ content.b | Abs }}", {"b": True}, "0", "boolean"),
)
def test_abs(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestAtLeast
    ("{{ 'notNumber' | AtLeast: 5 }}", None, "notNumber", "not-a-number"),
    (
        "{{ 5 | AtLeast: 5 }} {{ 3 | AtLeast: 5 }} {{ 6 | AtLeast: 5 }} {{ 10 | AtLeast: 5 }}",
        None,
        "5 5 6 10",
        "integers",
    ),
    (
        "{{ content.a | AtLeast: 5 }} {{ content.b | AtLeast: 5 }}",
        {"a": 9.85, "b": 3.56},
        "9.85 5",
        "doubles",
    ),
    (
        "{{ '10' | AtLeast: 5 }} {{ '4' | AtLeast: 5 }} {{ '10a' | AtLeast: 5 }} "
        "{{ '4b' | AtLeast: 5 }}",
        None,
        "10 5 10a 4b",
        "text",
    ),
    ("{{ 4 | AtLeast: 5 }} {{ 4 | AtLeast: 3 }}", None, "5 4", "templates"),
    # TestAtMost
    ("{{ 'notNumber' | AtMost: 5 }}", None, "notNumber", "at-most-not-a-number"),
    (
        "{{ 5 | AtMost: 5 }} {{ 3 | AtMost: 5 }} {{ 6 | AtMost: 5 }} {{ 10 | AtMost: 5 }}",
        None,
        "5 3 5 5",
        "at-most-integers",
    ),
    (
        "{{ content.a | AtMost: 5 }} {{ content.b | AtMost: 5 }}",
        {"a": 9.85, "b": 3.56},
        "5 3.56",
        "at-most-doubles",
    ),
    (
        "{{ '10' | AtMost: 5 }} {{ '4' | AtMost: 5 }} {{ '4a' | AtMost: 5 }} "
        "{{ '10b' | AtMost: 5 }}",
        None,
        "5 4 4a 10b",
        "at-most-text",
    ),
    ("{{ 4 | AtMost: 5 }} {{ 4 | AtMost: 3 }}", None, "4 3", "at-most-templates"),
    # the bound is required; both are read with ToString()
    (
        "{{ 4 | AtLeast }}",
        None,
        "Liquid syntax error: Error - Filter 'AtLeast' does not have a "
        "default value for 'atLeast' and no value was supplied",
        "missing-bound",
    ),
    (
        "{{ 4 | AtMost: content.missing }}",
        None,
        "Liquid error: Object reference not set to an instance of an object.",
        "nil-bound",
    ),
    ("{{ 4 | AtLeast: 'x' }}", None, "4", "bound-not-a-number"),
    # the result is a double: 2 | AtLeast: 1 | Plus: 0.5 computes in decimal
    ("{{ 2 | AtLeast: 1 | Plus: 0.5 }}", None, "2.5", "double-result"),
)
def test_at_least_and_at_most(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestAmericanCurrencyFromString (en-US named: the mock's current culture is invariant)
    ("{{ '6.72' | Currency: 'en-US' }}", None, "$6.72", "en-US-6.72"),
    ("{{ '6000' | Currency: 'en-US' }}", None, "$6,000.00", "en-US-6000"),
    ("{{ '6000000' | Currency: 'en-US' }}", None, "$6,000,000.00", "en-US-6000000"),
    ("{{ '6000.4' | Currency: 'en-US' }}", None, "$6,000.40", "en-US-6000.4"),
    ("{{ '6000000.4' | Currency: 'en-US' }}", None, "$6,000,000.40", "en-US-6000000.4"),
    ("{{ '6.8458' | Currency: 'en-US' }}", None, "$6.85", "en-US-6.8458"),
    # TestCurrencyFromDoubleInput
    ("{{ content.f | Currency: 'en-US' }}", {"f": 6.8458}, "$6.85", "double-en-US"),
    # the same under the invariant culture, the current one in the mock
    ("{{ '6.72' | Currency }}", None, "¤6.72", "invariant"),
    ("{{ content.n | Currency }}", {"n": 6000000}, "¤6,000,000.00", "invariant-integer"),
    ("{{ '7000' | Currency: ' ' }}", None, "¤7,000.00", "blank-culture-is-current"),
    # decimal.ToString("C"): away from zero at the midpoint; invariant negative pattern ($n)
    ("{{ 0.125 | Currency }} {{ 0.135 | Currency }}", None, "¤0.13 ¤0.14", "midpoint"),
    ("{{ -1234.5 | Currency }}|{{ '-0.001' | Currency }}", None, "(¤1,234.50)|¤0.00", "negative"),
    ("{{ '5-' | Currency }}", None, "(¤5.00)", "trailing-sign"),
    # decimal.TryParse(input.ToString()) fails: the text as it is
    ("{{ 'teststring' | Currency: 'de-DE' }}", None, "teststring", "malformed"),
    ("{{ content.f | Currency }}", {"f": 1e20}, "1E+20", "exponent-is-not-a-decimal"),
    ("{{ content.b | Currency }}", {"b": True}, "True", "boolean"),
    (
        "{{ content.l | Currency }}",
        {"l": [1]},
        "System.Collections.Generic.List`1[System.Object]",
        "list",
    ),
    (
        "{{ content.missing | Currency }}",
        None,
        "Liquid error: Object reference not set to an instance of an object.",
        "nil-input",
    ),
)
def test_currency(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestEuroCurrencyFromString (.NET's pattern "n $" has a plain space)
    ("{{ '6.72' | Currency: 'de-DE' }}", None, "6,72 €", "de-DE-6.72"),
    ("{{ '6000' | Currency: 'de-DE' }}", None, "6.000,00 €", "de-DE-6000"),
    ("{{ '6000000.4' | Currency: 'de-DE' }}", None, "6.000.000,40 €", "de-DE-6000000.4"),
    ("{{ '6.8458' | Currency: 'de-DE' }}", None, "6,85 €", "de-DE-6.8458"),
    # TestCurrencyWithinTemplateRender, TestCurrencyFromDoubleInput
    ("{{ content.n | Currency: 'de-DE' }}", {"n": 7000}, "7.000,00 €", "de-DE-integer"),
    ("{{ content.f | Currency: 'de-DE' }}", {"f": 6000000.78}, "6.000.000,78 €", "de-DE-double"),
    ("{{ content.f | Currency: 'en-CA' }}", {"f": 6.72}, "$6.72", "en-CA"),
    (
        "{{ 1 | Currency: 'xx-nope' }}",
        None,
        "Liquid error: Culture is not supported. (Parameter "
        "'name')\nxx-nope is an invalid culture identifier.",
        "unknown-culture",
    ),
)
def test_currency_in_a_named_culture(template, content, expected):
    pytest.importorskip("babel")
    assert rendered(template, content) == expected


CATEGORIES = {
    "site": {
        "pages": [
            {"title": "Shopify", "category": "business"},
            {"title": "Rihanna", "category": "celebrities"},
            {"title": "foo", "category": None},
            {"title": "World traveler", "category": "lifestyle"},
            {"title": "Soccer", "category": "sports"},
            {"title": "foo", "category": None},
            {"title": "Liquid", "category": "technology"},
        ]
    }
}
CARRIERS = {
    "content": {
        "carrierSettings": [
            {"numberOfPiecesPerPackage": 10, "test": "test"},
            {"numberOfPiecesPerPackage": 12, "test": "test1"},
        ]
    }
}


@table(
    # TestMap
    ("{{ content.l | Map: 'a' | Size }}", {"l": []}, "0", "empty"),
    (
        "{{ content.l | Map: 'a' }}",
        {"l": [{"a": 1}, {"a": 2}, {"a": 3}, {"a": 4}]},
        "1234",
        "objects",
    ),
    (
        "{{ content.ary | Map: 'foo' | Map: 'bar' }}",
        {"ary": [{"foo": {"bar": "a"}}, {"foo": {"bar": "b"}}, {"foo": {"bar": "c"}}]},
        "abc",
        "twice",
    ),
    ("[{{ content.missing | Map: 'a' }}]", None, "[]", "null"),
    ("{{ content.l | Map: 'a' | Size }}", {"l": [None]}, "1", "null-item"),
    # DotLiquid's own row maps anonymous objects, which return themselves without the property;
    # a JSON object is a Hash: when the first lacks it, every item is nil
    (
        "{{ content.l | Map: 'b' | Compact | Size }}",
        {"l": [{"a": 1}, {"b": 2}]},
        "0",
        "first-lacks-the-property",
    ),
    ("{{ content.l | Map: 'b' | Join: ',' }}", {"l": [{"b": 1}, {"a": 2}]}, "1,", "later-lacks-it"),
    ("{{ content.l | Map: 'a' | Compact | Size }}", {"l": [{"a": 1}, 5]}, "0", "not-all-objects"),
    # TestMapSpecificationSample
    (
        "{% assign all = content.site.pages | Map: 'category' %}{% for item in all %}- {{ item }}\n"
        "{% endfor %}",
        CATEGORIES,
        "- business\n- celebrities\n- \n- lifestyle\n- sports\n- \n- technology\n",
        "specification-sample",
    ),
    # TestMapShipmentPackage, TestMapJoin
    (
        "{% assign t = content.content.carrierSettings | Map: 'numberOfPiecesPerPackage' %}{{ t }}",
        CARRIERS,
        "1012",
        "shipment-package",
    ),
    (
        "{% assign t = content.content.carrierSettings | Map: 'numberOfPiecesPerPackage' | "
        "Join: ', ' %}{{ t }}",
        CARRIERS,
        "10, 12",
        "join",
    ),
    # Map(IEnumerable input, string property): text is its characters, a number no enumerable
    ("{{ 'abc' | Map: 'a' | Size }}", None, "3", "text-characters"),
    (
        "{{ content.n | Map: 'a' }}",
        {"n": 5},
        "Liquid error: Invalid cast from 'System.Int64' to 'System.Collections.IEnumerable'.",
        "number",
    ),
    ("{{ content.o | Map: 'a' | Size }}", {"o": {"a": 1, "b": 2}}, "2", "object-pairs"),
    (
        "{{ content.l | Map: content.missing }}",
        {"l": [{"a": 1}]},
        "Liquid error: Value cannot be null. (Parameter 'key')",
        "nil-property",
    ),
    (
        "{{ content.l | Map }}",
        {"l": []},
        "Liquid syntax error: Error - Filter 'Map' does not "
        "have a default value for 'property' and no value was supplied",
        "missing-property",
    ),
)
def test_map(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestFirstLast
    ("[{{ content.missing | First }}][{{ content.missing | Last }}]", None, "[][]", "null"),
    ("{{ content.l | First }}{{ content.l | Last }}", {"l": [1, 2, 3]}, "13", "list"),
    ("[{{ content.l | First }}][{{ content.l | Last }}]", {"l": []}, "[][]", "empty"),
    ("{{ 'Ground control to Major Tom.' | Last }}", None, ".", "text-last"),
    ("{{ 'Ground control to Major Tom.' | Split: ' ' | Last }}", None, "Tom.", "split-last"),
    ("{{ 'Ground control to Major Tom.' | First }}", None, "G", "text-first"),
    ("{{ 'Ground control to Major Tom.' | Split: ' ' | First }}", None, "Ground", "split-first"),
    # First(IEnumerable): an object's first key-value pair; a number is no enumerable
    (
        "{{ content.o | First }} {{ content.o | Last }}",
        {"o": {"a": 1, "b": 2}},
        "[a, 1] [b, 2]",
        "object-pairs",
    ),
    (
        "{{ content.n | First }}",
        {"n": 5},
        "Liquid error: Invalid cast from 'System.Int64' to 'System.Collections.IEnumerable'.",
        "number",
    ),
    # TestJoin
    ("[{{ content.missing | Join }}]", None, "[]", "join-null"),
    ("[{{ '' | Join }}]", None, "[]", "join-empty"),
    ("{{ content.l | Join }}", {"l": [1, 2, 3, 4]}, "1 2 3 4", "join-default-glue"),
    ("{{ content.l | Join: ' - ' }}", {"l": [1, 2, 3, 4]}, "1 - 2 - 3 - 4", "join-glue"),
    (
        "{% assign beatles = 'John, Paul, George, Ringo' | Split: ', ' %}"
        "{{ beatles | Join: ' and ' }}",
        None,
        "John and Paul and George and Ringo",
        "join-specification-sample",
    ),
    # Join(IEnumerable): text joins its characters, an object its pairs, a boolean is True
    (
        "{{ 'abc' | Join: '-' }}|{{ content.o | Join: ',' }}|{{ content.l | Join: ',' }}",
        {"o": {"a": 1, "b": None}, "l": [True, None, 1.5]},
        "a-b-c|[a, 1],[b, ]|True,,1.5",
        "join-enumerables",
    ),
)
def test_first_last_and_join(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # TestUniq
    (
        "{{ content.l | Uniq | Join: ',' }}",
        {"l": ["ants", "bugs", "bees", "bugs", "ants"]},
        "ants,bugs,bees",
        "strings",
    ),
    ("{{ content.l | Uniq | Size }}", {"l": []}, "0", "empty"),
    ("[{{ content.missing | Uniq }}]", None, "[]", "null"),
    ("{{ 5 | Uniq | Size }}{{ 5 | Uniq }}", None, "15", "not-a-list"),
    # Distinct(): Object.Equals, so values of different types stay apart
    (
        "{{ content.l | Uniq | Join: ',' }}",
        {"l": [1, 1.0, "1", True, 1, None, None]},
        "1,1,1,True,",
        "types-apart",
    ),
    # Flatten: nested lists, text into characters, objects into key-value pairs
    ("{{ content.l | Uniq | Join: ',' }}", {"l": [[1, [2, 1]], 2, "ab"]}, "1,2,ab", "nested"),
    ("{{ 'hello' | Uniq }}", None, "helo", "text-characters"),
    (
        "{{ content.l | Uniq | Join: ' ' }}",
        {"l": [{"a": 1}, {"a": 1, "b": None}]},
        "[a, 1] [b, ]",
        "objects-become-pairs",
    ),
    # TestCompact
    (
        "{{ content.l | Compact | Join: ',' }}",
        {
            "l": [
                "business",
                None,
                "celebrities",
                None,
                None,
                "lifestyle",
                "sports",
                None,
                "technology",
                None,
            ]
        },
        "business,celebrities,lifestyle,sports,technology",
        "compact",
    ),
    (
        "{{ content.l | Compact | Join: ',' }}",
        {"l": ["business", "celebrities"]},
        "business,celebrities",
        "nothing-to-remove",
    ),
    ("{{ 5 | Compact | Size }}", None, "1", "compact-not-a-list"),
    ("{{ content.l | Compact | Size }}", {"l": []}, "0", "compact-empty"),
    ("[{{ content.missing | Compact }}]", None, "[]", "compact-null"),
    (
        "{% assign c = content.site.pages | Map: 'category' | Compact %}{% for category in c %}"
        "- {{ category }}\n{% endfor %}",
        CATEGORIES,
        "- business\n- celebrities\n- lifestyle\n- sports\n- technology\n",
        "compact-after-map",
    ),
    ("{{ content.l | Compact | Size }}", {"l": [[None, 1], {"a": None}]}, "2", "compact-flattens"),
    # a pair is [key, value]; .Key/[0] and .Value/[1] read it (Context.Variable)
    (
        "{% assign p = content.o | Uniq | First %}{{ p }} {{ p.Key }}={{ p[1] }} {{ p.Value }}"
        "{{ p['0'] }}",
        {"o": {"k": "v"}},
        "[k, v] k=v vk",
        "pair",
    ),
)
def test_uniq_and_compact(template, content, expected):
    assert rendered(template, content) == expected


@table(
    # Tags/For.cs BuildContext, ported from src/DotLiquid.Tests/Tags/StandardTagTests.cs
    # TestForWithNestedDictionary
    (
        "{% for item in content.People %}{{ item.First }}{% endfor %}",
        {"People": {"ID1": {"First": "Jane", "Last": "Green"}, "ID2": {"First": "Mike"}}},
        "JaneMike",
        "nested-dictionary",
    ),
    # the key is written into the value as itemName, and stays there
    (
        "{% for e in content.o %}{{ e.itemName }}:{{ e.v }},{% endfor %}{{ content.o.b.itemName }}",
        {"o": {"a": {"v": 1}, "b": {"v": 2}}},
        "a:1,b:2,b",
        "item-name",
    ),
    (
        "{% for e in content.o %}{{ e.x.itemName }}{% endfor %}",
        {"o": {"a": {"x": {"y": 1}}}},
        "x",
        "nested-item-name",
    ),
    # a value that is not an object does not set the variable: it keeps what it had
    (
        "{% for e in content.o %}[{{ e.v }}]{% endfor %}",
        {"o": {"a": 1, "b": {"v": 2}, "c": "x", "d": [3]}},
        "[][2][2][2]",
        "scalar-values",
    ),
    (
        "{% assign e = 'outer' %}{% for e in content.o %}{{ e }}{% endfor %}",
        {"o": {"a": 1, "b": 2}},
        "outerouter",
        "outer-variable",
    ),
    (
        "{% for e in content.o %}{{ e.Key }}{{ e[0] }}|{% endfor %}",
        {"o": {"a": {"v": 1}}},
        "|",
        "no-pair-members",
    ),
    # forloop, limit, offset, reversed, break, continue as for any loop
    (
        "{% for e in content.o reversed offset: 1 %}{{ forloop.index }}/{{ forloop.length }}"
        "{{ e.itemName }} {% endfor %}",
        {"o": {"a": {}, "b": {}, "c": {}}},
        "1/2c 2/2b ",
        "forloop",
    ),
    (
        "{% for e in content.o %}{% if e.itemName == 'b' %}{% break %}{% endif %}{{ e.itemName }}"
        "{% endfor %}",
        {"o": {"a": {}, "b": {}, "c": {}}},
        "a",
        "break",
    ),
    ("[{% for e in content.o %}x{% endfor %}]", {"o": {}}, "[]", "empty-object"),
    # pairs in a list go the same way
    (
        "{% assign u = content.l | Uniq %}{% for p in u %}{{ p.itemName }}{{ forloop.index }}"
        "{% endfor %}",
        {"l": [{"a": 1, "b": {"c": 2}}]},
        "1b2",
        "pairs-in-a-list",
    ),
)
def test_for_over_an_object(template, content, expected):
    assert rendered(template, content) == expected


def syntax_error(name: str, parameter: str) -> str:
    return (
        f"Liquid syntax error: Error - Filter '{name}' does not have a default value for "
        f"'{parameter}' and no value was supplied"
    )


@table(
    # Strainer.Invoke: a parameter without a C# default and no argument for it is a
    # SyntaxException (resource StrainerFilterHasNoValueException), for every filter
    ("{{ 'a' | Append }}", None, syntax_error("Append", "string"), "append"),
    ("{{ 'a b' | Split }}", None, syntax_error("Split", "pattern"), "split"),
    ("{{ 5 | Plus }}", None, syntax_error("Plus", "operand"), "plus"),
    ("{{ 'x' | Default }}", None, syntax_error("Default", "defaultValue"), "default"),
    ("{{ 'abc' | Slice }}", None, syntax_error("Slice", "start"), "slice"),
    ("{{ '2024-01-02' | Date }}", None, syntax_error("Date", "format"), "date"),
    ("{{ 'a' | Replace: 'a' }}", None, "", "replace-has-a-default-replacement"),
    ("{{ content.l | Join }}", {"l": [1, 2]}, "1 2", "join-has-a-default-glue"),
    # one argument too many: MethodInfo.Invoke's TargetParameterCountException
    ("{{ 'a' | Upcase: 1 }}", None, "Liquid error: Parameter count mismatch.", "upcase"),
    (
        "{{ 'a' | Replace: 'a', 'b', 1 }}",
        None,
        "Liquid error: Parameter count mismatch.",
        "replace",
    ),
    # an unknown name hands its input on, whatever the arguments (Context.Invoke)
    ("{{ 'a' | NoSuchFilter }}", None, "a", "unknown-filter"),
)
def test_strainer_argument_rules(template, content, expected):
    assert rendered(template, content) == expected


def test_a_double_converts_to_decimal_with_15_significant_digits():
    """Convert.ToDecimal(double): "a maximum of 15 significant digits", so DoMathsOperation
    adds 0.30000000000000004 and 1 as 0.3 and 1."""
    assert rendered("{{ content.f | Plus: 1.0 }}", {"f": 0.1 + 0.2}) == "1.3"
