"""What every ARM handler shares: the call, ARM's error and replies, and the route table.

Handlers register with :func:`route` (a regex on the path after the workflows collection, and a
method); :mod:`reqres_mock.admin.arm` dispatches to them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from reqres_mock.errors import ReqResError
from reqres_mock.exchange import Headers, Reply
from reqres_mock.protocol.jsonwire import utf8

if TYPE_CHECKING:
    from reqres_mock.admin.arm_links import Where
    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.exchange import InboundRequest

JSON_TYPE = "application/json; charset=utf-8"


class ArmError(ReqResError):
    """An ARM call that cannot be answered; becomes ARM's error body."""

    def __init__(self, status: int, code: str, message: str, allow: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.allow = status, code, message, allow


def reply(status: int, document: Any = None, headers: list[tuple[str, str]] | None = None) -> Reply:
    """An ARM reply: JSON (or no body when ``document`` is ``None``), never cached."""
    fields = [("Cache-Control", "no-cache"), ("Pragma", "no-cache"), *(headers or [])]
    if document is None:
        return Reply(status, Headers(fields), b"")
    body = utf8(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
    return Reply(status, Headers([("Content-Type", JSON_TYPE), *fields]), body)


def error_reply(error: ArmError) -> Reply:
    """ARM's error body, with ``Allow`` for a 405."""
    headers = [("Allow", error.allow)] if error.allow else []
    document = {"error": {"code": error.code, "message": error.message}}
    return reply(error.status, document, headers)


def listing(value: list[dict[str, Any]], next_link: str | None = None) -> Reply:
    """ARM's list body: ``value`` and, when there is more, ``nextLink``."""
    document: dict[str, Any] = {"value": value}
    if next_link is not None:
        document["nextLink"] = next_link
    return reply(200, document)


@dataclass(frozen=True)
class ArmCall:
    """One ARM request: the engine, the request, where it addressed and the path parameters."""

    engine: Engine
    request: InboundRequest
    where: Where
    params: dict[str, str]

    def query(self, name: str) -> str | None:
        values = [v for k, v in self.request.query_pairs if k.lower() == name.lower()]
        return values[-1] if values else None

    def workflow(self) -> Workflow:
        """The workflow named in the path.

        :raises ArmError: 404 ``WorkflowNotFound``.
        """
        name = self.params["name"]
        try:
            return self.engine.workflow(name)
        except KeyError:
            raise ArmError(
                404, "WorkflowNotFound", f"The workflow '{name}' could not be found."
            ) from None

    def trigger(self) -> Workflow:
        """The workflow, once the trigger named in the path is its trigger.

        :raises ArmError: 404 ``WorkflowTriggerNotFound``.
        """
        workflow = self.workflow()
        trigger = self.params["trigger"]
        if trigger.lower() != workflow.trigger.name.lower():
            raise ArmError(
                404,
                "WorkflowTriggerNotFound",
                f"The workflow '{workflow.name}' trigger '{trigger}' could not be found.",
            )
        return workflow

    def calls(self, workflow: Workflow) -> list[Run]:
        """Every call addressed to ``workflow`` (by name), newest first."""
        name = workflow.name.lower()
        calls = self.engine.journal.entries(lambda r: (r.workflow or "").lower() == name)
        return list(reversed(calls))

    def runs(self, workflow: Workflow) -> list[Run]:
        """The runs of ``workflow``, newest first."""
        return [r for r in self.calls(workflow) if r.accepted]

    def run(self) -> tuple[Workflow, Run]:
        """The workflow and the run named in the path.

        :raises ArmError: 404 ``WorkflowRunNotFound``.
        """
        workflow = self.workflow()
        wanted = self.params["run"]
        found = [r for r in self.runs(workflow) if r.id == wanted]
        if not found:
            raise ArmError(
                404,
                "WorkflowRunNotFound",
                f"The workflow '{workflow.name}' run '{wanted}' could not be found.",
            )
        return workflow, found[0]

    def next_link(self, skiptoken: str | None) -> str | None:
        """The absolute URL of the next page, keeping ``$top`` and ``$filter``."""
        if skiptoken is None:
            return None
        queries = [(k, v) for k, v in self.request.query_pairs if k.lower() not in ("$skiptoken",)]
        queries.append(("$skiptoken", skiptoken))
        query = urlencode(queries, quote_via=quote, safe="$")
        return f"{self.where.base_url.rstrip('/')}{self.request.path}?{query}"


Handler = Callable[[ArmCall], Reply]
NAME = r"(?P<name>[^/]+)"
TRIGGER = NAME + r"/triggers/(?P<trigger>[^/]+)"
RUN = NAME + r"/runs/(?P<run>[^/]+)"
ROUTES: list[tuple[re.Pattern[str], dict[str, Handler]]] = []


def route(pattern: str, method: str) -> Callable[[Handler], Handler]:
    """Register a handler for ``method`` on ``pattern`` (after the workflows collection)."""
    compiled = re.compile(f"^/?{pattern}/?$", re.IGNORECASE)

    def register(handler: Handler) -> Handler:
        for existing, methods in ROUTES:
            if existing.pattern == compiled.pattern:
                methods[method] = handler
                return handler
        ROUTES.append((compiled, {method: handler}))
        return handler

    return register
