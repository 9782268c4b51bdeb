"""How the runtime's HTTP client reads a reply into an HTTP-based action's outputs
(``{"statusCode", "headers", "body"}``).

The rules are those a public Power Automate emulator's author measured against the cloud
(tomdam/flowforger ``packages/connectors-http/src/cloud-http.ts``, by
``conformance/flows/http.ff.ts``): Power Automate runs on the multi-tenant (Consumption)
runtime. Its list of header names is .NET's own list of known headers (dotnet/runtime
``System.Net.Http`` ``KnownHeaders``), which names them the same way on Standard's .NET, so the
mock applies these rules to both hosts.

- Headers: a name .NET knows is written its way (``content-type`` → ``Content-Type``), any other
  as received; repeated fields are joined with ``,``; ``Cache-Control`` is written back in the
  order .NET's ``CacheControlHeaderValue`` writes its directives (``no-cache, no-store`` →
  ``no-store, no-cache``); ``Content-Length`` is the length of the body as read, last.
- Body: JSON types (``application/json``, ``*+json``) parsed, and a body they cannot parse fails
  the action (:class:`ReplyContentError`); ``text/*``, or no Content-Type, a string; any other
  type binary content (``{"$content-type", "$content"}``); an empty body leaves ``body`` out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reqres_mock.protocol.jsonread import JsonReadError
from reqres_mock.protocol.jsonread import loads as read_json
from reqres_mock.protocol.trigger import charset_of, is_json, media_type, shape_body

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["ReplyContentError", "reply_body", "reply_headers", "reply_outputs"]

#: .NET's known header names (the emulator's list): written this way whatever the server sent.
KNOWN_HEADERS = (
    *("Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Accept-Patch"),
    *("Accept-Ranges", "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers"),
    *("Access-Control-Allow-Methods", "Access-Control-Allow-Origin"),
    *("Access-Control-Expose-Headers", "Access-Control-Max-Age", "Age", "Allow", "Alt-Svc"),
    *("Alt-Used", "Authorization", "Cache-Control", "Connection", "Content-Disposition"),
    *("Content-Encoding", "Content-Language", "Content-Length", "Content-Location"),
    *("Content-MD5", "Content-Range", "Content-Security-Policy", "Content-Type", "Cookie"),
    *("Cookie2", "Date", "ETag", "Expect", "Expect-CT", "Expires", "From", "Host", "If-Match"),
    *("If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since", "Keep-Alive"),
    *("Last-Modified", "Link", "Location", "Max-Forwards", "Origin", "P3P", "Pragma"),
    *("Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "Proxy-Support"),
    *("Public-Key-Pins", "Range", "Referer", "Referrer-Policy", "Refresh", "Retry-After"),
    *("Sec-WebSocket-Accept", "Sec-WebSocket-Extensions", "Sec-WebSocket-Key"),
    *("Sec-WebSocket-Protocol", "Sec-WebSocket-Version", "Server", "Server-Timing"),
    *("Set-Cookie", "Set-Cookie2", "Strict-Transport-Security", "TE", "TSV", "Trailer"),
    *("Transfer-Encoding", "Upgrade", "Upgrade-Insecure-Requests", "User-Agent", "Vary", "Via"),
    *("WWW-Authenticate", "Warning", "X-AspNet-Version", "X-Cache", "X-Content-Duration"),
    *("X-Content-Type-Options", "X-Frame-Options", "X-MSEdge-Ref", "X-Powered-By"),
    *("X-Request-ID", "X-UA-Compatible", "X-XSS-Protection"),
)
_KNOWN = {name.lower(): name for name in KNOWN_HEADERS}
#: The order .NET's ``CacheControlHeaderValue`` writes its directives in; others after them.
CACHE_CONTROL_ORDER = (
    *("no-store", "no-transform", "only-if-cached", "public", "must-revalidate"),
    *("proxy-revalidate", "no-cache", "max-age", "s-maxage", "max-stale", "min-fresh"),
    "private",
)
_CACHE_RANK = {name: rank for rank, name in enumerate(CACHE_CONTROL_ORDER)}
#: The runtime's sentence around its JSON reader's reason (the emulator's, measured).
_NOT_JSON = "Http request failed: the content was not a valid JSON. Error while parsing JSON: '{0}'"


class ReplyContentError(ValueError):
    """A reply declared JSON whose body is not: the action fails with code ``BadRequest``
    and no outputs.

    :ivar message: the runtime's error message.
    """

    def __init__(self, reason: str) -> None:
        self.message = _NOT_JSON.replace("{0}", reason)
        super().__init__(self.message)


def _cache_control(value: str) -> str:
    directives = [d.strip() for d in value.split(",") if d.strip()]
    rank = len(CACHE_CONTROL_ORDER)
    # sorted() is stable: directives of one rank (the unknown ones) keep their order
    return ", ".join(
        sorted(directives, key=lambda d: _CACHE_RANK.get(d.split("=")[0].strip().lower(), rank))
    )


def reply_headers(fields: Iterable[tuple[str, str]], body_length: int) -> dict[str, str]:
    """The ``headers`` output of a reply's header ``fields`` (in wire order) and a body of
    ``body_length`` bytes."""
    out: dict[str, str] = {}
    names: dict[str, str] = {}
    for name, value in fields:
        lower = name.lower()
        if lower == "content-length":
            continue
        key = names.setdefault(lower, _KNOWN.get(lower, name))
        out[key] = f"{out[key]},{value}" if key in out else value
    if "Cache-Control" in out:
        out["Cache-Control"] = _cache_control(out["Cache-Control"])
    out["Content-Length"] = str(body_length)
    return out


def _text(data: bytes, content_type: str | None) -> str:
    text = data.decode(charset_of(content_type or ""), "replace")
    return text.removeprefix("\ufeff")


def reply_body(data: bytes, content_type: str | None) -> Any:
    """The ``body`` output of a non-empty reply body, typed by its Content-Type.

    :raises ReplyContentError: when a JSON Content-Type carries a body that is not JSON.
    """
    if is_json(content_type):
        try:
            return read_json(_text(data, content_type))
        except JsonReadError as err:
            raise ReplyContentError(err.reason) from err
    kind = media_type(content_type)
    if not kind or kind.startswith("text/"):
        return _text(data, content_type)
    return shape_body(data, content_type)  # binary content ($formdata for a form, too)


def reply_outputs(
    status: int, fields: Iterable[tuple[str, str]], data: bytes, content_type: str | None
) -> dict[str, Any]:
    """An HTTP-based action's outputs for a reply; ``body`` only when the reply had one.

    :raises ReplyContentError: when a JSON Content-Type carries a body that is not JSON.
    """
    outputs: dict[str, Any] = {"statusCode": status, "headers": reply_headers(fields, len(data))}
    if data:
        outputs["body"] = reply_body(data, content_type)
    return outputs
