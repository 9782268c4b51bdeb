"""Loading Consumption definitions as people publish them: ARM templates (template functions,
nested deployments, integration account maps), the code view / REST shape, folders of them.

Each template here is a small copy of the shape of a real one, named in its test.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

import pytest
import requests

from reqres_mock import DefinitionError
from reqres_mock.definitions.arm import ArmContext, resolve_arm, unique_string

if TYPE_CHECKING:
    from pathlib import Path

SUB = "00000000-0000-0000-0000-000000000000"
RG = f"/subscriptions/{SUB}/resourceGroups/reqres-mock"
TRIGGER = {"manual": {"type": "Request", "kind": "Http", "inputs": {"schema": {}}}}


def echo(value: Any) -> dict[str, Any]:
    """A definition answering ``value`` (a Compose of it, then a Response of the Compose)."""
    return {
        "triggers": TRIGGER,
        "actions": {
            "Compose": {"type": "Compose", "inputs": value},
            "Response": {
                "type": "Response",
                "inputs": {
                    "statusCode": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": {"v": "@outputs('Compose')"},
                },
                "runAfter": {"Compose": ["Succeeded"]},
            },
        },
    }


def workflow(name: str, definition: Any, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Microsoft.Logic/workflows",
        "apiVersion": "2019-05-01",
        "name": name,
        "properties": {"state": "Enabled", "definition": definition, **properties},
    }


def write(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))
    return path


def call(wf: Any) -> Any:
    reply = requests.post(wf.callback_url, json={"a": 1}, timeout=10)
    return reply, wf.runs[-1].wait()


# -- 1. template functions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # learn.microsoft.com/azure/azure-resource-manager/templates/
        # template-functions-scope#subscription
        pytest.param(
            "[subscription()]",
            {
                "id": f"/subscriptions/{SUB}",
                "subscriptionId": SUB,
                "tenantId": SUB,
                "displayName": "reqres-mock",
            },
            id="subscription",
        ),
        pytest.param("[subscription().tenantId]", SUB, id="subscription-tenantId"),
        pytest.param("[resourceGroup().id]", RG, id="resourceGroup-id"),
        # template-functions-resource#resourceid: the names interleave with the type's segments
        pytest.param(
            "[resourceId('Microsoft.SQL/servers/databases', 'server', 'db')]",
            f"{RG}/providers/Microsoft.SQL/servers/server/databases/db",
            id="resourceId-nested-type",
        ),
        pytest.param(
            "[resourceId('otherGroup', 'Microsoft.Storage/storageAccounts', 'st')]",
            f"/subscriptions/{SUB}/resourceGroups/otherGroup/providers/"
            "Microsoft.Storage/storageAccounts/st",
            id="resourceId-resource-group",
        ),
        pytest.param(
            "[resourceId('1111', 'otherGroup', 'Microsoft.Web/sites', 'fn')]",
            "/subscriptions/1111/resourceGroups/otherGroup/providers/Microsoft.Web/sites/fn",
            id="resourceId-subscription-and-group",
        ),
        # template-functions-resource#subscriptionresourceid, #tenantresourceid
        pytest.param(
            "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r1')]",
            f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/r1",
            id="subscriptionResourceId",
        ),
        pytest.param(
            "[tenantResourceId('Microsoft.Authorization/policyDefinitions', 'p1')]",
            "/providers/Microsoft.Authorization/policyDefinitions/p1",
            id="tenantResourceId",
        ),
        pytest.param(
            "[length(uniqueString(resourceGroup().id))]", 13, id="uniqueString-13-characters"
        ),
    ],
)
def test_arm_template_functions(expression, expected):
    """Azure Resource Manager's scope and resource functions give the documented shapes."""
    context = ArmContext({}, {}, "t.json")
    assert resolve_arm(expression, context, "") == expected


def test_unique_string_is_a_stable_13_character_base32_hash():
    """uniqueString: 13 characters of a-z and 2-7, the same for the same arguments, joined with
    '-' before hashing (template-functions-string#uniquestring; Kudu's HashHelper)."""
    value = unique_string("/subscriptions/x/resourceGroups/rg")
    assert len(value) == 13
    assert set(value) <= set("abcdefghijklmnopqrstuvwxyz234567")
    assert value == unique_string("/subscriptions/x/resourceGroups/rg")
    assert unique_string("a", "b") == unique_string("a-b") != unique_string("ab")


def test_quickstart_function_app_template_loads_and_calls_the_function(reqres_server, tmp_path):
    """The Function action of quickstart logic-app-and-function-app calls its function app:
    uniqueString names the apps, resourceId('Microsoft.Web/sites/functions', app, 'Echo') is
    .../sites/<app>/functions/Echo, so the call goes to https://<app>.azurewebsites.net/api/Echo
    (Azure/azure-quickstart-templates quickstarts/microsoft.logic/logic-app-and-function-app/
    azuredeploy.json; environment() and listKeys() in the function app's settings stay
    unevaluated)."""
    definition = {
        "triggers": TRIGGER,
        "actions": {
            "Azure_Function": {
                "type": "Function",
                "inputs": {
                    "body": "@triggerBody()",
                    "function": {
                        "id": "[resourceId('Microsoft.Web/sites/functions', "
                        "parameters('functionAppName'), variables('functionName'))]"
                    },
                },
            },
            "Response": {
                "type": "Response",
                "inputs": {
                    "statusCode": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": "@body('Azure_Function')",
                },
                "runAfter": {"Azure_Function": ["Succeeded"]},
            },
        },
    }
    template = {
        "parameters": {
            "LogicAppName": {
                "type": "string",
                "defaultValue": "[concat('logic-app-', uniqueString(resourceGroup().id))]",
            },
            "functionAppName": {
                "type": "string",
                "defaultValue": "[concat('fn-app-', uniqueString(resourceGroup().id))]",
            },
        },
        "variables": {"functionName": "Echo"},
        "resources": [
            {
                **workflow("[parameters('LogicAppName')]", definition),
                "location": "[resourceGroup().location]",
                "dependsOn": [
                    "[resourceId('Microsoft.Web/sites/sourcecontrols', "
                    "parameters('functionAppName'), 'web')]"
                ],
            },
            {
                "type": "Microsoft.Web/sites",
                "name": "[parameters('functionAppName')]",
                "properties": {
                    "siteConfig": {
                        "appSettings": [
                            {
                                "name": "AzureWebJobsStorage",
                                "value": "[concat('EndpointSuffix=', environment().suffixes."
                                "storage, ';AccountKey=', listKeys(resourceId('Microsoft."
                                "Storage/storageAccounts', 'st'), '2019-06-01').keys[0].value)]",
                            }
                        ]
                    }
                },
            },
        ],
    }
    file = write(tmp_path / "azuredeploy.json", template)
    (wf,) = reqres_server.load(file)
    assert wf.name == "logic-app-" + unique_string(RG)
    reqres_server.stub_http(url="https://fn-echo.azurewebsites.net/api/Echo", body={"ok": 1})
    reqres_server.load(file, parameters={"functionAppName": "fn-echo", "LogicAppName": "la"})
    reply, run = call(reqres_server.workflow("la"))
    assert reply.json() == {"ok": 1}
    assert run.actions["Azure_Function"].inputs["function"]["id"] == (
        f"{RG}/providers/Microsoft.Web/sites/fn-echo/functions/Echo"
    )
    assert [c.request.url for c in run.outbound] == ["https://fn-echo.azurewebsites.net/api/Echo"]


def test_deploy_time_functions_outside_what_the_mock_uses_do_not_refuse_the_load(
    reqres_server, tmp_path
):
    """Only name, state, definition and parameters of a workflow resource are evaluated:
    identity, tags and outputs may use reference() (4d4MP/azure-logic-app-collection
    blob_review/playbook/azuredeploy.json reads the workflow's principalId with reference())."""
    resource = workflow("wf", echo("[subscription().subscriptionId]"))
    resource["tags"] = {"hidden-link": "[reference('x', '2019-05-01').id]"}
    resource["identity"] = {"type": "[environment().name]"}
    template = {
        "resources": [resource],
        "outputs": {"p": {"value": "[reference(resourceId('Microsoft.Logic/workflows', 'wf'))]"}},
    }
    (wf,) = reqres_server.load(write(tmp_path / "t.json", template))
    reply, _ = call(wf)
    assert reply.json()["v"] == SUB


def test_a_workflow_parameter_the_mock_cannot_evaluate_fails_the_run_that_reads_it(
    reqres_server, tmp_path
):
    """A workflow parameter whose ARM value reads a deployed resource (4d4MP blob_review's
    defaultValue "[concat('https://', reference(...).defaultHostName, ...)]" and
    "[listKeys(...).functionKeys.default]") loads; the run that reads it fails with
    InvalidTemplate naming the parameter and how to give it, and a given value is used without
    evaluating the template's."""
    definition = echo("@parameters('functionKey')")
    definition["parameters"] = {
        "functionUrl": {
            "type": "String",
            "defaultValue": "[concat('https://', reference(resourceId('Microsoft.Web/sites', "
            "'fn'), '2023-12-01').defaultHostName, '/api/enrich-ips')]",
        },
        "functionKey": {
            "type": "SecureString",
            "defaultValue": "[listKeys(resourceId('Microsoft.Web/sites/host', 'fn', 'default'), "
            "'2023-12-01').functionKeys.default]",
        },
        "$connections": {"type": "Object", "defaultValue": {}},
    }
    resource = workflow("wf", definition)
    resource["properties"]["parameters"] = {
        "$connections": {"value": {"kv": {"connectionId": "[parameters('kvConnection')]"}}}
    }
    template = {"parameters": {"kvConnection": {"type": "string"}}, "resources": [resource]}
    file = write(tmp_path / "t.json", template)
    (wf,) = reqres_server.load(file)
    _, run = call(wf)
    error = run.actions["Compose"].error
    assert error["code"] == "InvalidTemplate"
    assert "The workflow parameter 'functionKey' of 'wf'" in error["message"]
    assert "'listkeys'" in error["message"]
    assert "load(..., parameters={'functionKey': ...})" in error["message"]
    (wf,) = reqres_server.load(file, parameters={"functionKey": "k-1"})
    reply, run = call(wf)
    assert run.status == "Succeeded"
    assert reply.json()["v"] == "k-1"


def test_a_template_parameter_without_value_in_a_workflow_parameter_names_both(
    reqres_server, tmp_path
):
    """A workflow parameter built from a template parameter that has no value loads; the run
    that reads it names the workflow parameter and the template parameter to give."""
    definition = echo("@parameters('$connections')")
    definition["parameters"] = {"$connections": {"type": "Object", "defaultValue": {}}}
    resource = workflow("wf", definition)
    resource["properties"]["parameters"] = {
        "$connections": {"value": {"kv": {"connectionId": "[parameters('kvConnection')]"}}}
    }
    template = {"parameters": {"kvConnection": {"type": "string"}}, "resources": [resource]}
    (wf,) = reqres_server.load(write(tmp_path / "t.json", template))
    _, run = call(wf)
    message = run.actions["Compose"].error["message"]
    assert "workflow parameter '$connections'" in message
    assert "ARM parameter 'kvConnection' has no defaultValue" in message


def test_a_deploy_time_function_in_the_definition_names_the_template_parameter(
    reqres_server, tmp_path
):
    """Where the definition itself needs a deploy-time value, the load fails naming the template
    parameter to give."""
    template = {
        "parameters": {
            "url": {"type": "string", "defaultValue": "[reference('fn').defaultHostName]"}
        },
        "resources": [workflow("wf", echo("[parameters('url')]"))],
    }
    file = write(tmp_path / "t.json", template)
    with pytest.raises(DefinitionError, match=r"ARM parameter 'url': the ARM function 'reference'"):
        reqres_server.load(file)
    (wf,) = reqres_server.load(file, parameters={"url": "fn.example"})
    assert call(wf)[0].json()["v"] == "fn.example"


# -- 3. the code view / REST shape -------------------------------------------------------------


def test_code_view_document_loads_as_consumption_with_its_parameter_values(reqres_server, tmp_path):
    """{"definition", "parameters": {"x": {"value"}}} is a Consumption workflow's properties as
    the code view and learn.microsoft.com/rest/api/logic/workflows/create-or-update show them
    (4d4MP/azure-logic-app-collection blob_review/playbook/workflow.json): Consumption, its
    values read, the caller's winning."""
    definition = echo("@parameters('$connections')['kv']['connectionId']")
    definition["parameters"] = {"$connections": {"type": "Object", "defaultValue": {}}}
    document = {
        "definition": definition,
        "parameters": {"$connections": {"value": {"kv": {"connectionId": "/conn/kv"}}}},
    }
    file = write(tmp_path / "playbook" / "workflow.json", document)
    (wf,) = reqres_server.load(file)
    assert wf.name == "playbook"
    assert wf.flavor.value == "consumption"
    assert "/workflows/" in wf.callback_url
    assert call(wf)[0].json()["v"] == "/conn/kv"
    given = {"$connections": {"kv": {"connectionId": "/given"}}}
    (wf,) = reqres_server.load(file, parameters=given)
    assert call(wf)[0].json()["v"] == "/given"


def test_standard_workflow_json_with_kind_stays_standard(reqres_server, tmp_path):
    """A Standard workflow.json ({"definition", "kind"}) is read as before."""
    file = write(tmp_path / "orders" / "workflow.json", {"definition": echo(1), "kind": "Stateful"})
    (wf,) = reqres_server.load(file)
    assert wf.flavor.value == "standard"


# -- 4. nested deployments ---------------------------------------------------------------------


def deployment(template: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2020-06-01",
        "name": "nestedTemplate",
        "properties": {"mode": "Incremental", "template": template, **properties},
    }


def test_nested_deployment_redefines_a_workflow_and_the_later_one_wins(reqres_server, tmp_path):
    """Quickstart logicapps-jobscheduler deploys TimerJob empty, then again with its actions in
    a nested Microsoft.Resources/deployments evaluated in the outer scope
    (Azure/azure-quickstart-templates quickstarts/microsoft.logic/logicapps-jobscheduler/
    azuredeploy.json); the later definition is the one served."""
    template = {
        "parameters": {"TimerJobLogicAppName": {"type": "string", "defaultValue": "TimerJob"}},
        "resources": [
            workflow("[parameters('TimerJobLogicAppName')]", echo("first")),
            deployment(
                {"resources": [workflow("[parameters('TimerJobLogicAppName')]", echo("nested"))]}
            ),
        ],
    }
    (wf,) = reqres_server.load(write(tmp_path / "azuredeploy.json", template))
    assert wf.name == "TimerJob"
    assert call(wf)[0].json()["v"] == "nested"


def test_nested_deployment_in_inner_scope_uses_its_own_parameters(reqres_server, tmp_path):
    """expressionEvaluationOptions.scope inner: the nested template's parameters (passed by the
    deployment) and variables, not the outer ones (learn.microsoft.com/azure/
    azure-resource-manager/templates/linked-templates#expression-evaluation-scope-in-nested-
    templates)."""
    nested = {
        "parameters": {"name": {"type": "string"}, "greeting": {"type": "string"}},
        "variables": {"v": "inner"},
        "resources": [
            workflow(
                "[parameters('name')]", echo("[concat(parameters('greeting'), variables('v'))]")
            )
        ],
    }
    template = {
        "parameters": {"name": {"type": "string", "defaultValue": "outer-name"}},
        "variables": {"v": "outer"},
        "resources": [
            deployment(
                nested,
                expressionEvaluationOptions={"scope": "inner"},
                parameters={
                    "name": {"value": "[concat(parameters('name'), '-nested')]"},
                    "greeting": {"value": "hello-"},
                },
            )
        ],
    }
    (wf,) = reqres_server.load(write(tmp_path / "t.json", template))
    assert wf.name == "outer-name-nested"
    assert call(wf)[0].json()["v"] == "hello-inner"


# -- 5. folders --------------------------------------------------------------------------------


def test_bare_workflow_json_is_named_after_its_folder(reqres_server, tmp_path):
    """Microsoft's template gallery keeps each bare definition as <folder>/workflow.json
    (Azure/LogicAppsTemplates receive-request-send-response/default/workflow.json): it is named
    after its folder, as a Standard workflow.json is."""
    (wf,) = reqres_server.load(write(tmp_path / "request-response" / "workflow.json", echo(1)))
    assert wf.name == "request-response"


def test_one_load_refuses_two_workflows_of_one_name(reqres_server, tmp_path):
    """Two files that define workflows of one name are refused, naming both files: the
    second would silently replace the first."""
    first = write(tmp_path / "a" / "orders" / "workflow.json", echo(1))
    second = write(tmp_path / "b" / "Orders" / "workflow.json", echo(2))
    with pytest.raises(DefinitionError) as info:
        reqres_server.load(tmp_path)
    assert info.value.path == str(second)
    assert f"workflow 'Orders' is also defined in {first}" in str(info.value)
    assert reqres_server.workflows == []


# -- 6. Transform XML with an integration account map --------------------------------------------

MAP = (
    '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
    'xmlns:input="urn:my-input-variables">'
    '<xsl:param name="input:X"/><xsl:param name="input:Y"/>'
    '<xsl:template match="/"><Sum><xsl:value-of select="$input:X + $input:Y"/></Sum>'
    "</xsl:template></xsl:stylesheet>"
)


def xslt_template(content: str, map_name: str = "map-with-params") -> dict[str, Any]:
    """Quickstart logic-app-xslt-with-params' shape (Azure/azure-quickstart-templates
    quickstarts/microsoft.logic/logic-app-xslt-with-params/azuredeploy.json)."""
    definition = {
        "triggers": TRIGGER,
        "actions": {
            "Transform_XML": {
                "type": "Xslt",
                "inputs": {
                    "content": "@{triggerBody()}",
                    "integrationAccount": {"map": {"name": map_name}},
                    "xsltParameters": {"input:X": "20", "input:Y": "10"},
                },
            },
            "Response": {
                "type": "Response",
                "inputs": {"statusCode": 200, "body": "@body('Transform_XML')"},
                "runAfter": {"Transform_XML": ["Succeeded"]},
            },
        },
    }
    return {
        "parameters": {"ia": {"type": "string", "defaultValue": "IntegrationAccount"}},
        "resources": [
            {"type": "Microsoft.Logic/integrationAccounts", "name": "[parameters('ia')]"},
            {
                "type": "Microsoft.Logic/integrationAccounts/maps",
                "name": "[concat(parameters('ia'), '/map-with-params')]",
                "properties": {"mapType": "xslt", "content": content},
            },
            workflow("XSLTWithParams", definition),
        ],
    }


def post_xml(wf: Any) -> Any:
    reply = requests.post(
        wf.callback_url,
        data=b'<Root xmlns="https://Integration.Source"/>',
        headers={"Content-Type": "application/xml"},
        timeout=10,
    )
    return reply, wf.runs[-1].wait()


def test_transform_xml_runs_the_integration_account_map_of_the_template(reqres_server, tmp_path):
    """inputs.integrationAccount.map.name names a Microsoft.Logic/integrationAccounts/maps
    resource of the same template; xsltParameters are the map's xsl:params
    (learn.microsoft.com/azure/logic-apps/logic-apps-enterprise-integration-transform)."""
    pytest.importorskip("saxonche")  # the Xslt action runs through reqres-mock[xslt]
    (wf,) = reqres_server.load(write(tmp_path / "t.json", xslt_template(MAP)))
    reply, run = post_xml(wf)
    assert run.actions["Transform_XML"].status == "Succeeded", run.actions["Transform_XML"].error
    assert reply.status_code == 200
    assert ">30</Sum>" in reply.text


@pytest.mark.parametrize(
    ("content", "map_name", "code"),
    [
        pytest.param(MAP, "other-map", "MapNotFound", id="no-such-map"),
        # the quickstart's map imports Microsoft's functoids over the network (msxsl:script)
        pytest.param(
            MAP.replace(
                "<xsl:param",
                '<xsl:import href="https://az818438.vo.msecnd.net/functoids/'
                'functoidsscript.xslt"/><xsl:param',
                1,
            ),
            "map-with-params",
            "UnsupportedMap",
            id="remote-import",
        ),
    ],
)
def test_transform_xml_that_cannot_run_says_how_to_stub_it(
    reqres_server, tmp_path, content, map_name, code
):
    """A map the mock has not got, or cannot run, fails the action saying how to stub it, with
    its evaluated inputs recorded."""
    (wf,) = reqres_server.load(write(tmp_path / "t.json", xslt_template(content, map_name)))
    _, run = post_xml(wf)
    action = run.actions["Transform_XML"]
    assert action.status == "Failed"
    assert action.error["code"] == code
    assert "wf.stub_action('Transform_XML', body=...)" in action.error["message"]
    assert action.inputs["xsltParameters"] == {"input:X": "20", "input:Y": "10"}
    assert action.inputs["integrationAccount"] == {"map": {"name": map_name}}
    wf.stub_action("Transform_XML", body="<stubbed/>")
    reply, _ = post_xml(wf)
    assert reply.text == "<stubbed/>"


def test_content_envelope_is_read(reqres_server, tmp_path):
    """An XML trigger body is a $content envelope; the map reads it (regression guard)."""
    pytest.importorskip("saxonche")
    template = xslt_template(MAP)
    inputs = template["resources"][2]["properties"]["definition"]["actions"]["Transform_XML"]
    inputs["inputs"]["content"] = "@triggerBody()"
    (wf,) = reqres_server.load(write(tmp_path / "t.json", template))
    _, run = post_xml(wf)
    body = run.actions["Transform_XML"].outputs["body"]
    assert ">30</Sum>" in base64.b64decode(body["$content"]).decode()


# -- second look: shapes the review found ------------------------------------------------------


@pytest.mark.parametrize("computed", ["definition", "parameters", "properties"])
def test_a_definition_or_its_parameters_given_by_one_expression(reqres_server, tmp_path, computed):
    """The portal's blank Consumption template writes ``"definition":
    "[json(parameters('definition'))]"`` and ``"parameters": "[parameters('parameters')]"``;
    Bicep's ``json(loadTextContent(...))`` compiles to ``"[json(variables('$fxv#0'))]"``. ARM
    evaluates the expression and nothing inside what it gave (a "[...]" string stays)."""
    kept = "[kept as written]"
    inside = "[" + kept if computed == "properties" else kept
    definition = echo("@parameters('greeting')" if computed == "parameters" else inside)
    definition["parameters"] = {"greeting": {"type": "String", "defaultValue": "x"}}
    # Strings inside a variable's object are expressions to ARM: "[[" writes a literal "[".
    values = {"greeting": {"value": "[" + kept}}
    template: dict[str, Any] = {
        "variables": {
            "$fxv#0": json.dumps(definition),
            "values": values,
            "properties": {"definition": definition, "parameters": values},
        },
        "resources": [workflow("wf", definition)],
    }
    properties = template["resources"][0]["properties"]
    if computed == "definition":
        properties["definition"] = "[json(variables('$fxv#0'))]"
    elif computed == "parameters":
        properties["parameters"] = "[variables('values')]"
    else:
        template["resources"][0]["properties"] = "[variables('properties')]"
    (wf,) = reqres_server.load(write(tmp_path / "t.json", template))
    reply, run = call(wf)
    assert run.status == "Succeeded"
    assert reply.json() == {"v": kept}


def test_computed_parameters_that_are_no_object_are_refused_with_the_pointer(
    reqres_server, tmp_path
):
    resource = workflow("wf", echo(1), parameters="[concat('a', 'b')]")
    with pytest.raises(DefinitionError) as refused:
        reqres_server.load(write(tmp_path / "t.json", {"resources": [resource]}))
    error = refused.value
    assert error.pointer == "/resources/0/properties/parameters"
    assert "must be an object" in str(error)


def test_a_template_beside_its_deployment_parameters_file_loads(reqres_server, tmp_path):
    """A template.json with its ARM parameters.json (the portal's Export template, and
    deployment folders) is no Standard app: only host.json makes one."""
    template = {
        "parameters": {"greeting": {"type": "string"}},
        "resources": [workflow("orders", echo("[parameters('greeting')]"))],
    }
    write(tmp_path / "logic" / "template.json", template)
    write(
        tmp_path / "logic" / "parameters.json",
        {
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/"
            "deploymentParameters.json#",
            "contentVersion": "1.0.0.0",
            "parameters": {"greeting": {"value": "hi"}},
        },
    )
    (wf,) = reqres_server.load(tmp_path / "logic", parameters={"greeting": "hi"})
    assert wf.name == "orders"
    assert call(wf)[0].json() == {"v": "hi"}


def test_an_arm_function_the_mock_lacks_in_an_unread_parameter_loads(reqres_server, tmp_path):
    """Like reference(): a workflow parameter needing a function the mock has not got (format,
    here) leaves the load alone and fails only the run that reads it."""
    definition = echo("hello")
    definition["parameters"] = {"blobUrl": {"type": "String"}}
    url = "[format('https://{0}.blob.core.windows.net', parameters('sa'))]"
    resource = workflow("wf", definition, parameters={"blobUrl": {"value": url}})
    template = {"parameters": {"sa": {"type": "string", "defaultValue": "x"}}}
    template["resources"] = [resource]
    (wf,) = reqres_server.load(write(tmp_path / "t.json", template))
    reply, run = call(wf)
    assert (run.status, reply.json()) == ("Succeeded", {"v": "hello"})


def test_a_misspelled_template_function_refuses_the_load(reqres_server, tmp_path):
    """ARM refuses a template calling a function it does not document ("The template function
    'concatt' is not valid"); only documented functions the mock lacks wait for a run."""
    definition = echo("hello")
    definition["parameters"] = {"p": {"type": "String"}}
    resource = workflow("wf", definition, parameters={"p": {"value": "[concatt('a', 'b')]"}})
    with pytest.raises(DefinitionError, match=r"'concatt' is not valid .*did you mean 'concat'"):
        reqres_server.load(write(tmp_path / "t.json", {"resources": [resource]}))


def test_a_template_variable_that_is_not_there_refuses_the_load(reqres_server, tmp_path):
    """ARM's sentence, InvalidTemplate: "The template variable 'azuresentinel-30' is not found.
    Please see https://aka.ms/arm-syntax-variables for usage details." (a failed deployment,
    rod-trent/SentinelPlaybooks#8)."""
    resource = workflow("[variables('azuresentinel-30')]", echo("hello"))
    with pytest.raises(DefinitionError) as info:
        reqres_server.load(write(tmp_path / "t.json", {"variables": {}, "resources": [resource]}))
    assert info.value.message == (
        "The template variable 'azuresentinel-30' is not found. Please see "
        "https://aka.ms/arm-syntax-variables for usage details."
    )
    assert info.value.pointer == "/variables"


@pytest.mark.parametrize(
    "value",
    [
        "[filter(createArray(1, 5), lambda('n', greater(lambdaVariables('n'), 2)))]",
        "[deployer().objectId]",
        "[indexFromEnd(createArray('a', 'b'), 1)]",
        "[someFunctionArmAddsNext('x')]",  # not close to a known one: newer than the list
    ],
    ids=["lambda", "deployer", "indexFromEnd", "unknown-new"],
)
def test_documented_or_newer_functions_the_mock_lacks_wait_for_the_run(
    reqres_server, tmp_path, value
):
    """learn.microsoft.com template-functions-lambda (filter with lambda/lambdaVariables) and
    -deployment (deployer()): real templates use them; only the run that reads the workflow
    parameter needs their value."""
    definition = echo("hello")
    definition["parameters"] = {"p": {"type": "String"}}
    resource = workflow("wf", definition, parameters={"p": {"value": value}})
    (wf,) = reqres_server.load(write(tmp_path / "t.json", {"resources": [resource]}))
    reply, run = call(wf)
    assert (run.status, reply.json()) == ("Succeeded", {"v": "hello"})
