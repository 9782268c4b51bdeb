"""What a run's history says of each action, as the runtime records it: the code of an action
that succeeded (``OK`` or ``NotSpecified`` by its type) and the error of one that was skipped.

Evidence: two real Standard runs saved in Azure/LogicAppsUX, each with the definition it ran
(``__mocks__/runs/MonitoringViewConditional/normalState.json``, 2025, and
``__mocks__/runs/LoopsPager/SuccessRun.json``). The workflow below has the shape of the first:
an If whose true branch holds a second If that goes its else way, a Scope inside a Scope in the
branch it does not take, a Compose after that Scope, a Switch whose default is not taken, an If
whose else is not taken. Each sentence asserted here is the captured one, with the captured
action names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import requests

if TYPE_CHECKING:
    from reqres_mock import MockServer

TRIGGER = {"manual": {"type": "Request", "kind": "Http", "inputs": {}}}


def increment(after: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {
        "type": "IncrementVariable",
        "inputs": {"name": "TEST", "value": 1},
        "runAfter": after or {},
    }


def compose(value: Any, after: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"type": "Compose", "inputs": value, "runAfter": after or {}}


CAPTURED_SHAPE: dict[str, Any] = {
    "Initialize_variable": {
        "type": "InitializeVariable",
        "inputs": {"variables": [{"name": "TEST", "type": "integer", "value": 1}]},
        "runAfter": {},
    },
    "Increment_variable": increment({"Initialize_variable": ["Succeeded"]}),
    "Decrement_variable": {
        "type": "DecrementVariable",
        "inputs": {"name": "TEST", "value": 1},
        "runAfter": {"Increment_variable": ["Succeeded"]},
    },
    "Condition": {
        "type": "If",
        "expression": {"and": [{"equals": [1, 1]}]},
        "runAfter": {"Decrement_variable": ["Succeeded"]},
        "actions": {
            "Condition_1": {
                "type": "If",
                "expression": {"and": [{"equals": [1, 2]}]},
                "actions": {
                    # written before the Scope it runs after, as in the captured definition
                    "Compose": compose("x", {"Scope_1": ["Succeeded"]}),
                    "Increment_variable_2": increment({"Compose": ["Succeeded"]}),
                    "Scope_1": {
                        "type": "Scope",
                        "actions": {
                            "Scope_2": {
                                "type": "Scope",
                                "actions": {"Increment_variable_5": increment()},
                            }
                        },
                    },
                },
                "else": {
                    "actions": {
                        "Switch": {
                            "type": "Switch",
                            "expression": "@variables('TEST')",
                            "cases": {
                                "Case": {
                                    "case": 1,
                                    "actions": {
                                        "Scope": {
                                            "type": "Scope",
                                            "actions": {"Increment_variable_1": increment()},
                                        }
                                    },
                                }
                            },
                            "default": {"actions": {"Increment_variable_3": increment()}},
                        }
                    }
                },
            }
        },
        "else": {"actions": {"Increment_variable_4": increment()}},
    },
    "Parse_JSON": {
        "type": "ParseJson",
        "inputs": {"content": {"a": 1}, "schema": {"type": "object"}},
        "runAfter": {"Condition": ["Succeeded"]},
    },
    "Condition_2": {
        "type": "If",
        "expression": {"and": [{"equals": [1, 1]}]},
        "runAfter": {"Parse_JSON": ["Succeeded"]},
        "actions": {
            "Compose_1": compose(1, {"Compose_3": ["Succeeded"]}),
            "Compose_3": compose(3),
        },
        "else": {"actions": {"Compose_2": compose(2)}},
    },
    "Filter_array": {
        "type": "Query",
        "inputs": {"from": [1, 2], "where": "@equals(item(), 1)"},
        "runAfter": {"Condition_2": ["Succeeded"]},
    },
    "Select": {
        "type": "Select",
        "inputs": {"from": [1], "select": "@item()"},
        "runAfter": {"Filter_array": ["Succeeded"]},
    },
    "Until": {
        "type": "Until",
        "expression": "@equals(1, 1)",
        "limit": {"count": 1},
        "actions": {"Inside_until": compose(0)},
        "runAfter": {"Select": ["Succeeded"]},
    },
}


@pytest.fixture
def captured_run(reqres_server: MockServer) -> Any:
    (wf,) = reqres_server.add_definition(
        "conditional", {"triggers": TRIGGER, "actions": CAPTURED_SHAPE}
    )
    requests.post(wf.callback_url, json={}, timeout=10)
    return wf.wait_for_runs(1)[0].wait()


def skipped_after(action: str, predecessor: str, expected: str, actual: str) -> dict[str, str]:
    return {
        "code": "ActionConditionFailed",
        "message": f"The execution of template action '{action}' is skipped: the 'runAfter' "
        f"condition for action '{predecessor}' is not satisfied. Expected status values "
        f"'{expected}' and actual value '{actual}'.",
    }


def not_taken(action: str) -> dict[str, str]:
    return {
        "code": "ActionBranchingConditionNotSatisfied",
        "message": f"The execution of template action '{action}' skipped: the branching "
        "condition for this action is not satisfied.",
    }


def inside_skipped(action: str, container: str) -> dict[str, str]:
    return {
        "code": "ActionDependencyFailed",
        "message": f"The execution of template action '{action}' is skipped: dependant action "
        f"'{container}' completed with status 'Skipped' and code 'ActionSkipped'.",
    }


@pytest.mark.parametrize(
    ("action", "error"),
    [
        # a first action of a branch not taken: the If's, the If's else, the Switch's default
        ("Scope_1", not_taken("Scope_1")),
        ("Compose_2", not_taken("Compose_2")),
        ("Increment_variable_3", not_taken("Increment_variable_3")),
        ("Increment_variable_4", not_taken("Increment_variable_4")),
        # one that runs after a sibling in that branch: the sibling's status
        ("Compose", skipped_after("Compose", "Scope_1", "Succeeded", "Skipped")),
        (
            "Increment_variable_2",
            skipped_after("Increment_variable_2", "Compose", "Succeeded", "Skipped"),
        ),
        # what a skipped Scope holds: the Scope, at every depth
        ("Scope_2", inside_skipped("Scope_2", "Scope_1")),
        ("Increment_variable_5", inside_skipped("Increment_variable_5", "Scope_2")),
    ],
)
def test_a_skipped_action_says_why_as_the_captured_run_does(
    captured_run: Any, action: str, error: dict[str, str]
) -> None:
    result = captured_run.actions[action]
    assert (result.status, result.code, result.error) == ("Skipped", "ActionSkipped", error)
    assert result.record()["error"] == error  # what actions() and result() show


@pytest.mark.parametrize(
    ("action", "code"),
    [
        ("Initialize_variable", "NotSpecified"),
        ("Increment_variable", "NotSpecified"),
        ("Decrement_variable", "NotSpecified"),
        ("Condition", "NotSpecified"),
        ("Condition_1", "NotSpecified"),
        ("Switch", "NotSpecified"),
        ("Scope", "NotSpecified"),
        ("Increment_variable_1", "NotSpecified"),
        ("Filter_array", "NotSpecified"),
        ("Select", "NotSpecified"),
        ("Until", "NotSpecified"),  # LoopsPager/SuccessRun.json
        ("Parse_JSON", "OK"),
        ("Compose_1", "OK"),
        ("Compose_3", "OK"),
    ],
)
def test_a_succeeded_action_has_the_code_of_its_type(
    captured_run: Any, action: str, code: str
) -> None:
    result = captured_run.actions[action]
    assert (result.status, result.code) == ("Succeeded", code)
    assert "error" not in result.record()


def run_of(server: MockServer, actions: dict[str, Any]) -> Any:
    (wf,) = server.add_definition("wf", {"triggers": TRIGGER, "actions": actions})
    requests.post(wf.callback_url, json={}, timeout=10)
    return wf.wait_for_runs(1)[0].wait()


def test_an_action_after_a_failure_names_the_failed_predecessor(reqres_server: MockServer) -> None:
    # the sentence users quote for the commonest skip ("… for action 'Scope' is not
    # satisfied. Expected status values 'Succeeded' and actual value 'Failed'.")
    run = run_of(
        reqres_server,
        {
            "Ok": compose(1),
            "Boom": compose("@div(1, 0)"),
            "Next": compose(2, {"Ok": ["Succeeded"], "Boom": ["Succeeded"]}),
        },
    )
    assert run.actions["Next"].error == skipped_after("Next", "Boom", "Succeeded", "Failed")


def test_several_expected_statuses_are_listed_as_written(reqres_server: MockServer) -> None:
    # joined with ", " as a Power Automate emulator's conformance test has it (not captured
    # for Logic Apps); a repeated status once
    run = run_of(
        reqres_server,
        {
            "Ok": compose(1),
            "Handler": compose(2, {"Ok": ["TimedOut", "failed", "Failed"]}),
        },
    )
    assert run.actions["Handler"].error == skipped_after(
        "Handler", "Ok", "TimedOut, Failed", "Succeeded"
    )


def test_what_a_skipped_container_holds_names_the_container(reqres_server: MockServer) -> None:
    loop_body = {"Inside_loop": compose("@items('Loop')")}
    run = run_of(
        reqres_server,
        {
            "Boom": compose("@div(1, 0)"),
            "Loop": {
                "type": "Foreach",
                "foreach": "@createArray(1, 2)",
                "actions": loop_body,
                "runAfter": {"Boom": ["Succeeded"]},
            },
            "Guard": {
                "type": "If",
                "expression": "@true",
                "actions": {"Then": compose(1)},
                "else": {"actions": {"Otherwise": compose(2)}},
                "runAfter": {"Boom": ["Succeeded"]},
            },
        },
    )
    assert run.actions["Loop"].error == skipped_after("Loop", "Boom", "Succeeded", "Failed")
    assert run.actions["Inside_loop"].error == inside_skipped("Inside_loop", "Loop")
    # a skipped If's branches are skipped by the If, not by a branching condition
    assert run.actions["Then"].error == inside_skipped("Then", "Guard")
    assert run.actions["Otherwise"].error == inside_skipped("Otherwise", "Guard")


@pytest.mark.parametrize(
    ("expression", "kind"),
    [
        ("@triggerBody()?['missing']", "Null"),
        ("@true", "Boolean"),
        ("@createArray(1)", "Array"),
    ],
)
def test_a_switch_on_neither_a_string_nor_an_integer_fails_and_skips_its_branches(
    reqres_server: MockServer, expression: str, kind: str
) -> None:
    # A public Power Automate emulator's conformance test, measured against the cloud (no
    # Logic Apps capture): the Switch fails and every branch is skipped, naming it. The mock
    # took the default branch.
    run = run_of(
        reqres_server,
        {
            "Sw": {
                "type": "Switch",
                "expression": expression,
                "cases": {"C": {"case": "x", "actions": {"Hit": compose(1)}}},
                "default": {"actions": {"Otherwise": compose(2)}},
            }
        },
    )
    switch = run.actions["Sw"]
    assert (switch.status, switch.code) == ("Failed", "ExpressionEvaluationFailed")
    assert switch.error["message"] == (
        "The execution of template action 'Sw' failed: The result of the evaluation of 'scope' "
        f"action expression '{expression}' is not valid. It is of type '{kind}' but is expected "
        "to be a value of type 'String, Integer'."
    )
    for name in ("Hit", "Otherwise"):
        assert run.actions[name].error == {
            "code": "ActionDependencyFailed",
            "message": f"The execution of template action '{name}' is skipped: dependant action "
            "'Sw' completed with status 'Failed' and code 'ExpressionEvaluationFailed'.",
        }


@pytest.mark.parametrize("written", [5, True, None, "Failed", {}])
def test_a_run_after_that_is_no_list_waits_for_success(
    reqres_server: MockServer, written: Any
) -> None:
    # read as ["Succeeded"], as the definition is loaded, and said so when it skips
    run = run_of(
        reqres_server,
        {"Boom": compose("@div(1, 0)"), "Next": {**compose(1), "runAfter": {"Boom": written}}},
    )
    assert run.actions["Next"].error == skipped_after("Next", "Boom", "Succeeded", "Failed")


def loop_over(items: str, body: dict[str, Any], concurrency: int = 1) -> dict[str, Any]:
    return {
        "type": "Foreach",
        "foreach": items,
        "actions": body,
        "runtimeConfiguration": {"concurrency": {"repetitions": concurrency}},
    }


def branching_loop(branch: dict[str, Any], concurrency: int = 1) -> dict[str, Any]:
    """A Foreach ``Outer`` over ``[true, false]`` whose If takes ``branch`` in iteration 0 only."""
    condition = {
        "type": "If",
        "expression": "@items('Outer')",
        "actions": branch,
        "else": {"actions": {}},
    }
    return loop_over("@createArray(true, false)", {"Cond": condition}, concurrency)


def test_inside_a_loop_a_skipped_branch_is_skipped_by_this_pass_only(
    reqres_server: MockServer,
) -> None:
    # Iteration 0 takes the true branch, where Inner fails; iteration 1 skips that branch: its
    # actions are skipped by Inner's status in this pass (Skipped), not by iteration 0's, and
    # Inner keeps the record of the pass that ran it.
    branch = {
        "Inner": loop_over("@createArray(1)", {"Fails": compose("@div(1, 0)")}),
        "After_failure": {**compose(1), "runAfter": {"Inner": ["Failed"]}},
        "After_success": {**compose(2), "runAfter": {"Inner": ["Succeeded"]}},
    }
    run = run_of(reqres_server, {"Outer": branching_loop(branch)})
    second = {name: run.actions[name].repetitions[1].error for name in branch if name != "Inner"}
    assert second == {
        "After_failure": skipped_after("After_failure", "Inner", "Failed", "Skipped"),
        "After_success": skipped_after("After_success", "Inner", "Succeeded", "Skipped"),
    }
    assert run.actions["Inner"].status == "Failed"


@pytest.mark.parametrize("concurrency", [1, 2])
def test_a_nested_loop_that_ran_in_one_pass_keeps_its_record(
    reqres_server: MockServer, concurrency: int
) -> None:
    # The pass that skips Inner comes after (sequential) or beside (concurrent) the pass that
    # ran it: Inner's record is the run, recorded Skipped only had it never run.
    run = run_of(
        reqres_server,
        {
            "Outer": branching_loop(
                {"Inner": loop_over("@createArray(1)", {"Ok": compose(1)})}, concurrency
            ),
            "Never": {
                "type": "If",
                "expression": "@false",
                "actions": {"Unrun": loop_over("@createArray(1)", {"Nope": compose(1)})},
                "else": {"actions": {}},
            },
        },
    )
    assert (run.actions["Inner"].status, run.actions["Inner"].iterations) == ("Succeeded", 1)
    assert run.actions["Outer"].iterations == 2
    assert run.actions["Unrun"].error == not_taken("Unrun")


def test_result_lists_what_a_failed_switch_or_a_skipped_scope_holds(
    reqres_server: MockServer,
) -> None:
    run = run_of(
        reqres_server,
        {
            "Sw": {
                "type": "Switch",
                "expression": "@triggerBody()?['missing']",
                "cases": {"C": {"case": "x", "actions": {"Hit": compose(1)}}},
                "default": {"actions": {"Otherwise": compose(2)}},
            },
            "Catch": {**compose("@result('Sw')"), "runAfter": {"Sw": ["Failed"]}},
            "Skipped_scope": {
                "type": "Scope",
                "actions": {"Within": compose(3)},
                "runAfter": {"Sw": ["Succeeded"]},
            },
            "Catch_scope": {
                **compose("@result('Skipped_scope')"),
                "runAfter": {"Skipped_scope": ["Skipped"]},
            },
        },
    )
    caught = run.actions["Catch"].outputs
    assert [(r["name"], r["status"]) for r in caught] == [
        ("Hit", "Skipped"),
        ("Otherwise", "Skipped"),
    ]
    within = run.actions["Catch_scope"].outputs
    assert [(r["name"], r["error"]["code"]) for r in within] == [
        ("Within", "ActionDependencyFailed")
    ]
