"""ARM's resources of a Logic App, as Azure Resource Manager shows them: ``Workflow``,
``WorkflowTrigger``, ``WorkflowVersion``, ``WorkflowRun`` and ``WorkflowTriggerHistory``
(actions are in :mod:`reqres_mock.admin.arm_actions`).

The shapes follow the ``Microsoft.Logic`` examples of azure-rest-api-specs
(``specification/logic/resource-manager/Microsoft.Logic/stable/2019-05-01/examples/``:
``Workflows_Get.json``, ``WorkflowTriggers_Get.json``, ``WorkflowRuns_Get.json``,
``WorkflowRunActions_Get.json``, ``WorkflowTriggerHistories_List.json``). Every id starts with
the resource path the caller used, so an id read back can be requested again as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from reqres_mock.admin.arm_actions import action_records, action_resource
from reqres_mock.admin.arm_links import content_link, reference, response_content, run_path
from reqres_mock.admin.arm_links import resource as arm_resource
from reqres_mock.admin.serialize import timestamp
from reqres_mock.definitions.actions import CompiledWorkflow
from reqres_mock.engine.run import RunStatus
from reqres_mock.language.templates import escaped
from reqres_mock.protocol.response import Response

if TYPE_CHECKING:
    from reqres_mock.admin.arm_links import Where
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow

SCHEMA_URL = (
    "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/"
    "workflowdefinition.json#"
)
_RUN_FAILED = {
    "code": "ActionFailed",
    "message": "An action failed. No dependent actions succeeded.",
}


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
        # a definition writes its literals escaped ("@@odata.etag"); a run's TriggerInputs
        # show them as evaluated
        "triggers": {workflow.trigger.name: escaped(trigger_definition(workflow))},
        "actions": actions,
        "outputs": {},
    }


def _state(workflow: Workflow) -> str:
    return "Enabled" if workflow.enabled else "Disabled"


def workflow_resource(workflow: Workflow, where: Where, region: str) -> dict[str, Any]:
    """ARM's ``Workflow`` (Workflows_Get.json, whose order it keeps: properties, then id,
    name, type, location, tags)."""
    created = timestamp(workflow.created_at)
    properties = {
        "provisioningState": "Succeeded",
        "createdTime": created,
        "changedTime": created,
        "state": _state(workflow),
        "version": workflow.version,
        "accessEndpoint": f"{where.base_url.rstrip('/')}/workflows/{workflow.id}",
        "definition": definition(workflow),
        "parameters": {},
    }
    return {
        "properties": properties,
        "id": where.workflow_id(workflow),
        "name": workflow.name,
        "type": where.type("workflows"),
        "location": region,
        "tags": {},
    }


def version_resource(workflow: Workflow, where: Where, region: str) -> dict[str, Any]:
    """ARM's ``WorkflowVersion``: the workflow as it is (the mock keeps one version)."""
    resource = workflow_resource(workflow, where, region)
    resource["id"] = f"{resource['id']}/versions/{workflow.version}"
    resource["name"] = workflow.version
    resource["type"] = where.type("workflows/versions")
    return resource


def _version_reference(workflow: Workflow, where: Where) -> dict[str, str]:
    return reference(
        f"{where.workflow_id(workflow)}/versions/{workflow.version}",
        workflow.version,
        where.type("workflows/versions"),
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
    return arm_resource(
        properties,
        f"{where.workflow_id(workflow)}/triggers/{quote(trigger, safe='')}",
        trigger,
        where.type("workflows/triggers"),
    )


def trigger_contents(workflow: Workflow, run: Run) -> dict[str, Any]:
    """``TriggerInputs`` and ``TriggerOutputs`` of a call."""
    return {
        "TriggerInputs": trigger_definition(workflow)["inputs"],
        "TriggerOutputs": run.trigger_outputs or None,
    }


# -- runs and trigger histories -----------------------------------------------------------------


def _run_reference(workflow: Workflow, where: Where, run: Run) -> dict[str, str]:
    return reference(run_path(workflow, where, run.id), run.id, where.type("workflows/runs"))


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
    if run.terminated:  # error: the Terminate's runError, if any (LogicAppUnit TestRunner.cs)
        properties["code"] = "Terminated"
        if run.failure is not None:
            properties["error"] = dict(run.failure)
    elif (error := run_error(run)) is not None:
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
        shown.pop("canResubmit", None)  # an action's, not the run's response summary
        properties["response"] = {"name": response.name, **shown}
    return arm_resource(
        properties, run_path(workflow, where, run.id), run.id, where.type("workflows/runs")
    )


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
    return arm_resource(
        properties,
        f"{where.workflow_id(workflow)}/triggers/{trigger}/histories/{call.id}",
        call.id,
        where.type("workflows/triggers/histories"),
    )


def _reply_error(call: Run) -> dict[str, str] | None:
    reply = call.reply
    if reply is None:
        return None
    try:
        error = reply.json()["error"]
        return {"code": str(error["code"]), "message": str(error["message"])}
    except (ValueError, KeyError, TypeError):
        return {"code": str(reply.status), "message": f"The call was answered {reply.status}."}
