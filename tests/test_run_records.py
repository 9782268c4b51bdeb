"""An action's record as ``actions()`` and ``result()`` return it: its keys, its ``code``.

Evidence: Microsoft Learn's ``result()`` examples (the functions reference, and "Handle errors
and exceptions in Azure Logic Apps": a failed Http action's record is ``"code": "NotFound"``,
``"status": "Failed"`` and no ``error``); a real run's ``actions('Compose')`` record in
wyattdave's "Exception Handling in Power Automate" (2023: ``"code": "BadRequest"`` with
``"error": {"code": "InvalidTemplate", …}``); dotnet/runtime ``HttpStatusCode.cs`` (Standard)
and microsoft/referencesource ``HttpStatusCode.cs`` (Consumption's .NET Framework) for the names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import requests

if TYPE_CHECKING:
    from reqres_mock import MockServer

TRIGGER = {"manual": {"type": "Request", "kind": "Http", "inputs": {}}}


def run_of(server: MockServer, actions: dict[str, Any], **stubs: Any) -> Any:
    (wf,) = server.add_definition("records", {"triggers": TRIGGER, "actions": actions})
    for status in stubs.get("statuses", ()):
        wf.stub_http(url=f"https://api.example.com/{status}", status=status, body={"s": status})
    requests.post(wf.callback_url, json={}, timeout=10)
    return wf.wait_for_runs(1)[0].wait()


def http(status: int) -> dict[str, Any]:
    return {
        "type": "Http",
        # no retries: 429 and 5xx would be sent again at the default policy's intervals
        "inputs": {
            "method": "GET",
            "uri": f"https://api.example.com/{status}",
            "retryPolicy": {"type": "none"},
        },
        "runAfter": {},
    }


def test_a_record_has_the_documented_keys_in_their_order(reqres_server: MockServer) -> None:
    run = run_of(
        reqres_server,
        {
            "Compose": {"type": "Compose", "inputs": 1, "runAfter": {}},
            "Probe": {
                "type": "Compose",
                "inputs": {"record": "@actions('Compose')", "trigger": "@trigger()"},
                "runAfter": {"Compose": ["Succeeded"]},
            },
        },
    )
    probe = run.actions["Probe"].outputs
    record, trigger = probe["record"], probe["trigger"]
    assert list(record) == [
        "name",
        "inputs",
        "outputs",
        "startTime",
        "endTime",
        "trackingId",
        "clientTrackingId",
        "code",
        "status",
    ]
    assert record["clientTrackingId"] == trigger["clientTrackingId"]
    assert len(record["trackingId"]) == 36  # a GUID of its own
    assert record["trackingId"] != trigger["trackingId"]
    # the same record each time it is read
    assert run.actions["Compose"].record()["trackingId"] == record["trackingId"]


@pytest.mark.parametrize(
    ("status", "run_status", "consumption", "standard"),
    [
        (200, "Succeeded", "OK", "OK"),
        (201, "Succeeded", "Created", "Created"),
        (202, "Succeeded", "Accepted", "Accepted"),
        (206, "Succeeded", "PartialContent", "PartialContent"),
        (207, "Succeeded", "207", "MultiStatus"),
        # DisableAsyncPattern aside, a 3xx is no failure; 302 and 307 by each .NET's name
        (302, "Succeeded", "Redirect", "Found"),
        (307, "Succeeded", "TemporaryRedirect", "TemporaryRedirect"),
        (308, "Succeeded", "308", "PermanentRedirect"),
        (404, "Failed", "NotFound", "NotFound"),
        (414, "Failed", "RequestUriTooLong", "RequestUriTooLong"),  # not Python's "Request-URI"
        (422, "Failed", "422", "UnprocessableEntity"),
        (426, "Failed", "UpgradeRequired", "UpgradeRequired"),
        (429, "Failed", "429", "TooManyRequests"),
        (500, "Failed", "InternalServerError", "InternalServerError"),
        (511, "Failed", "511", "NetworkAuthenticationRequired"),
        (418, "Failed", "418", "418"),  # no name in HttpStatusCode: its number
    ],
)
@pytest.mark.parametrize(
    "flavor",
    [
        pytest.param(f, marks=pytest.mark.reqres(flavor=f), id=f)
        for f in ("consumption", "standard")
    ],
)
def test_an_http_actions_code_is_its_replys_status(
    reqres_server: MockServer,
    flavor: str,
    status: int,
    run_status: str,
    consumption: str,
    standard: str,
) -> None:
    """By the name the host's .NET gives the status, else its number: .NET Framework's
    (microsoft/referencesource System/net/System/Net/HttpStatusCode.cs) on Consumption, where
    a public Power Automate emulator's author measured 429 as "429" (tomdam/flowforger
    packages/engine/src/action-status.ts, conformance/flows/http.ff.ts); modern .NET's on
    Standard."""
    run = run_of(reqres_server, {"Call": http(status)}, statuses=[status])
    call = run.actions["Call"]
    code = consumption if flavor == "consumption" else standard
    assert (call.status, call.code) == (run_status, code)
    assert call.record()["code"] == code
    # a failing reply is no error: the reply is in the outputs
    assert call.error is None
    assert "error" not in call.record()
    assert call.outputs["statusCode"] == status


def test_an_expression_that_fails_is_a_bad_request_with_an_invalid_template_error(
    reqres_server: MockServer,
) -> None:
    run = run_of(reqres_server, {"Compose": {"type": "Compose", "inputs": "@div(1, 0)"}})
    record = run.actions["Compose"].record()
    assert (record["status"], record["code"]) == ("Failed", "BadRequest")
    assert record["error"]["code"] == "InvalidTemplate"
    assert record["error"]["message"].startswith(
        "Unable to process template language expressions in action 'Compose' inputs"
    )


def test_result_of_a_foreach_holds_every_iteration(reqres_server: MockServer) -> None:
    # Microsoft Learn's result('For_each') example: one record per first-level action, whose
    # outputs are its iterations' records; a failed iteration is found there
    run = run_of(
        reqres_server,
        {
            "Each": {
                "type": "Foreach",
                "foreach": "@createArray(1, 0, 2)",
                "actions": {"Div": {"type": "Compose", "inputs": "@div(10, items('Each'))"}},
                "runtimeConfiguration": {"concurrency": {"repetitions": 1}},
            },
            "Probe": {
                "type": "Compose",
                "inputs": "@result('Each')",
                "runAfter": {"Each": ["Failed"]},
            },
        },
    )
    (div,) = run.actions["Probe"].outputs
    assert (div["name"], div["status"], div["repetitionCount"]) == ("Div", "Failed", 3)
    assert [(r["status"], r.get("outputs")) for r in div["outputs"]] == [
        ("Succeeded", 10),
        ("Failed", None),
        ("Succeeded", 5),
    ]
    assert run.actions["Each"].iterations == 3
    assert run.actions["Each"].outputs is None  # a loop has no outputs


@pytest.mark.parametrize(
    ("action", "result"),
    [
        ({"type": "If", "expression": "@equals(1, 1)", "actions": {}}, True),
        ({"type": "Switch", "expression": "@add(1, 1)", "cases": {}}, 2),
    ],
)
def test_an_if_or_switch_records_its_expression_result_as_inputs(
    reqres_server: MockServer, action: dict[str, Any], result: Any
) -> None:
    # LogicAppsUX logicAppsV2.ts (TraceExpressionRecord: "If and Switch scopes … the
    # 'expressionResult' value"); the captured If and Switch have inputs and no outputs
    run = run_of(reqres_server, {"Choice": action})
    choice = run.actions["Choice"]
    assert (choice.inputs, choice.outputs) == ({"expressionResult": result}, None)


def test_a_definition_that_is_one_literal_response_records_it(reqres_server: MockServer) -> None:
    # served on the spot, without running actions, yet recorded as every captured run
    # records its Response (Azure/LogicAppsUX __mocks__/runs/simpleScoped/simpleScoped.json)
    respond = {
        "type": "Response",
        "kind": "Http",
        "inputs": {
            "statusCode": 201,
            "headers": {"Content-Type": "application/json", "X-A": "1"},
            "body": {"ok": True},
        },
    }
    (wf,) = reqres_server.add_definition(
        "literal", {"triggers": TRIGGER, "actions": {"R1": respond}}
    )
    reply = requests.post(wf.callback_url, json={}, timeout=10)
    assert reply.status_code == 201
    run = wf.wait_for_runs(1)[0].wait()
    (record,) = run.actions.values()
    assert (record.name, record.status, record.code) == ("R1", "Succeeded", "OK")
    assert record.outputs == {
        "statusCode": 201,
        "headers": {"Content-Type": "application/json", "X-A": "1"},
        "body": {"ok": True},
    }
    assert record.client_tracking_id == run.client_tracking_id


def test_an_array_cannot_be_appended_to_an_array_variable(reqres_server: MockServer) -> None:
    # the runtime's sentence as three users' notes quote it from failed Power Automate runs
    run = run_of(
        reqres_server,
        {
            "Init": {
                "type": "InitializeVariable",
                "inputs": {"variables": [{"name": "RowsForAI", "type": "array", "value": []}]},
            },
            "Append": {
                "type": "AppendToArrayVariable",
                "inputs": {"name": "RowsForAI", "value": [{"RowIndex": 1}]},
                "runAfter": {"Init": ["Succeeded"]},
            },
        },
    )
    append = run.actions["Append"]
    assert append.status == "Failed"
    assert append.error["message"] == (
        "The input value is of type 'Array' which cannot be appended to the variable "
        "'RowsForAI' of type 'Array'. The action type 'AppendToArrayVariable' only supports "
        "values of types 'Float, Integer, String, Boolean, Object'."
    )
