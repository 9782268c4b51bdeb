"""Glue between the engine and running definitions: the trigger record, a nested Workflow
call's request and outputs, and the small environment trigger-level expressions see."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reqres_mock.definitions.actions import RunEnvironment
from reqres_mock.exchange import Headers, InboundRequest
from reqres_mock.language.datetimes import history_timestamp
from reqres_mock.protocol import jsonwire
from reqres_mock.protocol.response import Delivery

if TYPE_CHECKING:
    from reqres_mock.definitions.actions import CompiledWorkflow
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.exchange import Reply


def trigger_record(workflow: Workflow, run: Run) -> dict[str, Any]:
    """What ``trigger()`` returns: the trigger's history record for this run.

    As the Standard runtime writes it (ScoreUnder/IllogicApps ``TestData/*/trace-*.txt``): no
    ``inputs`` key when the trigger has none; timestamps with trailing zeros trimmed.
    """
    stamp = history_timestamp(run.started_at)
    record: dict[str, Any] = {"name": workflow.trigger.name}
    inputs = workflow.trigger.inputs
    if inputs:
        record["inputs"] = inputs
    record.update(
        {
            "outputs": run.trigger_outputs,
            "startTime": stamp,
            "endTime": stamp,
            "trackingId": run.correlation_id,
            "clientTrackingId": run.client_tracking_id,
            "originHistoryName": run.id,
            "status": "Succeeded",
        }
    )
    return record


def minimal_environment(
    workflow: Workflow, run: Run, spec: CompiledWorkflow, region: str
) -> RunEnvironment:
    """An environment for trigger-level expressions (no Response, no nested calls)."""

    def no_call(name: str, body: Any, headers: dict[str, str]) -> dict[str, Any]:
        raise RuntimeError("trigger expressions cannot call workflows")  # pragma: no cover

    return RunEnvironment(
        trigger=run.trigger_record,
        workflow=workflow.record(run, region),
        parameters=spec.parameters,
        app_settings=spec.app_settings,
        respond=lambda response: Delivery.ALREADY_SENT,
        call_workflow=no_call,
        stubs={},
        stopping=threading.Event(),
        flavor=workflow.flavor,
    )


def nested_request(child: Workflow, body: Any, headers: dict[str, str]) -> InboundRequest:
    """The call a Workflow action makes to ``child`` (its trigger, signed, JSON body)."""
    url = urlsplit(
        child.url()
        if child.trigger.path is None or not child.trigger.path.parameters
        else child.callback_url
    )
    fields = dict(headers)
    data = b""
    if body is not None:
        data = jsonwire.encode(body)
        fields.setdefault("Content-Type", "application/json")
    return InboundRequest(
        method=child.method or "POST",
        path=url.path,
        query_string=url.query,
        headers=Headers(fields),
        body=data,
        base_url=f"{url.scheme}://{url.netloc}",
    )


def reply_outputs(reply: Reply) -> dict[str, Any]:
    """A nested workflow's reply as the Workflow action's outputs."""
    body: Any = None
    if reply.body:
        try:
            body = reply.json()
        except ValueError:
            body = reply.text
    return {"statusCode": reply.status, "headers": reply.headers.to_dict(), "body": body}
