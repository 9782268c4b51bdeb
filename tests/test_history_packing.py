"""Older runs are kept packed: equal when read, found by id, waited on, and out of the garbage
collector's way (its full collections scanning the run history were the server's latency tail
under load: issue 19)."""

from __future__ import annotations

import gc

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


def test_stored_runs_cost_the_garbage_collector_about_one_object_each():
    """Past the newest 1,000 runs a stored call adds ~1 tracked object (a dozen unpacked), so
    full collections stay short however long the history."""
    with MockServer() as server, requests.Session() as session:
        (wf,) = server.add_definition("echo", ECHO)
        for n in range(1_100):
            session.post(wf.callback_url, json={"n": n}, timeout=5)
        gc.collect()
        before = len(gc.get_objects())
        for n in range(1_000):
            session.post(wf.callback_url, json={"n": n}, timeout=5)
        gc.collect()
        per_call = (len(gc.get_objects()) - before) / 1_000
        assert len(server.calls) == 2_100
    assert per_call < 3, per_call
