"""JSON text as the Logic Apps runtime reads it: Newtonsoft.Json's ``JsonTextReader`` under
``JsonConvert.DeserializeObject<JToken>``.

The runtime's parser is Newtonsoft's: a Parse JSON of the text ``Body`` fails with that reader's
"Unexpected character encountered while parsing value: B. Path '', line 0, position 0."
(MicrosoftDocs/azure-docs#24350). ``JsonTextReader`` has no strict mode: whatever its caller's
settings, it reads (JamesNK/Newtonsoft.Json ``Src/Newtonsoft.Json/JsonTextReader.cs``):

- strings in double or single quotes (``ParseString(quoteChar)``), raw line breaks inside them,
  and the escapes ``\\b \\t \\n \\f \\r \\\\ \\" \\' \\/ \\uXXXX``;
- property names in quotes of either kind or bare (``ParseUnquotedProperty``: letters, digits,
  ``_`` and ``$``);
- ``//`` and ``/* */`` comments wherever whitespace may go (``ParseComment``), but not between
  a property name and its colon;
- a comma before ``]`` or ``}`` (``ParseValue`` takes ``]`` after a comma; ``ParseObject``
  takes ``}``), and a lone comma as an empty (undefined, here null) element;
- ``NaN``, ``Infinity``, ``-Infinity``, ``undefined`` (read as null here), hexadecimal
  (``0x1F``) and octal (``010``) integers (``ParseReadNumber``: ``nonBase10``);
- NUL characters between tokens, which it skips.

Which consumer reads the reader's tokens decides what happens at the end of the text, and the
mock takes ``JsonConvert.DeserializeObject<JToken>`` (the serializer writing the tokens into a
``JTokenWriter``, then checking for additional content), the one consistent with what is known:

- a repeated key keeps its last value at the end of the object (``{"a":1,"b":-1,"a":2}`` is
  ``{"b":-1,"a":2}``, IllogicApps' "Case-conflicting JSON parsing" tests of ``json()``): the
  released ``JTokenWriter.WritePropertyName`` removes the old property and appends the new one,
  where ``JToken.Parse`` (``JContainer.ReadContentFrom``) replaces it in place (``{"a":2,"b":-1}``);
- text after a whole value is refused ("Additional text encountered after finished reading
  JSON content"): ``DeserializeObject`` turns ``CheckAdditionalContent`` on, a bare
  ``JsonSerializer.Deserialize`` would not. A Parse JSON action's ``content`` is read the bare
  way: ``{} x``, ``{}{}``, ``{"a":1}}`` and ``1 x`` give their first value, measured against
  the cloud by a public Power Automate emulator (tomdam/flowforger
  ``packages/engine/src/__tests__/parse-json.test.ts``, from its
  ``conformance/flows/parse-json.ff.ts``), whose cut-off texts still fail as the serializer
  fails them; ``loads(text, check_additional_content=False)`` reads so.

Not settled by any capture: ``JsonConvert.DeserializeObject(text)`` into ``object`` keeps the
same repeated-key order but reports an object cut short as "Unexpected end when deserializing
object. Path 'a', line 1, position 7." where ``<JToken>`` reads it (below).

So, as that consumer does (each checked against Newtonsoft.Json 13.0.4 compiled from source and
run under Mono): text that ends where a value could end is read as far as it goes
(``{"a": 1`` is ``{"a": 1}``, ``[1, [2`` is ``[1, [2]]``: the writer never sees an unclosed
container as an error); text that ends inside a value, after a comma or a name is "Unexpected
end when reading token. Path '…'." (``JsonWriter.WriteToken``, the writer's container path and
no line); text with no value at all (empty, blank, comments) is null. Everything else is the
reader's own ``JsonReaderException`` (:mod:`reqres_mock.protocol.jsontext`), at any depth, with
its path and place.

Where the mock knowingly differs: JSON nested deeper than the reader's ``MaxDepth`` of 64 is read
(Python's parser reads it, and the mock keeps that); constructors (``new Date(1)``) are refused
in the mock's words; a comment inside an array, which ``JTokenWriter`` keeps as an item, is
dropped; a repeated key's place is the caller's (``object_pairs_hook``; ``json()`` moves it to
the end as the writer does, the others keep Python's first place).

:func:`loads` tries Python's strict parser first (the common case, and fast) and reads the text
as Newtonsoft does only when that fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from reqres_mock.protocol.jsontext import (
    DOTNET_WHITESPACE,
    LONGEST_INTEGER,
    MAX_DEPTH,
    JsonTextReader,
    ReaderError,
    Token,
    build_path,
    format_message,
)
from reqres_mock.protocol.jsonwire import repaired

__all__ = ["DOTNET_WHITESPACE", "JsonReadError", "loads", "reader_error"]

Pairs = Callable[[list[tuple[str, Any]]], dict[str, Any]]


class JsonReadError(ValueError):
    """Text the runtime's reader does not read; :attr:`reason` is Newtonsoft's message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: How deep the mock reads text that Newtonsoft refuses only for its ``MaxDepth`` of 64 (as
#: Python's parser reads valid JSON that deep): far enough for any real body, short of what
#: Python's recursion limit allows the code that walks the value afterwards.
_DEEPEST = 500

#: The mock's own words for a constructor (``new Date(1)``), which Newtonsoft reads into a
#: ``JConstructor`` (or, ``Date``, a date) and the mock does not model.
_CONSTRUCTOR_REFUSED = "The mock does not read JavaScript constructors such as new Date(1)."


def reader_error(text: str, reason: str = "", *, check_additional_content: bool = True) -> str:
    """What Newtonsoft says of ``text``, or ``reason`` when it reads it without complaint."""
    try:
        _Document(text, None, MAX_DEPTH, check_additional_content).read()
    except ReaderError as err:
        return repaired(err.message)
    except JsonReadError as err:
        return err.reason
    return reason


def loads(
    text: str,
    *,
    object_pairs_hook: Pairs | None = None,
    check_additional_content: bool = True,
) -> Any:
    """``text`` read as ``JsonConvert.DeserializeObject<JToken>`` reads it; without
    ``check_additional_content``, as the bare serializer does: the first value, whatever
    follows it.

    :raises JsonReadError: when Newtonsoft would not read it, with its message.
    """
    check = check_additional_content
    try:
        value = json.loads(text, object_pairs_hook=object_pairs_hook)
    except json.JSONDecodeError:
        return _read(text, object_pairs_hook, check)
    except (RecursionError, ValueError):
        # nested past Python's stack, or an integer past its digit limit: Newtonsoft stops first
        raise JsonReadError(
            reader_error(text, "The JSON nests too deeply to read.", check_additional_content=check)
        ) from None
    if _SURROGATE_ESCAPE.search(text):
        value = _paired(value)
    if len(text) > LONGEST_INTEGER and _LONG_DIGITS.search(text) and _has_long_integer(value):
        raise JsonReadError(
            reader_error(
                text, "The JSON has an integer too large to parse.", check_additional_content=check
            )
        )
    return value


def _read(text: str, pairs: Pairs | None, check: bool) -> Any:
    try:
        return _Document(text, pairs, MAX_DEPTH, check).read()
    except ReaderError as first:
        if not first.too_deep:
            raise JsonReadError(repaired(first.message)) from None
        # Newtonsoft stops at its 65th nested container; the mock reads deeper text as Python's
        # parser reads deeper JSON, and gives Newtonsoft's words only when that fails as well
        try:
            return _Document(text, pairs, _DEEPEST, check).read()
        except ReaderError:
            raise JsonReadError(repaired(first.message)) from None


#: Digits enough to be near the reader's integer limit (a fast check before walking the value).
_LONG_DIGITS = re.compile(f"[0-9]{{{LONGEST_INTEGER - 1}}}")


def _has_long_integer(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return len(str(value)) > LONGEST_INTEGER
    if isinstance(value, list):
        return any(_has_long_integer(v) for v in value)
    if isinstance(value, dict):
        return any(_has_long_integer(v) for v in value.values())
    return False


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _paired(value: Any) -> Any:
    if isinstance(value, str):
        return repaired(value)
    if isinstance(value, list):
        return [_paired(v) for v in value]
    if isinstance(value, dict):
        return {repaired(k): _paired(v) for k, v in value.items()}
    return value


class _Open:
    """A container the writer has started: its items, or its members and the pending name."""

    __slots__ = ("items", "key", "members")

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.members: list[tuple[str, Any]] | None = None
        self.key = ""

    def add(self, value: Any) -> None:
        if self.members is None:
            self.items.append(value)
        else:
            self.members.append((self.key, value))


class _Document:
    """``JsonConvert.DeserializeObject<JToken>(text)`` over :class:`JsonTextReader`.

    ``JsonSerializerInternalReader.Deserialize``: ``ReadForType`` moves to the first token that
    is not a comment (none: null, a ``JToken`` being nullable); ``CreateJToken`` has
    ``JsonWriter.WriteToken`` copy the tokens into a ``JTokenWriter`` until the value closes or
    the reader runs out; ``CheckAdditionalContent`` reads on to the end. Iterative, so depth is
    only the reader's ``MaxDepth``.
    """

    def __init__(
        self, text: str, pairs: Pairs | None, max_depth: int, check_additional: bool = True
    ) -> None:
        self.reader = JsonTextReader(text, max_depth=max_depth)
        self.pairs = pairs
        self.check_additional = check_additional
        self.constructor = False
        # strings come in UTF-16 units: join surrogate pairs (and replace lone halves) only
        # when the text can hold any
        self.units = not text.isascii() or _SURROGATE_ESCAPE.search(text) is not None

    def read(self) -> Any:
        reader = self.reader
        if not reader.read() or not self._to_content():
            return None
        value = self._token()
        while self.check_additional and reader.read():
            pass  # CheckAdditionalContent: the reader throws on anything but a comment
        if self.constructor:  # read to the end first: a later error is Newtonsoft's
            raise JsonReadError(_CONSTRUCTOR_REFUSED)
        return value

    def _to_content(self) -> bool:
        while self.reader.token == Token.COMMENT:
            if not self.reader.read():
                return False
        return True

    def _scalar(self) -> Any:
        reader = self.reader
        if reader.token == Token.STRING:
            return repaired(reader.value) if self.units else reader.value
        return reader.value  # numbers, booleans; null and undefined are None

    def _token(self) -> Any:
        """``JsonWriter.WriteToken(reader)`` into a ``JTokenWriter``: the value it holds."""
        reader = self.reader
        if not Token.is_start(reader.token):
            return self._scalar()
        opened = [self._open()]
        while True:
            if not reader.read():
                self._check_complete()
                value = self._close(opened.pop())
                while opened:
                    opened[-1].add(value)
                    value = self._close(opened.pop())
                return value
            token = reader.token
            if token == Token.PROPERTY_NAME:
                opened[-1].key = repaired(reader.value) if self.units else reader.value
            elif Token.is_start(token):
                opened.append(self._open())
            elif Token.is_end(token):
                value = self._close(opened.pop())
                if not opened:
                    return value
                opened[-1].add(value)
            elif token != Token.COMMENT:  # JTokenWriter keeps comments; the mock drops them
                opened[-1].add(self._scalar())

    def _open(self) -> _Open:
        opened = _Open()
        if self.reader.token == Token.START_OBJECT:
            opened.members = []
        elif self.reader.token == Token.START_CONSTRUCTOR:
            self.constructor = True  # its arguments are read as an array's items
        return opened

    def _close(self, opened: _Open) -> Any:
        if opened.members is None:
            return opened.items
        return self.pairs(opened.members) if self.pairs else dict(opened.members)

    def _check_complete(self) -> None:
        """``JsonWriter.IsWriteTokenIncomplete`` once the reader has run out inside the value
        (the root container's depth is 0): the reader stopped after a comma, a name or a start
        token, not after a value it had finished (its token is then ``None``)."""
        reader = self.reader
        token = reader.token
        if token == Token.NONE:
            return
        final = reader.depth - 1 if Token.is_end(token) else reader.depth
        if final > 0 or (final == 0 and Token.is_start(token)):
            # JsonWriterException.Create(writer, …): the writer's ContainerPath and no place
            path = build_path(reader.stack) if reader.current.kind else ""
            raise ReaderError(format_message("Unexpected end when reading token.", path, None))
