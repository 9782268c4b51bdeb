"""The ``x-ms-*`` headers Logic Apps puts on trigger replies."""

from __future__ import annotations

import random
import uuid
from typing import TYPE_CHECKING

from reqres_mock.config import Flavor

if TYPE_CHECKING:
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow

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


#: Random GUIDs for tracking ids. Not uuid.uuid4(): it reads os.urandom, a system call that
#: hands the GIL over on every request; these ids need to be unique, not secret.
_guids = random.Random()


def new_guid() -> str:
    """A random version-4 GUID (a tracking or correlation id), as a string."""
    return str(uuid.UUID(int=_guids.getrandbits(128), version=4))


def system_id(workflow: Workflow, region: str) -> str:
    if workflow.flavor is Flavor.CONSUMPTION:
        return f"/locations/{region}/scaleunits/prod-00/workflows/{workflow.id}"
    return f"/scaleunits/prod-00/workflows/{workflow.id}"


def rejection_headers(
    workflow: Workflow | None, flavor: Flavor, region: str, client_tracking_id: str | None
) -> list[tuple[str, str]]:
    """Headers of a reply sent before any run exists: no run id, correlation or history name."""
    guid = new_guid()
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


def run_headers(workflow: Workflow, run: Run, region: str) -> list[tuple[str, str]]:
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
