"""Outbound calls: the request each action type sends, request-matching stubs, the run's
outbound log, reply typing, unstubbed calls and retry policies — through real HTTP."""

from __future__ import annotations

import base64
import random
import re
import socket
from typing import Any

import jsonschema
import pytest
import requests
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from reqres_mock import (
    HttpReply,
    MockServer,
    OutboundRequest,
    Response,
    ServerConfig,
    UnmetStubError,
    UnstubbedActionError,
)
from reqres_mock.admin.openapi import admin_document
from reqres_mock.definitions.actions import ActionFailure
from reqres_mock.definitions.outbound import build_request
from reqres_mock.definitions.retry import RetryPolicy, parse_retry_policy

pytest_plugins = ["pytester"]

JSON = {"Content-Type": "application/json"}


def flow(server: MockServer, action: dict[str, Any], name: str = "Call") -> Any:
    """A workflow that runs ``action`` then answers with its outputs, whatever its status."""
    actions = {
        name: action,
        "Response": {
            "type": "Response",
            "inputs": {
                "statusCode": 200,
                "headers": JSON,
                "body": {
                    "outputs": f"@outputs('{name}')",
                    "status": f"@actions('{name}')['status']",
                },
            },
            "runAfter": {name: ["Succeeded", "Failed"]},
        },
    }
    document = {"triggers": {"manual": {"type": "Request", "kind": "Http"}}, "actions": actions}
    (wf,) = server.add_definition("wf", document)
    return wf


def run(wf: Any, body: Any = None) -> tuple[dict[str, Any], Any]:
    reply = requests.post(wf.callback_url, json=body if body is not None else {}, timeout=10)
    assert reply.status_code == 200, reply.text
    return reply.json(), wf.runs[-1].wait()


HTTP_ACTION = {
    "type": "Http",
    "inputs": {
        "method": "post",
        "uri": "https://api.example.com/customers/@{triggerBody()['id']}",
        "queries": {"expand": "orders", "active": True},
        "headers": {"X-Trace": "t-1"},
        "body": {"name": "Ada"},
        "authentication": {"type": "Basic", "username": "u", "password": "p"},
        "retryPolicy": {"type": "none"},
    },
}


#: The headers the Consumption runtime adds to an action's HTTP request, in order: a request
#: history in Microsoft's REST API examples (Azure/azure-rest-api-specs, specification/logic/
#: resource-manager/Microsoft.Logic/stable/2019-05-01/examples/
#: WorkflowRunActionRequestHistories_Get.json).
RUNTIME_CONSUMPTION_HEADERS = [
    ("Accept-Language", "en-US"),
    ("User-Agent", "azure-logic-apps/1.0,(workflow {id}; version {version})"),
    ("x-ms-execution-location", "westeurope"),
    ("x-ms-workflow-id", "{id}"),
    ("x-ms-workflow-version", "{version}"),
    ("x-ms-workflow-name", "wf"),
    ("x-ms-workflow-system-id", "/locations/westeurope/scaleunits/prod-00/workflows/{id}"),
    ("x-ms-workflow-run-id", "{run}"),
    ("x-ms-workflow-run-tracking-id", "{run_tracking}"),
    ("x-ms-workflow-operation-name", "{action}"),
    ("x-ms-workflow-subscription-id", "00000000-0000-0000-0000-000000000000"),
    ("x-ms-workflow-resourcegroup-name", "reqres-mock"),
    ("x-ms-workflow-subscription-capacity", "Large"),
    ("x-ms-tracking-id", "{correlation}"),
    ("x-ms-correlation-id", "{correlation}"),
    ("x-ms-client-request-id", "{correlation}"),
    ("x-ms-client-tracking-id", "{run}"),
    ("x-ms-action-tracking-id", "{action_tracking}"),
]
#: Standard's (ScoreUnder/IllogicApps IllogicApps.Core/LogicAppActionSupport.fs,
#: makeWorkflowHttpRequestHeaders, from traces of the local runtime).
RUNTIME_STANDARD_HEADERS = [
    ("x-ms-workflow-id", "{id}"),
    ("x-ms-workflow-version", "{version}"),
    ("x-ms-workflow-name", "wf"),
    ("x-ms-workflow-system-id", "/scaleunits/prod-00/workflows/{id}"),
    ("x-ms-workflow-run-id", "{run}"),
    ("x-ms-workflow-run-tracking-id", "{run_tracking}"),
    ("x-ms-workflow-operation-name", "{action}"),
    ("x-ms-tracking-id", "{correlation}"),
    ("x-ms-correlation-id", "{correlation}"),
    ("x-ms-client-request-id", "{correlation}"),
    ("x-ms-client-tracking-id", "{run}"),
    ("x-ms-action-tracking-id", "{action_tracking}"),
    ("x-ms-activity-vector", "IN.04"),
]


def test_an_http_action_sends_the_runtimes_request_and_the_run_logs_it(reqres_server):
    """Method, URI with queries, headers, a JSON body as application/json; charset=utf-8 and
    Basic authentication as an Authorization header: what the runtime sends (Microsoft Learn,
    "Schema reference for trigger and action types", HTTP action inputs)."""
    wf = flow(reqres_server, HTTP_ACTION)
    stub = wf.stub_http(
        method="POST", url="https://api.example.com/customers/*", body={"id": 7}, status=201
    )
    answer, result = run(wf, {"id": 7})
    (logged,) = result.outbound
    request = logged.request
    assert request.method == "POST"
    assert request.url == "https://api.example.com/customers/7?expand=orders&active=True"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"u:p").decode()
    assert request.headers["X-Trace"] == "t-1"
    assert request.json() == {"name": "Ada"}
    assert request.query == {"expand": "orders", "active": "True"}
    assert (logged.action, logged.attempt, logged.status, logged.stub) == ("Call", 1, 201, "http")
    assert stub.calls == [request]
    assert answer["status"] == "Succeeded"
    assert answer["outputs"]["statusCode"] == 201
    assert answer["outputs"]["body"] == {"id": 7}


@pytest.mark.parametrize("status", [200, 404])
@pytest.mark.parametrize(
    ("authentication", "recorded"),
    [
        pytest.param(
            {"type": "Basic", "username": "u", "password": "p"},
            {"type": "Basic", "username": "u", "password": "*sanitized*"},
            id="basic",
        ),
        pytest.param(
            {"type": "Raw", "value": "Bearer abc"},
            {"type": "Raw", "value": "*sanitized*"},
            id="raw",
        ),
        pytest.param(
            {"type": "ActiveDirectoryOAuth", "tenant": "t", "clientId": "c", "secret": "s"},
            {
                "type": "ActiveDirectoryOAuth",
                "tenant": "t",
                "clientId": "c",
                "secret": "*sanitized*",
            },
            id="oauth",
        ),
        pytest.param(
            {"type": "ClientCertificate", "PFX": "MIIC", "Password": "p"},
            {"type": "ClientCertificate", "PFX": "*sanitized*", "Password": "*sanitized*"},
            id="certificate-any-case",
        ),
    ],
)
def test_an_http_actions_record_sanitizes_secrets_and_names_the_policy_type(
    reqres_server, authentication, recorded, status
):
    """``actions('Call')['inputs']``: the authentication's password, value, secret, pfx and
    clientSecret as ``*sanitized*``, the retry policy's type capitalized; the request goes with
    the real values (tomdam/flowforger packages/engine/src/http-action.ts ``httpInputsRecord``,
    measured against the cloud by conformance/flows/http.ff.ts)."""
    inputs = {
        "method": "GET",
        "uri": "https://api.example.com/x",
        "retryPolicy": {"type": "none"},
        "authentication": authentication,
    }
    wf = flow(reqres_server, {"type": "Http", "inputs": inputs})
    wf.stub_http(url="https://api.example.com/*", status=status)
    _, result = run(wf)
    record = result.actions["Call"].record()["inputs"]
    assert record == {**inputs, "retryPolicy": {"type": "None"}, "authentication": recorded}
    if authentication["type"] == "Basic":
        sent = result.outbound[0].request.headers["Authorization"]
        assert sent == "Basic " + base64.b64encode(b"u:p").decode()


def test_a_workflow_actions_record_names_the_policy_type(reqres_server):
    """A Workflow action's ``actions('Call')['inputs']`` has its retry policy's type
    capitalized as an Http action's (tomdam/flowforger ``http-child-cloud.test.ts``,
    ``retryPolicy: { type: 'None' }``, measured against the cloud by child-flow.ff.ts)."""
    reqres_server.add_workflow(
        "kid", response=Response(200, headers={"Content-Type": "application/json"}, body={})
    )
    inputs = {
        "host": {"workflow": {"id": "kid"}, "triggerName": "manual"},
        "body": {"n": 21},
        "retryPolicy": {"type": "none"},
    }
    wf = flow(reqres_server, {"type": "Workflow", "inputs": inputs})
    _, result = run(wf)
    record = result.actions["Call"].record()["inputs"]
    assert record == {**inputs, "retryPolicy": {"type": "None"}}


def test_the_runtime_omits_some_headers_from_the_request(reqres_server):
    """Microsoft Learn, "Call service endpoints over HTTP or HTTPS", Known issues: Accept-*
    (but Accept-version), Allow, Content-* (but Disposition, Encoding, Type), Cookie, Expires,
    Host, Last-Modified, Origin, Set-Cookie and Transfer-Encoding are removed silently."""
    headers = {
        "Accept": "application/json",
        "Accept-Language": "nl",
        "Accept-Version": "2",
        "Content-Length": "3",
        "Content-Type": "application/vnd.x+json",
        "Cookie": "a=1",
        "Host": "evil.example",
        "Origin": "https://o.example",
        "X-Kept": "yes",
    }
    action = {
        "type": "Http",
        "inputs": {
            "method": "PUT",
            "uri": "https://h.example/",
            "headers": headers,
            "body": {"a": 1},
        },
    }
    wf = flow(reqres_server, action)
    wf.stub_http(url="https://h.example/*")
    _, result = run(wf)
    request = result.outbound[0].request
    runtime = {name for name, _ in RUNTIME_CONSUMPTION_HEADERS}
    kept = sorted(name for name in request.headers if name not in runtime)
    assert kept == ["Accept", "Accept-Version", "Content-Type", "X-Kept"]
    assert request.headers["Accept-Language"] == "en-US"  # the runtime's own, not the action's
    assert request.headers["Content-Type"] == "application/vnd.x+json"
    assert request.dropped_headers == (
        "Accept-Language",
        "Content-Length",
        "Cookie",
        "Host",
        "Origin",
    )


@pytest.mark.parametrize(
    ("action", "method", "url", "body"),
    [
        pytest.param(
            {
                "type": "ApiConnection",
                "inputs": {
                    "host": {"connection": {"name": "/subscriptions/s/connections/office365"}},
                    "method": "post",
                    "path": "/v2/Mail",
                    "body": {"To": "a@example.com"},
                },
            },
            "POST",
            "https://logic-apis-westeurope.azure-apim.net/apim/office365/v2/Mail",
            {"To": "a@example.com"},
            id="ApiConnection",
        ),
        pytest.param(
            {
                "type": "Function",
                "inputs": {
                    "function": {
                        "id": "/subscriptions/s/providers/Microsoft.Web/sites/fa/functions/Score"
                    },
                    "body": {"n": 1},
                },
            },
            "POST",
            "https://fa.azurewebsites.net/api/Score",
            {"n": 1},
            id="Function",
        ),
        pytest.param(
            {
                "type": "ServiceProvider",
                "inputs": {
                    "parameters": {"entityName": "orders", "message": {"contentData": "x"}},
                    "serviceProviderConfiguration": {
                        "connectionName": "serviceBus",
                        "operationId": "sendMessage",
                        "serviceProviderId": "/serviceProviders/serviceBus",
                    },
                },
            },
            "POST",
            "https://serviceproviders.invalid/serviceBus/serviceBus/sendMessage",
            {"entityName": "orders", "message": {"contentData": "x"}},
            id="ServiceProvider",
        ),
        pytest.param(
            {
                "type": "InvokeFunction",
                "inputs": {"functionName": "WeatherForecast", "parameters": {"zipCode": 85396}},
            },
            "POST",
            "https://functions.invalid/WeatherForecast",
            {"zipCode": 85396},
            id="InvokeFunction",
        ),
        pytest.param(
            {
                "type": "Workflow",
                "inputs": {
                    "host": {
                        "workflow": {"id": "/subscriptions/s/workflows/billing"},
                        "triggerName": "manual",
                    },
                    "body": {"order": 1},
                },
            },
            "POST",
            "https://workflows.invalid/billing/triggers/manual/invoke",
            {"order": 1},
            id="Workflow",
        ),
    ],
)
def test_every_outbound_kind_is_matched_by_request(reqres_server, action, method, url, body):
    """Each kind's request (HTTP-shaped for the non-HTTP ones) reaches a server-wide stub."""
    wf = flow(reqres_server, action)
    stub = reqres_server.stub_http(method=method, url=url, body={"ok": True}, times=1)
    answer, result = run(wf)
    assert answer["status"] == "Succeeded"
    assert answer["outputs"]["body"] == {"ok": True}
    (request,) = stub.calls
    assert result.outbound[0].request is request
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    if body is not None:
        assert request.json() == body
    reqres_server.check()


@pytest.mark.parametrize("inputs", [None, "text", {}], ids=["none", "string", "empty"])
def test_an_action_without_usable_inputs_fails_cleanly(reqres_server, inputs):
    wf = flow(reqres_server, {"type": "ApiConnection", "inputs": inputs})
    answer, result = run(wf)
    assert answer["status"] == "Failed"
    code = result.actions["Call"].error["code"]
    assert code == ("InvalidTemplate" if inputs == "text" else "ActionNotStubbed")
    reqres_server.reset()  # an unstubbed call fails the fixture's check, on purpose here


def test_a_workflow_action_calls_a_loaded_workflow_and_logs_the_call(reqres_server):
    reqres_server.add_definition(
        "child",
        {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {
                "Response": {
                    "type": "Response",
                    "inputs": {"statusCode": 200, "headers": JSON, "body": "@triggerBody()"},
                }
            },
        },
    )
    wf = flow(
        reqres_server,
        {
            "type": "Workflow",
            "inputs": {
                "host": {"workflow": {"id": "child"}, "triggerName": "manual"},
                "body": {"a": 1},
            },
        },
    )
    answer, result = run(wf)
    assert answer["outputs"]["body"] == {"a": 1}
    assert [(c.stub, c.status) for c in result.outbound] == [("workflow", 200)]
    wf.stub_http(url="https://workflows.invalid/child/*", body={"stubbed": True})
    answer, result = run(wf)
    assert answer["outputs"]["body"] == {"stubbed": True}  # a matching stub comes first
    assert len(reqres_server.workflow("child").runs) == 1


MATCHERS = [
    pytest.param({"path": "/customers/7"}, True, id="path"),
    pytest.param({"path": re.compile(r"/customers/\d+")}, True, id="path-regex"),
    pytest.param({"url": "https://api.example.com/other/*"}, False, id="url-miss"),
    pytest.param({"url": "https://api.example.com/*?expand=orders*"}, True, id="url-with-query"),
    pytest.param({"query": {"expand": "orders"}}, True, id="query"),
    pytest.param({"query": {"expand": "lines"}}, False, id="query-miss"),
    pytest.param({"headers": {"x-trace": "t-1"}}, True, id="header-any-case"),
    pytest.param({"headers": {"X-Trace": re.compile("t-.")}}, True, id="header-regex"),
    pytest.param({"json": {"name": "Ada"}}, True, id="json"),
    pytest.param({"json": {"name": "Bob"}}, False, id="json-miss"),
    pytest.param({"text": re.compile(r".*Ada.*")}, True, id="text"),
    pytest.param({"method": "GET"}, False, id="method-miss"),
]


@pytest.mark.parametrize(("match", "hit"), MATCHERS)
def test_stubs_match_on_each_part_of_the_request(reqres_server, match, hit):
    wf = flow(reqres_server, HTTP_ACTION)
    wf.stub_http(status=202, **match)
    wf.stub_http(status=299)  # the catch-all after it
    answer, _ = run(wf, {"id": 7})
    assert answer["outputs"]["statusCode"] == (202 if hit else 299)


def test_the_first_match_wins_and_the_workflows_stubs_come_before_the_servers(reqres_server):
    wf = flow(reqres_server, HTTP_ACTION)
    reqres_server.stub_http(url="https://api.example.com/*", status=203)
    first = wf.stub_http(url="https://api.example.com/*", status=201)
    second = wf.stub_http(url="https://api.example.com/*", status=202)
    answer, _ = run(wf, {"id": 1})
    assert answer["outputs"]["statusCode"] == 201
    assert (first.call_count, second.called) == (1, False)


def test_times_is_checked_by_server_check(reqres_server):
    wf = flow(reqres_server, HTTP_ACTION)
    wf.stub_http(url="https://api.example.com/*", times=2)
    reqres_server.stub_http(url="https://never.example.com/*", times=1)
    run(wf, {"id": 1})
    with pytest.raises(UnmetStubError) as raised:
        reqres_server.check()
    message = str(raised.value)
    assert "expected 2 call(s), got 1" in message
    assert "(* https://never.example.com/*) of the server expected 1 call(s), got 0" in message
    reqres_server.reset()  # the fixture's own check would fail the test again


def test_a_callable_answers_from_the_request(reqres_server):
    wf = flow(reqres_server, HTTP_ACTION)

    def answer(request: OutboundRequest) -> HttpReply:
        return HttpReply(200, body={"echo": request.json(), "path": request.path})

    wf.stub_http(url="https://api.example.com/*", reply=answer)
    reply, _ = run(wf, {"id": 3})
    assert reply["outputs"]["body"] == {"echo": {"name": "Ada"}, "path": "/customers/3"}


def test_an_exception_fails_the_action_like_a_network_error(reqres_server):
    """The runtime's wording for a connection failure: 'Http request failed with status code
    ...' (seen in OfficeDev/microsoft-teams-apps-icebreaker#150, code BadRequest)."""
    wf = flow(reqres_server, HTTP_ACTION)
    wf.stub_http(url="https://api.example.com/*", reply=ConnectionRefusedError("refused"))
    answer, result = run(wf, {"id": 3})
    assert answer["status"] == "Failed"
    error = result.actions["Call"].error
    assert error["code"] == "BadRequest"
    assert "ConnectionRefusedError" in error["message"]
    assert result.actions["Call"].inputs["uri"] == "https://api.example.com/customers/3"
    (logged,) = result.outbound
    assert logged.reply is None
    assert isinstance(logged.error, ConnectionRefusedError)


def test_a_host_name_that_does_not_resolve_fails_the_action_as_the_runtime_says(reqres_server):
    """A stub raising ``socket.gaierror`` stands for a DNS failure: code
    ``UnresolvableHostName``, no outputs (tomdam/flowforger packages/connectors-http/src/
    cloud-http.ts and its test, measured against the cloud by conformance/flows/http.ff.ts)."""
    action = {
        "type": "Http",
        "inputs": {
            "method": "GET",
            "uri": "https://h.invalid:8443/x",
            "retryPolicy": {"type": "none"},
        },
    }
    wf = flow(reqres_server, action)
    wf.stub_http(
        url="https://h.invalid:8443/*", reply=socket.gaierror(-2, "Name or service not known")
    )
    answer, result = run(wf)
    call = result.actions["Call"]
    assert (answer["status"], call.code, call.outputs) == ("Failed", "UnresolvableHostName", None)
    assert call.error == {
        "code": "UnresolvableHostName",
        "message": "The provided host name 'h.invalid' could not be resolved.",
    }


@pytest.mark.parametrize(
    ("reply", "body"),
    [
        pytest.param(HttpReply(body={"a": 1}), {"a": 1}, id="json"),
        pytest.param(HttpReply(body="plain"), "plain", id="text"),
        pytest.param(
            HttpReply(headers={"Content-Type": "application/xml"}, body="<a/>"),
            {"$content-type": "application/xml", "$content": base64.b64encode(b"<a/>").decode()},
            id="xml",
        ),
        pytest.param(
            HttpReply(body=b"\x00\x01"),
            {"$content-type": "application/octet-stream", "$content": "AAE="},
            id="binary",
        ),
        pytest.param(
            HttpReply(headers={"Content-Type": "application/json"}, body='{"b": 2}'),
            {"b": 2},
            id="json-text",
        ),
        # text/* is a string (tomdam/flowforger packages/connectors-http/src/cloud-http.ts,
        # measured against the cloud by conformance/flows/http.ff.ts: "`text/*` is a string")
        pytest.param(
            HttpReply(headers={"Content-Type": "text/csv"}, body=b"a,b\r\n1,2"),
            "a,b\r\n1,2",
            id="csv",
        ),
        pytest.param(
            HttpReply(
                headers={"Content-Type": "text/html; charset=utf-8"}, body=b"<p>\xc3\xa9</p>"
            ),
            "<p>é</p>",
            id="html",
        ),
        pytest.param(
            HttpReply(headers={"Content-Type": "application/problem+json"}, body=b'{"t":"x"}'),
            {"t": "x"},
            id="plus-json",
        ),
    ],
)
def test_reply_bodies_are_typed_by_content_type(reqres_server, reply, body):
    wf = flow(reqres_server, HTTP_ACTION)
    wf.stub_http(reply=reply)
    answer, _ = run(wf, {"id": 1})
    assert answer["outputs"]["body"] == body


def test_an_empty_reply_leaves_body_out_of_the_outputs(reqres_server):
    """An empty body leaves ``body`` out, and ``Content-Length`` is 0 (tomdam/flowforger
    packages/connectors-http/src/cloud-http.ts, measured against the cloud by
    conformance/flows/http.ff.ts); ``body('Call')`` is then null."""
    action = {**HTTP_ACTION, "inputs": {"method": "GET", "uri": "https://api.example.com/x"}}
    wf = flow(reqres_server, action)
    wf.stub_http(reply=HttpReply(204))
    _, result = run(wf)
    assert result.actions["Call"].outputs == {"statusCode": 204, "headers": {"Content-Length": "0"}}
    assert result.actions["Response"].outputs["body"]["outputs"] == result.actions["Call"].outputs


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        pytest.param(
            b"not json",
            "Unexpected character encountered while parsing value: n. Path '', line 0, position 0.",
            id="text",
        ),
        pytest.param(
            b"<html>",
            "Unexpected character encountered while parsing value: <. Path '', line 0, position 0.",
            id="html",
        ),
    ],
)
@pytest.mark.parametrize("status", [200, 404])
def test_a_json_reply_that_does_not_parse_fails_the_action(reqres_server, body, reason, status):
    """Code BadRequest, no outputs, the runtime's sentence around Newtonsoft's reason
    (tomdam/flowforger packages/connectors-http/src/cloud-http.ts and its test, measured
    against the cloud by conformance/flows/http.ff.ts)."""
    wf = flow(reqres_server, HTTP_ACTION)
    wf.stub_http(reply=HttpReply(status, {"Content-Type": "application/json"}, body))
    answer, result = run(wf, {"id": 1})
    call = result.actions["Call"]
    assert (answer["status"], call.code, call.outputs) == ("Failed", "BadRequest", None)
    assert call.error == {
        "code": "BadRequest",
        "message": "Http request failed: the content was not a valid JSON. Error while parsing "
        f"JSON: '{reason}'",
    }


def test_reply_headers_are_named_joined_and_ordered_as_dotnet_reads_them(reqres_server):
    """Names .NET knows in its spelling, others as sent; repeated fields joined with ','; the
    Cache-Control directives in .NET's order; Content-Length the body's length, last
    (tomdam/flowforger packages/connectors-http/src/cloud-http.ts ``shapeHeaders`` and its
    test, measured against the cloud by conformance/flows/http.ff.ts)."""
    wf = flow(reqres_server, HTTP_ACTION)
    fields = [
        ("content-type", "text/plain"),
        ("server-timing", "x"),
        ("x-ms-request-id", "r"),
        ("cache-control", "no-cache, no-store"),
        ("content-length", "99"),
        ("X-A", "1"),
        ("x-a", "2"),
    ]
    wf.stub_http(reply=HttpReply(200, fields, b"abcd"))
    answer, _ = run(wf, {"id": 1})
    assert answer["outputs"]["headers"] == {
        "Content-Type": "text/plain",
        "Server-Timing": "x",
        "x-ms-request-id": "r",
        "Cache-Control": "no-store, no-cache",
        "X-A": "1,2",
        "Content-Length": "4",
    }
    assert list(answer["outputs"]["headers"])[-1] == "Content-Length"


def test_an_unstubbed_call_fails_and_says_how_to_stub_it(reqres_server):
    wf = flow(reqres_server, HTTP_ACTION)
    reqres_server.stub_http(url="https://elsewhere.example.com/*")
    answer, result = run(wf, {"id": 5})
    assert answer["status"] == "Failed"
    assert result.actions["Call"].error["code"] == "ActionNotStubbed"
    assert [c.stub for c in result.outbound] == [None]
    with pytest.raises(UnstubbedActionError) as raised:
        reqres_server.check()
    message = str(raised.value)
    assert "POST https://api.example.com/customers/5?expand=orders&active=True" in message
    assert "wf.stub_http(method='POST', url='https://api.example.com/customers/5'" in message
    assert "Closest: stub_http(* https://elsewhere.example.com/*) of the server: url" in message
    reqres_server.reset()


@pytest.mark.reqres(unstubbed="200")
def test_unstubbed_200_answers_an_empty_200(reqres_server):
    wf = flow(reqres_server, HTTP_ACTION)
    answer, result = run(wf, {"id": 5})
    assert answer["status"] == "Succeeded"
    assert answer["outputs"]["statusCode"] == 200
    assert [c.stub for c in result.outbound] == ["default"]


def test_unstubbed_is_validated():
    with pytest.raises(ValueError, match="'fail', '200'"):
        ServerConfig(unstubbed="404")


def test_stub_action_is_logged_once_and_not_retried(reqres_server):
    wf = flow(
        reqres_server, {**HTTP_ACTION, "inputs": {**HTTP_ACTION["inputs"], "retryPolicy": None}}
    )
    wf.stub_action("Call", status=503)
    answer, result = run(wf, {"id": 2})
    assert answer["status"] == "Failed"
    assert [(c.attempt, c.status, c.stub) for c in result.outbound] == [(1, 503, "action")]
    assert result.outbound[0].request.url.startswith("https://api.example.com/customers/2")
    # the request the action would have sent, the runtime's headers included
    assert result.outbound[0].request.headers["x-ms-workflow-operation-name"] == "Call"


def retrying(policy: dict[str, Any] | None) -> dict[str, Any]:
    inputs = {"method": "GET", "uri": "https://flaky.example.com/x"}
    if policy is not None:
        inputs["retryPolicy"] = policy
    return {"type": "Http", "inputs": inputs}


@pytest.mark.reqres(wait_scale=0)
@pytest.mark.parametrize(
    ("policy", "attempts"),
    [
        pytest.param(None, 5, id="default-4-retries"),
        pytest.param({"type": "default"}, 5, id="default-named"),
        pytest.param({"type": "none"}, 1, id="none"),
        pytest.param({"type": "fixed", "interval": "PT30S", "count": 2}, 3, id="fixed"),
        pytest.param({"type": "exponential", "interval": "PT10S", "count": 3}, 4, id="exponential"),
    ],
)
def test_retry_policies_send_again_and_log_each_attempt(reqres_server, policy, attempts):
    """Evidence: Microsoft Learn, "Handle errors and exceptions in Azure Logic Apps",
    retry policies (default: up to four retries; none; fixed; exponential)."""
    wf = flow(reqres_server, retrying(policy))
    stub = wf.stub_http(url="https://flaky.example.com/*", status=503)
    answer, result = run(wf)
    assert answer["status"] == "Failed"
    call = result.actions["Call"]
    assert (call.code, call.error) == ("ServiceUnavailable", None)  # no error: the status
    assert [c.attempt for c in result.outbound] == list(range(1, attempts + 1))
    assert stub.call_count == attempts
    if policy and policy["type"] == "fixed":
        assert [c.delay for c in result.outbound] == [0.0, 30.0, 30.0]


@pytest.mark.reqres(wait_scale=0)
def test_a_flaky_service_succeeds_on_a_retry(reqres_server):
    wf = flow(reqres_server, retrying({"type": "fixed", "interval": "PT5S", "count": 3}))
    wf.stub_http(
        url="https://flaky.example.com/*",
        reply=[
            HttpReply(429),
            TimeoutError("timed out"),
            HttpReply(500),
            HttpReply(200, body="ok"),
        ],
    )
    answer, result = run(wf)
    assert answer["status"] == "Succeeded"
    assert answer["outputs"]["body"] == "ok"
    assert [(c.attempt, c.status) for c in result.outbound] == [
        (1, 429),
        (2, None),
        (3, 500),
        (4, 200),
    ]


@pytest.mark.reqres(wait_scale=0)
@pytest.mark.parametrize("status", [400, 404, 409])
def test_other_4xx_replies_are_not_retried(reqres_server, status):
    wf = flow(reqres_server, retrying(None))
    wf.stub_http(status=status)
    _, result = run(wf)
    assert len(result.outbound) == 1


def test_retry_waits_are_scaled_by_wait_scale():
    """PT5S x 2 retries at wait_scale=0.001 take milliseconds, on an event wait."""
    with MockServer(config=ServerConfig(wait_scale=0.001)) as server:
        wf = flow(server, retrying({"type": "fixed", "interval": "PT5S", "count": 2}))
        wf.stub_http(status=500)
        answer, result = run(wf)
        assert answer["status"] == "Failed"
        assert [c.delay for c in result.outbound] == [0.0, 5.0, 5.0]
        assert result.duration is not None and result.duration < 5


@pytest.mark.parametrize(
    "policy",
    [
        {"type": "sometimes"},
        {"type": "fixed", "interval": "PT1S", "count": 2},
        {"type": "fixed", "interval": "PT5S", "count": 91},
        {"type": "exponential", "interval": "soon", "count": 2},
    ],
)
def test_an_invalid_retry_policy_fails_the_action(reqres_server, policy):
    wf = flow(reqres_server, retrying(policy))
    wf.stub_http(status=200)
    answer, result = run(wf)
    assert answer["status"] == "Failed"
    assert result.actions["Call"].error["code"] == "InvalidTemplate"
    assert result.outbound == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(None, RetryPolicy("exponential", 4, 7.5, 5.0, 45.0), id="absent"),
        pytest.param({"type": "None"}, RetryPolicy("none", 0, 7.5, 5.0, 45.0), id="none"),
        pytest.param(
            {"type": "fixed", "interval": "PT1M", "count": 2},
            RetryPolicy("fixed", 2, 60.0, 60.0, 60.0),
            id="fixed",
        ),
        pytest.param(
            {
                "type": "exponential",
                "interval": "PT7S",
                "count": 4,
                "minimumInterval": "PT5S",
                "maximumInterval": "PT1H",
            },
            RetryPolicy("exponential", 4, 7.0, 5.0, 3600.0),
            id="exponential-docs-example",
        ),
    ],
)
def test_retry_policies_parse(raw, expected):
    assert parse_retry_policy(raw) == expected


@pytest.mark.parametrize(
    ("retry", "low", "high"),
    [(1, 5.0, 7.5), (2, 7.5, 15.0), (3, 15.0, 30.0), (4, 30.0, 45.0), (5, 45.0, 45.0)],
)
def test_default_policy_intervals_grow_exponentially_within_5_and_45_seconds(retry, low, high):
    """The documented ranges: retry n waits within
    [max(2^(n-2)*interval, min), min(2^(n-1)*interval, max)]."""
    policy = parse_retry_policy(None)
    rng = random.Random(retry)
    for _ in range(20):
        assert low <= policy.delay(retry, rng) <= high


def test_the_admin_api_lists_outbound_calls_with_secrets_hidden(reqres_server):
    wf = flow(reqres_server, HTTP_ACTION)
    wf.stub_http(body={"ok": True})
    run(wf, {"id": 4})
    listed = requests.get(reqres_server.url + "/_reqres/runs", timeout=5).json()
    registry: Registry[Any] = Registry().with_resource(
        "urn:admin",
        Resource.from_contents(
            admin_document(reqres_server.url), default_specification=DRAFT202012
        ),
    )
    jsonschema.Draft202012Validator(
        {"$ref": "urn:admin#/components/schemas/RunList"}, registry=registry
    ).validate(listed)
    (call,) = listed["value"][-1]["outbound"]
    assert call["request"]["headers"]["Authorization"] == "***"
    assert call["request"]["body"] == {"name": "Ada"}
    assert (call["attempt"], call["stub"], call["reply"]["body"]) == (1, "http", {"ok": True})


@pytest.mark.reqres(wait_scale=0)
def test_a_202_with_location_is_polled_until_done(reqres_server):
    """The asynchronous pattern (Microsoft Learn, "Call service endpoints over HTTP or HTTPS"):
    GET the Location until another status; Retry-After sets the wait (20 s without one, per
    logicappsio/LogicAppsAsyncResponseSample)."""
    wf = flow(reqres_server, retrying({"type": "none"}))
    wf.stub_http(
        method="GET",
        url="https://flaky.example.com/x",
        reply=HttpReply(202, {"Location": "/jobs/1", "Retry-After": "3"}),
    )
    job = wf.stub_http(
        url="https://flaky.example.com/jobs/1",
        reply=[HttpReply(202, {"Location": "/jobs/1"}), HttpReply(200, body={"done": True})],
    )
    answer, result = run(wf)
    assert answer["outputs"]["body"] == {"done": True}
    assert [(c.poll, c.request.url, c.status, c.delay) for c in result.outbound] == [
        (0, "https://flaky.example.com/x", 202, 0.0),
        (1, "https://flaky.example.com/jobs/1", 202, 3.0),
        (2, "https://flaky.example.com/jobs/1", 200, 20.0),
    ]
    assert job.call_count == 2


@pytest.mark.reqres(wait_scale=0)
def test_disable_async_pattern_takes_the_202_as_it_is(reqres_server):
    wf = flow(reqres_server, {**retrying(None), "operationOptions": "DisableAsyncPattern"})
    wf.stub_http(reply=HttpReply(202, {"Location": "https://flaky.example.com/jobs/1"}))
    answer, result = run(wf)
    assert (answer["status"], answer["outputs"]["statusCode"]) == ("Succeeded", 202)
    assert len(result.outbound) == 1


@pytest.mark.reqres(wait_scale=0)
def test_endless_polling_ends_with_a_clear_failure(reqres_server):
    wf = flow(reqres_server, retrying(None))
    wf.stub_http(reply=HttpReply(202, {"Location": "https://flaky.example.com/x"}))
    answer, result = run(wf)
    assert answer["status"] == "Failed"
    assert result.actions["Call"].error["code"] == "ActionTimedOut"
    assert result.outbound[-1].poll == 100


@pytest.mark.parametrize(
    ("inputs", "url", "content_type", "body"),
    [
        pytest.param(
            {"queries": {"n": 3.0, "ok": False, "q": "a b&c"}},
            "https://x.example/p?n=3&ok=False&q=a%20b%26c",
            None,
            b"",
            id="queries-as-dotnet-text",
        ),
        pytest.param(
            {"body": "héllo"},
            "https://x.example/p",
            "text/plain; charset=utf-8",
            "héllo".encode(),
            id="string-body",
        ),
        pytest.param(
            {"body": {"$content-type": "application/pdf", "$content": "JVBERg=="}},
            "https://x.example/p",
            "application/pdf",
            b"%PDF",
            id="content-body",
        ),
        pytest.param(
            {"body": [1, "é"], "headers": {"Content-Type": "application/vnd.x+json"}},
            "https://x.example/p",
            "application/vnd.x+json",
            '[1,"é"]'.encode(),
            id="declared-type-kept",
        ),
    ],
)
def test_http_requests_are_built_as_the_runtime_builds_them(inputs, url, content_type, body):
    request = build_request("A", "Http", {"method": "post", "uri": "https://x.example/p", **inputs})
    assert (request.url, request.headers.get("Content-Type"), request.body) == (
        url,
        content_type,
        body,
    )


@pytest.mark.parametrize(
    "inputs",
    [
        pytest.param({"uri": "relative/path"}, id="relative-uri"),
        pytest.param({"uri": "https://x.example", "method": ""}, id="no-method"),
        pytest.param({"uri": "https://x.example", "body": {"$content": "%%"}}, id="bad-base64"),
        pytest.param({"uri": "https://x.example", "headers": ["x"]}, id="headers-not-object"),
    ],
)
def test_http_inputs_that_make_no_request_are_invalid_templates(inputs):
    with pytest.raises(ActionFailure) as raised:
        build_request("A", "Http", {"method": "GET", **inputs})
    assert raised.value.code == "InvalidTemplate"


def test_the_fixture_fails_a_test_whose_stub_times_are_not_met(run_inner):
    """An unmet ``times=`` and an unstubbed call fail the test at teardown; the marker's
    ``unstubbed="200"`` and server stubs end with the test."""
    result = run_inner(
        """
        import pytest
        import requests

        ACTION = {"type": "Http", "inputs": {"method": "GET", "uri": "https://a.example/x"}}

        def define(server):
            document = {
                "triggers": {"manual": {"type": "Request", "kind": "Http"}},
                "actions": {"Call": ACTION},
            }
            (wf,) = server.add_definition("wf", document)
            return wf

        def test_unmet(reqres_server):
            wf = define(reqres_server)
            reqres_server.stub_http(url="https://a.example/*", times=2)
            requests.post(wf.callback_url, timeout=5)
            wf.runs[-1].wait()

        def test_unstubbed(reqres_server):
            wf = define(reqres_server)
            requests.post(wf.callback_url, timeout=5)
            wf.runs[-1].wait()

        @pytest.mark.reqres(unstubbed="200")
        def test_default_reply(reqres_server):
            assert reqres_server.engine.http_stubs == []  # the first test's stub is gone
            wf = define(reqres_server)
            requests.post(wf.callback_url, timeout=5)
            assert wf.runs[-1].wait().outbound[0].stub == "default"
        """
    )
    result.assert_outcomes(passed=3, errors=2)  # errors at teardown
    result.stdout.fnmatch_lines(
        [
            "*UnmetStubError: stub_http(* https://a.example/*) of the server expected 2 call(s)*",
            "*UnstubbedActionError: Action 'Call' of type 'Http' would call out of the mock*",
        ]
    )


def test_a_lone_surrogate_in_queries_and_basic_credentials_is_u_fffd_in_utf8():
    # A caller's JSON may escape half a surrogate pair; .NET's Encoding.UTF8 writes it as
    # U+FFFD (EF BF BD) in the query string and the Basic credentials, where Python's codec
    # raised and failed the run.
    request = build_request(
        "A",
        "Http",
        {
            "method": "get",
            "uri": "https://x.example/p",
            "queries": {"q": "a\ud83d"},
            "authentication": {"type": "Basic", "username": "u\ud83d", "password": "p"},
        },
    )
    assert request.url == "https://x.example/p?q=a%EF%BF%BD"
    assert (
        request.headers["Authorization"]
        == "Basic " + base64.b64encode("u\ufffd:p".encode()).decode()
    )


# -- the runtime's own headers on outbound requests --------------------------------------------

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def two_calls(**extra: Any) -> dict[str, Any]:
    """Two Http actions in a row, then a Response."""
    call = {"type": "Http", "inputs": {"method": "GET", "uri": "https://h.example/a"}, **extra}
    return {
        "triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {
            "First_call": call,
            "Second_call": {**call, "runAfter": {"First_call": ["Succeeded"]}},
            "Response": {
                "type": "Response",
                "inputs": {"statusCode": 200},
                "runAfter": {"Second_call": ["Succeeded"]},
            },
        },
    }


def runtime_fields(request: OutboundRequest, expected: list[tuple[str, str]]) -> list[str]:
    names = {name.lower() for name, _ in expected}
    return [name for name in request.headers if name.lower() in names]


@pytest.mark.parametrize(
    ("standard", "expected"),
    [
        pytest.param(False, RUNTIME_CONSUMPTION_HEADERS, id="consumption"),
        pytest.param(True, RUNTIME_STANDARD_HEADERS, id="standard"),
    ],
)
def test_outbound_requests_carry_the_runtimes_workflow_headers(reqres_server, standard, expected):
    """Every HTTP request an action sends carries the workflow, run and action it comes from,
    after the action's own headers: Consumption's set and order from a request history in
    Microsoft's REST API examples, Standard's from IllogicApps' traces of the local runtime;
    LogicAppUnit's FromAction matcher relies on x-ms-workflow-operation-name from the runtime."""
    document = two_calls()
    document["actions"]["First_call"]["inputs"]["headers"] = {"X-Own": "1"}
    (wf,) = reqres_server.add_definition("wf", {"definition": document} if standard else document)
    wf.stub_http(url="https://h.example/*")
    reply = requests.post(wf.callback_url, json={}, timeout=10)
    assert reply.status_code == 200
    result = wf.runs[-1].wait()
    first, second = (call.request for call in result.outbound)
    assert next(iter(first.headers)) == "X-Own"  # the action's own headers come first
    for request, action in ((first, "First_call"), (second, "Second_call")):
        values = {
            "id": wf.id,
            "version": wf.version,
            "run": result.id,
            "correlation": reply.headers["x-ms-correlation-id"],
            "action": action,
            "run_tracking": first.headers["x-ms-workflow-run-tracking-id"],
            "action_tracking": request.headers["x-ms-action-tracking-id"],
        }
        assert runtime_fields(request, expected) == [name for name, _ in expected]
        assert [(name, request.headers[name]) for name, _ in expected] == [
            (name, value.format(**values)) for name, value in expected
        ]
    assert GUID.match(first.headers["x-ms-workflow-run-tracking-id"])
    assert (
        first.headers["x-ms-workflow-run-tracking-id"]
        == (second.headers["x-ms-workflow-run-tracking-id"])
    )
    assert GUID.match(first.headers["x-ms-action-tracking-id"])
    assert first.headers["x-ms-action-tracking-id"] != second.headers["x-ms-action-tracking-id"]


def test_suppress_workflow_headers_sends_no_x_ms_header(reqres_server):
    """operationOptions SuppressWorkflowHeaders: "Don't send x-ms-* metadata headers in
    outbound requests" (Microsoft Learn, schema reference for trigger and action types,
    operation options); the other two headers of the runtime stay."""
    (wf,) = reqres_server.add_definition(
        "wf", two_calls(operationOptions="DisableAsyncPattern, SuppressWorkflowHeaders")
    )
    wf.stub_http(url="https://h.example/*")
    requests.post(wf.callback_url, json={}, timeout=10)
    for call in wf.runs[-1].wait().outbound:
        assert list(call.request.headers) == ["Accept-Language", "User-Agent"]


def test_the_actions_own_header_wins_over_the_runtimes(reqres_server):
    document = two_calls()
    document["actions"]["First_call"]["inputs"]["headers"] = {
        "user-agent": "mine/1.0",
        "x-ms-client-tracking-id": "order-7",
    }
    (wf,) = reqres_server.add_definition("wf", document)
    wf.stub_http(url="https://h.example/*")
    requests.post(wf.callback_url, json={}, timeout=10)
    request = wf.runs[-1].wait().outbound[0].request
    assert request.headers.items_list().count(("user-agent", "mine/1.0")) == 1
    assert "User-Agent" not in [name for name, _ in request.headers.items_list()]
    assert request.headers["x-ms-client-tracking-id"] == "order-7"


@pytest.mark.reqres(wait_scale=0)
def test_retries_and_polls_carry_the_same_workflow_headers(reqres_server):
    """A retry and a poll of the 202's Location are the same action's requests: the same
    action tracking id; what only the action's own request had (its body's Content-Type, its
    own headers) is not on the poll."""
    action = {
        "type": "Http",
        "inputs": {
            "method": "POST",
            "uri": "https://h.example/jobs",
            "body": {"a": 1},
            "retryPolicy": {"type": "fixed", "count": 1, "interval": "PT5S"},
        },
    }
    wf = flow(reqres_server, action)
    wf.stub_http(
        method="POST",
        url="https://h.example/jobs",
        reply=[HttpReply(503), HttpReply(202, {"Location": "https://h.example/jobs/1"})],
    )
    wf.stub_http(method="GET", url="https://h.example/jobs/1", body={"done": True})
    body, result = run(wf)
    assert body["status"] == "Succeeded"
    calls = result.outbound
    assert [(c.attempt, c.poll, c.status) for c in calls] == [(1, 0, 503), (2, 0, 202), (1, 1, 200)]
    trackers = {c.request.headers["x-ms-action-tracking-id"] for c in calls}
    assert len(trackers) == 1
    assert all(c.request.headers["x-ms-workflow-operation-name"] == "Call" for c in calls)
    assert "Content-Type" not in calls[2].request.headers


def test_stand_ins_of_calls_that_are_not_http_carry_no_workflow_headers(reqres_server):
    """ServiceProvider, InvokeFunction and Workflow actions make no HTTP request in the
    runtime: their stand-in request has only what the action says."""
    action = {
        "type": "ServiceProvider",
        "inputs": {
            "parameters": {"entityName": "orders"},
            "serviceProviderConfiguration": {
                "connectionName": "serviceBus",
                "operationId": "sendMessage",
                "serviceProviderId": "/serviceProviders/serviceBus",
            },
        },
    }
    wf = flow(reqres_server, action)
    wf.stub_http(url="https://serviceproviders.invalid/*")
    _, result = run(wf)
    assert list(result.outbound[0].request.headers) == ["Content-Type"]


@pytest.mark.parametrize(
    ("uri", "queries", "sent"),
    [
        ("http://h.example:7075", None, "http://h.example:7075/"),
        ("http://h.example:7075", {"a": 1}, "http://h.example:7075/?a=1"),
        ("https://h.example?b=2", {"a": 1}, "https://h.example/?a=1"),
        ("https://h.example/x", None, "https://h.example/x"),
    ],
)
def test_a_uri_without_a_path_requests_the_root(uri, queries, sent):
    """.NET's Uri sends ``/`` for a URI naming no path (its AbsoluteUri ends in ``/``), as
    Microsoft's Sample Test Framework relies on: its HttpAction test calls
    ``http://<machine>:7075`` (Azure/logicapps LogicAppsSampleTestFramework)."""
    inputs = {"method": "GET", "uri": uri, "queries": queries}
    assert build_request("Call", "Http", inputs).url == sent


@pytest.mark.parametrize(
    ("uri", "queries", "sent"),
    [
        pytest.param(
            "https://x.example/p?api-version=1&sig=s",
            {"a": "1"},
            "https://x.example/p?a=1",
            id="replaced",
        ),
        pytest.param("https://x.example/p?a=1", {}, "https://x.example/p?a=1", id="empty-kept"),
        pytest.param("https://x.example/p?a=1", None, "https://x.example/p?a=1", id="none-kept"),
        pytest.param(
            "https://x.example/p?a=1#top", {"b": 2}, "https://x.example/p?b=2#top", id="fragment"
        ),
    ],
)
def test_queries_replace_the_query_string_of_the_uri(uri, queries, sent):
    """``queries`` replace the URI's own query string; without any (or ``{}``) it is kept
    (tomdam/flowforger packages/connectors-http/src/cloud-http.ts and its test, measured
    against the cloud (Power Automate, the Consumption runtime) in conformance/flows/http.ff.ts).
    """
    inputs = {"method": "GET", "uri": uri, "queries": queries}
    request = build_request("Call", "Http", inputs)
    assert (request.url, request.spelled) == (sent, sent)


def test_a_connections_raw_key_authenticates_the_call_to_its_runtime_url():
    """A Standard connection's ``authentication`` ({"type": "Raw", "scheme": "Key",
    "parameter": ...}, connections.json) goes with the call to its connectionRuntimeUrl, an
    http:// one too (the Sample Test Framework points it at its mock host)."""
    inputs = {
        "host": {
            "connection": {
                "referenceName": "arm",
                "connectionRuntimeUrl": "http://mock:7075/apim/arm/foobar",
                "authentication": {"type": "Raw", "scheme": "Key", "parameter": "k1"},
            }
        },
        "method": "get",
        "path": "/subscriptions/s/resourcegroups",
    }
    request = build_request("List", "ApiConnection", inputs)
    assert request.url == "http://mock:7075/apim/arm/foobar/subscriptions/s/resourcegroups"
    assert request.headers["Authorization"] == "Key k1"
    own = {**inputs, "authentication": {"type": "Raw", "value": "Bearer mine"}}
    assert build_request("List", "ApiConnection", own).headers["Authorization"] == "Bearer mine"


@pytest.mark.reqres(wait_scale=0)
@pytest.mark.parametrize("stubbed", ["http://h.example:7075", "http://h.example:7075/"])
def test_a_stub_names_a_root_uri_either_way(reqres_server, stubbed):
    """The request names ``/`` (as .NET's Uri), and a stub written as the workflow writes the
    URI, without it, still matches; so is a 202's Location without a path polled at ``/``."""
    action = {"type": "Http", "inputs": {"method": "GET", "uri": "http://h.example:7075"}}
    wf = flow(reqres_server, action)
    wf.stub_http(
        method="GET", url=stubbed, reply=HttpReply(202, {"Location": "http://poll.example:8080"})
    )
    poll = wf.stub_http(method="GET", url="http://poll.example:8080/", body={"done": True})
    body, result = run(wf)
    assert body["status"] == "Succeeded"
    assert [c.request.url for c in result.outbound] == [
        "http://h.example:7075/",
        "http://poll.example:8080/",
    ]
    assert poll.call_count == 1


def test_a_connections_raw_scheme_without_parameter_is_the_scheme_alone():
    inputs = {
        "host": {
            "connection": {
                "referenceName": "arm",
                "connectionRuntimeUrl": "https://mock/apim/arm/x",
                "authentication": {"type": "Raw", "scheme": "Key"},
            }
        },
        "method": "get",
        "path": "/a",
    }
    assert build_request("List", "ApiConnection", inputs).headers["Authorization"] == "Key"


@pytest.mark.parametrize(
    ("uri", "sent"),
    [
        (
            "https://api.example.com/poster/Flow bot/x?q=a b",
            "https://api.example.com/poster/Flow%20bot/x?q=a%20b",
        ),
        ("https://h.example/caf\u00e9/{id}|^", "https://h.example/caf%C3%A9/%7Bid%7D%7C%5E"),
        ("https://h.example/a%20b/%zz?x=%2F&y=<>", "https://h.example/a%20b/%25zz?x=%2F&y=%3C%3E"),
        ("https://h.example/ok/path?a=1&b=(c)", "https://h.example/ok/path?a=1&b=(c)"),
    ],
)
def test_a_uri_is_sent_escaped_as_dotnets_uri_escapes_it(uri, sent):
    """The runtime sends .NET's ``Uri.AbsoluteUri``, "the canonically escaped form"
    (learn.microsoft.com/dotnet/api/system.uri.absoluteuri): Microsoft's template gallery calls
    ``.../poster/Flow bot/...`` (Azure/LogicAppsTemplates ``tool-post-message-teams``)."""
    assert build_request("Call", "Http", {"method": "GET", "uri": uri}).url == sent


@pytest.mark.parametrize(
    "stubbed",
    [
        {"url": "https://api.example.com/poster/Flow bot/*"},
        {"url": "https://api.example.com/poster/Flow%20bot/*"},
        {"path": "/poster/Flow bot/location/x"},
    ],
    ids=["url-space", "url-escaped", "path-space"],
)
def test_a_stub_names_an_escaped_path_either_way(reqres_server, stubbed):
    uri = "https://api.example.com/poster/@{'Flow bot'}/location/x"
    wf = flow(reqres_server, {"type": "Http", "inputs": {"method": "POST", "uri": uri}})
    stub = wf.stub_http(method="POST", body={"ok": True}, **stubbed)
    body, result = run(wf)
    assert body["status"] == "Succeeded", body
    assert [c.request.url for c in result.outbound] == [
        "https://api.example.com/poster/Flow%20bot/location/x"
    ]
    assert stub.call_count == 1


@pytest.mark.parametrize(
    ("uri", "sent"),
    [
        # A lone surrogate (from a JSON escape) is written as U+FFFD, as in every UTF-8 output.
        ("https://h.example/\ud83d x", "https://h.example/%EF%BF%BD%20x"),
        # .NET's Uri turns a back slash in an http(s) path into a slash.
        ("https://h.example/a\\b", "https://h.example/a/b"),
    ],
)
def test_what_dotnet_writes_differently_in_a_uri(uri, sent):
    assert build_request("Call", "Http", {"method": "GET", "uri": uri}).url == sent


@pytest.mark.parametrize(
    "stubbed",
    [
        {"url": "https://api[12].example.com/*"},  # a glob's class in the host stays a glob
        {"url": re.compile(r"https://api2\.example\.com/poster/Flow bot/.*")},
        {"path": re.compile(r"/poster/Flow bot/.*")},
    ],
    ids=["glob-class-host", "regex-url-as-spelled", "regex-path-as-spelled"],
)
def test_stub_patterns_meet_the_escaped_request(reqres_server, stubbed):
    uri = "https://api2.example.com/poster/Flow bot/x"
    wf = flow(reqres_server, {"type": "Http", "inputs": {"method": "GET", "uri": uri}})
    stub = wf.stub_http(body={"ok": True}, **stubbed)
    body, _ = run(wf)
    assert (body["status"], stub.call_count) == ("Succeeded", 1)


def test_a_regex_meets_the_uri_as_spelled_not_any_unescaping_of_it(reqres_server):
    """The spelled form is the definition's own: a request to ``/a%2Fb`` is no ``/a/b``."""
    uri = "https://h.example/a%2Fb"
    wf = flow(reqres_server, {"type": "Http", "inputs": {"method": "GET", "uri": uri}})
    wrong = wf.stub_http(path=re.compile(r"/a/b"), body={"wrong": True})
    right = wf.stub_http(path=re.compile(r"/a%2Fb"), body={"ok": True})
    body, _ = run(wf)
    assert (body["status"], wrong.call_count, right.call_count) == ("Succeeded", 0, 1)
