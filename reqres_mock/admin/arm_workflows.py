"""ARM handlers for workflows, their versions and triggers, ``listCallbackUrl``,
``listSwagger``, ``disable``/``enable`` and trigger histories."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reqres_mock.admin import arm_query, serialize, swagger
from reqres_mock.admin import arm_resources as shapes
from reqres_mock.admin.arm_routing import NAME, TRIGGER, ArmError, listing, reply, route

if TYPE_CHECKING:
    from reqres_mock.admin.arm_routing import ArmCall
    from reqres_mock.engine.run import Run
    from reqres_mock.exchange import Reply


@route("", "GET")
def _list_workflows(call: ArmCall) -> Reply:
    region = call.engine.config.region
    return listing([shapes.workflow_resource(w, call.where, region) for w in call.engine.workflows])


@route(NAME, "GET")
def _get_workflow(call: ArmCall) -> Reply:
    return reply(
        200, shapes.workflow_resource(call.workflow(), call.where, call.engine.config.region)
    )


@route(NAME + "/disable", "POST")
def _disable(call: ArmCall) -> Reply:
    call.workflow().disable()
    return reply(200)


@route(NAME + "/enable", "POST")
def _enable(call: ArmCall) -> Reply:
    call.workflow().enable()
    return reply(200)


@route(NAME + "/versions", "GET")
def _list_versions(call: ArmCall) -> Reply:
    region = call.engine.config.region
    return listing([shapes.version_resource(call.workflow(), call.where, region)])


@route(NAME + r"/versions/(?P<version>[^/]+)", "GET")
def _get_version(call: ArmCall) -> Reply:
    workflow = call.workflow()
    version = call.params["version"]
    if version != workflow.version:
        raise ArmError(
            404,
            "WorkflowVersionNotFound",
            f"The workflow '{workflow.name}' version '{version}' could not be found.",
        )
    return reply(200, shapes.version_resource(workflow, call.where, call.engine.config.region))


@route(NAME + "/listSwagger", "POST")
def _list_swagger(call: ArmCall) -> Reply:
    return reply(200, swagger.workflow_swagger(call.workflow(), call.where.base_url))


@route(NAME + "/triggers", "GET")
def _list_triggers(call: ArmCall) -> Reply:
    workflow = call.workflow()
    return listing([shapes.trigger_resource(workflow, call.where, call.runs(workflow))])


@route(TRIGGER, "GET")
def _get_trigger(call: ArmCall) -> Reply:
    workflow = call.trigger()
    return reply(200, shapes.trigger_resource(workflow, call.where, call.runs(workflow)))


@route(TRIGGER + "/listCallbackUrl", "POST")
def _list_callback_url(call: ArmCall) -> Reply:
    return reply(200, serialize.list_callback_url(call.trigger(), call.where.base_url))


# -- trigger histories ----------------------------------------------------------------------------


def _history_status(call: Run) -> str:
    if call.accepted:
        return "Succeeded"
    return "Skipped" if call.status.value == "Skipped" else "Failed"


@route(TRIGGER + "/histories", "GET")
def _list_histories(call: ArmCall) -> Reply:
    workflow = call.trigger()
    keep = arm_query.parse_filter(call.query("$filter"), _history_status)
    chosen = [c for c in call.calls(workflow) if keep(c)]
    page = arm_query.page(chosen, arm_query.parse_top(call.query("$top")), call.query("$skiptoken"))
    value = [shapes.history_resource(workflow, call.where, c) for c in page.items]
    return listing(value, call.next_link(page.skiptoken))


@route(TRIGGER + r"/histories/(?P<history>[^/]+)", "GET")
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
    return reply(200, shapes.history_resource(workflow, call.where, found[0]))
