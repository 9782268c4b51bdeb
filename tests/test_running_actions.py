"""A run's actions while it goes on, through the management API: an action that started and has
not ended is listed ``Running``, with a ``startTime`` and no ``endTime``, ``code`` or
``outputsLink`` (its ``inputsLink`` once its inputs are evaluated), then with its result once it
ended.

Evidence: a Standard run read with ``$expand=properties/actions`` while its Delay (a Wait)
waited, Azure/LogicAppsUX ``__mocks__/runs/MonitoringViewConditional/loadingState.json``: the
run ``Running``; the Delay with ``inputsLink``, ``canResubmit: false``, ``startTime``,
``correlation`` and ``status: Running`` (no ``endTime``, ``code`` or ``outputsLink``); the actions
after it not listed. The designer shows that Delay "In progress"
(``e2e/designer/monitoringView/monitoringView.spec.ts``, "Sanity check for loading state").
A webhook action waiting for its callback is ``Waiting``: "Applies to a webhook action that's
waiting for an inbound request from a caller" (Microsoft Learn, "Monitor workflow run status",
action statuses, https://learn.microsoft.com/azure/logic-apps/monitor-logic-apps;
MicrosoftDocs/azure-docs articles/logic-apps/monitor-logic-apps.md).
No public capture shows a repetition of a running loop: a loop's inner actions and repetitions
are listed once an iteration of them ended, as before.
"""

from __future__ import annotations

import queue
import threading
from typing import TYPE_CHECKING, Any

import pytest
import requests

from reqres_mock import MockServer, RunStatus, ServerThreadError

if TYPE_CHECKING:
    from reqres_mock import Run

WAIT = 10.0
BEARER = {"Authorization": "Bearer any-token"}
CONSUMPTION = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Logic/workflows"
STANDARD = "/runtime/webhooks/workflow/api/management/workflows"


class Caller(threading.Thread):
    """The code under test, calling the workflow while the test looks at its run."""

    def __init__(self, url: str, body: Any = None) -> None:
        super().__init__(daemon=True)
        self.url, self.body = url, body
        self.replies: queue.Queue[requests.Response] = queue.Queue()

    def run(self) -> None:
        self.replies.put(requests.post(self.url, json=self.body or {}, timeout=3 * WAIT))


class Management:
    """GETs of a workflow's runs through ARM's path or the Standard host's own."""

    def __init__(self, server: MockServer, workflow: str, *, standard: bool) -> None:
        self.base = f"{server.url}{STANDARD if standard else CONSUMPTION}/{workflow}"

    def get(self, path: str, **query: str) -> Any:
        reply = requests.get(
            f"{self.base}{path}",
            params={"api-version": "2019-05-01", **query},
            headers=BEARER,
            timeout=WAIT,
        )
        assert reply.status_code == 200, (path, reply.text)
        return reply.json()

    def actions(self, run: Run) -> dict[str, dict[str, Any]]:
        """``runs/<id>/actions``: each action's properties by name."""
        listed = self.get(f"/runs/{run.id}/actions")["value"]
        return {action["name"]: action["properties"] for action in listed}


def held(server: MockServer, name: str, document: dict[str, Any], action: str) -> Any:
    """Load ``document``; stub ``action`` with a handler that waits until the test releases it.
    Returns the workflow, the event the handler sets when reached and the one it waits on."""
    reached, release = threading.Event(), threading.Event()

    def hold(inputs: Any) -> dict[str, Any]:
        reached.set()
        release.wait(WAIT)
        return {"statusCode": 200, "headers": {}, "body": {"held": True}}

    (wf,) = server.add_definition(name, document)
    wf.stub_action(action, handler=hold)
    return wf, reached, release


STEPS: dict[str, Any] = {
    "triggers": {"manual": {"type": "Request", "kind": "Http"}},
    "actions": {
        "Prepare": {"type": "Compose", "inputs": {"step": 1}, "runAfter": {}},
        "Call_backend": {
            "type": "Http",
            "inputs": {"method": "POST", "uri": "https://backend.example/orders", "body": "@1"},
            "runAfter": {"Prepare": ["Succeeded"]},
        },
        "Response": {
            "type": "Response",
            "inputs": {
                "statusCode": 200,
                "headers": {"Content-Type": "application/json"},
                "body": "@body('Call_backend')",
            },
            "runAfter": {"Call_backend": ["Succeeded"]},
        },
    },
}


@pytest.mark.parametrize("standard", [True, False], ids=["standard-host", "consumption-arm"])
def test_an_action_in_progress_is_listed_running_then_with_its_result(reqres_server, standard):
    """While a stubbed Http action's handler holds it, the actions list, the action and the run
    expanded with its actions show it Running; once released, Succeeded with its end."""
    wf, reached, release = held(reqres_server, "steps", STEPS, "Call_backend")
    api = Management(reqres_server, "steps", standard=standard)
    caller = Caller(wf.callback_url)
    caller.start()
    try:
        assert reached.wait(WAIT)
        (run,) = wf.runs
        actions = api.actions(run)
        assert list(actions) == ["Prepare", "Call_backend"]  # Response has not started
        assert actions["Prepare"]["status"] == "Succeeded"
        running = actions["Call_backend"]
        assert running["status"] == "Running"
        assert "startTime" in running
        for absent in ("endTime", "code", "outputsLink", "error"):
            assert absent not in running, absent
        # its inputs were evaluated before the call: linked, as the running Delay's are
        inputs = requests.get(running["inputsLink"]["uri"], timeout=WAIT).json()
        assert inputs["uri"] == "https://backend.example/orders"
        if standard:
            assert running["canResubmit"] is False  # as on the captured running Delay
            assert actions["Prepare"]["canResubmit"] is True
        one = api.get(f"/runs/{run.id}/actions/Call_backend")
        assert one["properties"] == running
        expanded = api.get(f"/runs/{run.id}", **{"$expand": "properties/actions"})
        assert expanded["properties"]["status"] == "Running"
        assert expanded["properties"]["actions"]["Call_backend"] == running
        assert "Response" not in expanded["properties"]["actions"]
    finally:
        release.set()
        caller.join(WAIT)
    assert caller.replies.get(timeout=WAIT).json() == {"held": True}
    run.wait(WAIT)
    ended = api.actions(run)
    assert [(name, p["status"]) for name, p in ended.items()] == [
        ("Prepare", "Succeeded"),
        ("Call_backend", "Succeeded"),
        ("Response", "Succeeded"),
    ]
    call = ended["Call_backend"]
    assert call["startTime"] == running["startTime"]  # the same action, now ended
    assert call["code"] == "OK"
    assert call["endTime"] >= call["startTime"]
    assert requests.get(call["outputsLink"]["uri"], timeout=WAIT).json()["body"] == {"held": True}


#: A Scope around a Wait of an hour (nothing but a cancel ends it) beside a probe the test
#: holds: the probe runs only once the Wait waits (a branch gives the run up only while it
#: blocks; the first in the definition's order goes first).
PAUSED: dict[str, Any] = {
    "triggers": {"manual": {"type": "Request", "kind": "Http"}},
    "actions": {
        "Pause": {
            "type": "Scope",
            "actions": {
                "Delay": {
                    "type": "Wait",
                    "inputs": {"interval": {"count": 1, "unit": "Hour"}},
                    "runAfter": {},
                }
            },
            "runAfter": {},
        },
        "Probe": {
            "type": "Http",
            "inputs": {"method": "GET", "uri": "https://probe.example/"},
            "runAfter": {},
        },
        "After": {"type": "Compose", "inputs": "late", "runAfter": {"Pause": ["Succeeded"]}},
    },
}


def test_a_wait_and_the_scope_around_it_are_running_while_it_waits(reqres_server):
    """The Wait shows its inputs while it waits, as the captured running Delay does; the Scope
    holding it has started and not ended either; the admin JSON API shows the same."""
    wf, reached, release = held(reqres_server, "paused", PAUSED, "Probe")
    api = Management(reqres_server, "paused", standard=False)
    caller = Caller(wf.callback_url)
    caller.start()
    try:
        assert caller.replies.get(timeout=WAIT).status_code == 202  # no Response: 202 at once
        assert reached.wait(WAIT)  # the Delay waits
        (run,) = wf.runs
        actions = api.actions(run)
        assert {name: p["status"] for name, p in actions.items()} == {
            "Pause": "Running",
            "Delay": "Running",
            "Probe": "Running",
        }
        assert "inputsLink" not in actions["Pause"]  # a Scope has no inputs
        delay = requests.get(actions["Delay"]["inputsLink"]["uri"], timeout=WAIT).json()
        assert delay == {"interval": {"count": 1, "unit": "Hour"}}
        assert run.actions["Delay"].status == "Running"
        assert run.actions["Delay"].end_time is None
        shown = requests.get(f"{reqres_server.url}/_reqres/runs/{run.id}", timeout=WAIT).json()
        admin = {a["name"]: a for a in shown["actions"]}
        assert [admin[n]["status"] for n in ("Pause", "Delay", "Probe")] == ["Running"] * 3
        assert admin["Delay"]["endTime"] is None and admin["Delay"]["durationMs"] is None
        assert admin["Delay"]["inputs"] == delay
        assert run.cancel()
    finally:
        for each in wf.runs:  # whatever failed above, no Wait of an hour outlives the test
            each.cancel()
        release.set()
        caller.join(WAIT)
    # Run workers end as soon as no run is queued: joining them waits for the cancelled run's
    # last actions to be recorded (a cancelled run ends before its actions do).
    for worker in [t for t in threading.enumerate() if t.name == "reqres-mock-run"]:
        worker.join(WAIT)
    statuses = {name: p["status"] for name, p in api.actions(run).items()}
    assert "Running" not in statuses.values()
    assert statuses["After"] == "Cancelled"
    assert run.status is RunStatus.CANCELLED


SUBSCRIBE = "https://hooks.example.com/subscribe"

APPROVAL: dict[str, Any] = {
    "triggers": {"manual": {"type": "Request", "kind": "Http"}},
    "actions": {
        "Wait_for_approval": {
            "type": "HttpWebhook",
            "inputs": {
                "subscribe": {
                    "method": "POST",
                    "uri": SUBSCRIBE,
                    "body": {"callbackUrl": "@{listCallbackUrl()}"},
                }
            },
            "runAfter": {},
        },
        "Response": {
            "type": "Response",
            "inputs": {
                "statusCode": 200,
                "headers": {"Content-Type": "application/json"},
                "body": "@body('Wait_for_approval')",
            },
            "runAfter": {"Wait_for_approval": ["Succeeded"]},
        },
    },
}


def test_a_webhook_action_waiting_for_its_callback_is_waiting(reqres_server):
    """A test polling the run while the HTTP Webhook action waits for its callback sees it
    Waiting (Microsoft Learn's action statuses) with its subscribe inputs; after the callback,
    Succeeded with the callback as its outputs."""
    (wf,) = reqres_server.add_definition("approvals", APPROVAL)
    wf.stub_http(method="POST", url=SUBSCRIBE, status=201)
    api = Management(reqres_server, "approvals", standard=True)
    caller = Caller(wf.callback_url)
    caller.start()
    try:
        hook = wf.wait_for_webhook("Wait_for_approval", timeout=WAIT)
        (run,) = wf.runs
        waiting = api.actions(run)
        assert list(waiting) == ["Wait_for_approval"]
        action = waiting["Wait_for_approval"]
        assert action["status"] == "Waiting"
        for absent in ("endTime", "code", "outputsLink"):
            assert absent not in action, absent
        assert action["canResubmit"] is False
        assert run.actions["Wait_for_approval"].status == "Waiting"
        inputs = requests.get(action["inputsLink"]["uri"], timeout=WAIT).json()
        assert inputs["subscribe"]["body"] == {"callbackUrl": hook.callback_url}
        called = requests.post(hook.callback_url, json={"approved": True}, timeout=WAIT)
        assert called.status_code == 200
        assert caller.replies.get(timeout=WAIT).json() == {"approved": True}
    finally:
        caller.join(WAIT)
    run.wait(WAIT)
    ended = api.actions(run)
    assert [(n, p["status"]) for n, p in ended.items()] == [
        ("Wait_for_approval", "Succeeded"),
        ("Response", "Succeeded"),
    ]
    assert ended["Wait_for_approval"]["startTime"] == action["startTime"]


LOOP: dict[str, Any] = {
    "triggers": {"manual": {"type": "Request", "kind": "Http"}},
    "actions": {
        "Each": {
            "type": "Foreach",
            "foreach": "@triggerBody()['items']",
            "operationOptions": "Sequential",
            "actions": {
                "Call": {
                    "type": "Http",
                    "inputs": {
                        "method": "POST",
                        "uri": "https://backend.example/",
                        "body": "@item()",
                    },
                }
            },
            "runAfter": {},
        }
    },
}


def test_a_running_loop_is_running_and_its_iterations_show_once_they_end(reqres_server):
    """The Foreach that started is Running. Inside it, what a running iteration looks like has
    no public capture: an inner action and its repetitions are listed once an iteration of it
    ended (the mock's behaviour before running actions were listed)."""
    reached = [threading.Event(), threading.Event()]
    release = [threading.Event(), threading.Event()]

    def hold(inputs: Any) -> dict[str, Any]:
        index = inputs["body"]
        reached[index].set()
        release[index].wait(WAIT)
        return {"statusCode": 200, "headers": {}, "body": index}

    (wf,) = reqres_server.add_definition("loop", LOOP)
    wf.stub_action("Call", handler=hold)
    api = Management(reqres_server, "loop", standard=False)
    caller = Caller(wf.callback_url, {"items": [0, 1]})
    caller.start()
    try:
        assert caller.replies.get(timeout=WAIT).status_code == 202
        assert reached[0].wait(WAIT)  # the first iteration's Call is in progress
        (run,) = wf.runs
        assert {n: p["status"] for n, p in api.actions(run).items()} == {"Each": "Running"}
        release[0].set()
        assert reached[1].wait(WAIT)  # the first iteration ended; the second's Call runs
        actions = api.actions(run)
        assert {n: p["status"] for n, p in actions.items()} == {
            "Each": "Running",
            "Call": "Succeeded",  # its first iteration's record
        }
        repetitions = api.get(f"/runs/{run.id}/actions/Call/repetitions")["value"]
        assert [r["name"] for r in repetitions] == ["000000"]
        assert repetitions[0]["properties"]["status"] == "Succeeded"
    finally:
        for event in release:
            event.set()
        caller.join(WAIT)
    run.wait(WAIT)
    assert {n: p["status"] for n, p in api.actions(run).items()} == {
        "Each": "Succeeded",
        "Call": "Succeeded",
    }
    repetitions = api.get(f"/runs/{run.id}/actions/Call/repetitions")["value"]
    assert [r["name"] for r in repetitions] == ["000000", "000001"]


def test_an_error_that_ends_the_run_leaves_no_action_running():
    """A stub's handler that raises ends the run (Failed, the error re-raised in the test):
    the action it held is not left Running in the failed run's history."""

    def explode(inputs: Any) -> dict[str, Any]:
        raise RuntimeError("the stub broke")

    with MockServer() as server:
        (wf,) = server.add_definition("steps", STEPS)
        wf.stub_action("Call_backend", handler=explode)
        reply = requests.post(wf.callback_url, json={}, timeout=WAIT)
        assert reply.status_code == 502
        run = wf.wait_for_runs(1)[0].wait(WAIT)
        with pytest.raises(ServerThreadError, match="the stub broke"):
            server.check()
        assert run.status is RunStatus.FAILED
        assert {name: r.status for name, r in run.actions.items()} == {"Prepare": "Succeeded"}
        listed = Management(server, "steps", standard=True).actions(run)
        assert {name: p["status"] for name, p in listed.items()} == {"Prepare": "Succeeded"}
