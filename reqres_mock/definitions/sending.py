"""Sending an outbound action's request: the first matching stub answers, each attempt is
logged on the run, and the action's ``retryPolicy`` sends it again after a 408, 429, 5xx or
network failure (its waits scaled by ``ServerConfig(wait_scale=…)``, ended early when the server
stops — an event wait, never a sleep loop).
"""

from __future__ import annotations

import random
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.actions import SUCCEEDED, Action, ActionFailure
from reqres_mock.definitions.httpstubs import find_stub, near_misses
from reqres_mock.definitions.outbound import (
    OUTBOUND_TYPES,
    HttpReply,
    OutboundCall,
    OutboundRequest,
    build_request,
)
from reqres_mock.definitions.retry import parse_retry_policy, retriable
from reqres_mock.protocol.trigger import shape_body

if TYPE_CHECKING:
    from collections.abc import Callable

    from reqres_mock.definitions.actions import RunEnvironment
    from reqres_mock.definitions.context import ActionContext


def reply_outputs(reply: HttpReply) -> dict[str, Any]:
    """An answer as the action's outputs, its body typed by Content-Type as the runtime types
    a real reply: JSON parsed, ``text/plain`` a string, anything else (XML, binary)
    ``{"$content-type", "$content"}``."""
    headers, data = reply.encoded()
    body: Any = None
    if data:
        try:
            body = shape_body(data, headers.get("Content-Type"))
        except ValueError:  # a JSON Content-Type on a body that is not JSON: kept as text
            body = data.decode("utf-8", "replace")
    return {"statusCode": reply.status, "headers": headers.to_dict(), "body": body}


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.replace(" ", "").replace("-", "")
    except ValueError:
        return "NotSpecified"


def _unstubbed(action: Action, request: OutboundRequest, env: RunEnvironment) -> ActionFailure:
    lines = [
        f"Action '{action.name}' of type '{action.type_name}' would call out of the mock: "
        f"{request.method} {request.url}. No stub matched; stub it in the test with "
        f"wf.stub_http(method='{request.method}', url='{request.url.split('?')[0]}', "
        f"status=200, body=...) or wf.stub_action('{action.name}', status=200, body=...)"
    ]
    lines.extend(f"Closest: {miss}" for miss in near_misses(list(env.http_stubs), request))
    return ActionFailure("ActionNotStubbed", "\n".join(lines))


def _in_process(env: RunEnvironment, inputs: dict[str, Any]) -> Callable[[], HttpReply] | None:
    """A Workflow action's fallback: the called workflow, when the mock serves it."""

    def call() -> HttpReply:
        host = inputs.get("host") or {}
        name = str(host.get("workflow", {}).get("id", "")).rstrip("/").split("/")[-1]
        outputs = env.call_workflow(name, inputs.get("body"), dict(inputs.get("headers") or {}))
        return HttpReply(
            int(outputs.get("statusCode", 200)),
            dict(outputs.get("headers") or {}),
            outputs.get("body"),
        )

    return call


def send(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    """The handler of every outbound action type."""
    env = runner.env
    inputs = runner.evaluate(action.inputs)
    try:
        request = build_request(action.name, action.type_name, inputs, region=env.region)
        policy = parse_retry_policy(inputs.get("retryPolicy"))
    except ActionFailure as failure:
        failure.inputs = inputs
        raise
    fallback = _in_process(env, inputs) if action.type == "workflow" else None
    rng = random.Random()
    attempt, delay = 1, 0.0
    while True:
        answer: HttpReply | BaseException | None
        stub = find_stub(list(env.http_stubs), request)
        source: str | None = "http"
        if stub is not None:
            answer = stub.answer(request)
        else:
            try:
                answer, source = _unmatched(env, fallback)
            except ActionFailure as failure:  # a Workflow action's workflow is not loaded
                failure.inputs = inputs
                raise
        reply = answer if isinstance(answer, HttpReply) else None
        error = answer if isinstance(answer, BaseException) else None
        env.outbound.append(
            OutboundCall(action.name, attempt, request, reply, error, delay, source)
        )
        if answer is None:
            unstubbed = _unstubbed(action, request, env)
            unstubbed.inputs = inputs
            raise unstubbed
        status = reply.status if reply is not None else None
        if not retriable(status) or attempt > policy.count:
            break
        delay = policy.delay(attempt, rng)
        if env.stopping.wait(delay * env.wait_scale):
            break
        attempt += 1
    if error is not None:
        raise ActionFailure(
            "BadRequest",
            f"Http request failed with status code '{type(error).__name__}' and status "
            f"message: '{error}'.",
            inputs=inputs,
        )
    assert reply is not None
    outputs = reply_outputs(reply)
    if reply.status >= 400:
        raise ActionFailure(
            _reason(reply.status),
            f"The call of action '{action.name}' to {request.method} {request.url} answered "
            f"{reply.status} after {attempt} attempt(s).",
            outputs=outputs,
            inputs=inputs,
        )
    return SUCCEEDED, inputs, outputs


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
        except ActionFailure:
            request = OutboundRequest("", "", action=action.name, kind=action.type_name)
        reply = HttpReply(
            int(status) if isinstance(status, int) else 200,
            dict(outputs.get("headers") or {}),
            outputs.get("body"),
        )
        runner.env.outbound.append(OutboundCall(action.name, 1, request, reply, stub="action"))
