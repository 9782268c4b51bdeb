"""The example workflows, served by the reqres_server fixture and called over HTTP."""

from __future__ import annotations

from pathlib import Path

import requests

HERE = Path(__file__).parent


def test_echo_returns_what_was_sent(reqres_server):
    (wf,) = reqres_server.load(HERE / "echo" / "workflow.json")
    reply = requests.post(wf.callback_url, json={"message": "hi"}, timeout=5)
    assert reply.status_code == 200
    assert reply.json()["youSent"] == {"message": "hi"}
    assert reply.headers["X-Echo-Length"] == str(len('{"message":"hi"}'))


def test_calculator_uses_the_relative_path(reqres_server):
    (wf,) = reqres_server.load(HERE / "calculator" / "workflow.json")
    assert requests.get(wf.url(operation="add", a=2, b=3), timeout=5).json() == {"result": 5.0}
    assert requests.get(wf.url(operation="divide", a=9, b=2), timeout=5).json() == {"result": 4.5}
    unknown = requests.get(wf.url(operation="pow", a=1, b=2), timeout=5)
    assert unknown.status_code == 400
    assert unknown.json() == {"error": "unknown operation 'pow'"}
    failed = requests.get(wf.url(operation="divide", a=1, b=0), timeout=5)
    assert (failed.status_code, failed.json()) == (422, {"error": "the operation failed"})


def test_conditional_response(reqres_server):
    (wf,) = reqres_server.load(HERE / "conditional" / "workflow.json")
    big = requests.post(wf.callback_url, json={"amount": 5000, "customer": "Ada"}, timeout=5)
    assert (big.status_code, big.json()) == (202, {"status": "pending approval", "customer": "Ada"})
    small = requests.post(wf.callback_url, json={"amount": 10}, timeout=5)
    assert (small.status_code, small.json()) == (200, {"status": "approved", "amount": 10})
    invalid = requests.post(wf.callback_url, json={"customer": "Bob"}, timeout=5)
    assert invalid.status_code == 400
    assert invalid.json()["error"]["code"] == "TriggerInputSchemaMismatch"


def test_fire_and_forget_answers_202_and_runs_on(reqres_server):
    (wf,) = reqres_server.load(HERE / "fire-and-forget" / "workflow.json")
    wf.stub_action("Notify_warehouse", status=200, body={"accepted": True})
    order = {"lines": [{"sku": "A", "qty": 2, "price": 1.5}]}
    reply = requests.post(wf.callback_url, json=order, timeout=5)
    assert reply.status_code == 202
    run = wf.wait_for_runs(1)[0].wait()
    assert run.status.value == "Succeeded"
    assert run.actions["Notify_warehouse"].inputs["body"] == [{"sku": "A", "total": 3.0}]
