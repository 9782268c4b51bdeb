"""The run-history cap: bounded memory, evictions counted, no run lost that a test waits on."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
import requests

from reqres_mock import ConfigurationError, MockServer, Response, ServerConfig


def post(url: str, n: int) -> int:
    return requests.post(url, json={"n": n}, timeout=5).status_code


def test_the_oldest_finished_runs_are_evicted_and_counted():
    with MockServer(max_runs=5) as server:
        wf = server.add_workflow("orders", response=Response(200))
        with requests.Session() as session:
            for n in range(12):
                assert session.post(wf.callback_url, json={"n": n}, timeout=5).status_code == 200
        assert [r.trigger_outputs["body"]["n"] for r in server.calls] == [7, 8, 9, 10, 11]
        assert server.evicted_runs == 7
        health = requests.get(f"{server.url}/_reqres/health", timeout=5).json()
        assert (health["calls"], health["maxRuns"], health["evictedRuns"]) == (5, 5, 7)
        listed = requests.get(f"{server.url}/_reqres/runs", timeout=5).json()
        assert len(listed["value"]) == 5
        requests.delete(f"{server.url}/_reqres/runs", timeout=5)
        assert server.evicted_runs == 0


def test_rejected_and_unmatched_calls_count_against_the_cap(server_with_cap):
    server = server_with_cap(3)
    wf = server.add_workflow("orders", response=Response(200))
    for _ in range(4):
        requests.post(wf.callback_url.replace("sig=", "sig=x"), json={}, timeout=5)
    requests.post(f"{server.url}/nowhere", timeout=5)
    assert len(server.calls) == 3
    assert server.evicted_runs == 2


def test_a_run_in_progress_is_never_evicted(server_with_cap):
    server = server_with_cap(3)
    held = server.add_workflow("held", response=Response(200, body="late"))
    quick = server.add_workflow("quick", response=Response(200))
    gate = held.gate()
    replies: list[requests.Response] = []
    caller = threading.Thread(
        target=lambda: replies.append(requests.post(held.callback_url, json={}, timeout=5))
    )
    caller.start()
    try:
        gate.wait_for_held(1)
        for n in range(10):
            assert post(quick.callback_url, n) == 200
        (running,) = held.runs  # the oldest entry, but still running
        assert len(server.calls) <= 3 + 16
    finally:
        gate.release()
        caller.join(timeout=5)
    assert [(r.status_code, r.content) for r in replies] == [(200, b"late")]
    assert running.reply.body == b"late"
    # Finished now, it is the oldest past the cap: evicted (and counted) from here on.


def test_nothing_is_evicted_while_a_test_waits_for_runs(server_with_cap):
    server = server_with_cap(2)
    wf = server.add_workflow("orders", response=Response(200))
    other = server.add_workflow("other", response=Response(200))
    assert post(other.callback_url, -1) == 200  # an entry for the predicate to look at
    waiting = threading.Event()

    def send() -> None:
        waiting.wait(5)
        for n in range(6):
            post(wf.callback_url, n)

    evicted_during_wait: set[int] = set()

    def is_run(run) -> bool:
        waiting.set()  # evaluated under the journal's condition, once the wait has begun
        evicted_during_wait.add(server.evicted_runs)
        return run.workflow_ref is wf

    sender = threading.Thread(target=send)
    sender.start()
    try:
        runs = server.engine.journal.wait_for(is_run, 6, 5.0, "runs")
    finally:
        sender.join(timeout=5)
    assert [r.trigger_outputs["body"]["n"] for r in runs] == list(range(6))
    assert evicted_during_wait == {0}
    # Once the wait is over, the backlog is evicted (at the next read or call) and counted.
    post(wf.callback_url, 6)
    assert len(server.calls) == 2
    assert server.evicted_runs == 6


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "10"])
def test_max_runs_must_be_a_positive_integer(value):
    with pytest.raises(ConfigurationError, match="max_runs must be a positive integer"):
        ServerConfig(max_runs=value)


def test_the_default_cap_is_ten_thousand():
    assert ServerConfig().max_runs == 10_000


@pytest.fixture
def server_with_cap():
    servers: list[MockServer] = []

    def make(cap: int) -> MockServer:
        servers.append(MockServer(max_runs=cap).start())
        return servers[-1]

    yield make
    for server in servers:
        server.stop()


def test_serve_refuses_a_bad_max_runs_in_one_line(capsys):
    from reqres_mock.cli.main import main

    hello = Path(__file__).parent.parent / "examples" / "hello" / "workflow.json"
    assert main(["serve", str(hello), "--max-runs", "0", "--port", "0"]) == 2
    assert "max_runs must be a positive integer, got 0" in capsys.readouterr().err


def test_an_echoed_body_is_stored_once(server):
    """The journal keeps one copy of a body that the Response sends back unchanged."""
    (wf,) = server.add_definition(
        "echo",
        {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {
                "Response": {
                    "type": "Response",
                    "inputs": {"statusCode": 200, "body": "@triggerBody()"},
                }
            },
        },
    )
    payload = bytes(range(256)) * 64
    reply = requests.post(
        wf.callback_url, data=payload, headers={"Content-Type": "application/octet-stream"}
    )
    assert reply.content == payload
    run = wf.runs[-1]
    assert run.reply.body is run.request.body


def test_no_cached_property_in_the_package():
    """Before Python 3.12 functools.cached_property takes one lock shared by every instance:
    on a per-call object it made every connection thread queue on it under load."""
    package = Path(__file__).parent.parent / "reqres_mock"
    users = [
        p.name
        for p in package.rglob("*.py")
        if re.search(r"^\s*@(functools\.)?cached_property", p.read_text(), re.MULTILINE)
    ]
    assert users == []
