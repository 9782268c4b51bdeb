"""Sending an outbound action's request: the first matching stub answers, each attempt is
logged on the run, and the action's ``retryPolicy`` sends it again after a 408, 429, 5xx or
network failure (its waits scaled by ``ServerConfig(wait_scale=…)``, ended early when the server
stops — an event wait, never a sleep loop). A 202 with ``Location`` to an Http, ApiConnection or
Function action is polled with ``GET`` until another status comes (the asynchronous pattern,
Microsoft Learn "Call service endpoints over HTTP or HTTPS"), unless the action has the
``DisableAsyncPattern`` operation option; ``Retry-After`` sets the wait between polls.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from reqres_mock.definitions.actions import CANCELLED, SUCCEEDED, Action, ActionFailure
from reqres_mock.definitions.httpstubs import find_stub, near_misses
from reqres_mock.definitions.outbound import (
    OUTBOUND_TYPES,
    HttpReply,
    OutboundCall,
    OutboundRequest,
    build_request,
    http_request,
    with_root,
)
from reqres_mock.definitions.retry import RetryPolicy, parse_retry_policy, retriable
from reqres_mock.definitions.strands import blocking
from reqres_mock.exchange import Headers
from reqres_mock.protocol import httpclient
from reqres_mock.protocol.statuscodes import status_code_name

#: Seconds between polls of a 202's Location without Retry-After: the engine "will check every
#: 20 seconds" (logicappsio/LogicAppsAsyncResponseSample README).
DEFAULT_POLL_INTERVAL = 20.0
#: Polls of one action before the mock gives up (Azure polls until the run's time limit).
MAX_POLLS = 100
_POLLING_TYPES = frozenset({"http", "apiconnection", "function"})

if TYPE_CHECKING:
    from collections.abc import Callable

    from reqres_mock.definitions.actions import RunEnvironment
    from reqres_mock.definitions.context import ActionContext
    from reqres_mock.definitions.webhooks import Webhook


def reply_outputs(reply: HttpReply) -> dict[str, Any]:
    """An answer as the action's outputs, as the runtime's HTTP client reads a real reply
    (:mod:`reqres_mock.protocol.httpclient`).

    :raises ReplyContentError: when a JSON Content-Type carries a body that is not JSON.
    """
    headers, data = reply.encoded()
    return httpclient.reply_outputs(
        reply.status, headers.items_list(), data, headers.get("Content-Type")
    )


def _unstubbed(action: Action, request: OutboundRequest, env: RunEnvironment) -> ActionFailure:
    lines = [
        f"Action '{action.name}' of type '{action.type_name}' would call out of the mock: "
        f"{request.method} {request.url}. No stub matched; stub it in the test with "
        f"wf.stub_http(method='{request.method}', url='{request.url.split('?')[0]}', "
        f"status=200, body=...) or wf.stub_action('{action.name}', status=200, body=...)"
    ]
    lines.extend(f"Closest: {miss}" for miss in near_misses(list(env.http_stubs), request))
    return ActionFailure("ActionNotStubbed", "\n".join(lines))


def _in_process(env: RunEnvironment, inputs: dict[str, Any]) -> Callable[[], HttpReply]:
    """A Workflow action's fallback: the called workflow, when the mock serves it."""

    def call() -> HttpReply:
        host = inputs.get("host") or {}
        name = str(host.get("workflow", {}).get("id", "")).rstrip("/").split("/")[-1]
        with blocking():  # the nested run may wait: the run's other branches go on
            outputs = env.call_workflow(name, inputs.get("body"), dict(inputs.get("headers") or {}))
        return HttpReply(
            int(outputs.get("statusCode", 200)),
            dict(outputs.get("headers") or {}),
            outputs.get("body"),
        )

    return call


def _exchange(
    env: RunEnvironment,
    action: Action,
    request: OutboundRequest,
    policy: RetryPolicy,
    fallback: Callable[[], HttpReply] | None,
    *,
    poll: int = 0,
    first_delay: float = 0.0,
) -> tuple[HttpReply | None, BaseException | None, int]:
    """Send ``request`` until a reply that is not retried or the policy's last retry; log
    each attempt. Returns the last reply (or network error) and the attempts made.

    :raises ActionFailure: ``ActionNotStubbed`` when nothing answers (a Workflow action's
        ``WorkflowNotFound`` when its workflow is not loaded).
    """
    rng = random.Random()
    attempt, delay = 1, first_delay
    while True:
        answer: HttpReply | BaseException | None
        stub = find_stub(list(env.http_stubs), request)
        source: str | None = "http"
        if stub is not None:
            answer = stub.answer(request)
        else:
            answer, source = _unmatched(env, fallback)
        reply = answer if isinstance(answer, HttpReply) else None
        error = answer if isinstance(answer, BaseException) else None
        env.outbound.append(
            OutboundCall(action.name, attempt, request, reply, error, delay, source, poll)
        )
        if answer is None:
            raise _unstubbed(action, request, env)
        status = reply.status if reply is not None else None
        if not retriable(status) or attempt > policy.count:
            return reply, error, attempt
        delay = policy.delay(attempt, rng)
        if pause(env, delay):
            return reply, error, attempt
        attempt += 1


def pause(env: RunEnvironment, seconds: float) -> bool:
    """Wait ``seconds`` (scaled by ``wait_scale``) without the run's baton, so its other
    branches go on; whether the run stopped meanwhile (a Wait action, a retry's or a poll's
    delay)."""
    with blocking():
        return env.stopping.wait(seconds * env.wait_scale)


def _polls(action: Action, reply: HttpReply | None) -> bool:
    """Whether the action follows a 202's Location (the asynchronous pattern, on by default
    for HTTP-based actions unless ``operationOptions`` has ``DisableAsyncPattern``)."""
    if reply is None or reply.status != 202 or action.type not in _POLLING_TYPES:
        return False
    if not any(k.lower() == "location" for k in reply.headers):
        return False
    return not action.has_option("DisableAsyncPattern")


def _poll_request(request: OutboundRequest, reply: HttpReply) -> tuple[OutboundRequest, float]:
    headers = {k.lower(): v for k, v in reply.headers.items()}
    try:
        wait = float(headers.get("retry-after", ""))
    except ValueError:
        wait = DEFAULT_POLL_INTERVAL
    kept = {k: v for k, v in request.headers.items() if k.lower() == "authorization"}
    poll = OutboundRequest(
        "GET",
        with_root(urljoin(request.url, headers["location"])),
        Headers(kept),
        action=request.action,
        kind=request.kind,
        authentication=request.authentication,
    )
    return poll, max(wait, 0.0)


#: Actions whose request goes over HTTP in the runtime (the others' is a stand-in, see
#: :mod:`reqres_mock.definitions.outbound`).
_HTTP_TYPES = frozenset(
    {"http", "httpwebhook", "apiconnection", "apiconnectionwebhook", "function"}
)


def _runtime_headers(env: RunEnvironment, action: Action) -> list[tuple[str, str]]:
    """What the runtime adds to the action's HTTP requests: ``x-ms-workflow-*`` and tracking
    headers, unless ``operationOptions`` has ``SuppressWorkflowHeaders`` ("Don't send x-ms-*
    metadata headers in outbound requests", Microsoft Learn, schema reference for trigger and
    action types, operation options)."""
    if env.request_headers is None or action.type not in _HTTP_TYPES:
        return []
    return env.request_headers(action.name, action.has_option("SuppressWorkflowHeaders"))


def _unresolved(error: BaseException | None) -> bool:
    """Whether a stub's exception is a DNS failure, ``socket.gaierror`` (or a subclass), told
    by name: this layer imports no I/O library (an import-linter contract)."""
    return error is not None and any(
        cls.__module__ == "socket" and cls.__name__ == "gaierror" for cls in type(error).__mro__
    )


def send(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    """The handler of every outbound action type."""
    env = runner.env
    hook = (
        env.webhook(action.name, runner.iteration_indexes())
        if action.type in _WEBHOOK_TYPES and env.webhook
        else None
    )
    inputs = runner.action_inputs(  # with a Standard project's connection resolved
        action, callback_url=hook.callback_url if hook is not None else None
    )
    fields = inputs if isinstance(inputs, dict) else {}
    headers = _runtime_headers(env, action)
    try:
        request = build_request(action.name, action.type_name, inputs, region=env.region)
        request = request.with_headers(headers)
        policy = parse_retry_policy(fields.get("retryPolicy"))
        fallback = _in_process(env, fields) if action.type == "workflow" else None
        reply, error, attempt = _exchange(env, action, request, policy, fallback)
        polls = 0
        while _polls(action, reply) and not env.stopping.is_set():
            assert reply is not None
            polls += 1
            if polls > MAX_POLLS:
                raise ActionFailure(
                    "ActionTimedOut",
                    f"Action '{action.name}' polled its 202's Location {MAX_POLLS} times "
                    "without a final reply (a limit of the mock).",
                )
            request, wait = _poll_request(request, reply)
            request = request.with_headers(headers)
            if pause(env, wait):
                break
            reply, error, attempt = _exchange(
                env, action, request, policy, None, poll=polls, first_delay=wait
            )
    except ActionFailure as failure:
        failure.inputs = inputs
        raise
    if _unresolved(error):
        # a host name DNS cannot resolve (tomdam/flowforger packages/connectors-http/src/
        # cloud-http.ts transportError and its test, measured against the cloud by
        # conformance/flows/http.ff.ts)
        raise ActionFailure(
            "UnresolvableHostName",
            f"The provided host name '{urlsplit(request.url).hostname}' could not be resolved.",
            inputs=inputs,
        )
    if error is not None:
        raise ActionFailure(
            "BadRequest",
            f"Http request failed with status code '{type(error).__name__}' and status "
            f"message: '{error}'.",
            inputs=inputs,
        )
    assert reply is not None
    try:
        outputs = reply_outputs(reply)
    except httpclient.ReplyContentError as err:
        # fails the action whatever the status, with no outputs (tomdam/flowforger
        # packages/connectors-http/src/cloud-http.ts, measured against the cloud by
        # conformance/flows/http.ff.ts: code BadRequest and this message)
        raise ActionFailure("BadRequest", err.message, inputs=inputs) from err
    if reply.status >= 400:
        # The history shows no error, only the status as the code and the reply as outputs
        # (Microsoft Learn, "Handle errors and exceptions", the result() of a 404: "code":
        # "NotFound", "status": "Failed"); the message stays the exception's, for the mock's
        # own reports.
        raise ActionFailure(
            status_code_name(reply.status, env.flavor),
            f"The call of action '{action.name}' to {request.method} {request.url} answered "
            f"{reply.status} after {attempt} attempt(s).",
            outputs=outputs,
            inputs=inputs,
            recorded=False,
        )
    if hook is not None:
        # before the wait is announced (hook.subscribed), so whoever sees it sees Waiting
        runner.waiting(action)
        return _await_callback(env, action, hook, request, inputs, headers=headers)
    return SUCCEEDED, inputs, outputs


#: Actions that subscribe and wait for a call to their URL: HttpWebhook, and a managed
#: connector's webhook action (Office 365's "Send approval email", Microsoft's HTTP Webhook page).
_WEBHOOK_TYPES = frozenset({"httpwebhook", "apiconnectionwebhook"})


def _await_callback(
    env: RunEnvironment,
    action: Action,
    hook: Webhook,
    request: OutboundRequest,
    inputs: Any,
    *,
    headers: list[tuple[str, str]],
) -> tuple[str, Any, Any]:
    """A subscribed webhook action: wait (without the run's baton) for the call to its URL,
    whose headers and body are its outputs; then unsubscribe, as Logic Apps does when the
    action ends however it ends (a failed unsubscribe fails nothing). A connector's webhook
    action has no ``unsubscribe`` inputs: the connector's unsubscription is not modelled."""
    hook.subscribed(request)
    with blocking():
        callback = hook.wait()
    hook.close()  # this action's wait is over (a loop's next iteration has its own)
    unsubscribe = inputs.get("unsubscribe") if isinstance(inputs, dict) else None
    if isinstance(unsubscribe, dict):
        try:
            # the same action's request: the same runtime headers (action tracking id)
            leaving = http_request(action.name, action.type_name, unsubscribe).with_headers(headers)
            _exchange(env, action, leaving, parse_retry_policy({"type": "none"}), None)
        except ActionFailure:
            pass  # unstubbed, or inputs that make no request: logged on run.outbound if sent
    if callback is None:  # the run stopped, or was cancelled, while it waited
        return CANCELLED, inputs, None
    return (
        SUCCEEDED,
        inputs,
        {"statusCode": 200, "headers": callback.headers, "body": callback.body},
    )


def _unmatched(
    env: RunEnvironment, fallback: Callable[[], HttpReply] | None
) -> tuple[HttpReply | None, str | None]:
    if fallback is not None:
        try:
            return fallback(), "workflow"
        except ActionFailure:
            if env.unstubbed != "200":
                raise
    if env.unstubbed == "200":
        return HttpReply(200), "default"
    return None, None


def log_named_stub(
    runner: ActionContext, action: Action, inputs: Any, outputs: dict[str, Any]
) -> None:
    """Log an outbound action answered by ``stub_action``: once, since that stub stands for
    the action's final outcome and is not retried."""
    status = outputs.get("statusCode", 200)
    if action.type in OUTBOUND_TYPES:
        try:
            request = build_request(action.name, action.type_name, inputs, region=runner.env.region)
            request = request.with_headers(_runtime_headers(runner.env, action))
        except ActionFailure:
            request = OutboundRequest("", "", action=action.name, kind=action.type_name)
        reply = HttpReply(
            int(status) if isinstance(status, int) else 200,
            dict(outputs.get("headers") or {}),
            outputs.get("body"),
        )
        runner.env.outbound.append(OutboundCall(action.name, 1, request, reply, stub="action"))
