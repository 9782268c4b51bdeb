"""The Standard runtime's own replies, replayed: each case is a request curl sent to a local
Logic Apps Standard host and what came back (ScoreUnder/IllogicApps
``IllogicApps.Simulator.Test/TestData/<workflow>/trace-<case>.txt``, November 2024). The same
bytes go to the mock, loaded with the trace's ``workflow.json``; the reply must have the same
status, the same header fields in the same order and spelling, and the same body with the
same keys in the same order. Ids and times differ by nature and are masked.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import requests
from wire_support import run_header_names

from reqres_mock.protocol.kestrel import in_kestrel_order, in_request_order

if TYPE_CHECKING:
    from pathlib import Path

# The traces' Response sets no Content-Type (the runtime defaults it); no reminder wanted.
pytestmark = pytest.mark.reqres(reminders="ignore")

#: The run's ids and times: they differ on every run.
MASKED = {"startTime", "endTime", "trackingId", "clientTrackingId", "originHistoryName"}

ECHO = {  # TestData/simpleEcho/workflow.json
    "type": "Request",
    "kind": "Http",
}
RELATIVE = {  # TestData/simpleRelativePath/workflow.json
    "type": "Request",
    "kind": "Http",
    "inputs": {"method": "PUT", "relativePath": "boom/{bang}/pow/{whack}"},
    "correlation": {
        "clientTrackingId": "@coalesce(triggerOutputs()?.headers?['x-correlation-id'],guid())"
    },
}
#: Every captured reply's header fields (trace-*.txt, "<= Recv header").
REPLY_FIELDS = [
    "Content-Length",
    "Content-Type",
    "Date",
    "Server",
    *run_header_names(consumption=False),
]
CURL = "Host: localhost:7071\r\nUser-Agent: curl/8.11.0\r\n"
TRIGGER = "When_a_HTTP_request_is_received"
URLENCODED = b'test&x=y=z&&&===&fn main() {    println!("Hello, world!");}'

CASES = {
    "simpleEcho/trace-simple-exec": (
        ECHO,
        "POST",
        "",
        "",
        CURL + "Accept: */*\r\n",
        b"",
        {
            "name": TRIGGER,
            "outputs": {
                "headers": {"Accept": "*/*", "Host": "localhost:7071", "User-Agent": "curl/8.11.0"}
            },
        },
    ),
    "simpleEcho/trace-json-null-body": (
        ECHO,
        "POST",
        "",
        "",
        CURL
        + "Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: 4\r\n",
        b"null",
        {
            "name": TRIGGER,
            "outputs": {
                "headers": {
                    "Accept": "application/json",
                    "Host": "localhost:7071",
                    "User-Agent": "curl/8.11.0",
                    "Content-Type": "application/json",
                    "Content-Length": "4",
                },
                "body": None,
            },
        },
    ),
    "simpleRelativePath/trace-relative-path-extra-param": (
        RELATIVE,
        "PUT",
        "/boom/1/pow/[]",
        "&extra=extra",
        CURL + "Accept: */*\r\n",
        b"",
        {
            "name": TRIGGER,
            "inputs": {"method": "PUT", "relativePath": "boom/{bang}/pow/{whack}"},
            "outputs": {
                "headers": {"Accept": "*/*", "Host": "localhost:7071", "User-Agent": "curl/8.11.0"},
                "queries": {"extra": "extra"},
                "relativePathParameters": {"bang": "1", "whack": "[]"},
            },
        },
    ),
    "simpleRelativePath/trace-path-and-query-encoding": (
        RELATIVE,
        "PUT",
        "/boom/wow%25wee%3f/pow/hehe",
        "&extra%25param=extra%3dvalue&an%33other=%20%20%20",
        CURL + "Accept: */*\r\n",
        b"",
        {
            "name": TRIGGER,
            "inputs": {"method": "PUT", "relativePath": "boom/{bang}/pow/{whack}"},
            "outputs": {
                "headers": {"Accept": "*/*", "Host": "localhost:7071", "User-Agent": "curl/8.11.0"},
                "queries": {"extra%param": "extra=value", "an3other": "   "},
                "relativePathParameters": {"bang": "wow%wee?", "whack": "hehe"},
            },
        },
    ),
    "simpleRelativePath/trace-urlencoded": (
        RELATIVE,
        "PUT",
        "/boom/whizz/pow/123",
        "",
        CURL
        + "Accept: */*\r\nContent-Length: 59\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\n",
        URLENCODED,
        {
            "name": TRIGGER,
            "inputs": {"method": "PUT", "relativePath": "boom/{bang}/pow/{whack}"},
            "outputs": {
                "headers": {
                    "Accept": "*/*",
                    "Host": "localhost:7071",
                    "User-Agent": "curl/8.11.0",
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Content-Length": "59",
                },
                "relativePathParameters": {"bang": "whizz", "whack": "123"},
                "body": {
                    "$content-type": "application/x-www-form-urlencoded",
                    "$content": base64.b64encode(URLENCODED).decode(),
                    "$formdata": [
                        {"key": "test", "value": ""},
                        {"key": "x", "value": "y=z"},
                        {"key": "", "value": ""},
                        {"key": "", "value": ""},
                        {"key": "", "value": "=="},
                        {"key": 'fn main() {    println!("Hello, world!");}', "value": ""},
                    ],
                },
            },
        },
    ),
}


ECHO_ACTIONS = {
    "Response": {
        "type": "Response",
        "kind": "Http",
        "inputs": {"statusCode": 200, "body": "@trigger()"},
        "runAfter": {},
    }
}


def _workflow(folder: Path, trigger: dict[str, Any], actions: dict[str, Any] | None = None) -> Path:
    root = folder / "project"
    (root / "WhatHappensIfStatement").mkdir(parents=True)
    (root / "host.json").write_text('{"version": "2.0"}')
    definition = {
        "definition": {"actions": actions or ECHO_ACTIONS, "triggers": {TRIGGER: trigger}},
        "kind": "Stateful",
    }
    (root / "WhatHappensIfStatement" / "workflow.json").write_text(json.dumps(definition))
    return root


def _exchange(port: int, data: bytes) -> tuple[str, list[str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        received = b""
        while b"\r\n\r\n" not in received:
            received += sock.recv(65536)
        head, _, body = received.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next(int(line.split(":")[1]) for line in lines if line.startswith("Content-"))
        while len(body) < length:
            body += sock.recv(65536)
    return lines[0], lines[1:], body


def _pairs(text: bytes) -> Any:
    """The JSON with every object as its list of (key, value) pairs: key order counts."""
    return json.loads(
        text, object_pairs_hook=lambda pairs: [p for p in pairs if p[0] not in MASKED]
    )


@pytest.mark.parametrize("case", list(CASES))
def test_the_mock_answers_as_the_standard_runtime_did(reqres_server, tmp_path, case):
    trigger, method, path, extra_query, head, body, record = CASES[case]
    (wf,) = reqres_server.load(_workflow(tmp_path, trigger))
    url = urlsplit(wf.callback_url)
    invoke = url.path.split("/invoke", 1)[0] + "/invoke"
    request = f"{method} {invoke}{path}?{url.query}{extra_query} HTTP/1.1\r\n{head}\r\n"
    status, fields, reply = _exchange(reqres_server.port, request.encode() + body)
    assert status == "HTTP/1.1 200 OK"
    assert [field.split(":", 1)[0] for field in fields] == REPLY_FIELDS
    assert "Content-Type: application/json; charset=utf-8" in fields
    assert "Server: Kestrel" in fields
    expected = {**record, "status": "Succeeded"}
    assert _pairs(reply) == _pairs(json.dumps(expected).encode())


def _condition(expression: dict[str, Any]) -> dict[str, Any]:
    return {
        "Response": {
            "type": "Response",
            "kind": "Http",
            "inputs": {"statusCode": 200, "body": "@outputs('Compose')"},
            "runAfter": {"Condition": ["SUCCEEDED"]},
        },
        "Condition": {
            "type": "If",
            "expression": expression,
            "actions": {"Compose": {"type": "Compose", "inputs": "yippee"}},
            "else": {"actions": {}},
            "runAfter": {},
        },
    }


@pytest.mark.parametrize(
    "expression",
    [
        # conditionCaseInsensitiveFunction: a function call as an operand, named in any case
        pytest.param(
            {"and": [{"equals": [{"lENgth": ["a"]}, 1]}, {"equals": [2, 2]}]},
            id="conditionCaseInsensitiveFunction",
        ),
        # conditionNestedWithoutArray: "not" takes its operand without an array
        pytest.param(
            {"and": [{"not": {"equals": [{"lENgth": ["a"]}, 2]}}, {"equals": [2, 2]}]},
            id="conditionNestedWithoutArray",
        ),
    ],
)
def test_condition_objects_run_as_the_standard_runtime_ran_them(
    reqres_server, tmp_path, expression
):
    """TestData/<case>/trace-invocation.txt (January 2025): a GET answered "yippee"."""
    (wf,) = reqres_server.load(_workflow(tmp_path, ECHO, _condition(expression)))
    target = wf.callback_url.split("://", 1)[1].split("/", 1)[1]
    request = f"GET /{target} HTTP/1.1\r\n{CURL.replace('8.11.0', '8.11.1')}Accept: */*\r\n\r\n"
    status, fields, reply = _exchange(reqres_server.port, request.encode())
    assert (status, reply) == ("HTTP/1.1 200 OK", b"yippee")
    assert [field.split(":", 1)[0] for field in fields] == REPLY_FIELDS
    assert "Content-Type: text/plain; charset=utf-8" in fields


# Beyond the traces, the rule they follow: dotnet/aspnetcore src/Servers/Kestrel/shared/
# KnownHeaders.cs (index order, spelling) and the runtime's HttpRequestMessage, which keeps
# content headers apart (IllogicApps WorkflowTraceTests.fs).


@pytest.mark.parametrize(
    ("sent", "listed"),
    [
        pytest.param(
            ["host", "accept-encoding", "accept", "connection", "user-agent"],
            ["Accept", "Connection", "Host", "User-Agent", "Accept-Encoding"],
            id="httpx-lower-case",
        ),
        pytest.param(
            ["X-Custom", "Content-Type", "Content-Length", "Authorization", "traceparent"],
            ["Authorization", "traceparent", "X-Custom", "Content-Type", "Content-Length"],
            id="content-last",
        ),
        pytest.param(
            ["Content-Disposition", "content-length", "x-b", "x-a", "Content-Type", "Cookie"],
            ["Cookie", "x-b", "x-a", "Content-Type", "Content-Length", "Content-Disposition"],
            id="unknown-as-they-came",
        ),
    ],
)
def test_trigger_headers_are_listed_as_kestrel_and_the_runtime_list_them(sent, listed):
    assert list(in_request_order(dict.fromkeys(sent, "v"))) == listed


@pytest.mark.parametrize(
    ("added", "written"),
    [
        pytest.param(
            ["x-ms-a", "cache-control", "Server", "location", "Content-Type", "x-own", "Date"],
            ["Content-Type", "Date", "Server", "Cache-Control", "Location", "x-ms-a", "x-own"],
            id="known-first-in-own-spelling",
        ),
        pytest.param(
            ["Retry-After", "Connection", "Content-Length", "Set-Cookie", "Set-Cookie"],
            ["Content-Length", "Connection", "Retry-After", "Set-Cookie", "Set-Cookie"],
            id="length-first-repeats-kept",
        ),
    ],
)
def test_reply_fields_are_written_as_kestrel_writes_them(added, written):
    assert [name for name, _ in in_kestrel_order([(n, "v") for n in added])] == written


@pytest.mark.parametrize(("flavor", "unit"), [("standard", "00"), ("consumption", None)])
def test_a_run_id_carries_its_time_as_the_runtime_makes_it(reqres_server, flavor, unit):
    """Every trace's run id starts with long.MaxValue - DateTime.UtcNow.Ticks (20 digits):
    08584696367670655220… was made 153 ticks before 2024-11-18T22:48:38.412074Z, its
    startTime. The Standard runtime's end in CU00 (all nine traces); Consumption's vary
    (CU14, CU18, CU23 in the captures of ../shared/reference)."""
    wf = reqres_server.add_workflow("orders", flavor=flavor)
    before = time.time_ns() // 100 + 621_355_968_000_000_000
    requests.post(wf.callback_url, json={}, timeout=5)
    after = time.time_ns() // 100 + 621_355_968_000_000_000
    run_id = wf.runs[-1].id
    assert re.fullmatch(r"\d{29}CU\d{2}", run_id)
    assert before <= 2**63 - 1 - int(run_id[:20]) <= after
    if unit is not None:
        assert run_id.endswith(f"CU{unit}")
