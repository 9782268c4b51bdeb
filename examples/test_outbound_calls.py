"""The outbound example: an Http call matched by URL, retried by its policy, then a Service Bus
message — asserted on the run's outbound log (``run.outbound``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from reqres_mock import HttpReply

HERE = Path(__file__).parent / "outbound"
CUSTOMER = {"id": 7, "name": "Ada", "tier": "gold"}


@pytest.mark.reqres(wait_scale=0)  # the policy's 10 s waits take no time
def test_a_flaky_crm_is_retried_by_the_policy(reqres_server):
    (wf,) = reqres_server.load(HERE / "workflow.json")
    crm = wf.stub_http(
        method="GET",
        url="https://crm.example.com/api/customers/*",
        reply=[HttpReply(503), HttpReply(200, body=CUSTOMER)],
        times=2,  # checked when the test ends
    )
    bus = wf.stub_http(url="https://serviceproviders.invalid/serviceBus/*/sendMessage", times=1)

    reply = requests.get(wf.url(id=7), timeout=5)

    assert (reply.status_code, reply.json()) == (200, {"customer": CUSTOMER})
    run = wf.runs[-1].wait()
    assert [(c.action, c.attempt, c.status) for c in run.outbound] == [
        ("Get_customer", 1, 503),
        ("Get_customer", 2, 200),
        ("Publish_lookup", 1, 200),
    ]
    first = run.outbound[0]
    assert first.request.url == "https://crm.example.com/api/customers/7?fields=name%2Ctier"
    assert first.request.headers["Accept"] == "application/json"
    assert run.outbound[1].delay == 10.0  # the fixed interval, before wait_scale
    assert bus.calls[0].json()["message"] == {"contentData": CUSTOMER}
    assert crm.call_count == 2


@pytest.mark.reqres(wait_scale=0)
def test_a_crm_that_stays_down_fails_after_the_last_retry(reqres_server):
    (wf,) = reqres_server.load(HERE / "workflow.json")
    reqres_server.stub_http(url="https://crm.example.com/*", status=503)

    reply = requests.get(wf.url(id=7), timeout=5)

    assert (reply.status_code, reply.json()["status"]) == (503, 503)
    run = wf.runs[-1].wait()
    assert [c.attempt for c in run.outbound] == [1, 2, 3]  # the first try and count=2 retries
    assert run.actions["Publish_lookup"].status == "Skipped"
