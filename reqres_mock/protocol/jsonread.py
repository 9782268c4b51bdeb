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
from collections.abc import Callable
from typing import Any

__all__ = ["JsonReadError", "loads", "reader_error"]

Pairs = Callable[[list[tuple[str, Any]]], dict[str, Any]]


class JsonReadError(ValueError):
    """Text the runtime's reader does not read; :attr:`reason` is the reader's words (or the
    mock's, past the first character)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: Characters with which ``JsonTextReader.ParseValue`` starts reading a value (strings in either
#: quote, literals, numbers, comments, containers, constructors); any other first character is
#: "Unexpected character encountered while parsing value".
_VALUE_STARTS = frozenset("\"'{[]),/tfNIu-.")


def reader_error(text: str, reason: str) -> str:
    """Why ``text`` is not JSON, as the runtime's parser says it when the first character
    cannot start a value: "Unexpected character encountered while parsing value: B. Path '',
    line 0, position 0." (a Parse JSON of the text ``Body``, MicrosoftDocs/azure-docs#24350).
    The line is 0 while the reader has read nothing on it (``JsonTextReader.LineNumber``:
    ``State.Start`` and position 0), the position counts the characters before the bad one on
    its line. Other failures keep ``reason``, the mock's own words with Python's line and
    column.
    """
    line, position = 1, 0
    index = 0
    while index < len(text) and text[index].isspace():
        if text[index] == "\n" or (text[index] == "\r" and text[index + 1 : index + 2] != "\n"):
            line, position = line + 1, 0
        elif text[index] != "\r":
            position += 1
        index += 1
    if index == len(text):
        return reason
    first = text[index]
    if first in _VALUE_STARTS or first.isnumeric():
        return reason  # a value starts: it fails further on
    if first == "n" and text[index + 1 : index + 2] in ("u", "e", ""):
        return reason  # null, a constructor, or the end of the text
    shown = 0 if position == 0 else line
    return (
        f"Unexpected character encountered while parsing value: {first}. Path '', "
        f"line {shown}, position {position}."
    )


def loads(text: str, *, object_pairs_hook: Pairs | None = None) -> Any:
    """``text`` read as ``JsonTextReader`` reads it.

    :raises JsonReadError: when the reader would not read it.
    """
    try:
        return json.loads(text, object_pairs_hook=object_pairs_hook)
    except json.JSONDecodeError as err:
        strict = err
    except RecursionError:
        raise JsonReadError("The JSON nests too deeply to read.") from None
    try:
        return _Lenient(text, object_pairs_hook).document()
    except (_Unread, RecursionError):
        reason = f"{strict.msg}, line {strict.lineno}, position {strict.colno}."
        raise JsonReadError(reader_error(text, reason)) from strict


class _Unread(Exception):
    """The lenient reader gives up; the strict parser's reason is reported."""


_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "\\": "\\", '"': '"'}
_ESCAPES |= {"'": "'", "/": "/"}
_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F]+|[0-9]*\.?[0-9]*(?:[eE][+-]?[0-9]+)?)")
_NAME = re.compile(r"[\w$]+")
_SEPARATORS = frozenset(",]}/)")


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
            if text[self.at].isspace():
                self.at += 1
            elif text.startswith("//", self.at):
                end = text.find("\n", self.at)
                self.at = len(text) if end < 0 else end + 1
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
        if first == "{":
            return self.object()
        if first == "[":
            return self.array()
        if first in "\"'":
            return self.string()
        for word, meaning in (
            ("true", True),
            ("false", False),
            ("null", None),
            ("undefined", None),
            ("NaN", math.nan),
            ("Infinity", math.inf),
            ("-Infinity", -math.inf),
        ):
            if self.text.startswith(word, self.at):
                end = self.at + len(word)
                if end < len(self.text) and not (
                    self.text[end].isspace() or self.text[end] in _SEPARATORS
                ):
                    raise _Unread
                self.at = end
                return meaning
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
            return int(written[2:], 16)
        if "x" in written.lower():
            raise _Unread  # "Input string '…' is not a valid number."
        if len(written) > 1 and written[0] == "0" and written[1] not in ".eE":
            if not all(c in "01234567" for c in written):
                raise _Unread  # "Input string '…' is not a valid integer."
            return int(written, 8)
        if any(c in written for c in ".eE"):
            return float(written)
        return int(written)

    def string(self) -> str:
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
        match = _NAME.match(self.text, self.at)
        if match is None:
            raise _Unread  # "Invalid property identifier character: …"
        self.at = match.end()
        return match.group()

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
