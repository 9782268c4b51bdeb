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
from typing import TYPE_CHECKING
from urllib.parse import unquote

# The handler modules register their routes when imported.
from reqres_mock.admin import arm_runs, arm_workflows  # noqa: F401
from reqres_mock.admin.arm_actions import action_content
from reqres_mock.admin.arm_links import Where, content_bytes, content_permissions
from reqres_mock.admin.arm_resources import trigger_contents
from reqres_mock.admin.arm_routing import JSON_TYPE, ROUTES, ArmCall, ArmError, error_reply
from reqres_mock.admin.paths import ARM_PATH, CONTENT_PATH, HOST_MANAGEMENT
from reqres_mock.admin.runquery import QueryError
from reqres_mock.exchange import Headers, Reply
from reqres_mock.protocol import callback

if TYPE_CHECKING:
    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.exchange import InboundRequest


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
    """Answer an ARM call (a path ``paths.is_arm_path`` took); ARM's error body for what
    cannot be."""
    try:
        match = ARM_PATH.match(request.path)
        assert match is not None  # the caller checked is_arm_path
        where = Where(match["resource"], request.base_url)
        rest = match["rest"]
        method = "GET" if request.method == "HEAD" else request.method
        allowed: set[str] = set()
        for pattern, methods in ROUTES:
            found = pattern.match(rest)
            if found is None:
                continue
            handler = methods.get(method)
            if handler is None:
                allowed.update(methods)
                continue
            if not where.resource.lower().startswith(HOST_MANAGEMENT):
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
        return error_reply(err)
    except QueryError as err:
        return error_reply(ArmError(400, err.code, str(err)))


# -- content links --------------------------------------------------------------------------------


def content(engine: Engine, request: InboundRequest) -> Reply:
    """Answer a content link (``paths.is_content_path``): its JSON, checked by signature."""
    try:
        return _content(engine, request)
    except ArmError as err:
        return error_reply(err)


def _content(engine: Engine, request: InboundRequest) -> Reply:
    match = CONTENT_PATH.match(request.path)
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
    sp = content_permissions(run_id, kind, action)
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
    run = engine.journal.find(run_id)
    if run is None or run.workflow_ref is None:
        raise ArmError(
            404,
            "WorkflowRunNotFound",
            f"The workflow '{workflow.name}' run '{run_id}' could not be found.",
        )
    if action is None:
        value = trigger_contents(workflow, run).get(kind)
        present = value is not None and kind.startswith("Trigger")
    else:
        present, value = action_content(run, action, kind)
        present = present and value is not None and kind.startswith("Action")
    if not present:
        raise ArmError(
            404,
            "ContentNotFound",
            f"The run '{run_id}' has no {kind}" + (f" for action '{action}'." if action else "."),
        )
    body = content_bytes(value)
    headers = Headers([("Content-Type", JSON_TYPE), ("Cache-Control", "no-cache")])
    return Reply(200, headers, body)
