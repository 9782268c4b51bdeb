"""Trigger concurrency (runs beyond the limit wait; past the queue, 429) and exact journals
under concurrent load."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from reqres_mock import DefinitionError, MockServer, Response, RunStatus, ServerConfig


def post_all(url: str, count: int) -> list[requests.Response]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda _: requests.post(url, timeout=10), range(count)))


@pytest.mark.reqres(allow_unexpected=True)
def test_runs_beyond_the_limit_wait_and_past_the_queue_get_429(reqres_server):
    wf = reqres_server.add_workflow(
        "limited", response=Response(200, body="ok"), concurrency=1, maximum_waiting_runs=1
    )
    gate = wf.gate()
    results: list[requests.Response] = []
    callers = [
        threading.Thread(target=lambda: results.append(requests.post(wf.callback_url, timeout=10)))
        for _ in range(2)
    ]
    callers[0].start()
    gate.wait_for_held(1)
    callers[1].start()
    waiting = reqres_server.engine.journal.wait_for(
        lambda r: r.status is RunStatus.WAITING, 1, 5, "waiting run"
    )
    assert len(waiting) == 1
    refused = requests.post(wf.callback_url, timeout=10)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "10"
    assert refused.json()["error"]["code"] == "WorkflowTriggerConcurrencyLimitReached"
    gate.release()
    for caller in callers:
        caller.join(timeout=10)
    assert sorted(r.status_code for r in results) == [200, 200]
    assert len(wf.runs) == 2 and len(wf.rejected) == 1
    assert wf.limiter.active == 0


def test_concurrency_from_a_definition(reqres_server):
    (wf,) = reqres_server.add_definition(
        "limited",
        {
            "triggers": {
                "manual": {
                    "type": "Request",
                    "kind": "Http",
                    "runtimeConfiguration": {"concurrency": {"runs": 2, "maximumWaitingRuns": 20}},
                }
            },
            "actions": {},
        },
    )
    assert (wf.limiter.runs, wf.limiter.waiting) == (2, 20)


@pytest.mark.parametrize("runs", [0, 101, "5"])
def test_invalid_concurrency_is_a_definition_error(reqres_server, runs):
    with pytest.raises(DefinitionError, match="concurrency runs"):
        reqres_server.add_workflow("bad", concurrency=runs)


@pytest.mark.reqres(allow_unexpected=True)
def test_global_cap_on_concurrent_calls():
    with MockServer(config=ServerConfig(max_concurrent_calls=2)) as server:
        wf = server.add_workflow("held", response=Response(200))
        gate = wf.gate()
        results: list[requests.Response] = []
        callers = [
            threading.Thread(
                target=lambda: results.append(requests.post(wf.callback_url, timeout=10))
            )
            for _ in range(2)
        ]
        for caller in callers:
            caller.start()
        gate.wait_for_held(2)
        third = requests.post(wf.callback_url, timeout=10)
        assert third.status_code == 429
        assert third.json()["error"]["code"] == "TooManyRequests"
        gate.release()
        for caller in callers:
            caller.join(timeout=10)
        assert [r.status_code for r in results] == [200, 200]


def test_journal_counts_are_exact_under_200_concurrent_calls(reqres_server):
    workflows = [
        reqres_server.add_workflow(f"wf{n}", response=Response(200, body=str(n))) for n in range(4)
    ]
    with ThreadPoolExecutor(max_workers=50) as pool:
        replies = list(
            pool.map(lambda i: requests.post(workflows[i % 4].callback_url, timeout=10), range(200))
        )
    assert all(r.status_code == 200 for r in replies)
    assert len(reqres_server.calls) == 200
    assert [len(w.runs) for w in workflows] == [50, 50, 50, 50]
    assert len({r.id for r in reqres_server.runs}) == 200
