"""Which runs an admin caller asks for: the ``/_reqres/runs`` filters and a wait's request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reqres_mock.engine.run import RunStatus
from reqres_mock.errors import ReqResError

if TYPE_CHECKING:
    from collections.abc import Callable

    from reqres_mock.engine.run import Run

_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})"
)


class QueryError(ReqResError):
    """A filter or wait request that cannot be used; ``code`` names the problem's kind."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def parse_since(value: str) -> datetime:
    """An RFC 3339 date-time (as the OpenAPI document's ``format: date-time`` says).

    :raises QueryError: for anything else.
    """
    match = _RFC3339.fullmatch(value.strip())
    moment = None
    if match:
        date, clock, fraction, offset = match.groups()
        micros = (fraction or "0")[:6].ljust(6, "0")
        zone = "+00:00" if offset in ("Z", "z") else offset
        try:
            moment = datetime.fromisoformat(f"{date}T{clock}.{micros}{zone}")
        except ValueError:
            moment = None
    if moment is None:
        raise QueryError(
            "InvalidQueryParameter",
            f"since={value!r} is not an RFC 3339 date-time such as 2024-05-01T12:00:00Z",
        )
    return moment


def run_filter(
    workflow: str | None, status: str | None, since: str | None
) -> Callable[[Run], bool]:
    """A predicate for runs of ``workflow`` (any case), with ``status`` (a run status name or
    a 3-digit HTTP status of the reply), started at or after ``since``. ``None`` = any.

    :raises QueryError: for an unknown status or a time that is not RFC 3339.
    """
    moment = parse_since(since) if since is not None else None
    wanted_status: str | None = None
    wanted_code: int | None = None
    if status is not None:
        if re.fullmatch("[0-9]{3}", status):
            wanted_code = int(status)
        elif status in {s.value for s in RunStatus}:
            wanted_status = status
        else:
            raise QueryError(
                "InvalidQueryParameter",
                f"status={status!r} is not a run status "
                f"({', '.join(s.value for s in RunStatus)}) nor a 3-digit HTTP status",
            )

    def keep(run: Run) -> bool:
        if workflow and (run.workflow or "").lower() != workflow.lower():
            return False
        if wanted_status is not None and run.status.value != wanted_status:
            return False
        if wanted_code is not None and (run.reply is None or run.reply.status != wanted_code):
            return False
        return moment is None or run.started_at >= moment

    return keep


@dataclass(frozen=True)
class WaitRequest:
    """``POST /_reqres/runs/wait``: until ``count`` runs (of ``workflow``), ``timeout`` s."""

    workflow: str | None
    count: int
    timeout: float


def parse_wait(document: Any, max_wait: float) -> WaitRequest:
    """Check a wait request's JSON.

    :raises QueryError: naming the field that is wrong and what it should be.
    """
    if not isinstance(document, dict):
        raise QueryError("InvalidRequestContent", "expected a JSON object")
    unknown = sorted(set(document) - {"workflow", "count", "timeout"})
    if unknown:
        raise QueryError(
            "InvalidRequestContent", f"unknown field(s) {unknown}; use workflow, count, timeout"
        )
    workflow = document.get("workflow")
    count = document.get("count", 1)
    timeout = document.get("timeout", 5)
    if "workflow" in document and not isinstance(workflow, str):
        raise QueryError("InvalidRequestContent", "workflow must be a string")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10_000:
        raise QueryError("InvalidRequestContent", f"count must be 1..10000, got {count!r}")
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not 0 <= timeout <= max_wait
    ):
        raise QueryError(
            "InvalidRequestContent", f"timeout must be 0..{max_wait:g} seconds, got {timeout!r}"
        )
    return WaitRequest(workflow, count, float(timeout))
