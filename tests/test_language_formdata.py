"""The form-data functions over a real form post, through HTTP: fields from ``$formdata``, parts
by their Content-Disposition name from ``$multipart``, the content type from the outputs'
headers. The requests, values and messages are the cloud's, measured by tomdam/flowforger
(conformance/flows/formdata-urlencoded.ff.ts and formdata-multipart.ff.ts, asserted in
packages/engine/src/__tests__/formdata-expressions.test.ts)."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import pytest
import requests

if TYPE_CHECKING:
    from reqres_mock import MockServer
    from reqres_mock.engine import Run

FORM = "a=1&b=x&b=2&c=x+y%2Bz&sp%20ace=%C3%A4&empty="
FORM_TYPE = "application/x-www-form-urlencoded"
BOUNDARY = "FfcBoundary"
MULTIPART = "\r\n".join(
    [
        f"--{BOUNDARY}",
        'Content-Disposition: form-data; name="title"',
        "",
        "Hello ä",
        f"--{BOUNDARY}",
        'Content-Disposition: form-data; name="file"; filename="a.txt"',
        "Content-Type: text/plain",
        "",
        "file content",
        f"--{BOUNDARY}",
        'Content-Disposition: form-data; name="tag"',
        "",
        "one",
        f"--{BOUNDARY}",
        'Content-Disposition: form-data; name="tag"',
        "",
        "two",
        f"--{BOUNDARY}--",
        "",
    ]
)
MULTIPART_TYPE = f"multipart/form-data; boundary={BOUNDARY}"
NOT_FORM = (
    "The output content is not a valid form data content. Supported form data content types "
    "are 'multipart/form-data' and 'application/x-www-form-urlencoded' and the provided content "
    "type is "
)


def octet(text: str) -> dict[str, str]:
    return {
        "$content-type": "application/octet-stream",
        "$content": base64.b64encode(text.encode()).decode(),
    }


def run(server: MockServer, expressions: dict[str, str], body: bytes | str, kind: str) -> Run:
    """Post ``body`` as ``kind`` to a workflow that composes each expression: ``Outs`` holds the
    trigger's outputs (headers and body, an HTTP-shaped output), ``Body`` only its body."""
    actions: dict[str, Any] = {
        "Outs": {"type": "Compose", "inputs": "@triggerOutputs()"},
        "Body": {"type": "Compose", "inputs": "@triggerBody()"},
    }
    after = {"Outs": ["Succeeded"], "Body": ["Succeeded"]}
    for name, expression in expressions.items():
        actions[name] = {"type": "Compose", "inputs": expression, "runAfter": after}
    (wf,) = server.add_definition(
        "forms",
        {"triggers": {"manual": {"type": "Request", "kind": "Http"}}, "actions": actions},
    )
    data = body.encode() if isinstance(body, str) else body
    requests.post(wf.callback_url, data=data, headers={"Content-Type": kind}, timeout=10)
    return wf.runs[-1].wait()


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        pytest.param("@triggerFormDataValue('a')", "1", id="value"),
        pytest.param("@triggerFormDataValue('c')", "x y+z", id="value-decoded"),
        pytest.param("@triggerFormDataValue('sp ace')", "ä", id="key-decoded"),
        pytest.param("@triggerFormDataValue('empty')", "", id="value-empty"),
        pytest.param("@triggerFormDataValue('missing')", None, id="value-missing-is-null"),
        pytest.param("@triggerFormDataMultiValues('b')", ["x", "2"], id="multi"),
        pytest.param("@triggerFormDataMultiValues('a')", ["1"], id="multi-one"),
        pytest.param("@triggerFormDataMultiValues('missing')", [], id="multi-missing"),
        pytest.param("@string(triggerBody())", FORM, id="string-is-raw-text"),
        pytest.param("@formDataValue('Outs', 'a')", "1", id="action-value"),
        pytest.param("@formDataMultiValues('Outs', 'b')", ["x", "2"], id="action-multi"),
    ],
)
def test_urlencoded_form_fields(reqres_server, expression, value):
    result = run(reqres_server, {"Read": expression}, FORM, FORM_TYPE).actions["Read"]
    assert result.status == "Succeeded", result.error
    assert result.outputs == value


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        pytest.param("@triggerMultipartBody(0)", octet("Hello ä"), id="part-untyped"),
        pytest.param("@triggerMultipartBody(1)", "file content", id="part-text"),
        pytest.param("@string(triggerMultipartBody(0))", "Hello ä", id="part-as-text"),
        pytest.param("@triggerFormDataValue('title')", octet("Hello ä"), id="value-by-name"),
        pytest.param("@triggerFormDataValue('file')", "file content", id="value-with-filename"),
        pytest.param(
            "@triggerFormDataMultiValues('tag')", [octet("one"), octet("two")], id="multi"
        ),
        pytest.param("@triggerFormDataValue('missing')", None, id="value-missing-is-null"),
        pytest.param("@multipartBody('Outs', 1)", "file content", id="action-part"),
        pytest.param("@formDataValue('Outs', 'title')", octet("Hello ä"), id="action-value"),
        pytest.param("@length(outputs('Body')?['$multipart'])", 4, id="parts-readable"),
    ],
)
def test_multipart_parts(reqres_server, expression, value):
    result = run(reqres_server, {"Read": expression}, MULTIPART, MULTIPART_TYPE).actions["Read"]
    assert result.status == "Succeeded", result.error
    assert result.outputs == value


@pytest.mark.parametrize(
    ("expression", "body", "kind", "message"),
    [
        pytest.param(
            "triggerFormDataValue('b')",
            FORM,
            FORM_TYPE,
            "The template language function 'triggerFormDataValue' failed to retrieve formdata "
            "contents from outputs. There are more than one items matching the field name 'b'.",
            id="field-twice",
        ),
        pytest.param(
            "triggerFormDataValue('tag')",
            MULTIPART,
            MULTIPART_TYPE,
            "The template language function 'triggerFormDataValue' failed to retrieve formdata "
            "contents from outputs. There are more than one items matching the field name "
            "'tag'.",
            id="part-twice",
        ),
        pytest.param(
            "triggerMultipartBody(9)",
            MULTIPART,
            MULTIPART_TYPE,
            "The template language function 'triggerMultipartBody' failed to retrieve multipart "
            "contents from outputs. The index value '9' exceeds the number of multipart "
            "contents '4' in the outputs.",
            id="index-past-end",
        ),
        pytest.param(
            "formDataValue('Body', 'a')",
            FORM,
            FORM_TYPE,
            "The template language function 'formDataValue' failed to retrieve formdata contents "
            f"from outputs. {NOT_FORM}'<null>'.",
            id="compose-of-body-has-no-content-type",
        ),
        pytest.param(
            "multipartBody('Body', 0)",
            MULTIPART,
            MULTIPART_TYPE,
            "The template language function 'multipartBody' failed to retrieve multipart "
            "contents from outputs. The supported multipart content type is 'multipart/*' and "
            "the provided content type is '<null>'. ",
            id="compose-of-multipart-body",
        ),
        pytest.param(
            "triggerFormDataValue('a')",
            '{"a": 1}',
            "application/json",
            "The template language function 'triggerFormDataValue' failed to retrieve formdata "
            f"contents from outputs. {NOT_FORM}'application/json'.",
            id="json-post",
        ),
    ],
)
def test_form_data_failures(reqres_server, expression, body, kind, message):
    error = run(reqres_server, {"Read": "@" + expression}, body, kind).actions["Read"].error
    assert error is not None
    assert error["code"] == "InvalidTemplate"
    assert error["message"] == (
        "Unable to process template language expressions in action 'Read' inputs at line '0' "
        f"and column '0': '{message}'."
    )
