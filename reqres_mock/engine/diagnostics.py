"""What the mock tells the test author: reminders and near misses."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from reqres_mock.engine.run import RunStatus
from reqres_mock.errors import Reminder, SchemaReminder
from reqres_mock.exchange import redact
from reqres_mock.protocol.schema import validate
from reqres_mock.protocol.trigger import is_json

if TYPE_CHECKING:
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.exchange import InboundRequest
    from reqres_mock.protocol.routing import Route

_BODYLESS_METHODS = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})


def schema_reminders(
    workflow: Workflow, request: InboundRequest, outputs: dict[str, Any]
) -> list[Reminder]:
    """Reminders for a call a schema trigger accepts but that would surprise its author."""
    trigger = workflow.trigger
    if trigger.validator is None:
        return []
    where = f"workflow {workflow.name!r} trigger {trigger.name!r}"
    content_type = request.headers.get("Content-Type")
    found: list[Reminder] = []
    if request.body and not is_json(content_type):
        found.append(
            SchemaReminder(
                f"{where} has a schema, but the request's Content-Type is "
                f"{content_type or 'missing'!r}, not 'application/json': Logic Apps does "
                "not parse such a body, so triggerBody() is not the JSON you sent. "
                "Send 'Content-Type: application/json'."
            )
        )
        return found
    if workflow.validates_schema:
        return found
    if not request.body and request.method in _BODYLESS_METHODS:
        return found
    problems = validate(trigger.validator, outputs.get("body"))
    if problems:
        details = "; ".join(f"{p or '(root)'}: {m}" for p, m in problems)
        found.append(
            SchemaReminder(
                f"{where}: the body does not match the trigger's schema ({details}). "
                "Azure runs it anyway because schema validation is off; with "
                "EnableSchemaValidation it would get 400 TriggerInputSchemaMismatch."
            )
        )
    return found


def explain_path(workflow: Workflow, rest: str) -> str:
    """Why ``rest`` does not fit the workflow's relativePath."""
    template = workflow.trigger.relative_path
    if template is None or workflow.trigger.path is None:
        return f"{workflow.name!r} has no relativePath, but the call added '/{rest}'"
    why = workflow.trigger.path.explain(rest)
    return f"{workflow.name!r} expects relativePath {template} ({why})"


def near_misses(
    workflows: list[Workflow], request: InboundRequest, route: Route | None
) -> list[str]:
    """The closest workflows to a call that matched none, each with why it did not match."""
    if not workflows:
        return ["no workflow is registered on this server"]
    if route is not None:
        misses = []
        for workflow in workflows:
            named = route.key.lower() in (workflow.name.lower(), workflow.id)
            if named and workflow.flavor is not route.flavor:
                misses.append(
                    f"{workflow.name!r} is a {workflow.flavor.value} workflow; its URL "
                    f"shape is {redact(workflow.callback_url)}"
                )
        if misses:
            return misses
    scored = sorted(
        workflows,
        key=lambda w: (
            -difflib.SequenceMatcher(None, request.path, w.callback_url.split("?", 1)[0]).ratio()
        ),
    )
    return [
        f"{w.name!r} is served at {redact(w.callback_url)} ({w.method or 'any method'})"
        for w in scored[:3]
    ]


def calls_report(runs: list[Run]) -> str:
    """The calls among ``runs`` that were rejected or matched no workflow, for a failed test:
    one line each (method, path with ``sig=***``, status, error code), the error message, the
    near misses; ``""`` when there are none."""
    shown = [r for r in runs if r.status is RunStatus.REJECTED or r.workflow is None]
    if not shown:
        return ""
    lines = [f"{len(shown)} call(s) rejected or unmatched:"]
    for run in shown:
        lines.append(f"  {run.summary()}")
        message = run.error_message
        if message:
            lines.append(f"    {message}")
        lines.extend(f"    Closest: {miss}" for miss in run.near_misses[:3])
    return "\n".join(lines)
