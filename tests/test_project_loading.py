"""Loading a Logic Apps Standard project: root discovery, parameters.json with @appsetting,
connections.json, overrides, and workflows whose trigger is not a Request trigger.

Project layout and file shapes: LogicAppUnit/TestingFramework src/LogicAppUnit.Samples.LogicApps
(parameters.json values are "@appsetting('…')", connections.json mixes @appsetting and
@parameters); its WorkflowDefinitionWrapper.ReplaceTriggersWithHttp replaces a non-HTTP trigger
by a bare Request trigger of the same name.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

from reqres_mock import DefinitionError
from reqres_mock.cli.main import main

EXAMPLE = Path(__file__).parent.parent / "examples" / "standard-project"
EXECUTABLE = Path(sys.executable).parent / "reqres-mock"


def write(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def echo_workflow(body: Any, trigger: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "definition": {
            "triggers": {"manual": trigger or {"type": "Request", "kind": "Http", "inputs": {}}},
            "actions": {
                "Response": {
                    "type": "Response",
                    "inputs": {
                        "statusCode": 200,
                        "headers": {"Content-Type": "application/json"},
                        "body": body,
                    },
                }
            },
        }
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "host.json", {"version": "2.0"})
    write(
        tmp_path / "local.settings.json",
        {"Values": {"Api-Url": "https://api.test", "Api-Key": "k1", "Region": "eu"}},
    )
    write(
        tmp_path / "parameters.json",
        {
            "apiUrl": {"type": "String", "value": "@appsetting('Api-Url')"},
            "auth": {
                "type": "Object",
                "value": {"type": "Raw", "scheme": "Key", "parameter": "@appsetting('Api-Key')"},
            },
            "where": {"type": "String", "value": "region-@{appsetting('Region')}"},
            "plain": {"type": "Int", "value": 7},
        },
    )
    body = {
        "url": "@parameters('apiUrl')",
        "auth": "@parameters('auth')",
        "where": "@parameters('where')",
        "plain": "@parameters('plain')",
    }
    write(tmp_path / "api" / "workflow.json", echo_workflow(body))
    return tmp_path


EXPECTED = {
    "url": "https://api.test",
    "auth": {"type": "Raw", "scheme": "Key", "parameter": "k1"},
    "where": "region-eu",
    "plain": 7,
}


def answer(wf: Any) -> Any:
    reply = requests.post(wf.callback_url, json={}, timeout=5)
    assert reply.status_code == 200, reply.text
    return reply.json()


@pytest.mark.parametrize("where", ["", "api", "api/workflow.json"], ids=["root", "folder", "file"])
def test_project_files_are_found_from_root_folder_or_file(reqres_server, project, where):
    """parameters.json values resolve @appsetting from local.settings.json, as the runtime."""
    (wf,) = reqres_server.load(project / where)
    assert wf.name == "api"
    assert answer(wf) == EXPECTED


def test_caller_overrides_win(reqres_server, project):
    (wf,) = reqres_server.load(
        project, parameters={"plain": 8}, app_settings={"Api-Url": "https://other.test"}
    )
    assert answer(wf) == {**EXPECTED, "url": "https://other.test", "plain": 8}


def test_a_missing_app_setting_fails_the_run_that_uses_it_not_the_load(reqres_server, project):
    (project / "local.settings.json").unlink()  # often kept out of source control
    (wf,) = reqres_server.load(project)
    reply = requests.post(wf.callback_url, json={}, timeout=5)
    assert reply.status_code == 502  # the Response failed: InvalidTemplate
    run = wf.runs[-1].wait()
    assert run.actions["Response"].error["code"] == "InvalidTemplate"
    assert "'Api-Url'" in run.actions["Response"].error["message"]
    assert "local.settings.json" in run.actions["Response"].error["message"]


def test_connections_resolve_app_settings_and_parameters(reqres_server, project):
    write(
        project / "connections.json",
        {
            "serviceProviderConnections": {
                "sql": {
                    "parameterValues": {"connectionString": "@appsetting('Api-Key')"},
                    "serviceProvider": {"id": "/serviceProviders/sql"},
                }
            },
            "managedApiConnections": {
                "outlook": {
                    "connectionRuntimeUrl": "@parameters('apiUrl')",
                    "authentication": "@parameters('auth')",
                    "api": {"id": "/managedApis/@{appsetting('Region')}/outlook"},
                }
            },
        },
    )
    definition = echo_workflow("done")
    definition["definition"]["actions"] = {
        "Query": {
            "type": "ServiceProvider",
            "inputs": {
                "parameters": {"query": "SELECT 1"},
                "serviceProviderConfiguration": {
                    "connectionName": "sql",
                    "operationId": "executeQuery",
                    "serviceProviderId": "/serviceProviders/sql",
                },
            },
        },
        "Mail": {
            "type": "ApiConnection",
            "inputs": {
                "host": {"connection": {"referenceName": "outlook"}},
                "method": "post",
                "path": "/v2/Mail",
            },
        },
    }
    write(project / "api" / "workflow.json", definition)
    (wf,) = reqres_server.load(project)
    wf.stub_action("Query", status=200, body=[])
    wf.stub_action("Mail", status=200)
    requests.post(wf.callback_url, json={}, timeout=5)
    run = wf.wait_for_runs(1)[0].wait()
    sql = run.actions["Query"].inputs["serviceProviderConfiguration"]["connection"]
    assert sql["parameterValues"] == {"connectionString": "k1"}
    outlook = run.actions["Mail"].inputs["host"]["connection"]
    assert outlook["referenceName"] == "outlook"
    assert outlook["connectionRuntimeUrl"] == "https://api.test"
    assert outlook["authentication"]["parameter"] == "k1"
    assert outlook["api"] == {"id": "/managedApis/eu/outlook"}


RECURRENCE = {"type": "Recurrence", "recurrence": {"frequency": "Hour", "interval": 1}}


def test_a_folder_skips_non_request_workflows_with_a_note(reqres_server, project, caplog):
    write(project / "hourly" / "workflow.json", echo_workflow("tick", RECURRENCE))
    with caplog.at_level(logging.WARNING, logger="reqres_mock"):
        loaded = reqres_server.load(project)
    assert [w.name for w in loaded] == ["api"]
    (note,) = [r.getMessage() for r in caplog.records]
    assert "'hourly'" in note and "Recurrence" in note and "replace_triggers" in note


def test_one_non_request_workflow_file_is_refused_with_the_way_out(reqres_server, project):
    file = write(project / "hourly" / "workflow.json", echo_workflow("tick", RECURRENCE))
    with pytest.raises(DefinitionError, match=r"replace_triggers=True") as raised:
        reqres_server.load(file)
    assert raised.value.pointer == "/definition/triggers/manual/type"


def test_replace_triggers_serves_it_with_the_callers_body(reqres_server, project):
    write(
        project / "hourly" / "workflow.json",
        echo_workflow({"got": "@triggerBody()", "p": "@parameters('plain')"}, RECURRENCE),
    )
    (wf,) = reqres_server.load(project / "hourly", replace_triggers=True)
    assert wf.trigger.name == "manual"
    reply = requests.post(wf.callback_url, json={"x": 1}, timeout=5)
    assert reply.json() == {"got": {"x": 1}, "p": 7}


def test_an_invalid_expression_in_parameters_json_names_file_and_pointer(reqres_server, project):
    write(project / "parameters.json", {"bad": {"type": "String", "value": "@appsetting("}})
    with pytest.raises(DefinitionError) as raised:
        reqres_server.load(project)
    assert raised.value.path.endswith("parameters.json")
    assert raised.value.pointer == "/bad/value"


@pytest.mark.parametrize(
    ("extra", "served"),
    [([], ["order-intake"]), (["--replace-triggers"], ["nightly-report", "order-intake"])],
    ids=["skips", "replaces"],
)
def test_serve_replace_triggers(extra, served):
    process = subprocess.Popen(
        [str(EXECUTABLE), "serve", str(EXAMPLE), "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        names = [process.stdout.readline().split(" ")[0] for _ in served]
    finally:
        process.kill()
        process.wait(timeout=5)
        errors = process.stderr.read()
        process.stdout.close()
        process.stderr.close()
    assert names == served
    assert ("skipped workflow 'nightly-report'" in errors) is (not extra)


def test_validate_notes_a_workflow_serve_would_skip_without_failing(capsys):
    assert main(["validate", str(EXAMPLE)]) == 0
    err = capsys.readouterr().err
    assert "skipped workflow 'nightly-report'" in err
    assert "ok: 2 workflow(s) in 2 file(s)" in err


def test_urls_with_replace_triggers_lists_every_workflow(capsys):
    assert main(["urls", str(EXAMPLE), "--replace-triggers", "--access-key", "k"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" ")[:2] for line in lines] == [
        ["nightly-report", "*"],
        ["order-intake", "POST"],
    ]


@pytest.mark.parametrize(("kind", "tracked"), [("Stateful", {"id": "7"}), ("Stateless", None)])
def test_stateless_workflows_keep_no_tracked_properties(reqres_server, project, kind, tracked):
    """LogicAppUnit StatelessWorkflowTest: tracked properties are not logged for stateless."""
    document = echo_workflow("ok")
    document["kind"] = kind
    document["definition"]["actions"]["Note"] = {
        "type": "Compose",
        "inputs": 1,
        "trackedProperties": {"id": "@{triggerBody()?['id']}"},
    }
    write(project / "api" / "workflow.json", document)
    (wf,) = reqres_server.load(project)
    requests.post(wf.callback_url, json={"id": 7}, timeout=5)
    assert wf.wait_for_runs(1)[0].wait().actions["Note"].tracked_properties == tracked


def test_a_definition_held_in_memory_reads_no_project_files(reqres_server, project, monkeypatch):
    monkeypatch.chdir(project)  # a project root as working directory: add_definition ignores it
    (wf,) = reqres_server.add_definition("other", echo_workflow({"url": "@parameters('apiUrl')"}))
    requests.post(wf.callback_url, json={}, timeout=5)
    error = wf.wait_for_runs(1)[0].wait().actions["Response"].error
    assert "'apiUrl' is not found" in error["message"]


def test_a_connection_with_a_missing_app_setting_fails_the_action_using_it(reqres_server, project):
    write(
        project / "connections.json",
        {
            "serviceProviderConnections": {
                "bus": {"parameterValues": {"connectionString": "@appsetting('Bus-Missing')"}}
            }
        },
    )
    definition = echo_workflow("done")
    definition["definition"]["actions"] = {
        "Send": {
            "type": "ServiceProvider",
            "inputs": {"serviceProviderConfiguration": {"connectionName": "bus"}},
        }
    }
    write(project / "api" / "workflow.json", definition)
    (wf,) = reqres_server.load(project)
    wf.stub_action("Send", status=200)
    requests.post(wf.callback_url, json={}, timeout=5)
    send = wf.wait_for_runs(1)[0].wait().actions["Send"]
    assert (send.status, send.error["code"]) == ("Failed", "InvalidTemplate")
    assert "'Bus-Missing'" in send.error["message"]
    assert requests.get(f"{reqres_server.url}/_reqres/runs", timeout=5).status_code == 200


def test_a_managed_connection_is_called_at_its_runtime_url(reqres_server, project):
    """The runtime calls connections.json's connectionRuntimeUrl + the action's path
    (LogicAppUnit src/LogicAppUnit/Wrapper/ConnectionsWrapper.cs keeps that path and swaps only
    the host for its mock server)."""
    write(
        project / "connections.json",
        {
            "managedApiConnections": {
                "outlook": {"connectionRuntimeUrl": "@{parameters('apiUrl')}/apim/outlook/abc/"}
            }
        },
    )
    definition = echo_workflow("done")
    definition["definition"]["actions"] = {
        "Mail": {
            "type": "ApiConnection",
            "inputs": {
                "host": {"connection": {"referenceName": "outlook"}},
                "method": "post",
                "path": "/v2/Mail",
                "body": {"To": "ada@example.com"},
            },
        }
    }
    write(project / "api" / "workflow.json", definition)
    (wf,) = reqres_server.load(project)
    stub = wf.stub_http(method="POST", url="https://api.test/apim/outlook/abc/v2/Mail")
    requests.post(wf.callback_url, json={}, timeout=5)
    run = wf.wait_for_runs(1)[0].wait()
    assert run.actions["Mail"].status == "Succeeded", run.actions["Mail"].error
    assert [r.json() for r in stub.calls] == [{"To": "ada@example.com"}]
    outlook = run.actions["Mail"].inputs["host"]["connection"]
    assert outlook["connectionRuntimeUrl"] == "https://api.test/apim/outlook/abc/"
