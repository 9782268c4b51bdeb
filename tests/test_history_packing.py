"""Older runs are kept packed: equal when read, found by id, waited on, and out of the garbage
collector's way (its full collections scanning the run history were the server's latency tail
under load: issue 19)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading

import pytest
import requests

from reqres_mock import MockServer, Response

ECHO = {
    "triggers": {"manual": {"type": "Request", "kind": "Http"}},
    "actions": {
        "Compose": {"type": "Compose", "inputs": {"twice": "@mul(triggerBody()['n'], 2)"}},
        "Response": {
            "type": "Response",
            "runAfter": {"Compose": ["Succeeded"]},
            "inputs": {
                "statusCode": 201,
                "headers": {"Content-Type": "application/json", "x-n": "@{triggerBody()['n']}"},
                "body": "@outputs('Compose')",
            },
        },
    },
}


def facts(run) -> tuple:
    """What a test reads off a run, as plain values."""
    return (
        run.id,
        run.workflow,
        run.status,
        run.request.method,
        run.request.body,
        run.request.headers.items_list(),
        run.trigger_outputs,
        run.reply.status,
        run.reply.headers.items_list(),
        run.reply.body,
        {name: (a.status, a.inputs, a.outputs) for name, a in run.actions.items()},
        run.started_at,
        run.ended_at,
        run.reply_sent,
        run.summary(),
    )


@pytest.fixture
def capped():
    # A cap of 100 keeps the newest 50 runs live; older ones are packed.
    with MockServer(max_runs=100) as server:
        yield server


def test_a_packed_run_reads_back_equal_with_its_workflow(capped):
    (wf,) = capped.add_definition("echo", ECHO)
    with requests.Session() as session:
        for n in range(80):
            assert session.post(wf.callback_url, json={"n": n}, timeout=5).status_code == 201
    for run in wf.runs[-3:]:  # the newest may still be ending when its caller has the reply
        run.wait().wait_reply_sent()
    originals = [facts(run) for run in wf.runs]
    refs = wf.runs
    assert [r.trigger_outputs["body"]["n"] for r in refs] == list(range(80))
    again = wf.runs
    assert [facts(run) for run in again] == originals
    assert all(run.workflow_ref is wf for run in again)
    assert again[0].actions["Compose"].outputs == {"twice": 0}
    # The oldest runs were rebuilt from their packed copy (a new object per read); the
    # newest are the runs themselves.
    assert again[0] is not refs[0]
    assert again[-1] is refs[-1]


def test_packed_runs_are_found_by_id_over_the_admin_api_and_waited_on(capped):
    (wf,) = capped.add_definition("echo", ECHO)
    with requests.Session() as session:
        for n in range(70):
            session.post(wf.callback_url, json={"n": n}, timeout=5)
    oldest = wf.runs[0]
    listed = requests.get(f"{capped.url}/_reqres/runs/{oldest.id}", timeout=5).json()
    assert listed["id"] == oldest.id
    body = requests.get(f"{capped.url}/_reqres/runs/{oldest.id}/reply/body", timeout=5)
    assert body.json() == {"twice": 0}
    # a wait that begins after the packing still counts the packed runs
    assert len(wf.wait_for_runs(70, timeout=5)) == 70
    assert len(capped.calls) == 70


def test_a_run_that_will_not_pickle_stays_as_it_is(capped):
    class Unpicklable(Exception):
        def __init__(self, a: int, b: int) -> None:
            super().__init__(a + b)

    def explode(request):
        raise Unpicklable(1, 2)

    broken = capped.add_workflow("broken", response=explode)
    quick = capped.add_workflow("quick", response=Response(200))
    with requests.Session() as session:
        session.post(broken.callback_url, json={}, timeout=5)
        for _ in range(60):
            session.post(quick.callback_url, json={}, timeout=5)
    (first,) = broken.calls
    assert isinstance(first.error, Unpicklable)
    assert broken.calls[0] is first  # never packed: the same object, exception and all


_COUNT_TRACKED = """
import gc, json, sys, requests
from reqres_mock import MockServer
definition = json.loads(sys.argv[1])
with MockServer() as server, requests.Session() as session:
    (wf,) = server.add_definition("echo", definition)
    for n in range(200):
        session.post(wf.callback_url, json={"n": n}, timeout=5)
    gc.collect()
    before = len(gc.get_objects())
    for n in range(2_000):
        session.post(wf.callback_url, json={"n": n}, timeout=5)
    gc.collect()
    gc.collect()  # a nested tuple is untracked one level per collection
    print((len(gc.get_objects()) - before) / 2_000, len(server.calls))
"""


def test_stored_runs_cost_the_garbage_collector_nothing():
    """Past the newest 64 runs a stored call adds no object the collector tracks (a packed
    run is a tuple of atomic values; kept whole, a run is a dozen objects, and a packed tuple
    holding its workflow was one), so full collections stay short however long the history.
    In a process of its own: objects other tests leave behind would blur the count."""
    done = subprocess.run(
        [sys.executable, "-c", _COUNT_TRACKED, json.dumps(ECHO)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    per_call, calls = done.stdout.split()
    assert calls == "2200"
    assert float(per_call) < 0.2, per_call


def _held_then(server, quick_calls: int, written: threading.Event | None = None):
    """One call held at a gate while ``quick_calls`` are answered behind it, then released;
    returns the held run and the two workflows. ``written`` is set once the held call's reply
    was written and the journal tidied after it."""
    slow = server.add_workflow("slow", response=Response(200, body="late"))
    quick = server.add_workflow("quick", response=Response(200))
    if written is not None:
        server.add_observer(lambda run: run.workflow == "slow" and written.set())
    replies: queue.Queue[int] = queue.Queue()
    with slow.gate() as gate:
        caller = threading.Thread(
            target=lambda: replies.put(requests.post(slow.callback_url, timeout=10).status_code)
        )
        caller.start()
        gate.wait_for_held(1)
        (held,) = slow.runs
        with requests.Session() as session:
            for _ in range(quick_calls):
                assert session.post(quick.callback_url, json={}, timeout=5).status_code == 200
    caller.join(timeout=10)
    assert replies.get(timeout=10) == 200
    return held, slow, quick


def test_a_run_held_at_the_head_of_the_window_is_packed_once_its_reply_is_written(capped):
    # The live window is 50 here. 60 calls answered behind a held one do not push it out
    # unpacked (it would then stay whole for good): it waits at the head of the window and is
    # packed when its reply is written, with the runs behind it.
    written = threading.Event()
    held, slow, quick = _held_then(capped, 60, written)
    assert written.wait(10)
    (again,) = slow.runs
    assert again is not held  # rebuilt from its packed copy
    assert facts(again) == facts(held)
    assert quick.runs[0] is not quick.runs[0]


def test_a_run_held_past_the_backstop_moves_on_whole_and_the_rest_are_still_packed():
    # Window 64 + backstop 64: a run held behind 150 calls is moved on as it is, so the
    # calls after it are not all kept whole while it waits.
    with MockServer(max_runs=1_000) as server:
        held, slow, quick = _held_then(server, 150)
        held.wait(10)
        (again,) = slow.runs
        assert again is held  # moved on unpacked while it was still running
        runs = quick.runs
        assert len(runs) == 150
        assert runs[0] is not quick.runs[0]  # the oldest quick runs were packed
        assert runs[-1] is quick.runs[-1]  # the newest are live


def test_runs_of_many_workflows_come_and_gone_read_back_with_their_own_workflow():
    # A long-running mock whose workflows are added and removed (hot reload): the journal
    # forgets the workflows no packed run names any more, never one that a run still names.
    with MockServer(max_runs=1_000) as server, requests.Session() as session:
        workflows = []
        for i in range(300):
            wf = server.add_workflow(f"w{i}", response=Response(200))
            assert session.post(wf.callback_url, json={}, timeout=5).status_code == 200
            server.remove(f"w{i}")
            workflows.append(wf)
        runs = server.calls
        assert [r.workflow for r in runs] == [f"w{i}" for i in range(300)]
        assert all(r.workflow_ref is wf for r, wf in zip(runs, workflows, strict=True))
        assert runs[0] is not server.calls[0]  # packed
