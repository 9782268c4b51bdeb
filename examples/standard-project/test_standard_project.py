"""Testing a Logic Apps Standard project: point the mock at the project folder."""

from __future__ import annotations

from pathlib import Path

import requests

PROJECT = Path(__file__).parent


def test_order_intake_end_to_end(reqres_server):
    reqres_server.load(PROJECT, replace_triggers=True)
    wf = reqres_server.workflow("order-intake")
    wf.stub_action("Send_to_queue", status=200, body={"sent": True})
    order = {"id": "A-1", "lines": [{"sku": "X", "qty": 2, "price": 5}, {"sku": "Y", "qty": 1}]}

    reply = requests.post(wf.callback_url, json=order, timeout=5)

    assert reply.status_code == 201
    assert reply.json() == {
        "order": "A-1",
        "quantity": 3,
        "accepted": ["X", "Y"],
        "queue": "orders-accepted",
    }  # parameters.json -> local.settings.json
    run = wf.runs[-1].wait()
    line_total = run.actions["Line_total"]
    assert [r.status for r in line_total.repetitions] == ["Succeeded", "Failed"]  # no price
    assert line_total.repetitions[0].outputs == 10
    assert line_total.repetitions[0].tracked_properties == {"sku": "X"}
    queue = run.actions["Send_to_queue"].inputs
    assert queue["parameters"]["entityName"] == "orders-accepted"
    assert queue["serviceProviderConfiguration"]["connection"]["parameterValues"] == {
        "connectionString": "Endpoint=sb://orders.servicebus.windows.net/;"
        "SharedAccessKeyName=send;SharedAccessKey=local-only"
    }


def test_a_recurrence_workflow_starts_by_http_with_replace_triggers(reqres_server):
    reqres_server.load(PROJECT / "nightly-report", replace_triggers=True)
    wf = reqres_server.workflow("nightly-report")
    wf.stub_action("Send_report", status=202)

    assert requests.post(wf.callback_url, json={"orders": [1, 2]}, timeout=5).status_code == 202

    run = wf.wait_for_runs(1)[0].wait()
    assert run.status.value == "Succeeded"
    mail = run.actions["Send_report"].inputs
    assert mail["body"]["Subject"] == "Nightly report: 2 orders"
    assert mail["host"]["connection"]["connectionRuntimeUrl"].startswith("https://example.common")
