"""The asynchronous Response pattern (``operationOptions: Asynchronous``).

The caller gets 202 at once with ``Location`` (a signed polling URL on the mock) and
``Retry-After``; the body is the run resource. Polling that URL answers 202 while the run has not
responded, then the Response's status, headers and body, or 502 ``NoResponse`` once the deadline
has passed without one.

Shapes follow a capture of Consumption traffic (JanneMattila/some-questions-and-some-answers,
``q&a/la_sync_or_async_http_processing.http``) and a real polling URL: the operation id is a
dashed GUID, the ``Location`` has ``api-version=2016-06-01`` and no ``:443``, timestamps have
seven fractional digits, and the trigger's ``inputsLink``/``outputsLink`` are signed URLs the
mock answers with the trigger's inputs and outputs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from reqres_mock.config import Flavor
from reqres_mock.language.datetimes import format_timestamp
from reqres_mock.protocol import callback, jsonwire
from reqres_mock.protocol.routing import STANDARD_LINK_VERSION, run_links_path

if TYPE_CHECKING:
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.exchange import Reply


#: The api-version of the links a run hands out (polling ``Location``, contents links).
LINK_API_VERSION = {Flavor.CONSUMPTION: "2016-06-01", Flavor.STANDARD: "2022-05-01"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def operation_permissions(run_id: str, operation_id: str) -> str:
    """The ``sp`` of a polling URL."""
    return f"/runs/{run_id}/operations/{operation_id}/read"


def content_permissions(run_id: str, kind: str) -> str:
    """The ``sp`` of a run's ``contents/TriggerInputs`` or ``TriggerOutputs`` link."""
    return f"/runs/{run_id}/contents/{kind}/read"


def without_default_port(base: str) -> str:
    """``https://host:443`` as ``https://host``: the polling ``Location`` carries no port."""
    parts = urlsplit(base)
    if parts.port is not None and _DEFAULT_PORTS.get(parts.scheme.lower()) == parts.port:
        return f"{parts.scheme}://{parts.hostname}"
    return base


@dataclass(frozen=True)
class Poll:
    """One poll of an asynchronous run: when, and what it was answered."""

    at: datetime
    status: int


class AsyncOperation:
    """Where an asynchronous run's reply waits for its pollers.

    Offers after the deadline are refused (the run responded too late); polls then get 502.
    """

    def __init__(self, deadline: float) -> None:
        self.id = str(uuid.uuid4())
        self.deadline = deadline
        self._lock = threading.Lock()
        self._reply: Reply | None = None
        self.polls: list[Poll] = []

    def offer(self, reply: Reply) -> bool:
        """Keep the run's reply for pollers; ``False`` when one was kept or it is too late."""
        with self._lock:
            if self._reply is not None or time.monotonic() > self.deadline:
                return False
            self._reply = reply
            return True

    @property
    def reply(self) -> Reply | None:
        return self._reply

    @property
    def expired(self) -> bool:
        return self._reply is None and time.monotonic() > self.deadline

    def record_poll(self, status: int) -> None:
        with self._lock:
            self.polls.append(Poll(datetime.now(timezone.utc), status))


def _signed(
    workflow: Workflow, base: str, path: str, sp: str, *, api_version: str | None = None
) -> str:
    queries = {
        "api-version": api_version or LINK_API_VERSION[workflow.flavor],
        "sp": sp,
        "sv": callback.SAS_VERSION,
        "sig": callback.sign(workflow.access_key, workflow.id, sp),
    }
    return callback.CallbackUrl(base.rstrip("/") + path, queries).render()


def polling_url(workflow: Workflow, run: Run, operation: AsyncOperation) -> str:
    """The signed ``Location`` of an asynchronous run (no default port, as captured)."""
    path = f"{run_links_path(workflow.flavor, workflow.id)}/runs/{run.id}/operations/{operation.id}"
    sp = operation_permissions(run.id, operation.id)
    return _signed(workflow, without_default_port(workflow.callback_base()), path, sp)


def webhook_permissions(run_id: str, action: str, repetition: str | None = None) -> str:
    """The ``sp`` of a webhook action's callback URL: run it, and read it."""
    target = f"/runs/{run_id}/actions/{action}"
    if repetition is not None:
        target += f"/repetitions/{repetition}"
    return f"{target}/run,{target}/read"


def webhook_url(workflow: Workflow, run: Run, action: str, repetition: str | None) -> str:
    """The signed URL a webhook action waits to be called on (no default port, as in the
    callback URLs public scripts were given). Inside a loop each iteration has its own,
    with ``/repetitions/<name>`` (the run history's repetition names; inferred)."""
    path = f"{run_links_path(workflow.flavor, workflow.id)}/runs/{run.id}/actions/"
    path += quote(action, safe="")
    if repetition is not None:
        path += f"/repetitions/{repetition}"
    sp = webhook_permissions(run.id, action, repetition)
    return _signed(workflow, without_default_port(workflow.callback_base()), path + "/run", sp)


def run_content(workflow: Workflow, run: Run, kind: str) -> bytes:
    """The JSON a contents link serves: the trigger's inputs, or its outputs for this run."""
    value = workflow.trigger.inputs if kind == "TriggerInputs" else run.trigger_outputs
    return jsonwire.encode(value)


def _content_link(workflow: Workflow, run: Run, kind: str) -> dict[str, Any]:
    data = run_content(workflow, run, kind)
    digest = base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode()
    path = f"{run_links_path(workflow.flavor, workflow.id)}/runs/{run.id}/contents/{kind}"
    sp = content_permissions(run.id, kind)
    version = STANDARD_LINK_VERSION if workflow.flavor is Flavor.STANDARD else None
    uri = _signed(workflow, workflow.callback_base(), path, sp, api_version=version)
    return {
        "uri": uri,
        "contentVersion": digest,
        "contentSize": len(data),
        "contentHash": {"algorithm": "md5", "value": digest},
    }


def run_resource(workflow: Workflow, run: Run) -> bytes:
    """The run resource Logic Apps returns with 202 while the run has not responded."""
    started = format_timestamp(run.started_at.astimezone(timezone.utc), "o")
    trigger: dict[str, Any] = {"name": workflow.trigger.name}
    if workflow.trigger.inputs:
        trigger["inputsLink"] = _content_link(workflow, run, "TriggerInputs")
    trigger.update(
        {
            "outputsLink": _content_link(workflow, run, "TriggerOutputs"),
            "startTime": started,
            "endTime": started,
            "originHistoryName": run.id,
            "correlation": {"clientTrackingId": run.client_tracking_id},
            "status": "Succeeded",
        }
    )
    resource: dict[str, Any] = {
        "id": f"/workflows/{workflow.id}/runs/{run.id}",
        "name": run.id,
        "type": "Microsoft.Logic/workflows/runs",
        "properties": {
            "waitEndTime": started,
            "startTime": started,
            "status": "Running",
            "correlation": {"clientTrackingId": run.client_tracking_id},
            "workflow": {
                "id": f"/workflows/{workflow.id}/versions/{workflow.version}",
                "name": workflow.version,
                "type": "Microsoft.Logic/workflows/versions",
            },
            "trigger": trigger,
            "outputs": {},
            "response": {"startTime": started, "correlation": {}, "status": "Waiting"},
        },
    }
    return json.dumps(resource, separators=(",", ":")).encode()
