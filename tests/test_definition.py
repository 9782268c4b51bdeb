"""Loading exported workflow definitions: Standard workflow.json, bare definitions, ARM."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import pytest
import requests

from reqres_mock import DefinitionError

EXAMPLES = Path(__file__).parent.parent / "examples"

TRIGGER = {
    "manual": {
        "type": "Request",
        "kind": "Http",
        "inputs": {"method": "PUT", "relativePath": "/items/{id}", "schema": {"type": "object"}},
        "operationOptions": "EnableSchemaValidation",
    }
}
RESPONSE = {
    "Response": {
        "type": "Response",
        "kind": "Http",
        "inputs": {
            "statusCode": "201",
            "headers": {"X-A": "1", "Content-Type": "application/json"},
            "body": {"ok": True},
        },
        "runAfter": {},
    }
}
DEFINITION = {"triggers": TRIGGER, "actions": RESPONSE}


def respond(body: object) -> dict[str, object]:
    """The actions of a definition whose Response sends ``body``."""
    return {"Response": {"type": "Response", "inputs": {"statusCode": 200, "body": body}}}


def write(path: Path, document: object, *, bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(document).encode()
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
    return path


def arm(name: object, definition: object = DEFINITION, **template: object) -> dict:
    resource = {
        "type": "Microsoft.Logic/workflows",
        "name": name,
        "properties": {"definition": definition, "state": "Enabled"},
    }
    return {"resources": [{"type": "Microsoft.Web/connections", "name": "x"}, resource], **template}


def test_standard_workflow_json_is_named_after_its_folder(reqres_server, tmp_path):
    file = write(tmp_path / "order-intake" / "workflow.json", {"definition": DEFINITION}, bom=True)
    (wf,) = reqres_server.load(file)
    assert wf.name == "order-intake"
    assert wf.flavor.value == "standard"
    assert "/api/order-intake/triggers/manual/invoke/items/{id}" in wf.callback_url
    reply = requests.put(wf.url(id=5), json={}, timeout=5)
    assert reply.status_code == 201
    assert reply.json() == {"ok": True}
    assert reply.headers["X-A"] == "1"
    assert wf.validates_schema
    assert wf.source == str(file)


def test_bare_definition_is_named_after_the_file(reqres_server, tmp_path):
    (wf,) = reqres_server.load(write(tmp_path / "orders.json", DEFINITION))
    assert wf.name == "orders"
    assert wf.flavor.value == "consumption"
    assert requests.put(wf.url(id=1), json={}, timeout=5).status_code == 201


def test_arm_template_names_resolve_from_parameters_and_variables(reqres_server, tmp_path):
    template = arm(
        "[parameters('logicAppName')]",
        parameters={"logicAppName": {"type": "string", "defaultValue": "[variables('n')]"}},
        variables={"n": "la-orders"},
    )
    (wf,) = reqres_server.load(write(tmp_path / "t.json", template))
    assert wf.name == "la-orders"
    (given,) = reqres_server.load(
        write(tmp_path / "t.json", template), parameters={"logicAppName": "other"}
    )
    assert given.name == "other"


def test_arm_parameter_without_default_must_be_given(reqres_server, tmp_path):
    template = arm("[parameters('name')]", parameters={"name": {"type": "string"}})
    with pytest.raises(DefinitionError, match="has no defaultValue") as info:
        reqres_server.load(write(tmp_path / "t.json", template))
    assert info.value.pointer == "/parameters/name"


NEEDS_P = {
    "triggers": {"manual": {"type": "Request", "kind": "Http"}},
    "actions": {
        "Response": {
            "type": "Response",
            "inputs": {"statusCode": 200, "body": "@parameters('p')"},
            "runAfter": {},
        }
    },
    "parameters": {"p": {"type": "String"}},
}


def needs_p_resource(values: dict) -> dict:
    """An ARM template deploying NEEDS_P with the resource's parameter ``values``."""
    resource = {
        "type": "Microsoft.Logic/workflows",
        "apiVersion": "2019-05-01",
        "name": "p",
        "location": "westeurope",
        "properties": {"definition": NEEDS_P, "parameters": values},
    }
    return {"contentVersion": "1.0.0.0", "resources": [resource]}


def test_a_workflow_parameter_without_a_value_is_refused(reqres_server, tmp_path):
    # declared without defaultValue and given no value: refused on save, InvalidTemplate
    # (the resource provider's validate call; MicrosoftDocs/azure-docs#28043)
    with pytest.raises(DefinitionError) as info:
        reqres_server.add_definition("bare", NEEDS_P)
    assert info.value.message == "The value for the workflow parameter 'p' is not provided."
    assert info.value.pointer == "/parameters/p"
    # a Standard workflow whose project has no such value either
    write(tmp_path / "host.json", {"version": "2.0"})
    write(tmp_path / "parameters.json", {"other": {"type": "String", "value": "x"}})
    write(tmp_path / "wf" / "workflow.json", {"definition": NEEDS_P, "kind": "Stateful"})
    with pytest.raises(DefinitionError, match="workflow parameter 'p' is not provided"):
        reqres_server.load(tmp_path)


def test_a_default_or_a_value_written_in_another_case_is_read(reqres_server):
    # Newtonsoft matches member names in any case: "DefaultValue", an ARM resource's "Value"
    (wf,) = reqres_server.add_definition(
        "d", {**NEEDS_P, "parameters": {"p": {"type": "String", "DefaultValue": "dv"}}}
    )
    assert requests.post(wf.callback_url, json={}, timeout=10).text == "dv"
    (wf,) = reqres_server.add_definition(
        "c", {"definition": NEEDS_P, "parameters": {"p": {"Value": "cv"}}}
    )
    assert requests.post(wf.callback_url, json={}, timeout=10).text == "cv"
    (wf,) = reqres_server.add_definition("a", needs_p_resource({"p": {"VALUE": "av"}}))
    assert requests.post(wf.callback_url, json={}, timeout=10).text == "av"


@pytest.mark.parametrize(
    "source",
    ["given", "code view", "arm", "parameters.json"],
)
def test_a_workflow_parameter_takes_its_value_from_wherever_it_is_given(
    reqres_server, tmp_path, source
):
    if source == "given":
        (wf,) = reqres_server.add_definition("p", NEEDS_P, parameters={"p": "v"})
    elif source == "code view":
        (wf,) = reqres_server.add_definition(
            "p", {"definition": NEEDS_P, "parameters": {"p": {"value": "v"}}}
        )
    elif source == "arm":
        (wf,) = reqres_server.add_definition("p", needs_p_resource({"p": {"value": "v"}}))
    else:
        write(tmp_path / "host.json", {"version": "2.0"})
        write(tmp_path / "parameters.json", {"p": {"type": "String", "value": "v"}})
        write(tmp_path / "p" / "workflow.json", {"definition": NEEDS_P, "kind": "Stateful"})
        (wf,) = reqres_server.load(tmp_path)
    assert requests.post(wf.callback_url, json={}, timeout=10).text == "v"


def test_arm_disabled_state_disables_the_workflow(reqres_server, tmp_path):
    template = arm("off")
    template["resources"][1]["properties"]["state"] = "Disabled"
    (wf,) = reqres_server.load(write(tmp_path / "t.json", template))
    assert not wf.enabled


def test_folder_loads_every_workflow_and_skips_other_json(reqres_server, tmp_path):
    write(tmp_path / "a" / "workflow.json", {"definition": DEFINITION})
    write(tmp_path / "b" / "workflow.json", {"definition": {"triggers": TRIGGER, "actions": {}}})
    write(tmp_path / "host.json", {"version": "2.0"})
    write(tmp_path / "connections.json", {"managedApiConnections": {}})
    names = sorted(w.name for w in reqres_server.load(tmp_path))
    assert names == ["a", "b"]


def test_example_hello_loads(reqres_server):
    (wf,) = reqres_server.load(EXAMPLES / "hello" / "workflow.json")
    assert wf.name == "hello"
    assert wf.trigger.name == "When_a_HTTP_request_is_received"


@pytest.mark.parametrize(
    ("document", "message", "pointer"),
    [
        pytest.param(
            {
                "definition": {
                    **DEFINITION,
                    "actions": {
                        "Response": {
                            "type": "Response",
                            "inputs": {"statusCode": 200, "body": "@add(1,"},
                        }
                    },
                }
            },
            "The template language expression is not valid: unexpected end of expression",
            "/definition/actions/Response/inputs/body",
            id="expression-syntax",
        ),
        # No grouping parentheses, no number starting with a bare '.' (Azure/LogicAppsUX
        # libs/logic-apps-shared/src/parsers/lib/expression/parser.ts and
        # __test__/scanner.spec.ts; ScoreUnder/IllogicApps IllogicApps.Expression.Parsing/
        # Parser.fs and Lexer.fs), and no expression over 8,192 characters
        # (https://learn.microsoft.com/azure/logic-apps/logic-apps-limits-and-config): refused
        # when the definition loads.
        pytest.param(
            {"definition": {**DEFINITION, "actions": respond("@add((1), 2)")}},
            re.escape("The template language expression is not valid: unexpected character '('"),
            "/definition/actions/Response/inputs/body",
            id="grouping-parentheses",
        ),
        pytest.param(
            {"definition": {**DEFINITION, "actions": respond({"n": "@{add(.5, 1)}"})}},
            re.escape("The template language expression is not valid: unexpected character '.'"),
            "/definition/actions/Response/inputs/body/n",
            id="bare-dot-number",
        ),
        pytest.param(
            {"definition": {**DEFINITION, "actions": respond("@'" + "a" * 8191 + "'")}},
            "The expression is longer than the limit of 8192 characters",
            "/definition/actions/Response/inputs/body",
            id="expression-too-long",
        ),
        pytest.param(
            {
                "definition": {
                    **DEFINITION,
                    "actions": {
                        "Response": {
                            "type": "Response",
                            "inputs": {"statusCode": 200, "body": {"a": "x @{y"}},
                        }
                    },
                }
            },
            "is not closed",
            "/definition/actions/Response/inputs/body/a",
            id="unclosed-interpolation",
        ),
        pytest.param(
            {
                "definition": {
                    **DEFINITION,
                    "actions": {
                        "Loop": {
                            "type": "Foreach",
                            "foreach": "@createArray(1)",
                            "actions": {
                                "Response": {"type": "Response", "inputs": {"statusCode": 200}}
                            },
                        }
                    },
                }
            },
            "The workflow run action 'Response' has type 'Response' that could not be nested "
            "under an action of type 'foreach'.",
            "/definition/actions/Loop/actions/Response",
            id="response-in-loop",
        ),
        pytest.param(
            {
                "definition": {
                    **DEFINITION,
                    "actions": {
                        "A": {"type": "Compose", "inputs": 1, "runAfter": {"Nope": ["Succeeded"]}}
                    },
                }
            },
            "runs after 'Nope', which is not an action of the same scope",
            "/definition/actions/A/runAfter",
            id="unknown-run-after",
        ),
        pytest.param(
            {
                "definition": {
                    **DEFINITION,
                    "actions": {
                        "A": {"type": "Compose", "inputs": 1, "runAfter": {"B": ["Done"]}},
                        "B": {"type": "Compose", "inputs": 2},
                    },
                }
            },
            "runAfter status 'Done'",
            "/definition/actions/A/runAfter/B",
            id="bad-run-after-status",
        ),
        pytest.param(
            {
                "definition": {
                    **DEFINITION,
                    "actions": {
                        "A": {"type": "Compose", "inputs": 1, "runAfter": {"B": []}},
                        "B": {"type": "Compose", "inputs": 2, "runAfter": {"A": []}},
                    },
                }
            },
            "runAfter forms a cycle",
            "/definition/actions/A",
            id="cycle",
        ),
        pytest.param(
            {"definition": {"triggers": {"manual": {"type": "Recurrence"}}, "actions": {}}},
            "has type 'Recurrence'",
            "/definition/triggers/manual/type",
            id="other-trigger-type",
        ),
        pytest.param(
            {"definition": {"triggers": {}, "actions": {}}},
            "no triggers",
            "/definition/triggers",
            id="no-trigger",
        ),
        pytest.param(
            {
                "definition": {
                    **DEFINITION,
                    "actions": {"R": {"type": "Response", "inputs": {"statusCode": 302}}},
                }
            },
            "statusCode 302 is not allowed",
            "/definition/actions/R/inputs/statusCode",
            id="redirect-status",
        ),
        pytest.param(
            {
                "definition": {
                    "triggers": {"manual": {"type": "Request", "inputs": {"method": "FETCH"}}},
                    "actions": {},
                }
            },
            "method 'FETCH'",
            "/definition/triggers/manual/inputs/method",
            id="bad-method",
        ),
        pytest.param(
            {"definition": {"triggers": {"m/x": {"type": "Request"}}, "actions": {}}},
            "trigger name",
            "/definition",
            id="bad-trigger-name",
        ),
    ],
)
def test_definition_errors_name_file_and_pointer(
    reqres_server, tmp_path, document, message, pointer
):
    file = write(tmp_path / "wf" / "workflow.json", document)
    with pytest.raises(DefinitionError, match=message) as info:
        reqres_server.load(file)
    assert info.value.path == str(file)
    assert info.value.pointer == pointer
    assert str(info.value).startswith(f"{file}#{pointer}: ")


def test_not_json_is_an_error_with_line_and_column(reqres_server, tmp_path):
    file = tmp_path / "broken.json"
    file.write_text('{\n  "definition": ,\n}')
    with pytest.raises(
        DefinitionError, match="not valid JSON: Expecting value at line 2, column 17"
    ):
        reqres_server.load(file)


def test_a_json_file_that_is_not_a_workflow_is_an_error(reqres_server, tmp_path):
    with pytest.raises(DefinitionError, match="not a workflow definition"):
        reqres_server.load(write(tmp_path / "host.json", {"version": "2.0"}))


def test_missing_file_is_an_error(reqres_server, tmp_path):
    with pytest.raises(DefinitionError, match="no such file"):
        reqres_server.load(tmp_path / "nope.json")


def test_escaped_at_is_a_literal(reqres_server, tmp_path):
    actions = {"R": {"type": "Response", "inputs": {"statusCode": 200, "body": "@@handle"}}}
    (wf,) = reqres_server.load(
        write(tmp_path / "x.json", {"triggers": TRIGGER, "actions": actions})
    )
    assert wf.response.body == "@handle"
