"""A Logic Apps Standard project tested in the real runtime with the IntegrationPlaybook
testing library.

michaelstephensonuk/IntegrationPlaybook-LogicApp-Standard-Testing-Example (commit
``899c82c8ad6458a730634635ed27b6690cf1e4ee``) holds a Standard project (``logicapp/``) and
tests that run its workflows in the real runtime: ``logicapp.testing.unittests`` starts the
local Functions host (``func start``) with the author's ``IPB.LogicApp.Standard.Testing.Local``
and answers outbound calls with WireMock; ``logicapp.testing.acceptancetests`` runs the same
workflows deployed to Azure with ``IPB.LogicApp.Standard.Testing``. The library's own examples
(michaelstephensonuk/IntegrationPlaybook-LogicApp-Standard-Testing at ``ca0d883``, MIT,
``LogicApp.Testing.Example/``) test the project's ``hello-world-stateful``/``-stateless`` and
copies of ``Echo``/``Echo-Postman``. Their assertions passed against the runtime, so they are
evidence of what it does; each test here follows one C# test (named in its docstring).

The example repository has **no licence**, so none of its files is copied: the project below is
a minimal synthetic equivalent written here, each workflow keeping the action names, types and
expressions the tests exercise and citing its original path; the Liquid map and its input are
shortened versions with the same constructs.

How the library's calls are ported (``IPB.LogicApp.Standard.Testing.Local``):

- ``WorkflowTestHostBuilder`` + ``LoadAndBuild()`` runs the project's ``local.settings.json``,
  ``parameters.json``, ``connections.json`` and ``host.json``; tests that edit
  ``appSettings.Values.x`` before ``Build()`` are ``load(..., app_settings={"x": ...})``.
- ``TriggerLogicAppWithPost(content)`` (``WorkflowHelper``) POSTs to the management API's
  ``…/workflows/<name>/triggers/manual/listCallbackUrl`` and then POSTs the content to the
  ``value``; the run id is the reply's ``x-ms-workflow-run-id``. Done here the same way, over
  HTTP, on the Standard host's management path the mock serves.
- ``GetWorkflowRunStatus()`` reads ``properties.status`` of ``GET …/runs/<id>``;
  ``GetTriggerStatus()`` ``properties.trigger.status``: read here from the same GET.
- ``GetActionStatus(name)`` replaces spaces by ``_`` and reads ``properties.actions[name]``
  of ``GET …/runs/<id>?$expand=properties/actions,workflow/properties``, as
  ``test_non_specflow_example_green_path`` does (the port found the mock did not expand it:
  fixed); the other tests read the same statuses from ``run.actions[name].status``, and the action
  inputs/outputs that ``GetActionInputMessage``/``GetActionOutputMessage`` fetch from the
  action's ``inputsLink``/``outputsLink`` from ``run.actions[name].inputs``/``.outputs``.
- The library reads the run history as soon as the trigger's reply came; the mock's run may
  still be ending its last action then, so each test waits for the run to end first.
- WireMock stubs (``mockHost.Server.Given(Request.Create().WithPath(p).UsingGet())``) are
  ``wf.stub_http(method="GET", path=p, ...)``; a call to the real service (Postman Echo,
  Dataverse, the APIM mock API) is stubbed at its URL with what the test relies on.
- ``FlatFileEncoding`` runs inside the runtime only: ``stub_action`` by name, and its output
  assertions (``$BOF``…``$EOF\\r\\n``) are not ported (they would check the stub).

Not ported: ``FunctionRuntimeTests.FuncFileExists``/``CanStartFunctionRuntime`` (they check
the ``func`` executable and process, not a workflow); ``ShipInstruction_Schema_Encode_GreenPath``
(``Test-FlatFile-Encode``: its one assertion is the flat file encoder's exact output, which
the mock does not produce); ``GenerateCodeTests.GenerateCodeTest`` (generates C# from a run,
asserts nothing). ``Test-Map-Xslt`` and ``Test-FlatFile-Decode`` have no tests.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import pytest
import requests

from reqres_mock import HttpReply, MockServer

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from reqres_mock import Run, Workflow

SOURCE = "michaelstephensonuk/IntegrationPlaybook-LogicApp-Standard-Testing-Example"
# IPB.LogicApp.Standard.Testing.Local/Helpers/ApiSettings.cs
API_VERSION = "2019-10-01-edge-preview"
MANAGEMENT = "/runtime/webhooks/workflow/api/management/workflows"
REQUEST_TRIGGER: dict[str, Any] = {"manual": {"type": "Request", "kind": "Http", "inputs": {}}}


def standard(actions: dict[str, Any], kind: str = "Stateful", **triggers: Any) -> dict[str, Any]:
    return {
        "definition": {"triggers": triggers or REQUEST_TRIGGER, "actions": actions},
        "kind": kind,
    }


def after(*names: str) -> dict[str, list[str]]:
    return {name: ["Succeeded"] for name in names}


# --- the synthetic project (each item cites the file of SOURCE it stands for) ---------------

# logicapp/parameters.json (the same entries, all read from app settings)
PARAMETERS = {
    name: {"type": "String", "value": f"@appsetting('{name}')"}
    for name in (
        "dataverse_audience",
        "dataverse_url",
        "dataverse_client_id",
        "dataverse_client_secret",
        "dataverse_tenant_id",
        "postman_echo_url",
        "apim_url",
        "apim_subscription_key",
    )
}

# logicapp/local.settings.json is not in the repository (it holds the author's secrets): these
# values are invented. The stateless setting is the one HelloWorldStateless.feature asks for.
APP_SETTINGS = {
    "AzureWebJobsStorage": "UseDevelopmentStorage=true",
    "FUNCTIONS_WORKER_RUNTIME": "node",
    "dataverse_audience": "https://org.example.crm.dynamics.com",
    "dataverse_url": "https://org.example.crm.dynamics.com",
    "dataverse_client_id": "00000000-0000-0000-0000-000000000001",
    "dataverse_client_secret": "not-a-secret",
    "dataverse_tenant_id": "00000000-0000-0000-0000-000000000002",
    "postman_echo_url": "https://postman-echo.com/get",
    "apim_url": "https://apim.example.net",
    "apim_subscription_key": "apim-key",
    "serviceBus_connectionString": "Endpoint=sb://example.servicebus.windows.net/;"
    "SharedAccessKeyName=k;SharedAccessKey=a2V5",
    "Workflows.hello-world-stateless.OperationOptions": "WithStatelessRunHistory",
}

# logicapp/connections.json
CONNECTIONS = {
    "serviceProviderConnections": {
        "serviceBus": {
            "parameterValues": {"connectionString": "@appsetting('serviceBus_connectionString')"},
            "serviceProvider": {"id": "/serviceProviders/serviceBus"},
            "displayName": "servicebus",
        }
    },
    "managedApiConnections": {},
}

# logicapp/Echo/workflow.json
ECHO = standard(
    {
        "Parse_JSON": {
            "type": "ParseJson",
            "inputs": {
                "content": "@triggerBody()",
                "schema": {
                    "type": "object",
                    "properties": {"Name": {"type": "string"}, "Surname": {"type": "string"}},
                },
            },
            "runAfter": {},
        },
        "Compose": {
            "type": "Compose",
            "inputs": "@{body('Parse_JSON')?['Name']} @{body('Parse_JSON')?['Surname']}",
            "runAfter": after("Parse_JSON"),
        },
        "Response": {
            "type": "Response",
            "kind": "http",
            "inputs": {"statusCode": 200, "body": "@outputs('Compose')"},
            "runAfter": after("Compose"),
        },
    }
)

# logicapp/Echo-Postman/workflow.json
ECHO_POSTMAN = standard(
    {
        "HTTP_-_Postman_Echo": {
            "type": "Http",
            "inputs": {"method": "GET", "uri": "@parameters('postman_echo_url')"},
            "runAfter": {},
        },
        "Response": {
            "type": "Response",
            "kind": "http",
            "inputs": {"statusCode": 200, "body": "@body('HTTP_-_Postman_Echo')"},
            "runAfter": after("HTTP_-_Postman_Echo"),
        },
    }
)

# logicapp/Dataverse-WhoAmI/workflow.json
DATAVERSE_WHO_AM_I = standard(
    {
        "Compose": {"type": "Compose", "inputs": "@triggerBody()", "runAfter": {}},
        "HTTP_-_Dataverse_Who_Am_I": {
            "type": "Http",
            "inputs": {
                "method": "GET",
                "uri": "@{parameters('dataverse_url')}/api/data/v9.0/WhoAmI()",
                "headers": {
                    "Accept": "application/json",
                    "OData-MaxVersion": "4.0",
                    "OData-Version": "4.0",
                },
                "authentication": {
                    "type": "ActiveDirectoryOAuth",
                    "tenant": "@parameters('dataverse_tenant_id')",
                    "audience": "@parameters('dataverse_audience')",
                    "clientId": "@parameters('dataverse_client_id')",
                    "secret": "@parameters('dataverse_client_secret')",
                },
            },
            "runAfter": after("Compose"),
        },
        "Response": {
            "type": "Response",
            "kind": "http",
            "inputs": {"statusCode": 200, "body": "@body('HTTP_-_Dataverse_Who_Am_I')"},
            "runAfter": after("HTTP_-_Dataverse_Who_Am_I"),
        },
    }
)


def hello_world(kind: str) -> dict[str, Any]:
    """logicapp/hello-world-stateful/workflow.json and hello-world-stateless/workflow.json
    (the same definition, ``kind`` apart)."""
    return standard(
        {
            "Compose_-_Log_Message_Received": {
                "type": "Compose",
                "inputs": "@triggerBody()",
                "runAfter": {},
            },
            "Response": {
                "type": "Response",
                "kind": "http",
                "inputs": {"statusCode": 200, "body": "@outputs('Compose_-_Log_Message_Received')"},
                "runAfter": after("Compose_-_Log_Message_Received"),
            },
        },
        kind=kind,
    )


# logicapp/ShipInstruction-Processor/workflow.json (the Parse JSON schema shortened to the
# properties the workflow reads)
SHIP_INSTRUCTION_PROCESSOR = standard(
    {
        "Compose_-_Request_as_Json": {
            "type": "Compose",
            "inputs": "@json(xml(triggerBody()))",
            "runAfter": {},
        },
        "Parse_JSON_-_Ship_Event": {
            "type": "ParseJson",
            "inputs": {
                "content": "@outputs('Compose_-_Request_as_Json')",
                "schema": {
                    "type": "object",
                    "properties": {
                        "DeliveryNotify": {
                            "type": "object",
                            "properties": {
                                "Delivery": {
                                    "type": "object",
                                    "properties": {
                                        "DeliveryId": {"type": "string"},
                                        "Commodity": {"type": "string"},
                                        "BillOfLading": {"type": ["string", "null"]},
                                    },
                                }
                            },
                        }
                    },
                },
            },
            "runAfter": after("Compose_-_Request_as_Json"),
        },
        "Condition_-_Is_Petrochemical": {
            "type": "If",
            "expression": {
                "and": [
                    {
                        "equals": [
                            "@body('Parse_JSON_-_Ship_Event')?['DeliveryNotify']?['Delivery']"
                            "?['Commodity']",
                            "Petrochemical",
                        ]
                    }
                ]
            },
            "actions": {
                "HTTP_-_Lookup_Data": {
                    "type": "Http",
                    "inputs": {
                        "method": "GET",
                        "uri": "@{parameters('apim_url')}"
                        "/logicapptesting/mockapi/shipinstructioninfo",
                        "headers": {
                            "Ocp-Apim-Subscription-Key": "@parameters('apim_subscription_key')"
                        },
                        "queries": {
                            "shipid": "@body('Parse_JSON_-_Ship_Event')?['DeliveryNotify']"
                            "?['Delivery']?['DeliveryId']"
                        },
                    },
                    "runAfter": {},
                },
                "Compose_-_Convert_to_Json": {
                    "type": "Compose",
                    "inputs": "@json(body('HTTP_-_Lookup_Data'))",
                    "runAfter": after("HTTP_-_Lookup_Data"),
                },
                "Transform_JSON_To_TEXT": {
                    "type": "Liquid",
                    "kind": "JsonToText",
                    "inputs": {
                        "content": "@outputs('Compose_-_Convert_to_Json')",
                        "map": {"name": "ShipInstructionMap.liquid"},
                    },
                    "runAfter": after("Compose_-_Convert_to_Json"),
                },
                "Flat_File_Encoding": {
                    "type": "FlatFileEncoding",
                    "inputs": {
                        "content": "@body('Transform_JSON_To_TEXT')",
                        "schema": {"name": "ShipInstructionFlatFile.xsd"},
                    },
                    "runAfter": after("Transform_JSON_To_TEXT"),
                },
                "Response": {
                    "type": "Response",
                    "kind": "http",
                    "inputs": {"statusCode": 200, "body": "@body('Flat_File_Encoding')"},
                    "runAfter": after("Flat_File_Encoding"),
                },
            },
            "else": {
                "actions": {
                    "Compose_-_Log_Not_Petrochemical": {
                        "type": "Compose",
                        "inputs": "The event is not for a petrochemical commodity",
                        "runAfter": {},
                    },
                    "Terminate_-_Not_Petrochemical": {
                        "type": "Terminate",
                        "inputs": {
                            "runStatus": "Failed",
                            "runError": {"code": "500", "message": "Not petrochemical"},
                        },
                        "runAfter": after("Compose_-_Log_Not_Petrochemical"),
                    },
                }
            },
            "runAfter": after("Parse_JSON_-_Ship_Event"),
        },
    }
)

# logicapp/ShipInstruction-Receiver/workflow.json
SHIP_INSTRUCTION_RECEIVER = standard(
    {
        "Initialize_variable_-_Delivery_ID": {
            "type": "InitializeVariable",
            "inputs": {
                "variables": [
                    {
                        "name": "deliveryId",
                        "type": "string",
                        "value": "@{string(triggerOutputs()?['body']?['userProperties']"
                        "?['DeliveryId'])}",
                    }
                ]
            },
            "runAfter": {},
            "trackedProperties": {"DeliveryId": "@action().inputs.variables[0].value"},
        },
        "Compose_-_Message_Body": {
            "type": "Compose",
            "inputs": "@triggerOutputs()?['body']?['contentData']",
            "runAfter": after("Initialize_variable_-_Delivery_ID"),
        },
        "Call_Ship_Instruction_Processor": {
            "type": "Workflow",
            "inputs": {
                "host": {"workflow": {"id": "ShipInstruction-Processor"}},
                "headers": {"DeliveryId": "@variables('deliveryId')", "DeliveryID": ""},
                "body": "@outputs('Compose_-_Message_Body')",
            },
            "runAfter": after("Compose_-_Message_Body"),
        },
    },
    When_messages_are_available_in_a_queue={
        "type": "ServiceProvider",
        "inputs": {
            "parameters": {
                "queueName": "ms-la-testing-dev-shipinstruction",
                "isSessionsEnabled": False,
            },
            "serviceProviderConfiguration": {
                "connectionName": "serviceBus",
                "operationId": "receiveQueueMessages",
                "serviceProviderId": "/serviceProviders/serviceBus",
            },
        },
        "splitOn": "@triggerOutputs()?['body']",
    },
)

# logicapp/Test-Map-Liquid-JsonToText/workflow.json
TEST_MAP_LIQUID = standard(
    {
        "Initialize_variable_-_Name": {
            "type": "InitializeVariable",
            "inputs": {
                "variables": [
                    {
                        "name": "name",
                        "type": "string",
                        "value": "@{triggerOutputs()['headers']['mapname']}",
                    }
                ]
            },
            "runAfter": {},
        },
        "Transform_JSON_To_TEXT": {
            "type": "Liquid",
            "kind": "JsonToText",
            "inputs": {"content": "@triggerBody()", "map": {"name": "@variables('name')"}},
            "runAfter": after("Initialize_variable_-_Name"),
        },
        "Response": {
            "type": "Response",
            "kind": "http",
            "inputs": {
                "statusCode": 200,
                "headers": {"Content-Type": "text/plain"},
                "body": "@body('Transform_JSON_To_TEXT')",
            },
            "runAfter": after("Transform_JSON_To_TEXT"),
        },
    }
)

# logicapp/Artifacts/Maps/ShipInstructionMap.liquid, shortened: the same XML skeleton
# (declaration, ns0 root, empty BOF/EOF records, the `_x0033_P` record, literals), fields read as
# `content.DocumentElement.QueryResult.<field>['#text']`, one of them (shipper_no) absent.
SHIP_INSTRUCTION_MAP = """\
<?xml version="1.0" encoding="utf-8"?>
<ns0:ShipOrder xmlns:ns0="http://IntegrationAccount.Acme_Import_ShipOrder">
    <BOF>
        <Text></Text>
    </BOF>
    <OH>
        <origin_code>{{content.DocumentElement.QueryResult.origin_code['#text']}}</origin_code>
        <order_no>{{content.DocumentElement.QueryResult.order_no['#text']}}</order_no>
        <plant_id>ACME</plant_id>
        <customer_no>{{content.DocumentElement.QueryResult.customer_no['#text']}}</customer_no>
        <freight_billto_no>{{content.DocumentElement.QueryResult.dest_country['#text']}}</freight_billto_no>
        <shipper_no>{{content.DocumentElement.QueryResult.shipper_no['#text']}}</shipper_no>
        <req_qty>{{content.DocumentElement.QueryResult.req_qty['#text']}}</req_qty>
    </OH>
    <_x0033_P>
        <party_code>C1</party_code>
        <address_no>{{content.DocumentElement.QueryResult.care_of_party['#text']}}</address_no>
    </_x0033_P>
    <RF>
        <reference_code>PO</reference_code>
        <reference_dscr>{{content.DocumentElement.QueryResult.customer_po_ref['#text']}}</reference_dscr>
    </RF>
    <EOF>
        <Text></Text>
    </EOF>
</ns0:ShipOrder>"""


def query_result(fields: dict[str, str | None]) -> dict[str, Any]:
    """The map's input shape (logicapp.testing.acceptancetests/Maps/ShipInstructionMap/
    Input.json): each field ``{"@datatype": …, "#text": …}``, ``#text`` absent when empty."""
    result: dict[str, Any] = {}
    for name, text in fields.items():
        result[name] = {"@datatype": "str"} if text is None else {"@datatype": "str", "#text": text}
    return {"DocumentElement": {"QueryResult": result}}


# A shortened Maps/ShipInstructionMap/Input.json (same values for the fields kept).
MAP_INPUT_FIELDS: dict[str, str | None] = {
    "origin_code": "3100",
    "order_no": "12345-1",
    "plant_id": "Acme",
    "customer_no": "12345",
    "dest_country": "United States",
    "shipper_no": None,
    "req_qty": "195000",
    "care_of_party": "12345",
    "customer_po_ref": "Freight Invoice",
}

# Maps/ShipInstructionMap/Output.Expected.xml, shortened as the map is.
MAP_EXPECTED_OUTPUT = """\
<?xml version="1.0" encoding="utf-8"?>
<ns0:ShipOrder xmlns:ns0="http://IntegrationAccount.Acme_Import_ShipOrder">
    <BOF>
        <Text></Text>
    </BOF>
    <OH>
        <origin_code>3100</origin_code>
        <order_no>12345-1</order_no>
        <plant_id>ACME</plant_id>
        <customer_no>12345</customer_no>
        <freight_billto_no>United States</freight_billto_no>
        <shipper_no></shipper_no>
        <req_qty>195000</req_qty>
    </OH>
    <_x0033_P>
        <party_code>C1</party_code>
        <address_no>12345</address_no>
    </_x0033_P>
    <RF>
        <reference_code>PO</reference_code>
        <reference_dscr>Freight Invoice</reference_dscr>
    </RF>
    <EOF>
        <Text></Text>
    </EOF>
</ns0:ShipOrder>"""

WORKFLOWS: dict[str, dict[str, Any]] = {
    "Echo": ECHO,
    "Echo-Postman": ECHO_POSTMAN,
    "Dataverse-WhoAmI": DATAVERSE_WHO_AM_I,
    "hello-world-stateful": hello_world("Stateful"),
    "hello-world-stateless": hello_world("Stateless"),
    "ShipInstruction-Processor": SHIP_INSTRUCTION_PROCESSOR,
    "ShipInstruction-Receiver": SHIP_INSTRUCTION_RECEIVER,
    "Test-Map-Liquid-JsonToText": TEST_MAP_LIQUID,
}


def write_json(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The synthetic ``logicapp/`` folder."""
    root = tmp_path / "logicapp"
    # logicapp/host.json (its workflow settings are not read by these tests)
    write_json(
        root / "host.json",
        {
            "version": "2.0",
            "extensionBundle": {
                "id": "Microsoft.Azure.Functions.ExtensionBundle.Workflows",
                "version": "[1.*, 2.0.0)",
            },
        },
    )
    write_json(root / "local.settings.json", {"IsEncrypted": False, "Values": APP_SETTINGS})
    write_json(root / "parameters.json", PARAMETERS)
    write_json(root / "connections.json", CONNECTIONS)
    for name, definition in WORKFLOWS.items():
        write_json(root / name / "workflow.json", definition)
    maps = root / "Artifacts" / "Maps"
    maps.mkdir(parents=True)
    (maps / "ShipInstructionMap.liquid").write_text(SHIP_INSTRUCTION_MAP, encoding="utf-8")
    return root


@pytest.fixture
def server() -> Iterator[MockServer]:
    """A server of this test. Reminders (advice on the definitions, such as a JSON Response
    body without Content-Type, which these workflows have) are kept on the runs only."""
    with MockServer(reminders="ignore") as mock:
        yield mock


def load(
    server: MockServer,
    project: Path,
    *names: str,
    app_settings: dict[str, str] | None = None,
    replace_triggers: bool = False,
) -> list[Workflow]:
    """``WorkflowTestHostBuilder.Workflows.Add(name)`` for each name, then ``LoadAndBuild()``
    (``Load()``, edits of ``AppSettingsJson``, ``Build()``)."""
    workflows: list[Workflow] = []
    for name in names:
        workflows.extend(
            server.load(
                project / name, app_settings=app_settings, replace_triggers=replace_triggers
            )
        )
    return workflows


def check(server: MockServer) -> None:
    server.check()
    server.assert_no_unexpected_calls()


def management(server: MockServer, workflow: str, rest: str) -> str:
    return f"{server.url}{MANAGEMENT}/{workflow}/{rest}"


def trigger_with_post(
    server: MockServer,
    workflow: str,
    content: str,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """``LogicAppTestManager.TriggerLogicAppWithPost(new StringContent(content, UTF8, type))``:
    ``listCallbackUrl`` of the ``manual`` trigger, then a POST of the content to its value
    (``StringContent`` sends ``<type>; charset=utf-8``)."""
    listed = requests.post(
        management(server, workflow, "triggers/manual/listCallbackUrl"),
        params={"api-version": API_VERSION},
        data=b"",
        timeout=10,
    )
    listed.raise_for_status()
    return requests.post(
        listed.json()["value"],
        data=content.encode("utf-8"),
        headers={"Content-Type": f"{content_type}; charset=utf-8", **(headers or {})},
        timeout=30,
    )


def run_id(reply: requests.Response) -> str:
    """``WorkFlowResponse.WorkFlowRunId``, then ``Assert.IsNotNull`` of it."""
    value = reply.headers.get("x-ms-workflow-run-id")
    assert value is not None
    return value


def the_run(wf: Workflow, reply: requests.Response) -> Run:
    """The run the reply started, ended (see the module docstring)."""
    identifier = run_id(reply)
    (run,) = [run for run in wf.wait_for_runs(1, timeout=10) if run.id == identifier]
    return run.wait(timeout=30)


def run_details(server: MockServer, workflow: str, identifier: str) -> dict[str, Any]:
    """``WorkflowRunHelper.GetRunDetails()``: ``GET …/runs/<id>``."""
    reply = requests.get(
        management(server, workflow, f"runs/{identifier}"),
        params={"api-version": API_VERSION},
        timeout=10,
    )
    reply.raise_for_status()
    document: dict[str, Any] = reply.json()
    return document


def trigger_status(server: MockServer, workflow: str, identifier: str) -> str:
    """``GetTriggerStatus()``: ``properties.trigger.status`` of the run."""
    status: str = run_details(server, workflow, identifier)["properties"]["trigger"]["status"]
    return status


def workflow_run_status(server: MockServer, workflow: str, identifier: str) -> str:
    """``GetWorkflowRunStatus()``: ``properties.status`` of the run."""
    status: str = run_details(server, workflow, identifier)["properties"]["status"]
    return status


def action_status(run: Run, name: str) -> str:
    """``GetActionStatus(name)``: spaces become ``_`` (``formatActionName``); an action the
    run history lacks is ``ActionDoesntExistInRunHistory``."""
    action = run.actions.get(name.replace(" ", "_"))
    return "ActionDoesntExistInRunHistory" if action is None else action.status


def assert_started(server: MockServer, wf: Workflow, reply: requests.Response) -> Run:
    """Run id present, run history loaded, trigger ``Succeeded`` (the common first steps)."""
    run = the_run(wf, reply)
    assert trigger_status(server, wf.name, run.id) == "Succeeded"
    return run


# --- logicapp.testing.unittests (the local runtime) ------------------------------------------


def test_echo_green_path(server: MockServer, project: Path) -> None:
    """logicapp.testing.unittests Workflows/Echo/MsTest/Tests.cs: Tests.Echo_GreenPath."""
    (wf,) = load(server, project, "Echo")
    reply = trigger_with_post(server, "Echo", "{}", "application/json")
    run = assert_started(server, wf, reply)
    assert action_status(run, "Response") == "Succeeded"
    assert workflow_run_status(server, "Echo", run.id) == "Succeeded"
    check(server)


def test_library_echo_workflow(server: MockServer, project: Path) -> None:
    """IntegrationPlaybook-LogicApp-Standard-Testing LogicApp.Testing.Example/Features/
    LocalWorkflow/Tests.cs: Tests.EchoWorkflowTest (the same Echo workflow, the same
    assertions as Echo_GreenPath)."""
    (wf,) = load(server, project, "Echo")
    reply = trigger_with_post(server, "Echo", "{}", "application/json")
    run = assert_started(server, wf, reply)
    assert action_status(run, "Response") == "Succeeded"
    assert workflow_run_status(server, "Echo", run.id) == "Succeeded"
    check(server)


def postman_echo_with_mock(server: MockServer, project: Path) -> tuple[Run, requests.Response]:
    """Echo_Postman_WithMock / EchoPostmanMockWorkflowTest: ``postman_echo_url`` is the mock
    host's ``/get``; WireMock answers ``GET /get`` with 200, ``Content-Type: text/plain`` and
    ``{"url":"mockedurl"}``."""
    (wf,) = load(
        server,
        project,
        "Echo-Postman",
        app_settings={"postman_echo_url": "http://wiremock:7075/get"},
    )
    stub = wf.stub_http(
        method="GET",
        path="/get",
        reply=HttpReply(
            200, headers={"Content-Type": "text/plain"}, body=json.dumps({"url": "mockedurl"})
        ),
    )
    reply = trigger_with_post(server, "Echo-Postman", "{}", "application/json")
    run = assert_started(server, wf, reply)
    assert stub.call_count == 1
    return run, reply


def test_echo_postman_with_mock(server: MockServer, project: Path) -> None:
    """logicapp.testing.unittests Workflows/Echo-Postman/MsTest/TestsWithMock.cs:
    TestsWithMock.Echo_Postman_WithMock."""
    run, reply = postman_echo_with_mock(server, project)
    assert action_status(run, "HTTP_-_Postman_Echo") == "Succeeded"
    assert action_status(run, "Response") == "Succeeded"
    assert workflow_run_status(server, "Echo-Postman", run.id) == "Succeeded"
    # JToken.Parse(responseText)["url"]: the text/plain body comes back as the same text
    assert json.loads(reply.text)["url"] == "mockedurl"
    check(server)


def test_library_echo_postman_mock_workflow(server: MockServer, project: Path) -> None:
    """IntegrationPlaybook-LogicApp-Standard-Testing LogicApp.Testing.Example/Features/
    LocalWorkflow/Tests.cs: Tests.EchoPostmanMockWorkflowTest."""
    run, _ = postman_echo_with_mock(server, project)
    assert action_status(run, "Response") == "Succeeded"
    assert workflow_run_status(server, "Echo-Postman", run.id) == "Succeeded"
    check(server)


def test_echo_postman_green_path(server: MockServer, project: Path) -> None:
    """logicapp.testing.unittests Workflows/Echo-Postman/MsTest/Tests.cs:
    Tests.Echo_Postman_GreenPath. It calls the real https://postman-echo.com/get, which
    answers JSON whose ``url`` is the URL called: stubbed here with that reply."""
    (wf,) = load(server, project, "Echo-Postman")
    wf.stub_http(
        method="GET",
        url="https://postman-echo.com/get",
        reply=HttpReply(
            200,
            headers={"Content-Type": "application/json; charset=utf-8"},
            body={
                "args": {},
                "headers": {"host": "postman-echo.com"},
                "url": "https://postman-echo.com/get",
            },
        ),
        times=1,
    )
    reply = trigger_with_post(server, "Echo-Postman", "{}", "application/json")
    run = assert_started(server, wf, reply)
    assert action_status(run, "HTTP_-_Postman_Echo") == "Succeeded"
    assert action_status(run, "Response") == "Succeeded"
    assert workflow_run_status(server, "Echo-Postman", run.id) == "Succeeded"
    assert json.loads(reply.text)["url"] == "https://postman-echo.com/get"
    check(server)


WHO_AM_I = {
    "BusinessUnitId": "BusinessUnitId",
    "UserId": "UserId",
    "OrganizationId": "OrganizationId",
}


def dataverse_who_am_i(
    server: MockServer, project: Path, *, dataverse_url: str | None
) -> tuple[Run, requests.Response]:
    """The Dataverse-WhoAmI tests: WireMock answers ``GET /api/data/v9.0/WhoAmI()`` with 200,
    ``Content-Type: application/json`` and the WhoAmI object (``TestsWithMock``); the tests
    without a mock call the real Dataverse (the app settings' ``dataverse_url``), stubbed at
    that URL with the same answer. The OAuth token the runtime gets from Azure AD first is not
    modelled (the mock keeps the ``authentication`` block on the request)."""
    settings = None if dataverse_url is None else {"dataverse_url": dataverse_url}
    (wf,) = load(server, project, "Dataverse-WhoAmI", app_settings=settings)
    stub = wf.stub_http(
        method="GET",
        path="/api/data/v9.0/WhoAmI()",
        reply=HttpReply(
            200, headers={"Content-Type": "application/json"}, body=json.dumps(WHO_AM_I)
        ),
    )
    reply = trigger_with_post(server, "Dataverse-WhoAmI", "{}", "application/json")
    run = assert_started(server, wf, reply)
    assert stub.call_count == 1
    assert action_status(run, "Compose") == "Succeeded"
    assert action_status(run, "HTTP_-_Dataverse_Who_Am_I") == "Succeeded"
    assert action_status(run, "Response") == "Succeeded"
    assert workflow_run_status(server, "Dataverse-WhoAmI", run.id) == "Succeeded"
    return run, reply


def test_dataverse_who_am_i_green_path_with_mock(server: MockServer, project: Path) -> None:
    """logicapp.testing.unittests Workflows/Dataverse-WhoAmI/MsTest/TestsWithMock.cs:
    TestsWithMock.DataverseWhoAmI_GreenPath_WithMock."""
    _, reply = dataverse_who_am_i(server, project, dataverse_url="http://wiremock:7075")
    assert json.loads(reply.text)["UserId"] is not None
    check(server)


def test_dataverse_who_am_i_green_path(server: MockServer, project: Path) -> None:
    """logicapp.testing.unittests Workflows/Dataverse-WhoAmI/MsTest/Tests.cs:
    Tests.DataverseWhoAmI_GreenPath."""
    run, reply = dataverse_who_am_i(server, project, dataverse_url=None)
    assert (
        run.outbound[0].request.url == "https://org.example.crm.dynamics.com/api/data/v9.0/WhoAmI()"
    )
    assert json.loads(reply.text)["UserId"] is not None
    check(server)


def test_dataverse_who_am_i_green_path_specflow(server: MockServer, project: Path) -> None:
    """logicapp.testing.unittests Workflows/Dataverse-WhoAmI/Specflow/DataverseWhoAmI.feature
    (Steps.cs): scenario "Dataverse-WhoAmI-Green Path-Specflow" — run id, Compose, the HTTP
    call and Response Succeeded, run Succeeded (no trigger or reply assertion)."""
    dataverse_who_am_i(server, project, dataverse_url=None)
    check(server)


# --- the library's examples: hello-world-stateful / -stateless ------------------------------

HELLO = json.dumps({"first_name": "mike", "last_name": "stephenson"})


def hello_world_green_path(server: MockServer, project: Path, workflow: str, body: str) -> Run:
    (wf,) = load(server, project, workflow)
    reply = trigger_with_post(server, workflow, body, "application/json")
    run = assert_started(server, wf, reply)
    assert action_status(run, "Compose - Log Message Received") == "Succeeded"
    assert action_status(run, "Response") == "Succeeded"
    assert workflow_run_status(server, workflow, run.id) == "Succeeded"
    return run


def test_hello_world_green_path(server: MockServer, project: Path) -> None:
    """IntegrationPlaybook-LogicApp-Standard-Testing LogicApp.Testing.Example/Features/
    HelloWorld/HelloWorld.feature (Steps.cs): scenario "Green Path" on hello-world-stateful."""
    hello_world_green_path(server, project, "hello-world-stateful", HELLO)
    check(server)


def test_hello_world_stateless_green_path(server: MockServer, project: Path) -> None:
    """IntegrationPlaybook-LogicApp-Standard-Testing LogicApp.Testing.Example/Features/
    HelloWorldStateless/HelloWorldStateless.feature (Steps.cs): scenario "Green Path" on
    hello-world-stateless, with ``Workflows.hello-world-stateless.OperationOptions =
    WithStatelessRunHistory`` as the feature file says."""
    hello_world_green_path(server, project, "hello-world-stateless", HELLO)
    check(server)


def test_generate_code_tests_test(server: MockServer, project: Path) -> None:
    """IntegrationPlaybook-LogicApp-Standard-Testing LogicApp.Testing.Example/Features/
    GenerateTestCode/GenerateCodeTests.cs: GenerateCodeTests.Test (SampleMessage.json has a
    UTF-8 byte order mark; ``File.ReadAllText`` drops it)."""
    hello_world_green_path(
        server,
        project,
        "hello-world-stateful",
        '{\n  "first_name": "mike",\n  "last_name": "stephenson"\n}',
    )
    check(server)


def test_non_specflow_example_green_path(server: MockServer, project: Path) -> None:
    """IntegrationPlaybook-LogicApp-Standard-Testing LogicApp.Testing.Example/
    NonSpecflowExampleTest.cs: NonSpecflowExampleTest.GreenPath, with every helper read the
    way ``IPB.LogicApp.Standard.Testing(.Local)`` reads it over the management API.

    ``LoadWorkflowRunHistory()`` GETs ``…/runs/<id>?api-version=…&$expand=properties/actions,
    workflow/properties`` and deserialises ``properties.actions`` as a JObject keyed by action
    name (``WorkflowRunActionDetails.Properties.GetAction``); ``GetActionStatus`` reads
    ``actions[name].status``, ``GetActionJson`` returns ``actions[name]`` and
    ``GetActionInputMessage``/``GetActionOutputMessage`` GET its ``inputsLink.uri``/
    ``outputsLink.uri``. The designer's monitoring view reads runs the same way
    (Azure/LogicAppsUX ``getRun``: ``…/runs/<id>?api-version=…&$expand=properties/actions,
    workflow/properties``). ``GetRunsSince(start)`` lists ``…/runs?$filter=startTime ge
    <yyyy-MM-ddTHH:mm:ss.fffffffZ>``, ``GetMostRecentRun()`` ``…/runs?$top=1``."""
    start = datetime.now(timezone.utc) - timedelta(seconds=1)
    (wf,) = load(server, project, "hello-world-stateful")
    reply = trigger_with_post(server, "hello-world-stateful", HELLO, "application/json")
    run = the_run(wf, reply)

    # the run history the library loads, with the actions expanded
    expanded = requests.get(
        management(server, "hello-world-stateful", f"runs/{run.id}"),
        params={"api-version": API_VERSION, "$expand": "properties/actions,workflow/properties"},
        timeout=10,
    )
    expanded.raise_for_status()
    properties = expanded.json()["properties"]
    assert properties["trigger"]["status"] == "Succeeded"
    actions = properties.get("actions")
    assert isinstance(actions, dict), f"properties.actions is {actions!r}"
    assert actions["Compose_-_Log_Message_Received"]["status"] == "Succeeded"
    assert actions["Response"]["status"] == "Succeeded"
    assert workflow_run_status(server, "hello-world-stateful", run.id) == "Succeeded"

    # GetActionJson / GetActionInputMessage / GetActionOutputMessage("Response")
    response_action = actions["Response"]
    for link in ("inputsLink", "outputsLink"):
        content = requests.get(response_action[link]["uri"], timeout=10)
        content.raise_for_status()  # response.EnsureSuccessStatusCode()
        content.json()

    # GetRunsSince / GetMostRecentRunSince / GetMostRecentRun / GetMostRecentRunIdSince
    since = {
        "api-version": API_VERSION,
        "$filter": f"startTime ge {start.strftime('%Y-%m-%dT%H:%M:%S.%f')}0Z",
    }
    runs = requests.get(
        management(server, "hello-world-stateful", "runs"), params=since, timeout=10
    )
    runs.raise_for_status()
    assert len(runs.json()["value"]) == 1
    assert runs.json()["value"][0]["id"] is not None
    latest = requests.get(
        management(server, "hello-world-stateful", "runs"),
        params={"api-version": API_VERSION, "$top": "1"},
        timeout=10,
    )
    latest.raise_for_status()
    assert latest.json()["value"][0] is not None
    check(server)


# --- logicapp.testing.acceptancetests (the same workflows deployed to Azure) -----------------

NAME = {"Name": "Michael", "Surname": "Stephenson"}


def echo_acceptance(server: MockServer, project: Path) -> None:
    (wf,) = load(server, project, "Echo")
    reply = trigger_with_post(server, "Echo", json.dumps(NAME), "application/json")
    run = assert_started(server, wf, reply)
    assert action_status(run, "Response") == "Succeeded"
    assert workflow_run_status(server, "Echo", run.id) == "Succeeded"
    assert reply.status_code == 200
    assert reply.text == "Michael Stephenson"


def test_acceptance_echo_green_path(server: MockServer, project: Path) -> None:
    """logicapp.testing.acceptancetests Features/Echo/MsTest/Tests.cs:
    Tests.MsTest_Echo_GreenPath."""
    echo_acceptance(server, project)
    check(server)


def test_acceptance_echo_specflow_green_path(server: MockServer, project: Path) -> None:
    """logicapp.testing.acceptancetests Features/Echo/SpecFlow/Echo.feature (Steps.cs):
    scenario "Echo Specflow Green Path" (the same request and assertions as the MsTest)."""
    echo_acceptance(server, project)
    check(server)


def test_acceptance_ship_instruction_map_green_path(server: MockServer, project: Path) -> None:
    """logicapp.testing.acceptancetests Maps/ShipInstructionMap/Tests.cs:
    Tests.ShipInstruction_Map_GreenPath: the map name in a ``mapname`` header, 200, and the
    reply equal to Output.Expected.xml after ``XDocument.Parse(…, LoadOptions.None)
    .ToString()`` of both (``XmlCompareHelper.CompareXmlStringsWithXDoc``: whitespace between
    elements and the declaration do not count)."""
    (wf,) = load(server, project, "Test-Map-Liquid-JsonToText")
    reply = trigger_with_post(
        server,
        "Test-Map-Liquid-JsonToText",
        json.dumps(query_result(MAP_INPUT_FIELDS), indent=2),
        "application/json",
        headers={"mapname": "ShipInstructionMap.liquid"},
    )
    assert reply.status_code == 200
    assert canonical_xml(reply.text) == canonical_xml(MAP_EXPECTED_OUTPUT)
    the_run(wf, reply)
    check(server)


def canonical_xml(text: str) -> str:
    """``XDocument.Parse(text, LoadOptions.None).ToString()``: the tree without the
    declaration and without whitespace-only text between elements."""
    root = ElementTree.fromstring(text.encode("utf-8"))
    for element in root.iter():
        if element.text is not None and not element.text.strip() and len(element):
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    return ElementTree.tostring(root, encoding="unicode")


def ship_event(delivery_id: str, commodity: str) -> str:
    """``GivenIHaveARequestToDispatchAnOrder``: ``<DeliveryNotify><Delivery>`` with one element
    per table row, indented, no declaration (an empty value is ``<BillOfLading></BillOfLading>``,
    as XElement with "" writes it)."""
    rows = {
        "DeliveryId": delivery_id,
        "DeliveryStatus": "Scheduled",
        "Commodity": commodity,
        "CargoId": "28300",
        "OrderPriority": "1",
        "BillOfLading": "",
    }
    fields = "\n".join(f"    <{key}>{value}</{key}>" for key, value in rows.items())
    return f"<DeliveryNotify>\n  <Delivery>\n{fields}\n  </Delivery>\n</DeliveryNotify>"


# The APIM mock API's answer, in the shape Compose_-_Convert_to_Json turns into the map's input
# (json() of XML: attributes as "@name", text as "#text").
LOOKUP_XML = (
    "<DocumentElement><QueryResult>"
    + "".join(
        f'<{name} datatype="str" />' if text is None else f'<{name} datatype="str">{text}</{name}>'
        for name, text in MAP_INPUT_FIELDS.items()
    )
    + "</QueryResult></DocumentElement>"
)
FLAT_FILE = "$BOF~\r\n$BOB\r\nOH~3100~12345-1~ACME~\r\n$EOB\r\n$EOF\r\n"


def stub_processor(wf: Workflow) -> Any:
    """The processor's outbound pieces: the lookup (the deployed app calls APIM's mock API)
    and the flat file encoder (runs inside the runtime only)."""
    lookup = wf.stub_http(
        method="GET",
        url="https://apim.example.net/logicapptesting/mockapi/shipinstructioninfo",
        reply=HttpReply(200, headers={"Content-Type": "application/xml"}, body=LOOKUP_XML),
    )
    wf.stub_action("Flat_File_Encoding", status=200, body=FLAT_FILE)
    return lookup


def test_acceptance_ship_instruction_processor_green_path(
    server: MockServer, project: Path
) -> None:
    """logicapp.testing.acceptancetests Features/ShipInstruction/SpecFlow/Processor/
    Processor.feature (ProcessorSteps.cs): scenario "Ship Instruction Processor Green Path"."""
    (wf,) = load(server, project, "ShipInstruction-Processor")
    lookup = stub_processor(wf)
    delivery_id = str(uuid.uuid4())
    reply = trigger_with_post(
        server, "ShipInstruction-Processor", ship_event(delivery_id, "Petrochemical"), "text/xml"
    )
    run = assert_started(server, wf, reply)
    assert action_status(run, "Parse JSON - Ship Event") == "Succeeded"
    assert action_status(run, "HTTP - Lookup Data") == "Succeeded"
    assert lookup.calls[0].query == {"shipid": delivery_id}

    # "the logic app will transform data to the destination format"
    transform = run.actions["Transform_JSON_To_TEXT"]
    assert action_status(run, "Transform JSON To TEXT") == "Succeeded"
    # GetMessageContentFromActionJson<JObject>(): inputs.content is an object
    assert isinstance(transform.inputs["content"], dict)
    # GetMessageBodyFromActionJson<string>(): outputs.body is a string
    output = transform.outputs["body"]
    assert isinstance(output, str)
    assert "ns0:ShipOrder" in output
    document = ElementTree.fromstring(output.encode("utf-8"))
    for expected in ("order_no", "plant_id", "customer_no"):  # xdoc.Descendants(name).Any()
        assert document.find(f".//{expected}") is not None, f"The element {expected} does not exist"

    # "the logic app will convert the message to the flat file format": status, and its input
    # content a string (GetMessageContentFromActionJson<string>); the $BOF/$EOF output
    # assertions would check the stub, not ported.
    encoding = run.actions["Flat_File_Encoding"]
    assert action_status(run, "Flat File Encoding") == "Succeeded"
    assert isinstance(encoding.inputs["content"], str)
    assert encoding.inputs["content"] == output

    assert action_status(run, "Response") == "Succeeded"
    assert workflow_run_status(server, "ShipInstruction-Processor", run.id) == "Succeeded"
    assert reply.text  # Assert.IsNotNull(actualResponse)
    check(server)


def test_acceptance_ship_instruction_processor_not_petrochemical(
    server: MockServer, project: Path
) -> None:
    """logicapp.testing.acceptancetests Features/ShipInstruction/SpecFlow/Processor/
    Processor.feature (ProcessorSteps.cs): scenario "Ship Instruction Processor Not
    PetroChemical Event" — Parse JSON Succeeded, the else branch's Compose and Terminate
    Succeeded, the run Failed (the reply's status is not asserted)."""
    (wf,) = load(server, project, "ShipInstruction-Processor")
    reply = trigger_with_post(
        server,
        "ShipInstruction-Processor",
        ship_event(str(uuid.uuid4()), "Not-PetroChemical"),
        "text/xml",
    )
    run = assert_started(server, wf, reply)
    assert action_status(run, "Parse JSON - Ship Event") == "Succeeded"
    assert action_status(run, "Compose - Log Not Petrochemical") == "Succeeded"
    assert action_status(run, "Terminate - Not Petrochemical") == "Succeeded"
    assert workflow_run_status(server, "ShipInstruction-Processor", run.id) == "Failed"
    assert run.outbound == []
    check(server)


def test_acceptance_ship_instruction_receiver_green_path(server: MockServer, project: Path) -> None:
    """logicapp.testing.acceptancetests Features/ShipInstruction/SpecFlow/Receiver/
    Service Bus Receiver.feature (ServiceBusReceiverSteps.cs): scenario "Ship Instruction
    Receiver Green Path".

    The test sends a ``text/xml`` message with the user property ``DeliveryId`` and the
    delivery id as message id to the queue and finds the run with ``GetMostRecentRunSince``.
    Here the Service Bus trigger is replaced by a Request trigger (``replace_triggers``, as
    LogicAppUnit's ``ReplaceTriggersWithHttp`` replaces the whole trigger, its ``splitOn``
    included) and called with one message as the split run's trigger body: ``contentData``
    (the body), ``contentType``, ``messageId`` and ``userProperties``. The child
    ShipInstruction-Processor runs with its lookup and encoder stubbed."""
    receiver, processor = load(
        server,
        project,
        "ShipInstruction-Receiver",
        "ShipInstruction-Processor",
        replace_triggers=True,
    )
    stub_processor(processor)
    delivery_id = str(uuid.uuid4())
    message = {
        "contentData": ship_event(delivery_id, "Petrochemical"),
        "contentType": "text/xml",
        "messageId": delivery_id,
        "userProperties": {"DeliveryId": delivery_id},
    }
    reply = requests.post(receiver.callback_url, json=message, timeout=30)
    assert reply.status_code == 202  # no Response action
    (run,) = receiver.wait_for_runs(1, timeout=10)
    run.wait(timeout=30)

    # GetMostRecentRunSince(start) then LoadWorkflowRunHistory(runId)
    listed = requests.get(
        management(server, "ShipInstruction-Receiver", "runs"),
        params={"api-version": "2018-11-01", "$top": "1"},
        timeout=10,
    )
    listed.raise_for_status()
    assert listed.json()["value"][0]["name"] == run.id
    assert trigger_status(server, "ShipInstruction-Receiver", run.id) == "Succeeded"

    # "the logic app will track the delivery id": GetActionJson(name)["trackedProperties"]
    # ["DeliveryId"], read from the expanded run (see test_non_specflow_example_green_path);
    # here from the run's record of the action
    tracked = run.actions["Initialize_variable_-_Delivery_ID"].tracked_properties
    assert tracked is not None
    assert tracked["DeliveryId"] == delivery_id
    assert action_status(run, "Call Ship Instruction Processor") == "Succeeded"
    assert workflow_run_status(server, "ShipInstruction-Receiver", run.id) == "Succeeded"
    check(server)
