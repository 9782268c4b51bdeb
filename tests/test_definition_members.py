"""Members Azure's types for a definition do not have are refused, as the save is refused.

Azure reads a saved definition into ``FlowTemplate``, ``FlowTemplateTrigger`` and
``FlowTemplateAction`` and refuses a member they lack with ``InvalidRequestContent`` "The request
content is not valid and could not be deserialized: 'Could not find member '<m>' on object of
type '<T>'. Path '<path>', line 1, position <n>.'" (Azure/LogicAppsUX#5824: ``retryPolicy``
beside an action's ``inputs``; Azure/logicapps#41 and MicrosoftDocs/power-automate-docs#29:
``recurrence`` on an action; ``timeZone`` beside a trigger's ``recurrence``, an ARM deployment
error quoted in a public deployment script; Azure/LogicAppsUX#2135: ``trackedProperties`` on a
trigger; Azure/azure-sdk-for-net#2979: ``variables`` in the definition; Azure/azure-powershell
#22447: ``definition`` in the definition). The line and position count in the request Azure
received and are left out.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from reqres_mock import MockServer
from reqres_mock.cli.main import main
from reqres_mock.errors import DefinitionError

REQUEST = {"manual": {"type": "Request", "kind": "Http"}}
RESPONSE = {"type": "Response", "inputs": {"statusCode": 200, "body": "ok"}, "runAfter": {}}


def refusal(member: str, owner: str, path: str) -> str:
    return (
        "The request content is not valid and could not be deserialized: 'Could not find "
        f"member '{member}' on object of type '{owner}'. Path '{path}'.'."
    )


@pytest.mark.parametrize(
    ("definition", "member", "owner", "path", "pointer"),
    [
        pytest.param(
            {
                "triggers": REQUEST,
                "actions": {
                    "Call": {
                        "type": "Http",
                        "inputs": {"method": "GET", "uri": "https://example.invalid"},
                        "retryPolicy": {"type": "none"},
                        "runAfter": {},
                    }
                },
            },
            "retryPolicy",
            "FlowTemplateAction",
            "properties.definition.actions.Call.retryPolicy",
            "/actions/Call/retryPolicy",
            id="retry-policy-beside-inputs",
        ),
        pytest.param(
            {
                "triggers": REQUEST,
                "actions": {
                    "Recurrence": {
                        "type": "Recurrence",
                        "recurrence": {"frequency": "Minute", "interval": 1},
                        "runAfter": {},
                    }
                },
            },
            "recurrence",
            "FlowTemplateAction",
            "properties.definition.actions.Recurrence.recurrence",
            "/actions/Recurrence/recurrence",
            id="recurrence-on-an-action",
        ),
        pytest.param(
            {
                "triggers": {
                    "Recurrence": {
                        "type": "Recurrence",
                        "recurrence": {"frequency": "Day", "interval": 1},
                        "timeZone": "W. Europe Standard Time",
                    }
                },
                "actions": {},
            },
            "timeZone",
            "FlowTemplateTrigger",
            "properties.definition.triggers.Recurrence.timeZone",
            "/triggers/Recurrence/timeZone",
            id="time-zone-beside-recurrence",
        ),
        pytest.param(
            {"triggers": {"manual": {**REQUEST["manual"], "trackedProperties": {"a": 1}}}},
            "trackedProperties",
            "FlowTemplateTrigger",
            "properties.definition.triggers.manual.trackedProperties",
            "/triggers/manual/trackedProperties",
            id="tracked-properties-on-a-trigger",
        ),
        pytest.param(
            {"triggers": REQUEST, "actions": {"Response": RESPONSE}, "variables": {}},
            "variables",
            "FlowTemplate",
            "properties.definition.variables",
            "/variables",
            id="variables-in-the-definition",
        ),
        pytest.param(
            # a Standard workflow.json whose definition was wrapped twice
            {"definition": {"definition": {"triggers": REQUEST}}, "kind": "Stateful"},
            "definition",
            "FlowTemplate",
            "properties.definition.definition",
            "/definition/definition",
            id="definition-in-the-definition",
        ),
        pytest.param(
            # nested in an If's else branch, names with spaces as Newtonsoft writes them
            {
                "triggers": REQUEST,
                "actions": {
                    "If it": {
                        "type": "If",
                        "expression": True,
                        "actions": {},
                        "else": {
                            "actions": {"Send it": {"type": "Compose", "inputs": 1, "input": 2}}
                        },
                        "runAfter": {},
                    }
                },
            },
            "input",
            "FlowTemplateAction",
            "properties.definition.actions['If it'].else.actions['Send it'].input",
            "/actions/If it/else/actions/Send it/input",
            id="nested-in-else",
        ),
        pytest.param(
            {
                "triggers": REQUEST,
                "actions": {
                    "Route": {
                        "type": "Switch",
                        "expression": "a",
                        "cases": {
                            "A": {"case": "a", "actions": {"Do": {"type": "Compose", "x": 1}}}
                        },
                        "runAfter": {},
                    }
                },
            },
            "x",
            "FlowTemplateAction",
            "properties.definition.actions.Route.cases.A.actions.Do.x",
            "/actions/Route/cases/A/actions/Do/x",
            id="nested-in-a-case",
        ),
        pytest.param(
            # document order: the first unknown member met is the one named
            {"triggers": REQUEST, "bogus": 1, "actions": {"A": {"type": "Compose", "y": 2}}},
            "bogus",
            "FlowTemplate",
            "properties.definition.bogus",
            "/bogus",
            id="document-order",
        ),
    ],
)
def test_a_member_azure_does_not_know_is_refused(
    definition: dict[str, Any], member: str, owner: str, path: str, pointer: str
) -> None:
    with MockServer() as server, pytest.raises(DefinitionError) as raised:
        server.add_definition("members", definition)
    assert (raised.value.message, raised.value.pointer) == (refusal(member, owner, path), pointer)


def test_every_member_of_the_designers_model_loads_and_runs() -> None:
    # Azure/LogicAppsUX logicAppsV2.ts: WorkflowDefinition, Operation, Action, Trigger and the
    # control actions' members; evaluatedRecurrence is what Azure adds to a recurrence
    definition = {
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/"
        "2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "description": "every member",
        "metadata": {"note": 1},
        "parameters": {},
        "staticResults": {},
        "outputs": {},
        "triggers": {
            "manual": {
                **REQUEST["manual"],
                "inputs": {},
                "description": "d",
                "metadata": {},
                "conditions": [],
                "correlation": {"clientTrackingId": "@guid()"},
                "operationOptions": "EnableSchemaValidation",
                "runtimeConfiguration": {},
            }
        },
        "actions": {
            "Loop": {
                "type": "Until",
                "expression": "@equals(1, 1)",
                "limit": {"count": 2, "timeout": "PT1M"},
                "actions": {"Inner": {"type": "Compose", "inputs": 1, "runAfter": {}}},
                "description": "d",
                "metadata": {},
                "trackedProperties": {"x": "1"},
                "runAfter": {},
            },
            "Response": {**RESPONSE, "kind": "Http", "runAfter": {"Loop": ["Succeeded"]}},
        },
    }
    with MockServer() as server:
        (workflow,) = server.add_definition("members", definition)
        reply = requests.post(workflow.callback_url, json={}, timeout=10)
    assert (reply.status_code, reply.text) == (200, "ok")


def test_a_member_in_another_case_is_read_as_the_member() -> None:
    # Newtonsoft matches a member's name in any case when no spelling matches exactly
    definition = {
        "triggers": REQUEST,
        "ACTIONS": {
            "A": {"Type": "Compose", "Inputs": "first", "RunAfter": {}},
            "Response": {
                "type": "Response",
                "inputs": {"statusCode": 200, "body": "@outputs('A')"},
                "runafter": {"A": ["Succeeded"]},
            },
        },
    }
    with MockServer() as server:
        (workflow,) = server.add_definition("cases", definition)
        reply = requests.post(workflow.callback_url, json={}, timeout=10)
        run = workflow.runs[-1].wait(timeout=10)
    assert (reply.status_code, reply.text) == (200, "first")
    assert list(run.actions) == ["A", "Response"]


def test_validate_reports_the_member(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    document = {"triggers": REQUEST, "actions": {"Response": {**RESPONSE, "retryPolicy": {}}}}
    (tmp_path / "flow.json").write_text(json.dumps(document))
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    expected = refusal(
        "retryPolicy", "FlowTemplateAction", "properties.definition.actions.Response.retryPolicy"
    )
    assert f"flow.json#/actions/Response/retryPolicy: {expected}" in out


@pytest.mark.parametrize("depth", [400, 2000])
def test_a_definition_nested_far_too_deep_is_refused_not_a_recursion_error(depth: int) -> None:
    # the members are read down to the deepest level the runtime saves; below that the nesting
    # limit refuses the definition (an earlier reading recursed to the bottom and crashed)
    actions: dict[str, Any] = {"Leaf": {"type": "Compose", "inputs": 1}}
    for level in range(depth):
        actions = {f"S{level}": {"type": "Scope", "actions": actions}}
    with MockServer() as server, pytest.raises(DefinitionError, match="maximum nesting limit"):
        server.add_definition("deep", {"triggers": REQUEST, "actions": actions})


def test_validate_reports_every_member_and_reads_the_rest_as_the_runtime_does(
    capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    # a Response written "Type"/"Inputs" is read as one; two unknown members are both reported
    document = {
        "triggers": REQUEST,
        "actions": {
            "Response": {"Type": "Response", "Inputs": {"statusCode": 200}, "runAfter": {}},
            "Compose": {"type": "Compose", "inputs": 1, "retryPolicy": {}, "runAfter": {}},
            "Compose2": {"type": "Compose", "inputs": 1, "foo": 1, "runAfter": {}},
        },
    }
    (tmp_path / "flow.json").write_text(json.dumps(document))
    assert main(["validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "flow.json#/actions/Compose/retryPolicy: " in captured.out
    assert "flow.json#/actions/Compose2/foo: " in captured.out
    assert "/actions/Response/" not in captured.out
    assert "2 problem(s) in 1 file(s)" in captured.out + captured.err


def test_a_key_that_is_no_text_is_refused_as_a_member() -> None:
    # a Python dict given to add_definition may hold one; Azure's JSON never does
    definition: dict[Any, Any] = {"triggers": REQUEST, 1: 2}
    with MockServer() as server, pytest.raises(DefinitionError) as raised:
        server.add_definition("odd", definition)
    assert raised.value.message == refusal("1", "FlowTemplate", "properties.definition.1")


def test_member_names_match_as_dotnet_matches_them_in_any_case() -> None:
    # OrdinalIgnoreCase, not Python's lower(): the Kelvin sign is no "k"
    trigger = {"type": "Request", "\u212aind": "Http"}
    with MockServer() as server, pytest.raises(DefinitionError) as raised:
        server.add_definition("kelvin", {"triggers": {"manual": trigger}})
    assert "Could not find member '\u212aind'" in raised.value.message


def test_a_branchs_actions_written_in_another_case_run() -> None:
    # an If's else and a Switch's cases hold "Actions" as Newtonsoft reads "actions"
    definition = {
        "triggers": REQUEST,
        "actions": {
            "Check": {
                "type": "If",
                "expression": "@equals(1, 2)",
                "actions": {},
                "else": {"Actions": {"No": {"type": "Response", "inputs": {"body": "x"}}}},
                "runAfter": {},
            }
        },
    }
    with MockServer() as server:
        (workflow,) = server.add_definition("branch", definition)
        reply = requests.post(workflow.callback_url, json={}, timeout=10)
    assert (reply.status_code, reply.text) == (200, "x")
