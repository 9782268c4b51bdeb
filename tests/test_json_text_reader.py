"""The port of Newtonsoft.Json's ``JsonTextReader`` (reqres_mock.protocol.jsontext), token by
token, against the messages Newtonsoft's own tests expect.

Each row cites ``JamesNK/Newtonsoft.Json <path> <TestName>`` (tag 13.0.4); the reader is read
until it throws, as those tests do with ``while (reader.Read())``.
"""

from __future__ import annotations

import pytest

from reqres_mock.protocol.jsontext import (
    JsonTextReader,
    ReaderError,
    Token,
    utf16_units,
)

EXCEPTIONS = "Src/Newtonsoft.Json.Tests/JsonTextReaderTests/ExceptionHandlingTests.cs"
PARSE = "Src/Newtonsoft.Json.Tests/JsonTextReaderTests/ParseTests.cs"
MISC = "Src/Newtonsoft.Json.Tests/JsonTextReaderTests/MiscTests.cs"
READ = "Src/Newtonsoft.Json.Tests/JsonTextReaderTests/ReadTests.cs"

ESCAPED_PATH = """{
  "frameworks": {
    "dnxcore50": {
      "dependencies": {
        "System.Xml.ReaderWriter": {
          "source": !!! !!!
        }
      }
    }
  }
}"""


def _read_to_end(reader: JsonTextReader) -> None:
    while reader.read():
        pass


def _read_all(text: str, max_depth: int | None = 64) -> str:
    reader = JsonTextReader(text, max_depth=max_depth)
    with pytest.raises(ReaderError) as caught:
        _read_to_end(reader)
    return caught.value.message


@pytest.mark.parametrize(
    ("source", "text", "message"),
    [
        (
            f"{EXCEPTIONS} Read_MissingComma",
            "[0 1 2]",
            "After parsing a value an unexpected character was encountered: 1. Path '[0]', "
            "line 1, position 3.",
        ),
        (
            f"{EXCEPTIONS} UnexpectedEndAfterReadingN",
            "n",
            "Unexpected end when reading JSON. Path '', line 1, position 1.",
        ),
        (
            f"{EXCEPTIONS} UnexpectedEndAfterReadingNu",
            "nu",
            "Unexpected end when reading JSON. Path '', line 1, position 2.",
        ),
        (
            f"{EXCEPTIONS} UnexpectedEndAfterReadingNe",
            "ne",
            "Unexpected end when reading JSON. Path '', line 1, position 2.",
        ),
        (
            f"{EXCEPTIONS} UnexpectedEndOfHex",
            "'h\\u123",
            "Unexpected end while parsing Unicode escape sequence. Path '', line 1, position 4.",
        ),
        (
            f"{EXCEPTIONS} UnexpectedEndOfControlCharacter",
            "'h\\",
            "Unterminated string. Expected delimiter: '. Path '', line 1, position 3.",
        ),
        (
            f"{EXCEPTIONS} ReadInvalidNonBase10Number",
            "0aq2dun13.hod",
            "Unexpected character encountered while parsing number: q. Path '', line 1, "
            "position 2.",
        ),
        (
            f"{EXCEPTIONS} ThrowErrorWhenParsingUnquoteStringThatStartsWithNE",
            '{ "ItemName": "value", "u":netanelsalinger,"r":9 }',
            "Unexpected content while parsing JSON. Path 'u', line 1, position 29.",
        ),
        (
            f"{EXCEPTIONS} UnexpectedEndOfString",
            "'hi",
            "Unterminated string. Expected delimiter: '. Path '', line 1, position 3.",
        ),
        (
            f"{EXCEPTIONS} UnexpectedEndTokenWhenParsingOddEndToken",
            "{}}",
            "Additional text encountered after finished reading JSON content: }. Path '', "
            "line 1, position 2.",
        ),
        (
            f"{EXCEPTIONS} MatchWithInsufficentCharacters",
            "nul",
            "Unexpected end when reading JSON. Path '', line 1, position 3.",
        ),
        (
            f"{EXCEPTIONS} MatchWithWrongCharacters",
            "nulz",
            "Error parsing null value. Path '', line 1, position 3.",
        ),
        (
            f"{EXCEPTIONS} MatchWithNoTrailingSeparator",
            "nullz",
            "Error parsing null value. Path '', line 1, position 4.",
        ),
        (
            f"{EXCEPTIONS} UnclosedComment",
            "/* sdf",
            "Unexpected end while parsing comment. Path '', line 1, position 6.",
        ),
        (
            f"{EXCEPTIONS} BadCommentStart",
            "/sdf",
            "Error parsing comment. Expected: *, got s. Path '', line 1, position 1.",
        ),
        (
            f"{EXCEPTIONS} MissingColon",
            '{\n    "A" : true,\n    "B" "',
            "Invalid character after parsing property name. Expected ':' but got: \". "
            "Path 'A', line 3, position 8.",
        ),
        (
            f"{EXCEPTIONS} ParseConstructorWithBadCharacter",
            "new Date,()",
            "Unexpected character while parsing constructor: ,. Path '', line 1, position 8.",
        ),
        (
            f"{EXCEPTIONS} ParseConstructorWithUnexpectedEnd",
            "new Dat",
            "Unexpected end while parsing constructor. Path '', line 1, position 7.",
        ),
        (
            f"{EXCEPTIONS} ParseConstructorWithUnexpectedCharacter",
            "new Date !",
            "Unexpected character while parsing constructor: !. Path '', line 1, position 9.",
        ),
        (
            f"{EXCEPTIONS} ParseAdditionalContent_Comma",
            '[\n"Small",\n"Medium",\n"Large"\n],',
            "Additional text encountered after finished reading JSON content: ,. Path '', "
            "line 5, position 1.",
        ),
        (
            f"{EXCEPTIONS} ParseAdditionalContent_Text",
            '[\n"Small",\n"Medium",\n"Large"\n]content',
            "Additional text encountered after finished reading JSON content: c. Path '', "
            "line 5, position 1.",
        ),
        (
            f"{EXCEPTIONS} ParseAdditionalContent_WhitespaceThenText",
            "'hi' a",
            "Additional text encountered after finished reading JSON content: a. Path '', "
            "line 1, position 5.",
        ),
        (
            f"{EXCEPTIONS} ParseIncompleteCommentSeparator",
            "true/",
            "Error parsing boolean value. Path '', line 1, position 4.",
        ),
        (
            f"{EXCEPTIONS} ReadBadCharInArray",
            "[}",
            "Unexpected character encountered while parsing value: }. Path '', line 1, position 1.",
        ),
        (
            f"{EXCEPTIONS} ErrorReadingComment",
            "/",
            "Unexpected end while parsing comment. Path '', line 1, position 1.",
        ),
        (
            f"{EXCEPTIONS} EscapedPathInExceptionMessage",
            ESCAPED_PATH,
            "Unexpected character encountered while parsing value: !. Path "
            "'frameworks.dnxcore50.dependencies['System.Xml.ReaderWriter'].source', line 6, "
            "position 20.",
        ),
        (
            f"{EXCEPTIONS} UnexpectedEndWhenParsingUnquotedProperty",
            "{aww",
            "Unexpected end while parsing unquoted property name. Path '', line 1, position 4.",
        ),
        (
            f"{PARSE} ParseDoubles",
            "9999999999999999999999999999999999999999999999999999999999999999999999999999asdasdasd",
            "Unexpected character encountered while parsing number: s. Path '', line 1, "
            "position 77.",
        ),
        (
            f"{PARSE} ParseDoubles",
            "-",
            "Input string '-' is not a valid number. Path '', line 1, position 1.",
        ),
        (
            f"{PARSE} ParseDoubles",
            "5.1231231E",
            "Input string '5.1231231E' is not a valid number. Path '', line 1, position 10.",
        ),
        (
            f"{MISC} InvalidUnicodeSequence",
            "{'prop':'\\u123!'}",
            "Invalid Unicode escape sequence: \\u123!. Path 'prop', line 1, position 11.",
        ),
        (
            f"{READ} Read_Boolean_Failure",
            '{"Test1":false1}',
            "Error parsing boolean value. Path 'Test1', line 1, position 14.",
        ),
    ],
)
def test_the_readers_messages_are_newtonsofts(source, text, message):
    assert _read_all(text) == message, source


@pytest.mark.parametrize(
    ("text", "max_depth", "message"),
    [
        # ExceptionHandlingTests MaxDepth, MaxDepthDoesNotRecursivelyError
        (
            "[[]]",
            1,
            "The reader's MaxDepth of 1 has been exceeded. Path '[0]', line 1, position 2.",
        ),
        # the default since 13.0.1: the 65th nested container
        (
            "[" * 65,
            64,
            "The reader's MaxDepth of 64 has been exceeded. Path '" + "[0]" * 64 + "', line 1, "
            "position 65.",
        ),
    ],
)
def test_max_depth(text, max_depth, message):
    assert _read_all(text, max_depth) == message


def test_tokens_of_lenient_text():
    """ReadTests/ParseTests read these forms token by token (comments are tokens; a lone
    comma is an undefined element)."""
    reader = JsonTextReader("{a: [1, , 'x' /* c */], $b: 0x10}")
    tokens = []
    while reader.read():
        tokens.append((reader.token, reader.value))
    assert tokens == [
        (Token.START_OBJECT, None),
        (Token.PROPERTY_NAME, "a"),
        (Token.START_ARRAY, None),
        (Token.INTEGER, 1),
        (Token.UNDEFINED, None),
        (Token.STRING, "x"),
        (Token.COMMENT, " c "),
        (Token.END_ARRAY, None),
        (Token.PROPERTY_NAME, "$b"),
        (Token.INTEGER, 16),
        (Token.END_OBJECT, None),
    ]


def test_positions_count_utf16_units():
    """.NET counts a character beyond U+FFFF as two: LinePosition is in UTF-16 units."""
    assert utf16_units("a\U0001f600b") == "a\ud83d\ude00b"
    assert _read_all('["\U0001f600", x]') == (
        "Unexpected character encountered while parsing value: x. Path '[0]', line 1, position 7."
    )
