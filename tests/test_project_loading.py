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
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

from reqres_mock import DefinitionError
from reqres_mock.cli.main import main
from reqres_mock.definitions.settings import AppSettings

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


def refused(server: Any, project: Path, **options: Any) -> DefinitionError:
    """The DefinitionError that loading ``project`` raises."""
    with pytest.raises(DefinitionError) as raised:
        server.load(project, **options)
    return raised.value


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


def agent_workflow() -> dict[str, Any]:
    """A conversational agent workflow as the designer writes it: trigger kind Agent, and the
    Agent action running after the trigger by name (Azure/LogicAppsUX
    apps/vs-code-designer/src/app/utils/codeless/__test__/templates.test.ts; a real one:
    wsilveiranz/logicapps-labs samples/transaction-repair-agent)."""
    return {
        "kind": "Agent",
        "definition": {
            "triggers": {"When_a_new_chat_session_starts": {"type": "Request", "kind": "Agent"}},
            "actions": {
                "Default_Agent": {
                    "type": "Agent",
                    "inputs": {},
                    "runAfter": {"When_a_new_chat_session_starts": ["Succeeded"]},
                }
            },
        },
    }


@pytest.mark.parametrize("replace", [False, True], ids=["as-is", "replace-triggers"])
def test_a_conversational_agent_workflow_is_skipped_not_the_project(
    reqres_server, project, caplog, replace
):
    write(project / "chat" / "workflow.json", agent_workflow())
    with caplog.at_level(logging.WARNING, logger="reqres_mock"):
        loaded = reqres_server.load(project, replace_triggers=replace)
    assert [w.name for w in loaded] == ["api"]
    assert answer(loaded[0]) == EXPECTED
    (note,) = [r.getMessage() for r in caplog.records]
    assert "'chat'" in note and "kind 'Agent'" in note and "replace_triggers" not in note


def test_a_conversational_agent_workflow_file_is_refused_saying_why(reqres_server, project):
    file = write(project / "chat" / "workflow.json", agent_workflow())
    error = refused(reqres_server, file)
    assert error.pointer == "/definition/triggers/When_a_new_chat_session_starts/kind"
    assert "conversational agent" in str(error)


@pytest.mark.parametrize("extra", [[], ["--replace-triggers"]])
def test_validate_notes_a_conversational_agent_workflow_without_failing(capsys, project, extra):
    write(project / "chat" / "workflow.json", agent_workflow())
    assert main(["validate", str(project), *extra]) == 0, capsys.readouterr()
    assert "skipped workflow 'chat'" in capsys.readouterr().err


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
    document = echo_workflow({"ok": True})
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


def send_through(project: Path, connection: dict[str, Any]) -> dict[str, Any]:
    """Write a connections.json with one service-provider ``bus`` connection and a workflow
    whose ``Send`` action uses it."""
    write(project / "connections.json", {"serviceProviderConnections": {"bus": connection}})
    definition = echo_workflow("done")
    definition["definition"]["actions"] = {
        "Send": {
            "type": "ServiceProvider",
            "inputs": {"serviceProviderConfiguration": {"connectionName": "bus"}},
        }
    }
    return definition


def test_the_callers_parameters_reach_connections_json(reqres_server, project):
    """connections.json's @parameters() read the same parameter set as the workflows, so the
    caller's values win there too (learn.microsoft.com/azure/logic-apps/
    parameterize-workflow-app: Standard parameters live in parameters.json and are referenced
    from workflow.json and connections.json alike). Seen in Azure/logicapps
    LogicApps-AI-RAG-Demo/SampleAIWorkflows, whose connections.json names parameters that
    only deployment supplies."""
    connection = {"parameterValues": {"url": "@parameters('apiUrl')", "key": "@parameters('k')"}}
    write(project / "api" / "workflow.json", send_through(project, connection))
    (wf,) = reqres_server.load(project, parameters={"apiUrl": "https://given.test", "k": "s"})
    wf.stub_action("Send", status=200)
    requests.post(wf.callback_url, json={}, timeout=5)
    send = wf.wait_for_runs(1)[0].wait().actions["Send"]
    values = send.inputs["serviceProviderConfiguration"]["connection"]["parameterValues"]
    assert values == {"url": "https://given.test", "key": "s"}


def test_a_parameter_missing_from_connections_json_says_how_to_give_it(reqres_server, project):
    connection = {"parameterValues": {"key": "@parameters('Bus-Key')"}}
    write(project / "api" / "workflow.json", send_through(project, connection))
    (wf,) = reqres_server.load(project)
    wf.stub_action("Send", status=200)
    requests.post(wf.callback_url, json={}, timeout=5)
    send = wf.wait_for_runs(1)[0].wait().actions["Send"]
    assert (send.status, send.error["code"]) == ("Failed", "InvalidTemplate")
    assert "'Bus-Key'" in send.error["message"]
    assert "load(..., parameters=" in send.error["message"]


def test_a_project_folder_serves_one_workflow_per_sub_folder(reqres_server, project):
    """The runtime reads <root>/<name>/workflow.json and nothing else (ScoreUnder/IllogicApps
    IllogicApps.Console/Program.fs; LogicAppUnit src/LogicAppUnit/Constants.cs): backup
    copies and ARM templates kept in a real project (Shibinneudesic/Azure-LogicApp-EmployeeDB
    wf-employee-upsert/workflow-old.json, HarisAbdulkareem/la-std-deployment
    ARMTemplates/LA_Standard_Basic.json) are not workflows."""
    write(project / "api" / "workflow-old.json", echo_workflow({"v": "old"}))
    write(project / "api" / "nested" / "workflow.json", echo_workflow("nested"))
    write(project / "workflow.json", echo_workflow("root"))
    template = {"resources": [{"type": "Microsoft.Logic/workflows", "name": "arm"}]}
    write(project / "ARMTemplates" / "template.json", template)
    (wf,) = reqres_server.load(project)
    assert (wf.name, answer(wf)) == ("api", EXPECTED)
    (old,) = reqres_server.load(project / "api" / "workflow-old.json")  # named: still loads
    assert answer(old) == {"v": "old"}


def test_a_folder_without_host_json_is_no_app_and_loads_its_workflow_json(reqres_server, tmp_path):
    """Only host.json makes a Functions app's root: a converter's output folder holding
    connections.json beside workflow.json (JonJLevesque/BizTalktoLogicApps
    tests/fixtures/02-*/expected-logic-apps) still serves that workflow."""
    write(tmp_path / "out" / "connections.json", {"serviceProviderConnections": {}})
    write(tmp_path / "out" / "workflow.json", echo_workflow({"v": 1}))
    (wf,) = reqres_server.load(tmp_path / "out")
    assert (wf.name, answer(wf)) == ("out", {"v": 1})


def test_an_apps_own_workflow_json_is_not_served_and_the_refusal_says_why(
    reqres_server, tmp_path, capsys
):
    write(tmp_path / "host.json", {"version": "2.0"})
    write(tmp_path / "workflow.json", echo_workflow({"v": 1}))
    error = refused(reqres_server, tmp_path)
    assert "no workflow definitions found" in str(error)
    assert "<root>/<name>/workflow.json" in str(error)
    assert main(["validate", str(tmp_path)]) == 1
    assert "load that file by its path" in capsys.readouterr().out
    (wf,) = reqres_server.load(tmp_path / "workflow.json")
    assert answer(wf) == {"v": 1}


def test_a_folder_holding_a_project_loads_its_workflows_and_the_loose_ones(
    reqres_server, project, tmp_path_factory
):
    repository = tmp_path_factory.mktemp("repository")
    shutil.copytree(project, repository / "app")
    write(repository / "loose" / "orders.json", echo_workflow({"v": "loose"}))
    loaded = {w.name: w for w in reqres_server.load(repository)}
    assert sorted(loaded) == ["api", "orders"]
    assert answer(loaded["api"]) == EXPECTED  # the project's own files still apply


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


# --- App settings as the Functions host hands them over --------------------------------------
# Values are read as Dictionary<string, string> by Newtonsoft (Azure/azure-functions-core-tools
# src/Cli/func/Common/AppSettingsFile.cs) and reach the runtime as environment variables, which
# .NET configuration reads with "__" as ":" and names in any case
# (https://learn.microsoft.com/aspnet/core/fundamentals/configuration, "Environment variables",
# "Configuration keys and values"); ScoreUnder/IllogicApps
# IllogicApps.Simulator.Test/SettingsFilesTests.fs ("Test got expected local settings").


def settings_project(project: Path, values: dict[str, Any], body: Any) -> Path:
    write(project / "local.settings.json", {"IsEncrypted": False, "Values": values})
    (project / "parameters.json").unlink()
    write(project / "api" / "workflow.json", echo_workflow(body))
    return project


def test_double_underscores_in_setting_names_are_read_as_colons(reqres_server, project):
    values = {"test__dunder": "d", "test___trunder": "t", "test____quunder": "q"}
    body = {
        "dunder": "@appsetting('test:dunder')",
        "trunder": "@appsetting('test:_trunder')",
        "quunder": "@appsetting('test::quunder')",
    }
    (wf,) = reqres_server.load(settings_project(project, values, body))
    assert answer(wf) == {"dunder": "d", "trunder": "t", "quunder": "q"}


def test_a_setting_written_with_double_underscores_is_not_found_by_that_spelling(
    reqres_server, project
):
    (wf,) = reqres_server.load(
        settings_project(project, {"Api__Url": "u"}, "@appsetting('Api__Url')")
    )
    assert requests.post(wf.callback_url, json={}, timeout=5).status_code == 502
    error = wf.runs[-1].wait().actions["Response"].error
    assert error["code"] == "InvalidTemplate"
    assert "a setting written 'Api__Url' is read as 'Api:Url'" in error["message"]


def test_setting_names_match_in_any_case_in_workflows_and_parameters(reqres_server, project):
    settings_project(project, {"Api-URL": "https://api.test"}, None)
    write(
        project / "parameters.json", {"url": {"type": "String", "value": "@appsetting('api-url')"}}
    )
    write(
        project / "api" / "workflow.json",
        echo_workflow({"p": "@parameters('url')", "w": "@appsetting('API-url')"}),
    )
    (wf,) = reqres_server.load(project)
    assert answer(wf) == {"p": "https://api.test", "w": "https://api.test"}


def test_the_callers_settings_follow_the_same_rules_and_win(reqres_server, project):
    settings_project(project, {"Api__Url": "file"}, {"v": "@appsetting('api:url')"})
    (wf,) = reqres_server.load(project, app_settings={"API__URL": "caller"})
    assert answer(wf) == {"v": "caller"}


def test_setting_values_that_are_not_strings_are_read_as_func_reads_them(reqres_server, project):
    """Newtonsoft's ReadAsString: .NET text of a number or boolean; null sets nothing."""
    values = {"Port": 8080, "Flag": True, "Ratio": 1.0, "Tiny": 1e-05, "Gone": None}
    body = {key: f"@appsetting('{key}')" for key in ("Port", "Flag", "Ratio", "Tiny")}
    (wf,) = reqres_server.load(settings_project(project, values, body))
    assert answer(wf) == {"Port": "8080", "Flag": "True", "Ratio": "1", "Tiny": "1E-05"}
    write(project / "api" / "workflow.json", echo_workflow("@appsetting('Gone')"))
    (wf,) = reqres_server.load(project)
    assert requests.post(wf.callback_url, json={}, timeout=5).status_code == 502
    assert "'Gone' is not defined" in wf.runs[-1].wait().actions["Response"].error["message"]


@pytest.mark.parametrize(
    ("document", "pointer", "words"),
    [
        ({"Values": {"nest": {"test": "pest"}}}, "/Values/nest", "'nest' is an object"),
        ({"Values": {"list": [1]}}, "/Values/list", "'list' is an array"),
        ({"Values": ["a"]}, "/Values", "Values must be an object"),
        ({"IsEncrypted": True, "Values": {"k": "AQAAANCM"}}, "/IsEncrypted", "decrypt"),
        (["Values"], None, "must be a JSON object"),
    ],
    ids=["object", "array", "values-not-object", "encrypted", "not-object"],
)
def test_local_settings_the_host_cannot_read_name_file_and_pointer(
    reqres_server, project, document, pointer, words
):
    """IllogicApps SettingsFilesTests.fs "Test cannot parse nested app configs"."""
    write(project / "local.settings.json", document)
    error = refused(reqres_server, project)
    assert error.path.endswith("local.settings.json")
    assert (error.pointer, words in str(error)) == (pointer, True)


# --- parameters.json: {"type", "value"} each, as the runtime takes them ----------------------
# Both members required, types Array/Bool/Float/Int/Object/String, secure types unsupported in
# Standard: https://learn.microsoft.com/azure/logic-apps/create-parameters-workflows (Visual
# Studio Code tab). Member and type names in any case, "Integer" refused, null/missing value
# refused, no int-to-float: IllogicApps IllogicApps.Simulator.Test/SettingsFilesTests.fs.


def test_parameter_member_and_type_names_match_in_any_case(reqres_server, project):
    write(
        project / "parameters.json",
        {
            "Testing": {"tyPe": "object", "value": {"1": 2, "wow": "cool"}},
            "AppSettingTest": {"TYPE": "STRING", "vaLUE": "@appsetting('Region')"},
            "FloatTest": {"tYpE": "fLOAT", "vAlUe": 123.0},
            "Flags": {"type": "bool", "value": False, "description": "extra members are fine"},
            "List": {"type": "Array", "value": [1, "two"]},
        },
    )
    body = {name: f"@parameters('{name}')" for name in ("Testing", "AppSettingTest", "FloatTest")}
    write(project / "api" / "workflow.json", echo_workflow({**body, "f": "@parameters('Flags')"}))
    (wf,) = reqres_server.load(project)
    assert answer(wf) == {
        "Testing": {"1": 2, "wow": "cool"},
        "AppSettingTest": "eu",
        "FloatTest": 123.0,
        "f": False,
    }


@pytest.mark.parametrize(
    ("entry", "pointer", "words"),
    [
        ("plain", "/x", "must be an object with 'type' and 'value'"),
        ({"value": 1}, "/x", "has no 'type'"),
        ({"type": "Object"}, "/x", "has no 'value'"),
        ({"type": "Integer", "value": 123}, "/x/type", "write Int"),
        ({"type": "Boolean", "value": True}, "/x/type", "write Bool"),
        ({"type": "SecureString", "value": "s"}, "/x/type", "secure types aren't supported"),
        ({"type": "Decimal", "value": 1.5}, "/x/type", "the types are Array, Bool, Float"),
        ({"type": 3, "value": 3}, "/x/type", "has type 3"),
        ({"type": "Object", "value": None}, "/x/value", "is Object but its value is null"),
        ({"type": "Float", "value": 123}, "/x/value", "write it with a decimal point"),
        ({"type": "Int", "value": 1.5}, "/x/value", "is Int but its value is a float"),
        ({"type": "Int", "value": True}, "/x/value", "is Int but its value is a boolean"),
        ({"type": "String", "value": 5}, "/x/value", "is String but its value is an integer"),
        ({"type": "Array", "value": {}}, "/x/value", "is Array but its value is an object"),
        (
            # the runtime's sentence first (a public deployment guide's notes of the error)
            {"type": "Bool", "value": "true"},
            "/x/value",
            "The provided value for the workflow parameter 'x' is not valid: it is Bool but its "
            "value is a string",
        ),
    ],
    ids=[
        "not-object",
        "no-type",
        "no-value",
        "Integer",
        "Boolean",
        "secure",
        "unknown",
        "type-not-text",
        "null",
        "int-for-float",
        "float-for-int",
        "bool-for-int",
        "int-for-string",
        "object-for-array",
        "string-for-bool",
    ],
)
def test_parameters_the_runtime_refuses_name_file_pointer_and_fix(
    reqres_server, project, entry, pointer, words
):
    write(project / "parameters.json", {"x": entry})
    error = refused(reqres_server, project)
    assert error.path.endswith("parameters.json")
    assert (error.pointer, words in str(error)) == (pointer, True)


@pytest.mark.parametrize(
    ("name", "invalid"),
    [
        (" test", " "),  # Azure/logicapps#471, the runtime's log line quoted there
        ("my param", " "),  # Azure/logicapps#800: a space in a name compiles no workflow
        ("a:b/c", ":/"),  # every invalid character, in order
        ("$connections", "$"),
        ("x\u200by", "\u200b"),
    ],
)
def test_a_parameter_name_with_other_characters_is_refused_in_the_runtimes_words(
    reqres_server, project, name, invalid
):
    write(project / "parameters.json", {name: {"type": "String", "value": "v"}})
    error = refused(reqres_server, project)
    pointer = "/" + name.replace("~", "~0").replace("/", "~1")
    assert (error.path, error.pointer) == (str(project / "parameters.json"), pointer)
    assert error.message == (
        f"The provided parameter name '{name}' has these invalid characters '{invalid}'. "
        "The name can only be a letter, digit, '-', '.', '(', ')' or '_'."
    )


def test_a_parameter_name_may_hold_letters_digits_and_five_marks(reqres_server, project):
    settings_project(project, {}, {"p": "@parameters('Api-Url.v2_(ünï)')"})
    write(
        project / "parameters.json",
        {"Api-Url.v2_(ünï)": {"type": "String", "value": "https://example.com"}},
    )
    (wf,) = reqres_server.load(project)
    assert answer(wf) == {"p": "https://example.com"}


def test_a_parameter_whose_value_is_an_expression_is_typed_once_resolved(reqres_server, project):
    """No public evidence of what the runtime makes of "@appsetting('n')" under an Int; the
    mock takes it (as the setting's text) rather than refuse a project that may load in Azure."""
    settings_project(project, {"Port": 8080}, {"p": "@parameters('port')"})
    write(project / "parameters.json", {"port": {"type": "Int", "value": "@appsetting('Port')"}})
    (wf,) = reqres_server.load(project)
    assert answer(wf) == {"p": "8080"}


def test_validate_reports_a_bad_parameters_file_once_in_one_line(capsys, project):
    write(project / "parameters.json", {"port": {"type": "Integer", "value": 8080}})
    write(project / "other" / "workflow.json", echo_workflow("ok"))
    assert main(["validate", str(project)]) == 1
    (line,) = capsys.readouterr().out.splitlines()  # once, though two workflows read the file
    assert line.startswith(str(project / "parameters.json") + "#/port/type: ")
    assert line.endswith(
        "has type 'Integer'; write Int (the types are Array, Bool, Float, Int, Object, String)"
    )


@pytest.mark.parametrize(
    ("written", "asked", "found"),
    [
        ("Api-Url", "API-URL", True),
        ("a__b", "A:B", True),
        ("a__b", "a__b", False),  # configuration keeps it as "a:b" only
        ("Straße", "STRAßE", True),  # OrdinalIgnoreCase: one character to one
        ("Straße", "STRASSE", False),
        ("İd", "i̇d", False),  # U+0130's lower case is two characters: no match
    ],
)
def test_app_setting_names_compare_as_dotnet_configuration_does(written, asked, found):
    settings = AppSettings({written: "v"})
    assert (asked in settings) is found
    assert settings.get(asked) == ("v" if found else None)


def test_app_settings_show_names_never_values():
    assert repr(AppSettings({"Secret__Key": "s3cr3t"})) == "AppSettings(['Secret:Key'])"


# --- The runtime's own app and host settings -------------------------------------------------
# https://learn.microsoft.com/azure/logic-apps/edit-app-settings-host-settings: app setting
# Workflows.<name>.FlowState; host.json extensions.workflow.settings ("Until loops":
# Runtime.Backend.MaximumUntilLimitCount 5000, Runtime.Backend.Stateless.MaximumUntilLimitCount
# 100); app settings override host.json values with the AzureFunctionsJobHost__ prefix
# (https://learn.microsoft.com/azure/azure-functions/functions-host-json#override-hostjson-values).


@pytest.mark.parametrize(
    ("state", "status"), [("Disabled", 400), ("disabled", 400), ("Enabled", 200)]
)
def test_the_flow_state_app_setting_disables_a_workflow(reqres_server, project, state, status):
    settings_project(project, {"Workflows.api.FlowState": state}, {"ok": True})
    (wf,) = reqres_server.load(project)
    reply = requests.post(wf.callback_url, json={}, timeout=5)
    assert reply.status_code == status
    if status == 400:
        assert reply.json()["error"]["code"] == "WorkflowTriggerIsNotEnabled"


def test_the_callers_flow_state_disables_a_workflow_too(reqres_server, project):
    (wf,) = reqres_server.load(project, app_settings={"Workflows.api.FlowState": "Disabled"})
    assert requests.post(wf.callback_url, json={}, timeout=5).status_code == 400


OVERRIDE = "AzureFunctionsJobHost__extensions__workflow__settings__"


def until_workflow(project: Path, count: int | str, kind: str = "Stateful") -> None:
    document = echo_workflow({"ok": True})
    document["kind"] = kind
    document["definition"]["actions"]["Until"] = {
        "type": "Until",
        "expression": "@equals(1, 1)",
        "limit": {"count": count, "timeout": "PT1M"},
        "actions": {},
        "runAfter": {},
    }
    document["definition"]["actions"]["Response"]["runAfter"] = {"Until": ["Succeeded"]}
    write(project / "api" / "workflow.json", document)


def host_settings(project: Path, settings: Any) -> None:
    write(
        project / "host.json",
        {"version": "2.0", "extensions": {"workflow": {"settings": settings}}},
    )


@pytest.mark.parametrize(
    ("kind", "count", "settings", "app", "refused"),
    [
        ("Stateful", 5000, {}, {}, None),
        ("Stateful", 5001, {}, {}, "from 0 to 5000 (Logic Apps' limit for a stateful workflow"),
        ("Stateless", 100, {}, {}, None),
        ("Stateless", 101, {}, {}, "from 0 to 100 (Logic Apps' limit for a stateless workflow"),
        ("Stateless", 500, {"Runtime.Backend.Stateless.MaximumUntilLimitCount": "500"}, {}, None),
        ("Stateful", 8000, {"runtime.backend.maximumuntillimitcount": 10000}, {}, None),
        (
            "Stateful",
            20,
            {"Runtime.Backend.MaximumUntilLimitCount": "8000"},
            {f"{OVERRIDE}Runtime.Backend.MaximumUntilLimitCount": "10"},
            "from 0 to 10 (host setting Runtime.Backend.MaximumUntilLimitCount)",
        ),
    ],
    ids=[
        "stateful",
        "stateful-over",
        "stateless",
        "stateless-over",
        "host",
        "host-any-case",
        "app",
    ],
)
def test_until_counts_follow_the_workflow_kind_and_host_settings(
    reqres_server, project, kind, count, settings, app, refused
):
    until_workflow(project, count, kind)
    host_settings(project, settings)
    if refused is None:
        (wf,) = reqres_server.load(project, app_settings=app)
        assert answer(wf) == {"ok": True}
        return
    with pytest.raises(DefinitionError) as raised:
        reqres_server.load(project, app_settings=app)
    assert raised.value.pointer == "/definition/actions/Until/limit/count"
    assert refused in str(raised.value)


@pytest.mark.parametrize(
    ("settings", "pointer", "words"),
    [
        (["x"], "/extensions/workflow/settings", "must be an object"),
        ({"a": {"b": 1}}, "/extensions/workflow/settings/a", "a flat list"),
        (
            {"Runtime.Backend.MaximumUntilLimitCount": "lots"},
            "/extensions/workflow/settings/Runtime.Backend.MaximumUntilLimitCount",
            "whole number from 0 up, got 'lots'",
        ),
        (
            {"Runtime.Backend.MaximumUntilLimitCount": -1},
            "/extensions/workflow/settings/Runtime.Backend.MaximumUntilLimitCount",
            "whole number from 0 up, got '-1'",
        ),
    ],
    ids=["not-object", "nested", "not-a-number", "negative"],
)
def test_host_settings_the_runtime_cannot_read_name_the_file(
    reqres_server, project, settings, pointer, words
):
    until_workflow(project, 10)
    host_settings(project, settings)
    error = refused(reqres_server, project)
    assert error.path.endswith("host.json")
    assert (error.pointer, words in str(error)) == (pointer, True)


def test_a_bad_host_setting_override_names_where_it_was_written(reqres_server, project):
    until_workflow(project, 10)
    name = f"{OVERRIDE}Runtime.Backend.MaximumUntilLimitCount"
    settings_project(project, {name: "abc"}, None)
    until_workflow(project, 10)
    with pytest.raises(DefinitionError) as raised:
        reqres_server.load(project)
    assert raised.value.path.endswith("local.settings.json")
    assert raised.value.pointer == f"/Values/{name}"
    with pytest.raises(DefinitionError, match=r"got 'x' \(given in app_settings\)"):
        reqres_server.load(project, app_settings={name: "x"})


def test_the_callers_settings_may_be_numbers_booleans_or_none(reqres_server, project):
    until_workflow(project, 20)
    name = f"{OVERRIDE}Runtime.Backend.MaximumUntilLimitCount"
    with pytest.raises(DefinitionError, match="from 0 to 10"):
        reqres_server.load(project, app_settings={name: 10})
    (wf,) = reqres_server.load(
        project, app_settings={name: None, "Workflows.api.FlowState": None, "Flag": True}
    )
    assert answer(wf) == {"ok": True}
    with pytest.raises(DefinitionError, match="app setting 'Bad' is dict"):
        reqres_server.load(project, app_settings={"Bad": {"a": 1}})


@pytest.mark.parametrize(("bound", "status"), [("10", 200), ("5", 502)], ids=["fits", "over"])
def test_an_until_count_from_parameters_json_is_held_to_the_host_bound_when_it_starts(
    reqres_server, project, bound, status
):
    """Microsoft's gallery sets an Until's count from a parameter
    (Azure/LogicAppsTemplates sync-sales-order-sap-blob-storage-odata/default/workflow.json:
    ``"count": "@parameters('loopLimit_#workflowname#')"``): the load takes it, and the Until
    checks its value (7, parameters.json's ``plain``) against the host's bound when it starts."""
    until_workflow(project, "@parameters('plain')")
    host_settings(project, {"Runtime.Backend.MaximumUntilLimitCount": bound})
    (wf,) = reqres_server.load(project)
    reply = requests.post(wf.callback_url, json={}, timeout=5)
    assert reply.status_code == status
    loop = wf.wait_for_runs(1)[0].wait().actions["Until"]
    if status == 200:
        assert (loop.status, loop.iterations, loop.outputs) == ("Succeeded", 1, None)
        return
    assert loop.status == "Failed"
    assert loop.error["code"] == "ExpressionEvaluationFailed"
    assert loop.error["message"].endswith(
        "is '7'. The result must be an integer from 0 to 5 (host setting "
        "Runtime.Backend.MaximumUntilLimitCount)."
    )


def test_an_until_without_a_count_is_refused_when_the_default_is_above_the_bound(
    reqres_server, project
):
    until_workflow(project, 1)
    document = json.loads((project / "api" / "workflow.json").read_text())
    del document["definition"]["actions"]["Until"]["limit"]["count"]
    write(project / "api" / "workflow.json", document)
    host_settings(project, {"Runtime.Backend.MaximumUntilLimitCount": "50"})
    with pytest.raises(DefinitionError) as raised:
        reqres_server.load(project)
    assert raised.value.pointer == "/definition/actions/Until/limit"
    assert "without limit.count counts to 60, above 50" in str(raised.value)


@pytest.mark.parametrize(
    ("kind", "count", "settings", "parameters", "reported"),
    [
        ("Stateful", 6000, {"Runtime.Backend.MaximumUntilLimitCount": "8000"}, None, []),
        ("Stateless", 200, {}, None, ["from 0 to 100"]),
        ("Stateful", 10, {}, {"p": {"type": "Integer", "value": 1}}, ["write Int"]),
    ],
    ids=["host-bound-raised", "stateless-bound", "parameters-file"],
)
def test_validate_reports_project_problems_beside_the_definitions(
    capsys, project, kind, count, settings, parameters, reported
):
    until_workflow(project, count, kind)
    document = json.loads((project / "api" / "workflow.json").read_text())
    document["definition"]["actions"]["Response"]["runAfter"] = {"Nowhere": ["Succeeded"]}
    write(project / "api" / "workflow.json", document)
    host_settings(project, settings)
    if parameters is not None:
        write(project / "parameters.json", parameters)
    assert main(["validate", str(project)]) == 1
    out = capsys.readouterr().out
    assert "Nowhere" in out  # the definition's own problem
    for words in reported:
        assert words in out
    assert ("from 0 to 5000" in out) is False


def test_host_json_and_local_settings_may_hold_comments(reqres_server, project):
    """The Functions host reads host.json with Newtonsoft's JObject.Parse, and func reads
    local.settings.json the same way (azure-functions-host HostJsonFileConfigurationSource.cs,
    azure-functions-core-tools AppSettingsFile.cs); its CommentHandling defaults to Ignore."""
    (project / "host.json").write_text(
        '{\n  // the schema version\n  "version": "2.0", /* settings: */\n'
        '  "extensions": {"workflow": {"settings": {\n'
        '    "Runtime.Backend.MaximumUntilLimitCount": "7" // lowered\n  }}}\n}\n'
    )
    (project / "local.settings.json").write_text(
        '{"Values": {\n  // where the API lives\n  "Api-Url": "https://api.test//x",'
        ' "Api-Key": "k1", "Region": "eu" /* more later */\n}}'
    )
    (wf,) = reqres_server.load(project)
    assert answer(wf)["url"] == "https://api.test//x"  # "//" inside a string is no comment
    until_workflow(project, 8)
    assert "from 0 to 7" in str(refused(reqres_server, project))


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ({"extensions": {}}, "missing the required 'version' property"),
        ({"version": "3.0"}, "'3.0' is an invalid value for host.json 'version' property"),
    ],
)
def test_a_host_json_the_functions_host_would_refuse_is_refused(
    reqres_server, project, document, words
):
    """azure-functions-host HostJsonFileConfigurationSource.InitializeHostConfig: a host.json
    with values but without version 2.0 stops the host (an empty one it fills in)."""
    write(project / "host.json", document)
    error = refused(reqres_server, project)
    assert error.path.endswith("host.json")
    assert (error.pointer, words in str(error)) == ("/version", True)
    write(project / "host.json", {})
    (wf,) = reqres_server.load(project)
    assert answer(wf) == EXPECTED


def test_validate_takes_the_comments_serve_takes(capsys, project):
    (project / "host.json").write_text('{"version": "2.0" /* schema */}')
    (project / "local.settings.json").write_text(
        '{"Values": {"Api-Url": "u", "Api-Key": "k", "Region": "eu"}} // local only'
    )
    assert main(["validate", str(project)]) == 0, capsys.readouterr().out


def test_a_malformed_file_with_comments_fails_once_with_line_and_column(reqres_server, project):
    # An unclosed string or comment runs to the end in one match: a long file is read once.
    (project / "host.json").write_text('{"version": "2.0"}\n' + '"\\' * 20000)
    assert "line 2, column 1" in str(refused(reqres_server, project))
    (project / "host.json").write_text('{"version": "2.0"}\n' + "/*x" * 20000)
    assert "line 2, column 1" in str(refused(reqres_server, project))


def test_a_numeric_host_json_version_is_named_as_the_host_names_it(reqres_server, project):
    write(project / "host.json", {"version": 2.0})
    error = str(refused(reqres_server, project))
    assert "'2' is an invalid value for host.json 'version' property." in error
    assert 'write the string "2.0"' in error
