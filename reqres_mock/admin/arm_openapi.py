"""The ARM part of the admin API's OpenAPI document: the Azure Resource Manager paths of
:mod:`reqres_mock.admin.arm` and the content links they hand out.

The schemas keep to what the mock promises: ARM's resource envelope (``id``, ``name``,
``type``, ``properties``) and the fields a client reads; the Standard host's management paths
(``…/Microsoft.Web/sites/{site}/hostruntime/runtime/webhooks/workflow/api/management/
workflows/…``) and the host's own ``/runtime/webhooks/workflow/api/management/workflows/…``
(no token) answer the same operations and are described once, under Consumption's path;
there, as the host names them, ids start at ``/workflows/{workflowName}``, types are bare
(``workflows/runs``) and content links carry no hash.
"""

from __future__ import annotations

from typing import Any

ARM_BASE = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/"
ARM_WORKFLOWS = ARM_BASE + "Microsoft.Logic/workflows"

_SEGMENT = {"type": "string", "pattern": r"^[A-Za-z0-9_()-][A-Za-z0-9_.()-]*$"}
_TIME = {"type": "string", "format": "date-time"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _path(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": _SEGMENT,
    }


_ERROR = _json(_ref("Error"), "ARM's error body: {error: {code, message}}.")
_AUTHORIZATION = {
    "name": "Authorization",
    "in": "header",
    "required": True,
    "description": "Bearer and any token: the mock checks only that one is sent.",
    "schema": {"type": "string", "pattern": "^Bearer [A-Za-z0-9._~+/-]+=*$"},
}
_API_VERSION = {
    "name": "api-version",
    "in": "query",
    "description": "Any version is accepted (the Azure SDK sends 2019-05-01).",
    "schema": {"type": "string"},
}
_COMMON = [
    _path("subscriptionId", "Any subscription id."),
    _path("resourceGroupName", "Any resource group."),
    _AUTHORIZATION,
    _API_VERSION,
]
_WORKFLOW = _path("workflowName", "The workflow name.")
_TRIGGER = _path("triggerName", "The trigger name, e.g. manual.")
_RUN = _path("runName", "The run id, as x-ms-workflow-run-id said.")
_EXPAND = {
    "name": "$expand",
    "in": "query",
    "description": "properties/actions adds properties.actions: each action's properties by "
    "name (other parts are accepted and change nothing).",
    "schema": {"type": "string"},
}
_LIST_OPTIONS = [
    {
        "name": "$top",
        "in": "query",
        "description": "The page size (30 without it); nextLink leads to the next page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 250},
    },
    {
        "name": "$filter",
        "in": "query",
        "description": "status, startTime and clientTrackingId with eq/ne/gt/ge/lt/le and "
        "'and': status eq 'Failed' and startTime ge 2024-05-01T00:00:00Z.",
        "schema": {"type": "string"},
    },
    {
        "name": "$skiptoken",
        "in": "query",
        "description": "Where the next page starts (from nextLink).",
        "schema": {"type": "string"},
    },
]


def _resource(type_: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["id", "name", "type", "properties"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            # ARM's type, or the Standard host's bare one (workflows/runs)
            "type": {"enum": [type_, type_.removeprefix("Microsoft.Logic/")]},
            "properties": {"type": "object", "properties": properties},
        },
    }


def _list(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["value"],
        "properties": {
            "value": {"type": "array", "items": _ref(item)},
            "nextLink": {"type": "string"},
        },
    }


_REFERENCE = {
    "type": "object",
    "required": ["id", "name", "type"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "type": {"type": "string"},
    },
}
_ERROR_OBJECT = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
}

SCHEMAS: dict[str, Any] = {
    "ArmContentLink": {
        "type": "object",
        "description": "ARM's links carry contentVersion and contentHash; the Standard host's "
        "only uri and contentSize.",
        "required": ["uri", "contentSize"],
        "properties": {
            "uri": {"type": "string"},
            "contentVersion": {"type": "string"},
            "contentSize": {"type": "integer", "minimum": 0},
            "contentHash": {
                "type": "object",
                "required": ["algorithm", "value"],
                "properties": {"algorithm": {"const": "md5"}, "value": {"type": "string"}},
            },
        },
    },
    "ArmWorkflow": _resource(
        "Microsoft.Logic/workflows",
        {
            "state": {"enum": ["Enabled", "Disabled"]},
            "version": {"type": "string"},
            "createdTime": _TIME,
            "changedTime": _TIME,
            "accessEndpoint": {"type": "string"},
            "definition": {"type": "object", "required": ["triggers", "actions"]},
        },
    ),
    "ArmWorkflowVersion": _resource(
        "Microsoft.Logic/workflows/versions", {"version": {"type": "string"}}
    ),
    "ArmTrigger": _resource(
        "Microsoft.Logic/workflows/triggers",
        {
            "state": {"enum": ["Enabled", "Disabled"]},
            "provisioningState": {"const": "Succeeded"},
            "lastExecutionTime": _TIME,
            "workflow": _REFERENCE,
        },
    ),
    "ArmTriggerHistory": _resource(
        "Microsoft.Logic/workflows/triggers/histories",
        {
            "status": {"enum": ["Succeeded", "Skipped", "Failed"]},
            "fired": {"type": "boolean"},
            "startTime": _TIME,
            "run": _REFERENCE,
            "error": _ERROR_OBJECT,
            "inputsLink": _ref("ArmContentLink"),
            "outputsLink": _ref("ArmContentLink"),
        },
    ),
    "ArmRun": _resource(
        "Microsoft.Logic/workflows/runs",
        {
            "status": {
                "enum": ["Running", "Waiting", "Succeeded", "Failed", "Cancelled", "TimedOut"]
            },
            "startTime": _TIME,
            "endTime": _TIME,
            "error": _ERROR_OBJECT,
            "correlation": {"type": "object"},
            "workflow": _REFERENCE,
            "trigger": {"type": "object", "required": ["name", "status"]},
            "response": {"type": "object"},
            "outputs": {"type": "object"},
            "actions": {"type": "object", "additionalProperties": {"type": "object"}},
        },
    ),
    "ArmRunAction": _resource(
        "Microsoft.Logic/workflows/runs/actions",
        {
            "status": {"type": "string"},
            "code": {"type": "string"},
            "startTime": {"type": ["string", "null"]},
            "endTime": {"type": "string"},
            "error": {"type": ["object", "null"]},
            "trackedProperties": {"type": "object"},
            "inputsLink": _ref("ArmContentLink"),
            "outputsLink": _ref("ArmContentLink"),
            "iterationCount": {"type": "integer", "minimum": 0},
            "repetitionCount": {"type": "integer", "minimum": 1},
        },
    ),
    "ArmRunActionRepetition": _resource(
        "Microsoft.Logic/workflows/runs/actions/repetitions",
        {
            "status": {"type": "string"},
            "repetitionIndexes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["scopeName", "itemIndex"],
                    "properties": {
                        "scopeName": {"type": "string"},
                        "itemIndex": {"type": "integer", "minimum": 0},
                    },
                },
            },
        },
    ),
    "ArmWorkflowList": _list("ArmWorkflow"),
    "ArmRunActionRepetitionList": _list("ArmRunActionRepetition"),
    "ArmWorkflowVersionList": _list("ArmWorkflowVersion"),
    "ArmTriggerList": _list("ArmTrigger"),
    "ArmTriggerHistoryList": _list("ArmTriggerHistory"),
    "ArmRunList": _list("ArmRun"),
    "ArmRunActionList": _list("ArmRunAction"),
}


def _get(
    operation_id: str, summary: str, parameters: list[Any], schema: str, *, listing: bool = False
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": _json(_ref(schema), summary),
        "401": _ERROR,
        "404": _ERROR,
    }
    if listing:
        responses["400"] = _ERROR
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "description": summary + STANDARD_NOTE,
            "parameters": [*_COMMON, *parameters, *(_LIST_OPTIONS if listing else [])],
            "responses": responses,
        }
    }


def _post(operation_id: str, summary: str, parameters: list[Any], ok: Any) -> dict[str, Any]:
    return {
        "post": {
            "operationId": operation_id,
            "summary": summary,
            "description": summary + STANDARD_NOTE,
            "parameters": [*_COMMON, *parameters],
            "responses": {"200": ok, "401": _ERROR, "404": _ERROR, "409": _ERROR},
        }
    }


def _content(operation_id: str, parameters: list[Any]) -> dict[str, Any]:
    query = [
        {"name": name, "in": "query", "required": True, "schema": {"type": "string"}}
        for name in ("api-version", "sp", "sv", "sig")
    ]
    return {
        "get": {
            "operationId": operation_id,
            "summary": "A content link of a run: the JSON content (signed like a callback URL).",
            "parameters": [
                {
                    "name": "workflowId",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                },
                _RUN,
                *parameters,
                *query,
            ],
            "responses": {
                "200": _json({}, "The content."),
                "401": _ERROR,
                "404": _ERROR,
            },
        }
    }


#: Said on every ARM operation, since the document lists Consumption's paths only.
STANDARD_NOTE = (
    " Also served under Standard's .../Microsoft.Web/sites/{site}/hostruntime/runtime/webhooks/"
    "workflow/api/management/workflows and the host's /runtime/webhooks/workflow/api/management/"
    "workflows (no token), where ids start at /workflows/{workflowName} and types are bare "
    "(workflows/runs)."
)


def arm_paths() -> dict[str, Any]:
    """The ARM and content-link paths, to merge into the admin document."""
    workflow = ARM_WORKFLOWS + "/{workflowName}"
    trigger = workflow + "/triggers/{triggerName}"
    run = workflow + "/runs/{runName}"
    action = _path("actionName", "The action name.")
    kind = {
        "name": "kind",
        "in": "path",
        "required": True,
        "schema": {"enum": ["TriggerInputs", "TriggerOutputs"]},
    }
    action_kind = {**kind, "schema": {"enum": ["ActionInputs", "ActionOutputs"]}}
    return {
        ARM_WORKFLOWS: _get("armListWorkflows", "The workflows (ARM).", [], "ArmWorkflowList"),
        workflow: _get("armGetWorkflow", "A workflow (ARM).", [_WORKFLOW], "ArmWorkflow"),
        workflow + "/disable": _post(
            "armDisableWorkflow",
            "Disable the workflow: its trigger answers 400 WorkflowTriggerIsNotEnabled.",
            [_WORKFLOW],
            {"description": "Disabled; no content."},
        ),
        workflow + "/enable": _post(
            "armEnableWorkflow", "Enable the workflow.", [_WORKFLOW], {"description": "Enabled."}
        ),
        workflow + "/versions": _get(
            "armListVersions", "Its versions (one).", [_WORKFLOW], "ArmWorkflowVersionList"
        ),
        workflow + "/versions/{versionId}": _get(
            "armGetVersion",
            "A version.",
            [_WORKFLOW, _path("versionId", "The version.")],
            "ArmWorkflowVersion",
        ),
        workflow + "/listSwagger": _post(
            "armListSwagger",
            "Swagger 2.0 of the trigger.",
            [_WORKFLOW],
            _json({"type": "object", "required": ["swagger"]}, "Swagger 2.0."),
        ),
        workflow + "/triggers": _get(
            "armListTriggers", "Its trigger.", [_WORKFLOW], "ArmTriggerList"
        ),
        trigger: _get("armGetTrigger", "A trigger.", [_WORKFLOW, _TRIGGER], "ArmTrigger"),
        trigger + "/listCallbackUrl": _post(
            "armListCallbackUrl",
            "The trigger's callback URL.",
            [_WORKFLOW, _TRIGGER],
            _json(_ref("CallbackUrl"), "The URL."),
        ),
        trigger + "/histories": _get(
            "armListTriggerHistories",
            "Every call to the trigger, fired or not, newest first.",
            [_WORKFLOW, _TRIGGER],
            "ArmTriggerHistoryList",
            listing=True,
        ),
        trigger + "/histories/{historyName}": _get(
            "armGetTriggerHistory",
            "One call to the trigger.",
            [_WORKFLOW, _TRIGGER, _path("historyName", "The history (call) id.")],
            "ArmTriggerHistory",
        ),
        workflow + "/runs": _get(
            "armListRuns", "The runs, newest first.", [_WORKFLOW], "ArmRunList", listing=True
        ),
        run: _get(
            "armGetRun",
            "A run; with $expand=properties/actions its actions' properties by name.",
            [_WORKFLOW, _RUN, _EXPAND],
            "ArmRun",
        ),
        run + "/cancel": _post(
            "armCancelRun",
            "Cancel a run that is still going (409 once it ended).",
            [_WORKFLOW, _RUN],
            {"description": "Cancelled; no content."},
        ),
        run + "/actions": _get(
            "armListRunActions", "The run's actions.", [_WORKFLOW, _RUN], "ArmRunActionList"
        ),
        run + "/actions/{actionName}": _get(
            "armGetRunAction", "One action of the run.", [_WORKFLOW, _RUN, action], "ArmRunAction"
        ),
        run + "/actions/{actionName}/repetitions": _get(
            "armListRepetitions",
            "Every iteration of an action inside a loop.",
            [_WORKFLOW, _RUN, action],
            "ArmRunActionRepetitionList",
        ),
        run + "/actions/{actionName}/repetitions/{repetitionName}": _get(
            "armGetRepetition",
            "One iteration (000000, 000001-000002 for nested loops).",
            [_WORKFLOW, _RUN, action, _path("repetitionName", "The repetition name.")],
            "ArmRunActionRepetition",
        ),
        "/workflows/{workflowId}/runs/{runName}/contents/{kind}": _content(
            "contentOfTrigger", [kind]
        ),
        "/workflows/{workflowId}/runs/{runName}/actions/{actionName}/contents/{kind}": _content(
            "contentOfAction", [action, action_kind]
        ),
    }
