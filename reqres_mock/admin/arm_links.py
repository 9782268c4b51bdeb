"""Where an ARM caller addressed a workflow, and the content links handed to it.

A content link (``inputsLink`` / ``outputsLink``: ``uri``, ``contentSize``, on ARM's paths
``contentVersion`` and ``contentHash`` too) is a URL on the mock, signed with the workflow's
key like a callback URL, that returns the JSON content to a plain ``GET``
(WorkflowRunActions_Get.json of the azure-rest-api-specs ``Microsoft.Logic`` 2019-05-01
examples; the Standard host's, without a hash, as captured).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from reqres_mock.admin.paths import HOST_MANAGEMENT
from reqres_mock.config import Flavor
from reqres_mock.protocol import callback
from reqres_mock.protocol.jsonwire import utf8
from reqres_mock.protocol.routing import STANDARD_LINK_VERSION, run_links_path

if TYPE_CHECKING:
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.protocol.response import Response

#: The ``api-version`` of content links (Consumption's runtime version; Standard's host's).
CONTENT_API_VERSION = {Flavor.CONSUMPTION: "2016-10-01", Flavor.STANDARD: STANDARD_LINK_VERSION}


@dataclass(frozen=True)
class Where:
    """Where a caller addressed a workflow: the ARM resource path and the mock's base URL.

    :param resource: the workflow's resource path as the caller wrote it (without the name),
        e.g. ``/subscriptions/s/resourceGroups/g/providers/Microsoft.Logic/workflows``.
    :param base_url: scheme and authority the caller used; content links point there.
    """

    resource: str
    base_url: str

    @property
    def standard(self) -> bool:
        """Whether the caller used a Standard host's management path (its own, or through
        ARM's ``hostruntime``): the host names its resources from ``/workflows``, with bare
        types (``workflows/runs``), as a captured Standard run list shows
        (sahinozd/LogicAppsStandard.Testing ``Management.Tests/ManagementApiResponseMessages``)."""
        return self.resource.lower().endswith(HOST_MANAGEMENT)

    def workflow_id(self, workflow: Workflow) -> str:
        name = quote(workflow.name, safe="")
        return f"/workflows/{name}" if self.standard else f"{self.resource}/{name}"

    def type(self, kind: str) -> str:
        """A resource's ``type`` for ``kind`` (``workflows/runs``...): ARM's
        ``Microsoft.Logic/workflows/runs``, the Standard host's ``workflows/runs``."""
        return kind if self.standard else f"Microsoft.Logic/{kind}"


def reference(id_: str, name: str, type_: str) -> dict[str, str]:
    return {"id": id_, "name": name, "type": type_}


def resource(properties: dict[str, Any], id_: str, name: str, type_: str) -> dict[str, Any]:
    """A resource as Azure writes it: ``properties`` first, then ``id``, ``name``, ``type``
    (WorkflowRuns_Get.json, WorkflowRunActions_Get.json; the captured Standard runs)."""
    return {"properties": properties, "id": id_, "name": name, "type": type_}


def run_path(workflow: Workflow, where: Where, run_id: str) -> str:
    return f"{where.workflow_id(workflow)}/runs/{quote(run_id, safe='')}"


def content_permissions(run_id: str, kind: str, action: str | None = None) -> str:
    """The ``sp`` of a content link."""
    if action is None:
        return f"/runs/{run_id}/contents/{kind}/read"
    return f"/runs/{run_id}/actions/{action}/contents/{kind}/read"


def content_bytes(content: Any) -> bytes:
    return utf8(json.dumps(content, ensure_ascii=False, separators=(",", ":")))


def content_link(
    workflow: Workflow, where: Where, run_id: str, kind: str, content: Any, *, action: str | None
) -> dict[str, Any]:
    """A ``ContentLink``: a signed URL on the mock that returns ``content`` as JSON, with its
    size and MD5 hash (WorkflowRunActions_Get.json)."""
    sp = content_permissions(run_id, kind, action)
    queries = {
        "api-version": CONTENT_API_VERSION[workflow.flavor],
        "sp": sp,
        "sv": callback.SAS_VERSION,
        "sig": callback.sign(workflow.access_key, workflow.id, sp),
    }
    path = f"{run_links_path(workflow.flavor, workflow.id)}/runs/{quote(run_id, safe='')}"
    if action is not None:
        path += f"/actions/{quote(action, safe='')}"
    uri = f"{where.base_url.rstrip('/')}{path}/contents/{kind}?"
    uri += urlencode(queries, quote_via=quote, safe="")
    body = content_bytes(content)
    if where.standard:  # the host's links carry no hash (a captured Standard action)
        return {"uri": uri, "contentSize": len(body)}
    digest = base64.b64encode(hashlib.md5(body).digest()).decode()  # ARM's contentHash is MD5
    return {
        "uri": uri,
        "contentVersion": digest,
        "contentSize": len(body),
        "contentHash": {"algorithm": "md5", "value": digest},
    }


def response_content(response: Response) -> dict[str, Any]:
    """A Response action's inputs (and outputs): ``statusCode``, ``headers``, ``body``."""
    content: dict[str, Any] = {"statusCode": response.status_code}
    if response.headers:
        content["headers"] = {
            str(k): v if isinstance(v, str) else json.dumps(v) for k, v in response.headers.items()
        }
    body = response.body
    if isinstance(body, bytes):
        body = {
            "$content-type": "application/octet-stream",
            "$content": base64.b64encode(body).decode(),
        }
    if body is not None:
        content["body"] = body
    return content
