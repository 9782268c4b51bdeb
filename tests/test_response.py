"""The Response action on the wire: status, headers, body, and Logic Apps' own headers."""

from __future__ import annotations

import re

import pytest
import requests
from wire_support import run_header_names

from reqres_mock import DefinitionError, Response, ResponseReminder

RUN_ID = re.compile(r"^\d{29}CU\d{2}$")
WORKFLOW_HEADERS = tuple(run_header_names(consumption=True))
JSON_HEADERS = {"Content-Type": "application/json"}


def test_status_headers_and_json_body(reqres_server):
    wf = reqres_server.add_workflow(
        "orders",
        response=Response(
            201, headers={"Content-Type": "application/json", "X-Id": 7}, body={"ok": True}
        ),
    )
    reply = requests.post(wf.callback_url, json={}, timeout=5)
    assert reply.status_code == 201
    assert reply.json() == {"ok": True}
    assert reply.headers["Content-Type"] == "application/json"
    assert reply.headers["X-Id"] == "7"
    run = wf.runs[-1]
    assert run.reply is not None and run.reply.status == 201
    assert run.response == wf.response


def test_no_response_action_is_202_at_once_with_workflow_headers(reqres_server):
    wf = reqres_server.add_workflow("orders")
    reply = requests.post(wf.callback_url, timeout=5)
    assert reply.status_code == 202
    assert reply.content == b""
    for name in WORKFLOW_HEADERS:
        assert name in reply.headers, name
    run_id = reply.headers["x-ms-workflow-run-id"]
    assert RUN_ID.match(run_id)
    assert reply.headers["x-ms-client-tracking-id"] == run_id
    assert reply.headers["x-ms-trigger-history-name"] == run_id
    assert reply.headers["x-ms-tracking-id"] == reply.headers["x-ms-correlation-id"]
    assert reply.headers["x-ms-request-id"] == f"westeurope:{reply.headers['x-ms-correlation-id']}"
    assert reply.headers["x-ms-workflow-id"] == wf.id
    assert reply.headers["x-ms-workflow-name"] == "orders"
    assert re.fullmatch(r"\d{20}", reply.headers["x-ms-workflow-version"])
    assert reply.headers["x-ms-workflow-system-id"] == (
        f"/locations/westeurope/scaleunits/prod-00/workflows/{wf.id}"
    )
    assert reply.headers["Cache-Control"] == "no-cache"
    assert reply.headers["Pragma"] == "no-cache"
    assert reply.headers["Expires"] == "-1"
    assert wf.runs[-1].id == run_id


def test_standard_replies_have_standard_headers(reqres_server):
    wf = reqres_server.add_workflow("orders", flavor="standard")
    reply = requests.post(wf.callback_url, timeout=5)
    assert "x-ms-execution-location" not in reply.headers
    assert "Cache-Control" not in reply.headers
    assert reply.headers["x-ms-request-id"] == f":{reply.headers['x-ms-correlation-id']}"
    assert reply.headers["x-ms-workflow-system-id"] == f"/scaleunits/prod-00/workflows/{wf.id}"


def test_client_tracking_id_is_taken_from_the_caller(reqres_server):
    wf = reqres_server.add_workflow("orders", response=Response(200))
    reply = requests.post(wf.callback_url, headers={"x-ms-client-tracking-id": "abc"}, timeout=5)
    assert reply.headers["x-ms-client-tracking-id"] == "abc"
    assert wf.runs[-1].client_tracking_id == "abc"
    assert reply.headers["x-ms-workflow-run-id"] != "abc"


def test_suppress_workflow_headers(reqres_server):
    wf = reqres_server.add_workflow(
        "orders",
        operation_options=["SuppressWorkflowHeadersOnResponse"],
        response=Response(200, body="hi"),
    )
    reply = requests.post(wf.callback_url, timeout=5)
    assert not [h for h in reply.headers if h.lower().startswith("x-ms-")]
    assert reply.text == "hi"


@pytest.mark.reqres(allow_unexpected=True)
def test_rejections_carry_only_pre_run_headers_and_echo_tracking_id(reqres_server):
    wf = reqres_server.add_workflow("orders", method="GET")
    reply = requests.post(wf.callback_url, headers={"x-ms-client-tracking-id": "t-1"}, timeout=5)
    assert reply.status_code == 400
    for name in (
        "x-ms-workflow-id",
        "x-ms-workflow-version",
        "x-ms-workflow-name",
        "x-ms-workflow-system-id",
        "x-ms-tracking-id",
        "x-ms-request-id",
    ):
        assert name in reply.headers, name
    for name in ("x-ms-workflow-run-id", "x-ms-correlation-id", "x-ms-trigger-history-name"):
        assert name not in reply.headers, name
    assert reply.headers["x-ms-client-tracking-id"] == "t-1"
    missing = requests.post(wf.callback_url.replace(wf.id, "f" * 32), timeout=5)
    assert "x-ms-workflow-id" not in missing.headers
    assert "x-ms-request-id" in missing.headers


@pytest.mark.parametrize(
    ("body", "content_type", "raw"),
    [
        pytest.param("hello", "text/plain; charset=utf-8", b"hello", id="string"),
        pytest.param(b"\x00\x01", "application/octet-stream", b"\x00\x01", id="bytes"),
        pytest.param(
            {"$content-type": "image/png", "$content": "AAE="},
            "image/png",
            b"\x00\x01",
            id="binary",
        ),
    ],
)
def test_body_kinds_and_default_content_types(reqres_server, body, content_type, raw):
    wf = reqres_server.add_workflow("orders", response=Response(200, body=body))
    reply = requests.post(wf.callback_url, timeout=5)
    assert reply.headers["Content-Type"] == content_type
    assert reply.content == raw


def test_json_body_without_content_type_gets_the_default_and_a_reminder(reqres_server):
    wf = reqres_server.add_workflow("orders", response=Response(200, body=[1, 2]))
    reply = requests.post(wf.callback_url, timeout=5)
    assert reply.headers["Content-Type"] == "application/json; charset=utf-8"
    assert reply.json() == [1, 2]
    with pytest.warns(ResponseReminder, match="JSON body but no Content-Type"):
        reqres_server.check()


def test_no_body_means_no_content_type(reqres_server):
    wf = reqres_server.add_workflow("orders", response=Response(204))
    reply = requests.post(wf.callback_url, timeout=5)
    assert reply.status_code == 204
    assert "Content-Type" not in reply.headers


@pytest.mark.parametrize(
    "header",
    ["Set-Cookie", "Content-Length", "Content-Language", "Allow", "Expires", "Last-Modified"],
)
def test_headers_logic_apps_drops_are_dropped_with_a_reminder(reqres_server, header):
    wf = reqres_server.add_workflow(
        "orders", response=Response(200, headers={header: "x", "Content-Disposition": "inline"})
    )
    reply = requests.post(wf.callback_url, timeout=5)
    assert reply.headers.get(header) != "x"
    assert reply.headers["Content-Disposition"] == "inline"
    with pytest.warns(ResponseReminder, match=f"header '{header}'"):
        reqres_server.check()


def test_response_headers_override_the_defaults(reqres_server):
    wf = reqres_server.add_workflow(
        "orders", response=Response(200, headers={"Cache-Control": "max-age=5"}, body="x")
    )
    reply = requests.post(wf.callback_url, timeout=5)
    assert reply.headers["Cache-Control"] == "max-age=5"


def test_callable_response_sees_the_run(reqres_server):
    def echo(run):
        return Response(
            200, headers=JSON_HEADERS, body={"got": run.trigger_outputs["body"], "id": run.id}
        )

    wf = reqres_server.add_workflow("orders", response=echo)
    reply = requests.post(wf.callback_url, json={"a": 1}, timeout=5)
    assert reply.json() == {"got": {"a": 1}, "id": reply.headers["x-ms-workflow-run-id"]}


@pytest.mark.parametrize("status", [100, 199, 301, 302, 399, 600, 99])
def test_status_codes_logic_apps_refuses_are_definition_errors(status):
    with pytest.raises(DefinitionError, match=f"statusCode {status} is not allowed"):
        Response(status)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"status_code": "200"}, "must be an integer", id="status-type"),
        pytest.param({"body": {1, 2}}, "not JSON-serialisable", id="body"),
        pytest.param({"delay": -1}, "delay", id="delay"),
        pytest.param({"headers": ["x"]}, "mapping", id="headers"),
    ],
)
def test_invalid_responses_are_definition_errors(kwargs, message):
    with pytest.raises(DefinitionError, match=message):
        Response(**kwargs)


def test_response_must_be_a_response_or_callable(reqres_server):
    with pytest.raises(DefinitionError, match="got int"):
        reqres_server.add_workflow("orders", response=200)
