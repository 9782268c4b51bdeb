"""Azure Resource Manager's view of the mock: the paths the Azure SDK (``azure-mgmt-logic``)
and the Standard host's management API call.

Under ``/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Logic/workflows`` (and the
Standard host's ``…/Microsoft.Web/sites/{site}/hostruntime/runtime/webhooks/workflow/api/
management/workflows``): workflows, triggers (``listCallbackUrl``, histories), versions,
``listSwagger``, runs (list, get, cancel), run actions and their repetitions; the same under
the Standard host's own ``/runtime/webhooks/workflow/api/management/workflows`` (without a
token, as the local runtime answers). Any ``api-version`` is accepted; authentication is not
checked beyond an ``Authorization: Bearer …`` header (any token), and
errors have ARM's ``{"error": {"code", "message"}}`` body. Content links (the ``inputsLink`` /
``outputsLink`` of runs, actions and histories) are served too: signed like callback URLs,
a plain ``GET`` returns the JSON content.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode

from reqres_mock.admin import arm_resources as shapes
from reqres_mock.admin import armquery, serialize, swagger
from reqres_mock.admin.runquery import QueryError
from reqres_mock.errors import ReqResError
from reqres_mock.exchange import Headers, Reply
from reqres_mock.protocol import callback

if TYPE_CHECKING:
    from reqres_mock.definitions.actions import ActionResult
    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.exchange import InboundRequest

_JSON = "application/json; charset=utf-8"
_HOST = "/runtime/webhooks/workflow/api/management/workflows"
_PREFIX = re.compile(
    r"^(?P<resource>/subscriptions/[^/]+(?:/resourceGroups/[^/]+/providers/"
    r"(?:Microsoft\.Logic/workflows|Microsoft\.Web/sites/[^/]+/hostruntime/runtime/webhooks/"
    r"workflow/api/management/workflows)|/providers/Microsoft\.Logic/workflows)"
    r"|/runtime/webhooks/workflow/api/management/workflows)"
    r"(?P<rest>(?:/.*)?)$",
    re.IGNORECASE,
)
_CONTENT = re.compile(
    r"^/workflows/(?P<wf>[0-9a-fA-F]{32})/runs/(?P<run>[^/]+)(?:/actions/(?P<action>[^/]+))?"
    r"/contents/(?P<kind>TriggerInputs|TriggerOutputs|ActionInputs|ActionOutputs)/?$"
)


class ArmError(ReqResError):
    """An ARM call that cannot be answered; becomes ARM's error body."""

    def __init__(self, status: int, code: str, message: str, allow: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.allow = status, code, message, allow


def _reply(
    status: int, document: Any = None, headers: list[tuple[str, str]] | None = None
) -> Reply:
    fields = [("Cache-Control", "no-cache"), ("Pragma", "no-cache"), *(headers or [])]
    if document is None:
        return Reply(status, Headers(fields), b"")
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return Reply(status, Headers([("Content-Type", _JSON), *fields]), body)


def _error_reply(error: ArmError) -> Reply:
    headers = [("Allow", error.allow)] if error.allow else []
    document = {"error": {"code": error.code, "message": error.message}}
    return _reply(error.status, document, headers)


def is_arm_path(path: str) -> bool:
    """Whether ``path`` (raw) is one of ARM's Logic Apps resource paths, or the Standard
    host's own management path (``/runtime/webhooks/workflow/api/management/workflows``)."""
    return path.startswith(("/subscriptions/", _HOST)) and _PREFIX.match(path) is not None


def is_content_path(path: str) -> bool:
    """Whether ``path`` is a content link of a run, an action or a trigger history."""
    return path.startswith("/workflows/") and _CONTENT.match(path) is not None


# -- the call -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArmCall:
    """One ARM request: the engine, the request, where it addressed and the path parameters."""

    engine: Engine
    request: InboundRequest
    where: shapes.Where
    params: dict[str, str]

    def query(self, name: str) -> str | None:
        values = [v for k, v in self.request.query_pairs if k.lower() == name.lower()]
        return values[-1] if values else None

    def workflow(self) -> Workflow:
        """The workflow named in the path.

        :raises ArmError: 404 ``WorkflowNotFound``.
        """
        name = self.params["name"]
        try:
            return self.engine.workflow(name)
        except KeyError:
            raise ArmError(
                404, "WorkflowNotFound", f"The workflow '{name}' could not be found."
            ) from None

    def trigger(self) -> Workflow:
        """The workflow, once the trigger named in the path is its trigger.

        :raises ArmError: 404 ``WorkflowTriggerNotFound``.
        """
        workflow = self.workflow()
        trigger = self.params["trigger"]
        if trigger.lower() != workflow.trigger.name.lower():
            raise ArmError(
                404,
                "WorkflowTriggerNotFound",
                f"The workflow '{workflow.name}' trigger '{trigger}' could not be found.",
            )
        return workflow

    def calls(self, workflow: Workflow) -> list[Run]:
        """Every call addressed to ``workflow`` (by name), newest first."""
        name = workflow.name.lower()
        calls = self.engine.journal.entries(lambda r: (r.workflow or "").lower() == name)
        return list(reversed(calls))

    def runs(self, workflow: Workflow) -> list[Run]:
        """The runs of ``workflow``, newest first."""
        return [r for r in self.calls(workflow) if r.accepted]

    def run(self) -> tuple[Workflow, Run]:
        """The workflow and the run named in the path.

        :raises ArmError: 404 ``WorkflowRunNotFound``.
        """
        workflow = self.workflow()
        wanted = self.params["run"]
        found = [r for r in self.runs(workflow) if r.id == wanted]
        if not found:
            raise ArmError(
                404,
                "WorkflowRunNotFound",
                f"The workflow '{workflow.name}' run '{wanted}' could not be found.",
            )
        return workflow, found[0]

    def next_link(self, skiptoken: str | None) -> str | None:
        """The absolute URL of the next page, keeping ``$top`` and ``$filter``."""
        if skiptoken is None:
            return None
        queries = [(k, v) for k, v in self.request.query_pairs if k.lower() not in ("$skiptoken",)]
        queries.append(("$skiptoken", skiptoken))
        query = urlencode(queries, quote_via=quote, safe="$")
        return f"{self.where.base_url.rstrip('/')}{self.request.path}?{query}"


Handler = Callable[[ArmCall], Reply]
_NAME = r"(?P<name>[^/]+)"
_TRIGGER = _NAME + r"/triggers/(?P<trigger>[^/]+)"
_RUN = _NAME + r"/runs/(?P<run>[^/]+)"
_ROUTES: list[tuple[re.Pattern[str], dict[str, Handler]]] = []


def _route(pattern: str, method: str) -> Callable[[Handler], Handler]:
    compiled = re.compile(f"^/?{pattern}/?$", re.IGNORECASE)

    def register(handler: Handler) -> Handler:
        for existing, methods in _ROUTES:
            if existing.pattern == compiled.pattern:
                methods[method] = handler
                return handler
        _ROUTES.append((compiled, {method: handler}))
        return handler

    return register


def _authenticate(request: InboundRequest) -> None:
    """ARM's token check, reduced to its shape: a ``Bearer`` header must be there."""
    given = request.headers.get("Authorization")
    if given is None:
        raise ArmError(
            401,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
        )
    scheme, _, token = given.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ArmError(
            401,
            "AuthenticationFailedInvalidHeader",
            "Authentication failed. The 'Authorization' header is provided in an invalid format.",
        )


def handle(engine: Engine, request: InboundRequest) -> Reply:
    """Answer an ARM call (see :func:`is_arm_path`); ARM's error body for what cannot be."""
    try:
        match = _PREFIX.match(request.path)
        assert match is not None  # the caller checked is_arm_path
        where = shapes.Where(match["resource"], request.base_url)
        rest = match["rest"]
        method = "GET" if request.method == "HEAD" else request.method
        allowed: set[str] = set()
        for pattern, methods in _ROUTES:
            found = pattern.match(rest)
            if found is None:
                continue
            handler = methods.get(method)
            if handler is None:
                allowed.update(methods)
                continue
            if not where.resource.lower().startswith(_HOST):
                # after routing: unknown paths and methods say so first; the Standard host's
                # own paths answer without a token, as the local runtime does
                _authenticate(request)
            params = {k: unquote(v) for k, v in found.groupdict().items()}
            return handler(ArmCall(engine, request, where, params))
        if allowed:
            listed = ", ".join(sorted(allowed))
            raise ArmError(
                405,
                "MethodNotAllowed",
                f"{request.method} is not allowed on {request.path}; use {listed}",
                allow=listed,
            )
        raise ArmError(
            404,
            "NotFound",
            f"{request.path} is no Logic Apps resource this mock serves: workflows, triggers "
            "(histories, listCallbackUrl), versions, listSwagger, runs (cancel) and actions",
        )
    except ArmError as err:
        return _error_reply(err)
    except QueryError as err:
        return _error_reply(ArmError(400, err.code, str(err)))


def _listing(value: list[dict[str, Any]], next_link: str | None = None) -> Reply:
    document: dict[str, Any] = {"value": value}
    if next_link is not None:
        document["nextLink"] = next_link
    return _reply(200, document)


# -- workflows, versions, triggers ----------------------------------------------------------------


@_route("", "GET")
def _list_workflows(call: ArmCall) -> Reply:
    region = call.engine.config.region
    return _listing(
        [shapes.workflow_resource(w, call.where, region) for w in call.engine.workflows]
    )


@_route(_NAME, "GET")
def _get_workflow(call: ArmCall) -> Reply:
    return _reply(
        200, shapes.workflow_resource(call.workflow(), call.where, call.engine.config.region)
    )


@_route(_NAME + "/disable", "POST")
def _disable(call: ArmCall) -> Reply:
    call.workflow().disable()
    return _reply(200)


@_route(_NAME + "/enable", "POST")
def _enable(call: ArmCall) -> Reply:
    call.workflow().enable()
    return _reply(200)


@_route(_NAME + "/versions", "GET")
def _list_versions(call: ArmCall) -> Reply:
    region = call.engine.config.region
    return _listing([shapes.version_resource(call.workflow(), call.where, region)])


@_route(_NAME + r"/versions/(?P<version>[^/]+)", "GET")
def _get_version(call: ArmCall) -> Reply:
    workflow = call.workflow()
    version = call.params["version"]
    if version != workflow.version:
        raise ArmError(
            404,
            "WorkflowVersionNotFound",
            f"The workflow '{workflow.name}' version '{version}' could not be found.",
        )
    return _reply(200, shapes.version_resource(workflow, call.where, call.engine.config.region))


@_route(_NAME + "/listSwagger", "POST")
def _list_swagger(call: ArmCall) -> Reply:
    return _reply(200, swagger.workflow_swagger(call.workflow(), call.where.base_url))


@_route(_NAME + "/triggers", "GET")
def _list_triggers(call: ArmCall) -> Reply:
    workflow = call.workflow()
    return _listing([shapes.trigger_resource(workflow, call.where, call.runs(workflow))])


@_route(_TRIGGER, "GET")
def _get_trigger(call: ArmCall) -> Reply:
    workflow = call.trigger()
    return _reply(200, shapes.trigger_resource(workflow, call.where, call.runs(workflow)))


@_route(_TRIGGER + "/listCallbackUrl", "POST")
def _list_callback_url(call: ArmCall) -> Reply:
    return _reply(200, serialize.list_callback_url(call.trigger(), call.where.base_url))


# -- trigger histories ----------------------------------------------------------------------------


def _history_status(call: Run) -> str:
    if call.accepted:
        return "Succeeded"
    return "Skipped" if call.status.value == "Skipped" else "Failed"


@_route(_TRIGGER + "/histories", "GET")
def _list_histories(call: ArmCall) -> Reply:
    workflow = call.trigger()
    keep = armquery.parse_filter(call.query("$filter"), _history_status)
    chosen = [c for c in call.calls(workflow) if keep(c)]
    page = armquery.page(chosen, armquery.parse_top(call.query("$top")), call.query("$skiptoken"))
    value = [shapes.history_resource(workflow, call.where, c) for c in page.items]
    return _listing(value, call.next_link(page.skiptoken))


@_route(_TRIGGER + r"/histories/(?P<history>[^/]+)", "GET")
def _get_history(call: ArmCall) -> Reply:
    workflow = call.trigger()
    wanted = call.params["history"]
    found = [c for c in call.calls(workflow) if c.id == wanted]
    if not found:
        raise ArmError(
            404,
            "WorkflowTriggerHistoryNotFound",
            f"The workflow '{workflow.name}' trigger '{workflow.trigger.name}' history "
            f"'{wanted}' could not be found.",
        )
    return _reply(200, shapes.history_resource(workflow, call.where, found[0]))


# -- runs and actions -----------------------------------------------------------------------------


@_route(_NAME + "/runs", "GET")
def _list_runs(call: ArmCall) -> Reply:
    workflow = call.workflow()
    keep = armquery.parse_filter(call.query("$filter"), lambda r: r.status.value)
    chosen = [r for r in call.runs(workflow) if keep(r)]
    page = armquery.page(chosen, armquery.parse_top(call.query("$top")), call.query("$skiptoken"))
    value = [shapes.run_resource(workflow, call.where, r) for r in page.items]
    return _listing(value, call.next_link(page.skiptoken))


@_route(_RUN, "GET")
def _get_run(call: ArmCall) -> Reply:
    workflow, run = call.run()
    return _reply(200, shapes.run_resource(workflow, call.where, run))


@_route(_RUN + "/cancel", "POST")
def _cancel_run(call: ArmCall) -> Reply:
    workflow, run = call.run()
    if not run.cancel():
        # Azure/logicapps pull request 70 quotes this error of the runtime.
        raise ArmError(
            409,
            "WorkflowRunCanNotBeCancelled",
            f"The workflow '{workflow.name}' run '{run.id}' with state '{run.status.value}' "
            "could not be canceled, because it is not active.",
        )
    return _reply(200)


@_route(_RUN + "/actions", "GET")
def _list_actions(call: ArmCall) -> Reply:
    workflow, run = call.run()
    records = shapes.action_records(run)
    return _listing([shapes.action_resource(workflow, call.where, run, r) for r in records])


@_route(_RUN + r"/actions/(?P<action>[^/]+)", "GET")
def _get_action(call: ArmCall) -> Reply:
    workflow, run = call.run()
    wanted = call.params["action"]
    for record in shapes.action_records(run):
        if record.name.lower() == wanted.lower():
            return _reply(200, shapes.action_resource(workflow, call.where, run, record))
    raise ArmError(
        404,
        "WorkflowRunActionNotFound",
        f"The workflow '{workflow.name}' run '{run.id}' action '{wanted}' could not be found.",
    )


def _action_repetitions(call: ArmCall) -> tuple[Workflow, Run, list[ActionResult]]:
    workflow, run = call.run()
    wanted = call.params["action"]
    if not any(r.name.lower() == wanted.lower() for r in shapes.action_records(run)):
        raise ArmError(
            404,
            "WorkflowRunActionNotFound",
            f"The workflow '{workflow.name}' run '{run.id}' action '{wanted}' could not be found.",
        )
    found = next((v for k, v in run.repetitions.items() if k.lower() == wanted.lower()), [])
    return workflow, run, list(found)


@_route(_RUN + r"/actions/(?P<action>[^/]+)/repetitions", "GET")
def _list_repetitions(call: ArmCall) -> Reply:
    workflow, run, found = _action_repetitions(call)
    return _listing([shapes.repetition_resource(workflow, call.where, run, r) for r in found])


@_route(_RUN + r"/actions/(?P<action>[^/]+)/repetitions/(?P<repetition>[^/]+)", "GET")
def _get_repetition(call: ArmCall) -> Reply:
    workflow, run, found = _action_repetitions(call)
    wanted = call.params["repetition"]
    for result in found:
        if shapes.repetition_name(result) == wanted:
            return _reply(200, shapes.repetition_resource(workflow, call.where, run, result))
    raise ArmError(
        404,
        "WorkflowRunActionRepetitionNotFound",
        f"The workflow '{workflow.name}' run '{run.id}' action '{call.params['action']}' "
        f"repetition '{wanted}' could not be found.",
    )


# -- content links --------------------------------------------------------------------------------


def content(engine: Engine, request: InboundRequest) -> Reply:
    """Answer a content link (see :func:`is_content_path`): its JSON, checked by signature."""
    try:
        return _content(engine, request)
    except ArmError as err:
        return _error_reply(err)


def _content(engine: Engine, request: InboundRequest) -> Reply:
    match = _CONTENT.match(request.path)
    assert match is not None  # the caller checked is_content_path
    if request.method not in ("GET", "HEAD"):
        raise ArmError(405, "MethodNotAllowed", f"{request.method} is not allowed; use GET", "GET")
    wf_id, kind = match["wf"].lower(), match["kind"]
    run_id = unquote(match["run"])
    action = unquote(match["action"]) if match["action"] else None
    workflow = next((w for w in engine.workflows if w.id == wf_id), None)
    if workflow is None:
        raise ArmError(404, "WorkflowNotFound", "The workflow could not be found.")
    query = {k.lower(): v for k, v in request.query_pairs}
    sp = shapes.content_permissions(run_id, kind, action)
    given = query.get("sig", "")
    expected = callback.sign(workflow.access_key, workflow.id, query.get("sp", ""))
    if query.get("sp", "").lower() != sp.lower() or not hmac.compare_digest(
        expected.encode(), given.encode()
    ):
        raise ArmError(
            401,
            "DirectApiInvalidAuthorizationSignature",
            "The provided authorization signature is not valid for this content link.",
        )
    found = engine.journal.entries(lambda r: r.id == run_id and r.workflow_ref is not None)
    if not found:
        raise ArmError(
            404,
            "WorkflowRunNotFound",
            f"The workflow '{workflow.name}' run '{run_id}' could not be found.",
        )
    run = found[0]
    if action is None:
        value = shapes.trigger_contents(workflow, run).get(kind)
        present = value is not None and kind.startswith("Trigger")
    else:
        present, value = shapes.action_content(run, action, kind)
        present = present and value is not None and kind.startswith("Action")
    if not present:
        raise ArmError(
            404,
            "ContentNotFound",
            f"The run '{run_id}' has no {kind}" + (f" for action '{action}'." if action else "."),
        )
    body = shapes.content_bytes(value)
    headers = Headers([("Content-Type", _JSON), ("Cache-Control", "no-cache")])
    return Reply(200, headers, body)
