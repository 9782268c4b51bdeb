"""A workflow's Swagger, as Azure's ``listSwagger`` returns it.

The document has the Swagger 2.0 shape Azure's ``listSwagger`` returns (one path per Request
trigger, ``api-version``/``sp``/``sv``/``sig`` query parameters, the trigger's body schema, the
Response action's status and body). Unlike Azure's, its query parameters are pinned to this
mock's values with ``enum``, so a client generator or schemathesis can call the workflow
straight from the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from reqres_mock.admin.serialize import workflow_callback
from reqres_mock.config import Flavor
from reqres_mock.protocol.response import Response

if TYPE_CHECKING:
    from reqres_mock.engine.workflow import Workflow

_QUERY_DESCRIPTIONS = {
    "api-version": "The service API version.",
    "sp": "The permissions; generally 'read' or 'write'.",
    "sv": "The version number of the query parameters.",
    "sig": "The SHA 256 hash of the entire request URI with an internal key.",
}


def workflow_swagger(workflow: Workflow, base_url: str) -> dict[str, Any]:
    """The Swagger 2.0 document of ``workflow``'s Request trigger, for a server at ``base_url``."""
    scheme, _, host = base_url.partition("://")
    trigger = workflow.trigger
    parts = workflow_callback(workflow, base_url)
    if workflow.flavor is Flavor.CONSUMPTION:
        base_path = f"/workflows/{workflow.id}/triggers"
        path = f"/{quote(trigger.name, safe='')}/paths/invoke"
    else:
        base_path = f"/api/{quote(workflow.name, safe='')}/triggers"
        path = f"/{quote(trigger.name, safe='')}/invoke"
    parameters: list[dict[str, Any]] = []
    if trigger.relative_path:
        path += "/" + trigger.relative_path.strip("/")
        parameters.extend(
            {"name": name, "in": "path", "required": True, "type": "string"}
            for name in (trigger.path.parameters if trigger.path else [])
        )
    parameters.extend(
        {
            "name": name,
            "in": "query",
            "description": description,
            "required": True,
            "type": "string",
            "enum": [parts.queries[name]],
        }
        for name, description in _QUERY_DESCRIPTIONS.items()
    )
    method = (workflow.method or "POST").lower()
    if method != "get":
        body: dict[str, Any] = {
            "name": "body",
            "in": "body",
            "description": "The request body.",
            "required": False,
            "schema": dict(trigger.schema) if trigger.schema else {},
        }
        parameters.append(body)
    operation: dict[str, Any] = {
        "description": "Trigger a run of the logic app.",
        "operationId": f"{trigger.name}-invoke",
        "parameters": parameters,
        "responses": _responses(workflow),
    }
    if method != "get":
        operation["consumes"] = ["application/json"]
    return {
        "swagger": "2.0",
        "info": {"title": workflow.name, "description": "Azure Logic App.", "version": "1.0.0.0"},
        "host": host,
        "basePath": base_path,
        "schemes": [scheme or "http"],
        "paths": {path: {method: operation}},
    }


def _responses(workflow: Workflow) -> dict[str, Any]:
    spec = workflow.response
    if spec is None:
        return {"202": {"description": "Accepted: the workflow has no Response action."}}
    if not isinstance(spec, Response):
        return {"default": {"description": "The Logic App Response."}}
    entry: dict[str, Any] = {"description": "The Logic App Response."}
    if spec.body is not None and not isinstance(spec.body, bytes):
        content_type = next(
            (str(v) for k, v in spec.headers.items() if str(k).lower() == "content-type"),
            "text/plain" if isinstance(spec.body, str) else "application/json",
        )
        entry["examples"] = {content_type.split(";")[0].strip(): spec.body}
    if spec.headers:
        entry["headers"] = {str(name): {"type": "string"} for name in spec.headers}
    return {str(spec.status_code): entry}
