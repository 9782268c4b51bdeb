"""Runs: deadlines (504), late Responses, 502 NoResponse, gates, delays and the journal."""

from __future__ import annotations

import re
import threading

import pytest
import requests

from reqres_mock import (
    MockServer,
    Response,
    RunStatus,
    ServerThreadError,
    WaitTimeoutError,
)
from reqres_mock.definitions.actions import CompiledWorkflow, compile_graph
from reqres_mock.engine.run import new_run_id


def post_in_background(url: str, results: list, **kwargs) -> threading.Thread:
    thread = threading.Thread(
        target=lambda: results.append(requests.post(url, timeout=10, **kwargs)), daemon=True
    )
    thread.start()
    return thread


def test_run_ids_have_the_logic_apps_shape_and_are_unique():
    ids = {new_run_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(re.fullmatch(r"\d{29}CU\d{2}", i) for i in ids)


def test_response_not_reached_in_time_is_504_and_the_run_goes_on(reqres_server):
    wf = reqres_server.add_workflow("slow", response=Response(200, body="late"), timeout=0.2)
    gate = wf.gate()
    reply = requests.post(wf.callback_url, timeout=10)
    assert reply.status_code == 504
    run = wf.runs[-1]
    assert reply.json()["error"] == {
        "code": "ResponseTimeout",
        "message": "The server did not receive a timely response from the upstream server. "
        f"Request tracking id '{run.client_tracking_id}'.",
    }
    assert reply.headers["x-ms-workflow-run-id"] == run.id
    assert run.status is RunStatus.RUNNING and not run.done
    gate.release()
    run.wait(timeout=5)
    assert run.status is RunStatus.FAILED, "a late Response fails the run (D3)"
    assert run.responded_late
    assert run.response == wf.response
    assert run.reply is not None and run.reply.status == 504


def test_gate_holds_then_releases_the_response(reqres_server):
    wf = reqres_server.add_workflow("held", response=Response(200, body="done"))
    results: list = []
    with wf.gate() as gate:
        caller = post_in_background(wf.callback_url, results)
        gate.wait_for_held(1, timeout=5)
        assert gate.held == 1
        assert results == []
    caller.join(timeout=5)
    assert results[0].status_code == 200
    assert results[0].text == "done"
    assert not wf.runs[-1].responded_late


def test_server_timeout_applies_when_the_workflow_has_none():
    with MockServer(timeout=0.1) as server:
        wf = server.add_workflow("slow", response=Response(200))
        with wf.gate():
            assert requests.post(wf.callback_url, timeout=10).status_code == 504


def test_response_delay_past_the_deadline_is_504_and_recorded_late(reqres_server):
    wf = reqres_server.add_workflow("slow", response=Response(200, delay=0.3), timeout=0.05)
    assert requests.post(wf.callback_url, timeout=10).status_code == 504
    run = wf.runs[-1].wait(timeout=5)
    assert run.responded_late


def test_response_delay_within_the_deadline_answers(reqres_server):
    wf = reqres_server.add_workflow("slowish", response=Response(200, delay=0.01), timeout=5)
    assert requests.post(wf.callback_url, timeout=10).status_code == 200


def test_callable_that_raises_is_502_and_reraised_in_the_test(reqres_server):
    def broken(run):
        raise RuntimeError("bug in the test's response")

    wf = reqres_server.add_workflow("broken", response=broken)
    reply = requests.post(wf.callback_url, timeout=10)
    assert reply.status_code == 502
    assert reply.headers["x-ms-failure-cause"] == "Trigger"
    run = wf.runs[-1]
    assert reply.json()["error"] == {
        "code": "NoResponse",
        "message": "The server did not receive a response from an upstream server. "
        f"Request tracking id '{run.client_tracking_id}'.",
    }
    assert run.status is RunStatus.FAILED
    assert isinstance(run.error, RuntimeError)
    with pytest.raises(ServerThreadError, match="bug in the test's response") as info:
        reqres_server.check()
    assert isinstance(info.value.__cause__, RuntimeError)
    reqres_server.check()  # collected errors are raised once


def test_callable_returning_none_is_a_run_without_response(reqres_server):
    wf = reqres_server.add_workflow("silent", response=lambda run: None)
    reply = requests.post(wf.callback_url, timeout=10)
    assert reply.status_code == 502
    assert reply.json()["error"]["code"] == "NoResponse"
    reqres_server.check()  # not an error of the test author


def test_callable_returning_a_wrong_type_is_reported(reqres_server):
    wf = reqres_server.add_workflow("wrong", response=lambda run: {"status": 200})
    assert requests.post(wf.callback_url, timeout=10).status_code == 502
    with pytest.raises(ServerThreadError, match="must return a Response or None"):
        reqres_server.check()


def test_wait_for_runs_returns_the_runs(reqres_server):
    wf = reqres_server.add_workflow("orders")
    results: list = []
    callers = [post_in_background(wf.callback_url, results, json={"n": n}) for n in range(3)]
    runs = wf.wait_for_runs(3, timeout=5)
    for caller in callers:
        caller.join(timeout=5)
    assert sorted(r.trigger_outputs["body"]["n"] for r in runs) == [0, 1, 2]


@pytest.mark.reqres(allow_unexpected=True)
def test_wait_for_runs_times_out_with_what_did_arrive(reqres_server):
    wf = reqres_server.add_workflow("orders")
    other = reqres_server.add_workflow("other")
    requests.post(other.callback_url, timeout=5)
    with pytest.raises(WaitTimeoutError) as info:
        wf.wait_for_runs(1, timeout=0.05)
    message = str(info.value)
    assert "expected 1 run(s) of workflow 'orders' within 0.05 s, got 0" in message
    assert "other calls journalled meanwhile" in message
    assert "sig=***" in message


def test_every_call_is_journalled_before_its_reply_is_written(reqres_server):
    """By the time the caller has its reply, the journal already holds the call."""
    wf = reqres_server.add_workflow("orders", response=Response(200))
    for _ in range(20):
        reply = requests.post(wf.callback_url, timeout=5)
        assert any(r.id == reply.headers["x-ms-workflow-run-id"] for r in wf.runs)
    assert len(reqres_server.calls) == 20


def test_run_records_timings_and_reply(reqres_server):
    wf = reqres_server.add_workflow("orders", response=Response(200))
    requests.post(wf.callback_url, timeout=5)
    run = wf.runs[-1].wait()
    assert run.duration is not None and run.duration >= 0
    assert run.ended_at is not None and run.started_at <= run.ended_at
    assert run.summary().startswith("POST /workflows/")
    assert run.summary().endswith("-> 200")


def test_run_wait_times_out_while_held(reqres_server):
    wf = reqres_server.add_workflow("held", response=Response(200), timeout=0.05)
    with wf.gate():
        requests.post(wf.callback_url, timeout=5)
        with pytest.raises(WaitTimeoutError, match="still Running"):
            wf.runs[-1].wait(timeout=0.01)


def test_two_servers_never_see_each_others_runs():
    with MockServer() as one, MockServer() as two:
        a, b = one.add_workflow("orders"), two.add_workflow("orders")
        requests.post(a.callback_url, timeout=5)
        assert len(one.runs) == 1 and two.runs == [] and b.runs == []


def test_cancel_interrupts_a_definition_and_its_later_actions_never_run(reqres_server):
    """A run cancelled during a Wait ends Cancelled; its Response never runs; the caller 502."""
    wf = reqres_server.add_definition(
        "waiting",
        {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {
                "Pause": {"type": "Wait", "inputs": {"interval": {"count": 1, "unit": "Hour"}}},
                "Response": {
                    "type": "Response",
                    "inputs": {"statusCode": 200, "body": "done"},
                    "runAfter": {"Pause": ["Succeeded"]},
                },
            },
        },
    )[0]
    results: list[requests.Response] = []
    caller = post_in_background(wf.callback_url, results)
    (run,) = wf.wait_for_runs(1)
    assert run.cancel() is True
    caller.join(timeout=10)
    assert results[0].status_code == 502
    assert results[0].json()["error"]["code"] == "NoResponse"
    run.wait()
    assert run.status is RunStatus.CANCELLED
    assert run.cancelled
    # The worker notices the cancel within the Wait and records the remaining actions.
    # Run workers end as soon as no run is queued, so joining them waits for that.
    for worker in [t for t in threading.enumerate() if t.name == "reqres-mock-run"]:
        worker.join(timeout=10)
    assert run.actions["Response"].status == "Cancelled"
    # the Wait was running when the cancel came: "The action was running but received a cancel
    # request" (Microsoft Learn, "Monitor workflow run status", action statuses)
    assert run.actions["Pause"].status == "Cancelled"
    assert run.actions["Pause"].error == {"code": "Cancelled", "message": "The run was cancelled."}
    assert run.cancel() is False  # nothing left to cancel


def test_cancel_refuses_ended_and_rejected_calls(reqres_server):
    wf = reqres_server.add_workflow("quick", response=Response(200))
    assert requests.post(wf.callback_url, timeout=10).status_code == 200
    assert wf.runs[0].wait().cancel() is False
    assert requests.post(wf.callback_url + "x", timeout=10).status_code == 401
    assert wf.rejected[0].cancel() is False
    assert wf.runs[0].status is RunStatus.SUCCEEDED


def test_cancelling_an_asynchronous_run_answers_its_pollers_502(reqres_server):
    wf = reqres_server.add_workflow("later", response=Response(200, body="x"), asynchronous=True)
    with wf.gate() as gate:
        accepted = requests.post(wf.callback_url, timeout=10)
        assert accepted.status_code == 202
        gate.wait_for_held(1)
        assert wf.runs[0].cancel() is True
    poll = requests.get(accepted.headers["Location"], timeout=10)
    assert poll.status_code == 502
    assert poll.json()["error"]["code"] == "NoResponse"
    assert wf.runs[0].status is RunStatus.CANCELLED


def _computing(before_response: dict) -> dict:
    return {
        "triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {
            **before_response,
            "Response": {
                "type": "Response",
                "inputs": {"statusCode": 200, "body": "done"},
                "runAfter": {name: ["Succeeded"] for name in before_response},
            },
        },
    }


def test_a_computing_run_past_its_deadline_still_gives_504_and_fails_its_response(reqres_server):
    """Actions that only compute run on the caller's own thread (no hand-off to a worker); a
    Response such a run reaches after the deadline still answers 504 and fails as too late."""
    loop = {
        "Busy": {
            "type": "Foreach",
            "foreach": "@range(0, 5000)",
            "actions": {"Square": {"type": "Compose", "inputs": "@mul(item(), item())"}},
        }
    }
    (wf,) = reqres_server.add_definition("busy", _computing(loop))
    wf.timeout = 0.01  # 5,000 recorded iterations take far longer
    reply = requests.post(wf.callback_url, timeout=30)
    assert reply.status_code == 504
    assert reply.json()["error"]["code"] == "ResponseTimeout"
    run = wf.runs[-1].wait(timeout=30)
    assert run.status is RunStatus.FAILED and run.responded_late
    assert run.actions["Busy"].status == "Succeeded"
    error = run.actions["Response"].error
    assert error is not None and error["code"] == "ActionResponseTimedOut"


def test_an_action_stub_never_holds_the_callers_thread_past_its_deadline(reqres_server):
    """A stub callable may block (tests hold runs this way): its run goes to a worker, so the
    caller gets 504 at the deadline while the stub still waits."""
    (wf,) = reqres_server.add_definition(
        "stubbed", _computing({"Lookup": {"type": "Compose", "inputs": "x"}})
    )
    release = threading.Event()

    def hold(inputs):
        release.wait(10)
        return {"statusCode": 200, "body": inputs}

    wf.stub_action("Lookup", handler=hold)
    wf.timeout = 0.2
    try:
        assert requests.post(wf.callback_url, timeout=10).status_code == 504
        run = wf.runs[-1]
        assert not run.done
    finally:
        release.set()
    run.wait(timeout=10)
    assert run.status is RunStatus.FAILED and run.responded_late


_RESPOND = {"type": "Response", "inputs": {"statusCode": 200}}


def _after(name: str, spec: dict) -> dict:
    return {**spec, "runAfter": {name: ["Succeeded"]}}


@pytest.mark.parametrize(
    ("actions", "stubs", "inline"),
    [
        pytest.param({"Response": _RESPOND}, {}, True, id="response-only"),
        pytest.param(
            {"C": {"type": "Compose", "inputs": 1}, "Response": _after("C", _RESPOND)},
            {},
            True,
            id="compute-then-respond",
        ),
        pytest.param(
            {"C": {"type": "Compose", "inputs": 1}, "Response": _after("C", _RESPOND)},
            {"C": {"statusCode": 200}},
            False,
            id="stubbed-action",
        ),
        pytest.param(
            {"Response": _RESPOND, "C": _after("Response", {"type": "Compose", "inputs": 1})},
            {},
            False,
            id="work-after-the-response",
        ),
        pytest.param(
            {
                "W": {"type": "Wait", "inputs": {"interval": {"count": 1, "unit": "Second"}}},
                "Response": _after("W", _RESPOND),
            },
            {},
            False,
            id="wait",
        ),
        pytest.param(
            {
                "U": {"type": "Until", "expression": "@true()", "actions": {}},
                "Response": _after("U", _RESPOND),
            },
            {},
            False,
            id="until",
        ),
        pytest.param(
            {
                "H": {"type": "Http", "inputs": {"method": "GET", "uri": "https://x.test"}},
                "Response": _after("H", _RESPOND),
            },
            {},
            False,
            id="outbound",
        ),
        pytest.param(
            {
                "If": {
                    "type": "If",
                    "expression": "@true()",
                    "actions": {"Yes": _RESPOND},
                    "else": {"actions": {"No": _RESPOND}},
                }
            },
            {},
            True,
            id="response-in-each-branch",
        ),
        pytest.param(
            {
                "Scope": {
                    "type": "Scope",
                    "actions": {
                        "Response": _RESPOND,
                        "C": _after("Response", {"type": "Compose", "inputs": 1}),
                    },
                }
            },
            {},
            False,
            id="work-after-the-response-in-its-scope",
        ),
        pytest.param(
            {
                "Scope": {"type": "Scope", "actions": {"Response": _RESPOND}},
                "C": _after("Scope", {"type": "Compose", "inputs": 1}),
            },
            {},
            False,
            id="work-after-the-scope-holding-the-response",
        ),
    ],
)
def test_which_definitions_run_on_the_callers_thread(actions, stubs, inline):
    """Only runs that cannot keep the caller waiting, nor hold its reply back, skip the
    worker hand-off: every action computes, none is stubbed, nothing follows the Response."""
    compiled = CompiledWorkflow(graph=compile_graph(actions, "/actions"))
    assert compiled.runs_inline(stubs) is inline
