"""The admin API's OpenAPI 3.1 document, served at ``/_reqres/openapi.json`` (with the ARM
paths of :mod:`reqres_mock.admin.arm_openapi`)."""

from __future__ import annotations

from typing import Any

from reqres_mock.admin import faultapi
from reqres_mock.admin.arm_openapi import SCHEMAS as ARM_SCHEMAS
from reqres_mock.admin.arm_openapi import arm_paths
from reqres_mock.definitions.actions import (
    CANCELLED,
    FAILED,
    RUNNING,
    SKIPPED,
    SUCCEEDED,
    TIMED_OUT,
    WAITING,
)
from reqres_mock.engine.run import RunStatus

# -- the admin API ----------------------------------------------------------------------------

_NULLABLE_STRING = {"type": ["string", "null"]}
#: Every status a run or an action can show, from the enums that define them.
RUN_STATUSES = [s.value for s in RunStatus]
ACTION_STATUSES = [RUNNING, WAITING, SUCCEEDED, FAILED, SKIPPED, TIMED_OUT, CANCELLED]
_NULLABLE_NUMBER = {"type": ["number", "null"]}
_TIMESTAMP = {"type": ["string", "null"], "format": "date-time"}


_REJECTED_CONNECTION: dict[str, Any] = {
    "type": "object",
    "required": ["peer", "code", "reason", "offeredVersions", "offeredCipherSuites", "at"],
    "properties": {
        "peer": {"type": "string"},
        "code": {"type": "string"},
        "reason": {"type": "string"},
        "offeredVersions": {"type": "array", "items": {"type": "string"}},
        "offeredCipherSuites": {"type": "array", "items": {"type": "string"}},
        "at": {"type": "string"},
    },
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = _json(_ref("Error"), "A JSON error: what was wrong and what to do.")
_NO_CONTENT = {"description": "Done; no content."}
_NAME = {
    "name": "name",
    "in": "path",
    "required": True,
    "description": "The workflow name.",
    "schema": {"type": "string", "pattern": r"^[A-Za-z0-9_()-][A-Za-z0-9_.()-]*$"},
}
_TRIGGER = {
    "name": "trigger",
    "in": "path",
    "required": True,
    "description": "The trigger name, e.g. manual.",
    "schema": {"type": "string", "pattern": r"^[A-Za-z0-9_()-][A-Za-z0-9_.()-]*$"},
}

_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            },
            "value": {"type": "array", "items": _ref("Run")},
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "workflows", "calls"],
        "properties": {
            "status": {"enum": ["ok", "stopping"]},
            "workflows": {"type": "integer", "minimum": 0},
            "calls": {"type": "integer", "minimum": 0},
            "maxRuns": {
                "type": "integer",
                "minimum": 1,
                "description": "The run-history cap (ServerConfig.max_runs, serve --max-runs).",
            },
            "evictedRuns": {
                "type": "integer",
                "minimum": 0,
                "description": "Finished runs evicted to stay within maxRuns.",
            },
        },
    },
    "ResponseAction": {
        "type": "object",
        "required": ["statusCode", "headers", "body"],
        "properties": {
            "statusCode": {"type": "integer"},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
            "body": {},
        },
    },
    "Workflow": {
        "type": "object",
        "required": [
            "name",
            "id",
            "flavor",
            "trigger",
            "method",
            "relativePath",
            "callbackUrl",
            "schema",
            "enabled",
            "timeout",
            "source",
            "responseKind",
            "response",
        ],
        "properties": {
            "name": {"type": "string"},
            "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "flavor": {"enum": ["consumption", "standard"]},
            "trigger": {"type": "string"},
            "method": {
                **_NULLABLE_STRING,
                "description": "The one method accepted; null means any.",
            },
            "relativePath": _NULLABLE_STRING,
            "callbackUrl": {"type": "string", "description": "The signed callback URL."},
            "schema": {"type": ["object", "null"]},
            "enabled": {"type": "boolean"},
            "timeout": {"type": "number", "description": "Seconds before 504."},
            "source": _NULLABLE_STRING,
            "responseKind": {"enum": ["static", "callable", "none"]},
            "response": {"oneOf": [_ref("ResponseAction"), {"type": "null"}]},
        },
    },
    "WorkflowList": {
        "type": "object",
        "required": ["value"],
        "properties": {"value": {"type": "array", "items": _ref("Workflow")}},
    },
    "WorkflowDefinition": {
        "description": "A Standard workflow.json ({definition}), a bare definition ({triggers, "
        "actions}) or an ARM template with a Microsoft.Logic/workflows resource of this name. "
        "What the schema cannot say (a Request trigger, a valid Response...) is checked on "
        "arrival: 400 InvalidDefinition with the JSON pointer of the problem.",
        "anyOf": [
            {
                "type": "object",
                "required": ["definition"],
                "properties": {
                    "definition": {
                        "type": "object",
                        "required": ["triggers"],
                        "properties": {"triggers": {"type": "object"}},
                    }
                },
            },
            {
                "type": "object",
                "required": ["triggers"],
                "properties": {"triggers": {"type": "object"}},
            },
            {
                "type": "object",
                "required": ["resources"],
                "properties": {"resources": {"type": "array"}},
            },
        ],
    },
    "CallbackUrl": {
        "type": "object",
        "required": ["value", "method", "basePath", "queries"],
        "properties": {
            "value": {"type": "string"},
            "method": {"type": "string"},
            "basePath": {"type": "string"},
            "queries": {
                "type": "object",
                "required": ["api-version", "sp", "sv", "sig"],
                "properties": {k: {"type": "string"} for k in ("api-version", "sp", "sv", "sig")},
            },
            "relativePath": {"type": "string"},
            "relativePathParameters": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Action": {
        "type": "object",
        "required": ["name", "type", "status", "startTime", "endTime", "durationMs"],
        "properties": {
            "name": {"type": "string"},
            "type": {"type": "string"},
            "status": {"enum": ACTION_STATUSES},
            "startTime": _TIMESTAMP,
            "endTime": _TIMESTAMP,
            "durationMs": _NULLABLE_NUMBER,
            # any JSON: a definition's actions have their own inputs and outputs (an Http
            # action's method/uri/..., a Compose's value); a Response's are a ResponseAction
            "inputs": {"description": "The action's inputs (a Response's: ResponseAction)."},
            "outputs": {"description": "The action's outputs (a Response's: ResponseAction)."},
            "error": {"type": ["object", "null"]},
            "trackedProperties": {"type": "object", "description": "evaluated trackedProperties"},
            "repetitions": {
                "type": "array",
                "description": "one result per loop iteration (iterationIndexes outermost first)",
                "items": {"type": "object"},
            },
        },
    },
    "Run": {
        "type": "object",
        "required": ["id", "workflow", "status", "startTime", "request", "triggerOutputs"],
        "properties": {
            "id": {"type": "string"},
            "workflow": _NULLABLE_STRING,
            "trigger": _NULLABLE_STRING,
            "status": {"enum": RUN_STATUSES},
            "startTime": _TIMESTAMP,
            "endTime": _TIMESTAMP,
            "durationMs": _NULLABLE_NUMBER,
            "clientTrackingId": _NULLABLE_STRING,
            "correlationId": _NULLABLE_STRING,
            "request": {
                "type": "object",
                "required": ["method", "path"],
                "properties": {
                    "method": {"type": "string"},
                    "path": {"type": "string", "description": "The target, sig hidden."},
                    "remoteAddr": _NULLABLE_STRING,
                    "headers": {
                        "type": "object",
                        "description": "As sent; Authorization and Cookie values hidden.",
                        "additionalProperties": {"type": "string"},
                    },
                    "body": {
                        "description": "Text as sent, or {$content-type, $content}; over 64 KiB a "
                        "{$truncated, size, preview, href} object linking to the whole body."
                    },
                    "bodySize": {"type": "integer", "minimum": 0},
                },
            },
            "triggerOutputs": {
                "type": "object",
                "description": "headers, body, queries, relativePathParameters",
            },
            "actions": {"type": "array", "items": _ref("Action")},
            "reply": {
                "type": ["object", "null"],
                "properties": {
                    "status": {"type": "integer"},
                    "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                    "body": {},
                    "code": {**_NULLABLE_STRING, "description": "error.code of a 4xx/5xx body"},
                    "time": _TIMESTAMP,
                    "durationMs": _NULLABLE_NUMBER,
                },
            },
            "respondedLate": {"type": "boolean"},
            "clientDisconnected": {"type": "boolean"},
            "terminated": {"type": "boolean", "description": "a Terminate action ended the run"},
            "reminders": {"type": "array", "items": {"type": "string"}},
            "error": _NULLABLE_STRING,
            "nearMisses": {"type": "array", "items": {"type": "string"}},
            "outbound": {"type": "array", "items": _ref("OutboundCall")},
            "fault": {"oneOf": [_ref("Fault"), {"type": "null"}]},
        },
    },
    "OutboundCall": {
        "type": "object",
        "description": "One attempt of an outbound call (Http, connector, function, workflow).",
        "required": ["action", "attempt", "request"],
        "properties": {
            "action": {"type": "string"},
            "attempt": {"type": "integer", "minimum": 1},
            "poll": {"type": "integer", "minimum": 0, "description": "n-th poll of a 202."},
            "delay": {"type": "number", "description": "Retry wait before it, unscaled."},
            "stub": {"enum": ["http", "action", "workflow", "default", None]},
            "request": {
                "type": "object",
                "properties": {
                    "method": {"type": "string"},
                    "url": {"type": "string"},
                    "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                    "body": {},
                },
            },
            "reply": {"type": ["object", "null"]},
            "error": _NULLABLE_STRING,
        },
    },
    "RunList": {
        "type": "object",
        "required": ["value"],
        "properties": {"value": {"type": "array", "items": _ref("Run")}},
    },
    "WaitRequest": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "workflow": {"type": "string", "description": "Count this workflow's runs only."},
            "count": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1},
            "timeout": {"type": "number", "minimum": 0, "maximum": 60, "default": 5},
        },
    },
}


def admin_document(base_url: str) -> dict[str, Any]:
    """The OpenAPI 3.1 description of the admin API of a server reached at ``base_url``."""
    workflow_ops: dict[str, Any] = {
        "get": {
            "operationId": "getWorkflow",
            "summary": "One workflow.",
            "parameters": [_NAME],
            "responses": {"200": _json(_ref("Workflow"), "The workflow."), "404": _ERROR},
        },
        "put": {
            "operationId": "putWorkflow",
            "summary": "Add or replace a workflow from a definition (any of the three shapes).",
            "parameters": [_NAME],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("WorkflowDefinition")}},
            },
            "responses": {
                "200": _json(_ref("Workflow"), "Replaced."),
                "201": _json(_ref("Workflow"), "Added."),
                "400": _ERROR,
            },
        },
        "delete": {
            "operationId": "deleteWorkflow",
            "summary": "Remove a workflow (its run history stays).",
            "parameters": [_NAME],
            "responses": {"204": _NO_CONTENT, "404": _ERROR},
        },
    }
    run_filters = [
        {"name": "workflow", "in": "query", "schema": {"type": "string"}},
        {
            "name": "status",
            "in": "query",
            "description": "A run status (Succeeded, Rejected...) or a 3-digit HTTP status.",
            "schema": {
                "anyOf": [
                    {"enum": RUN_STATUSES},
                    {"type": "string", "pattern": "^[0-9]{3}$"},
                ]
            },
        },
        {
            "name": "since",
            "in": "query",
            "description": "Runs started at or after this RFC 3339 time.",
            "schema": {"type": "string", "format": "date-time"},
        },
    ]
    paths: dict[str, Any] = {
        "/_reqres/": {
            "get": {
                "operationId": "page",
                "summary": "The run-history page.",
                "responses": {
                    "200": {
                        "description": "HTML",
                        "content": {"text/html": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
        "/_reqres/health": {
            "get": {
                "operationId": "health",
                "responses": {"200": _json(_ref("Health"), "The server is up.")},
            }
        },
        "/_reqres/openapi.json": {
            "get": {
                "operationId": "openapi",
                "responses": {"200": _json({"type": "object"}, "This document.")},
            }
        },
        "/_reqres/reset": {
            "post": {
                "operationId": "reset",
                "summary": "Forget every workflow and run; keep=loaded keeps (and restores) the "
                "workflows `reqres-mock serve` loaded from files.",
                "parameters": [
                    {
                        "name": "keep",
                        "in": "query",
                        "required": False,
                        "schema": {"enum": ["loaded"]},
                    }
                ],
                "responses": {"204": _NO_CONTENT, "400": _ERROR},
            }
        },
        "/_reqres/workflows": {
            "get": {
                "operationId": "listWorkflows",
                "responses": {"200": _json(_ref("WorkflowList"), "The workflows served.")},
            }
        },
        "/_reqres/workflows/{name}": workflow_ops,
        "/_reqres/workflows/{name}/triggers/{trigger}/listCallbackUrl": {
            "post": {
                "operationId": "listCallbackUrl",
                "summary": "The trigger's callback URL, shaped as ARM's listCallbackUrl.",
                "parameters": [_NAME, _TRIGGER],
                "responses": {"200": _json(_ref("CallbackUrl"), "The URL."), "404": _ERROR},
            }
        },
        "/_reqres/workflows/{name}/swagger": {
            "get": {
                "operationId": "workflowSwagger",
                "summary": "Swagger 2.0 of the workflow's trigger, as ARM's listSwagger.",
                "parameters": [_NAME],
                "responses": {
                    "200": _json({"type": "object", "required": ["swagger"]}, "Swagger 2.0."),
                    "404": _ERROR,
                },
            }
        },
        "/_reqres/runs": {
            "get": {
                "operationId": "listRuns",
                "summary": "Calls addressed to a workflow (accepted or rejected), newest first.",
                "parameters": run_filters,
                "responses": {"200": _json(_ref("RunList"), "Runs."), "400": _ERROR},
            },
            "delete": {
                "operationId": "clearRuns",
                "summary": "Forget the run history.",
                "responses": {"204": _NO_CONTENT},
            },
        },
        "/_reqres/runs/wait": {
            "post": {
                "operationId": "waitForRuns",
                "summary": "Block (bounded) until that many runs exist; 408 with those there are.",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("WaitRequest")}},
                },
                "responses": {
                    "200": _json(_ref("RunList"), "Enough runs, newest first."),
                    "400": _ERROR,
                    "408": _ERROR,
                    "503": _ERROR,
                },
            }
        },
        "/_reqres/runs/{id}": {
            "get": {
                "operationId": "getRun",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": _json(_ref("Run"), "The run."), "404": _ERROR},
            }
        },
        "/_reqres/runs/{id}/{side}/body": {
            "get": {
                "operationId": "getRunBody",
                "summary": "A run's whole request or reply body, with its Content-Type.",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": "side",
                        "in": "path",
                        "required": True,
                        "schema": {"enum": ["request", "reply"]},
                    },
                ],
                "responses": {
                    "200": {"description": "The body bytes.", "content": {"*/*": {}}},
                    "404": _ERROR,
                },
            }
        },
        "/_reqres/unmatched": {
            "get": {
                "operationId": "listUnmatched",
                "summary": "Calls that matched no workflow, each with its near misses.",
                "responses": {"200": _json(_ref("RunList"), "Unmatched calls, newest first.")},
            }
        },
        "/_reqres/connections/rejected": {
            "get": {
                "operationId": "listRejectedConnections",
                "summary": "HTTPS connections refused at the TLS handshake (version, suites).",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["value"],
                            "properties": {
                                "value": {"type": "array", "items": _REJECTED_CONNECTION}
                            },
                        },
                        "Refused connections, newest first (empty over plain HTTP).",
                    )
                },
            }
        },
    }
    paths.update(faultapi.openapi_paths(_NAME, _ERROR, _NO_CONTENT))
    paths.update(arm_paths())
    for operations in paths.values():
        for operation in operations.values():
            operation["responses"].setdefault("405", _ERROR)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "reqres-mock admin API",
            "version": "1",
            "description": "Configure, inspect and reset a reqres-mock server.",
        },
        "servers": [{"url": base_url}],
        "paths": paths,
        "components": {"schemas": {**_SCHEMAS, **faultapi.SCHEMAS, **ARM_SCHEMAS}},
    }
