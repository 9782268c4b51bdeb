"""Trigger outputs and method enforcement, as Logic Apps shapes them."""

from __future__ import annotations

import base64

import pytest
import requests

from reqres_mock import DefinitionError, Headers, InboundRequest, RequestTrigger, Response
from reqres_mock.config import Flavor
from reqres_mock.protocol.trigger import build_outputs


def outputs_of(wf, **kwargs):
    reply = requests.post(wf.callback_url, timeout=5, **kwargs)
    assert reply.status_code == 202, reply.text
    return wf.runs[-1].trigger_outputs


def test_json_body_is_parsed(reqres_server):
    wf = reqres_server.add_workflow("orders")
    assert outputs_of(wf, json={"id": 7, "tags": ["a"]})["body"] == {"id": 7, "tags": ["a"]}


def test_json_suffix_types_are_parsed_too(reqres_server):
    wf = reqres_server.add_workflow("orders")
    headers = {"Content-Type": "application/vnd.api+json"}
    assert outputs_of(wf, data=b'{"a": 1}', headers=headers)["body"] == {"a": 1}


def test_json_null_body_is_kept_as_null(reqres_server):
    wf = reqres_server.add_workflow("orders")
    outputs = outputs_of(wf, data=b"null", headers={"Content-Type": "application/json"})
    assert "body" in outputs and outputs["body"] is None


def test_text_plain_body_is_a_string(reqres_server):
    wf = reqres_server.add_workflow("orders")
    headers = {"Content-Type": "text/plain; charset=utf-8"}
    assert outputs_of(wf, data="héllo".encode(), headers=headers)["body"] == "héllo"


@pytest.mark.parametrize(
    "content_type", ["application/xml", "application/octet-stream", "image/png"]
)
def test_other_types_are_content_objects(reqres_server, content_type):
    wf = reqres_server.add_workflow("orders")
    data = b"<a>\x00\xff</a>"
    body = outputs_of(wf, data=data, headers={"Content-Type": content_type})["body"]
    assert body == {"$content-type": content_type, "$content": base64.b64encode(data).decode()}


def test_json_without_content_type_is_not_parsed(reqres_server):
    wf = reqres_server.add_workflow("orders")
    body = outputs_of(wf, data=b'{"a": 1}')["body"]
    assert body == {
        "$content-type": "application/octet-stream",
        "$content": base64.b64encode(b'{"a": 1}').decode(),
    }


def test_form_urlencoded_adds_formdata_in_order_with_empty_pieces(reqres_server):
    wf = reqres_server.add_workflow("orders")
    raw = b"a=1&b=x+y&&c=%3D=&a=2"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    body = outputs_of(wf, data=raw, headers=headers)["body"]
    assert body["$content"] == base64.b64encode(raw).decode()
    assert body["$formdata"] == [
        {"key": "a", "value": "1"},
        {"key": "b", "value": "x y"},
        {"key": "", "value": ""},
        {"key": "c", "value": "=="},
        {"key": "a", "value": "2"},
    ]


def test_multipart_adds_multipart_parts(reqres_server):
    wf = reqres_server.add_workflow("orders")
    body = outputs_of(wf, files={"doc": ("a.txt", b"hello", "text/plain")}, data={"k": "v"})["body"]
    assert body["$content-type"].startswith("multipart/form-data; boundary=")
    parts = body["$multipart"]
    assert len(parts) == 2
    disposition = [p["headers"]["Content-Disposition"] for p in parts]
    assert any('name="k"' in d for d in disposition)
    doc = next(p for p in parts if 'name="doc"' in p["headers"]["Content-Disposition"])
    assert doc["body"] == "hello", "a text/* part is a plain string"


def test_keys_appear_only_when_they_have_a_value(reqres_server):
    wf = reqres_server.add_workflow("orders")
    outputs = outputs_of(wf)
    assert set(outputs) == {"headers"}


def test_queries_exclude_sas_and_api_version_and_are_decoded(reqres_server):
    wf = reqres_server.add_workflow("orders")
    reply = requests.post(wf.callback_url + "&q=a%20b&empty=", timeout=5)
    assert reply.status_code == 202
    assert wf.runs[-1].trigger_outputs["queries"] == {"q": "a b", "empty": ""}


def test_request_headers_are_in_the_outputs(reqres_server):
    wf = reqres_server.add_workflow("orders")
    headers = outputs_of(wf, headers={"X-Custom": "1"})["headers"]
    assert headers["X-Custom"] == "1"
    assert "Host" in headers


@pytest.mark.parametrize(
    ("options", "kept"),
    [
        pytest.param((), False, id="removed-by-default"),
        pytest.param(("IncludeAuthorizationHeadersInOutputs",), True, id="kept-by-option"),
    ],
)
def test_authorization_header_in_outputs(options, kept):
    """An accepted SAS call cannot carry Authorization, so this checks the outputs directly."""
    trigger = RequestTrigger(operation_options=frozenset(options))
    request = InboundRequest("POST", "/", headers=Headers({"Authorization": "Bearer x"}))
    outputs, failure = build_outputs(trigger, request, None, flavor=Flavor.CONSUMPTION)
    assert failure is None
    assert ("Authorization" in outputs["headers"]) is kept


def test_invalid_json_is_400_invalid_request_content(reqres_server):
    wf = reqres_server.add_workflow("orders", response=Response(200))
    reply = requests.post(
        wf.callback_url, data=b'{"a": ', headers={"Content-Type": "application/json"}, timeout=5
    )
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["code"] == "InvalidRequestContent"
    # JsonConvert.DeserializeObject<JToken>: the reader stops after a name, the writer's
    # WriteToken finds its object unfinished (reqres_mock.protocol.jsonread)
    assert error["message"] == (
        "The request content is not valid and could not be deserialized: 'Unexpected end when "
        "reading token. Path ''.'."
    )
    assert wf.runs == [] and len(wf.rejected) == 1


def test_invalid_utf8_json_is_400(reqres_server):
    wf = reqres_server.add_workflow("orders")
    reply = requests.post(
        wf.callback_url,
        data=b'{"a": "\xff"}',
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert reply.status_code == 400
    assert "not valid utf-8" in reply.json()["error"]["message"]


def test_method_is_enforced_with_the_exact_message(reqres_server):
    wf = reqres_server.add_workflow("orders", method="GET")
    reply = requests.patch(wf.callback_url, timeout=5)
    assert reply.status_code == 400
    assert reply.json()["error"] == {
        "code": "TriggerRequestMethodNotValid",
        "message": "The HTTP method for this request is not valid: expected 'GET' and actual "
        "'PATCH'.",
    }
    assert requests.get(wf.callback_url, timeout=5).status_code == 202


def test_unset_method_is_post_only_in_consumption(reqres_server):
    wf = reqres_server.add_workflow("orders")
    reply = requests.put(wf.callback_url, timeout=5)
    assert reply.json()["error"]["message"].endswith("expected 'POST' and actual 'PUT'.")


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE", "POST"])
def test_unset_method_is_any_method_in_standard(reqres_server, method):
    wf = reqres_server.add_workflow("orders", flavor="standard")
    assert requests.request(method, wf.callback_url, timeout=5).status_code == 202


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"method": "TRACE"}, "method 'TRACE'", id="method"),
        pytest.param({"operation_options": "Nope"}, "unknown operation option 'Nope'", id="option"),
        pytest.param({"schema": {"type": "wat"}}, "invalid JSON schema", id="schema"),
        pytest.param({"trigger_name": "a/b"}, "trigger name", id="trigger-name"),
    ],
)
def test_invalid_trigger_settings_are_definition_errors(reqres_server, kwargs, message):
    with pytest.raises(DefinitionError, match=message):
        reqres_server.add_workflow("orders", **kwargs)
