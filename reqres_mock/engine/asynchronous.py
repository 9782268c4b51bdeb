"""The asynchronous Response pattern (``operationOptions: Asynchronous``).

The caller gets 202 at once with ``Location`` (a signed polling URL on the mock) and
``Retry-After``; the body is the run resource. Polling that URL answers 202 while the run has not
responded, then the Response's status, headers and body, or 502 ``NoResponse`` once the deadline
has passed without one.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from reqres_mock.protocol import callback

if TYPE_CHECKING:
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.exchange import Reply


def operation_permissions(run_id: str, operation_id: str) -> str:
    """The ``sp`` of a polling URL."""
    return f"/runs/{run_id}/operations/{operation_id}/read"


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
        self.id = uuid.uuid4().hex
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


def polling_url(workflow: Workflow, run: Run, operation: AsyncOperation) -> str:
    """The signed ``Location`` of an asynchronous run."""
    sp = operation_permissions(run.id, operation.id)
    queries = {
        "api-version": callback.DEFAULT_API_VERSION[workflow.flavor],
        "sp": sp,
        "sv": callback.SAS_VERSION,
        "sig": callback.sign(workflow.access_key, workflow.id, sp),
    }
    base = workflow.callback_base().rstrip("/")
    path = f"/workflows/{workflow.id}/runs/{run.id}/operations/{operation.id}"
    return callback.CallbackUrl(base + path, queries).render()


def run_resource(workflow: Workflow, run: Run) -> bytes:
    """The run resource Logic Apps returns with 202 while the run has not responded."""
    started = run.started_at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
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
            "trigger": {
                "name": workflow.trigger.name,
                "startTime": started,
                "endTime": started,
                "originHistoryName": run.id,
                "status": "Succeeded",
            },
            "response": {"status": "Waiting"},
        },
    }
    return json.dumps(resource, separators=(",", ":")).encode()
