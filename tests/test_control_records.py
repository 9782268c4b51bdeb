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

import contextlib
from typing import TYPE_CHECKING, Any

import pytest
import requests

from reqres_mock import DefinitionError

if TYPE_CHECKING:
    from reqres_mock import MockServer

TRIGGER = {"manual": {"type": "Request", "kind": "Http", "inputs": {}}}


INIT_TOTAL = {
    "type": "InitializeVariable",
    "inputs": {"variables": [{"name": "total", "type": "integer", "value": 1}]},
    "runAfter": {},
}


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
            {
                "Main_Flow": {
                    "type": "Scope",
                    "actions": {
                        "Init": {
                            "type": "InitializeVariable",
                            "inputs": {"variables": [{"name": "v", "type": "string"}]},
                        }
                    },
                }
            },
            # a Power Automate user's notes of the refused save ('InvalidVariableInitialization')
            "The variable action 'Init' of type 'InitializeVariable' cannot be nested in an "
            "action of type 'Main_Flow'.",
            "/actions/Main_Flow/actions/Init",
            id="initialize-variable-in-scope",
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
        pytest.param(
            # Power Automate users' notes of refused saves (code
            # WorkflowRunActionInputsInvalidProperty) and
            # https://qiita.com/annap_ms/items/00089fd5e8056edae689; names match in any case
            {
                "Init": INIT_TOTAL,
                "Scope": {
                    "type": "Scope",
                    "actions": {
                        "Add_one": {
                            "type": "SetVariable",
                            "inputs": {"name": "total", "value": "@add(variables('TOTAL'), 1)"},
                        }
                    },
                    "runAfter": {"Init": ["Succeeded"]},
                },
            },
            "The inputs of workflow run action 'Add_one' of type 'SetVariable' are not valid. "
            "Self reference is not supported when updating the value of variable 'total'.",
            "/actions/Scope/actions/Add_one/inputs/value",
            id="set-variable-reads-itself",
        ),
    ],
)
def test_the_cloud_refuses_on_save(
    reqres_server: MockServer, actions: dict[str, Any], message: str, pointer: str
) -> None:
    assert_refused(reqres_server, actions, message, pointer)


def assert_refused(server: MockServer, actions: dict[str, Any], message: str, pointer: str) -> None:
    with pytest.raises(DefinitionError) as raised:
        define(server, actions)
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
    # a SetVariable reading another variable, an Increment adding to its own, and a copy made
    # through a second variable (the users' workaround) load and run
    run = run_of(
        reqres_server,
        {
            "Init": INIT_TOTAL,
            "Copy": {
                "type": "InitializeVariable",
                "inputs": {"variables": [{"name": "copy", "type": "integer", "value": 0}]},
                "runAfter": {"Init": ["Succeeded"]},
            },
            "Set_copy": {
                "type": "SetVariable",
                "inputs": {"name": "copy", "value": "@add(variables('total'), 1)"},
                "runAfter": {"Copy": ["Succeeded"]},
            },
            "Add": {
                "type": "IncrementVariable",
                "inputs": {"name": "total", "value": "@variables('copy')"},
                "runAfter": {"Set_copy": ["Succeeded"]},
            },
        },
    )
    assert run.variables == {"total": 3, "copy": 2}


# -- an action reads only what runs before it ---------------------------------------------------
# The save error, as a Power Automate user's refused save (2026) quotes it; which shapes the
# cloud refuses: tomdam/flowforger's validator tests of conformance/save-rules/runafter-path.

OFF_PATH = (
    "The template validation failed: 'The inputs of template action '{x}' cannot reference "
    "action '{y}'. Action '{y}' must either be in 'runAfter' path or within a scope action on "
    "the 'runAfter' path of action '{x}', or be a Trigger.'."
)


def scope(actions: dict[str, Any], after: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"type": "Scope", "actions": actions, "runAfter": after or {}}


@pytest.mark.parametrize(
    ("actions", "message", "pointer"),
    [
        pytest.param(
            {"A": compose(1), "B": compose("@outputs('A')")},
            OFF_PATH.format(x="B", y="A"),
            "/actions/B/inputs",
            id="parallel-branch",
        ),
        pytest.param(
            {
                "A": compose(1),
                "B": compose(2),
                "C": compose("@body('b')", {"A": ["Succeeded"]}),  # names match in any case
            },
            OFF_PATH.format(x="C", y="b"),
            "/actions/C/inputs",
            id="join-lists-one-branch",
        ),
        pytest.param(
            {"A": compose("@outputs('A')")},
            "The template validation failed: 'The inputs of template action 'A' cannot "
            "reference itself.'.",
            "/actions/A/inputs",
            id="itself",
        ),
        pytest.param(
            {"S": scope({"Inner": compose("@result('S')")})},
            OFF_PATH.format(x="Inner", y="S"),
            "/actions/S/actions/Inner/inputs",
            id="the-scope-it-is-in",
        ),
        pytest.param(
            {
                "I": {
                    "type": "If",
                    "expression": "@true",
                    "actions": {"T": compose(1)},
                    "else": {"actions": {"E": compose("@outputs('T')")}},
                }
            },
            OFF_PATH.format(x="E", y="T"),
            "/actions/I/else/actions/E/inputs",
            id="the-other-branch",
        ),
        pytest.param(
            {"S": scope({"Inner": compose(1)}), "C": compose("@outputs('Inner')")},
            OFF_PATH.format(x="C", y="Inner"),
            "/actions/C/inputs",
            id="inside-a-parallel-scope",
        ),
        pytest.param(
            {
                "L": {
                    "type": "Foreach",
                    "foreach": "@createArray(outputs('Inner'))",
                    "actions": {"Inner": compose(1)},
                }
            },
            "The template validation failed: 'The 'foreach' of template action 'L' cannot "
            "reference action 'Inner'. Action 'Inner' must either be in 'runAfter' path or "
            "within a scope action on the 'runAfter' path of action 'L', or be a Trigger.'.",
            "/actions/L/foreach",
            id="a-foreach-its-own-body",
        ),
    ],
)
def test_reading_an_action_off_the_run_after_path_is_refused(
    reqres_server: MockServer, actions: dict[str, Any], message: str, pointer: str
) -> None:
    assert_refused(reqres_server, actions, message, pointer)


def test_reading_what_runs_before_loads(reqres_server: MockServer) -> None:
    run = run_of(
        reqres_server,
        {
            "A": compose(1),
            "B": compose(2, {"A": ["Succeeded"]}),
            "C": compose("@add(outputs('A'), outputs('B'))", {"B": ["Succeeded"]}),  # transitive
            "S1": scope({"X": compose(3)}, {"C": ["Succeeded"]}),
            # inside a scope: what the scope runs after, and what those hold
            "S2": scope(
                {"Y": compose("@concat(outputs('X'), outputs('A'), length(result('S1')))")},
                {"S1": ["Succeeded"]},
            ),
            "J": compose(4),
            "Join": compose("@add(outputs('J'), outputs('C'))", {"J": [], "S2": ["Succeeded"]}),
            "U": {
                "type": "Until",
                "expression": "@equals(outputs('Step'), 1)",  # an Until reads its body
                "limit": {"count": 2},
                "actions": {"Step": compose(1)},
                "runAfter": {"Join": ["Succeeded"]},
            },
            "T": {
                "type": "Compose",
                "inputs": 5,
                "runAfter": {"U": ["Succeeded"]},
                "trackedProperties": {"own": "@outputs('T')"},  # not checked there
            },
        },
    )
    assert run.actions["Y"].outputs == "311"
    assert run.actions["Join"].outputs == 7


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


# -- a reference without the name it needs ------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (
            "@concat(body(), 'x')",
            "The template language function 'body' must have at least one parameter.",
        ),
        (
            "id: @{items()}",
            "The template language function 'items' must have at least one parameter.",
        ),
        (
            "@variables(1)",
            "The provided parameters for template language function 'variables' are not valid.",
        ),
        (
            "@Outputs(null)",
            "The provided parameters for template language function 'Outputs' are not valid.",
        ),
    ],
)
def test_a_named_reference_without_its_name_is_refused_on_save(
    reqres_server: MockServer, expression: str, message: str
) -> None:
    # tomdam/flowforger packages/expressions/src/save-checks.ts, measured against the cloud in
    # its conformance/save-rules/expressions.mjs; the function's name as written
    assert_refused(reqres_server, {"A": compose(expression)}, message, "/actions/A/inputs")


def test_other_wrong_arguments_load_and_fail_when_they_run(reqres_server: MockServer) -> None:
    run = run_of(reqres_server, {"A": compose("@add(1)")})  # only a named reference is checked
    assert run.actions["A"].status == "Failed"


# -- the trigger by name; bad input a second look found ------------------------------------------


def test_an_expression_may_read_the_trigger_by_name(reqres_server: MockServer) -> None:
    # "… or be a Trigger" (the save error above); users write body('When_a_HTTP_request_…')
    name = "When_a_HTTP_request_is_received"
    (wf,) = reqres_server.add_definition(
        "by_name",
        {
            "triggers": {name: TRIGGER["manual"]},
            "actions": {
                "A": compose(
                    {
                        "body": "@body('when_a_http_request_is_received')?['n']",
                        "outputs": f"@outputs('{name}')['body']",
                        "record": f"@actions('{name}')['name']",
                    }
                )
            },
        },
    )
    requests.post(wf.callback_url, json={"n": 5}, timeout=10)
    seen = wf.wait_for_runs(1)[0].wait().actions["A"].outputs
    assert seen == {"body": 5, "outputs": {"n": 5}, "record": name}


@pytest.mark.parametrize(
    "actions",
    [
        pytest.param(
            {
                "R1": {"type": "Response", "inputs": {"statusCode": {"a": 1}, "schema": {}}},
                "R2": {
                    "type": "Response",
                    "inputs": {"statusCode": {"a": 1}, "schema": {"type": "string"}},
                    "runAfter": {"R1": ["Failed"]},
                },
            },
            id="status-an-object",
        ),
        pytest.param({"R": {"type": "Response", "inputs": {"statusCode": "²"}}}, id="status-²"),
        pytest.param({"P": {"type": "ParseJson", "inputs": "@triggerBody()"}}, id="parse-text"),
    ],
)
def test_odd_definitions_load_or_are_refused_in_words(
    reqres_server: MockServer, actions: dict[str, Any]
) -> None:
    with contextlib.suppress(DefinitionError):  # in words: no TypeError or AttributeError
        define(reqres_server, actions)


def test_schemas_compare_as_json_values(reqres_server: MockServer) -> None:
    with pytest.raises(DefinitionError, match="must match"):
        define(
            reqres_server,
            {
                "A": {"type": "Response", "inputs": {"schema": {"minimum": 1}}},
                "B": {
                    "type": "Response",
                    "inputs": {"schema": {"minimum": True}},
                    "runAfter": {"A": ["Failed"]},
                },
            },
        )


def test_table_columns_that_are_not_objects_fail_the_action(reqres_server: MockServer) -> None:
    table = {"type": "Table", "inputs": {"from": "@createArray(1)", "format": "CSV"}}
    table["inputs"]["columns"] = ["x"]
    run = run_of(reqres_server, {"T": table})
    assert (run.actions["T"].status, run.actions["T"].error["code"]) == ("Failed", "BadRequest")


def test_what_a_terminate_cancels_on_another_branch_has_code_terminated(
    reqres_server: MockServer,
) -> None:
    run = run_of(
        reqres_server,
        {
            "Long_wait": {
                "type": "Wait",
                "inputs": {"interval": {"count": 1, "unit": "Hour"}},
                "runAfter": {},
            },
            "Stop": {"type": "Terminate", "inputs": {"runStatus": "Cancelled"}, "runAfter": {}},
        },
    )
    wait = run.actions["Long_wait"]
    assert (wait.status, wait.code, wait.error) == ("Cancelled", "Terminated", None)


def test_an_action_named_like_the_trigger_is_read_as_the_action(reqres_server: MockServer) -> None:
    run = run_of(
        reqres_server,
        {
            "manual": compose(7),
            "B": compose("@outputs('MANUAL')", {"manual": ["Succeeded"]}),
        },
    )
    assert run.actions["B"].outputs == 7
    assert_refused(
        reqres_server,
        {"manual": compose("@body('manual')")},
        "The template validation failed: 'The inputs of template action 'manual' cannot "
        "reference itself.'.",
        "/actions/manual/inputs",
    )
