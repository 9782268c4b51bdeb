"""The Response action: status code, headers and body, as Logic Apps sends them."""

from __future__ import annotations

import base64
import binascii
import enum
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reqres_mock.errors import DefinitionError
from reqres_mock.protocol import jsonwire

TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"

#: Headers a Response action cannot set; Logic Apps drops them silently.
_DROPPED_EXACT = frozenset(
    {"allow", "cookie", "expires", "last-modified", "set-cookie", "transfer-encoding"}
)
_CONTENT_ALLOWED = frozenset({"content-disposition", "content-encoding", "content-type"})


class Delivery(enum.Enum):
    """What became of a Response action's reply."""

    SENT = "sent"
    #: another Response already answered the call
    ALREADY_SENT = "already-sent"
    #: the caller had already been sent 504 (or the asynchronous deadline had passed)
    TOO_LATE = "too-late"


#: The error code of a Response action that ran after its caller's deadline.
RESPONSE_TIMED_OUT = "ActionResponseTimedOut"


def late_response_message(action: str) -> str:
    """The error of a Response action that ran after the caller's deadline: the action and
    then the run fail ("the Response action is marked as 'Failed' … your logic app run is
    also marked with 'Failed' status", Microsoft's schema reference for the Response action;
    the wording is from https://github.com/Azure/logicapps/issues/1340)."""
    return (
        f"The execution of template action '{action}' is failed: the client application timed "
        "out waiting for a response from service. This means that workflow took longer to "
        "respond than the alloted timeout value. The connection maintained between the client "
        "application and service will be closed and client application needs to handle this "
        "case."
    )


#: Characters that would break the HTTP head if sent in a header.
_BREAKING = ("\r", "\n", "\0")


def is_dropped_header(name: str) -> bool:
    """Whether Logic Apps drops ``name`` from a Response action's headers."""
    lowered = name.lower()
    if lowered in _DROPPED_EXACT:
        return True
    return lowered.startswith("content-") and lowered not in _CONTENT_ALLOWED


@dataclass(frozen=True)
class Response:
    """A Response action.

    :param status_code: 2xx, 4xx or 5xx (Logic Apps refuses 1xx and 3xx at save time).
    :param headers: response headers; values are sent as strings.
    :param body: ``None`` (no body), ``str`` (text), ``bytes``, any JSON value, or
        ``{"$content-type": ..., "$content": <base64>}`` for binary content.
    :param delay: seconds the workflow takes before this Response is produced (for 504 tests).
    :param asynchronous: the ``Asynchronous`` option: callers get 202 with a polling URL at
        once, and poll for this Response.
    :raises DefinitionError: for a status code or delay Logic Apps would not accept.
    """

    status_code: int = 200
    headers: Mapping[str, Any] = field(default_factory=dict)
    body: Any = None
    delay: float | None = None
    asynchronous: bool = False

    def __post_init__(self) -> None:
        code = self.status_code
        if isinstance(code, bool) or not isinstance(code, int):
            raise DefinitionError(
                f"Response statusCode must be an integer, got {code!r}", pointer="/statusCode"
            )
        if not (200 <= code <= 299 or 400 <= code <= 599):
            raise DefinitionError(
                f"Response statusCode {code} is not allowed: Logic Apps accepts 2xx, 4xx and "
                "5xx only (it refuses 1xx and 3xx when the workflow is saved)",
                pointer="/statusCode",
            )
        if not isinstance(self.headers, Mapping):
            raise DefinitionError("Response headers must be a mapping", pointer="/headers")
        for name, value in self.headers.items():
            # a line break would start a header of its own (or end the head): Kestrel refuses
            # such a header ("Invalid non-ASCII or control character in header"), and the
            # mock will not send what HTTP cannot carry
            if any(char in str(name) for char in _BREAKING) or (
                isinstance(value, str) and any(char in value for char in _BREAKING)
            ):
                raise DefinitionError(
                    f"Response header {str(name)!r} holds a line break or NUL character, which "
                    "HTTP cannot carry in a header; remove it (e.g. with replace())",
                    pointer=f"/headers/{name}",
                )
        if self.delay is not None and (
            isinstance(self.delay, bool)
            or not isinstance(self.delay, (int, float))
            or not math.isfinite(self.delay)
            or self.delay < 0
        ):
            raise DefinitionError(f"Response delay must be >= 0 seconds, got {self.delay!r}")
        if not isinstance(self.body, (str, bytes, type(None))) and not jsonwire.is_writable(
            self.body
        ):
            raise DefinitionError(
                "Response body is not JSON-serialisable: "
                f"{type(self.body).__name__} holds a value JSON cannot write",
                pointer="/body",
            )


@dataclass(frozen=True)
class RenderedResponse:
    """A Response turned into wire form, with what Logic Apps changed on the way."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    dropped_headers: tuple[str, ...]
    defaulted_content_type: str | None


def _binary_content(body: Any) -> tuple[bytes, str] | None:
    if isinstance(body, dict) and set(body) == {"$content-type", "$content"}:
        try:
            return base64.b64decode(str(body["$content"]), validate=True), str(
                body["$content-type"]
            )
        except (binascii.Error, ValueError):
            return None
    return None


def render(response: Response) -> RenderedResponse:
    """Wire form of a Response: dropped headers removed, Content-Type defaulted, body encoded."""
    headers: list[tuple[str, str]] = []
    dropped = []
    for name, value in response.headers.items():
        if is_dropped_header(str(name)):
            dropped.append(str(name))
            continue
        text = value if isinstance(value, str) else json.dumps(value)
        headers.append((str(name), text))
    has_type = any(k.lower() == "content-type" for k, _ in headers)
    body = response.body
    default_type = None
    if body is None:
        data = b""
    elif isinstance(body, bytes):
        data, default_type = body, "application/octet-stream"
    elif isinstance(body, str):
        data, default_type = jsonwire.utf8(body), TEXT_CONTENT_TYPE
    elif (binary := _binary_content(body)) is not None:
        data, default_type = binary
    else:
        data = jsonwire.encode(body)
        default_type = JSON_CONTENT_TYPE
    defaulted = None if has_type else default_type
    if defaulted is not None:
        headers.append(("Content-Type", defaulted))
    return RenderedResponse(
        status=response.status_code,
        headers=headers,
        body=data,
        dropped_headers=tuple(dropped),
        defaulted_content_type=defaulted,
    )
