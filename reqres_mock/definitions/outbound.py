"""Outbound calls: the request an action sends, built as the Logic Apps runtime builds it, and
the log entry each attempt leaves on the run (``run.outbound``).

Http, HttpWebhook (its subscribe call), ApiConnection(Webhook) and Function actions are HTTP on
the wire; their request is the one the runtime sends: method, absolute URI (its query string
replaced by ``queries``), headers, a JSON body as ``application/json; charset=utf-8``, and
Basic/Raw ``authentication`` turned into an ``Authorization`` header. ServiceProvider,
InvokeFunction and Workflow actions are not HTTP on the wire; they are given a documented
HTTP-shaped request — a ``POST`` of their parameters as JSON to a URL under the reserved
``.invalid`` domain naming the provider (or function, or workflow) and the operation — so the
same stubs and assertions serve every kind:

=================  =========================================================================
ServiceProvider    ``POST https://serviceproviders.invalid/<provider>/<connection>/<operationId>``
InvokeFunction     ``POST https://functions.invalid/<functionName>``
Workflow           ``POST https://workflows.invalid/<workflow>/triggers/<trigger>/invoke``
=================  =========================================================================
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from reqres_mock.definitions.actions import ActionFailure
from reqres_mock.exchange import Headers
from reqres_mock.language.functions import to_text
from reqres_mock.protocol import jsonwire

#: Action types (lower case) whose calls are built, stubbed by request, logged and retried.
OUTBOUND_TYPES = frozenset(
    {"http", "httpwebhook", "apiconnection", "apiconnectionwebhook", "serviceprovider"}
    | {"function", "invokefunction", "workflow"}
)
#: Headers the runtime removes from an Http action's request without a warning (Microsoft
#: Learn, "Call service endpoints over HTTP or HTTPS", Known issues: Omitted HTTP headers).
_OMITTED = frozenset(
    {"allow", "cookie", "expires", "host", "last-modified", "origin", "set-cookie"}
    | {"transfer-encoding"}
)
_CONTENT_KEPT = frozenset({"content-disposition", "content-encoding", "content-type"})
JSON_UTF8 = "application/json; charset=utf-8"
TEXT_UTF8 = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class OutboundRequest:
    """One request an action sends (or, for non-HTTP actions, its HTTP-shaped stand-in).

    :ivar method: upper case.
    :ivar url: absolute, with the query string.
    :ivar headers: as sent, ``Content-Type`` included when there is a body.
    :ivar body: the body bytes (empty when none).
    :ivar action: the name of the action that sent it.
    :ivar kind: the action's type as written in the definition (``Http``, ``ApiConnection``...).
    :ivar authentication: the action's ``authentication`` block, as evaluated.
    :ivar dropped_headers: headers of the action the runtime leaves out of the request
        (``Content-Length``, ``Host``, ``Cookie``...).
    :ivar spelled: the URL as the definition spelled it, before it was escaped as .NET's
        ``Uri`` escapes it (a regex stub may be written against either).
    """

    method: str
    url: str
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    action: str = ""
    kind: str = ""
    authentication: dict[str, Any] | None = None
    dropped_headers: tuple[str, ...] = ()
    spelled: str = ""

    def with_headers(self, fields: list[tuple[str, str]]) -> OutboundRequest:
        """This request with ``fields`` added after its own headers, but for the names it
        already has (the action's own value wins)."""
        have = {name.lower() for name in self.headers}
        added = [(name, value) for name, value in fields if name.lower() not in have]
        if not added:
            return self
        return replace(self, headers=Headers([*self.headers.items_list(), *added]))

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    @property
    def query(self) -> dict[str, str]:
        """The query parameters (the last value of a repeated one)."""
        return dict(parse_qsl(urlsplit(self.url).query, keep_blank_values=True))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON.

        :raises ValueError: when the body is not JSON.
        """
        return json.loads(self.body)

    def __repr__(self) -> str:
        return f"<OutboundRequest {self.method} {self.url} from {self.action!r}>"


@dataclass(frozen=True)
class HttpReply:
    """What a stubbed service answers: a status, headers and a body.

    A dict, list, number or boolean body is sent as JSON (``application/json;
    charset=utf-8``), a string as ``text/plain; charset=utf-8``, bytes as
    ``application/octet-stream`` — unless ``headers`` name a ``Content-Type``. The action's
    ``body`` output is then typed by that Content-Type as the runtime types a real reply
    (:mod:`reqres_mock.protocol.httpclient`). ``headers`` may be a list of ``(name, value)``
    pairs, to send a field more than once.
    """

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = None

    def __post_init__(self) -> None:
        if not isinstance(self.headers, Mapping):  # (name, value) pairs: a repeated field
            object.__setattr__(self, "headers", Headers(list(self.headers)))

    def encoded(self) -> tuple[Headers, bytes]:
        """The reply's header fields in order (with Content-Type, and Content-Length last)
        and its body bytes."""
        headers = self.headers
        fields = headers.items_list() if isinstance(headers, Headers) else list(headers.items())
        declared = next((v for k, v in fields if k.lower() == "content-type"), None)
        data, default_type = encode_body(self.body, declared)
        if default_type and declared is None:
            fields.append(("Content-Type", default_type))
        fields = [(k, v) for k, v in fields if k.lower() != "content-length"]
        fields.append(("Content-Length", str(len(data))))
        return Headers(fields), data


@dataclass(frozen=True)
class OutboundCall:
    """One attempt of an outbound call, as ``run.outbound`` lists them in order.

    :ivar action: the action's name.
    :ivar attempt: 1 for the first try, 2 for the first retry...
    :ivar request: what was sent.
    :ivar reply: what came back (``None`` after a network error or when nothing answered).
    :ivar error: the exception a stub raised to fail the call like a network error.
    :ivar delay: seconds the retry policy waited before this attempt (before ``wait_scale``).
    :ivar stub: what answered: ``"http"`` (a request stub), ``"action"`` (``stub_action``),
        ``"workflow"`` (a workflow of the mock), ``"default"`` (``unstubbed="200"``) or
        ``None`` (nothing).
    :ivar poll: 0 for the call itself; 1, 2... for the polls of a 202's ``Location``.
    """

    action: str
    attempt: int
    request: OutboundRequest
    reply: HttpReply | None = None
    error: BaseException | None = None
    delay: float = 0.0
    stub: str | None = None
    poll: int = 0

    @property
    def status(self) -> int | None:
        return self.reply.status if self.reply is not None else None


def encode_body(body: Any, content_type: str | None) -> tuple[bytes, str | None]:
    """A body value as bytes and the Content-Type the runtime would give it."""
    if body is None:
        return b"", None
    if isinstance(body, bytes):
        return body, "application/octet-stream"
    if isinstance(body, dict) and "$content" in body:
        raw = base64.b64decode(str(body["$content"]), validate=True)
        return raw, str(body.get("$content-type") or "application/octet-stream")
    if isinstance(body, str):
        return jsonwire.utf8(body), TEXT_UTF8
    return jsonwire.encode(body), JSON_UTF8


def _mapping(value: Any, what: str, action: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ActionFailure(
            "InvalidTemplate", f"The '{what}' of action '{action}' must be an object."
        )
    return value


def with_root(url: str) -> str:
    """``url`` with the root path when it names none, as .NET's ``Uri`` sends it
    (``http://host:7075`` requests ``/``: its ``AbsoluteUri`` is ``http://host:7075/``)."""
    parts = urlsplit(url)
    return url if parts.path else urlunsplit(parts._replace(path="/"))


#: What .NET's ``Uri`` leaves as it is in a path or query: unreserved, reserved and ``%XX``.
_URI_KEPT = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]+|%[0-9A-Fa-f]{2}")
#: A URI's ``scheme://authority``, taken as written (a stub's glob may hold ``[12]`` there).
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^/?#]*")


def escaped(url: str) -> str:
    """``url`` as .NET's ``Uri`` sends it (its ``AbsoluteUri``): after the authority, a space,
    a control or non-ASCII character (UTF-8; a lone surrogate as U+FFFD), ``"<>^`{|}``
    and a ``%`` that starts no escape are percent-encoded, and a ``\\`` in the path is a
    ``/``; the scheme and authority, and what is already escaped, are kept as written.

    Microsoft's template gallery calls ``.../poster/Flow bot/...`` (Azure/LogicAppsTemplates
    ``tool-post-message-teams``); learn.microsoft.com/dotnet/api/system.uri.absoluteuri:
    "the canonically escaped form". Also used on stub URL and path patterns, so either
    spelling matches.
    """
    authority = _AUTHORITY.match(url)
    head = authority.group(0) if authority else ""
    rest = url[len(head) :]
    path, mark, query = rest.partition("?")
    rest = path.replace("\\", "/") + mark + query
    if _URI_KEPT.fullmatch(rest) or not rest:
        return head + rest
    out = [head]
    position = 0
    for kept in _URI_KEPT.finditer(rest):
        out.append(quote(jsonwire.utf8(rest[position : kept.start()]), safe=""))
        out.append(kept.group(0))
        position = kept.end()
    out.append(quote(jsonwire.utf8(rest[position:]), safe=""))
    return "".join(out)


def _with_queries(url: str, queries: dict[str, Any]) -> str:
    """``url`` with its query string replaced by ``queries``; without ``queries`` (none, or
    ``{}``) the URI is sent as written. The runtime drops the URI's own query string
    (tomdam/flowforger ``packages/connectors-http/src/cloud-http.ts``, measured against the
    cloud by the emulator's author in ``conformance/flows/http.ff.ts``: "`queries` replace the
    query string of `uri`"; its test: ``https://x/p?api-version=1&sig=s`` with ``{a: '1'}``
    sends ``https://x/p?a=1``; ``{}`` and none leave ``https://x/p?a=1`` alone). Measured on
    Power Automate, the multi-tenant (Consumption) runtime; the mock does the same on Standard
    and for every action built from these inputs (ApiConnection, Function), having no
    evidence that they differ."""
    if not queries:
        return url
    pairs = [(jsonwire.utf8(str(k)), jsonwire.utf8(_text(v))) for k, v in queries.items()]
    query = urlencode(pairs, quote_via=quote)
    before, mark, fragment = url.partition("#")
    return f"{before.partition('?')[0]}?{query}{mark}{fragment}"


def _text(value: Any) -> str:
    return to_text(value)  # .NET's: True, 3 for 3.0, objects as compact JSON


def omitted(name: str) -> bool:
    """Whether the runtime leaves header ``name`` out of an Http action's request."""
    lower = name.lower()
    if lower.startswith("accept-"):
        return lower != "accept-version"
    if lower.startswith("content-"):
        return lower not in _CONTENT_KEPT
    return lower in _OMITTED


def _authorization(auth: dict[str, Any] | None) -> str | None:
    if not auth:
        return None
    kind = str(auth.get("type", "")).lower()
    if kind == "basic":
        pair = f"{auth.get('username', '')}:{auth.get('password', '')}"
        return "Basic " + base64.b64encode(jsonwire.utf8(pair)).decode()
    if kind == "raw" and "value" not in auth and "scheme" in auth:
        # connections.json's form ({"scheme": "Key", "parameter": ...}): .NET's
        # AuthenticationHeaderValue(scheme, parameter) writes "<scheme> <parameter>".
        return f"{_text(auth.get('scheme'))} {_text(auth.get('parameter'))}".rstrip()
    if kind == "raw":
        return _text(auth.get("value"))
    return None  # tokens (OAuth, managed identity) come from Azure AD: the block is kept only


def http_request(
    action: str,
    kind: str,
    inputs: dict[str, Any],
    *,
    default_method: str | None = None,
    url: str | None = None,
) -> OutboundRequest:
    """The request of an Http-shaped ``inputs`` (``method``, ``uri``, ``queries``,
    ``headers``, ``body``, ``authentication``, ``cookie``).

    :raises ActionFailure: ``InvalidTemplate`` without a method or an absolute URI.
    """
    method = str(inputs.get("method") or default_method or "").upper()
    target = url if url is not None else inputs.get("uri")
    if not method:
        raise ActionFailure("InvalidTemplate", f"Action '{action}' needs inputs.method.")
    if not isinstance(target, str) or not urlsplit(target).scheme:
        raise ActionFailure(
            "InvalidTemplate",
            f"Action '{action}' needs an absolute inputs.uri, got {target!r}.",
        )
    given = _mapping(inputs.get("headers"), "headers", action)
    dropped = tuple(k for k in given if omitted(k))
    headers = {k: _text(v) for k, v in given.items() if not omitted(k)}
    declared = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    try:
        data, content_type = encode_body(inputs.get("body"), declared)
    except ValueError as err:  # a $content that is not base64
        raise ActionFailure(
            "InvalidTemplate", f"The body of action '{action}' cannot be sent: {err}"
        ) from err
    if content_type and declared is None:
        headers["Content-Type"] = content_type
    auth = inputs.get("authentication")
    auth = auth if isinstance(auth, dict) else None
    authorization = _authorization(auth)
    if authorization is not None:
        headers["Authorization"] = authorization
    if inputs.get("cookie"):
        headers["Cookie"] = _text(inputs["cookie"])
    queries = _mapping(inputs.get("queries"), "queries", action)
    return OutboundRequest(
        method=method,
        url=_with_queries(escaped(with_root(target)), queries),
        spelled=_with_queries(with_root(target), queries),
        headers=Headers(headers),
        body=data,
        action=action,
        kind=kind,
        authentication=auth,
        dropped_headers=dropped,
    )


#: What an Http action's record shows of its inputs, as a public Power Automate emulator's
#: author measured them against the cloud (tomdam/flowforger packages/engine/src/
#: http-action.ts ``httpInputsRecord``, by conformance/flows/http.ff.ts): these fields of its
#: ``authentication`` (any case) as ``*sanitized*``, and the ``retryPolicy`` type capitalized.
SANITIZED = "*sanitized*"
_SECRET_FIELDS = frozenset({"password", "value", "secret", "pfx", "clientsecret"})
_POLICY_TYPES = {"none": "None", "fixed": "Fixed", "exponential": "Exponential"}


def recorded_inputs(kind: str, inputs: Any) -> Any:
    """An action's evaluated ``inputs`` as its history record shows them: an Http action's
    with its secrets sanitized and its retry policy's type capitalized (``{"type": "None"}``),
    a Workflow action's with that type capitalized too (tomdam/flowforger
    ``http-child-cloud.test.ts``, by conformance/flows/child-flow.ff.ts); the request itself is
    sent with the real values. Measured on Power Automate, the Consumption runtime; the mock
    does the same on Standard, having no evidence it differs."""
    if kind.lower() not in ("http", "workflow") or not isinstance(inputs, dict):
        return inputs
    record = dict(inputs)
    policy = record.get("retryPolicy")
    if isinstance(policy, dict) and isinstance(policy.get("type"), str):
        kind_of = policy["type"]
        record["retryPolicy"] = {**policy, "type": _POLICY_TYPES.get(kind_of.lower(), kind_of)}
    auth = record.get("authentication")
    if isinstance(auth, dict):
        record["authentication"] = {
            k: SANITIZED if k.lower() in _SECRET_FIELDS else v for k, v in auth.items()
        }
    return record


def _last_segment(value: Any) -> str:
    return str(value or "").rstrip("/").split("/")[-1]


def _shaped(action: str, kind: str, url: str, body: Any, headers: Any = None) -> OutboundRequest:
    inputs = {"method": "POST", "headers": headers, "body": body}
    return http_request(action, kind, inputs, url=url)


def build_request(
    action: str, kind: str, inputs: Any, *, region: str = "westeurope"
) -> OutboundRequest:
    """The request an outbound action of type ``kind`` sends for its evaluated ``inputs``.

    :raises ActionFailure: ``InvalidTemplate`` when the inputs cannot make a request.
    """
    inputs = _mapping(inputs, "inputs", action)
    lower = kind.lower()
    if lower == "http":
        return http_request(action, kind, inputs)
    if lower == "httpwebhook":
        return http_request(action, kind, _mapping(inputs.get("subscribe"), "subscribe", action))
    if lower in ("apiconnection", "apiconnectionwebhook"):
        connection = _mapping(
            _mapping(inputs.get("host"), "host", action).get("connection"),
            "host.connection",
            action,
        )
        name = _last_segment(connection.get("referenceName") or connection.get("name"))
        path = str(inputs.get("path") or "")
        url = f"https://logic-apis-{region}.azure-apim.net/apim/{quote(name)}{path}"
        runtime_url = connection.get("connectionRuntimeUrl")
        if isinstance(runtime_url, str) and urlsplit(runtime_url).scheme in ("http", "https"):
            # A Standard project's connections.json entry (resolved into the inputs): the
            # runtime calls the connection's runtime URL (LogicAppUnit ConnectionsWrapper keeps
            # its path and swaps only the host for its mock server).
            url = runtime_url.rstrip("/") + path
            credentials = connection.get("authentication")
            if isinstance(credentials, dict) and "authentication" not in inputs:
                # What the runtime calls the connection's runtime URL with (locally a Raw
                # connection key): the same rule as an action's own authentication.
                inputs = {**inputs, "authentication": credentials}
        # A connector webhook action's definition names no method: it creates a subscription.
        method = "POST" if lower == "apiconnectionwebhook" else "GET"
        return http_request(action, kind, inputs, default_method=method, url=url)
    if lower == "function":
        function = _mapping(inputs.get("function"), "function", action)
        parts = str(function.get("id") or "").strip("/").split("/")
        site = parts[parts.index("sites") + 1] if "sites" in parts[:-1] else "functionapp"
        url = f"https://{site}.azurewebsites.net/api/{_last_segment(function.get('id'))}"
        return http_request(action, kind, inputs, default_method="POST", url=url)
    if lower == "serviceprovider":
        config = _mapping(
            inputs.get("serviceProviderConfiguration"), "serviceProviderConfiguration", action
        )
        provider = _last_segment(config.get("serviceProviderId"))
        url = (
            f"https://serviceproviders.invalid/{quote(provider)}/"
            f"{quote(str(config.get('connectionName') or ''))}/"
            f"{quote(str(config.get('operationId') or ''))}"
        )
        return _shaped(action, kind, url, inputs.get("parameters") or {})
    if lower == "invokefunction":
        url = f"https://functions.invalid/{quote(str(inputs.get('functionName') or ''))}"
        return _shaped(action, kind, url, inputs.get("parameters") or {})
    if lower == "workflow":
        host = _mapping(inputs.get("host"), "host", action)
        workflow = _mapping(host.get("workflow"), "host.workflow", action)
        name = _last_segment(workflow.get("id"))
        if not name:
            raise ActionFailure(
                "InvalidTemplate", "A Workflow action needs inputs.host.workflow.id."
            )
        trigger = str(host.get("triggerName") or "manual")
        url = f"https://workflows.invalid/{quote(name)}/triggers/{quote(trigger)}/invoke"
        return _shaped(action, kind, url, inputs.get("body"), inputs.get("headers"))
    raise ActionFailure("InvalidTemplate", f"Action type '{kind}' makes no outbound call.")
