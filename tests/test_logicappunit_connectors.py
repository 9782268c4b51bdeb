"""LogicAppUnit's connector samples, as the real Standard runtime ran them: built-in connector
(ServiceProvider) actions, managed API (ApiConnection) actions and Invoke Workflow actions.

Each test follows one C# test of ``src/LogicAppUnit.Samples.LogicApps.Tests`` (named in its
docstring): ``BuiltInConnectorWorkflow/BuiltInConnectorWorkflowTest.cs``,
``ManagedApiConnectorWorkflow/ManagedApiConnectorWorkflowTest.cs`` and
``InvokeWorkflow/InvokeWorkflowTest.cs``.

LogicAppUnit rewrites ServiceProvider and Workflow actions into Http actions that POST to its
mock server at ``/<action name>`` (``WorkflowDefinitionWrapper.ReplaceBuiltInConnectorActions
WithHttp``: body ``inputs.parameters``; ``ReplaceInvokeWorkflowActionsWithHttp``: body the whole
``inputs``), and its tests match those calls by method and that path. Here the same actions
are answered by name with ``stub_action``, and what the C# test compares with its MockData
request file is compared with the request reqres-mock logged for the action (ServiceProvider:
the parameters) or with the action's evaluated inputs (Workflow: the whole ``inputs``, what
LogicAppUnit's rewritten action sends). Managed API actions stay real HTTP calls in
LogicAppUnit (only the connection's host is swapped), so they are stubbed by method and path.

The termination assertions (``WorkflowWasTerminated``, ``WorkflowTerminationCode``,
``WorkflowTerminationMessage``) read the run resource of the host's management API, as
LogicAppUnit's ``TestRunner`` does (``properties.code``, ``properties.error``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
import requests
from logicappunit_support import format_json, load_sample, mockdata, mockdata_json

if TYPE_CHECKING:
    from reqres_mock import MockServer, OutboundRequest, Run, Workflow

#: The Standard host's own management path, which LogicAppUnit reads run results from.
MANAGEMENT = "/runtime/webhooks/workflow/api/management/workflows"
API_VERSION = "2019-10-01-edge-preview"


def trigger(wf: Workflow, body: Any) -> requests.Response:
    """``TriggerWorkflow(ContentHelper.CreateJsonStringContent(...), HttpMethod.Post)``."""
    return requests.post(wf.callback_url, json=body, timeout=10)


def finished(wf: Workflow) -> Run:
    return wf.wait_for_runs(1, timeout=5)[0].wait(timeout=10)


def run_properties(server: MockServer, wf: Workflow) -> dict[str, Any]:
    """The newest run's ``properties``, as ``WorkflowApiHelper.WorkflowRunContent()`` reads
    them (List Workflow Runs, first entry)."""
    reply = requests.get(
        f"{server.url}{MANAGEMENT}/{wf.name}/runs",
        params={"api-version": API_VERSION},
        timeout=5,
    )
    assert reply.status_code == 200
    properties: dict[str, Any] = reply.json()["value"][0]["properties"]
    return properties


def termination(properties: dict[str, Any]) -> tuple[bool, int | None, str | None]:
    """``(WorkflowWasTerminated, WorkflowTerminationCode, WorkflowTerminationMessage)``."""
    error = properties.get("error")
    code = None if error is None or error.get("code") is None else int(error["code"])
    message = None if error is None else error.get("message")
    return properties.get("code") == "Terminated", code, message


def first_request(run: Run, action: str) -> OutboundRequest:
    """``testRunner.MockRequests.First(...)`` for the call the action made."""
    calls = [c for c in run.outbound if c.action == action]
    assert calls, f"{action} made no call; calls: {[c.action for c in run.outbound]}"
    return calls[0].request


def same_json(actual: str, expected: str) -> None:
    assert format_json(actual) == format_json(expected)


def statuses(run: Run, *names: str) -> list[str]:
    return [run.actions[name].status for name in names]


# -- BuiltInConnectorWorkflowTest ---------------------------------------------------------------

BUILT_IN = "BuiltInConnectorWorkflow"
BUILT_IN_ACTIONS = (
    "Execute_Query_to_get_Language_Name",
    "Set_Language_Name",
    "Terminate",
    "Send_message_to_Topic",
)


def service_bus_message(language_code: str | None) -> dict[str, Any]:
    """The C# test's ``GetServiceBusMessageForTrigger*()`` (``contentData`` is the message)."""
    customer: dict[str, Any] = {
        "id": 54624,
        "title": "Mr",
        "firstName": "Peter",
        "lastName": "Smith",
        "dateOfBirth": "1970-04-25",
    }
    if language_code is not None:
        customer["languageCode"] = language_code
    customer["address"] = {
        "line1": "8 High Street",
        "line2": None,
        "line3": None,
        "town": "Luton",
        "county": "Bedfordshire",
        "postcode": "LT12 6TY",
        "countryCode": "UK",
        "countryName": "United Kingdom",
    }
    return {
        "contentData": customer,
        "contentType": "application/json",
        "messageId": "ff421d65-5be6-4084-b748-af490100c9a5",
        "label": "customer.54624",
        "scheduledEnqueueTimeUtc": "1/1/0001 12:00:00 AM",
        "sessionId": "54624",
        "timeToLive": "06:00:00",
        "deliveryCount": 1,
        "enqueuedSequenceNumber": 6825,
        "enqueuedTimeUtc": "2022-11-10T15:34:57.727Z",
        "lockedUntilUtc": "9999-12-31T23:59:59.9999999Z",
        "lockToken": "056bb9fa-9b8f-4d93-874b-7e78e71a588d",
        "sequenceNumber": 980,
    }


def built_in_workflow(server: MockServer) -> Workflow:
    # The Service Bus trigger is replaced with a Request trigger (ReplaceTriggersWithHttp).
    return load_sample(server, "built-in-connector-workflow", replace_triggers=True)


def test_built_in_connector_when_no_language_code(reqres_server: MockServer) -> None:
    """BuiltInConnectorWorkflowTest.BuiltInConnectorWorkflowTest_When_No_Language_Code"""
    wf = built_in_workflow(reqres_server)
    # AddMockResponse(POST /Send_message_to_Topic).RespondWithDefault(): 200, no content.
    # Its FromAction("Send_message_to_Topic") reads the header of LogicAppUnit's rewritten Http
    # action (a ServiceProvider call is no HTTP request in the runtime): stubbing by the
    # action's name is the same match.
    wf.stub_action("Send_message_to_Topic", status=200)

    reply = trigger(wf, service_bus_message(None))
    run = finished(wf)

    assert run.status == "Succeeded"
    assert termination(run_properties(reqres_server, wf)) == (False, None, None)
    # No Response action: 202.
    assert reply.status_code == 202
    assert statuses(run, *BUILT_IN_ACTIONS) == ["Skipped", "Skipped", "Skipped", "Succeeded"]

    service_bus = first_request(run, "Send_message_to_Topic")
    assert service_bus.method == "POST"
    same_json(service_bus.text, mockdata(BUILT_IN, "ServiceBus_Request_NoLanguageCode.json"))


def test_built_in_connector_when_valid_language_code(reqres_server: MockServer) -> None:
    """BuiltInConnectorWorkflowTest.BuiltInConnectorWorkflowTest_When_Valid_Language_Code"""
    wf = built_in_workflow(reqres_server)
    # AddApiMocks: the SQL query answers 200 with one result set of one row; the Service Bus
    # send answers 200 with no content.
    rows = [[{"LanguageCode": "en-GB", "LanguageName": "English (United Kingdom)"}]]
    wf.stub_action("Execute_Query_to_get_Language_Name", status=200, body=rows)
    wf.stub_action("Send_message_to_Topic", status=200)

    reply = trigger(wf, service_bus_message("en-GB"))
    run = finished(wf)

    assert run.status == "Succeeded"
    assert termination(run_properties(reqres_server, wf)) == (False, None, None)
    assert reply.status_code == 202
    assert statuses(run, *BUILT_IN_ACTIONS) == ["Succeeded", "Succeeded", "Skipped", "Succeeded"]

    sql = first_request(run, "Execute_Query_to_get_Language_Name")
    assert sql.method == "POST"
    same_json(sql.text, mockdata(BUILT_IN, "SQL_Request_en_GB.json"))
    service_bus = first_request(run, "Send_message_to_Topic")
    assert service_bus.method == "POST"
    same_json(service_bus.text, mockdata(BUILT_IN, "ServiceBus_Request_LanguageCode.json"))


def test_built_in_connector_when_invalid_language_code(reqres_server: MockServer) -> None:
    """BuiltInConnectorWorkflowTest.BuiltInConnectorWorkflowTest_When_Invalid_Language_Code"""
    wf = built_in_workflow(reqres_server)
    # AddApiMocks: the SQL query answers 200 with no result sets.
    wf.stub_action("Execute_Query_to_get_Language_Name", status=200, body=[])

    reply = trigger(wf, service_bus_message("xx-GB"))
    run = finished(wf)

    # Terminated with failure.
    assert run.status == "Failed"
    terminated, code, message = termination(run_properties(reqres_server, wf))
    assert code == 500
    assert message == "Language Code 'xx-GB' is not valid"
    assert reply.status_code == 202
    assert statuses(run, *BUILT_IN_ACTIONS) == ["Succeeded", "Skipped", "Succeeded", "Skipped"]

    sql = first_request(run, "Execute_Query_to_get_Language_Name")
    assert sql.method == "POST"
    same_json(sql.text, mockdata(BUILT_IN, "SQL_Request_xx_GB.json"))

    # Assert.IsTrue(testRunner.WorkflowWasTerminated), checked last: the divergence.
    assert terminated


# -- ManagedApiConnectorWorkflowTest ------------------------------------------------------------

MANAGED = "ManagedApiConnectorWorkflow"
SALESFORCE_PATH = "*/default/tables/Account_Staging__c/externalIdFields/External_Id__c/54624"
OUTLOOK_PATH = "*/v2/Mail"
MANAGED_ACTIONS = (
    "Upsert_Customer",
    "Send_a_confirmation_email",
    "Success_Response",
    "Failure_Response",
)


def customer() -> dict[str, Any]:
    """The C# test's ``GetRequest()``."""
    return {
        "id": 54624,
        "title": "Mr",
        "firstName": "Peter",
        "lastName": "Smith",
        "dateOfBirth": "1970-04-25",
        "address": {
            "addressLine1": "Blossoms Pasture",
            "addressLine2": "High Street",
            "addressLine3": "Tinyville",
            "town": "Luton",
            "county": "Bedfordshire",
            "postcode": "LT12 6TY",
            "countryCode": "UK",
            "countryName": "United Kingdom",
        },
    }


def managed_workflow(server: MockServer) -> Workflow:
    # CreateTestRunner(settingsToOverride) with Outlook-SubjectPrefix = TEST ENVIRONMENT.
    return load_sample(
        server,
        "managed-api-connector-workflow",
        app_settings={"Outlook-SubjectPrefix": "TEST ENVIRONMENT"},
    )


def managed_requests(run: Run) -> tuple[OutboundRequest, OutboundRequest]:
    """The first requests sent to Salesforce and Outlook, checked against the MockData files."""
    (salesforce, *_) = [
        c.request for c in run.outbound if c.request.path.endswith(SALESFORCE_PATH[1:])
    ]
    assert salesforce.method == "PATCH"
    same_json(salesforce.text, mockdata(MANAGED, "Salesforce_Request.json"))
    (outlook, *_) = [c.request for c in run.outbound if c.request.path.endswith(OUTLOOK_PATH[1:])]
    assert outlook.method == "POST"
    same_json(outlook.text, mockdata(MANAGED, "Outlook_Request.json"))
    return salesforce, outlook


def test_managed_api_connector_when_successful(reqres_server: MockServer) -> None:
    """ManagedApiConnectorWorkflowTest.ManagedApiConnectorWorkflowTest_When_Successful"""
    wf = managed_workflow(reqres_server)
    # RespondWithDefault(): 200, no content. FromAction(<action name>) is LogicAppUnit's
    # MockRequestMatcher reading the request's 'x-ms-workflow-operation-name' header, "only
    # generated by the Logic Apps runtime when the 'Suppress workflow headers' setting for the
    # action is off": these calls are the runtime's own (LogicAppUnit only swaps the
    # connection's host), so the stubs match on it too.
    wf.stub_http(
        method="PATCH",
        path=SALESFORCE_PATH,
        headers={"x-ms-workflow-operation-name": "Upsert_Customer"},
        status=200,
    )
    wf.stub_http(
        method="POST",
        path=OUTLOOK_PATH,
        headers={"x-ms-workflow-operation-name": "Send_a_confirmation_email"},
        status=200,
    )

    reply = trigger(wf, customer())
    run = finished(wf)

    assert run.status == "Succeeded"
    assert reply.status_code == 200
    assert reply.text == "Upsert is successful"
    assert reply.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert statuses(run, *MANAGED_ACTIONS) == ["Succeeded", "Succeeded", "Succeeded", "Skipped"]
    salesforce, outlook = managed_requests(run)
    assert salesforce.headers.get("x-ms-workflow-operation-name") == "Upsert_Customer"
    assert outlook.headers.get("x-ms-workflow-operation-name") == "Send_a_confirmation_email"


@pytest.mark.reqres(wait_scale=0)
def test_managed_api_connector_when_send_email_fails(reqres_server: MockServer) -> None:
    """ManagedApiConnectorWorkflowTest.ManagedApiConnectorWorkflowTest_When_Send_Email_Fails"""
    wf = managed_workflow(reqres_server)
    # WithSuccess() for Salesforce; WithInternalServerError() for Outlook. LogicAppUnit also
    # sets ApiConnection retry policies to 'none' (RemoveManagedApiConnectionRetryConfiguration,
    # its own rewriting); here the default policy retries the 500, without waiting.
    wf.stub_http(method="PATCH", path=SALESFORCE_PATH, status=200)
    wf.stub_http(method="POST", path=OUTLOOK_PATH, status=500)

    reply = trigger(wf, customer())
    run = finished(wf)

    assert run.status == "Failed"
    assert reply.status_code == 500
    assert statuses(run, *MANAGED_ACTIONS) == ["Succeeded", "Failed", "Skipped", "Succeeded"]
    managed_requests(run)


# -- InvokeWorkflowTest -------------------------------------------------------------------------

INVOKE = "InvokeWorkflow"
NOT_PRIORITY = "Invoke_a_workflow_(not_Priority)"
PRIORITY = "Invoke_a_workflow_(Priority)"


def invoke_workflow(server: MockServer) -> Workflow:
    # The blob trigger is replaced with a Request trigger (ReplaceTriggersWithHttp).
    wf = load_sample(server, "invoke-workflow", replace_triggers=True)
    # TestInitialize: AddMockResponse("DeleteBlob", POST /Delete_blob).RespondWithDefault().
    wf.stub_action("Delete_blob", status=200)
    return wf


def blob_event(name: str) -> dict[str, Any]:
    """``WorkflowRequest.json`` with its ``name`` replaced."""
    document: dict[str, Any] = mockdata_json(INVOKE, "WorkflowRequest.json")
    document["name"] = name
    return document


def test_invoke_workflow_when_not_priority_successful(reqres_server: MockServer) -> None:
    """InvokeWorkflowTest.InvokeWorkflowTest_When_Not_Priority_Successful"""
    wf = invoke_workflow(reqres_server)
    # RespondWith(WithContentAsPlainText("Upsert is successful")): 200, text/plain.
    wf.stub_action(
        NOT_PRIORITY,
        status=200,
        body="Upsert is successful",
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )

    reply = trigger(wf, blob_event("Standard customer.json"))
    run = finished(wf)

    assert run.status == "Succeeded"
    assert reply.status_code == 202
    assert statuses(run, NOT_PRIORITY, PRIORITY, "Delete_blob") == [
        "Succeeded",
        "Skipped",
        "Succeeded",
    ]

    # LogicAppUnit's rewritten action POSTs the Workflow action's whole evaluated inputs.
    assert first_request(run, NOT_PRIORITY).method == "POST"
    expected = mockdata(INVOKE, "InvokeWorkflowNotPriorityRequest.json")
    same_json(json.dumps(run.actions[NOT_PRIORITY].inputs), expected)


def test_invoke_workflow_when_priority_successful(reqres_server: MockServer) -> None:
    """InvokeWorkflowTest.InvokeWorkflowTest_When_Priority_Successful"""
    wf = invoke_workflow(reqres_server)
    # AddApiMocks answers POST /Add_customer_to_Priority_queue with 200, and any other call
    # (the invoked workflow) with an empty HttpResponseMessage: 200, no content.
    wf.stub_action("Add_customer_to_Priority_queue", status=200)
    wf.stub_action(PRIORITY, status=200)

    reply = trigger(wf, blob_event("Priority customer.json"))
    run = finished(wf)

    assert run.status == "Succeeded"
    assert reply.status_code == 202
    assert statuses(
        run, NOT_PRIORITY, PRIORITY, "Add_customer_to_Priority_queue", "Delete_blob"
    ) == ["Skipped", "Succeeded", "Succeeded", "Succeeded"]

    assert first_request(run, PRIORITY).method == "POST"
    expected = mockdata(INVOKE, "InvokeWorkflowPriorityRequest.json")
    same_json(json.dumps(run.actions[PRIORITY].inputs), expected)

    queue = first_request(run, "Add_customer_to_Priority_queue")
    assert queue.method == "POST"
    same_json(queue.text, mockdata(INVOKE, "AddToPriorityQueueRequest.json"))
