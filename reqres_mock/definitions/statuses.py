"""The status rules of a run: how a scope (or the run) ends from the statuses of its actions,
and what status an action that ran once per loop iteration shows.

Microsoft's rule (learn.microsoft.com/azure/logic-apps/error-exception-handling): each branch
is judged by its last action, a Skipped last action by its predecessors (the action whose
status caused the skip), and any branch that ends in a failure fails the whole; a failure that
another branch "handled" still fails the run when the branch it started ends skipped after
it. IllogicApps' simulator implements the same leaf rule; LogicAppUnit's sample tests (run on
the real runtime) agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reqres_mock.definitions.actions import (
    CANCELLED,
    FAILED,
    SKIPPED,
    SUCCEEDED,
    TIMED_OUT,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reqres_mock.definitions.actions import ActionResult, Graph


def branch_status(graph: Graph, results: Mapping[str, ActionResult]) -> str:
    """Failed when a branch of ``graph`` ends in a failure (or a time-out), else Succeeded."""
    referenced = {p for action in graph.actions.values() for p in action.run_after}
    pending = [name for name in graph.actions if name not in referenced]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        status = results[name].status
        if status == SKIPPED:
            pending.extend(graph.actions[name].run_after)
        elif status in (FAILED, TIMED_OUT):
            return FAILED
    return SUCCEEDED


def repeated_status(statuses: list[str]) -> str:
    """The status of an action that ran once per loop iteration: Failed if any iteration
    failed, else TimedOut if any timed out, else Succeeded if any succeeded, else Skipped."""
    for status in (FAILED, TIMED_OUT, SUCCEEDED, CANCELLED):
        if status in statuses:
            return status
    return SKIPPED
