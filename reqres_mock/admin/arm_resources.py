"""ARM's resources of a Logic App, as Azure Resource Manager shows them: ``Workflow``,
``WorkflowTrigger``, ``WorkflowVersion``, ``WorkflowRun``, ``WorkflowRunAction`` and
``WorkflowTriggerHistory``, with the content links of their inputs and outputs.

The shapes follow the ``Microsoft.Logic`` examples of azure-rest-api-specs
(``specification/logic/resource-manager/Microsoft.Logic/stable/2019-05-01/examples/``:
``Workflows_Get.json``, ``WorkflowTriggers_Get.json``, ``WorkflowRuns_Get.json``,
``WorkflowRunActions_Get.json``, ``WorkflowTriggerHistories_List.json``). Every id starts with
the resource path the caller used, so an id read back can be requested again as it is.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from reqres_mock.admin.serialize import timestamp
from reqres_mock.definitions.actions import CompiledWorkflow
from reqres_mock.engine.run import RunStatus
from reqres_mock.protocol import callback
from reqres_mock.protocol.response import Response

if TYPE_CHECKING:
    from reqres_mock.definitions.actions import ActionResult
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow

SCHEMA_URL = (
    "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/"
    "workflowdefinition.json#"
)
#: The ``api-version`` of content links (Consumption's runtime version).
CONTENT_API_VERSION = "2016-10-01"
#: The kinds of content a link can point at.
CONTENT_KINDS = ("TriggerInputs", "TriggerOutputs", "ActionInputs", "ActionOutputs")
_RUN_FAILED = {
    "code": "ActionFailed",
    "message": "An action failed. No dependent actions succeeded.",
}


@dataclass(frozen=True)
class Where:
    """Where a caller addressed a workflow: the ARM resource path and the mock's base URL.

    :param resource: the workflow's resource path as the caller wrote it (without the name),
        e.g. ``/subscriptions/s/resourceGroups/g/providers/Microsoft.Logic/workflows``.
    :param base_url: scheme and authority the caller used; content links point there.
    """

    resource: str
    base_url: str

    def workflow_id(self, workflow: Workflow) -> str:
        return f"{self.resource}/{quote(workflow.name, safe='')}"


def _reference(id_: str, name: str, type_: str) -> dict[str, str]:
    return {"id": id_, "name": name, "type": type_}


# -- workflows, triggers, versions --------------------------------------------------------------


def trigger_definition(workflow: Workflow) -> dict[str, Any]:
    """The Request trigger as a definition writes it."""
    trigger = workflow.trigger
    inputs: dict[str, Any] = {}
    if trigger.schema is not None:
        inputs["schema"] = dict(trigger.schema)
    if trigger.method:
        inputs["method"] = trigger.method
    if trigger.relative_path:
        inputs["relativePath"] = trigger.relative_path
    spec: dict[str, Any] = {"type": "Request", "kind": "Http", "inputs": inputs}
    if trigger.operation_options:
        spec["operationOptions"] = ", ".join(sorted(trigger.operation_options))
    return spec


def definition(workflow: Workflow) -> dict[str, Any]:
    """The workflow definition: the trigger and the actions as loaded, or the Response that
    ``add_workflow`` made (a Python callable shows as a Response without inputs)."""
    spec = workflow.response
    actions: dict[str, Any]
    if isinstance(spec, CompiledWorkflow):
        actions = {a.name: a.spec for a in spec.graph.actions.values()}
    elif isinstance(spec, Response):
        actions = {
            "Response": {
                "type": "Response",
                "kind": "Http",
                "inputs": response_content(spec),
                "runAfter": {},
            }
        }
    elif spec is None:
        actions = {}
    else:
        actions = {"Response": {"type": "Response", "kind": "Http", "inputs": {}, "runAfter": {}}}
    return {
        "$schema": SCHEMA_URL,
        "contentVersion": "1.0.0.0",
        "parameters": {},
        "triggers": {workflow.trigger.name: trigger_definition(workflow)},
        "actions": actions,
        "outputs": {},
    }


def _state(workflow: Workflow) -> str:
    return "Enabled" if workflow.enabled else "Disabled"


def workflow_resource(workflow: Workflow, where: Where, region: str) -> dict[str, Any]:
    """ARM's ``Workflow`` (Workflows_Get.json)."""
    created = timestamp(workflow.created_at)
    return {
        "id": where.workflow_id(workflow),
        "name": workflow.name,
        "type": "Microsoft.Logic/workflows",
        "location": region,
        "tags": {},
        "properties": {
            "provisioningState": "Succeeded",
            "createdTime": created,
            "changedTime": created,
            "state": _state(workflow),
            "version": workflow.version,
            "accessEndpoint": f"{where.base_url.rstrip('/')}/workflows/{workflow.id}",
            "definition": definition(workflow),
            "parameters": {},
        },
    }


def version_resource(workflow: Workflow, where: Where, region: str) -> dict[str, Any]:
    """ARM's ``WorkflowVersion``: the workflow as it is (the mock keeps one version)."""
    resource = workflow_resource(workflow, where, region)
    resource["id"] = f"{resource['id']}/versions/{workflow.version}"
    resource["name"] = workflow.version
    resource["type"] = "Microsoft.Logic/workflows/versions"
    return resource


def _version_reference(workflow: Workflow, where: Where) -> dict[str, str]:
    return _reference(
        f"{where.workflow_id(workflow)}/versions/{workflow.version}",
        workflow.version,
        "Microsoft.Logic/workflows/versions",
    )


def trigger_resource(workflow: Workflow, where: Where, runs: list[Run]) -> dict[str, Any]:
    """ARM's ``WorkflowTrigger`` (WorkflowTriggers_Get.json); ``runs`` are the workflow's
    runs, for ``lastExecutionTime``."""
    created = timestamp(workflow.created_at)
    trigger = workflow.trigger.name
    properties: dict[str, Any] = {
        "provisioningState": "Succeeded",
        "createdTime": created,
        "changedTime": created,
        "state": _state(workflow),
        "workflow": _version_reference(workflow, where),
    }
    if runs:
        properties["lastExecutionTime"] = timestamp(max(r.started_at for r in runs))
    return {
        "id": f"{where.workflow_id(workflow)}/triggers/{quote(trigger, safe='')}",
        "name": trigger,
        "type": "Microsoft.Logic/workflows/triggers",
        "properties": properties,
    }


# -- content links ------------------------------------------------------------------------------


def content_permissions(run_id: str, kind: str, action: str | None = None) -> str:
    """The ``sp`` of a content link."""
    if action is None:
        return f"/runs/{run_id}/contents/{kind}/read"
    return f"/runs/{run_id}/actions/{action}/contents/{kind}/read"


def content_bytes(content: Any) -> bytes:
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


def content_link(
    workflow: Workflow, where: Where, run_id: str, kind: str, content: Any, *, action: str | None
) -> dict[str, Any]:
    """A ``ContentLink``: a signed URL on the mock that returns ``content`` as JSON, with its
    size and MD5 hash (WorkflowRunActions_Get.json)."""
    sp = content_permissions(run_id, kind, action)
    queries = {
        "api-version": CONTENT_API_VERSION,
        "sp": sp,
        "sv": callback.SAS_VERSION,
        "sig": callback.sign(workflow.access_key, workflow.id, sp),
    }
    path = f"/workflows/{workflow.id}/runs/{quote(run_id, safe='')}"
    if action is not None:
        path += f"/actions/{quote(action, safe='')}"
    uri = f"{where.base_url.rstrip('/')}{path}/contents/{kind}?"
    uri += urlencode(queries, quote_via=quote, safe="")
    body = content_bytes(content)
    digest = base64.b64encode(hashlib.md5(body).digest()).decode()  # ARM's contentHash is MD5
    return {
        "uri": uri,
        "contentVersion": digest,
        "contentSize": len(body),
        "contentHash": {"algorithm": "md5", "value": digest},
    }


def response_content(response: Response) -> dict[str, Any]:
    """A Response action's inputs (and outputs): ``statusCode``, ``headers``, ``body``."""
    content: dict[str, Any] = {"statusCode": response.status_code}
    if response.headers:
        content["headers"] = {
            str(k): v if isinstance(v, str) else json.dumps(v) for k, v in response.headers.items()
        }
    body = response.body
    if isinstance(body, bytes):
        body = {
            "$content-type": "application/octet-stream",
            "$content": base64.b64encode(body).decode(),
        }
    if body is not None:
        content["body"] = body
    return content


def trigger_contents(workflow: Workflow, run: Run) -> dict[str, Any]:
    """``TriggerInputs`` and ``TriggerOutputs`` of a call."""
    return {
        "TriggerInputs": trigger_definition(workflow)["inputs"],
        "TriggerOutputs": run.trigger_outputs or None,
    }


# -- run actions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRecord:
    """One action of a run, whichever way the workflow was made."""

    name: str
    type: str
    status: str
    code: str | None
    start: str | None
    end: str | None
    inputs: Any
    outputs: Any
    error: dict[str, str] | None
    tracked: dict[str, Any] | None = None


def _from_result(result: ActionResult) -> ActionRecord:
    return ActionRecord(
        result.name,
        result.type,
        result.status,
        result.code,
        result.start_time,
        result.end_time,
        result.inputs,
        result.outputs,
        result.error,
        result.tracked_properties,
    )


def _response_record(run: Run) -> ActionRecord | None:
    """The Response of a workflow made with ``add_workflow`` (static or a callable)."""
    workflow = run.workflow_ref
    if workflow is None or workflow.response is None or not run.accepted:
        return None
    if isinstance(workflow.response, CompiledWorkflow):
        return None  # a definition's actions are its own records
    start = timestamp(run.started_at)
    if run.response is not None:
        shown = response_content(run.response)
        end = timestamp(run.replied_at or run.ended_at)
        return ActionRecord(
            "Response", "Response", "Succeeded", "OK", start, end, shown, shown, None
        )
    if run.ended_at is None:
        return ActionRecord("Response", "Response", "Running", None, start, None, None, None, None)
    end = timestamp(run.ended_at)
    if run.status is RunStatus.CANCELLED:
        error = {"code": "Cancelled", "message": "The run was cancelled."}
        return ActionRecord(
            "Response", "Response", "Cancelled", "Cancelled", start, end, None, None, error
        )
    failed: dict[str, str] | None = None
    if run.error is not None:
        failed = {"code": type(run.error).__name__, "message": str(run.error)}
    code = failed["code"] if failed else "NotSpecified"
    return ActionRecord("Response", "Response", "Failed", code, start, end, None, None, failed)


def action_records(run: Run) -> list[ActionRecord]:
    """A run's actions in the order they ran."""
    if run.actions:
        return [_from_result(r) for r in run.actions.values()]
    record = _response_record(run)
    return [record] if record is not None else []


def action_content(run: Run, action: str, kind: str) -> tuple[bool, Any]:
    """``(found, content)`` of an action's ``ActionInputs`` / ``ActionOutputs``."""
    for record in action_records(run):
        if record.name.lower() == action.lower():
            return True, record.inputs if kind == "ActionInputs" else record.outputs
    return False, None


def action_resource(
    workflow: Workflow, where: Where, run: Run, record: ActionRecord
) -> dict[str, Any]:
    """ARM's ``WorkflowRunAction`` (WorkflowRunActions_Get.json)."""
    tracking = uuid.uuid5(uuid.NAMESPACE_URL, f"{run.id}/{record.name}")
    properties: dict[str, Any] = {
        "startTime": record.start,
        "status": record.status,
        "correlation": {
            "actionTrackingId": str(tracking),
            "clientTrackingId": run.client_tracking_id,
        },
    }
    if record.end is not None:
        properties["endTime"] = record.end
    if record.code is not None:
        properties["code"] = record.code
    if record.error is not None:
        properties["error"] = record.error
    if record.tracked is not None:
        properties["trackedProperties"] = record.tracked
    for key, kind, content in (
        ("inputsLink", "ActionInputs", record.inputs),
        ("outputsLink", "ActionOutputs", record.outputs),
    ):
        if content is not None:
            properties[key] = content_link(
                workflow, where, run.id, kind, content, action=record.name
            )
    return {
        "id": f"{run_path(workflow, where, run.id)}/actions/{quote(record.name, safe='')}",
        "name": record.name,
        "type": "Microsoft.Logic/workflows/runs/actions",
        "properties": properties,
    }


# -- runs and trigger histories -----------------------------------------------------------------


def run_path(workflow: Workflow, where: Where, run_id: str) -> str:
    return f"{where.workflow_id(workflow)}/runs/{quote(run_id, safe='')}"


def _run_reference(workflow: Workflow, where: Where, run: Run) -> dict[str, str]:
    return _reference(run_path(workflow, where, run.id), run.id, "Microsoft.Logic/workflows/runs")


def _trigger_links(workflow: Workflow, where: Where, run: Run) -> dict[str, Any]:
    links = {}
    contents = trigger_contents(workflow, run)
    for key, kind in (("inputsLink", "TriggerInputs"), ("outputsLink", "TriggerOutputs")):
        if contents[kind] is not None:
            links[key] = content_link(workflow, where, run.id, kind, contents[kind], action=None)
    return links


def run_error(run: Run) -> dict[str, str] | None:
    """The run's ``error``: the definition's, or ActionFailed when its Response failed."""
    if run.failure is not None:
        return dict(run.failure)
    if run.status is RunStatus.FAILED:
        return dict(_RUN_FAILED)
    return None


def run_resource(workflow: Workflow, where: Where, run: Run) -> dict[str, Any]:
    """ARM's ``WorkflowRun`` (WorkflowRuns_Get.json), with the trigger's and the Response's
    content links."""
    start = timestamp(run.started_at)
    correlation = {"clientTrackingId": run.client_tracking_id}
    trigger: dict[str, Any] = {
        "name": workflow.trigger.name,
        "startTime": start,
        "endTime": start,
        "correlation": correlation,
        "originHistoryName": run.id,
        "code": "OK",
        "status": "Succeeded",
        **_trigger_links(workflow, where, run),
    }
    properties: dict[str, Any] = {
        "waitEndTime": start,
        "startTime": start,
        "status": run.status.value,
        "correlation": correlation,
        "workflow": _version_reference(workflow, where),
        "trigger": trigger,
        "outputs": {},
    }
    if run.ended_at is not None:
        properties["endTime"] = timestamp(run.ended_at)
    error = run_error(run)
    if error is not None:
        properties["code"] = error["code"]
        properties["error"] = error
    response = next(
        (
            r
            for r in action_records(run)
            if r.type.lower() == "response" and r.status == "Succeeded"
        ),
        None,
    )
    if response is not None:
        shown = action_resource(workflow, where, run, response)["properties"]
        properties["response"] = {"name": response.name, **shown}
    return {
        "id": run_path(workflow, where, run.id),
        "name": run.id,
        "type": "Microsoft.Logic/workflows/runs",
        "properties": properties,
    }


def history_resource(workflow: Workflow, where: Where, call: Run) -> dict[str, Any]:
    """ARM's ``WorkflowTriggerHistory`` (WorkflowTriggerHistories_List.json) of one call:
    fired (a run started), skipped (trigger conditions false) or failed (refused)."""
    start = timestamp(call.started_at)
    properties: dict[str, Any] = {
        "startTime": start,
        "endTime": timestamp(call.replied_at) if call.replied_at else start,
        "correlation": {"clientTrackingId": call.client_tracking_id or call.id},
        "fired": call.accepted,
    }
    if call.accepted:
        properties.update(status="Succeeded", code="OK", run=_run_reference(workflow, where, call))
    elif call.status is RunStatus.SKIPPED:
        properties["status"] = "Skipped"
    else:
        properties["status"] = "Failed"
        error = _reply_error(call)
        if error is not None:
            properties["code"] = error["code"]
            properties["error"] = error
    if call.trigger_outputs:
        properties.update(_trigger_links(workflow, where, call))
    trigger = quote(workflow.trigger.name, safe="")
    return {
        "id": f"{where.workflow_id(workflow)}/triggers/{trigger}/histories/{call.id}",
        "name": call.id,
        "type": "Microsoft.Logic/workflows/triggers/histories",
        "properties": properties,
    }


def _reply_error(call: Run) -> dict[str, str] | None:
    reply = call.reply
    if reply is None:
        return None
    try:
        error = reply.json()["error"]
        return {"code": str(error["code"]), "message": str(error["message"])}
    except (ValueError, KeyError, TypeError):
        return {"code": str(reply.status), "message": f"The call was answered {reply.status}."}


# -- repetitions of actions inside loops --------------------------------------------------------


def repetition_name(result: ActionResult) -> str:
    """Azure's repetition name: each loop's index, six digits, joined with ``-``."""
    return "-".join(f"{index:06d}" for _, index in result.repetition)


def repetition_resource(
    workflow: Workflow, where: Where, run: Run, result: ActionResult
) -> dict[str, Any]:
    """ARM's ``WorkflowRunActionRepetitionDefinition``: one iteration of an action in a loop,
    with its inputs and outputs inline and ``repetitionIndexes`` (loop, item index)."""
    record = _from_result(result)
    tracking = uuid.uuid5(uuid.NAMESPACE_URL, f"{run.id}/{result.name}/{repetition_name(result)}")
    properties: dict[str, Any] = {
        "startTime": record.start,
        "endTime": record.end,
        "status": record.status,
        "code": record.code,
        "correlation": {
            "actionTrackingId": str(tracking),
            "clientTrackingId": run.client_tracking_id,
        },
        "repetitionIndexes": [
            {"scopeName": loop, "itemIndex": index} for loop, index in result.repetition
        ],
    }
    for key, value in (
        ("error", record.error),
        ("inputs", record.inputs),
        ("outputs", record.outputs),
        ("trackedProperties", record.tracked),
    ):
        if value is not None:
            properties[key] = value
    action_id = f"{run_path(workflow, where, run.id)}/actions/{quote(result.name, safe='')}"
    name = repetition_name(result)
    return {
        "id": f"{action_id}/repetitions/{name}",
        "name": name,
        "type": "Microsoft.Logic/workflows/runs/actions/repetitions",
        "properties": properties,
    }
