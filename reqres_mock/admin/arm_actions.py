"""A run's actions as ARM shows them: ``WorkflowRunAction`` (WorkflowRunActions_Get.json of
the azure-rest-api-specs ``Microsoft.Logic`` 2019-05-01 examples) and, for actions inside
loops, each iteration as a ``WorkflowRunActionRepetitionDefinition``.

While a run goes on, its actions are those that ended and those that started and have not
ended (``Running``, or ``Waiting`` for a webhook action's callback: a ``startTime``, no
``endTime``, ``code`` or ``outputsLink``; a captured Standard run with a Delay in progress,
Azure/LogicAppsUX ``__mocks__/runs/MonitoringViewConditional/loadingState.json``).
Repetitions are listed once they ended.

A definition's actions are its own results; a workflow made with ``add_workflow`` shows its
Response (static or a callable) as one action.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from reqres_mock.admin.arm_links import content_link, resource, response_content, run_path
from reqres_mock.admin.serialize import timestamp, trimmed
from reqres_mock.definitions.actions import IN_PROGRESS, CompiledWorkflow
from reqres_mock.engine.run import RunStatus

if TYPE_CHECKING:
    from reqres_mock.admin.arm_links import Where
    from reqres_mock.definitions.actions import ActionResult
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow


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
    #: A loop's iteration count.
    iterations: int | None = None
    #: How many times an action inside a loop ran (its record holds no content links then).
    repetitions: int | None = None


def from_result(result: ActionResult) -> ActionRecord:
    """The record of an action's result, or of an action in progress (``Running`` or
    ``Waiting``) with no ``code`` (the captured running Delay has none, Azure/LogicAppsUX
    ``__mocks__/runs/MonitoringViewConditional/loadingState.json``)."""
    return ActionRecord(
        result.name,
        result.type,
        result.status,
        None if result.status in IN_PROGRESS else result.code,
        trimmed(result.start_time),
        trimmed(result.end_time),
        result.inputs,
        result.outputs,
        result.error,
        result.tracked_properties,
        result.iterations,
        len(result.repetitions) if result.repetitions and result.iterations is None else None,
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
        return [from_result(r) for r in run.actions.values()]
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
    # in WorkflowRunActions_Get.json's order: links, times, correlation, status, code; a loop
    # leads with its iterationCount, an action inside one with its repetitionCount and no
    # links (a real Standard run, Azure/LogicAppsUX __mocks__/runs/LoopsPager/SuccessRun.json)
    properties: dict[str, Any] = {}
    if record.iterations is not None:
        properties["iterationCount"] = record.iterations
    if record.repetitions is not None:
        properties["repetitionCount"] = record.repetitions
    for key, kind, content in (
        ("inputsLink", "ActionInputs", record.inputs),
        ("outputsLink", "ActionOutputs", record.outputs),
    ):
        if content is not None and record.repetitions is None:
            properties[key] = content_link(
                workflow, where, run.id, kind, content, action=record.name
            )
    if where.standard:  # the host adds it (a captured Standard action, Initialize_variables)
        # false while the action runs, as on the captured running Delay (Azure/LogicAppsUX
        # __mocks__/runs/MonitoringViewConditional/loadingState.json)
        properties["canResubmit"] = record.status not in IN_PROGRESS
    properties["startTime"] = record.start
    if record.end is not None:
        properties["endTime"] = record.end
    properties["correlation"] = {
        "actionTrackingId": str(tracking),
        "clientTrackingId": run.client_tracking_id,
    }
    properties["status"] = record.status
    if record.code is not None:
        properties["code"] = record.code
    if record.error is not None:
        properties["error"] = record.error
    if record.tracked is not None:
        properties["trackedProperties"] = record.tracked
    return resource(
        properties,
        f"{run_path(workflow, where, run.id)}/actions/{quote(record.name, safe='')}",
        record.name,
        where.type("workflows/runs/actions"),
    )


def repetition_name(result: ActionResult) -> str:
    """Azure's repetition name: each loop's index, six digits, joined with ``-``."""
    return "-".join(f"{index:06d}" for _, index in result.repetition)


def repetition_resource(
    workflow: Workflow, where: Where, run: Run, result: ActionResult
) -> dict[str, Any]:
    """ARM's ``WorkflowRunActionRepetitionDefinition``: one iteration of an action in a loop,
    with its inputs and outputs inline and ``repetitionIndexes`` (loop, item index)."""
    record = from_result(result)
    tracking = str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"{run.id}/{result.name}/{repetition_name(result)}")
    )
    # in the order of WorkflowRunActionScopeRepetitions_Get.json; the Standard host adds
    # trackingId and canResubmit (a captured Standard repetition, sahinozd/
    # LogicAppsStandard.Testing Management.Tests/ManagementApiResponseMessages)
    properties: dict[str, Any] = {
        "repetitionIndexes": [
            {"scopeName": loop, "itemIndex": index} for loop, index in result.repetition
        ],
    }
    if where.standard:
        properties.update(trackingId=tracking, canResubmit=False)
    properties.update(
        startTime=record.start,
        endTime=record.end,
        correlation={"actionTrackingId": tracking, "clientTrackingId": run.client_tracking_id},
        status=record.status,
        code=record.code,
    )
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
    return resource(
        properties,
        f"{action_id}/repetitions/{name}",
        name,
        where.type("workflows/runs/actions/repetitions"),
    )
