"""Binary functions: ``binary``, ``base64ToBinary``, ``uriComponentToBinary``, ``dataUri``,
``dataUriToBinary``, ``decodeDataUri`` and ``dataUriToString``.

Binary content is the runtime's ``{"$content-type": ..., "$content": <base64>}`` object (see
:func:`~reqres_mock.language.values.binary`); ``string()``, ``concat()`` and interpolation
write its bytes as UTF-8, ``base64()`` returns its content.

Data URIs follow the grammar the runtime accepts, as IllogicApps' ``BinaryConversionTests.fs``
recorded it: ``data:[type/subtype][;name=value]*[;base64],data`` with a case-insensitive
``data:`` and ``base64`` marker that counts only as the last parameter, whitespace allowed
inside base64, ``+`` as a space in URL-encoded data, an empty media type meaning
``text/plain``. ``dataUriToBinary`` validates the media type, every parameter and the charset;
``dataUriToString`` is laxer about those but refuses a first ``charset`` other than UTF-8.
``decodeDataUri`` reads the URI as content of its type: a string, parsed JSON, or binary.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from typing import Any
from urllib.parse import unquote, unquote_plus

from reqres_mock.language.registry import fail, function, text_arg, usage
from reqres_mock.language.values import (
    CONTENT,
    CONTENT_TYPE,
    binary,
    binary_bytes,
    is_binary,
    to_text,
)
from reqres_mock.protocol.encoding import text_codec
from reqres_mock.protocol.jsonread import JsonReadError
from reqres_mock.protocol.jsonread import loads as read_json
from reqres_mock.protocol.jsonwire import utf8
from reqres_mock.protocol.trigger import is_json, media_type

_MEDIA_TYPE = re.compile(r"[^/\s;,]+/[^/\s;,]+")


def decode_base64(name: str, text: str) -> bytes:
    """Bytes of base64 text (whitespace in it ignored), or the error of function ``name``."""
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as err:
        # tomdam/flowforger packages/engine/src/expr/functions/encoding.ts (base64ToBinary)
        raise fail(
            name,
            "was invoked with a parameter that is not valid. The value cannot be decoded from "
            "base64 representation.",
        ) from err


@function("binary", 1)
def _binary(value: Any) -> dict[str, str]:
    if value is None:
        # tomdam/flowforger packages/engine/src/expr/functions/encoding.ts
        raise fail(
            "binary",
            "was invoked with a parameter that is not valid. The value cannot be converted to "
            "the target type.",
        )
    # binary() of binary (XML included) keeps the bytes and retypes them as octet-stream
    # (IllogicApps' BinaryOfXmlTest)
    return binary(binary_bytes(value) if is_binary(value) else utf8(to_text(value)))


@function("base64ToBinary", 1)
def _base64_to_binary(value: Any) -> dict[str, str]:
    text = text_arg("base64ToBinary", value)
    decode_base64("base64ToBinary", text)
    # the runtime keeps the content as written (whitespace included) once it is valid
    return {CONTENT_TYPE: "application/octet-stream", CONTENT: text}


@function("uriComponentToBinary", 1)
def _uri_component_to_binary(value: Any) -> dict[str, str]:
    return binary(utf8(unquote(text_arg("uriComponentToBinary", value))))


@function("dataUri", 1)
def _data_uri(value: Any) -> str:
    if value is None:
        raise fail("dataUri", "expects a value that is not null")
    if is_binary(value):
        kind, content = str(value[CONTENT_TYPE]), binary_bytes(value)
    elif isinstance(value, str):
        kind, content = "text/plain;charset=utf-8", utf8(value)
    else:
        kind, content = "application/json;charset=utf-8", utf8(to_text(value))
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


class _DataUri:
    """The parts of a data URI: media type, parameters, base64 flag and data."""

    def __init__(self, name: str, uri: str) -> None:
        if uri[:5].lower() != "data:" or "," not in uri:
            # tomdam/flowforger packages/engine/src/expr/functions/encoding.ts
            raise fail(
                name,
                "expects its parameter to be formatted as a valid data URI. The provided value "
                f"'{uri}' was not formatted correctly. {usage(name)}",
            )
        header, _, self.data = uri[5:].partition(",")
        parts = header.split(";")
        self.media_type, self.parameters = parts[0], parts[1:]
        self.is_base64 = False
        if self.parameters and self.parameters[-1].lower() == "base64":
            self.parameters.pop()
            self.is_base64 = True
        elif not self.parameters and self.media_type.lower() == "base64":
            self.media_type, self.is_base64 = "", True
        if any(not p for p in self.parameters):
            raise fail(name, f"got a data URI with an empty parameter: '{uri}'")
        self.name = name

    def charset(self, first_only: bool) -> str | None:
        candidates = self.parameters[:1] if first_only else self.parameters
        for parameter in candidates:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "charset":
                return value.strip()
        return None

    def content_type(self) -> str:
        media = self.media_type or "text/plain"
        return ";".join([media, *self.parameters])


def _codec(name: str, charset: str) -> str:
    found = text_codec(charset)
    if found is None:
        raise fail(name, f"got a data URI with an unknown charset '{charset}'")
    return found


@function("dataUriToBinary", 1)
def _data_uri_to_binary(value: Any) -> dict[str, str]:
    parsed = _DataUri("dataUriToBinary", text_arg("dataUriToBinary", value))
    if parsed.media_type and not _MEDIA_TYPE.fullmatch(parsed.media_type):
        raise fail("dataUriToBinary", f"got a data URI with a malformed media type '{value}'")
    if any(p.count("=") > 1 for p in parsed.parameters):
        raise fail("dataUriToBinary", f"got a data URI with a malformed parameter '{value}'")
    encoding = _codec("dataUriToBinary", parsed.charset(first_only=False) or "utf-8")
    if parsed.is_base64:
        return {CONTENT_TYPE: parsed.content_type(), CONTENT: parsed.data}
    text = unquote_plus(parsed.data)
    # UTF-8 as .NET writes it (a lone surrogate as U+FFFD); other codecs put "?" for what
    # they cannot write, as .NET's replacement fallback does
    content = (
        utf8(text) if codecs.lookup(encoding).name == "utf-8" else text.encode(encoding, "replace")
    )
    return {CONTENT_TYPE: parsed.content_type(), CONTENT: base64.b64encode(content).decode()}


@function("decodeDataUri", 1)
def _decode_data_uri(value: Any) -> Any:
    # The URI read as content of its media type: text as a string, JSON parsed, anything else
    # binary content whose type gets ";charset=us-ascii" unless it names a charset; measured in
    # the cloud by tomdam/flowforger (packages/engine/src/__tests__/binary-expressions.test.ts,
    # from conformance/flows/binary.ff.ts: 'data:text/csv;base64,YSxi' is 'a,b',
    # 'data:application/json;base64,eyJhIjoxfQ==' is {"a": 1}, 'data:image/png;base64,…' is
    # image/png;charset=us-ascii). The grammar and its checks are dataUriToBinary's. Text in a
    # named charset is read in it, else as UTF-8 (FlowForger's reading; not measured beyond
    # ASCII); JSON that does not parse stays text (FlowForger's choice, unmeasured).
    content = _data_uri_to_binary(value)
    kind = str(content[CONTENT_TYPE])
    if media_type(kind or "text/plain").startswith("text/") or is_json(kind):
        charset = _DataUri("decodeDataUri", str(value)).charset(first_only=False)
        text = binary_bytes(content).decode(_codec("decodeDataUri", charset or "utf-8"), "replace")
        if not is_json(kind):
            return text
        try:
            return read_json(text)
        except JsonReadError:
            return text
    if not any(p.partition("=")[0].strip().lower() == "charset" for p in kind.split(";")[1:]):
        kind += ";charset=us-ascii"
    return {CONTENT_TYPE: kind, CONTENT: content[CONTENT]}


@function("dataUriToString", 1)
def _data_uri_to_string(value: Any) -> str:
    parsed = _DataUri("dataUriToString", text_arg("dataUriToString", value))
    charset = parsed.charset(first_only=True)
    if charset is not None and _codec("dataUriToString", charset) != "utf-8":
        raise fail("dataUriToString", f"supports only the UTF-8 charset, got '{charset}'")
    if parsed.is_base64:
        return decode_base64("dataUriToString", parsed.data).decode("utf-8", "replace")
    return unquote_plus(parsed.data)
