"""Foreach and Until, with the per-iteration history the runtime keeps.

Each iteration is recorded on the loop (``ActionResult.repetitions``, one entry per iteration
with that iteration's status) and every action inside it keeps one result per iteration, so a
test can read ``run.actions["X"].repetitions[i]`` as LogicAppUnit reads the runtime's
``/repetitions`` (``GetWorkflowActionRepetition``).

Statuses: Until takes its last iteration's (learn.microsoft.com/azure/logic-apps/
logic-apps-control-flow-loops: a failure in an earlier iteration does not fail the loop);
Foreach fails when an iteration failed (Azure's rule is not documented; IllogicApps' simulator
does the same).
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.actions import (
    FAILED,
    SUCCEEDED,
    Action,
    ActionFailure,
    until_count_fits,
)
from reqres_mock.protocol.schema import json_type_name as type_name

if TYPE_CHECKING:
    from reqres_mock.definitions.context import ActionContext

_ISO_DURATION = re.compile(
    r"P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>[\d.]+)S)?)?"
)


def duration_seconds(text: Any) -> float | None:
    """Seconds in an ISO 8601 duration (``PT1H``, ``P1DT30M``, ``PT0.5S``); ``None`` if not one."""
    match = _ISO_DURATION.fullmatch(text) if isinstance(text, str) else None
    if match is None or text in ("P", "PT") or text.endswith("T"):
        return None
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    return (
        parts.get("days", 0) * 86400
        + parts.get("hours", 0) * 3600
        + parts.get("minutes", 0) * 60
        + parts.get("seconds", 0)
    )


def run_foreach(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    items = runner.evaluate(action.extra["foreach"])
    if not isinstance(items, list):
        # The runtime's words, from a run's error (phvbaars.wordpress.com/tag/foreach).
        raise ActionFailure(
            "ExpressionEvaluationFailed",
            f"The execution of template action '{action.name}' failed: the result of the "
            f"evaluation of 'foreach' expression '{action.spec.get('foreach')}' is of type "
            f"'{type_name(items)}'. The result must be a valid array.",
        )
    statuses = runner.run_iterations(action, items)
    status = FAILED if FAILED in statuses else SUCCEEDED
    # no outputs, as a captured Until has none (LogicAppsUX __mocks__/runs/LoopsPager/
    # SuccessRun.json: no inputsLink or outputsLink); the items as inputs (not captured)
    return status, {"foreach": items}, None


def _until_count(runner: ActionContext, action: Action) -> int:
    """The Until's ``limit.count``, evaluated when it starts (a literal was checked at load).

    The runtime evaluates the limit at run time (the stack in Azure/logicapps issue 553:
    ``FlowRunActionJobCallback.EvaluateActionUntilLimit`` calls
    ``FlowJobsValidation.ActionUntilLimit``), so a count from ``@parameters(...)`` outside the
    bound fails the Until. Its words are not published; they follow the runtime's error for a
    Foreach whose expression is not an array (see :func:`run_foreach`).

    :raises ActionFailure: ``ExpressionEvaluationFailed`` for a value that is not an integer
        from 0 to the bound (5000, or the project's host setting).
    """
    count = runner.evaluate(action.extra["count"])
    bound = action.extra["count_bound"]
    if until_count_fits(count, bound):
        return int(count)
    text = action.spec["limit"]["count"]
    found = (
        f"'{count}'"
        if isinstance(count, int) and not isinstance(count, bool)
        else f"of type '{type_name(count)}'"
    )
    raise ActionFailure(
        "ExpressionEvaluationFailed",
        f"The execution of template action '{action.name}' failed: the result of the "
        f"evaluation of 'limit.count' expression '{text}' is {found}. The result must be an "
        f"integer from 0 to {bound.count} ({bound.source}).",
    )


def run_until(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    """Until: the status is the last iteration's (Microsoft's loops article: a failure in an
    earlier iteration does not fail the loop); it stops at the condition, at ``limit.count``
    or once ``limit.timeout`` has passed, whichever comes first."""
    status, count = SUCCEEDED, 0
    limit = _until_count(runner, action)
    timeout = runner.evaluate(action.extra.get("timeout"))
    deadline = None
    if timeout is not None:
        seconds = duration_seconds(timeout)
        if seconds is None:
            raise ActionFailure(
                "InvalidTemplate", f"Until limit.timeout '{timeout}' is not an ISO 8601 duration."
            )
        deadline = time.monotonic() + seconds  # not scaled: wait_scale=0 must not end loops
    while count < limit:
        status = runner.iterate(action, count, None)
        count += 1
        if runner.condition(action.extra["expression"], "Until", action.name):
            break
        if deadline is not None and time.monotonic() >= deadline:
            break
    return status, None, None  # LoopsPager/SuccessRun.json: no inputs, no outputs
