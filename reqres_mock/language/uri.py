"""URI functions: ``encodeUriComponent``/``uriComponent``, ``decodeUriComponent``/
``uriComponentToString`` and the parts of a URI as .NET's ``Uri`` gives them: ``uriHost``,
``uriPath``, ``uriPathAndQuery``, ``uriPort`` (the scheme's default port when none is written),
``uriQuery`` (with its ``?``) and ``uriScheme``. Data URIs are in
:mod:`reqres_mock.language.binary`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import SplitResult, quote, unquote_plus, urlsplit

from reqres_mock.language.registry import alias, fail, function, text_arg
from reqres_mock.language.values import to_text
from reqres_mock.protocol.jsonwire import utf8


@function("encodeUriComponent", 1, -1)
def _encode_uri_component(*values: Any) -> str:
    # More than one value is encoded as their texts joined: the cloud's
    # uriComponent('a b', 1, true, null) is 'a%20b1True' (tomdam/flowforger
    # packages/engine/src/expr/functions/encoding.ts, measured by its
    # conformance/flows/expr-errors.ff.ts; any number from one: its arity.ts).
    return quote(utf8("".join(to_text(value) for value in values)), safe="-_.!~*'()")


alias("uriComponent", "encodeUriComponent")


@function("decodeUriComponent", 1)
def _decode_uri_component(value: Any) -> str:
    # "Like the cloud, '+' decodes to a space" (tomdam/flowforger
    # packages/engine/src/expr/functions/encoding.ts, measured against the cloud); .NET's
    # WebUtility.UrlDecode does this (which call the runtime makes is not known). '%2B' stays '+'.
    return unquote_plus(text_arg("decodeUriComponent", value))


alias("uriComponentToString", "decodeUriComponent")


def _uri(name: str, value: Any) -> SplitResult:
    text = text_arg(name, value)
    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018  (urlsplit checks the port only when it is read)
    except ValueError as err:
        raise fail(name, f"expects an absolute URI, got '{text}'") from err
    if not parts.scheme or not parts.netloc:
        raise fail(name, f"expects an absolute URI, got '{text}'")
    return parts


#: What .NET's Uri.Port answers when the URI names no port.
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21, "ws": 80, "wss": 443, "file": -1}


@function("uriHost", 1)
def _uri_host(value: Any) -> str:
    return (_uri("uriHost", value).hostname or "").lower()


@function("uriPath", 1)
def _uri_path(value: Any) -> str:
    return _uri("uriPath", value).path or "/"


@function("uriPathAndQuery", 1)
def _uri_path_and_query(value: Any) -> str:
    parts = _uri("uriPathAndQuery", value)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@function("uriPort", 1)
def _uri_port(value: Any) -> int:
    parts = _uri("uriPort", value)
    if parts.port is not None:
        return parts.port
    return _DEFAULT_PORTS.get(parts.scheme.lower(), -1)


@function("uriQuery", 1)
def _uri_query(value: Any) -> str:
    query = _uri("uriQuery", value).query
    return f"?{query}" if query else ""


@function("uriScheme", 1)
def _uri_scheme(value: Any) -> str:
    return _uri("uriScheme", value).scheme.lower()
