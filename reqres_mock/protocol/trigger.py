"""The Request trigger ("When an HTTP request is received") and the outputs it produces."""

from __future__ import annotations

import base64
import codecs
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_plus

from reqres_mock.config import Flavor
from reqres_mock.errors import DefinitionError
from reqres_mock.protocol import replies
from reqres_mock.protocol.callback import RESERVED_QUERY
from reqres_mock.protocol.concurrency import check_limits
from reqres_mock.protocol.encoding import text_codec
from reqres_mock.protocol.jsonread import JsonReadError
from reqres_mock.protocol.jsonread import loads as read_json
from reqres_mock.protocol.kestrel import in_request_order
from reqres_mock.protocol.routing import RelativePath
from reqres_mock.protocol.schema import compile_schema

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from reqres_mock.exchange import InboundRequest
    from reqres_mock.protocol.replies import Failure

#: Methods the designer offers for the Request trigger.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class OperationOption:
    """Names of the Request trigger's ``operationOptions`` that the mock honours."""

    ENABLE_SCHEMA_VALIDATION = "EnableSchemaValidation"
    SUPPRESS_WORKFLOW_HEADERS = "SuppressWorkflowHeadersOnResponse"
    INCLUDE_AUTHORIZATION_HEADERS = "IncludeAuthorizationHeadersInOutputs"
    #: one run at a time, the same as ``runtimeConfiguration.concurrency.runs: 1`` ("All
    #: triggers", https://learn.microsoft.com/azure/logic-apps/logic-apps-workflow-actions-triggers)
    SINGLE_INSTANCE = "SingleInstance"
    ALL = (
        ENABLE_SCHEMA_VALIDATION,
        SUPPRESS_WORKFLOW_HEADERS,
        INCLUDE_AUTHORIZATION_HEADERS,
        SINGLE_INSTANCE,
    )


def parse_operation_options(value: str | Iterable[str] | None, *, pointer: str) -> frozenset[str]:
    """Normalise comma-separated or listed options to their canonical spelling.

    :raises DefinitionError: for an option the Request trigger does not have.
    """
    if value is None:
        return frozenset()
    items = value.split(",") if isinstance(value, str) else list(value)
    canonical = {o.lower(): o for o in OperationOption.ALL}
    result = set()
    for item in items:
        name = str(item).strip()
        if not name:
            continue
        if name.lower() not in canonical:
            raise DefinitionError(
                f"unknown operation option {name!r} for a Request trigger; valid: "
                f"{', '.join(OperationOption.ALL)}",
                pointer=pointer,
            )
        result.add(canonical[name.lower()])
    return frozenset(result)


@dataclass(frozen=True, kw_only=True)
class RequestTrigger:
    """A Request trigger: ``type: Request``, ``kind: Http``.

    :param name: the trigger's key in the definition (``manual`` by default).
    :param schema: the JSON schema of the request body, or ``None``.
    :param method: the one method accepted; ``None`` means POST (Consumption) or any (Standard).
    :param relative_path: a template such as ``/orders/{id}``, or ``None``.
    :param operation_options: e.g. ``{"EnableSchemaValidation"}``.
    :param concurrency: ``runtimeConfiguration.concurrency.runs`` (1..100); ``None`` is
        unlimited, as in Logic Apps by default.
    :param maximum_waiting_runs: the waiting queue past the limit (default 10 + runs).
    :raises DefinitionError: for an invalid method, schema, path template or option.
    """

    name: str = "manual"
    schema: Mapping[str, Any] | None = None
    method: str | None = None
    relative_path: str | None = None
    operation_options: frozenset[str] = field(default_factory=frozenset)
    concurrency: int | None = None
    maximum_waiting_runs: int | None = None

    def __post_init__(self) -> None:
        if not self.name or "/" in self.name:
            raise DefinitionError(f"trigger name {self.name!r} must be non-empty, without '/'")
        if self.method is not None:
            method = str(self.method).upper()
            if method not in METHODS:
                raise DefinitionError(
                    f"method {self.method!r} is not one a Request trigger accepts; "
                    f"use one of {', '.join(METHODS)}",
                    pointer=f"/triggers/{self.name}/inputs/method",
                )
            object.__setattr__(self, "method", method)
        object.__setattr__(
            self,
            "operation_options",
            parse_operation_options(
                self.operation_options, pointer=f"/triggers/{self.name}/operationOptions"
            ),
        )
        path = None
        if self.relative_path is not None:
            try:
                path = RelativePath(self.relative_path)
            except DefinitionError as err:
                raise DefinitionError(
                    err.message, pointer=f"/triggers/{self.name}/inputs/relativePath"
                ) from err
        object.__setattr__(self, "_path", path)
        if OperationOption.SINGLE_INSTANCE in self.operation_options:
            object.__setattr__(self, "concurrency", 1)  # the option wins over a runs setting
        runs, waiting = check_limits(
            self.concurrency,
            self.maximum_waiting_runs,
            pointer=f"/triggers/{self.name}/runtimeConfiguration/concurrency",
        )
        object.__setattr__(self, "concurrency", runs)
        object.__setattr__(self, "maximum_waiting_runs", waiting)
        validator = None
        if self.schema is not None:
            validator = compile_schema(self.schema, pointer=f"/triggers/{self.name}/inputs/schema")
        object.__setattr__(self, "_validator", validator)

    @property
    def path(self) -> RelativePath | None:
        """The compiled relativePath template."""
        return self._path  # type: ignore[attr-defined,no-any-return]

    @property
    def validator(self) -> Any:
        """The compiled schema validator, or ``None``."""
        return self._validator  # type: ignore[attr-defined]

    def has_option(self, option: str) -> bool:
        return option in self.operation_options

    @property
    def inputs(self) -> dict[str, Any]:
        """The trigger's ``inputs`` as they appear in a definition."""
        data: dict[str, Any] = {}
        if self.method:
            data["method"] = self.method
        if self.relative_path is not None:
            data["relativePath"] = self.relative_path
        if self.schema is not None:
            data["schema"] = self.schema
        return data


def media_type(content_type: str | None) -> str:
    """The lower-case media type of a Content-Type value, without parameters."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_json(content_type: str | None) -> bool:
    kind = media_type(content_type)
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


def charset_of(content_type: str, default: str = "utf-8") -> str:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            name = value.strip().strip('"')
            return text_codec(name) or default
    return default


def parse_json_body(body: bytes, content_type: str) -> Any:
    """Parse a JSON request body.

    :raises ValueError: with a Newtonsoft-style detail when it is not JSON.
    """
    charset = charset_of(content_type)
    if charset == "utf-8" and body.startswith(codecs.BOM_UTF8):
        charset = "utf-8-sig"
    try:
        text = body.decode(charset)
    except UnicodeDecodeError as err:
        raise ValueError(
            f"The request body is not valid {charset}: byte 0x{body[err.start]:02x} at "
            f"position {err.start}"
        ) from err
    try:
        return read_json(text)
    except JsonReadError as err:
        raise ValueError(err.reason) from err


def _content(body: bytes, content_type: str) -> dict[str, Any]:
    return {"$content-type": content_type, "$content": base64.b64encode(body).decode()}


def _form_data(body: bytes) -> list[dict[str, str]]:
    text = body.decode("latin-1")
    pairs = []
    for piece in text.split("&"):
        key, _, value = piece.partition("=")
        pairs.append({"key": unquote_plus(key), "value": unquote_plus(value)})
    return pairs


def _multipart(body: bytes, content_type: str) -> list[dict[str, Any]]:
    """Each part as ``{"headers", "body"}``, as the Standard runtime shapes them (a capture
    in ScoreUnder/IllogicApps ``TestData/simpleRelativePath/trace-form-data.txt``): the part's
    headers plus its ``Content-Length``; a ``text/*`` body as a string; any other, or one
    without ``Content-Type``, as ``$content`` (``application/octet-stream`` by default)."""
    from email.parser import BytesParser  # noqa: PLC0415 (rarely needed, slow to import)
    from email.policy import HTTP  # noqa: PLC0415

    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + body
    )
    parts = []
    if message.is_multipart():
        for part in message.iter_parts():
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            headers = {k: str(v) for k, v in part.items() if k.lower() != "content-length"}
            headers["Content-Length"] = str(len(data))
            part_type = str(part.get("Content-Type") or "application/octet-stream")
            shaped: Any
            if media_type(part_type).startswith("text/"):
                shaped = data.decode(charset_of(part_type), "replace")
            else:
                shaped = _content(data, part_type)
            parts.append({"headers": headers, "body": shaped})
    return parts


def shape_body(body: bytes, content_type: str | None) -> Any:
    """The trigger's ``body`` output for a request body, shaped by its Content-Type.

    :raises ValueError: when a JSON Content-Type carries a body that is not JSON.
    """
    declared = content_type or "application/octet-stream"
    if is_json(content_type):
        return parse_json_body(body, declared)
    kind = media_type(content_type)
    if kind == "text/plain":
        return body.decode(charset_of(declared), "replace")
    shaped = _content(body, declared)
    if kind == "application/x-www-form-urlencoded":
        shaped["$formdata"] = _form_data(body)
    elif kind == "multipart/form-data":
        shaped["$multipart"] = _multipart(body, declared)
    return shaped


def build_outputs(
    trigger: RequestTrigger,
    request: InboundRequest,
    path_parameters: dict[str, str] | None,
    *,
    flavor: Flavor,
) -> tuple[dict[str, Any], Failure | None]:
    """The trigger outputs for ``request``: ``headers``, ``queries``,
    ``relativePathParameters``, ``body`` — each present only when it has a value. A Standard
    workflow's headers come in Kestrel's order and spelling
    (:func:`~reqres_mock.protocol.kestrel.in_request_order`); a Consumption one's as they came
    (no capture shows another order).

    :returns: the outputs and, when the body cannot be read, the 400 to send.
    """
    headers = request.headers.to_dict()
    if flavor is Flavor.STANDARD:
        headers = in_request_order(headers)
    if not trigger.has_option(OperationOption.INCLUDE_AUTHORIZATION_HEADERS):
        headers = {k: v for k, v in headers.items() if k.lower() != "authorization"}
    # Key order as the Standard traces show it: headers, queries, relativePathParameters,
    # body (IllogicApps trace-relative-path-extra-param.txt and trace-form-data.txt).
    outputs: dict[str, Any] = {"headers": headers}
    queries: dict[str, str] = {}
    for key, value in request.query_pairs:
        if key.lower() not in RESERVED_QUERY:
            queries[key] = f"{queries[key]},{value}" if key in queries else value
    if queries:
        outputs["queries"] = queries
    if path_parameters is not None:
        outputs["relativePathParameters"] = path_parameters
    body, failure = read_body(request)
    if request.body and failure is None:
        outputs["body"] = body
    return outputs, failure


def read_body(request: InboundRequest) -> tuple[Any, Failure | None]:
    """A request's body as outputs carry it (a trigger's, a webhook action's callback):
    shaped by its Content-Type, ``None`` when it sent none; a JSON Content-Type on a body that
    is not JSON is the 400 ``InvalidRequestContent`` to send instead."""
    if not request.body:
        return None, None
    try:
        return shape_body(request.body, request.headers.get("Content-Type")), None
    except ValueError as err:
        return None, replies.invalid_request_content(str(err))
