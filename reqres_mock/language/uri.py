"""URI functions: ``encodeUriComponent``/``uriComponent``, ``decodeUriComponent``/
``uriComponentToString``, ``dataUri``/``dataUriToString``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

from reqres_mock.language.conversion import from_base64, to_base64
from reqres_mock.language.registry import alias, function, text_arg
from reqres_mock.language.values import to_text


@function("encodeUriComponent", 1)
def _encode_uri_component(value: Any) -> str:
    return quote(to_text(value), safe="-_.!~*'()")


alias("uriComponent", "encodeUriComponent")


@function("decodeUriComponent", 1)
def _decode_uri_component(value: Any) -> str:
    return unquote(text_arg("decodeUriComponent", value))


alias("uriComponentToString", "decodeUriComponent")


@function("dataUri", 1)
def _data_uri(value: Any) -> str:
    return "data:text/plain;charset=utf-8;base64," + to_base64(value)


@function("dataUriToString", 1)
def _data_uri_to_string(value: Any) -> str:
    head, _, data = text_arg("dataUriToString", value).partition(",")
    if ";base64" in head:
        return from_base64("dataUriToString", data)
    return unquote(data)
