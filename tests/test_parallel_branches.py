"""Parallel branches run at the same time, as Logic Apps runs them: "To organize actions into
separate branches and run those branches at the same time, create parallel branches"
(https://learn.microsoft.com/azure/logic-apps/logic-apps-control-flow-branches). While one
branch waits (a stub's handler, a Wait, a retry's delay), another goes on, and a Response on it
answers the caller at once. A run whose branches never wait runs its actions in the order of a
sequential run; a Terminate ends the run and cancels what other branches were doing ("cancels
any actions in progress, skips any remaining actions",
https://learn.microsoft.com/azure/logic-apps/logic-apps-workflow-actions-triggers#terminate-action).

Every wait here is bounded by an event; a test that would hang on a sequential runner fails
on its timeout instead.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
import requests

from reqres_mock import MockServer, RunStatus, ServerThreadError

JSON = {"Content-Type": "application/json"}
WAIT = 5.0  # seconds any event of these tests may take


def define(server: MockServer, actions: dict[str, Any], name: str = "wf") -> Any:
    document = {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": actions,
    }
    (wf,) = server.add_definition(name, document)
    return wf


def stubbed(run_after: dict[str, Any] | None = None) -> dict[str, Any]:
    """An Http action (answered by ``stub_action`` in the test)."""
    return {
        "type": "Http",
        "inputs": {"method": "GET", "uri": "https://example.com/slow"},
        "runAfter": run_after or {},
    }


def compose(value: Any, run_after: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": "Compose", "inputs": value, "runAfter": run_after or {}}


def respond(body: Any, run_after: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "Response",
        "inputs": {"statusCode": 200, "headers": JSON, "body": body},
        "runAfter": run_after or {},
    }


def held_until(release: threading.Event, entered: threading.Event | None = None) -> Any:
    def handler(inputs: Any) -> dict[str, Any]:
        if entered is not None:
            entered.set()
        assert release.wait(WAIT), "the test never released the stub"
        return {"statusCode": 200, "body": {"slow": True}}

    return handler


def test_response_on_one_branch_answers_while_the_other_waits(reqres_server):
    # Slow comes first in the definition: run one branch after the other, the caller would
    # wait for it.
    wf = define(
        reqres_server,
        {
            "Slow": stubbed(),
            "Reply": respond({"answered": True}),
            "Join": compose("@body('Slow')", {"Slow": ["Succeeded"], "Reply": ["Succeeded"]}),
        },
    )
    release, entered = threading.Event(), threading.Event()
    wf.stub_action("Slow", handler=held_until(release, entered))
    try:
        reply = requests.post(wf.callback_url, json={}, timeout=WAIT)
        assert reply.status_code == 200
        assert reply.json() == {"answered": True}
        assert entered.is_set()
        run = wf.wait_for_runs(1)[0]
        assert run.status is RunStatus.RUNNING  # Slow still waits
    finally:
        release.set()
    run.wait(WAIT)
    assert run.status is RunStatus.SUCCEEDED
    assert {n: a.status for n, a in run.actions.items()} == {
        "Slow": "Succeeded",
        "Reply": "Succeeded",
        "Join": "Succeeded",
    }
    assert run.actions["Join"].outputs == {"slow": True}


def test_both_branches_are_in_flight_at_once(reqres_server):
    # Each branch's stub waits for the other's to have started: only branches that run at
    # the same time get through.
    left_in, right_in = threading.Event(), threading.Event()

    def meet(mine: threading.Event, theirs: threading.Event) -> Any:
        def handler(inputs: Any) -> dict[str, Any]:
            mine.set()
            return {"statusCode": 200 if theirs.wait(WAIT) else 500, "body": None}

        return handler

    wf = define(
        reqres_server,
        {
            "Left": stubbed(),
            "Right": stubbed(),
            "Reply": respond("done", {"Left": ["Succeeded"], "Right": ["Succeeded"]}),
        },
    )
    wf.stub_action("Left", handler=meet(left_in, right_in))
    wf.stub_action("Right", handler=meet(right_in, left_in))
    reply = requests.post(wf.callback_url, json={}, timeout=3 * WAIT)
    assert reply.status_code == 200
    assert reply.text == "done"  # a string body goes as it is


def test_branches_that_never_wait_keep_the_sequential_order(reqres_server):
    # A -> (B, C); B -> D; C -> E: level by level, in definition order. Each action appends
    # its name; a zero Wait on a branch makes the run one that may wait.
    def step(name: str, after: str | None) -> dict[str, Any]:
        return {
            "type": "AppendToArrayVariable",
            "inputs": {"name": "trail", "value": name},
            "runAfter": {after: ["Succeeded"]} if after else {"Init": ["Succeeded"]},
        }

    actions = {
        "Init": {
            "type": "InitializeVariable",
            "inputs": {"variables": [{"name": "trail", "type": "array", "value": []}]},
            "runAfter": {},
        },
        "A": step("A", None),
        "B": step("B", "A"),
        "C": step("C", "A"),
        "Pause": {
            "type": "Wait",
            "inputs": {"interval": {"count": 0, "unit": "Second"}},
            "runAfter": {"A": ["Succeeded"]},
        },
        "D": step("D", "B"),
        "E": step("E", "C"),
        "Reply": respond(
            "@variables('trail')",
            {"D": ["Succeeded"], "E": ["Succeeded"], "Pause": ["Succeeded"]},
        ),
    }
    wf = define(reqres_server, actions)
    for _ in range(5):
        reply = requests.post(wf.callback_url, json={}, timeout=WAIT)
        assert reply.json() == ["A", "B", "C", "D", "E"]


def test_terminate_cancels_what_another_branch_is_doing(reqres_server):
    wf = define(
        reqres_server,
        {
            "Long_wait": {
                "type": "Wait",
                "inputs": {"interval": {"count": 1, "unit": "Hour"}},
                "runAfter": {},
            },
            "After_wait": compose("never", {"Long_wait": ["Succeeded"]}),
            "Stop": {
                "type": "Terminate",
                "inputs": {"runStatus": "Failed", "runError": {"code": "Gone", "message": "x"}},
                "runAfter": {},
            },
        },
    )
    assert requests.post(wf.callback_url, json={}, timeout=WAIT).status_code == 202
    run = wf.wait_for_runs(1)[0].wait(WAIT)
    assert run.status is RunStatus.FAILED
    assert run.failure == {"code": "Gone", "message": "x"}
    statuses = {n: a.status for n, a in run.actions.items()}
    assert statuses == {"Long_wait": "Cancelled", "After_wait": "Skipped", "Stop": "Succeeded"}


def test_terminate_inside_a_scope_cancels_that_scope_and_the_other(
    reqres_server,
):
    # Held can only end when the Terminate ends the run (its wait is an hour).
    wf = define(
        reqres_server,
        {
            "Other": {
                "type": "Scope",
                "actions": {
                    "Held": {
                        "type": "Wait",
                        "inputs": {"interval": {"count": 1, "unit": "Hour"}},
                    }
                },
                "runAfter": {},
            },
            "Outer": {
                "type": "Scope",
                "actions": {
                    "Stop": {"type": "Terminate", "inputs": {"runStatus": "Cancelled"}},
                },
                "runAfter": {},
            },
        },
    )
    requests.post(wf.callback_url, json={}, timeout=WAIT)
    run = wf.wait_for_runs(1)[0].wait(WAIT)
    assert run.status is RunStatus.CANCELLED
    statuses = {n: a.status for n, a in run.actions.items()}
    # the scope around the Terminate ends Cancelled, code Terminated (tomdam/flowforger
    # packages/engine/src/__tests__: "cancels the blocks around it", measured against the
    # cloud in conformance/flows/control.ff.ts)
    assert (statuses["Outer"], run.actions["Outer"].code) == ("Cancelled", "Terminated")
    assert statuses["Other"] == "Cancelled"
    assert statuses["Held"] == "Cancelled"


def test_a_scope_ends_before_a_later_branch_goes_on(reqres_server):
    # Outer's own branches and Loop's iterations run as strands; when they end, Outer and
    # Loop (before B in a sequential run) must be done before B runs: the trail shows it (B
    # may not read them: they are not on its runAfter path, which the cloud refuses on save).
    # Nothing waits (the stub is static), so every run is the same.
    def append(value: str, after: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "type": "AppendToArrayVariable",
            "inputs": {"name": "trail", "value": value},
            "runAfter": after if after is not None else {},
        }

    init = {"Init": ["Succeeded"]}
    wf = define(
        reqres_server,
        {
            "Init": {
                "type": "InitializeVariable",
                "inputs": {"variables": [{"name": "trail", "type": "array", "value": []}]},
                "runAfter": {},
            },
            "Outer": {
                "type": "Scope",
                "actions": {"X": append("X"), "Y": append("Y")},
                "runAfter": init,
            },
            "Loop": {
                "type": "Foreach",
                "foreach": "@createArray(1, 2, 3)",
                "actions": {"Each": append("@{items('Loop')}")},
                "runAfter": init,
            },
            "B": append("B", init),
            "Call": stubbed(init),
            "Done": {**append("Done"), "runAfter": {"Outer": ["Succeeded"], "B": ["Succeeded"]}},
            "Reply": respond(
                "@variables('trail')",
                {"Done": ["Succeeded"], "Loop": ["Succeeded"], "Call": ["Succeeded"]},
            ),
        },
    )
    wf.stub_action("Call", status=200, body=None)
    for _ in range(30):
        reply = requests.post(wf.callback_url, json={}, timeout=WAIT)
        assert reply.json() == ["X", "Y", "1", "2", "3", "B", "Done"]


def test_an_error_on_a_branch_reaches_the_test_even_after_a_terminate():
    def broken(inputs: Any) -> dict[str, Any]:
        raise AssertionError("the test's check in the stub failed")

    with MockServer() as server:
        wf = define(
            server,
            {
                "Call": stubbed(),
                "Stop": {"type": "Terminate", "inputs": {"runStatus": "Succeeded"}},
            },
        )
        wf.stub_action("Call", handler=broken)
        requests.post(wf.callback_url, json={}, timeout=WAIT)
        wf.wait_for_runs(1)[0].wait(WAIT)
        with pytest.raises(ServerThreadError, match="the test's check in the stub failed"):
            server.check()


def test_branches_inside_a_loop_see_their_own_item(reqres_server):
    wf = define(
        reqres_server,
        {
            "Loop": {
                "type": "Foreach",
                "foreach": "@triggerBody()",
                "operationOptions": "Sequential",
                "actions": {
                    "Pause": {
                        "type": "Wait",
                        "inputs": {"interval": {"count": 0, "unit": "Second"}},
                    },
                    "Left": compose("@items('Loop')", {"Pause": ["Succeeded"]}),
                    "Right": compose("@iterationIndexes('Loop')"),
                },
                "runAfter": {},
            },
            "Reply": respond("ok", {"Loop": ["Succeeded"]}),
        },
    )
    assert requests.post(wf.callback_url, json=["x", "y", "z"], timeout=WAIT).text == "ok"
    run = wf.wait_for_runs(1)[0].wait(WAIT)
    assert [r.outputs for r in run.actions["Left"].repetitions] == ["x", "y", "z"]
    assert [r.outputs for r in run.actions["Right"].repetitions] == [0, 1, 2]


def test_an_error_on_one_branch_ends_the_run_as_it_would_alone():
    def explode(inputs: Any) -> dict[str, Any]:
        raise RuntimeError("the stub broke")

    outcomes = []
    for actions in (
        {"Broken": stubbed(), "Reply": respond("x", {"Broken": ["Succeeded"]})},
        {"Broken": stubbed(), "Reply": respond("x"), "Other": compose(1)},
    ):
        with MockServer() as server:
            wf = define(server, actions)
            wf.stub_action("Broken", handler=explode)
            reply = requests.post(wf.callback_url, json={}, timeout=WAIT)
            run = wf.wait_for_runs(1)[0].wait(WAIT)
            with pytest.raises(ServerThreadError, match="the stub broke"):
                server.check()
            outcomes.append((reply.status_code, reply.json()["error"]["code"], run.status))
    assert outcomes[0] == outcomes[1] == (502, "NoResponse", RunStatus.FAILED)


def test_no_branch_thread_outlives_its_run():
    with MockServer() as server:
        release = threading.Event()
        wf = define(server, {"Slow": stubbed(), "Reply": respond("x"), "Other": stubbed()})
        wf.stub_action("Slow", handler=held_until(release))
        wf.stub_action("Other", handler=held_until(release))
        assert requests.post(wf.callback_url, json={}, timeout=WAIT).status_code == 200
        assert any(t.name.endswith("-branch") for t in threading.enumerate())
        release.set()
        wf.wait_for_runs(1)[0].wait(WAIT)
        # The run ended once its strands were joined.
        assert not any(t.name.endswith("-branch") for t in threading.enumerate())


# -- Foreach iterations -------------------------------------------------------------------------
# "By default, the cycles in a "For each" loop run at the same time, or in parallel ... up to 20
# at a time"; operationOptions "Sequential" or runtimeConfiguration.concurrency.repetitions
# (1 to 50) change that (https://learn.microsoft.com/azure/logic-apps/logic-apps-control-flow-loops,
# https://learn.microsoft.com/azure/logic-apps/logic-apps-limits-and-config#looping-debatching-limits).


def loop(body: dict[str, Any], **options: Any) -> dict[str, Any]:
    return {
        "Loop": {
            "type": "Foreach",
            "foreach": "@triggerBody()",
            "actions": body,
            "runAfter": {},
            **options,
        },
        "Reply": respond("@length(triggerBody())", {"Loop": ["Succeeded", "Failed"]}),
    }


def per_item(action: dict[str, Any]) -> dict[str, Any]:
    """``action`` with the iteration's item in its URI (what its stub's handler sees)."""
    return {**action, "inputs": {**action["inputs"], "uri": "https://example.com/@{items('Loop')}"}}


def item_of(inputs: Any) -> int:
    return int(str(inputs["uri"]).rsplit("/", 1)[1])


def test_iterations_run_at_the_same_time_by_default(reqres_server):
    entered = [threading.Event() for _ in range(3)]

    def handler(inputs: Any) -> dict[str, Any]:
        mine = item_of(inputs)
        entered[mine].set()
        others = all(e.wait(WAIT) for e in entered)
        return {"statusCode": 200 if others else 500, "body": mine}

    wf = define(reqres_server, loop({"Call": per_item(stubbed())}))
    wf.stub_action("Call", handler=handler)
    assert requests.post(wf.callback_url, json=[0, 1, 2], timeout=3 * WAIT).text == "3"
    run = wf.wait_for_runs(1)[0].wait(WAIT)
    assert run.actions["Loop"].status == "Succeeded"
    calls = run.actions["Call"].repetitions
    assert [(r.iteration_indexes, r.outputs["body"]) for r in calls] == [
        ((0,), 0),
        ((1,), 1),
        ((2,), 2),
    ]


def test_an_iteration_reads_its_own_actions_results(reqres_server):
    # Iteration 1 calls first; iteration 0 calls, reads and marks; only then does iteration
    # 1 read body('Call'): its own call's body, not the one that ended last.
    second_called, first_marked = threading.Event(), threading.Event()

    def call(inputs: Any) -> dict[str, Any]:
        if item_of(inputs) == 0:
            second_called.wait(WAIT)
        else:
            second_called.set()
        return {"statusCode": 200, "body": item_of(inputs)}

    def hold(inputs: Any) -> dict[str, Any]:
        if item_of(inputs) == 1:
            first_marked.wait(WAIT)
        return {"statusCode": 200, "body": None}

    def mark(inputs: Any) -> dict[str, Any]:
        if item_of(inputs) == 0:
            first_marked.set()
        return {"statusCode": 200, "body": None}

    wf = define(
        reqres_server,
        loop(
            {
                "Call": per_item(stubbed()),
                "Hold": per_item(stubbed({"Call": ["Succeeded"]})),
                "Seen": compose("@body('Call')", {"Hold": ["Succeeded"]}),
                "Mark": per_item(stubbed({"Seen": ["Succeeded"]})),
            }
        ),
    )
    for name, handler in (("Call", call), ("Hold", hold), ("Mark", mark)):
        wf.stub_action(name, handler=handler)
    requests.post(wf.callback_url, json=[0, 1], timeout=3 * WAIT)
    run = wf.wait_for_runs(1)[0].wait(WAIT)
    assert second_called.is_set() and first_marked.is_set()
    assert [r.outputs for r in run.actions["Seen"].repetitions] == [0, 1]


@pytest.mark.parametrize(
    ("options", "degree"),
    [
        ({"runtimeConfiguration": {"concurrency": {"repetitions": 2}}}, 2),
        ({"operationOptions": "Sequential"}, 1),
        (
            {
                "operationOptions": "Sequential",
                "runtimeConfiguration": {"concurrency": {"repetitions": 1}},
            },
            1,
        ),
    ],
)
def test_the_degree_bounds_iterations_in_flight(reqres_server, options, degree):
    items = 4
    entered = [threading.Event() for _ in range(items)]
    release = [threading.Event() for _ in range(items)]
    lock, flight, peak = threading.Lock(), [0], [0]

    def handler(inputs: Any) -> dict[str, Any]:
        mine = item_of(inputs)
        with lock:
            flight[0] += 1
            peak[0] = max(peak[0], flight[0])
        entered[mine].set()
        release[mine].wait(WAIT)
        with lock:
            flight[0] -= 1
        return {"statusCode": 200, "body": mine}

    wf = define(reqres_server, loop({"Call": per_item(stubbed())}, **options))
    wf.stub_action("Call", handler=handler)
    caller = threading.Thread(
        target=requests.post, args=(wf.callback_url,), kwargs={"json": list(range(items))}
    )
    caller.start()
    try:
        for index in range(items):
            assert entered[index].wait(WAIT)
            if index + degree < items:  # the iteration past the degree waits for a free slot
                assert not entered[index + degree].wait(0.05)
            release[index].set()
    finally:
        for event in release:
            event.set()
        caller.join(WAIT)
    wf.wait_for_runs(1)[0].wait(WAIT)
    assert peak[0] == degree


@pytest.mark.parametrize("repetitions", [0, 51, "5", True, None])
def test_repetitions_out_of_range_are_refused(repetitions):
    from reqres_mock import DefinitionError

    with MockServer() as server, pytest.raises(DefinitionError, match="from 1 to 50") as info:
        define(
            server,
            loop(
                {"Each": compose("@items('Loop')")},
                runtimeConfiguration={"concurrency": {"repetitions": repetitions}},
            ),
        )
    assert info.value.pointer == "/actions/Loop/runtimeConfiguration/concurrency/repetitions"
