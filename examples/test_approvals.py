"""The approval example: an HttpWebhook action waits for a person's decision while a parallel
branch notifies sales. The test plays the approval service: it reads the subscription, then
calls the action's own URL with the decision (``wf.wait_for_webhook``)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import requests

HERE = Path(__file__).parent / "approval"
ORDER = {"id": 42, "amount": 1250.0}


class Caller(threading.Thread):
    """The client that placed the order: it waits for the workflow's answer."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.reply: Any = None

    def run(self) -> None:
        self.reply = requests.post(self.url, json=ORDER, timeout=10)


@pytest.mark.parametrize(
    ("decision", "status", "body"),
    [
        ({"decision": "approve", "by": "ada"}, 200, {"id": 42, "status": "approved", "by": "ada"}),
        ({"decision": "reject", "by": "bob"}, 403, {"id": 42, "status": "rejected"}),
    ],
)
def test_the_order_waits_for_its_approval(reqres_server, decision, status, body):
    (wf,) = reqres_server.load(HERE / "workflow.json")
    approvals = wf.stub_http(method="POST", url="https://approvals.example.com/requests", times=1)
    withdrawn = wf.stub_http(method="DELETE", url="https://approvals.example.com/requests/42")
    sales = wf.stub_http(method="POST", url="https://chat.example.com/sales", times=1)
    caller = Caller(wf.callback_url)
    caller.start()

    hook = wf.wait_for_webhook("Wait_for_approval")  # subscribed; the run waits
    assert approvals.calls[0].json() == {
        "callbackUrl": hook.callback_url,
        "subject": "Order 42",
        "amount": 1250.0,
    }
    assert requests.post(hook.callback_url, json=decision, timeout=5).status_code == 200
    caller.join(10)

    assert (caller.reply.status_code, caller.reply.json()) == (status, body)
    run = wf.runs[-1].wait()
    assert sales.calls[0].json() == {"text": "Order 42 waits for approval"}  # ran meanwhile
    assert withdrawn.call_count == 1  # the subscription is withdrawn once decided
    assert run.actions["Wait_for_approval"].outputs["body"] == decision
