"""The admin API's fault documents: ``{"faults": [...], "times", "rate", "seed"}`` to a plan.

``POST /_reqres/faults`` (every workflow) and ``POST /_reqres/workflows/{name}/faults`` (one)
take the document; ``DELETE`` clears; ``GET`` shows what is pending. See
:mod:`reqres_mock.engine.faults` for what each fault does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reqres_mock.engine.faults import Fault, whole
from reqres_mock.errors import ConfigurationError

if TYPE_CHECKING:
    from reqres_mock.engine.faultplan import FaultPlan

_KEYS = ("faults", "times", "rate", "seed")


def inject(plan: FaultPlan, document: Any) -> dict[str, Any]:
    """Add the faults ``document`` describes to ``plan``; return the plan as JSON.

    :raises ConfigurationError: for a document that is not of that shape, naming what is wrong.
    """
    if not isinstance(document, dict):
        raise ConfigurationError(
            'send {"faults": [{"kind": "throttled", "retryAfter": 2}], "times": ..., '
            '"rate": ..., "seed": ...}'
        )
    unknown = sorted(set(document) - set(_KEYS))
    if unknown:
        raise ConfigurationError(
            f"unknown member(s) {', '.join(map(repr, unknown))}; use {', '.join(_KEYS)}"
        )
    listed = document.get("faults")
    if not isinstance(listed, list) or not listed:
        raise ConfigurationError('"faults" must be a non-empty array of fault objects')
    faults = [Fault.from_json(item) for item in listed]
    plan.inject(
        faults,
        times=whole(document.get("times")),
        rate=document.get("rate"),
        seed=whole(document.get("seed")),
    )
    return plan.describe()


# -- the OpenAPI description ------------------------------------------------------------------

# null stands for "not given" everywhere
_SECONDS = {"type": ["number", "null"], "minimum": 0}
_RETRY_AFTER = {"type": ["integer", "null"], "minimum": 0, "description": "Retry-After seconds."}

_KIND_PARAMETERS: dict[str, dict[str, Any]] = {
    "throttled": {"retryAfter": _RETRY_AFTER},
    "server_error": {"status": {"enum": [500, 502, 503, None]}, "retryAfter": _RETRY_AFTER},
    "timeout": {},
    "reset": {},
    "empty": {},
    "partial": {"fraction": {"type": ["number", "null"], "minimum": 0, "exclusiveMaximum": 1}},
    "slow": {
        "firstByte": _SECONDS,
        "bytesPerSecond": {"type": ["number", "null"], "exclusiveMinimum": 0},
    },
    "delay": {"seconds": {"type": "number", "minimum": 0}},
}
_REQUIRED = {"delay": ["kind", "seconds"]}

#: Schemas merged into the admin OpenAPI document's components.
SCHEMAS: dict[str, Any] = {
    "Fault": {
        "description": (
            "throttled (429), server_error (500/502/503), timeout (504), reset, empty, "
            "partial, slow, delay"
        ),
        "oneOf": [
            {
                "type": "object",
                "required": _REQUIRED.get(kind, ["kind"]),
                "additionalProperties": False,
                "properties": {"kind": {"const": kind}, **parameters},
            }
            for kind, parameters in _KIND_PARAMETERS.items()
        ],
    },
    "FaultRequest": {
        "type": "object",
        "required": ["faults"],
        "additionalProperties": False,
        "properties": {
            "faults": {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/components/schemas/Fault"},
            },
            "times": {"type": ["integer", "null"], "minimum": 1},
            "rate": {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 1},
            "seed": {"type": ["integer", "null"]},
        },
    },
    "FaultPlan": {
        "type": "object",
        "required": ["sequences", "rates"],
        "properties": {
            "sequences": {"type": "array", "items": {"type": "object"}},
            "rates": {"type": "array", "items": {"type": "object"}},
        },
    },
}


def openapi_paths(
    name: dict[str, Any], error: dict[str, Any], no_content: dict[str, Any]
) -> dict[str, Any]:
    """The fault endpoints' path items (``name``: the workflow path parameter)."""

    def plan(description: str) -> dict[str, Any]:
        schema = {"$ref": "#/components/schemas/FaultPlan"}
        return {"description": description, "content": {"application/json": {"schema": schema}}}

    def operations(scope: str, suffix: str, parameters: list[dict[str, Any]]) -> dict[str, Any]:
        body = {"$ref": "#/components/schemas/FaultRequest"}
        missing = {"404": error} if parameters else {}
        return {
            "get": {
                "operationId": f"get{suffix}Faults",
                "summary": f"Faults pending for {scope}.",
                "parameters": parameters,
                "responses": {"200": plan("The pending faults and rates."), **missing},
            },
            "post": {
                "operationId": f"inject{suffix}Faults",
                "summary": f"Fault the next calls to {scope} (a sequence, or a seeded rate).",
                "parameters": parameters,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": body}},
                },
                "responses": {"200": plan("Added."), "400": error, **missing},
            },
            "delete": {
                "operationId": f"clear{suffix}Faults",
                "summary": f"Forget the faults pending for {scope}.",
                "parameters": parameters,
                "responses": {"204": no_content, **missing},
            },
        }

    return {
        "/_reqres/faults": operations("every workflow", "Server", []),
        "/_reqres/workflows/{name}/faults": operations("this workflow", "Workflow", [name]),
    }
