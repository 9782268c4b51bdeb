"""Control flow as the cloud reports it: where an action may sit, what a Terminate ends, what
``result()`` of an If, Switch or Until lists, and the record expressions read.

Evidence: tomdam/flowforger, a Power Automate emulator whose author measured these in the
cloud (Power Automate runs on the multi-tenant Logic Apps runtime): its engine's
``packages/engine/src/action-status.ts`` and ``index.ts`` and their tests, "measured by
conformance/flows/control.ff.ts"; its ``packages/validator/src/placement.ts``, "Each rule is
measured against the cloud in conformance/save-rules/placement.mjs"; ScoreUnder/IllogicApps
``IllogicApps.Simulator/Simulator.fs`` (``skippedTerminatedResult``) for what a Terminate
skips. The Terminate and Response rules are also Microsoft Learn's (the workflow actions and
triggers reference: "can't appear inside Foreach and Until loops"); the nesting limit is the
limits page's "Allowed nesting depth for actions: 8".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import requests

from reqres_mock import DefinitionError

if TYPE_CHECKING:
    from reqres_mock import MockServer

TRIGGER = {"manual": {"type": "Request", "kind": "Http", "inputs": {}}}


def define(server: MockServer, actions: dict[str, Any]) -> Any:
    (wf,) = server.add_definition("control", {"triggers": TRIGGER, "actions": actions})
    return wf


def run_of(server: MockServer, actions: dict[str, Any]) -> Any:
    wf = define(server, actions)
    requests.post(wf.callback_url, json={}, timeout=10)
    return wf.wait_for_runs(1)[0].wait()


def compose(value: Any, after: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"type": "Compose", "inputs": value, "runAfter": after or {}}


def scopes(depth: int) -> dict[str, Any]:
    """``depth`` Scopes one inside the other around a Compose ``Leaf`` (at level ``depth``)."""
    inner: dict[str, Any] = {"Leaf": compose(1)}
    for level in range(depth - 1, -1, -1):
        inner = {f"Level_{level}": {"type": "Scope", "actions": inner, "runAfter": {}}}
    return inner


# -- refused when the definition loads, as the cloud refuses it on save ------------------------


@pytest.mark.parametrize(
    ("actions", "message", "pointer"),
    [
        pytest.param(
            {
                "Loop": {
                    "type": "Foreach",
                    "foreach": "@createArray(1)",
                    "actions": {"Stop": {"type": "Terminate", "inputs": {"runStatus": "Failed"}}},
                }
            },
            "The workflow run action 'Stop' has type 'Terminate' that could not be nested under "
            "an action of type 'foreach'.",
            "/actions/Loop/actions/Stop",
            id="terminate-in-foreach",
        ),
        pytest.param(
            {
                "Loop": {
                    "type": "Until",
                    "expression": "@true",
                    "limit": {"count": 1},
                    "actions": {
                        "Inner": {
                            "type": "Scope",
                            "actions": {"Reply": {"type": "Response", "inputs": {}}},
                        }
                    },
                }
            },
            "The workflow run action 'Reply' has type 'Response' that could not be nested under "
            "an action of type 'until'.",
            "/actions/Loop/actions/Inner/actions/Reply",
            id="response-in-scope-in-until",
        ),
        pytest.param(
            scopes(9),
            "The template actions 'Leaf' are nested at level '9' which exceeds the maximum "
            "nesting limit of '8'",
            "/actions" + "".join(f"/Level_{n}/actions" for n in range(9)) + "/Leaf",
            id="nested-too-deep",
        ),
        pytest.param(
            {
                "Ok": {"type": "Response", "inputs": {"statusCode": 200, "schema": {"a": 1}}},
                "Also_ok": {
                    "type": "Response",
                    "inputs": {"statusCode": "200", "schema": {"a": 2}},
                    "runAfter": {"Ok": ["Failed"]},
                },
            },
            "The schema definition for action with status code '200' is not valid. The schema "
            "definitions for actions with same status code must match.",
            "/actions/Also_ok/inputs/schema",
            id="response-schemas-differ",
        ),
    ],
)
def test_the_cloud_refuses_on_save(
    reqres_server: MockServer, actions: dict[str, Any], message: str, pointer: str
) -> None:
    with pytest.raises(DefinitionError) as raised:
        define(reqres_server, actions)
    assert (raised.value.message, raised.value.pointer) == (message, pointer)


def test_what_the_cloud_accepts_loads(reqres_server: MockServer) -> None:
    define(reqres_server, scopes(8))  # level 8 is the deepest allowed
    define(
        reqres_server,
        {
            # the same schema (key order aside), another status, or no schema: not compared
            "A": {"type": "Response", "inputs": {"statusCode": 200, "schema": {"x": 1, "y": 2}}},
            "B": {
                "type": "Response",
                "inputs": {"statusCode": 200, "schema": {"y": 2, "x": 1}},
                "runAfter": {"A": ["Failed"]},
            },
            "C": {
                "type": "Response",
                "inputs": {"statusCode": 400, "schema": {"z": 1}},
                "runAfter": {"B": ["Failed"]},
            },
            "D": {"type": "Response", "inputs": {"statusCode": 200}, "runAfter": {"C": ["Failed"]}},
        },
    )
    # a Terminate outside loops, and a Response in a Scope
    define(
        reqres_server,
        {
            "Work": {
                "type": "Scope",
                "actions": {"Reply": {"type": "Response", "inputs": {"statusCode": 200}}},
            },
            "Stop": {"type": "Terminate", "inputs": {"runStatus": "Succeeded"}, "runAfter": {}},
        },
    )


# -- Terminate ---------------------------------------------------------------------------------


def test_a_terminate_cancels_the_blocks_around_it_and_what_it_kept_from_running(
    reqres_server: MockServer,
) -> None:
    # the measured flow of flowforger's control test: a Scope holding Before, the Terminate
    # and InnerAfter, then OuterAfter
    run = run_of(
        reqres_server,
        {
            "Work": {
                "type": "Scope",
                "actions": {
                    "Before": compose(1),
                    "Stop": {
                        "type": "Terminate",
                        "inputs": {
                            "runStatus": "Failed",
                            "runError": {"code": "E1", "message": "stop"},
                        },
                        "runAfter": {"Before": ["Succeeded"]},
                    },
                    "InnerAfter": compose(2, {"Stop": ["Succeeded"]}),
                },
                "runAfter": {},
            },
            "OuterAfter": compose(3, {"Work": ["Succeeded", "Failed"]}),
            "Held": {
                "type": "If",
                "expression": "@true",
                "actions": {"Deep": compose(4)},
                "runAfter": {"OuterAfter": ["Succeeded"]},
            },
        },
    )
    assert run.failure == {"code": "E1", "message": "stop"}
    seen = {n: (a.status, a.code, a.error) for n, a in run.actions.items()}
    assert seen["Stop"] == ("Succeeded", "NotSpecified", None)
    assert seen["Work"] == ("Cancelled", "Terminated", None)
    # what never started: Skipped, code Terminated, no error; what they hold too
    for name in ("InnerAfter", "OuterAfter", "Held", "Deep"):
        assert seen[name] == ("Skipped", "Terminated", None), name


def test_a_terminate_in_a_branch_cancels_the_if_and_the_other_branch_is_not_taken(
    reqres_server: MockServer,
) -> None:
    run = run_of(
        reqres_server,
        {
            "Check": {
                "type": "If",
                "expression": "@true",
                "actions": {"Stop": {"type": "Terminate", "inputs": {"runStatus": "Cancelled"}}},
                "else": {"actions": {"Other": compose(1)}},
                "runAfter": {},
            }
        },
    )
    assert (run.actions["Check"].status, run.actions["Check"].code) == ("Cancelled", "Terminated")
    other = run.actions["Other"]
    assert (other.status, other.error["code"]) == (
        "Skipped",
        "ActionBranchingConditionNotSatisfied",
    )


# -- result() of an If, a Switch, an Until ---------------------------------------------------


def probe(value: Any, after: str) -> dict[str, Any]:
    return {
        "Probe": compose(value, {after: ["Succeeded", "Failed", "Skipped", "TimedOut"]}),
    }


def test_result_of_an_if_lists_both_branches_in_the_definitions_order(
    reqres_server: MockServer,
) -> None:
    run = run_of(
        reqres_server,
        {
            "Check": {
                "type": "If",
                "expression": "@equals(1, 2)",
                "actions": {"Then": compose(1)},
                "else": {"actions": {"Else": compose(2)}},
                "runAfter": {},
            },
            **probe("@result('Check')", "Check"),
        },
    )
    listed = [(r["name"], r["status"]) for r in run.actions["Probe"].outputs]
    assert listed == [("Then", "Skipped"), ("Else", "Succeeded")]


def test_result_of_a_switch_lists_every_case_and_the_default(reqres_server: MockServer) -> None:
    run = run_of(
        reqres_server,
        {
            "Sw": {
                "type": "Switch",
                "expression": "@concat('Op', 'en')",
                "cases": {
                    "First": {"case": "open", "actions": {"Lower": compose(1)}},
                    "Second": {"case": "Open", "actions": {"Upper": compose(2)}},
                },
                "default": {"actions": {"Fallback": compose(3)}},
                "runAfter": {},
            },
            **probe("@result('Sw')", "Sw"),
        },
    )
    listed = [(r["name"], r["status"]) for r in run.actions["Probe"].outputs]
    assert listed == [("Lower", "Skipped"), ("Upper", "Succeeded"), ("Fallback", "Skipped")]


def test_result_of_an_until_carries_its_iteration_count(reqres_server: MockServer) -> None:
    run = run_of(
        reqres_server,
        {
            "Init": {
                "type": "InitializeVariable",
                "inputs": {"variables": [{"name": "n", "type": "integer", "value": 0}]},
                "runAfter": {},
            },
            "Loop": {
                "type": "Until",
                "expression": "@greaterOrEquals(variables('n'), 3)",
                "limit": {"count": 10},
                "actions": {
                    "Inc": {"type": "IncrementVariable", "inputs": {"name": "n", "value": 1}},
                    "Step": compose("@variables('n')", {"Inc": ["Succeeded"]}),
                },
                "runAfter": {"Init": ["Succeeded"]},
            },
            **probe("@last(result('Loop'))", "Loop"),
        },
    )
    last = run.actions["Probe"].outputs
    assert (last["name"], last["outputs"], last["repetitionCount"]) == ("Step", 3, 3)
    assert list(last)[-1] == "repetitionCount"


# -- the record expressions read ---------------------------------------------------------------


def test_a_block_has_no_inputs_or_outputs_and_not_specified_is_not_shown(
    reqres_server: MockServer,
) -> None:
    # flowforger's "keeps a scope Succeeded when a failure inside it is handled": no code
    run = run_of(
        reqres_server,
        {
            "Caught": {
                "type": "Scope",
                "actions": {
                    "Fail": compose("@div(1, 0)"),
                    "Handle": compose("ok", {"Fail": ["Failed"]}),
                },
                "runAfter": {},
            },
            "Check": {
                "type": "If",
                "expression": "@true",
                "actions": {},
                "runAfter": {"Caught": ["Succeeded"]},
            },
            "Init": {
                "type": "InitializeVariable",
                "inputs": {"variables": [{"name": "v", "type": "string", "value": "x"}]},
                "runAfter": {"Check": ["Succeeded"]},
            },
            **probe(
                {
                    "scope": "@actions('Caught')",
                    "if": "@actions('Check')",
                    "init": "@actions('Init')",
                    "compose": "@actions('Handle')",
                },
                "Init",
            ),
        },
    )
    seen = run.actions["Probe"].outputs
    assert seen["scope"]["status"] == "Succeeded"
    for name in ("scope", "if"):
        assert not {"inputs", "outputs", "code"} & set(seen[name]), name
    assert "code" not in seen["init"] and "inputs" in seen["init"]  # NotSpecified hidden
    assert seen["compose"]["code"] == "OK"
    # the run history (management API) still shows the code and the If's expression result
    assert run.actions["Caught"].code == "NotSpecified"
    assert run.actions["Check"].inputs == {"expressionResult": True}


def test_action_outside_tracked_properties_is_not_expected_there(
    reqres_server: MockServer,
) -> None:
    run = run_of(reqres_server, {"Bad": compose("@action()")})
    assert run.actions["Bad"].error["message"] == (
        "Unable to process template language expressions in action 'Bad' inputs at line '0' "
        "and column '0': 'The template function 'action' is not expected at this location.'."
    )


# -- a Switch with a case of another type --------------------------------------------------------


def test_a_case_of_another_type_fails_every_branch_action(reqres_server: MockServer) -> None:
    run = run_of(
        reqres_server,
        {
            "Sw": {
                "type": "Switch",
                "expression": "@add(1, 1)",
                "cases": {"Two": {"case": "2", "actions": {"Sw_hit": compose("case")}}},
                "default": {
                    "actions": {
                        "Sw_default": {
                            "type": "Scope",
                            "actions": {"Inside": compose(1)},
                        },
                        "Sw_then": compose(2, {"Sw_default": ["Succeeded"]}),
                    }
                },
                "runAfter": {},
            },
            **probe({"hit": "@actions('Sw_hit')", "result": "@result('Sw')"}, "Sw"),
        },
    )
    sw = run.actions["Sw"]
    assert (sw.status, sw.code, sw.error["message"]) == (
        "Failed",
        "ActionFailed",
        "An action failed. No dependent actions succeeded.",
    )
    hit = run.actions["Probe"].outputs["hit"]
    assert (hit["status"], hit["code"], hit["error"]["code"]) == (
        "Failed",
        "InternalServerError",
        "ActionConditionFailed",
    )
    assert hit["error"]["message"] == (
        "The execution of template action 'Sw_hit' failed: an unexpected exception encountered "
        "when evaluating branching condition. 'Template language function 'strongEquals' "
        "expects parameters of same type, but found 'Integer,String' distinct types.'"
    )
    listed = [(r["name"], r["status"]) for r in run.actions["Probe"].outputs["result"]]
    assert listed == [("Sw_hit", "Failed"), ("Sw_default", "Failed"), ("Sw_then", "Failed")]
    inside = run.actions["Inside"]
    assert (inside.status, inside.error["message"]) == (
        "Skipped",
        "The execution of template action 'Inside' is skipped: dependant action 'Sw_default' "
        "completed with status 'Failed' and code 'InternalServerError'.",
    )


def test_cases_of_the_values_type_match_as_before(reqres_server: MockServer) -> None:
    run = run_of(
        reqres_server,
        {
            "Sw": {
                "type": "Switch",
                "expression": "@add(1, 1)",
                "cases": {
                    "One": {"case": 1, "actions": {"A": compose(1)}},
                    "Two": {"case": 2, "actions": {"B": compose(2)}},
                },
                "runAfter": {},
            },
        },
    )
    assert (run.actions["Sw"].status, run.actions["B"].status) == ("Succeeded", "Succeeded")
    assert run.actions["A"].status == "Skipped"
