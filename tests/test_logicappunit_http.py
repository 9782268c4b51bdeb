"""LogicAppUnit's HTTP samples (http-workflow, http-with-managed-identity-workflow,
http-chunking-workflow), asserted of reqres-mock as the C# tests assert them of the runtime.

C# tests: ``src/LogicAppUnit.Samples.LogicApps.Tests/HttpWorkflow/HttpWorkflowTest.cs``,
``HttpWithManagedIdentityWorkflow/HttpWithManagedIdentityWorkflowTest.cs`` and
``HttpChunkingWorkflow/HttpChunkingWorkflow.cs`` (LogicAppUnit/TestingFramework at 1907275).

What LogicAppUnit rewrites before the runtime sees the workflow (``WorkflowTestBase`` with the
samples' ``testConfiguration.json``) is LogicAppUnit's, not the runtime's, and is not redone here:

- ``ReplaceHttpRetryPoliciesWithNone``: every Http action gets ``retryPolicy: none``. The
  workflows here keep the runtime's default policy, so a stub's 500 is retried; the tests run
  with ``wait_scale=0`` so that the retries take no time. The last attempt's answer is the
  same 500, so the statuses, outputs and replies the C# tests assert are unchanged.
- ``ReplaceExternalUrlsWithMockServer``: the external hosts become LogicAppUnit's mock server,
  the paths stay. Here the calls keep their hosts and the stubs match method and path, as the
  C# ``MockRequestMatcher``s do.
- ``ReplaceManagedIdentityAuthenticationTypeWithNone`` and ``RemoveHttpChunkingConfiguration``
  change the definition for LogicAppUnit's mock server; reqres-mock keeps both blocks.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
import requests
from logicappunit_support import format_json, load_sample, mockdata

if TYPE_CHECKING:
    from reqres_mock import MockServer, OutboundRequest, Run

HTTP_FOLDER = "HttpWorkflow"
WEBHOOK_API_KEY = "serviceone-auth-webhook-apikey"  # HttpWorkflowTest._WebHookRequestApiKey
#: CreateTestRunner(settingsToOverride) of the two tests that reach Service Two.
ADDRESS_TYPE_OVERRIDE = {"ServiceTwo-DefaultAddressType": "physical"}

#: HttpWorkflowTest.GetWebhookRequest(), as Newtonsoft's JsonConvert.SerializeObject writes it.
WEBHOOK_REQUEST: dict[str, Any] = {
    "id": "71fbcb8e-f974-449a-bb14-ac2400b150aa",
    "correlationId": "c2ddb2f2-7bff-4cce-b724-ac2400b12760",
    "sourceSystem": "SystemOne",
    "timestamp": "2022-08-27T08:45:00.1493711Z",
    "type": "CustomerUpdated",
    "customerId": 54617,
    "resourceId": "54617",
    "resourceURI": "https://external-service-one.testing.net/api/v1/customer/54617",
}

#: HttpWorkflowTest.GetCustomerResponse() (also the start of HttpChunkingWorkflowTest's data).
CUSTOMER: dict[str, Any] = {
    "id": 54624,
    "title": "Mr",
    "firstName": "Peter",
    "lastName": "Smith",
    "dateOfBirth": "1970-04-25",
    "languageCode": "en-GB",
    "address": {
        "line1": "8 High Street",
        "line2": None,
        "line3": None,
        "town": "Luton",
        "county": "Bedfordshire",
        "postcode": "LT12 6TY",
        "countryCode": "UK",
        "countryName": "United Kingdom",
    },
}

#: HttpChunkingWorkflowTest.GetDataResponse().
CHUNKING_DATA: dict[str, Any] = {
    **CUSTOMER,
    "extra": (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Integer et nisl in tellus "
        "sodales aliquet in id sem. Suspendisse cursus mollis erat eu ullamcorper. Nulla congue "
        "id odio at facilisis. Sed ultrices dolor nisi, sit amet cursus leo pellentesque eget. "
        "Praesent sagittis ligula leo. Vestibulum varius eros posuere tortor tristique eleifend. "
        "Praesent ornare accumsan nisi sed auctor. Fusce ullamcorper nisi nec mi euismod, in "
        "efficitur quam volutpat.Vestibulum at iaculis felis. Fusce augue sem, efficitur ut "
        "vulputate quis, cursus nec mi. Nulla sagittis posuere ornare. Morbi lectus eros, luctus "
        "non condimentum eget, pretium eget sem. Aliquam convallis sed sem accumsan ultricies. "
        "Quisque commodo at odio sit amet iaculis. Curabitur nec lectus vel leo tristique "
        "aliquam et a ipsum. Duis tortor augue, gravida sed dui ac, feugiat pulvinar ex. Integer "
        "luctus urna at mauris feugiat, nec mattis elit mattis. Fusce dictum odio quis semper "
        "blandit. Pellentesque nunc augue, elementum sit amet nunc et."
    ),
}

#: ContentHelper.CreateJsonStringContent / WithContent(...) and WithContentAsPlainText(...):
#: .NET StringContent with Encoding.UTF8 sends these Content-Types.
JSON_UTF8 = "application/json; charset=utf-8"
TEXT_UTF8 = "text/plain; charset=utf-8"


def trigger_workflow(
    url: str, body: Any = None, headers: dict[str, str] | None = None
) -> requests.Response:
    """``testRunner.TriggerWorkflow(content, HttpMethod.Post, requestHeaders)``: a POST of the
    compact JSON body (or of nothing) with the given headers."""
    sent = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        sent["Content-Type"] = JSON_UTF8
    return requests.post(url, data=data, headers=sent, timeout=30)


def header(request: OutboundRequest, name: str) -> str:
    """The first value of a request header, looked up in any case (.NET's header
    collections)."""
    return next(v for k, v in request.headers.items() if k.lower() == name.lower())


def mock_request(run: Run, path: str) -> OutboundRequest:
    """``testRunner.MockRequests.First(r => r.RequestUri.AbsolutePath == path)``."""
    return next(call.request for call in run.outbound if call.request.path == path)


def statuses(run: Run, *names: str) -> dict[str, str]:
    return {name: run.actions[name].status for name in names}


# -- HttpWorkflowTest --------------------------------------------------------------------------


@pytest.mark.reqres(wait_scale=0)
def test_http_workflow_wrong_api_key(reqres_server: MockServer) -> None:
    """HttpWorkflowTest.HttpWorkflowTest_When_Wrong_API_Key_In_Request"""
    wf = load_sample(reqres_server, "http-workflow")

    reply = trigger_workflow(wf.callback_url, WEBHOOK_REQUEST, {"x-api-key": "wrong-key"})
    run = wf.wait_for_runs(1, timeout=10)[0].wait(timeout=10)

    assert run.status == "Succeeded"
    assert reply.status_code == 401
    assert reply.text == "Invalid/No authorization header passed"
    assert reply.headers["Content-Type"] == TEXT_UTF8
    assert statuses(run, "Unauthorized_Response", "Get_Customer_Details_from_Service_One") == {
        "Unauthorized_Response": "Succeeded",
        "Get_Customer_Details_from_Service_One": "Skipped",
    }


@pytest.mark.reqres(wait_scale=0)
def test_http_workflow_get_customer_details_fails(reqres_server: MockServer) -> None:
    """HttpWorkflowTest.HttpWorkflowTest_When_Get_Customer_Details_Fails"""
    wf = load_sample(reqres_server, "http-workflow")
    wf.stub_http(
        "GET",
        path="/api/v1/customers/54617",
        status=500,
        body="Internal server error detected in System One",
        reply_headers={"Content-Type": TEXT_UTF8},
    )

    reply = trigger_workflow(wf.callback_url, WEBHOOK_REQUEST, {"x-api-key": WEBHOOK_API_KEY})
    run = wf.wait_for_runs(1, timeout=10)[0].wait(timeout=10)

    assert run.status == "Succeeded"
    assert reply.status_code == 500
    assert reply.text == (
        "Unable to get customer details: Internal server error detected in System One"
    )
    assert reply.headers["Content-Type"] == TEXT_UTF8
    assert statuses(
        run,
        "Unauthorized_Response",
        "Get_Customer_Details_from_Service_One",
        "Failed_Get_Response",
        "Update_Customer_Details_in_Service_Two",
    ) == {
        "Unauthorized_Response": "Skipped",
        "Get_Customer_Details_from_Service_One": "Failed",
        "Failed_Get_Response": "Succeeded",
        "Update_Customer_Details_in_Service_Two": "Skipped",
    }


def _stub_service_one_customer(reqres_server: MockServer, workflow: str) -> None:
    reqres_server.workflow(workflow).stub_http(
        "GET",
        path="/api/v1/customers/54617",
        status=200,
        body=CUSTOMER,
        reply_headers={"Content-Type": JSON_UTF8},
    )


def _assert_service_two_request(run: Run) -> None:
    """The C# tests' checks of the request to System Two's Membership API."""
    sent = mock_request(run, "/api/v1.1/membership/customers/54617")
    assert sent.method == "PUT"
    assert header(sent, "Content-Type") == "application/json"
    assert header(sent, "x-api-key") == "ApiKey servicetwo-auth-apikey"
    assert format_json(sent.text) == format_json(mockdata(HTTP_FOLDER, "SystemTwo_Request.json"))


@pytest.mark.reqres(wait_scale=0)
def test_http_workflow_update_customer_fails(reqres_server: MockServer) -> None:
    """HttpWorkflowTest.HttpWorkflowTest_When_Update_Customer_Fails"""
    wf = load_sample(reqres_server, "http-workflow", app_settings=ADDRESS_TYPE_OVERRIDE)
    _stub_service_one_customer(reqres_server, wf.name)
    wf.stub_http(
        "PUT",
        path="/api/v1.1/membership/customers/54617",
        status=500,
        body="System Two has died",
        reply_headers={"Content-Type": TEXT_UTF8},
    )

    reply = trigger_workflow(wf.callback_url, WEBHOOK_REQUEST, {"x-api-key": WEBHOOK_API_KEY})
    run = wf.wait_for_runs(1, timeout=10)[0].wait(timeout=10)

    assert run.status == "Succeeded"
    assert reply.status_code == 500
    assert reply.text == "Unable to update customer details: System Two has died"
    assert reply.headers["Content-Type"] == TEXT_UTF8
    assert statuses(
        run,
        "Unauthorized_Response",
        "Get_Customer_Details_from_Service_One",
        "Update_Customer_Details_in_Service_Two",
        "Failed_Update_Response",
    ) == {
        "Unauthorized_Response": "Skipped",
        "Get_Customer_Details_from_Service_One": "Succeeded",
        "Update_Customer_Details_in_Service_Two": "Failed",
        "Failed_Update_Response": "Succeeded",
    }
    _assert_service_two_request(run)
    # GetWorkflowActionInput/Output throw unless the action has an inputs/outputs link; the C#
    # test then only checks that they are there.
    assert run.actions["Parse_Customer"].inputs is not None
    assert run.actions["Parse_Customer"].outputs is not None


@pytest.mark.reqres(wait_scale=0)
def test_http_workflow_successful(reqres_server: MockServer) -> None:
    """HttpWorkflowTest.HttpWorkflowTest_When_Successful"""
    wf = load_sample(reqres_server, "http-workflow", app_settings=ADDRESS_TYPE_OVERRIDE)
    _stub_service_one_customer(reqres_server, wf.name)
    wf.stub_http(
        "PUT",
        path="/api/v1.1/membership/customers/54617",
        status=200,
        body="success",
        reply_headers={"Content-Type": TEXT_UTF8},
    )

    reply = trigger_workflow(wf.callback_url, WEBHOOK_REQUEST, {"x-api-key": WEBHOOK_API_KEY})
    run = wf.wait_for_runs(1, timeout=10)[0].wait(timeout=10)

    assert run.status == "Succeeded"
    assert reply.status_code == 200
    assert reply.text == "Webhook processed successfully"
    assert reply.headers["Content-Type"] == TEXT_UTF8
    assert statuses(
        run,
        "Unauthorized_Response",
        "Get_Customer_Details_from_Service_One",
        "Update_Customer_Details_in_Service_Two",
        "Failed_Update_Response",
        "Success_Response",
    ) == {
        "Unauthorized_Response": "Skipped",
        "Get_Customer_Details_from_Service_One": "Succeeded",
        "Update_Customer_Details_in_Service_Two": "Succeeded",
        "Failed_Update_Response": "Skipped",
        "Success_Response": "Succeeded",
    }
    _assert_service_two_request(run)
    # GetWorkflowActionTrackedProperties: each property's value as a string.
    tracked = run.actions["Get_Customer_Details_from_Service_One"].tracked_properties
    assert tracked is not None
    assert tracked["recordType"] == "customer"
    assert tracked["recordId"] == "54617"
    assert tracked["correlationId"] == "c2ddb2f2-7bff-4cce-b724-ac2400b12760"


# -- HttpWithManagedIdentityWorkflowTest -------------------------------------------------------


@pytest.mark.reqres(wait_scale=0)
def test_http_with_managed_identity_successful(reqres_server: MockServer) -> None:
    """HttpWithManagedIdentityWorkflowTest.HttpWithManagedIdentityWorkflowTest_When_Successful"""
    wf = load_sample(reqres_server, "http-with-managed-identity-workflow")
    # MockResponseBuilder.Create().WithSuccess(): 200, no content.
    wf.stub_http("GET", path="/api/v1/customers", status=200)

    reply = trigger_workflow(wf.callback_url)
    run = wf.wait_for_runs(1, timeout=10)[0].wait(timeout=10)

    assert run.status == "Succeeded"
    assert reply.status_code == 200
    assert statuses(run, "Get_Customers_from_Service_One", "Success_Response") == {
        "Get_Customers_from_Service_One": "Succeeded",
        "Success_Response": "Succeeded",
    }


# -- HttpChunkingWorkflowTest ------------------------------------------------------------------


@pytest.mark.reqres(wait_scale=0)
def test_http_chunking_workflow_success(reqres_server: MockServer) -> None:
    """HttpChunkingWorkflowTest.ChunkedTransferWorkflow_Success"""
    # The Recurrence trigger is replaced by a Request trigger, as LogicAppUnit's
    # ReplaceTriggersWithHttp does.
    wf = load_sample(reqres_server, "http-chunking-workflow", replace_triggers=True)
    wf.stub_http(
        "GET",
        path="/api/v1/data",
        status=200,
        body=CHUNKING_DATA,
        reply_headers={"Content-Type": JSON_UTF8},
    )
    # RespondWithDefault(): 200 (OK) and no content.
    wf.stub_http("POST", path="/api/v1.1/upload", status=200)

    reply = trigger_workflow(wf.callback_url)
    run = wf.wait_for_runs(1, timeout=10)[0].wait(timeout=10)

    assert run.status == "Succeeded"
    assert reply.status_code == 202
    assert statuses(run, "Get_Action", "Post_Action") == {
        "Get_Action": "Succeeded",
        "Post_Action": "Succeeded",
    }
