"""Actions that run inside the runtime on the project's own artefacts: XSLT maps (Transform
XML / Data Mapper, XSLT 3.0 via saxonche) and inline JavaScript (mini-racer), each behind an
extra, with a clear failure when the extra is missing."""

from __future__ import annotations

import base64
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

JSON = {"Content-Type": "application/json"}
MAP = Path(__file__).parent.parent / "examples" / "standard-project" / "Artifacts" / "Maps"


def project_with(tmp_path: Path, actions: dict[str, Any]) -> Path:
    (tmp_path / "host.json").write_text("{}")
    shutil.copytree(MAP, tmp_path / "Artifacts" / "Maps")
    definition = {
        "definition": {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": actions,
        }
    }
    folder = tmp_path / "wf"
    folder.mkdir()
    (folder / "workflow.json").write_text(json.dumps(definition))
    return tmp_path


# The shape of LogicAppUnit's call-data-mapper-workflow (Data Mapper, map from the project).
DATA_MAPPER = {
    "Transform": {
        "type": "Xslt",
        "kind": "DataMapper",
        "inputs": {
            "content": "@triggerBody()",
            "map": {"source": "LogicApp", "name": "OrderToInvoice.xslt"},
        },
    },
    "Response_Success": {
        "type": "Response",
        "inputs": {"statusCode": 200, "body": "@body('Transform')"},
        "runAfter": {"Transform": ["SUCCEEDED"]},
    },
    "Response_Failure": {
        "type": "Response",
        "inputs": {"statusCode": 500, "headers": JSON, "body": "@actions('Transform')?['error']"},
        "runAfter": {"Transform": ["TIMEDOUT", "FAILED"]},
    },
}
ORDER = b'<Order id="7"><Line sku="A" qty="2"/><Line sku="B" qty="1"/></Order>'


def post_xml(wf: Any, body: bytes) -> requests.Response:
    return requests.post(
        wf.callback_url, data=body, headers={"Content-Type": "application/xml"}, timeout=10
    )


def test_an_xslt_3_map_transforms_the_xml_body(reqres_server, tmp_path):
    pytest.importorskip("saxonche")
    (wf,) = reqres_server.load(project_with(tmp_path, DATA_MAPPER))
    reply = post_xml(wf, ORDER)
    assert reply.status_code == 200, reply.text
    assert reply.headers["Content-Type"].startswith("application/xml")
    assert reply.text.endswith(
        '<Invoice number="INV-7"><Item sku="A">2</Item><Item sku="B">1</Item></Invoice>'
    )
    run = wf.runs[-1].wait()
    assert run.actions["Response_Failure"].status == "Skipped"
    body = run.actions["Transform"].outputs["body"]
    assert base64.b64decode(body["$content"]).decode().endswith("</Invoice>")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"name": "Nope.xslt"}, "MapNotFound"),
        ({"content": "<Order"}, "InvalidXslt"),
    ],
)
def test_map_problems_fail_the_action(reqres_server, tmp_path, change, code):
    pytest.importorskip("saxonche")
    actions = json.loads(json.dumps(DATA_MAPPER))
    inputs = actions["Transform"]["inputs"]
    inputs["map"]["name"] = change.get("name", inputs["map"]["name"])
    inputs["content"] = change.get("content", inputs["content"])
    (wf,) = reqres_server.load(project_with(tmp_path, actions))
    reply = post_xml(wf, ORDER)
    assert reply.status_code == 500
    assert reply.json()["code"] == code


def test_without_saxonche_the_map_action_says_which_extra(reqres_server, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "saxonche", None)  # import saxonche -> ImportError
    monkeypatch.setattr("reqres_mock.definitions.maps._PROCESSOR", [])
    (wf,) = reqres_server.load(project_with(tmp_path, DATA_MAPPER))
    error = post_xml(wf, ORDER).json()
    assert error["code"] == "MissingExtra"
    assert "reqres-mock[xslt]" in error["message"]


JAVASCRIPT = {
    "Initialize": {
        "type": "InitializeVariable",
        "inputs": {"variables": [{"name": "n", "type": "integer", "value": 2}]},
    },
    "Double": {
        "type": "Compose",
        "inputs": "@mul(variables('n'), 2)",
        "runAfter": {"Initialize": ["Succeeded"]},
    },
    "Code": {
        "type": "JavaScriptCode",
        "inputs": {
            "code": "var emails = workflowContext.trigger.outputs.body.text.match(/\\S+@\\S+/g);\n"
            "return {emails: emails, doubled: workflowContext.actions.Double.outputs,"
            " workflow: workflowContext.workflow.name};"
        },
        "runAfter": {"Double": ["Succeeded"]},
    },
    "Response": {
        "type": "Response",
        "inputs": {"statusCode": 200, "headers": JSON, "body": "@body('Code')"},
        "runAfter": {"Code": ["Succeeded"]},
    },
    "Response_failed": {
        "type": "Response",
        "inputs": {"statusCode": 500, "headers": JSON, "body": "@actions('Code')?['error']"},
        "runAfter": {"Code": ["Failed"]},
    },
}


def test_inline_javascript_sees_workflow_context(reqres_server, tmp_path):
    pytest.importorskip("py_mini_racer")
    (wf,) = reqres_server.load(project_with(tmp_path, JAVASCRIPT))
    text = {"text": "write to ada@example.com or bob@example.org"}
    reply = requests.post(wf.callback_url, json=text, timeout=10)
    assert reply.json() == {
        "emails": ["ada@example.com", "bob@example.org"],
        "doubled": 4,
        "workflow": "wf",
    }


def test_inline_javascript_that_throws_fails_the_action(reqres_server, tmp_path):
    pytest.importorskip("py_mini_racer")
    actions = json.loads(json.dumps(JAVASCRIPT))
    actions["Code"]["inputs"]["code"] = "throw new Error('no way');"
    (wf,) = reqres_server.load(project_with(tmp_path, actions))
    error = requests.post(wf.callback_url, json={}, timeout=10).json()
    assert error["code"] == "InlineCodeScriptRuntimeFailure"
    assert "no way" in error["message"]


def test_without_mini_racer_inline_javascript_says_which_extra(
    reqres_server, tmp_path, monkeypatch
):
    monkeypatch.setitem(sys.modules, "py_mini_racer", None)
    (wf,) = reqres_server.load(project_with(tmp_path, JAVASCRIPT))
    error = requests.post(wf.callback_url, json={"text": ""}, timeout=10).json()
    assert error["code"] == "MissingExtra"
    assert "reqres-mock[javascript]" in error["message"]


@pytest.mark.parametrize("kind", ["JavaScriptCode", "CSharpScriptCode"])
def test_inline_code_can_be_stubbed_by_name_and_gives_the_scripts_outputs(
    reqres_server, tmp_path, kind
):
    """A stubbed script's outputs are what the runtime makes of a script's return value,
    ``{"body": ...}`` (no status code or headers): Microsoft Learn "Add and run JavaScript code
    inline"; for C#, LogicAppUnit's InlineScriptWorkflowTest, passing on the runtime."""
    actions = json.loads(json.dumps(JAVASCRIPT))
    actions["Code"]["type"] = kind
    (wf,) = reqres_server.load(project_with(tmp_path, actions))
    wf.stub_action("Code", status=200, body={"emails": []})
    assert requests.post(wf.callback_url, json={}, timeout=10).json() == {"emails": []}
    assert wf.runs[-1].wait().actions["Code"].outputs == {"body": {"emails": []}}
    wf.stub_action("Code", status=500, body={"error": "no way"})
    requests.post(wf.callback_url, json={}, timeout=10)
    failed = wf.runs[-1].wait().actions["Code"]
    assert (failed.status, failed.outputs) == ("Failed", {"body": {"error": "no way"}})
    assert failed.error["message"] == "The stub of action 'Code' answered 500."
