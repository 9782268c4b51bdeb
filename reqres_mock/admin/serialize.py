"""JSON views of workflows and runs, as the admin API and the run-history page show them.

Nothing here ever carries a callback URL's ``sig`` from a journalled call: request targets are
redacted. Callback URLs of *workflows* are built for the host the admin caller used, so a mock
reached as ``http://mock:7071`` from a container hands out URLs that work from there.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from reqres_mock.engine.run import RunStatus
from reqres_mock.exchange import redact
from reqres_mock.language.datetimes import history_timestamp
from reqres_mock.protocol import callback
from reqres_mock.protocol.jsonwire import utf8
from reqres_mock.protocol.response import Response

if TYPE_CHECKING:
    from datetime import datetime

    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.exchange import Headers

#: Bodies longer than this (bytes) are shown cut, with their size and a link to the whole body,
#: so the page and ``/_reqres/runs`` stay small whatever a client sent.
BODY_LIMIT = 64 * 1024
#: How much of a cut body is shown.
PREVIEW_SIZE = 4 * 1024
#: Request headers whose values the admin API and the page never show.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


def timestamp(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``, as Azure's run history writes it: .NET's
    ``yyyy-MM-ddTHH:mm:ss.FFFFFFFZ``, trailing zeros of the fraction trimmed
    (``2018-08-10T20:16:32.044238Z`` in Microsoft's WorkflowRuns_Get.json example;
    ``…:53.533961Z`` in a captured Standard run, sahinozd/LogicAppsStandard.Testing
    ``Management.Tests/ManagementApiResponseMessages/Workflow-run-content.json``)."""
    if moment is None:
        return None
    return history_timestamp(moment)


def trimmed(stamp: str | None) -> str | None:
    """A run-history time string (an action's ``start_time``, seven fraction digits) as
    :func:`timestamp` writes times: the fraction's trailing zeros trimmed."""
    if stamp is None or "." not in stamp:
        return stamp
    head, _, fraction = stamp.rstrip("Z").partition(".")
    fraction = fraction.rstrip("0")
    return f"{head}.{fraction}Z" if fraction else f"{head}Z"


def _millis(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() * 1000, 3)


def workflow_callback(workflow: Workflow, base_url: str) -> callback.CallbackUrl:
    """The workflow's callback URL parts, for a server reached at ``base_url``."""
    return callback.callback_url(
        base_url=base_url,
        flavor=workflow.flavor,
        wf_id=workflow.id,
        wf_name=workflow.name,
        trigger=workflow.trigger.name,
        access_key=workflow.access_key,
    )


def callback_url(workflow: Workflow, base_url: str) -> str:
    """The signed callback URL (``{name}`` placeholders kept) for ``base_url``."""
    template = (workflow.trigger.relative_path or "").strip("/")
    return workflow_callback(workflow, base_url).render(template)


def list_callback_url(workflow: Workflow, base_url: str) -> dict[str, Any]:
    """ARM's ``listCallbackUrl`` answer: value, method, basePath, queries, relativePath..."""
    parts = workflow_callback(workflow, base_url)
    result: dict[str, Any] = {
        "value": callback_url(workflow, base_url),
        "method": workflow.method or "POST",
        "basePath": parts.base_path,
        "queries": dict(parts.queries),
    }
    trigger = workflow.trigger
    if trigger.relative_path:
        result["relativePath"] = trigger.relative_path
        result["relativePathParameters"] = list(trigger.path.parameters) if trigger.path else []
    return result


def _response_json(response: Response) -> dict[str, Any]:
    return {
        "statusCode": response.status_code,
        "headers": {
            str(k): v if isinstance(v, str) else json.dumps(v) for k, v in response.headers.items()
        },
        "body": _json_value(response.body),
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, bytes):
        return {
            "$content-type": "application/octet-stream",
            "$content": base64.b64encode(value).decode(),
        }
    return value


def workflow_json(workflow: Workflow, base_url: str) -> dict[str, Any]:
    """A workflow as ``GET /_reqres/workflows`` lists it."""
    spec = workflow.response
    if isinstance(spec, Response):
        kind, response = "static", _response_json(spec)
    elif spec is None:
        kind, response = "none", None
    else:
        kind, response = "callable", None
    return {
        "name": workflow.name,
        "id": workflow.id,
        "flavor": workflow.flavor.value,
        "trigger": workflow.trigger.name,
        "method": workflow.method,
        "relativePath": workflow.trigger.relative_path,
        "callbackUrl": callback_url(workflow, base_url),
        "schema": dict(workflow.trigger.schema) if workflow.trigger.schema is not None else None,
        "enabled": workflow.enabled,
        "timeout": workflow.effective_timeout(),
        "source": workflow.source,
        "responseKind": kind,
        "response": response,
    }


def _body_json(headers: Headers, body: bytes) -> Any:
    """A reply body as JSON when it is, as text when it is text, else as Logic Apps' content."""
    if not body:
        return None
    content_type = headers.get("Content-Type", "")
    if "json" in content_type.lower():
        try:
            return json.loads(body)
        except ValueError:
            pass
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return {
            "$content-type": content_type or "application/octet-stream",
            "$content": base64.b64encode(body).decode(),
        }
    return text


def body_url(run: Run, side: str) -> str:
    """Where the admin API serves a run's whole ``request`` or ``reply`` body."""
    return f"/_reqres/runs/{run.id}/{side}/body"


def _cut(body: bytes, href: str) -> dict[str, Any]:
    return {
        "$truncated": True,
        "size": len(body),
        "preview": body[:PREVIEW_SIZE].decode("utf-8", "replace"),
        "href": href,
    }


def _shown_body(headers: Headers, body: bytes, href: str) -> Any:
    return _cut(body, href) if len(body) > BODY_LIMIT else _body_json(headers, body)


def _raw_body(body: bytes, href: str, headers: Headers) -> Any:
    """What the client sent, unparsed: text, or Logic Apps' ``$content`` form for bytes."""
    if len(body) > BODY_LIMIT:
        return _cut(body, href)
    if not body:
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return {
            "$content-type": headers.get("Content-Type") or "application/octet-stream",
            "$content": base64.b64encode(body).decode(),
        }


def _request_json(run: Run) -> dict[str, Any]:
    request = run.request
    return {
        "method": request.method,
        "path": redact(request.target),
        "remoteAddr": request.remote_addr,
        "headers": {
            k: "***" if k.lower() in SECRET_HEADERS else v
            for k, v in request.headers.to_dict().items()
        },
        "body": _raw_body(request.body, body_url(run, "request"), request.headers),
        "bodySize": len(request.body),
    }


def _trigger_outputs(run: Run) -> dict[str, Any]:
    if len(run.request.body) <= BODY_LIMIT or "body" not in run.trigger_outputs:
        return run.trigger_outputs
    return {**run.trigger_outputs, "body": _cut(run.request.body, body_url(run, "request"))}


def _action(run: Run) -> dict[str, Any] | None:
    """The Response action's record, or ``None`` when the workflow has no Response."""
    workflow = run.workflow_ref
    if not run.accepted or workflow is None or workflow.response is None:
        return None
    record: dict[str, Any] = {
        "name": "Response",
        "type": "Response",
        "status": "Running",
        "startTime": timestamp(run.started_at),
        "endTime": None,
        "durationMs": None,
        "inputs": None,
        "outputs": None,
        "error": None,
    }
    if run.response is not None:
        shown = _response_json(run.response)
        text = shown["body"] if isinstance(shown["body"], str) else json.dumps(shown["body"])
        if text is not None and len(text) > BODY_LIMIT:  # the reply's body, once is enough
            shown["body"] = _cut(utf8(text), body_url(run, "reply"))
        end = run.ended_at or run.replied_at
        record.update(
            status="Succeeded",
            endTime=timestamp(end),
            durationMs=_millis(run.started_at, end),
            inputs=shown,
            outputs=shown,
        )
    elif run.ended_at is not None:
        record.update(
            status="Skipped" if run.status is RunStatus.CANCELLED else "Failed",
            endTime=timestamp(run.ended_at),
            durationMs=_millis(run.started_at, run.ended_at),
        )
        if run.error is not None:
            record["error"] = {"code": type(run.error).__name__, "message": str(run.error)}
    return record


def _definition_actions(run: Run) -> list[dict[str, Any]]:
    """The records of a definition's actions, in the order they ran."""
    from datetime import datetime  # noqa: PLC0415

    records = []
    for result in run.actions.values():
        duration = None
        if result.end_time is not None:
            start = datetime.fromisoformat(result.start_time[:26] + "+00:00")
            end = datetime.fromisoformat(result.end_time[:26] + "+00:00")
            duration = _millis(start, end)
        record: dict[str, Any] = {
            "name": result.name,
            "type": result.type,
            "status": result.status,
            "startTime": trimmed(result.start_time),
            "endTime": trimmed(result.end_time),
            "durationMs": duration,
            "inputs": result.inputs,
            "outputs": result.outputs,
            "error": result.error,
        }
        if result.tracked_properties is not None:
            record["trackedProperties"] = result.tracked_properties
        if result.repetitions:
            record["repetitions"] = [
                {
                    "iterationIndexes": list(each.iteration_indexes),
                    "status": each.status,
                    "inputs": each.inputs,
                    "outputs": each.outputs,
                    "error": each.error,
                }
                for each in result.repetitions
            ]
        records.append(record)
    return records


def _outbound_json(run: Run) -> list[dict[str, Any]]:
    """Each outbound call attempt: the request (secret headers hidden) and the reply."""
    calls = []
    for call in list(run.outbound):
        request, reply = call.request, call.reply
        headers = {
            k: ("***" if k.lower() in ("authorization", "cookie") else v)
            for k, v in request.headers.to_dict().items()
        }
        answer = None
        if reply is not None:
            reply_headers, data = reply.encoded()
            answer = {
                "status": reply.status,
                "headers": reply_headers.to_dict(),
                "body": _body_json(reply_headers, data),
            }
        calls.append(
            {
                "action": call.action,
                "attempt": call.attempt,
                "poll": call.poll,
                "delay": call.delay,
                "stub": call.stub,
                "request": {
                    "method": request.method,
                    "url": request.url,
                    "headers": headers,
                    "body": _body_json(request.headers, request.body),
                },
                "reply": answer,
                "error": None
                if call.error is None
                else f"{type(call.error).__name__}: {call.error}",
            }
        )
    return calls


def run_json(run: Run) -> dict[str, Any]:
    """A journalled call as ``GET /_reqres/runs`` shows it (never with the ``sig`` value)."""
    reply = run.reply
    action = _action(run)
    return {
        "id": run.id,
        "workflow": run.workflow,
        "trigger": run.trigger,
        "status": run.status.value,
        "startTime": timestamp(run.started_at),
        "endTime": timestamp(run.ended_at),
        "durationMs": _millis(run.started_at, run.ended_at),
        "clientTrackingId": run.client_tracking_id or None,
        "correlationId": run.correlation_id or None,
        "request": _request_json(run),
        "triggerOutputs": _trigger_outputs(run),
        "actions": _definition_actions(run) if run.actions else ([action] if action else []),
        "reply": None
        if reply is None
        else {
            "status": reply.status,
            "headers": reply.headers.to_dict(),
            "body": _shown_body(reply.headers, reply.body, body_url(run, "reply")),
            "code": run.error_code,
            "time": timestamp(run.replied_at),
            "durationMs": _millis(run.started_at, run.replied_at),
        },
        "respondedLate": run.responded_late,
        "clientDisconnected": run.client_disconnected,
        "terminated": run.terminated,
        "reminders": [str(r) for r in run.reminders],
        "error": None if run.error is None else f"{type(run.error).__name__}: {run.error}",
        "nearMisses": list(run.near_misses),
        "outbound": _outbound_json(run),
        "fault": None if run.fault is None else run.fault.describe(),
    }
