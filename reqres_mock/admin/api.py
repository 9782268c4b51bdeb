"""The admin API under ``/_reqres/``: configure, inspect and reset a mock over HTTP.

Like the engine it knows no HTTP library: :func:`handle` turns an :class:`InboundRequest` into a
:class:`Reply`. Admin calls are not trigger calls: they are never journalled as runs. Bad input
gets 400 with a ``{"error": {"code", "message"}}`` body, never a 500. Azure Resource Manager's
paths (workflows, runs, actions, trigger histories, ``listCallbackUrl``...) are answered by
:mod:`reqres_mock.admin.arm`, so code that asks ARM works against the mock unchanged.
"""

from __future__ import annotations

import hmac
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote

from reqres_mock.admin import arm, faultapi, openapi, runquery, serialize, swagger
from reqres_mock.admin.paths import PREFIX, is_arm_path, is_content_path
from reqres_mock.errors import ConfigurationError, DefinitionError, ReqResError, WaitTimeoutError
from reqres_mock.exchange import Headers, Reply
from reqres_mock.protocol.jsonwire import utf8

if TYPE_CHECKING:
    from reqres_mock.engine.faultplan import FaultPlan
    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.exchange import InboundRequest

JSON_TYPE = "application/json; charset=utf-8"
#: The longest ``POST /_reqres/runs/wait`` may block, in seconds.
MAX_WAIT = 60.0
#: How often a blocked wait looks whether the server is stopping.
_STOP_CHECK = 0.2


class AdminError(ReqResError):
    """An admin call that cannot be answered; becomes a JSON error reply."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def json_reply(status: int, document: Any, headers: list[tuple[str, str]] | None = None) -> Reply:
    body = utf8(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
    fields = [("Content-Type", JSON_TYPE), ("Cache-Control", "no-store"), *(headers or [])]
    return Reply(status, Headers(fields), body)


def error_reply(error: AdminError) -> Reply:
    """The JSON error reply for ``error`` (an ``allow`` extra becomes the Allow header)."""
    extra = dict(error.extra)
    allow = extra.pop("allow", None)
    document = {"error": {"code": error.code, "message": error.message}, **extra}
    return json_reply(error.status, document, [("Allow", allow)] if allow else [])


class RejectedConnectionView(Protocol):
    """A connection the transport refused before any request (its journal is the server's)."""

    def describe(self) -> dict[str, Any]:
        """The JSON view of the refusal."""


@dataclass(frozen=True)
class Call:
    """One admin request, with its path parameters and the engine it addresses.

    :ivar rejected: the transport's refused connections (failed TLS handshakes), oldest first.
    """

    engine: Engine
    request: InboundRequest
    params: dict[str, str]
    rejected: Sequence[RejectedConnectionView] = ()

    @property
    def base_url(self) -> str:
        return self.request.base_url

    def query(self, name: str) -> str | None:
        values = [v for k, v in self.request.query_pairs if k == name]
        return values[-1] if values else None

    def json_body(self) -> Any:
        """The body parsed as JSON.

        :raises AdminError: 400 when it is empty or not JSON.
        """
        if not self.request.body.strip():
            raise AdminError(400, "InvalidRequestContent", "the request body is empty; send JSON")
        try:
            return json.loads(self.request.body.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as err:
            raise AdminError(
                400, "InvalidRequestContent", f"the request body is not valid JSON: {err}"
            ) from err

    def workflow(self) -> Workflow:
        """The workflow named in the path.

        :raises AdminError: 404 ``WorkflowNotFound``.
        """
        name = self.params["name"]
        try:
            return self.engine.workflow(name)
        except KeyError:
            names = [w.name for w in self.engine.workflows]
            raise AdminError(
                404, "WorkflowNotFound", f"no workflow {name!r}; there are {names}"
            ) from None


Handler = Callable[[Call], Reply]
_ROUTES: list[tuple[re.Pattern[str], dict[str, Handler]]] = []


def route(pattern: str, method: str) -> Callable[[Handler], Handler]:
    """Register a handler for ``method`` on the admin path ``pattern`` (a regex)."""
    compiled = re.compile(f"^{pattern}$")

    def register(handler: Handler) -> Handler:
        for existing, methods in _ROUTES:
            if existing.pattern == compiled.pattern:
                methods[method] = handler
                return handler
        _ROUTES.append((compiled, {method: handler}))
        return handler

    return register


def handle(
    engine: Engine,
    request: InboundRequest,
    *,
    rejected: Sequence[RejectedConnectionView] = (),
) -> Reply:
    """Answer an admin call; never raises.

    :param rejected: the connections the transport refused, for ``/connections/rejected``.

    Unexpected exceptions are collected for :meth:`Engine.check` and answered with 500.
    """
    try:
        return _dispatch(engine, request, rejected)
    except AdminError as err:
        return error_reply(err)
    except Exception as err:  # a bug: collect it for check(), answer JSON
        engine.record_error(err)
        return error_reply(
            AdminError(500, "InternalServerError", f"reqres-mock admin API failed: {err!r}")
        )


def _authorise(engine: Engine, request: InboundRequest) -> None:
    """With an admin token configured, every admin call must carry it (constant-time check)."""
    token = engine.config.admin_token
    if token is None:
        return
    given = request.headers.get("Authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.encode(), token.encode()):
        raise AdminError(
            401,
            "AdminTokenRequired",
            "The admin API of this server needs 'Authorization: Bearer <admin token>'.",
        )


def _dispatch(
    engine: Engine, request: InboundRequest, rejected: Sequence[RejectedConnectionView]
) -> Reply:
    path = request.path
    if is_content_path(path):  # signed like a callback URL: no admin token
        return arm.content(engine, request)
    _authorise(engine, request)
    if is_arm_path(path):
        return arm.handle(engine, request)
    relative = path[len(PREFIX) :]
    if relative not in ("", "/"):
        relative = relative.rstrip("/")
    allowed: set[str] = set()
    method = "GET" if request.method == "HEAD" else request.method
    matches = [(p.match(relative), methods) for p, methods in _ROUTES]
    found = [(m, methods) for m, methods in matches if m is not None]
    # A literal path (/runs/wait) shadows a parameterised one (/runs/{id}).
    literal = [(m, methods) for m, methods in found if m.re.groups == 0]
    for match, methods in literal or found:
        handler = methods.get(method)
        if handler is not None:
            params = {k: unquote(v) for k, v in match.groupdict().items()}
            return handler(Call(engine, request, params, rejected))
        allowed.update(methods)
    if allowed:
        listed = ", ".join(sorted(allowed))
        raise AdminError(
            405,
            "MethodNotAllowed",
            f"{request.method} is not allowed on {path}; use {listed}",
            allow=listed,
        )
    raise AdminError(
        404,
        "NotFound",
        f"{path} is no admin endpoint; see {PREFIX}/openapi.json for those there are",
    )


# -- service ----------------------------------------------------------------------------------


@route("/?", "GET")
def _page(call: Call) -> Reply:
    from reqres_mock.admin.page import render_page  # noqa: PLC0415 (only the page needs it)

    html = render_page(call.engine, call.base_url)
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")]
    return Reply(200, Headers(headers), utf8(html))


@route("/health", "GET")
def _health(call: Call) -> Reply:
    engine = call.engine
    return json_reply(
        200,
        {
            "status": "stopping" if engine.stopping else "ok",
            "workflows": len(engine.workflows),
            "calls": len(engine.journal),
            "maxRuns": engine.journal.max_entries,
            "evictedRuns": engine.evicted_runs,
        },
    )


@route("/openapi.json", "GET")
def _openapi(call: Call) -> Reply:
    return json_reply(200, openapi.admin_document(call.base_url))


@route("/reset", "POST")
def _reset(call: Call) -> Reply:
    keep = call.query("keep")
    if keep not in (None, "loaded"):
        raise AdminError(400, "InvalidKeep", f"keep must be 'loaded'; got {keep!r}")
    # keep=loaded: back to the start-up state of `reqres-mock serve FILES` (runs cleared)
    call.engine.reset(keep_loaded=keep == "loaded")
    return Reply(204, Headers([("Cache-Control", "no-store")]))


# -- workflows --------------------------------------------------------------------------------


@route("/workflows", "GET")
def _list_workflows(call: Call) -> Reply:
    value = [serialize.workflow_json(w, call.base_url) for w in call.engine.workflows]
    return json_reply(200, {"value": value})


@route("/workflows/(?P<name>[^/]+)", "GET")
def _get_workflow(call: Call) -> Reply:
    return json_reply(200, serialize.workflow_json(call.workflow(), call.base_url))


@route("/workflows/(?P<name>[^/]+)", "PUT")
def _put_workflow(call: Call) -> Reply:
    name = call.params["name"]
    document = call.json_body()
    # The definition loader names Standard and bare definitions after their file.
    source = (
        Path("workflow", "workflow.json") if name.lower() == "workflow" else Path(f"{name}.json")
    )
    try:
        found = call.engine.read_document(document, source)
    except DefinitionError as err:
        raise AdminError(
            400,
            "InvalidDefinition",
            f"{err.pointer or '/'}: {err.message}" if err.pointer else err.message,
        ) from err
    chosen = [w for w in found if w.name.lower() == name.lower()]
    if not chosen:
        names = [w.name for w in found]
        raise AdminError(
            400,
            "InvalidDefinition",
            f"the definition holds workflow(s) {names}, none named {name!r}; PUT it at "
            f"{PREFIX}/workflows/<name>",
        )
    existed = any(w.name.lower() == name.lower() for w in call.engine.workflows)
    workflow = call.engine.add(chosen[0])
    return json_reply(201 if not existed else 200, serialize.workflow_json(workflow, call.base_url))


@route("/workflows/(?P<name>[^/]+)", "DELETE")
def _delete_workflow(call: Call) -> Reply:
    workflow = call.workflow()
    call.engine.remove(workflow.name)
    return Reply(204, Headers([("Cache-Control", "no-store")]))


def _list_callback_url(call: Call) -> Reply:
    workflow = call.workflow()
    trigger = call.params["trigger"]
    if trigger.lower() != workflow.trigger.name.lower():
        raise AdminError(
            404,
            "WorkflowTriggerNotFound",
            f"The workflow '{workflow.name}' trigger '{trigger}' could not be found.",
        )
    return json_reply(200, serialize.list_callback_url(workflow, call.base_url))


route("/workflows/(?P<name>[^/]+)/triggers/(?P<trigger>[^/]+)/listCallbackUrl", "POST")(
    _list_callback_url
)


def _swagger(call: Call) -> Reply:
    return json_reply(200, swagger.workflow_swagger(call.workflow(), call.base_url))


route("/workflows/(?P<name>[^/]+)/swagger", "GET")(_swagger)


# -- faults on demand (reqres_mock.admin.faultapi) -----------------------------------------


def _fault_plan(call: Call) -> FaultPlan:
    return call.workflow().faults if "name" in call.params else call.engine.faults


def _get_faults(call: Call) -> Reply:
    return json_reply(200, _fault_plan(call).describe())


def _inject_faults(call: Call) -> Reply:
    plan = _fault_plan(call)
    try:
        return json_reply(200, faultapi.inject(plan, call.json_body()))
    except ConfigurationError as err:
        raise AdminError(400, "InvalidFault", str(err)) from err


def _clear_faults(call: Call) -> Reply:
    _fault_plan(call).clear()
    return Reply(204, Headers([("Cache-Control", "no-store")]))


for _path in ("/faults", "/workflows/(?P<name>[^/]+)/faults"):
    route(_path, "GET")(_get_faults)
    route(_path, "POST")(_inject_faults)
    route(_path, "DELETE")(_clear_faults)


# -- run history ------------------------------------------------------------------------------


def _run_filter(call: Call) -> Callable[[Run], bool]:
    try:
        return runquery.run_filter(
            call.query("workflow"), call.query("status"), call.query("since")
        )
    except runquery.QueryError as err:
        raise AdminError(400, err.code, str(err)) from err


@route("/runs", "GET")
def _list_runs(call: Call) -> Reply:
    keep = _run_filter(call)
    runs = call.engine.journal.entries(lambda r: r.workflow is not None and keep(r))
    return json_reply(200, {"value": [serialize.run_json(r) for r in reversed(runs)]})


@route("/runs", "DELETE")
def _clear_runs(call: Call) -> Reply:
    call.engine.journal.clear()
    return Reply(204, Headers([("Cache-Control", "no-store")]))


@route("/runs/(?P<id>[^/]+)", "GET")
def _get_run(call: Call) -> Reply:
    wanted = call.params["id"]
    found = call.engine.journal.find(wanted)
    if found is None:
        raise AdminError(404, "RunNotFound", f"no run {wanted!r} in the run history")
    return json_reply(200, serialize.run_json(found))


@route("/runs/(?P<id>[^/]+)/(?P<side>request|reply)/body", "GET")
def _run_body(call: Call) -> Reply:
    """A run's whole request or reply body, as sent, with its Content-Type."""
    wanted = call.params["id"]
    found = call.engine.journal.find(wanted)
    if found is None:
        raise AdminError(404, "RunNotFound", f"no run {wanted!r} in the run history")
    message = found.request if call.params["side"] == "request" else found.reply
    if message is None:
        raise AdminError(404, "ReplyNotFound", f"run {wanted!r} has no reply yet")
    content_type = message.headers.get("Content-Type") or "application/octet-stream"
    return Reply(200, Headers([("Content-Type", content_type)]), message.body)


@route("/unmatched", "GET")
def _unmatched(call: Call) -> Reply:
    runs = call.engine.unmatched
    return json_reply(200, {"value": [serialize.run_json(r) for r in reversed(runs)]})


@route("/connections/rejected", "GET")
def _rejected_connections(call: Call) -> Reply:
    return json_reply(200, {"value": [r.describe() for r in reversed(call.rejected)]})


@route("/runs/wait", "POST")
def _wait(call: Call) -> Reply:
    try:
        wanted_runs = runquery.parse_wait(call.json_body(), MAX_WAIT)
    except runquery.QueryError as err:
        raise AdminError(400, err.code, str(err)) from err
    workflow, count, timeout = wanted_runs.workflow, wanted_runs.count, wanted_runs.timeout
    journal = call.engine.journal

    def wanted(run: Run) -> bool:
        return run.accepted and (
            workflow is None or (run.workflow or "").lower() == workflow.lower()
        )

    deadline = time.monotonic() + timeout
    what = f"run(s) of workflow {workflow!r}" if workflow else "run(s)"
    while True:
        found = journal.entries(wanted)
        if len(found) >= count:
            return json_reply(200, {"value": [serialize.run_json(r) for r in reversed(found)]})
        remaining = deadline - time.monotonic()
        if remaining <= 0 or call.engine.stopping:
            break
        # Bounded slices, so a stopping server never waits for a long admin wait.
        try:
            journal.wait_for(wanted, count, min(remaining, _STOP_CHECK), what)
        except WaitTimeoutError:
            continue
    status, code = (503, "ServiceUnavailable") if call.engine.stopping else (408, "WaitTimeout")
    raise AdminError(
        status,
        code,
        f"expected {count} {what} within {timeout:g} s, got {len(found)}",
        value=[serialize.run_json(r) for r in reversed(found)],
    )
