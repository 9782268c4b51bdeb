"""ARM handlers for runs (list, get, cancel), their actions and the actions' repetitions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reqres_mock.admin import arm_actions, arm_query
from reqres_mock.admin import arm_resources as shapes
from reqres_mock.admin.arm_routing import NAME, RUN, ArmError, listing, reply, route

if TYPE_CHECKING:
    from reqres_mock.admin.arm_routing import ArmCall
    from reqres_mock.definitions.actions import ActionResult
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.exchange import Reply


@route(NAME + "/runs", "GET")
def _list_runs(call: ArmCall) -> Reply:
    workflow = call.workflow()
    keep = arm_query.parse_filter(call.query("$filter"), lambda r: r.status.value)
    chosen = [r for r in call.runs(workflow) if keep(r)]
    page = arm_query.page(chosen, arm_query.parse_top(call.query("$top")), call.query("$skiptoken"))
    value = [shapes.run_resource(workflow, call.where, r) for r in page.items]
    return listing(value, call.next_link(page.skiptoken))


@route(RUN, "GET")
def _get_run(call: ArmCall) -> Reply:
    workflow, run = call.run()
    resource = shapes.run_resource(workflow, call.where, run)
    expand = {part.strip().lower() for part in (call.query("$expand") or "").split(",")}
    if "properties/actions" in expand:
        # The designer's run view and the IPB testing library read a run with
        # $expand=properties/actions,workflow/properties: each action's properties by name
        # (Azure/LogicAppsUX getRun; michaelstephensonuk/IntegrationPlaybook-LogicApp-Standard-
        # Testing WorkflowRunHelper.GetRunActions reads properties.actions[name].status).
        resource["properties"]["actions"] = {
            record.name: arm_actions.action_resource(workflow, call.where, run, record)[
                "properties"
            ]
            for record in arm_actions.action_records(run)
        }
    return reply(200, resource)


@route(RUN + "/cancel", "POST")
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
    return reply(200)


@route(RUN + "/actions", "GET")
def _list_actions(call: ArmCall) -> Reply:
    workflow, run = call.run()
    records = arm_actions.action_records(run)
    return listing([arm_actions.action_resource(workflow, call.where, run, r) for r in records])


@route(RUN + r"/actions/(?P<action>[^/]+)", "GET")
def _get_action(call: ArmCall) -> Reply:
    workflow, run = call.run()
    wanted = call.params["action"]
    for record in arm_actions.action_records(run):
        if record.name.lower() == wanted.lower():
            return reply(200, arm_actions.action_resource(workflow, call.where, run, record))
    raise ArmError(
        404,
        "WorkflowRunActionNotFound",
        f"The workflow '{workflow.name}' run '{run.id}' action '{wanted}' could not be found.",
    )


def _action_repetitions(call: ArmCall) -> tuple[Workflow, Run, list[ActionResult]]:
    workflow, run = call.run()
    wanted = call.params["action"]
    if not any(r.name.lower() == wanted.lower() for r in arm_actions.action_records(run)):
        raise ArmError(
            404,
            "WorkflowRunActionNotFound",
            f"The workflow '{workflow.name}' run '{run.id}' action '{wanted}' could not be found.",
        )
    found = next((v for k, v in run.repetitions.items() if k.lower() == wanted.lower()), [])
    return workflow, run, list(found)


@route(RUN + r"/actions/(?P<action>[^/]+)/repetitions", "GET")
def _list_repetitions(call: ArmCall) -> Reply:
    workflow, run, found = _action_repetitions(call)
    return listing([arm_actions.repetition_resource(workflow, call.where, run, r) for r in found])


@route(RUN + r"/actions/(?P<action>[^/]+)/repetitions/(?P<repetition>[^/]+)", "GET")
def _get_repetition(call: ArmCall) -> Reply:
    workflow, run, found = _action_repetitions(call)
    wanted = call.params["repetition"]
    for result in found:
        if arm_actions.repetition_name(result) == wanted:
            return reply(200, arm_actions.repetition_resource(workflow, call.where, run, result))
    raise ArmError(
        404,
        "WorkflowRunActionRepetitionNotFound",
        f"The workflow '{workflow.name}' run '{run.id}' action '{call.params['action']}' "
        f"repetition '{wanted}' could not be found.",
    )
