"""Run results as the Logic Apps runtime records them: the run-status rule, Skipped after
Terminate, variable defaults, per-iteration history of loops, trackedProperties, Until limits.

Evidence: learn.microsoft.com/azure/logic-apps/error-exception-handling (run status from each
branch's last action); learn.microsoft.com/azure/logic-apps/logic-apps-control-flow-loops (an
Until loop's status is its last iteration's); LogicAppUnit/TestingFramework's sample tests
(src/LogicAppUnit.Samples.LogicApps.Tests, expectations recorded from the real runtime).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from reqres_mock import MockServer, RunStatus

JSON = {"Content-Type": "application/json"}


def define(server: MockServer, actions: dict[str, Any]) -> Any:
    document = {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": actions,
    }
    (wf,) = server.add_definition("wf", document)
    return wf


def run_of(wf: Any, body: Any = None) -> Any:
    requests.post(wf.callback_url, json=body, timeout=10)
    return wf.wait_for_runs(1)[0].wait()


def compose(value: Any, after: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"type": "Compose", "inputs": value, "runAfter": after or {}}


FAILS = compose("@div(1, 0)")


@pytest.mark.parametrize(
    ("actions", "status"),
    [
        pytest.param(
            {"Boom": FAILS, "Catch": compose(1, {"Boom": ["Failed"]})},
            RunStatus.SUCCEEDED,
            id="one-branch-whose-last-action-handled-the-failure",
        ),
        pytest.param(
            {
                "Boom": FAILS,
                "Happy": compose(1, {"Boom": ["Succeeded"]}),
                "Catch": compose(2, {"Boom": ["Failed"]}),
            },
            RunStatus.FAILED,
            id="skipped-leaf-takes-its-predecessors-failure",
        ),
        pytest.param(
            {
                "Ok": compose(1),
                "Happy": compose(1, {"Ok": ["Succeeded"]}),
                "Catch": compose(2, {"Ok": ["Failed"]}),
            },
            RunStatus.SUCCEEDED,
            id="skipped-error-branch-after-success",
        ),
        pytest.param(
            {"Boom": FAILS, "Other": compose(1)},
            RunStatus.FAILED,
            id="parallel-branch-ends-in-failure",
        ),
        pytest.param(
            {
                "Scope": {
                    "type": "Scope",
                    "actions": {"Boom": FAILS, "Catch": compose(1, {"Boom": ["Failed"]})},
                },
                "After": compose(1, {"Scope": ["Succeeded"]}),
            },
            RunStatus.SUCCEEDED,
            id="scope-judged-by-the-same-rule",
        ),
    ],
)
def test_run_status_follows_the_leaf_rule(reqres_server, actions, status):
    """A branch ending in Skipped takes its predecessor's status; any failed branch fails the
    run."""
    assert run_of(define(reqres_server, actions)).status is status


def test_actions_after_terminate_are_skipped(reqres_server):
    wf = define(
        reqres_server,
        {
            "Stop": {"type": "Terminate", "inputs": {"runStatus": "Cancelled"}},
            "Later": compose(1, {"Stop": ["Succeeded"]}),
            "Scope": {
                "type": "Scope",
                "actions": {"Inner": compose(2)},
                "runAfter": {"Later": ["Succeeded"]},
            },
        },
    )
    run = run_of(wf)
    assert run.status is RunStatus.CANCELLED
    assert run.actions["Stop"].status == "Succeeded"
    assert {n: run.actions[n].status for n in ("Later", "Scope", "Inner")} == {
        "Later": "Skipped",
        "Scope": "Skipped",
        "Inner": "Skipped",
    }


@pytest.mark.parametrize(
    ("kind", "default"),
    [
        ("string", ""),
        ("integer", 0),
        ("float", 0.0),
        ("boolean", False),
        ("array", []),
        ("object", {}),
    ],
)
def test_initialize_variable_without_value_starts_at_the_type_default(reqres_server, kind, default):
    wf = define(
        reqres_server,
        {
            "Init": {
                "type": "InitializeVariable",
                "inputs": {"variables": [{"name": "v", "type": kind}]},
            }
        },
    )
    value = run_of(wf).variables["v"]
    assert value == default
    assert type(value) is type(default)


LOOP = {
    "Init": {
        "type": "InitializeVariable",
        "inputs": {"variables": [{"name": "seen", "type": "array"}]},
    },
    "Each": {
        "type": "Foreach",
        "foreach": "@triggerBody()",
        "runAfter": {"Init": ["Succeeded"]},
        "actions": {
            "Check": compose("@div(10, item())"),
            "Append": {
                "type": "AppendToArrayVariable",
                "inputs": {"name": "seen", "value": "@item()"},
                "runAfter": {"Check": ["Succeeded", "Failed"]},
            },
        },
    },
}


def test_loops_keep_each_iterations_result(reqres_server):
    """LogicAppUnit's LoopWorkflowTest reads each iteration's status, inputs and outputs."""
    run = run_of(define(reqres_server, LOOP), [5, 0, 2])
    check = run.actions["Check"]
    assert [r.status for r in check.repetitions] == ["Succeeded", "Failed", "Succeeded"]
    assert [r.iteration_indexes for r in check.repetitions] == [(0,), (1,), (2,)]
    assert [r.outputs for r in check.repetitions] == [2, None, 5]
    assert check.repetitions[0].inputs == 2
    assert check.status == "Failed"  # a repeated action failed in one of its iterations
    assert [r.status for r in run.actions["Append"].repetitions] == ["Succeeded"] * 3
    each = run.actions["Each"]
    assert len(each.repetitions) == 3
    # Each iteration ended in Append (Succeeded): the failure was handled inside the loop.
    assert each.status == "Succeeded"
    assert run.status is RunStatus.SUCCEEDED
    assert run.variables["seen"] == [5, 0, 2]


@pytest.mark.parametrize(("body", "kind"), [(None, "Null"), ({"a": 1}, "Object"), ("x", "String")])
def test_a_foreach_over_a_non_array_fails_in_the_runtimes_words(reqres_server, body, kind):
    # A run's error, quoted at https://phvbaars.wordpress.com/tag/foreach: "ExpressionEvaluation
    # Failed. The execution of template action 'For_each' failed: the result of the evaluation
    # of 'foreach' expression '@triggerBody()?['QueueMessagesList']?['QueueMessage']' is of type
    # 'Null'. The result must be a valid array."
    loop = {"type": "Foreach", "foreach": "@triggerBody()", "actions": {}, "runAfter": {}}
    run = run_of(define(reqres_server, {"For_each": loop}), body)
    assert run.actions["For_each"].status == "Failed"
    assert run.actions["For_each"].error == {
        "code": "ExpressionEvaluationFailed",
        "message": "The execution of template action 'For_each' failed: the result of the "
        f"evaluation of 'foreach' expression '@triggerBody()' is of type '{kind}'. The result "
        "must be a valid array.",
    }


def test_nested_loops_record_both_indexes(reqres_server):
    wf = define(
        reqres_server,
        {
            "Outer": {
                "type": "Foreach",
                "foreach": "@createArray(1, 2)",
                "actions": {
                    "Inner": {
                        "type": "Foreach",
                        "foreach": "@createArray('a', 'b', 'c')",
                        "actions": {"Pair": compose("@{items('Outer')}@{items('Inner')}")},
                    }
                },
            }
        },
    )
    pair = run_of(wf).actions["Pair"]
    assert [r.outputs for r in pair.repetitions] == ["1a", "1b", "1c", "2a", "2b", "2c"]
    assert pair.repetitions[4].iteration_indexes == (1, 1)


def until(expression: str, limit: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    return {
        "Counter": {
            "type": "InitializeVariable",
            "inputs": {"variables": [{"name": "n", "type": "integer", "value": 0}]},
        },
        "Loop": {
            "type": "Until",
            "expression": expression,
            "limit": limit,
            "runAfter": {"Counter": ["Succeeded"]},
            "actions": {
                "Step": {"type": "IncrementVariable", "inputs": {"name": "n", "value": 1}},
                **body,
            },
        },
    }


def test_until_status_is_the_last_iterations(reqres_server):
    """Microsoft's loops article: a failure in an earlier iteration does not fail the loop."""
    body = {"Odd": compose("@if(equals(variables('n'), 1), div(1, 0), 1)", {"Step": ["Succeeded"]})}
    run = run_of(define(reqres_server, until("@equals(variables('n'), 3)", {"count": 10}, body)))
    loop = run.actions["Loop"]
    assert [r.status for r in loop.repetitions] == ["Failed", "Succeeded", "Succeeded"]
    assert loop.status == "Succeeded"
    assert run.actions["Odd"].repetitions[0].status == "Failed"


def test_until_stops_at_its_timeout(reqres_server):
    run = run_of(
        define(reqres_server, until("@equals(1, 2)", {"count": 50, "timeout": "PT0S"}, {}))
    )
    assert run.variables["n"] == 1
    assert run.actions["Loop"].iterations == 1
    assert run.actions["Loop"].status == "Succeeded"


def test_until_timeout_that_is_not_a_duration_fails_the_loop(reqres_server):
    run = run_of(define(reqres_server, until("@true", {"timeout": "one hour"}, {})))
    assert run.actions["Loop"].status == "Failed"
    assert "ISO 8601" in run.actions["Loop"].error["message"]


def define_with_limit(server: MockServer, limit: Any, count: Any) -> Any:
    """An Until whose ``limit.count`` is ``count`` (an expression), with workflow parameter
    ``loopLimit`` = ``limit``, as Microsoft's gallery writes it."""
    document = {
        "parameters": {"loopLimit": {"type": "Object", "defaultValue": limit}},
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": until("@equals(1, 2)", {"count": count, "timeout": "PT1H"}, {}),
    }
    (wf,) = server.add_definition("wf", document)
    return wf


def test_until_count_may_be_an_expression(reqres_server):
    """Microsoft's template gallery writes ``"count": "@parameters('loopLimit_…')"``
    (Azure/LogicAppsTemplates sync-business-partner-sap-sharepoint-odata/default/workflow.json
    and sync-sales-order-sap-blob-storage-odata/default/workflow.json); the runtime evaluates it
    when the Until starts (Azure/logicapps issue 553's stack: EvaluateActionUntilLimit)."""
    run = run_of(define_with_limit(reqres_server, 3, "@parameters('loopLimit')"))
    assert run.variables["n"] == 3
    assert run.actions["Loop"].iterations == 3
    assert run.actions["Loop"].status == "Succeeded"


@pytest.mark.parametrize(
    ("limit", "found"),
    [
        pytest.param(5001, "'5001'", id="over"),
        pytest.param(-1, "'-1'", id="negative"),
        pytest.param("3", "of type 'String'", id="string"),
        pytest.param(True, "of type 'Boolean'", id="boolean"),
        pytest.param(None, "of type 'Null'", id="null"),
    ],
)
def test_an_evaluated_until_count_outside_the_bound_fails_the_until(reqres_server, limit, found):
    """The bound a literal is held to at load (5000, Logic Apps' limit) holds for an evaluated
    count when the Until starts; the words follow the runtime's Foreach error (a run's error
    quoted at https://phvbaars.wordpress.com/tag/foreach), as the Until's own are unpublished."""
    run = run_of(define_with_limit(reqres_server, limit, "@parameters('loopLimit')"))
    loop = run.actions["Loop"]
    assert loop.status == "Failed"
    assert loop.error == {
        "code": "ExpressionEvaluationFailed",
        "message": "The execution of template action 'Loop' failed: the result of the "
        f"evaluation of 'limit.count' expression '@parameters('loopLimit')' is {found}. The "
        "result must be an integer from 0 to 5000 (Logic Apps' limit).",
    }
    assert run.variables["n"] == 0  # no iteration ran
    assert run.status is RunStatus.FAILED


@pytest.mark.parametrize(
    ("items", "statuses"),
    [
        pytest.param([1, 2], ["Failed", "Skipped"], id="last-skipped"),
        pytest.param([1, 2, 3], ["Failed", "Skipped", "Failed"], id="failed-twice"),
    ],
)
def test_a_repeated_actions_record_carries_the_error_of_its_first_failed_iteration(
    reqres_server, items, statuses
):
    """An action that failed in an iteration shows Failed with the error and code of the first
    iteration that failed, not the last iteration's (a skipped one has none)."""
    check = {
        "type": "If",
        "expression": "@not(equals(item(), 2))",
        "actions": {"Bad": compose("@if(equals(item(), 1), div(1, 0), int('x'))")},
        "else": {"actions": {}},
    }
    loop = {
        "type": "Foreach",
        "foreach": f"@createArray({', '.join(map(str, items))})",
        "operationOptions": "Sequential",
        "actions": {"Check": check},
    }
    bad = run_of(define(reqres_server, {"Loop": loop})).actions["Bad"]
    assert [r.status for r in bad.repetitions] == statuses
    assert bad.status == "Failed"
    assert bad.error == bad.repetitions[0].error
    assert "divide an integral or decimal value by zero" in bad.error["message"]
    assert (bad.code, bad.error["code"]) == ("BadRequest", "InvalidTemplate")
    assert bad.record()["error"] == bad.repetitions[0].error


def test_tracked_properties_are_evaluated(reqres_server):
    wf = define(
        reqres_server,
        {
            "Order": {
                "type": "Compose",
                "inputs": {"id": "@triggerBody()?['id']"},
                "trackedProperties": {
                    "orderId": "@{action()['outputs']['id']}",
                    "source": "web",
                    "broken": "@action()['outputs']['missing']['deeper']",
                },
            },
            "Untracked": compose(1),
        },
    )
    run = run_of(wf, {"id": 42})
    # A property that cannot be evaluated is left out; tracking never fails the action.
    assert run.actions["Order"].tracked_properties == {"orderId": "42", "source": "web"}
    assert run.actions["Order"].status == "Succeeded"
    assert run.actions["Untracked"].tracked_properties is None


def test_the_admin_api_shows_repetitions_and_tracked_properties(reqres_server):
    actions = json.loads(json.dumps(LOOP))
    actions["Each"]["actions"]["Check"]["trackedProperties"] = {"item": "@{item()}"}
    run = run_of(define(reqres_server, actions), [5, 0])
    reply = requests.get(f"{reqres_server.url}/_reqres/runs/{run.id}", timeout=5)
    check = next(a for a in reply.json()["actions"] if a["name"] == "Check")
    assert [(r["iterationIndexes"], r["status"]) for r in check["repetitions"]] == [
        ([0], "Succeeded"),
        ([1], "Failed"),
    ]
    assert check["trackedProperties"] == {"item": "0"}  # the last iteration's
