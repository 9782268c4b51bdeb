"""JSON text as the Logic Apps runtime reads it: Newtonsoft.Json's ``JsonTextReader``.

The runtime's parser is Newtonsoft's: a Parse JSON of the text ``Body`` fails with that reader's
"Unexpected character encountered while parsing value: B. Path '', line 0, position 0."
(MicrosoftDocs/azure-docs#24350). ``JsonTextReader`` has no strict mode: whatever its caller's
settings, it reads (JamesNK/Newtonsoft.Json ``Src/Newtonsoft.Json/JsonTextReader.cs``):

- strings in double or single quotes (``ParseString(quoteChar)``), raw line breaks inside them,
  and the escapes ``\\b \\t \\n \\f \\r \\\\ \\" \\' \\/ \\uXXXX``;
- property names in quotes of either kind or bare (``ParseUnquotedProperty``: letters, digits,
  ``_`` and ``$``);
- ``//`` and ``/* */`` comments wherever whitespace may go (``ParseComment``);
- a comma before ``]`` or ``}`` (``ParseValue`` takes ``]`` after a comma; ``ParseObject``
  takes ``}``);
- ``NaN``, ``Infinity``, ``-Infinity``, ``undefined`` (read here as null), hexadecimal
  (``0x1F``) and octal (``010``) integers (``ParseReadNumber``: ``nonBase10``).

:func:`loads` tries Python's strict parser first (the common case, and fast) and reads the text
leniently only when that fails; what neither reads gets :func:`reader_error`'s reason.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from reqres_mock.protocol.jsonwire import repaired

__all__ = ["DOTNET_WHITESPACE", "JsonReadError", "loads", "reader_error"]

Pairs = Callable[[list[tuple[str, Any]]], dict[str, Any]]


class JsonReadError(ValueError):
    """Text the runtime's reader does not read; :attr:`reason` is the reader's words (or the
    mock's, past the first character)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: .NET's ``Char.IsWhiteSpace`` (U+0009 to U+000D, U+0085 and the Unicode separators): what
#: ``String.Trim()`` removes and the reader skips, not the U+001C to U+001F that Python's
#: ``str.isspace``/``str.strip()`` also take.
#: https://learn.microsoft.com/dotnet/api/system.char.iswhitespace
DOTNET_WHITESPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_BLANKS = frozenset(DOTNET_WHITESPACE)
#: ``char.IsNumber``: the Unicode number categories.
_NUMBERS = frozenset({"Nd", "Nl", "No"})

#: Characters with which ``JsonTextReader.ParseValue`` starts reading a value (strings in either
#: quote, literals, numbers, comments, containers, constructors); any other first character is
#: "Unexpected character encountered while parsing value".
_VALUE_STARTS = frozenset("\"'{[]),/tfNIu-.")


def reader_error(text: str, reason: str, *, extra_at: int | None = None) -> str:
    """Why ``text`` is not JSON, in the runtime parser's words where the failure is in the root
    value or just after it (``reason``, the mock's own words with Python's line and column,
    otherwise). ``extra_at`` is where text follows a complete root value, if it does.

    - a first character that cannot start a value: "Unexpected character encountered while
      parsing value: B. Path '', line 0, position 0." (a Parse JSON of the text ``Body``,
      MicrosoftDocs/azure-docs#24350; ``ParseValue``). The line is 0 while the reader has read
      nothing (``JsonTextReader.LineNumber``: ``State.Start`` and position 0);
    - a literal that is not one (``MatchValue``): "Error parsing NaN value." at the first
      character that differs (``Not Found``), "Unexpected end when reading JSON." when the
      text ends first (``nul``), the same sentence after a whole word followed by more
      (``NaNx``); ``new`` so followed is "Unexpected content while parsing JSON.";
    - a number (``ReadNumberIntoBuffer``, ``ParseReadNumber``): "Unexpected character
      encountered while parsing number: y." or "Input string '1.2.3' is not a valid number.";
    - an unterminated string: "Unterminated string. Expected delimiter: \"." at the end;
    - text after a whole value: "Additional text encountered after finished reading JSON
      content: N." (``Read``, state ``Finished``).

    A position counts the characters before it on its line. These sentences were checked
    against Newtonsoft.Json itself, compiled and run on the development machine.
    """
    index = 0
    while index < len(text) and text[index] in _BLANKS:
        index += 1
    if index == len(text):
        return reason
    first, follower = text[index], text[index + 1 : index + 2]
    if first == "n" and follower == "e":
        word_end = index + 3
        if (
            text[index:word_end] == "new"
            and word_end < len(text)
            and not _separator(text[word_end])
        ):
            return _at(text, word_end, "Unexpected content while parsing JSON.")
        return reason
    literal = _literal_at(text, index)
    if literal is not None and not (first == "n" and follower not in ("u", "")):
        word, _, message = literal
        return _literal_error(text, index, word, message) or _trailing(
            text, index + len(word), reason
        )
    if first in "-." or "0" <= first <= "9":
        return _number_error(text, index, reason)
    if first in "\"'":
        closing = text.find(first, index + 1)
        while closing > 0 and text[closing - 1] == "\\":
            closing = text.find(first, closing + 1)
        if closing < 0:
            return _at(text, len(text), f"Unterminated string. Expected delimiter: {first}.")
        return _trailing(text, closing + 1, reason)
    if first in _VALUE_STARTS or unicodedata.category(first) in _NUMBERS:
        return _after(text, extra_at, reason)  # a value starts: it fails further on
    line, position = _place(text, index)
    shown = 0 if position == 0 else line
    return (
        f"Unexpected character encountered while parsing value: {first}. Path '', "
        f"line {shown}, position {position}."
    )


#: The literals ``ParseValue`` reads by their first character, and what it says when one is
#: not what it seems.
_LITERALS = {
    "t": ("true", True, "Error parsing boolean value."),
    "f": ("false", False, "Error parsing boolean value."),
    "n": ("null", None, "Error parsing null value."),
    "N": ("NaN", math.nan, "Error parsing NaN value."),
    "I": ("Infinity", math.inf, "Error parsing Infinity value."),
    "-I": ("-Infinity", -math.inf, "Error parsing -Infinity value."),
    "u": ("undefined", None, "Error parsing undefined value."),  # read as null here
}


def _literal_at(text: str, index: int) -> tuple[str, Any, str] | None:
    """The literal ``ParseValue`` takes the text at ``index`` to start, by its first
    character (two for ``-Infinity``)."""
    first = text[index : index + 2] if text.startswith("-I", index) else text[index : index + 1]
    return _LITERALS.get(first)


def _separator(char: str) -> bool:
    """What may follow a literal (``IsSeparator``) or end a number (``ReadNumberIntoBuffer``)."""
    return char in _BLANKS or char in ",]})/\x00"


def _place(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and the position on it (characters before ``index`` on its line)."""
    before = text[:index]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    lines = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return lines, index - line_start


def _at(text: str, index: int, message: str) -> str:
    line, position = _place(text, index)
    return f"{message} Path '', line {line}, position {position}."


def _literal_error(text: str, index: int, word: str, message: str) -> str | None:
    if len(text) - index < len(word):
        return _at(text, len(text), "Unexpected end when reading JSON.")
    for offset, char in enumerate(word):
        if text[index + offset] != char:
            return _at(text, index + offset, message)
    end = index + len(word)
    if end < len(text) and not _separator(text[end]):
        return _at(text, end, message)
    return None


_NUMBER_CHARS = frozenset("0123456789abcdefABCDEFxX+-.eE")
_HEX = re.compile(r"[0-9a-fA-F]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)


def _number_error(text: str, index: int, reason: str) -> str:
    end = index
    while end < len(text) and text[end] in _NUMBER_CHARS:
        end += 1
    if end < len(text) and not _separator(text[end]):
        return _at(
            text, end, f"Unexpected character encountered while parsing number: {text[end]}."
        )
    token = text[index:end]
    if len(token) > 1 and token[0] == "0" and token[1] not in ".eE":  # nonBase10
        hexadecimal = token[1] in "xX" and _HEX.fullmatch(token[2:]) is not None
        valid = hexadecimal or all(c in "01234567" for c in token)
    else:
        valid = _DECIMAL.fullmatch(token) is not None
    if not valid:
        return _at(text, end, f"Input string '{token}' is not a valid number.")
    return _trailing(text, end, reason)


def _trailing(text: str, end: int, reason: str) -> str:
    """What follows a whole root value that ends at ``end``: more text is "Additional text …";
    none means the failure was elsewhere (``reason``)."""
    while end < len(text) and text[end] in _BLANKS:
        end += 1
    return _after(text, end, reason)


def _after(text: str, extra_at: int | None, reason: str) -> str:
    """Text after a whole root value, or ``reason``."""
    if extra_at is None or extra_at >= len(text):
        return reason
    return _at(
        text,
        extra_at,
        f"Additional text encountered after finished reading JSON content: {text[extra_at]}.",
    )


def loads(text: str, *, object_pairs_hook: Pairs | None = None) -> Any:
    """``text`` read as ``JsonTextReader`` reads it.

    :raises JsonReadError: when the reader would not read it.
    """
    try:
        value = json.loads(text, object_pairs_hook=object_pairs_hook)
    except json.JSONDecodeError as strict:
        value = _read_leniently(text, object_pairs_hook, strict)
    except RecursionError:
        raise JsonReadError("The JSON nests too deeply to read.") from None
    except ValueError:  # an integer past Python's digit limit, and so past the reader's
        raise JsonReadError(_too_large(text)) from None
    else:
        if _SURROGATE_ESCAPE.search(text):
            value = _paired(value)
    if len(text) > _LONGEST_INTEGER and _LONG_DIGITS.search(text) and _has_long_integer(value):
        raise JsonReadError(_too_large(text))
    return value


def _read_leniently(text: str, pairs: Pairs | None, strict: json.JSONDecodeError) -> Any:
    try:
        return _Lenient(text, pairs).document()
    except (_Unread, RecursionError, ValueError):
        reason = f"{strict.msg}, line {strict.lineno}, position {strict.colno}."
        extra_at = strict.pos if strict.msg == "Extra data" else None
        raise JsonReadError(reader_error(text, reason, extra_at=extra_at)) from strict


#: ``MaximumJavascriptIntegerCharacterLength``: a longer integer is refused, "JSON integer … is
#: too large to parse." (``ParseReadNumber``).
_LONGEST_INTEGER = 380
_LONG_DIGITS = re.compile(f"[0-9]{{{_LONGEST_INTEGER - 1}}}")
_LONG_NUMBER = re.compile(f"-?[0-9]{{{_LONGEST_INTEGER},}}")


def _has_long_integer(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return len(str(value)) > _LONGEST_INTEGER
    if isinstance(value, list):
        return any(_has_long_integer(v) for v in value)
    if isinstance(value, dict):
        return any(_has_long_integer(v) for v in value.values())
    return False


def _too_large(text: str) -> str:
    match = _LONG_NUMBER.search(text)
    return f"JSON integer {match.group() if match else '?'} is too large to parse."


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _paired(value: Any) -> Any:
    if isinstance(value, str):
        return repaired(value)
    if isinstance(value, list):
        return [_paired(v) for v in value]
    if isinstance(value, dict):
        return {repaired(k): _paired(v) for k, v in value.items()}
    return value


class _Unread(Exception):
    """The lenient reader gives up; the strict parser's reason is reported."""


_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "\\": "\\", '"': '"'}
_ESCAPES |= {"'": "'", "/": "/"}
_NUMBER = re.compile(
    r"-?(?:0[xX][0-9a-fA-F]+|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
)


class _Lenient:
    """A recursive reader of what ``JsonTextReader`` takes beyond strict JSON."""

    def __init__(self, text: str, pairs: Pairs | None) -> None:
        self.text, self.at, self.pairs = text, 0, pairs

    def document(self) -> Any:
        value = self.value()
        self.blank()
        if self.at != len(self.text):
            raise _Unread  # "Additional text encountered after finished reading JSON content"
        return value

    def blank(self) -> None:
        text = self.text
        while self.at < len(text):
            if text[self.at] in _BLANKS:
                self.at += 1
            elif text.startswith("//", self.at):
                ends = [i for i in (text.find("\n", self.at), text.find("\r", self.at)) if i >= 0]
                self.at = min(ends) + 1 if ends else len(text)
            elif text.startswith("/*", self.at):
                end = text.find("*/", self.at + 2)
                if end < 0:
                    raise _Unread  # "Unexpected end while parsing comment."
                self.at = end + 2
            else:
                return

    def peek(self) -> str:
        self.blank()
        if self.at >= len(self.text):
            raise _Unread
        return self.text[self.at]

    def value(self) -> Any:
        first = self.peek()
        if first == ",":
            return None  # an empty element: ParseValue reads a comma as undefined
        if first == "{":
            return self.object()
        if first == "[":
            return self.array()
        if first in "\"'":
            return self.string()
        literal = _literal_at(self.text, self.at)
        if literal is not None and self.text.startswith(literal[0], self.at):
            end = self.at + len(literal[0])
            if end < len(self.text) and not _separator(self.text[end]):
                raise _Unread
            self.at = end
            return literal[1]
        return self.number()

    def number(self) -> Any:
        match = _NUMBER.match(self.text, self.at)
        written = match.group() if match else ""
        if written in ("", "-", ".", "-."):
            raise _Unread
        self.at += len(written)
        # only a number that starts with 0 is hexadecimal or octal (nonBase10 looks at the first
        # character): -010 is decimal -10, and -0x10 no number at all
        if written[:2] in ("0x", "0X"):
            return _int64(int(written[2:], 16))
        if "x" in written.lower():
            raise _Unread  # "Input string '…' is not a valid number."
        if len(written) > 1 and written[0] == "0" and written[1] not in ".eE":
            if not all(c in "01234567" for c in written):
                raise _Unread  # "Input string '…' is not a valid integer."
            return _int64(int(written, 8))
        if any(c in written for c in ".eE"):
            return float(written)
        return int(written)

    def string(self) -> str:
        return repaired(self.characters())

    def characters(self) -> str:
        quote = self.text[self.at]
        self.at += 1
        out: list[str] = []
        text = self.text
        while True:
            if self.at >= len(text):
                raise _Unread  # "Unterminated string. Expected delimiter: …"
            char = text[self.at]
            self.at += 1
            if char == quote:
                return "".join(out)
            if char != "\\":
                out.append(char)
                continue
            escape = text[self.at : self.at + 1]
            self.at += 1
            if escape == "u":
                code = text[self.at : self.at + 4]
                if len(code) < 4 or not all(c in "0123456789abcdefABCDEF" for c in code):
                    raise _Unread
                out.append(chr(int(code, 16)))
                self.at += 4
            elif escape in _ESCAPES:
                out.append(_ESCAPES[escape])
            else:
                raise _Unread  # "Bad JSON escape sequence: …"

    def name(self) -> str:
        if self.peek() in "\"'":
            return self.string()
        start = self.at
        while self.at < len(self.text) and _identifier(self.text[self.at]):
            self.at += 1
        if self.at == start:
            raise _Unread  # "Invalid property identifier character: …"
        return self.text[start : self.at]

    def object(self) -> dict[str, Any]:
        self.at += 1
        members: list[tuple[str, Any]] = []
        while self.peek() != "}":
            key = self.name()
            if self.peek() != ":":
                raise _Unread  # "Invalid character after parsing property name."
            self.at += 1
            members.append((key, self.value()))
            if self.peek() == ",":
                self.at += 1
            elif self.peek() != "}":
                raise _Unread
        self.at += 1
        return self.pairs(members) if self.pairs else dict(members)

    def array(self) -> list[Any]:
        self.at += 1
        items: list[Any] = []
        while self.peek() != "]":
            items.append(self.value())
            if self.peek() == ",":
                self.at += 1
            elif self.peek() != "]":
                raise _Unread
        self.at += 1
        return items


def _identifier(char: str) -> bool:
    """``ValidIdentifierChar``: ``char.IsLetterOrDigit`` (letters, decimal digits; one UTF-16
    unit, so no astral letters), ``_`` or ``$``."""
    if char in "_$":
        return True
    return ord(char) < 0x10000 and unicodedata.category(char) in _LETTERS_OR_DIGITS


_LETTERS_OR_DIGITS = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd"})


def _int64(value: int) -> int:
    """``Convert.ToInt64(text, 16 or 8)``: 64 bits, read as signed; more is no number."""
    if value >= 2**64:
        raise _Unread  # "Input string '…' is not a valid number."
    return value - 2**64 if value >= 2**63 else value
