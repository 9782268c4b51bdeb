"""The asynchronous Response pattern: 202 + Location + Retry-After, then polling."""

from __future__ import annotations

import re

import pytest
import requests

from reqres_mock import Response, WaitTimeoutError

JSON = {"Content-Type": "application/json"}


def test_caller_gets_202_with_location_and_the_run_resource(reqres_server):
    wf = reqres_server.add_workflow(
        "report", response=Response(200, headers=JSON, body={"done": True}, asynchronous=True)
    )
    with wf.gate():
        accepted = requests.post(wf.callback_url, timeout=5)
        assert accepted.status_code == 202
        assert accepted.headers["Retry-After"] == "10"
        location = accepted.headers["Location"]
        run_id = accepted.headers["x-ms-workflow-run-id"]
        assert re.search(
            rf"/workflows/{wf.id}/runs/{run_id}/operations/[0-9a-f-]{{36}}\?", location
        )
        assert "sp=%2Fruns%2F" in location and "sig=" in location
        resource = accepted.json()
        assert resource["id"] == f"/workflows/{wf.id}/runs/{run_id}"
        assert resource["name"] == run_id
        assert resource["type"] == "Microsoft.Logic/workflows/runs"
        assert resource["properties"]["status"] == "Running"
        assert resource["properties"]["response"]["status"] == "Waiting"
        still = requests.get(location, timeout=5)
        assert still.status_code == 202
        assert still.headers["Location"] == location
    wf.runs[0].wait()
    done = requests.get(location, timeout=5)
    assert (done.status_code, done.json()) == (200, {"done": True})
    assert [p.status for p in wf.runs[0].polls] == [202, 200]
    assert len(reqres_server.calls) == 1, "polls are recorded on the run, not as calls"


def test_polling_after_the_deadline_without_a_response_is_502(reqres_server):
    wf = reqres_server.add_workflow("slow", response=Response(200, asynchronous=True), timeout=0.05)
    gate = wf.gate()
    location = requests.post(wf.callback_url, timeout=5).headers["Location"]
    run = wf.runs[0]
    # The deadline is 50 ms; wait for it on the run's own clock, without sleeping.
    with pytest.raises(WaitTimeoutError, match="still Running"):
        run.wait(timeout=0.1)
    expired = requests.get(location, timeout=5)
    assert expired.status_code == 502
    assert expired.headers["x-ms-failure-cause"] == "Trigger"
    assert expired.json()["error"]["code"] == "NoResponse"
    gate.release()
    assert run.wait().responded_late


def test_async_option_in_a_definition(reqres_server):
    (wf,) = reqres_server.add_definition(
        "async",
        {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {
                "Response": {
                    "type": "Response",
                    "operationOptions": "Asynchronous",
                    "inputs": {"statusCode": 201, "headers": JSON, "body": "@triggerBody()"},
                }
            },
        },
    )
    accepted = requests.post(wf.callback_url, json={"a": 1}, timeout=5)
    assert accepted.status_code == 202
    wf.runs[0].wait()
    result = requests.get(accepted.headers["Location"], timeout=5)
    assert (result.status_code, result.json()) == (201, {"a": 1})


@pytest.mark.reqres(allow_unexpected=True)
def test_a_tampered_polling_url_is_refused(reqres_server):
    wf = reqres_server.add_workflow("report", response=Response(200, asynchronous=True))
    location = requests.post(wf.callback_url, timeout=5).headers["Location"]
    forged = re.sub(r"sig=[^&]+", "sig=" + "A" * 43, location)
    assert requests.get(forged, timeout=5).json()["error"]["code"] == (
        "DirectApiInvalidAuthorizationSignature"
    )
    unknown = location.replace(wf.runs[0].id, "0" * 29 + "CU00")
    assert requests.get(unknown, timeout=5).status_code == 401  # sp names the real run
    assert len(wf.rejected) == 2


def test_httpx_follows_the_pattern_too(reqres_server):
    httpx = pytest.importorskip("httpx")
    wf = reqres_server.add_workflow(
        "report", response=Response(200, headers=JSON, body=[1, 2], asynchronous=True)
    )
    with httpx.Client(timeout=5) as client:
        accepted = client.post(wf.callback_url)
        wf.runs[0].wait()
        assert client.get(accepted.headers["Location"]).json() == [1, 2]


def split_definition(with_response: bool) -> dict:
    actions: dict = {"Double": {"type": "Compose", "inputs": "@mul(triggerBody()['n'], 2)"}}
    if with_response:
        actions["Response"] = {
            "type": "Response",
            "inputs": {"statusCode": 200, "headers": JSON, "body": "@outputs('Double')"},
            "runAfter": {"Double": ["Succeeded"]},
        }
    return {
        "triggers": {
            "manual": {"type": "Request", "kind": "Http", "splitOn": "@triggerBody()['rows']"}
        },
        "actions": actions,
    }


def test_split_on_with_a_response_is_one_asynchronous_run_per_item(reqres_server):
    (wf,) = reqres_server.add_definition("split", split_definition(with_response=True))
    reply = requests.post(wf.callback_url, json={"rows": [{"n": 1}, {"n": 5}]}, timeout=5)
    assert reply.status_code == 202
    listed = reply.json()["value"]
    assert [entry["status"] for entry in listed] == [202, 202]
    runs = wf.wait_for_runs(2)
    assert [r.trigger_outputs["body"] for r in runs] == [{"n": 1}, {"n": 5}]
    for run in runs:
        run.wait()
    results = [requests.get(entry["location"], timeout=5).json() for entry in listed]
    assert results == [2, 10]


def test_split_on_without_a_response_runs_in_the_background(reqres_server):
    (wf,) = reqres_server.add_definition("split", split_definition(with_response=False))
    reply = requests.post(wf.callback_url, json={"rows": [{"n": 3}, {"n": 4}, {"n": 5}]}, timeout=5)
    assert reply.status_code == 202
    assert all(entry["location"] is None for entry in reply.json()["value"])
    outputs = sorted(run.wait().actions["Double"].outputs for run in wf.wait_for_runs(3))
    assert outputs == [6, 8, 10]


def test_split_on_a_value_that_is_not_an_array_is_400(reqres_server):
    (wf,) = reqres_server.add_definition("split", split_definition(with_response=True))
    reply = requests.post(wf.callback_url, json={"rows": {"n": 1}}, timeout=5)
    assert reply.status_code == 400
    assert reply.json()["error"]["code"] == "InvalidTemplate"
    assert "must be an array" in reply.json()["error"]["message"]
    empty = requests.post(wf.callback_url, json={"rows": []}, timeout=5)
    assert empty.status_code == 202
    assert wf.runs == []


def test_a_standard_runs_links_live_under_the_hosts_scale_unit_path(reqres_server):
    """A Standard host signs run-scoped links under /runtime/webhooks/workflow/scaleUnits/
    prod-00/workflows/<id>/runs/<run>/… with api-version 2018-11-01: Azure/LogicAppsUX's
    monitoring tests (…/runs/08585262402390848598937015539CU00/actions/Initialize_variable/
    contents/ActionInputs?api-version=2018-11-01…) and azure-rest-api-specs' Microsoft.Web
    examples. The polling URL is assumed to follow them (no capture)."""
    wf = reqres_server.add_workflow(
        "report",
        flavor="standard",
        response=Response(200, headers=JSON, body={"done": True}, asynchronous=True),
    )
    with wf.gate():
        accepted = requests.post(wf.callback_url, json={"a": 1}, timeout=5)
        location = accepted.headers["Location"]
        run_id = accepted.headers["x-ms-workflow-run-id"]
        prefix = f"/runtime/webhooks/workflow/scaleUnits/prod-00/workflows/{wf.id}/runs/{run_id}"
        assert prefix + "/operations/" in location
        link = accepted.json()["properties"]["trigger"]["outputsLink"]["uri"]
        assert prefix + "/contents/TriggerOutputs?api-version=2018-11-01&" in link
        assert requests.get(link, timeout=5).json()["body"] == {"a": 1}
        assert requests.get(location, timeout=5).status_code == 202
    wf.runs[0].wait()
    assert requests.get(location, timeout=5).json() == {"done": True}


def test_split_on_runs_share_their_scale_unit(reqres_server):
    """A Standard route's run ids end in CU00 (the IllogicApps traces), each split-off one too."""
    document = {"definition": split_definition(with_response=False), "kind": "Stateful"}
    (wf,) = reqres_server.add_definition("split", document)
    requests.post(wf.callback_url, json={"rows": [{"n": 1}, {"n": 2}, {"n": 3}]}, timeout=5)
    runs = wf.wait_for_runs(3)
    assert [run.id[-4:] for run in runs] == ["CU00"] * 3
    for run in runs:
        run.wait()
