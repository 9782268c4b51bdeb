"""LogicAppUnit's asynchronous-Response, Data Mapper and local-function samples, ported.

Each test follows one C# test of LogicAppUnit/TestingFramework
``src/LogicAppUnit.Samples.LogicApps.Tests`` (``HttpAsyncWorkflow/HttpAsyncWorkflowTest.cs``,
``CallDataMapperWorkflow/CallDataMapperWorkflowTest.cs``,
``CallLocalFunctionWorkflow/CallLocalFunctionWorkflowTest.cs``), whose assertions were made of the
real Standard runtime, and asserts the same of reqres-mock.

What LogicAppUnit changes before the runtime sees a workflow (``WorkflowTestBase``,
``WorkflowDefinitionWrapper``) is not reproduced, only its consequences: it points the
``externalApiUrlsToMock`` hosts at its mock server (here the stubs match on method and path, as
its matchers do), sets every Http action's retry policy to ``none`` (here the definitions keep
their default policy and ``wait_scale=0`` makes its retries instant) and replaces an
``InvokeFunction`` action by an Http ``POST`` whose body is the action's ``inputs`` (here the
action stays an ``InvokeFunction``, whose call reqres-mock stubs at
``POST https://functions.invalid/<functionName>``).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
import requests
from logicappunit_support import MOCKDATA, load_sample

from reqres_mock import HttpReply, MockServer, OutboundRequest, Run, RunStatus, Workflow

if TYPE_CHECKING:
    from collections.abc import Iterator

TEXT_UTF8 = "text/plain; charset=utf-8"

#: HttpAsyncWorkflowTest.GetWebhookRequest(), as Newtonsoft serialises the anonymous object.
WEBHOOK_REQUEST: dict[str, Any] = {
    "id": "71fbcb8e-f974-449a-bb14-ac2400b150aa",
    "correlationId": "c2ddb2f2-7bff-4cce-b724-ac2400b12760",
    "sourceSystem": "SystemOne",
    "timestamp": "2022-08-27T08:45:00.1493711Z",
    "type": "CustomerUpdated",
    "customerId": 12345,
    "resourceId": "12345",
    "resourceURI": "https://external-service-one.testing.net/api/v1/customer/12345",
}

#: HttpAsyncWorkflowTest.GetCustomerResponse().
CUSTOMER: dict[str, Any] = {
    "id": 12345,
    "title": "Mrs",
    "firstName": "Sarah",
    "lastName": "Smith",
    "dateOfBirth": "1973-11-01",
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

GET_CUSTOMER_PATH = "/api/v1/customers/12345"
UPDATE_CUSTOMER_PATH = "/api/v1.1/membership/customers/12345"


# --- HttpAsyncWorkflowTest -------------------------------------------------------------------


def text_reply(status: int, text: str) -> HttpReply:
    """LogicAppUnit's ``WithContentAsPlainText``: a ``StringContent`` in UTF-8, ``text/plain``."""
    return HttpReply(status, headers={"Content-Type": TEXT_UTF8}, body=text)


def json_reply(body: Any) -> HttpReply:
    """LogicAppUnit's ``WithContent(ContentHelper.CreateJsonStringContent(...))``."""
    return HttpReply(200, headers={"Content-Type": "application/json; charset=utf-8"}, body=body)


@contextmanager
def held(reply: HttpReply) -> Iterator[tuple[threading.Event, Any]]:
    """A stub answer held until the event is set: LogicAppUnit's ``AfterDelay(5)`` without the
    sleep. It keeps the first outbound call open, so the trigger's 202 is seen before the
    asynchronous Response exists (the gap the C# tests' delays are there to give)."""
    release = threading.Event()

    def answer(_request: OutboundRequest) -> HttpReply:
        release.wait(timeout=10)
        return reply

    try:
        yield release, answer
    finally:
        release.set()


def trigger_async(wf: Workflow, release: threading.Event) -> tuple[requests.Response, Run]:
    """``TriggerWorkflow`` with ``WaitForAsynchronousResponse(30)``: the trigger answers 202 with
    a ``Location``; LogicAppUnit polls it with GET until another status comes, then waits for
    the run to end. Here the poll is made once while the first call is held (202), once after
    the run ended (the final answer)."""
    accepted = requests.post(wf.callback_url, json=WEBHOOK_REQUEST, timeout=10)
    assert accepted.status_code == 202
    location = accepted.headers["Location"]
    assert requests.get(location, timeout=10).status_code == 202  # not answered yet
    release.set()
    run = wf.wait_for_runs(1, timeout=10)[0].wait(timeout=10)
    final = requests.get(location, timeout=10)
    return final, run


@pytest.mark.reqres(wait_scale=0)
def test_http_async_when_get_customer_details_fails(reqres_server: MockServer) -> None:
    """HttpAsyncWorkflowTest.HttpAsyncWorkflowTest_When_Get_Customer_Details_Fails"""
    wf = load_sample(reqres_server, "http-async-workflow")
    with held(text_reply(500, "Internal server error detected in System One")) as (release, get):
        get_customer = wf.stub_http(method="GET", path=GET_CUSTOMER_PATH, reply=get)
        response, run = trigger_async(wf, release)

    assert get_customer.called
    assert run.status == RunStatus.SUCCEEDED

    assert response.status_code == 500
    assert response.text == (
        "Unable to get customer details: Internal server error detected in System One"
    )
    assert response.headers["Content-Type"] == TEXT_UTF8

    assert run.actions["Get_Customer_Details_from_Service_One"].status == "Failed"
    assert run.actions["Success_Response_(Async)"].status == "Skipped"
    assert run.actions["Failed_Get_Response_(Async)"].status == "Succeeded"
    assert run.actions["Update_Customer_Details_in_Service_Two"].status == "Skipped"


@pytest.mark.reqres(wait_scale=0)
def test_http_async_when_update_customer_fails(reqres_server: MockServer) -> None:
    """HttpAsyncWorkflowTest.HttpAsyncWorkflowTest_When_Update_Customer_Fails"""
    wf = load_sample(reqres_server, "http-async-workflow")
    with held(json_reply(CUSTOMER)) as (release, get):
        get_customer = wf.stub_http(method="GET", path=GET_CUSTOMER_PATH, reply=get)
        update_customer = wf.stub_http(
            method="PUT",
            path=UPDATE_CUSTOMER_PATH,
            reply=text_reply(500, "System Two is not feeling well today"),
        )
        response, run = trigger_async(wf, release)

    assert get_customer.called
    assert update_customer.called
    # The run fails because its last action (Update Customer) failed.
    assert run.status == RunStatus.FAILED

    # The asynchronous Response was sent before the last action failed.
    assert response.status_code == 200
    assert response.text == "Webhook processed successfully"
    assert response.headers["Content-Type"] == TEXT_UTF8

    assert run.actions["Get_Customer_Details_from_Service_One"].status == "Succeeded"
    assert run.actions["Success_Response_(Async)"].status == "Succeeded"
    assert run.actions["Failed_Get_Response_(Async)"].status == "Skipped"
    assert run.actions["Update_Customer_Details_in_Service_Two"].status == "Failed"


@pytest.mark.reqres(wait_scale=0)
def test_http_async_when_successful_wait_for_async_response(reqres_server: MockServer) -> None:
    """HttpAsyncWorkflowTest.HttpAsyncWorkflowTest_When_Successful_WaitForAsyncResponse"""
    wf = load_sample(reqres_server, "http-async-workflow")
    with held(json_reply(CUSTOMER)) as (release, get):
        get_customer = wf.stub_http(method="GET", path=GET_CUSTOMER_PATH, reply=get)
        update_customer = wf.stub_http(
            method="PUT", path=UPDATE_CUSTOMER_PATH, reply=text_reply(200, "success")
        )
        response, run = trigger_async(wf, release)

    assert get_customer.called
    assert update_customer.called
    assert run.status == RunStatus.SUCCEEDED

    assert response.status_code == 200
    assert response.text == "Webhook processed successfully"
    assert response.headers["Content-Type"] == TEXT_UTF8

    assert run.actions["Get_Customer_Details_from_Service_One"].status == "Succeeded"
    assert run.actions["Success_Response_(Async)"].status == "Succeeded"
    assert run.actions["Failed_Get_Response_(Async)"].status == "Skipped"
    assert run.actions["Update_Customer_Details_in_Service_Two"].status == "Succeeded"

    tracked = run.actions["Get_Customer_Details_from_Service_One"].tracked_properties
    assert tracked["recordType"] == "customer"
    assert tracked["recordId"] == "12345"
    assert tracked["correlationId"] == "c2ddb2f2-7bff-4cce-b724-ac2400b12760"


# --- CallDataMapperWorkflowTest --------------------------------------------------------------


def canonical_xml(document: bytes) -> bytes:
    """LogicAppUnit's ``ContentHelper.FormatXml``: loaded into an ``XmlDocument`` (which drops
    whitespace-only text, ``PreserveWhitespace`` being false) and written by the C14N transform
    without comments (``XmlDsigC14NTransform``)."""
    etree = pytest.importorskip("lxml.etree")
    parser = etree.XMLParser(remove_blank_text=True, remove_comments=True)
    root = etree.fromstring(document, parser)
    canonical: bytes = etree.tostring(root, method="c14n", with_comments=False)
    return canonical


def test_call_data_mapper_when_successful(reqres_server: MockServer) -> None:
    """CallDataMapperWorkflowTest.CallDataMapperWorkflowTest_When_Successful"""
    pytest.importorskip("saxonche")  # the Xslt action runs through reqres-mock[xslt]
    wf = load_sample(reqres_server, "call-data-mapper-workflow")
    request = (MOCKDATA / "CallDataMapperWorkflow" / "WorkflowRequest.xml").read_bytes()
    # ContentHelper.CreateStreamContent(stream, "application/xml"): the resource's bytes.
    response = requests.post(
        wf.callback_url, data=request, headers={"Content-Type": "application/xml"}, timeout=10
    )
    run = wf.wait_for_runs(1, timeout=10)[0].wait(timeout=10)

    assert run.status == RunStatus.SUCCEEDED

    assert response.status_code == 200
    # Content.Headers.ContentType.MediaType: the type without parameters.
    assert response.headers["Content-Type"].split(";")[0].strip() == "application/xml"
    expected = (MOCKDATA / "CallDataMapperWorkflow" / "WorkflowResponse.xml").read_bytes()
    assert canonical_xml(response.content) == canonical_xml(expected)

    assert run.actions["Transform_using_Data_Mapper"].status == "Succeeded"
    assert run.actions["Response_Success"].status == "Succeeded"
    assert run.actions["Response_Failure"].status == "Skipped"


# --- CallLocalFunctionWorkflowTest -----------------------------------------------------------

FUNCTION_URL = "https://functions.invalid/WeatherForecast"


def call_weather_workflow(wf: Workflow, zip_code: str, temp_scale: str) -> tuple[Any, Run]:
    """``TriggerWorkflow(queryParams, HttpMethod.Get)``: a GET with the two query parameters."""
    response = requests.get(
        wf.callback_url, params={"zipCode": zip_code, "tempScale": temp_scale}, timeout=10
    )
    run = wf.wait_for_runs(1, timeout=10)[0].wait(timeout=10)
    return response, run


def assert_function_inputs(run: Run, zip_code: str, temp_scale: str) -> None:
    """``GetWorkflowActionInput("Get_Weather_Forecast")["body"][...]``: LogicAppUnit's Http
    stand-in carries the InvokeFunction action's ``inputs`` as its ``body`` (the ``body`` level
    is its rewrite's); the action here keeps them as its own inputs, and its call to the
    function sends the parameters."""
    inputs = run.actions["Get_Weather_Forecast"].inputs
    assert inputs["functionName"] == "WeatherForecast"
    assert inputs["parameters"]["zipCode"] == zip_code
    assert inputs["parameters"]["temperatureScale"] == temp_scale
    sent = run.outbound[0].request
    assert (sent.method, sent.url) == ("POST", FUNCTION_URL)
    assert sent.json() == {"zipCode": zip_code, "temperatureScale": temp_scale}


# The sample's Response_Success sends a JSON body without a Content-Type header, which
# reqres-mock reports as a ResponseReminder (a lint of its own, not a runtime behaviour).
@pytest.mark.reqres(reminders="ignore")
def test_call_local_function_when_successful(reqres_server: MockServer) -> None:
    """CallLocalFunctionWorkflowTest.CallLocalFunctionWorkflowTest_When_Successful"""
    zip_code, temp_scale = "13579", "Fahrenheit"
    wf = load_sample(reqres_server, "call-local-function-workflow")
    # MockRequestMatcher.Create().FromAction("Get_Weather_Forecast"): the function's call.
    forecast = wf.stub_http(
        method="POST",
        url=FUNCTION_URL,
        reply=HttpReply(
            200,
            headers={"Content-Type": "application/json; charset=utf-8"},
            body={
                "ZipCode": zip_code,
                "CurrentWeather": "The current weather is 41 Fahrenheit",
                "DayLow": "The low for the day is 31 Fahrenheit",
                "DayHigh": "The high for the day is 51 Fahrenheit",
            },
        ),
    )
    response, run = call_weather_workflow(wf, zip_code, temp_scale)

    assert forecast.called
    assert run.status == RunStatus.SUCCEEDED

    assert response.status_code == 200
    content = response.json()
    assert content["ZipCode"] == zip_code
    assert temp_scale in content["CurrentWeather"]
    assert temp_scale in content["DayLow"]
    assert temp_scale in content["DayHigh"]

    assert run.actions["Get_Weather_Forecast"].status == "Succeeded"
    assert_function_inputs(run, zip_code, temp_scale)

    output = run.actions["Get_Weather_Forecast"].outputs
    assert output["body"]["ZipCode"] == zip_code
    assert temp_scale in output["body"]["CurrentWeather"]
    assert temp_scale in output["body"]["DayLow"]
    assert temp_scale in output["body"]["DayHigh"]


@pytest.mark.reqres(wait_scale=0)
def test_call_local_function_when_exception(reqres_server: MockServer) -> None:
    """CallLocalFunctionWorkflowTest.CallLocalFunctionWorkflowTest_When_Exception"""
    zip_code, temp_scale = "54321", "Celsius"
    wf = load_sample(reqres_server, "call-local-function-workflow")
    # ThrowsException(new InvalidOperationException(...)): the exception escapes LogicAppUnit's
    # mock host (MockDefinition rethrows it), whose Kestrel answers the workflow 500 with no
    # body; that 500 is what the runtime got. (Its retries, instant here, change nothing.)
    forecast = wf.stub_http(method="POST", url=FUNCTION_URL, reply=HttpReply(500))
    response, run = call_weather_workflow(wf, zip_code, temp_scale)

    assert forecast.called
    assert run.status == RunStatus.FAILED

    assert response.status_code == 500

    assert run.actions["Get_Weather_Forecast"].status == "Failed"
    assert_function_inputs(run, zip_code, temp_scale)
    # The C# test leaves the action's outputs unchecked: a local function that throws leaves
    # none in the runtime.
