"""Replies held against captured Logic Apps traffic (issue 18): one test per correction.

Each test names its evidence; the tags (C1, I1, T4...) are those of the "Evidence from captured
traffic" section of the behaviour reference, which lists every source in full.
"""

from __future__ import annotations

import gzip
import json
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from wire_support import raw_exchange, run_header_names, target

from reqres_mock import DefinitionError, MockServer, Response, RunStatus

pytestmark = pytest.mark.reqres(allow_unexpected=True)

JSON = {"Content-Type": "application/json"}


def respond(body: Any, status: int = 200) -> dict[str, Any]:
    return {"type": "Response", "inputs": {"statusCode": status, "headers": JSON, "body": body}}


def error_of(reply: requests.Response) -> dict[str, str]:
    assert reply.headers["Content-Type"] == "application/json; charset=utf-8"
    return reply.json()["error"]


# 1 ------------------------------------------------------------------------------------------


def test_a_response_after_the_504_fails_the_action_and_the_run(reqres_server):
    # https://learn.microsoft.com/azure/logic-apps/logic-apps-workflow-actions-triggers
    # ("the Response action is marked as 'Failed' … your logic app run is also marked with
    # 'Failed' status"); the wording: https://github.com/Azure/logicapps/issues/1340
    (wf,) = reqres_server.add_definition(
        "late",
        {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {
                "Compose": {"type": "Compose", "inputs": "too late"},
                "Response": {
                    **respond("@outputs('Compose')"),
                    "runAfter": {"Compose": ["Succeeded"]},
                },
            },
        },
    )
    wf.timeout = 0.2
    with wf.gate():
        assert requests.post(wf.callback_url, timeout=10).status_code == 504
    run = wf.runs[-1].wait()
    assert run.status is RunStatus.FAILED
    assert run.responded_late
    error = run.actions["Response"].error
    assert error is not None and error["code"] == "ActionResponseTimedOut"
    assert run.failure is not None and run.failure["code"] == "ActionFailed"
    assert error["message"].startswith(
        "The execution of template action 'Response' is failed: the client application timed "
        "out waiting for a response from service."
    )


# 2 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flavor", "scope"),
    [
        # public Power Automate notes (behaviour reference, T7): scope '/triggers/manual/paths/'
        pytest.param("consumption", "/triggers/manual/paths/items/a b", id="consumption"),
        # https://github.com/Azure/LogicAppsUX/issues/2937 (Standard): '/triggers/manual/invoke/…'
        pytest.param("standard", "/triggers/manual/invoke/items/a b", id="standard"),
    ],
)
def test_sas_checks_come_in_azures_order_and_words(reqres_server, flavor, scope):
    wf = reqres_server.add_workflow("orders", flavor=flavor, relative_path="/items/{id}")
    url = wf.url(id="a b")
    # JanneMattila/azure-logic-apps-demos : easyauth/README.md: SAS plus a Bearer token, the
    # message names the scheme sent. Standard's status is 400, the runtime's own log says
    # "HttpStatus: 'BadRequest'" (Azure/logicapps#1157); Consumption's 401, a public Java
    # integration test against a Teams workflow URL.
    both = requests.post(url, headers={"Authorization": "Bearer x.y.z"}, timeout=5)
    assert both.status_code == (400 if flavor == "standard" else 401)
    assert error_of(both) == {
        "code": "DirectApiRequestHasMoreThanOneAuthorization",
        "message": "The request has SAS authentication scheme, 'Bearer' authorization scheme "
        "or internal token scheme. Only one scheme should be used.",
    }
    # Azure/LogicAppsUX#2937 and T7: an sp that does not cover the call is refused before its
    # sig is looked at, and the scope is the path invoked.
    foreign_sp = url.replace("sp=%2Ftriggers%2Fmanual%2Frun", "sp=%2Ftriggers%2Fother%2Frun")
    denied = error_of(requests.post(foreign_sp, timeout=5))
    assert denied["code"] == "AuthorizationFailed"
    assert denied["message"].startswith(
        f"You do not have permissions to perform action 'run' on scope '{scope}'."
    )
    # Public Power Automate notes (T7): a URL missing only its sig is not SAS at all.
    no_sig = re.sub(r"&sig=[^&]+", "", url)
    assert error_of(requests.post(no_sig, timeout=5))["code"] == "DirectApiAuthorizationRequired"


# 3 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("api_version", ["2016-06-01", "2016-10-01"])
def test_the_classic_consumption_run_route_is_accepted(reqres_server, api_version):
    # https://learn.microsoft.com/powershell/module/az.logicapp/get-azlogicapptriggercallbackurl
    # shows .../workflows/<id>/triggers/manual/run?api-version=2016-06-01&sp=...&sv=1.0&sig=...
    # and the WDL listCallbackUrl() reference example the same route with 2016-10-01 (T4).
    wf = reqres_server.add_workflow("orders", response=Response(200, body="ran"))
    query = dict(parse_qs(urlsplit(wf.callback_url).query))
    classic = (
        f"{reqres_server.url}/workflows/{wf.id}/triggers/manual/run?api-version={api_version}"
        f"&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={query['sig'][0]}"
    )
    reply = requests.post(classic, json={"id": 1}, timeout=5)
    assert (reply.status_code, reply.text) == (200, "ran")
    assert wf.runs[-1].trigger_outputs["body"] == {"id": 1}


# 5 ------------------------------------------------------------------------------------------


def test_multipart_parts_are_shaped_as_the_runtime_does(reqres_server):
    # ScoreUnder/IllogicApps : IllogicApps.Simulator.Test/TestData/simpleRelativePath/
    # trace-form-data.txt (the Standard runtime's trigger outputs for this body)
    wf = reqres_server.add_workflow("forms")
    boundary = "b0und"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\ny=z\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="rust"; filename="t.rs"\r\n'
        f"Content-Type: text/rust\r\n\r\nfn main() {{}}\n\r\n--{boundary}--\r\n"
    ).encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    assert requests.post(wf.callback_url, data=body, headers=headers, timeout=5).ok
    parts = wf.runs[-1].trigger_outputs["body"]["$multipart"]
    assert parts == [
        {
            "headers": {"Content-Disposition": 'form-data; name="x"', "Content-Length": "3"},
            "body": {"$content-type": "application/octet-stream", "$content": "eT16"},
        },
        {
            "headers": {
                "Content-Disposition": 'form-data; name="rust"; filename="t.rs"',
                "Content-Type": "text/rust",
                "Content-Length": "13",
            },
            "body": "fn main() {}\n",
        },
    ]


# 6 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trigger", "inputs"),
    [
        # ScoreUnder/IllogicApps : IllogicApps.Simulator.Test/TestData/simpleEcho/
        # trace-simple-exec.txt: a trigger without inputs has no "inputs" key
        pytest.param({}, None, id="no-inputs"),
        # ScoreUnder/IllogicApps : IllogicApps.Simulator.Test/TestData/simpleRelativePath/
        # trace-form-data.txt: method and relativePath as defined
        pytest.param(
            {"inputs": {"method": "PUT", "relativePath": "boom/{bang}"}},
            {"method": "PUT", "relativePath": "boom/{bang}"},
            id="method-and-path",
        ),
    ],
)
def test_the_trigger_record_is_the_runtimes(reqres_server, trigger, inputs):
    (wf,) = reqres_server.add_definition(
        "echo",
        {
            "triggers": {"manual": {"type": "Request", "kind": "Http", **trigger}},
            "actions": {"Response": respond({"t": "@trigger()"})},
        },
    )
    url = wf.url(bang="wow") if inputs else wf.callback_url
    record = requests.request(wf.method or "POST", url, timeout=5).json()["t"]
    assert record.get("inputs") == inputs and ("inputs" in record) == (inputs is not None)
    # .NET round-trip with the fraction's trailing zeros trimmed: 2024-11-18T22:48:38.412074Z
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,6}[1-9])?Z", record["startTime"])
    assert list(record) == [
        "name",
        *(["inputs"] if inputs else []),
        "outputs",
        "startTime",
        "endTime",
        "trackingId",
        "clientTrackingId",
        "originHistoryName",
        "status",
    ]


# 9 ------------------------------------------------------------------------------------------


def test_deadlines_are_the_documented_ones():
    # https://learn.microsoft.com/azure/logic-apps/logic-apps-limits-and-config: "Inbound
    # request: 120 sec (2 min)" multitenant, "225 sec (3 min and 45 seconds)" single-tenant
    with MockServer() as server:
        server.add_workflow("cons")
        server.add_workflow("std", flavor="standard")
        server.add_workflow("own", timeout=5)
        listed = requests.get(f"{server.url}/_reqres/workflows", timeout=5).json()
    timeouts = {w["name"]: w["timeout"] for w in listed["value"]}
    assert timeouts == {"cons": 120.0, "std": 225.0, "own": 5.0}


# 10 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("flavor", ["consumption", "standard"])
def test_urls_the_mock_builds_are_urls_it_answers(reqres_server, flavor):
    # No public evidence needed: a URL wf.url() builds must reach the workflow on both flavours.
    wf = reqres_server.add_workflow("items", flavor=flavor, relative_path="/items/{name}")
    reply = requests.post(wf.url(name="a/b"), timeout=5)
    assert reply.status_code == 202
    assert wf.runs[-1].trigger_outputs["relativePathParameters"] == {"name": "a/b"}
    miss = wf.url(name="x").replace("/items/x", "/other/a%2520b")
    message = error_of(requests.post(miss, timeout=5))["message"]
    assert "'other/a%20b'" in message, "decoded once, not twice"


# 8 ------------------------------------------------------------------------------------------


def _definition(trigger: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    return {
        "triggers": {"manual": {"type": "Request", "kind": "Http", **trigger}},
        "actions": {"Response": {**respond("ok"), **response}},
    }


def test_definitions_azure_accepts_load(reqres_server, tmp_path):
    # https://learn.microsoft.com/azure/logic-apps/logic-apps-workflow-actions-triggers:
    # SingleInstance applies to all triggers (same as runs: 1); DisableAsyncPattern lists the
    # Response action among its actions.
    (single,) = reqres_server.add_definition(
        "single",
        _definition(
            {"operationOptions": "SingleInstance"}, {"operationOptions": "DisableAsyncPattern"}
        ),
    )
    gate = single.gate()
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(requests.post, single.callback_url, timeout=10)
        gate.wait_for_held(1)
        second = pool.submit(requests.post, single.callback_url, timeout=10)
        reqres_server.engine.journal.wait_for(
            lambda r: r.status is RunStatus.WAITING, 1, 5, "the second run waiting its turn"
        )
        gate.release()
        assert [first.result().text, second.result().text] == ["ok", "ok"]
    # https://github.com/MicrosoftDocs/azure-docs/issues/46066: 0 is refused with this text;
    # the limits page: up to 100 waiting runs (Consumption), 200 (Standard).
    waiting = {"runtimeConfiguration": {"concurrency": {"runs": 1, "maximumWaitingRuns": 0}}}
    with pytest.raises(
        DefinitionError,
        match=r"The provided value '0' of property 'maximumWaitingRuns' is not a positive",
    ):
        reqres_server.add_definition("zero", _definition(waiting, {}))
    waiting["runtimeConfiguration"]["concurrency"]["maximumWaitingRuns"] = 200
    with pytest.raises(DefinitionError, match="from 1 to 100 on Consumption"):
        reqres_server.add_definition("cons", _definition(waiting, {}))
    (std,) = reqres_server.add_definition("std", {"definition": _definition(waiting, {})})
    assert std.limiter.waiting == 200
    # The resource `az logic workflow show` prints, with a UTF-8 BOM as PowerShell writes it.
    resource = {
        "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Logic/workflows/shown",
        "name": "shown",
        "type": "Microsoft.Logic/workflows",
        "location": "westeurope",
        "properties": {"state": "Enabled", "definition": _definition({}, {})},
    }
    path = tmp_path / "shown.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(resource).encode())
    (shown,) = reqres_server.load(path)
    assert requests.post(shown.callback_url, timeout=5).text == "ok"


# 4 ------------------------------------------------------------------------------------------


def test_the_asynchronous_pattern_has_the_captured_shape(reqres_requests, reqres_server):
    # JanneMattila/some-questions-and-some-answers : q&a/la_sync_or_async_http_processing.http
    # (C1: the 202 body, a Location without :443) and T2 (a real polling URL: dashed GUID,
    # api-version=2016-06-01). In-process, so the callback URL can have Azure's host and port.
    wf = reqres_server.add_workflow(
        "report",
        base_url="https://prod-25.westcentralus.logic.azure.com:443",
        schema={"type": "object"},
        response=Response(200, body="done", asynchronous=True),
    )
    with wf.gate():
        accepted = requests.post(wf.callback_url, json={"time": 20}, timeout=5)
        assert accepted.status_code == 202
        location = accepted.headers["Location"]
        assert location.startswith("https://prod-25.westcentralus.logic.azure.com/workflows/")
        parts = urlsplit(location)
        operation = parts.path.rsplit("/", 1)[1]
        assert str(uuid.UUID(operation)) == operation
        assert parse_qs(parts.query)["api-version"] == ["2016-06-01"]
        properties = accepted.json()["properties"]
        assert list(properties) == [
            "waitEndTime",
            "startTime",
            "status",
            "correlation",
            "workflow",
            "trigger",
            "outputs",
            "response",
        ]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z", properties["startTime"])
        trigger = properties["trigger"]
        assert trigger["correlation"] == properties["correlation"]
        assert properties["outputs"] == {}
        assert set(properties["response"]) == {"startTime", "correlation", "status"}
        links = {}
        for name in ("inputsLink", "outputsLink"):
            link = trigger[name]
            assert set(link) == {"uri", "contentVersion", "contentSize", "contentHash"}
            assert link["contentHash"] == {"algorithm": "md5", "value": link["contentVersion"]}
            fetched = requests.get(link["uri"], timeout=5)
            assert fetched.status_code == 200
            assert len(fetched.content) == link["contentSize"]
            links[name] = fetched.json()
        assert links["inputsLink"] == {"schema": {"type": "object"}}
        assert links["outputsLink"]["body"] == {"time": 20}
    wf.runs[0].wait()
    assert requests.get(location, timeout=5).text == "done"


# 7 ------------------------------------------------------------------------------------------

RATE_LIMITS = [
    "x-ms-ratelimit-burst-remaining-workflow-writes",
    "x-ms-ratelimit-remaining-workflow-download-contentsize",
    "x-ms-ratelimit-remaining-workflow-upload-contentsize",
    "x-ms-ratelimit-time-remaining-directapirequests",
]


def test_consumption_replies_carry_rate_limits_and_are_gzipped(reqres_server):
    # tomasrabazo/azure-LA-logic-storage : README.md (C2: the four x-ms-ratelimit-* headers
    # between x-ms-tracking-id and x-ms-request-id, Content-Encoding: gzip with Vary) and
    # JanneMattila/some-questions-and-some-answers : q&a/la_sync_or_async_http_processing.http
    wf = reqres_server.add_workflow(
        "orders", response=Response(200, headers=JSON, body={"ok": True})
    )
    first = requests.post(wf.callback_url, json={"n": 1}, timeout=5)
    second = requests.post(wf.callback_url, json={"n": 22}, timeout=5)
    names = [k.lower() for k in first.headers]
    assert (
        names[names.index("x-ms-tracking-id") + 1 : names.index("x-ms-request-id")] == RATE_LIMITS
    )
    for header in RATE_LIMITS:
        assert int(second.headers[header]) < int(first.headers[header]), header
    assert first.headers["Content-Encoding"] == "gzip"
    assert first.headers["Vary"] == "Accept-Encoding"
    assert first.json() == {"ok": True}
    raw = requests.post(
        wf.callback_url, headers={"Accept-Encoding": "gzip"}, timeout=5, stream=True
    )
    assert gzip.decompress(raw.raw.read(decode_content=False)) == b'{"ok":true}'
    plain = requests.post(wf.callback_url, headers={"Accept-Encoding": "identity"}, timeout=5)
    assert "Content-Encoding" not in plain.headers and plain.content == b'{"ok":true}'
    assert wf.runs[-1].reply.body == b'{"ok":true}', "run history keeps the plain body"


def raw_post(server: MockServer, request_target: str, *, version: str = "HTTP/1.1") -> bytes:
    """The raw reply to an empty POST from a caller that accepts gzip and closes."""
    head = (
        f"POST {request_target} {version}\r\nHost: x\r\nAccept-Encoding: gzip,deflate\r\n"
        "Content-Length: 0\r\nConnection: close\r\n\r\n"
    )
    return raw_exchange(server, head.encode())


def test_a_gzipped_reply_goes_in_chunks_without_a_length(reqres_server):
    # JanneMattila/some-questions-and-some-answers q&a/la_sync_or_async_http_processing.http
    # (C1) and tomasrabazo/azure-LA-logic-storage README.md (C2): every captured gzipped 200
    # is "Transfer-Encoding: chunked" with no Content-Length.
    wf = reqres_server.add_workflow("orders", response=Response(200, headers=JSON, body="hi"))
    raw = raw_post(reqres_server, target(wf.callback_url))
    head, _, body = raw.partition(b"\r\n\r\n")
    fields = [line.split(b": ", 1)[0].lower() for line in head.split(b"\r\n")[1:]]
    assert b"transfer-encoding" in fields and b"content-length" not in fields
    size, _, rest = body.partition(b"\r\n")
    assert rest == gzip.compress(b"hi", mtime=0) + b"\r\n0\r\n\r\n"
    assert int(size, 16) == len(gzip.compress(b"hi", mtime=0))


# tomasrabazo/azure-LA-logic-storage README.md (C2): a captured 201, header by header, and the
# 200 beside it (which swaps Content-Length for Transfer-Encoding and adds Vary after Expires;
# JanneMattila's 200 shows Content-Encoding after Content-Type). That is HTTP.sys's order: the
# headers it knows in its HTTP_HEADER_ID order (http.h), then the others, then Date.
RUN_HEADERS_C2 = run_header_names(consumption=True, rate_limits=RATE_LIMITS)
CAPTURED_201 = [
    *["cache-control", "pragma", "content-length", "content-type", "expires"],
    *RUN_HEADERS_C2,
    *["strict-transport-security", "date"],
]
CAPTURED_200 = [
    *["cache-control", "pragma", "transfer-encoding", "content-type", "content-encoding"],
    *["expires", "vary", *RUN_HEADERS_C2, "strict-transport-security", "date"],
]


def _field_names(raw: bytes) -> list[str]:
    head = raw.partition(b"\r\n\r\n")[0].decode("latin-1")
    return [line.split(":", 1)[0].lower() for line in head.split("\r\n")[1:]]


@pytest.mark.parametrize(("status", "captured"), [(201, CAPTURED_201), (200, CAPTURED_200)])
def test_consumption_headers_come_in_the_captured_order(reqres_server, status, captured):
    wf = reqres_server.add_workflow(
        "orders",
        response=Response(status, headers={"Content-Type": "text/plain", "X-Own": "1"}, body="x"),
    )
    raw = raw_post(reqres_server, target(wf.callback_url))
    # The Response's own header (none in the capture) goes with the other unknown ones, after
    # the run's; HTTP.sys adds Connection after Date (JanneMattila's captures).
    at = captured.index("strict-transport-security")
    assert _field_names(raw) == [*captured[:at], "x-own", *captured[at:], "connection"]


def test_a_refusal_and_a_standard_reply_keep_their_own_order(reqres_server):
    wf = reqres_server.add_workflow("orders")
    bad = target(wf.callback_url).replace("sig=", "sig=x")
    refused = _field_names(raw_post(reqres_server, bad))
    assert refused[:4] == ["cache-control", "pragma", "content-length", "content-type"]
    assert refused[-3:] == ["strict-transport-security", "date", "connection"]
    # Standard: Kestrel's order, no front-end headers (tests/test_standard_traces.py). Kestrel
    # writes Connection among its primary headers (dotnet/aspnetcore KnownHeaders.cs).
    std = reqres_server.add_workflow("std", flavor="standard")
    names = _field_names(raw_post(reqres_server, target(std.callback_url)))
    assert names[:5] == ["content-length", "connection", "date", "server", "x-ms-workflow-run-id"]
    assert "strict-transport-security" not in names


def test_a_refusal_names_the_workflow_in_a_runs_order(reqres_server):
    # A deployed Standard app's 400 TriggerInputSchemaMismatch, header by header, in a public
    # lab's README (the OrderSuppliesV2 workflow, 2026): x-ms-workflow-system-id first, as
    # in a run's reply.
    schema = {"type": "object", "required": ["item"]}
    std = reqres_server.add_workflow("std", flavor="standard", schema=schema, validate_schema=True)
    reply = requests.post(std.callback_url, json={}, timeout=5)
    assert reply.status_code == 400
    assert [name.lower() for name in reply.headers if name.lower().startswith("x-ms-")] == [
        "x-ms-workflow-system-id",
        "x-ms-workflow-id",
        "x-ms-workflow-version",
        "x-ms-workflow-name",
        "x-ms-tracking-id",
        "x-ms-request-id",
    ]


@pytest.mark.parametrize(
    ("flavor", "own", "first", "last"),
    [
        # A Standard Response may send HSTS: Kestrel still writes the reply.
        ("standard", {"Strict-Transport-Security": "max-age=1"}, "content-length", "x-own"),
        # A Consumption Response may send a Server: the front end still writes the reply.
        ("consumption", {"Server": "mine"}, "cache-control", "connection"),
    ],
)
def test_the_workflows_flavor_decides_who_writes_the_reply(reqres_server, flavor, own, first, last):
    wf = reqres_server.add_workflow(
        "orders", flavor=flavor, response=Response(200, headers={**own, "X-Own": "1"}, body="x")
    )
    names = _field_names(raw_post(reqres_server, target(wf.callback_url)))
    assert (names[0], names[-1]) == (first, last)


def test_a_responses_own_date_and_connection_are_not_doubled(reqres_server):
    # Kestrel writes its Date and "Connection: close" only when the application set none
    # (dotnet/aspnetcore HttpProtocol.CreateResponseHeaders); two Date lines break RFC 9110.
    wf = reqres_server.add_workflow(
        "orders",
        flavor="standard",
        response=Response(
            200, headers={"Date": "Tue, 01 Jan 2030 00:00:00 GMT", "Connection": "keep-alive"}
        ),
    )
    raw = raw_post(reqres_server, target(wf.callback_url))  # the caller sends Connection: close
    names = _field_names(raw)
    assert names.count("date") == 1 and names.count("connection") == 1
    assert b"Date: Tue, 01 Jan 2030 00:00:00 GMT\r\n" in raw


def test_a_lone_surrogate_escape_is_u_fffd_on_the_way_out(reqres_server):
    # JSON lets a body escape half a surrogate pair ("\\ud83d"). Newtonsoft keeps it in the
    # .NET string (one char); Encoding.UTF8 writes it as U+FFFD (EF BF BD):
    # https://learn.microsoft.com/dotnet/api/system.text.encoding.utf8. The run used to fail
    # on Python's codec (a 502), and the admin API's run list answered 500 from then on.
    definition = {
        "triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {
            "Response": respond(
                {
                    "echo": "@triggerBody()?['a']",
                    "length": "@length(triggerBody()?['a'])",
                    "base64": "@base64(triggerBody()?['a'])",
                }
            )
        },
    }
    wf = reqres_server.add_definition("echo", {"definition": definition})[0]
    reply = requests.post(
        wf.callback_url,
        data=b'{"a":"\\ud83d"}',
        headers={"Content-Type": "application/json", "Accept-Encoding": "identity"},
        timeout=5,
    )
    assert reply.status_code == 200
    assert reply.content == b'{"echo":"\xef\xbf\xbd","length":1,"base64":"77+9"}'
    admin = f"http://127.0.0.1:{reqres_server.port}/_reqres"
    listed = requests.get(f"{admin}/runs", timeout=5)
    assert listed.status_code == 200
    assert listed.json()["value"][0]["triggerOutputs"]["body"] == {"a": "\ufffd"}
    assert requests.get(f"{admin}/", timeout=5).status_code == 200


def test_an_http_1_0_caller_gets_the_gzipped_200_with_a_length(reqres_server):
    # RFC 9112 section 6.1: Transfer-Encoding only in a reply to an HTTP/1.1 request.
    wf = reqres_server.add_workflow("orders", response=Response(200, headers=JSON, body="hi"))
    raw = raw_post(reqres_server, target(wf.callback_url), version="HTTP/1.0")
    head, _, body = raw.partition(b"\r\n\r\n")
    assert b"\r\nContent-Encoding: gzip\r\n" in head
    assert b"Transfer-Encoding" not in head
    assert f"\r\nContent-Length: {len(body)}\r\n".encode() in head
    assert gzip.decompress(body) == b"hi"


@pytest.mark.parametrize("status", [201, 202, 400, 404, 500])
def test_replies_other_than_200_go_plain_to_a_caller_that_accepts_gzip(reqres_server, status):
    # C2: a Response 201 (22 bytes) and a 404 (14 bytes) to "Accept-Encoding: gzip,deflate"
    # came with a Content-Length and no Content-Encoding or Vary; only its 200 was compressed.
    body = "Display Name: 202.json"
    wf = reqres_server.add_workflow(
        "orders", response=Response(status, headers={"Content-Type": "text/plain"}, body=body)
    )
    reply = requests.post(wf.callback_url, headers={"Accept-Encoding": "gzip,deflate"}, timeout=5)
    assert reply.status_code == status and reply.text == body
    assert reply.headers["Content-Length"] == str(len(body))
    assert "Content-Encoding" not in reply.headers and "Vary" not in reply.headers
    assert "Transfer-Encoding" not in reply.headers


def test_the_scale_unit_is_the_callback_hosts(reqres_requests, reqres_server):
    # C2: host prod-18.uksouth.logic.azure.com, x-ms-workflow-system-id
    # /locations/uksouth/scaleunits/prod-18/workflows/<id>
    wf = reqres_server.add_workflow(
        "orders", base_url="https://prod-18.westeurope.logic.azure.com:443"
    )
    reply = requests.post(wf.callback_url, timeout=5)
    assert reply.headers["x-ms-workflow-system-id"] == (
        f"/locations/westeurope/scaleunits/prod-18/workflows/{wf.id}"
    )
    standard = reqres_server.add_workflow("std", flavor="standard")
    assert not any(
        k.lower().startswith("x-ms-ratelimit")
        for k in requests.post(standard.callback_url, timeout=5).headers
    )
