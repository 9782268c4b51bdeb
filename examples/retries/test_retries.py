"""The retrying client against Logic Apps' failure modes, injected with reqres-mock's faults."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pytest
import requests
from orders_client import make_session, submit_order

from reqres_mock import Fault, Response

if TYPE_CHECKING:
    from reqres_mock import Run


def accept(run: Run) -> Response:
    order = run.trigger_outputs["body"]
    body = {"id": order["id"], "status": "accepted"}
    return Response(201, headers={"Content-Type": "application/json"}, body=body)


def test_throttled_twice_then_201_and_the_client_waited_as_told(reqres_server):
    wf = reqres_server.add_workflow("orders", response=accept)
    wf.inject(Fault.throttled(retry_after=1), Fault.throttled(retry_after=1))

    assert submit_order(make_session(), wf.callback_url, {"id": 7}) == {
        "id": 7,
        "status": "accepted",
    }

    calls = wf.calls
    assert [call.reply.status for call in calls] == [429, 429, 201]
    assert [str(call.fault) for call in calls] == ["throttled(retryAfter=1)"] * 2 + ["None"]
    for throttled, retry in itertools.pairwise(calls):
        waited = (retry.started_at - throttled.replied_at).total_seconds()
        assert waited >= 1.0, f"the client retried after {waited:.3f} s; Retry-After said 1"
    assert len(wf.runs) == 1  # only the last call reached the workflow


def test_a_reset_connection_and_a_gateway_error_are_retried(reqres_server):
    wf = reqres_server.add_workflow("orders", response=accept)
    wf.inject(Fault.reset(), Fault.server_error(502))
    session = make_session(backoff=0)
    assert submit_order(session, wf.callback_url, {"id": 8})["status"] == "accepted"
    assert [str(call.fault) for call in wf.calls] == ["reset()", "server_error(status=502)", "None"]


def test_the_client_gives_up_after_its_last_attempt(reqres_server):
    wf = reqres_server.add_workflow("orders", response=accept)
    wf.inject(Fault.server_error(500), rate=1)  # every call
    with pytest.raises(requests.HTTPError, match="500"):
        submit_order(make_session(attempts=3, backoff=0), wf.callback_url, {"id": 9})
    assert len(wf.calls) == 3
    assert not wf.runs
