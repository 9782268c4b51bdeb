"""Newtonsoft.Json's ``JsonTextReader``, token by token, with its exact error messages.

A port of JamesNK/Newtonsoft.Json ``Src/Newtonsoft.Json/JsonTextReader.cs`` (``Read``,
``ParseValue``, ``ParseObject``, ``ParseProperty``, ``ParseUnquotedProperty``,
``ParsePostValue``, ``ParseComment``, ``ReadStringIntoBuffer``, ``ReadNumberIntoBuffer``,
``ParseReadNumber``, ``MatchValueWithTrailingSeparator``, ``ParseConstructor``) and of the
bookkeeping in ``JsonReader.cs`` (``SetToken``, ``Push``/``Pop`` with ``MaxDepth``, ``Depth``,
``Path``) and ``JsonPosition.cs`` (``BuildPath``, ``FormatMessage``), as of release 13.0.4
(the reader is unchanged since). Every ``JsonReaderException`` the reader throws is a
:class:`ReaderError` whose text is the exception's ``Message``: the sentence, then
"Path 'a.b[0]', line L, position P.".

The reader counts as .NET does: positions are UTF-16 code units (a character beyond U+FFFF
counts two), "position" is the number of units before the reader's place on its line, and the
line is 0 while the reader is still at the start of its text. The text is read as one buffer;
Newtonsoft's 1024-character buffer shifts keep positions relative to the line, so they change
nothing a caller sees, and what its ``_isEndOfFile`` flag decides (whether the reader has ever
looked past the end) is kept in :attr:`JsonTextReader.eof`.

Checked against Newtonsoft.Json 13.0.4 compiled from source and run under Mono on a corpus of
broken texts (truncations at every position, bad separators, escapes, literals, numbers,
comments, names, paths with odd property names, deep nesting).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = [
    "ARRAY",
    "CONSTRUCTOR",
    "DOTNET_WHITESPACE",
    "MAX_DEPTH",
    "OBJECT",
    "JsonTextReader",
    "ReaderError",
    "Scope",
    "Token",
    "build_path",
    "format_message",
    "is_letter_or_digit",
    "utf16_units",
]

#: .NET's ``Char.IsWhiteSpace`` (U+0009 to U+000D, U+0085 and the Unicode separators): what
#: ``String.Trim()`` removes and the reader skips, not the U+001C to U+001F that Python's
#: ``str.isspace``/``str.strip()`` also take.
#: https://learn.microsoft.com/dotnet/api/system.char.iswhitespace
DOTNET_WHITESPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_WHITESPACE = frozenset(DOTNET_WHITESPACE)
_NUMBER = frozenset({"Nd", "Nl", "No"})

#: ``JsonReader.MaxDepth``'s default since 13.0.1: the 65th nested container is refused.
MAX_DEPTH = 64


class Token:
    """``JsonToken``: the values and the names .NET writes for them."""

    NONE = 0
    START_OBJECT = 1
    START_ARRAY = 2
    START_CONSTRUCTOR = 3
    PROPERTY_NAME = 4
    COMMENT = 5
    INTEGER = 7
    FLOAT = 8
    STRING = 9
    BOOLEAN = 10
    NULL = 11
    UNDEFINED = 12
    END_OBJECT = 13
    END_ARRAY = 14
    END_CONSTRUCTOR = 15

    @staticmethod
    def name(token: int) -> str:
        """The token's name in .NET (``JsonToken.EndArray`` is "EndArray")."""
        return _TOKEN_NAMES[token]

    @staticmethod
    def is_start(token: int) -> bool:
        return Token.START_OBJECT <= token <= Token.START_CONSTRUCTOR

    @staticmethod
    def is_end(token: int) -> bool:
        return Token.END_OBJECT <= token <= Token.END_CONSTRUCTOR


_TOKEN_NAMES = {
    0: "None",
    1: "StartObject",
    2: "StartArray",
    3: "StartConstructor",
    4: "PropertyName",
    5: "Comment",
    7: "Integer",
    8: "Float",
    9: "String",
    10: "Boolean",
    11: "Null",
    12: "Undefined",
    13: "EndObject",
    14: "EndArray",
    15: "EndConstructor",
}

# JsonContainerType
_NO_CONTAINER = 0
OBJECT = 1
ARRAY = 2
CONSTRUCTOR = 3
_CONTAINER_NAMES = ("None", "Object", "Array", "Constructor")

# JsonReader.State
_START = 0
_PROPERTY = 2
_OBJECT_START = 3
_OBJECT = 4
_ARRAY_START = 5
_ARRAY = 6
_POST_VALUE = 8
_CONSTRUCTOR_START = 9
_CONSTRUCTOR = 10
_FINISHED = 12

_VALUE_STATES = frozenset(
    {_START, _PROPERTY, _ARRAY, _ARRAY_START, _CONSTRUCTOR, _CONSTRUCTOR_START}
)


class ReaderError(Exception):
    """A ``JsonReaderException`` (or, from a consumer, the exception it throws): :attr:`message`
    is its whole ``Message``; :attr:`too_deep` tells the ``MaxDepth`` one from the others."""

    def __init__(self, message: str, *, too_deep: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.too_deep = too_deep


class Scope:
    """``JsonPosition``: a container, its current index (arrays, constructors) or property name."""

    __slots__ = ("index", "kind", "name")

    def __init__(self, kind: int) -> None:
        self.kind = kind
        self.index = -1
        self.name: str | None = None

    @property
    def has_index(self) -> bool:
        return self.kind in (ARRAY, CONSTRUCTOR)


#: ``JsonPosition.SpecialCharacters``: a property name with one is written ``['…']``.
_SPECIAL = re.compile("[. '/\"\\[\\]()\t\n\r\f\b\\\\\x85\u2028\u2029]")
#: What ``JavaScriptUtils.WriteEscapedJavaScriptString`` escapes inside ``'…'``.
_ESCAPED = re.compile("[\x00-\x1f'\\\\\x85\u2028\u2029]")
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f", "\b": "\\b"}
_NAMED_ESCAPES |= {"\\": "\\\\", "'": "\\'"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def build_path(scopes: list[Scope]) -> str:
    """``JsonPosition.BuildPath``: ``a.b[0]``, ``['a b'][1]``."""
    out: list[str] = []
    for scope in scopes:
        if scope.kind == OBJECT:
            name = scope.name or ""
            if _SPECIAL.search(name):
                out.append("['" + _ESCAPED.sub(_escaped, name) + "']")
            else:
                if any(out):  # a "." after anything written, even before an empty name
                    out.append(".")
                out.append(name)
        elif scope.kind != _NO_CONTAINER:
            out.append(f"[{scope.index}]")
    return "".join(out)


def format_message(message: str, path: str, place: tuple[int, int] | None) -> str:
    """``JsonPosition.FormatMessage``: the sentence, its path and (for a reader) its place."""
    message = message.strip(DOTNET_WHITESPACE)
    if not message.endswith("."):
        message += "."
    message += f" Path '{path}'"
    if place is not None:
        message += f", line {place[0]}, position {place[1]}"
    return message + "."


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _split_astral(match: re.Match[str]) -> str:
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def utf16_units(text: str) -> str:
    """``text`` with each character beyond U+FFFF written as its two surrogates, one code point
    per UTF-16 unit, so indexes count as .NET's do."""
    return text if text.isascii() else _ASTRAL.sub(_split_astral, text)


#: The literals ``ParseValue`` reads by their first character: the word, its token and value,
#: and what ``ParseTrue``, ``ParseFalse``, ``ParseNumberNaN``… throw when it is not the word.
_LITERALS: dict[str, tuple[str, int, Any, str]] = {
    "t": ("true", Token.BOOLEAN, True, "Error parsing boolean value."),
    "f": ("false", Token.BOOLEAN, False, "Error parsing boolean value."),
    "N": ("NaN", Token.FLOAT, float("nan"), "Error parsing NaN value."),
    "I": ("Infinity", Token.FLOAT, float("inf"), "Error parsing Infinity value."),
    "u": ("undefined", Token.UNDEFINED, None, "Error parsing undefined value."),
}

_PUNCTUATION = {
    "{": Token.START_OBJECT,
    "[": Token.START_ARRAY,
    "]": Token.END_ARRAY,
    ")": Token.END_CONSTRUCTOR,
}
_STRING_STOP = re.compile("[\\\\\r\n\"']")
_HEX4 = re.compile("[0-9a-fA-F]{4}")
_ESCAPE_CHARS = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "\\": "\\"}
_ESCAPE_CHARS |= {'"': '"', "'": "'", "/": "/"}
_NUMBER_RUN = re.compile("[-+a-fA-FxX.0-9]*")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_HEX = re.compile("0[xX][0-9a-fA-F]+")
_OCTAL = re.compile("[0-7]+")
#: ``MaximumJavascriptIntegerCharacterLength``: a longer integer is refused, "JSON integer … is
#: too large to parse." (``ParseReadNumber``).
LONGEST_INTEGER = 380
_DIGITS = re.compile("[0-9]+")
_BLANK_RUN = re.compile("[ \t]+")


def is_letter_or_digit(char: str) -> bool:
    """.NET's ``char.IsLetterOrDigit`` of one UTF-16 unit: a letter (the ``L`` categories,
    ``str.isalpha``) or a decimal digit (``Nd``, ``str.isdecimal``)."""
    return char.isalpha() or char.isdecimal()


def _identifier(char: str) -> bool:
    """``ValidIdentifierChar``."""
    return char in "_$" or is_letter_or_digit(char)


class JsonTextReader:
    """One text read token by token as ``JsonTextReader.Read()`` reads it.

    :meth:`read` returns ``False`` at the end and raises :class:`ReaderError` where Newtonsoft
    throws; :attr:`token` and :attr:`value` are the current token; :attr:`depth` and
    :attr:`path` as ``JsonReader.Depth`` and ``Path``.
    """

    def __init__(self, text: str, *, max_depth: int | None = MAX_DEPTH) -> None:
        self.text = utf16_units(text)
        self.n = len(self.text)
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.eof = False
        self.state = _START
        self.token = Token.NONE
        self.value: Any = None
        self.stack: list[Scope] = []
        self.current = Scope(_NO_CONTAINER)
        self.max_depth = max_depth
        self.exceeded = False

    # -- JsonReader -------------------------------------------------------------------------

    @property
    def depth(self) -> int:
        depth = len(self.stack)
        if Token.is_start(self.token) or self.current.kind == _NO_CONTAINER:
            return depth
        return depth + 1

    @property
    def path(self) -> str:
        if self.current.kind == _NO_CONTAINER:
            return ""
        inside = self.state not in (_ARRAY_START, _CONSTRUCTOR_START, _OBJECT_START)
        return build_path([*self.stack, self.current] if inside else self.stack)

    @property
    def line_number(self) -> int:
        if self.state == _START and self.line_position == 0 and self.token != Token.COMMENT:
            return 0
        return self.line

    @property
    def line_position(self) -> int:
        return self.pos - self.line_start

    def error(self, message: str, *, too_deep: bool = False) -> ReaderError:
        """``JsonReaderException.Create(reader, message)``."""
        place = (self.line_number, self.line_position)
        return ReaderError(format_message(message, self.path, place), too_deep=too_deep)

    def _push(self, kind: int) -> None:
        self._update_scope()
        if self.current.kind == _NO_CONTAINER:
            self.current = Scope(kind)
            return
        self.stack.append(self.current)
        self.current = Scope(kind)
        if self.max_depth is not None and self.depth + 1 > self.max_depth and not self.exceeded:
            self.exceeded = True
            message = f"The reader's MaxDepth of {self.max_depth} has been exceeded."
            raise self.error(message, too_deep=True)

    def _pop(self) -> int:
        old = self.current
        self.current = self.stack.pop() if self.stack else Scope(_NO_CONTAINER)
        if self.max_depth is not None and self.depth <= self.max_depth:
            self.exceeded = False
        return old.kind

    def _update_scope(self) -> None:
        if self.current.has_index:
            self.current.index += 1

    def _set_token(self, token: int, value: Any = None, update_index: bool = True) -> None:
        self.token = token
        self.value = value
        if token == Token.START_OBJECT:
            self.state = _OBJECT_START
            self._push(OBJECT)
        elif token == Token.START_ARRAY:
            self.state = _ARRAY_START
            self._push(ARRAY)
        elif token == Token.START_CONSTRUCTOR:
            self.state = _CONSTRUCTOR_START
            self._push(CONSTRUCTOR)
        elif token == Token.END_OBJECT:
            self._validate_end(token, OBJECT)
        elif token == Token.END_ARRAY:
            self._validate_end(token, ARRAY)
        elif token == Token.END_CONSTRUCTOR:
            self._validate_end(token, CONSTRUCTOR)
        elif token == Token.PROPERTY_NAME:
            self.state = _PROPERTY
            self.current.name = value
        elif token not in (Token.NONE, Token.COMMENT):
            self._post_value_state(update_index)

    def _post_value_state(self, update_index: bool) -> None:
        self.state = _POST_VALUE if self.current.kind != _NO_CONTAINER else _FINISHED
        if update_index:
            self._update_scope()

    def _validate_end(self, token: int, kind: int) -> None:
        closed = self._pop()
        if closed != kind:
            raise self.error(
                f"JsonToken {Token.name(token)} is not valid for closing JsonType "
                f"{_CONTAINER_NAMES[closed]}."
            )
        self.state = _POST_VALUE if self.current.kind != _NO_CONTAINER else _FINISHED

    def _state_from_current(self) -> None:
        kind = self.current.kind
        if kind == OBJECT:
            self.state = _OBJECT
        elif kind == ARRAY:
            self.state = _ARRAY
        elif kind == CONSTRUCTOR:
            self.state = _CONSTRUCTOR
        else:
            self.state = _FINISHED

    # -- JsonTextReader ---------------------------------------------------------------------

    def _ensure(self, relative: int) -> bool:
        """``EnsureChars``: whether the text goes on ``relative`` characters past the reader's
        place; looking past its end is what sets ``_isEndOfFile``."""
        if self.pos + relative < self.n:
            return True
        self.eof = True
        return False

    def _char(self, index: int) -> str:
        """The buffer's character: ``\\0`` at (and past) the end."""
        return self.text[index] if index < self.n else "\0"

    def _at_end(self) -> bool:
        """A ``\\0`` at the reader's place that is the buffer's end (``ReadData`` gives 0)."""
        if self.pos >= self.n:
            self.eof = True
            return True
        return False

    def read(self) -> bool:
        """``JsonTextReader.Read()``."""
        while True:
            state = self.state
            if state in _VALUE_STATES:
                return self._parse_value()
            if state in (_OBJECT, _OBJECT_START):
                return self._parse_object()
            if state == _POST_VALUE:
                if self._parse_post_value():
                    return True
                continue
            # Finished
            if self._ensure(0):
                self._eat_whitespace()
                if self.eof:
                    self._set_token(Token.NONE)
                    return False
                if self.text[self.pos] == "/":
                    self._parse_comment(True)
                    return True
                raise self.error(
                    "Additional text encountered after finished reading JSON content: "
                    f"{self.text[self.pos]}."
                )
            self._set_token(Token.NONE)
            return False

    def _new_line(self, has_next: bool) -> None:
        if has_next and self.text[self.pos] == "\n":
            self.pos += 1
        self.line += 1
        self.line_start = self.pos

    def _carriage_return(self) -> None:
        self.pos += 1
        self._new_line(self._ensure(1))

    def _line_feed(self) -> None:
        self.pos += 1
        self.line += 1
        self.line_start = self.pos

    def _skip_blanks(self) -> bool:
        """One step of the white-space loops: ``False`` when the reader's character is not
        white space (nor a NUL inside the text)."""
        char = self._char(self.pos)
        if char == "\0":
            if self._at_end():
                return False
            self.pos += 1
        elif char == "\r":
            self._carriage_return()
        elif char == "\n":
            self._line_feed()
        elif char in _WHITESPACE:
            match = _BLANK_RUN.match(self.text, self.pos)
            self.pos = match.end() if match else self.pos + 1
        else:
            return False
        return True

    def _eat_whitespace(self) -> None:
        while self._skip_blanks():
            pass

    def _parse_value(self) -> bool:
        while True:
            char = self._char(self.pos)
            if char == " ":
                self._skip_blanks()
                continue
            if char == "\0" and self._at_end():
                return False
            if char in "\"'":
                self._parse_string(char)
                return True
            literal = _LITERALS.get(char)
            if literal is not None:
                self._parse_literal(*literal)
                return True
            if char == "n":
                if self._ensure(1):
                    following = self.text[self.pos + 1]
                    if following == "u":
                        self._parse_literal("null", Token.NULL, None, "Error parsing null value.")
                    elif following == "e":
                        self._parse_constructor()
                    else:
                        raise self._unexpected_character(char)
                else:
                    self.pos += 1
                    raise self.error("Unexpected end when reading JSON.")
                return True
            if char == "-":
                if self._ensure(1) and self.text[self.pos + 1] == "I":
                    message = "Error parsing -Infinity value."
                    self._parse_literal("-Infinity", Token.FLOAT, float("-inf"), message)
                else:
                    self._parse_number()
                return True
            if char == "/":
                self._parse_comment(True)
                return True
            token = _PUNCTUATION.get(char)
            if token is not None:
                self.pos += 1
                self._set_token(token)
                return True
            if char == ",":
                # the next read takes the comma: an empty element is undefined
                self._set_token(Token.UNDEFINED)
                return True
            if self._skip_blanks():
                continue
            if unicodedata.category(char) in _NUMBER or char == ".":
                self._parse_number()
                return True
            raise self._unexpected_character(char)

    def _unexpected_character(self, char: str) -> ReaderError:
        return self.error(f"Unexpected character encountered while parsing value: {char}.")

    def _parse_object(self) -> bool:
        while True:
            char = self._char(self.pos)
            if char == " ":
                self._skip_blanks()
                continue
            if char == "\0" and self._at_end():
                return False
            if char == "}":
                self._set_token(Token.END_OBJECT)
                self.pos += 1
                return True
            if char == "/":
                self._parse_comment(True)
                return True
            if not self._skip_blanks():
                return self._parse_property()

    def _parse_property(self) -> bool:
        first = self.text[self.pos]
        if first in "\"'":
            self.pos += 1
            name = self._read_string(first)
        elif _identifier(first):
            name = self._parse_unquoted_property()
        else:
            raise self.error(f"Invalid property identifier character: {first}.")
        self._eat_whitespace()
        char = self._char(self.pos)
        if char != ":":
            raise self.error(
                f"Invalid character after parsing property name. Expected ':' but got: {char}."
            )
        self.pos += 1
        self._set_token(Token.PROPERTY_NAME, name)
        return True

    def _parse_unquoted_property(self) -> str:
        start = self.pos
        while True:
            char = self._char(self.pos)
            if char == "\0":
                if self._at_end():
                    raise self.error("Unexpected end while parsing unquoted property name.")
                return self.text[start : self.pos]
            if _identifier(char):
                self.pos += 1
                continue
            if char in _WHITESPACE or char == ":":
                return self.text[start : self.pos]
            raise self.error(f"Invalid JavaScript property identifier character: {char}.")

    def _parse_post_value(self) -> bool:
        while True:
            char = self._char(self.pos)
            if char == "\0" and self._at_end():
                self.state = _FINISHED
                return False
            if char == "}":
                self.pos += 1
                self._set_token(Token.END_OBJECT)
                return True
            if char == "]":
                self.pos += 1
                self._set_token(Token.END_ARRAY)
                return True
            if char == ")":
                self.pos += 1
                self._set_token(Token.END_CONSTRUCTOR)
                return True
            if char == "/":
                self._parse_comment(True)
                return True
            if char == ",":
                self.pos += 1
                self._state_from_current()
                return False
            if not self._skip_blanks():
                raise self.error(
                    f"After parsing a value an unexpected character was encountered: {char}."
                )

    def _parse_comment(self, set_token: bool) -> None:
        self.pos += 1
        if not self._ensure(1):
            raise self.error("Unexpected end while parsing comment.")
        kind = self.text[self.pos]
        if kind not in "*/":
            raise self.error(f"Error parsing comment. Expected: *, got {kind}.")
        single = kind == "/"
        self.pos += 1
        start = self.pos
        text = self.text
        while True:
            char = self._char(self.pos)
            if char == "\0":
                if self._at_end():
                    if not single:
                        raise self.error("Unexpected end while parsing comment.")
                    self._end_comment(set_token, start, self.pos)
                    return
                self.pos += 1
            elif char == "*":
                self.pos += 1
                if not single and self._ensure(0) and text[self.pos] == "/":
                    self._end_comment(set_token, start, self.pos - 1)
                    self.pos += 1
                    return
            elif char == "\r":
                if single:
                    self._end_comment(set_token, start, self.pos)
                    return
                self._carriage_return()
            elif char == "\n":
                if single:
                    self._end_comment(set_token, start, self.pos)
                    return
                self._line_feed()
            else:
                self.pos += 1

    def _end_comment(self, set_token: bool, start: int, end: int) -> None:
        if set_token:
            self._set_token(Token.COMMENT, self.text[start:end])

    def _parse_string(self, quote: str) -> None:
        self.pos += 1
        value = self._read_string(quote)
        self._post_value_state(True)
        self._set_token(Token.STRING, value, False)

    def _read_string(self, quote: str) -> str:
        """``ReadStringIntoBuffer``: the reader stands after the opening quote. The string is
        returned in UTF-16 units (escaped surrogates as they were written)."""
        text = self.text
        parts: list[str] = []
        while True:
            match = _STRING_STOP.search(text, self.pos)
            if match is None:
                parts.append(text[self.pos :])
                self.pos = self.n
                self.eof = True
                raise self.error(f"Unterminated string. Expected delimiter: {quote}.")
            stop = match.start()
            parts.append(text[self.pos : stop])
            char = text[stop]
            if char == quote:
                self.pos = stop + 1
                return "".join(parts)
            if char in "\"'":
                parts.append(char)
                self.pos = stop + 1
            elif char == "\r":
                self.pos = stop
                self._carriage_return()
                parts.append(text[stop : self.pos])
            elif char == "\n":
                self.pos = stop
                self._line_feed()
                parts.append("\n")
            else:
                self.pos = stop + 1
                parts.append(self._escape(quote))

    def _escape(self, quote: str) -> str:
        if not self._ensure(0):
            raise self.error(f"Unterminated string. Expected delimiter: {quote}.")
        char = self.text[self.pos]
        self.pos += 1
        if char == "u":
            unit = self._parse_unicode()
            if 0xD800 <= ord(unit) <= 0xDBFF:
                self._ensure(2)  # looks for the low half's "\u" (and may reach the end)
            return unit
        escaped = _ESCAPE_CHARS.get(char)
        if escaped is None:
            raise self.error(f"Bad JSON escape sequence: \\{char}.")
        return escaped

    def _parse_unicode(self) -> str:
        if not self._ensure(4):
            raise self.error("Unexpected end while parsing Unicode escape sequence.")
        code = self.text[self.pos : self.pos + 4]
        if not _HEX4.fullmatch(code):
            raise self.error(f"Invalid Unicode escape sequence: \\u{code}.")
        self.pos += 4
        return chr(int(code, 16))

    def _parse_literal(self, word: str, token: int, value: Any, message: str) -> None:
        """``ParseTrue``, ``ParseNull``, ``ParseNumberNaN``… through
        ``MatchValueWithTrailingSeparator``."""
        if not self._ensure(len(word) - 1):
            self.pos = self.n
            raise self.error("Unexpected end when reading JSON.")
        for offset, char in enumerate(word):
            if self.text[self.pos + offset] != char:
                self.pos += offset
                raise self.error(message)
        self.pos += len(word)
        if self._ensure(0) and not self._separator(self.text[self.pos]):
            raise self.error(message)
        self._set_token(token, value)

    def _separator(self, char: str) -> bool:
        """``IsSeparator`` (or the ``\\0`` ``MatchValueWithTrailingSeparator`` also takes)."""
        if char in "}],\0":
            return True
        if char == "/":
            return self._ensure(1) and self.text[self.pos + 1] in "*/"
        if char == ")":
            return self.state in (_CONSTRUCTOR, _CONSTRUCTOR_START)
        return char in _WHITESPACE

    def _parse_constructor(self) -> None:
        if not self._match_new():
            raise self.error("Unexpected content while parsing JSON.")
        self._eat_whitespace()
        start = self.pos
        while True:
            char = self._char(self.pos)
            if char == "\0":
                if self._at_end():
                    raise self.error("Unexpected end while parsing constructor.")
                end = self.pos
                self.pos += 1
                break
            if is_letter_or_digit(char):
                self.pos += 1
            elif char == "\r":
                end = self.pos
                self._carriage_return()
                break
            elif char == "\n":
                end = self.pos
                self._line_feed()
                break
            elif char in _WHITESPACE:
                end = self.pos
                self.pos += 1
                break
            elif char == "(":
                end = self.pos
                break
            else:
                raise self.error(f"Unexpected character while parsing constructor: {char}.")
        if start == end:
            raise self.error("Empty constructor name.")
        name = self.text[start:end]
        self._eat_whitespace()
        char = self._char(self.pos)
        if char != "(":
            raise self.error(f"Unexpected character while parsing constructor: {char}.")
        self.pos += 1
        self._set_token(Token.START_CONSTRUCTOR, name)

    def _match_new(self) -> bool:
        if not self._ensure(2):
            self.pos = self.n
            raise self.error("Unexpected end when reading JSON.")
        for offset, char in enumerate("new"):
            if self.text[self.pos + offset] != char:
                self.pos += offset
                return False
        self.pos += 3
        return not self._ensure(0) or self._separator(self.text[self.pos])

    def _parse_number(self) -> None:
        first = self.text[self.pos]
        start = self.pos
        match = _NUMBER_RUN.match(self.text, self.pos)
        self.pos = match.end() if match else self.pos
        char = self._char(self.pos)
        if char == "\0":
            self._at_end()
        elif not (char in _WHITESPACE or char in ",}])/"):
            raise self.error(f"Unexpected character encountered while parsing number: {char}.")
        self._post_value_state(True)
        written = self.text[start : self.pos]
        token, value = self._number_value(first, written)
        self._set_token(token, value, False)

    def _number_value(self, first: str, written: str) -> tuple[int, Any]:
        """``ParseReadNumber`` for ``ReadType.Read``."""
        if len(written) == 1 and "0" <= first <= "9":
            return Token.INTEGER, int(first)
        if first == "0" and len(written) > 1 and written[1] not in ".eE":
            if written[:2] in ("0x", "0X"):
                valid = _HEX.fullmatch(written) is not None
                value = int(written[2:], 16) if valid else 0
            else:
                valid = _OCTAL.fullmatch(written) is not None
                value = int(written, 8) if valid else 0
            if not valid or value >= 2**64:
                raise self._number_error(f"Input string '{written}' is not a valid number.")
            return Token.INTEGER, value - 2**64 if value >= 2**63 else value
        digits = written[1:] if written[:1] == "-" else written
        if _DIGITS.fullmatch(digits):  # Int64TryParse, then BigInteger up to 380 characters
            if len(written) > LONGEST_INTEGER:
                raise self._number_error(f"JSON integer {written} is too large to parse.")
            return Token.INTEGER, int(written)
        if _DOUBLE.fullmatch(written):
            return Token.FLOAT, float(written)
        raise self._number_error(f"Input string '{written}' is not a valid number.")

    def _number_error(self, message: str) -> ReaderError:
        """``ThrowReaderError``: the token becomes undefined, the place stays after the number."""
        self.token, self.value = Token.UNDEFINED, None
        self._post_value_state(False)
        return self.error(message)
