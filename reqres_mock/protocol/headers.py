"""The ``x-ms-*`` headers Logic Apps puts on trigger replies."""

from __future__ import annotations

import uuid
from typing import Protocol

from reqres_mock.config import Flavor


class WorkflowIdentity(Protocol):
    """What the headers say about a workflow (a served :class:`Workflow` has it all)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def flavor(self) -> Flavor: ...
    @property
    def suppresses_workflow_headers(self) -> bool: ...


class RunIdentity(Protocol):
    """What the headers say about a run (a :class:`Run` has it all)."""

    @property
    def id(self) -> str: ...
    @property
    def correlation_id(self) -> str: ...
    @property
    def client_tracking_id(self) -> str: ...


CLIENT_TRACKING_HEADER = "x-ms-client-tracking-id"


def _common(flavor: Flavor) -> list[tuple[str, str]]:
    if flavor is not Flavor.CONSUMPTION:
        return []
    return [
        ("Cache-Control", "no-cache"),
        ("Pragma", "no-cache"),
        ("Expires", "-1"),
        ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ]


def _request_id(flavor: Flavor, region: str, guid: str) -> str:
    return f"{region}:{guid}" if flavor is Flavor.CONSUMPTION else f":{guid}"


def system_id(workflow: WorkflowIdentity, region: str) -> str:
    if workflow.flavor is Flavor.CONSUMPTION:
        return f"/locations/{region}/scaleunits/prod-00/workflows/{workflow.id}"
    return f"/scaleunits/prod-00/workflows/{workflow.id}"


def rejection_headers(
    workflow: WorkflowIdentity | None, flavor: Flavor, region: str, client_tracking_id: str | None
) -> list[tuple[str, str]]:
    """Headers of a reply sent before any run exists: no run id, correlation or history name."""
    guid = str(uuid.uuid4())
    fields = _common(flavor)
    if workflow is not None:
        fields += [
            ("x-ms-workflow-id", workflow.id),
            ("x-ms-workflow-version", workflow.version),
            ("x-ms-workflow-name", workflow.name),
            ("x-ms-workflow-system-id", system_id(workflow, region)),
        ]
    fields += [("x-ms-tracking-id", guid), ("x-ms-request-id", _request_id(flavor, region, guid))]
    if client_tracking_id:
        fields.append((CLIENT_TRACKING_HEADER, client_tracking_id))
    return fields


def run_headers(workflow: WorkflowIdentity, run: RunIdentity, region: str) -> list[tuple[str, str]]:
    """Headers of a reply to an accepted call (202, the Response, 502 and 504)."""
    fields = _common(workflow.flavor)
    if workflow.suppresses_workflow_headers:
        return fields
    flavor = workflow.flavor
    fields += [
        ("x-ms-workflow-run-id", run.id),
        ("x-ms-correlation-id", run.correlation_id),
        (CLIENT_TRACKING_HEADER, run.client_tracking_id),
        ("x-ms-trigger-history-name", run.id),
    ]
    if flavor is Flavor.CONSUMPTION:
        fields.append(("x-ms-execution-location", region))
    fields += [
        ("x-ms-workflow-system-id", system_id(workflow, region)),
        ("x-ms-workflow-id", workflow.id),
        ("x-ms-workflow-version", workflow.version),
        ("x-ms-workflow-name", workflow.name),
        ("x-ms-tracking-id", run.correlation_id),
        ("x-ms-request-id", _request_id(flavor, region, run.correlation_id)),
    ]
    return fields
