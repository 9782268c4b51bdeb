"""LogicAppUnit's fluent-workflow tests, ported: what the runtime sends to the service behind
``Call_Service_One`` and how the workflow answers given what that service replied.

C# tests: ``src/LogicAppUnit.Samples.LogicApps.Tests/FluentWorkflow/`` —
``FluentWorkflowRequestMatcherTest.cs``, ``FluentWorkflowResponseBuilderTest.cs`` and
``FluentWorkflowResponseBuilderWithBaseTest.cs`` (LogicAppUnit at the commit named in
``tests/data/logicappunit/README.md``). They run in the real Standard runtime; their assertions
are the runtime's behaviour.

The port's mapping of LogicAppUnit's mock server:

- LogicAppUnit rewrites ``https://external-service-one.testing.net`` (``externalApiUrlsToMock``)
  to its mock server, so every stub here matches that host; ``AddMockResponse`` matchers become
  ``wf.stub_http`` stubs in the same order (the first match answers, as in LogicAppUnit), the
  test class's mocks (``WorkflowTestBase.AddMockResponse``) ``server.stub_http`` stubs (tried
  after the workflow's, as LogicAppUnit tries the test case's before the class's).
- Its default answer when no mock matches (200, no content) is ``unstubbed="200"``.
- ``ReplaceHttpRetryPoliciesWithNone`` (LogicAppUnit's default) sets ``retryPolicy: none`` on
  the Http action; the port keeps the project's definition as is and runs with
  ``wait_scale=0``, so a 500 is retried at once and still ends the action Failed.
- LogicAppUnit's mock response builder (``MockResponseBuilder``/``ContentHelper``): a
  ``StringContent`` is sent as ``<type>; charset=<encoding>``, a ``StreamContent`` (an embedded
  resource) as the bare ``<type>``; ``WithContentAsJson(object)`` is Newtonsoft's
  ``JsonConvert.SerializeObject``. The stubs reply those bytes and Content-Types.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests
from logicappunit_support import load_sample, mockdata

from reqres_mock import HttpReply, MockServer, OutboundRequest, Run, RunStatus, Workflow

# Retries take no time (see above). Reminders off: Response_Success leaves its Content-Type to
# the runtime on purpose (the sample's definition, unchanged), which is what these tests check.
pytestmark = pytest.mark.reqres(wait_scale=0, reminders="ignore")

FOLDER = "FluentWorkflow"
WORKFLOW = "fluent-workflow"
#: The host LogicAppUnit points at its mock server (testConfiguration.json).
SERVICE_ONE = "https://external-service-one.testing.net/*"
JSON_UTF8 = "application/json; charset=utf-8"
CLUE_INFO_XML = "application/clue_info+xml"

#: ``ContentHelper.CreateJsonStringContent(new { name = "", manufacturer = ... })``.
SPACEX = b'{"name":"","manufacturer":"SpaceX"}'
VIRGIN_ORBIT = b'{"name":"","manufacturer":"Virgin Orbit"}'


def trigger(wf: Workflow, body: bytes) -> requests.Response:
    """``testRunner.TriggerWorkflow(GetRequest(), HttpMethod.Post)``."""
    return requests.post(
        wf.callback_url, data=body, headers={"Content-Type": JSON_UTF8}, timeout=30
    )


def run_of(wf: Workflow) -> Run:
    return wf.wait_for_runs(1, timeout=10)[0].wait(timeout=10)


def content_type(reply: requests.Response) -> tuple[str | None, str | None]:
    """``Content.Headers.ContentType?.MediaType`` and ``?.CharSet`` of a reply."""
    value = reply.headers.get("Content-Type")
    if value is None:
        return None, None
    media, *parameters = (part.strip() for part in value.split(";"))
    charset = None
    for parameter in parameters:
        name, _, given = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = given.strip().strip('"')
    return media, charset


def text_of(reply: requests.Response) -> str:
    """``Content.ReadAsStringAsync().Result``: the body decoded by its charset (UTF-8 else)."""
    return reply.content.decode(content_type(reply)[1] or "utf-8")


# -- FluentWorkflowRequestMatcherTest ----------------------------------------------------------
#
# Each C# test configures a chain of LogicAppUnit request matchers, the last a catch-all answering
# 500; the run succeeds only when a matcher answering 2xx matched the request the runtime sent.
# The assertion (the run's status) therefore says what the runtime's request was: its method,
# path, the action-name header, Content-Type, query, headers and body.

OK = HttpReply(200)  # RespondWithDefault() / WithSuccess(): 200, no content
UNAUTHORIZED = HttpReply(401)
ERROR = HttpReply(500)  # WithInternalServerError()
#: ``MockRequestMatcher.Create()`` with no criteria ("Default-Error").
CATCH_ALL: dict[str, Any] = {"reply": ERROR}
ANY = re.compile(".*")  # WithHeader(name) / WithQueryParam(name): present, any value


def contains(text: str) -> re.Pattern[str]:
    """``WithContentAsString(c => c.Contains(text))`` / ``WithPath(PathMatchType.Contains)``."""
    return re.compile(f".*{re.escape(text)}.*", re.DOTALL)


def by_manufacturer(request: OutboundRequest) -> HttpReply:
    """The two ``WithContentAsJson`` matchers of ContentAsJson, in order:
    ``(string)requestContent.SelectToken("manufacturer")`` is "Blue Origin" (500), "SpaceX"
    (200); otherwise the catch-all's 500."""
    manufacturer = request.json().get("manufacturer")
    if manufacturer == "Blue Origin":
        return ERROR
    return OK if manufacturer == "SpaceX" else ERROR


def api_mocks_delegate(request: OutboundRequest) -> HttpReply:
    """``testRunner.AddApiMocks`` of ContentUsingBothApproaches (run when no matcher matched)."""
    if request.method == "POST" and request.json().get("manufacturer") == "SpaceX":
        return OK
    return ERROR


MATCHER_CASES = [
    pytest.param(
        [
            {"method": "PUT", "reply": UNAUTHORIZED},
            {"reply": OK},  # UsingAnyMethod()
            CATCH_ALL,
        ],
        RunStatus.SUCCEEDED,
        id="MethodAny",
    ),
    pytest.param(
        [
            # UsingPut().UsingDelete().UsingMethod(HttpMethod.Trace, HttpMethod.Head): any of them
            *({"method": m, "reply": UNAUTHORIZED} for m in ("PUT", "DELETE", "TRACE", "HEAD")),
            {"method": "POST", "reply": OK},
            CATCH_ALL,
        ],
        RunStatus.SUCCEEDED,
        id="MethodPost",
    ),
    pytest.param(
        [
            {"method": "POST", "path": contains("notMatch"), "reply": ERROR},
            {"method": "POST", "path": "*/v1", "reply": ERROR},  # EndsWith "/v1"
            {"method": "POST", "path": "*/v1/service", "reply": OK},  # EndsWith "/v1/service"
            CATCH_ALL,
        ],
        RunStatus.SUCCEEDED,
        id="PathSingle",
    ),
    pytest.param(
        [
            {
                "method": "POST",
                "path": re.compile(r".*(thisPath|another/path|/notMatch)"),  # EndsWith any
                "reply": ERROR,
            },
            {"method": "POST", "path": "*/api/v1/service", "reply": OK},
            CATCH_ALL,
        ],
        RunStatus.SUCCEEDED,
        id="PathMany",
    ),
    pytest.param(
        [
            {
                # FromAction(...): LogicAppUnit reads the header x-ms-workflow-operation-name
                "method": "POST",
                "headers": {
                    "x-ms-workflow-operation-name": re.compile(
                        "An_Action_Name|Another_Action_Name|Call_Service_One"
                        "|And_Another_Action_Name"
                    )
                },
                "reply": OK,
            },
            CATCH_ALL,
        ],
        RunStatus.SUCCEEDED,
        id="ActionNameMatched",
    ),
    pytest.param(
        [
            {
                "method": "POST",
                "headers": {
                    "x-ms-workflow-operation-name": re.compile(
                        "This_Is_Not_My_Action|And_Neither_Is_This"
                    )
                },
                "reply": OK,
            },
            CATCH_ALL,
        ],
        RunStatus.FAILED,
        id="ActionNameNotMatched",
    ),
    pytest.param(
        [
            # WithContentType compares Content.Headers.ContentType.ToString() exactly
            {"headers": {"Content-Type": "text/plain"}, "reply": ERROR},
            {"headers": {"Content-Type": "application/xml; charset=utf-8"}, "reply": ERROR},
            {"headers": {"Content-Type": JSON_UTF8}, "reply": OK},
            CATCH_ALL,
        ],
        RunStatus.SUCCEEDED,
        id="ContentType",
    ),
    pytest.param(
        [
            {"headers": {"Content-Type": "text/plain"}, "reply": ERROR},
            {
                "headers": {
                    "Content-Type": re.compile(
                        "application/xml; charset=utf-8|application/xml; charset=ascii"
                    )
                },
                "reply": ERROR,
            },
            {
                "headers": {
                    "Content-Type": re.compile("application/json|application/json; charset=utf-7")
                },
                "reply": OK,
            },
            CATCH_ALL,
        ],
        RunStatus.FAILED,
        id="ContentTypeNotMatched",
    ),
    pytest.param(
        [
            {
                "method": "POST",
                # "one" is given twice in the C# matcher; the later value replaces the first
                "query": {"one": "oneValue", "two": ANY, "three": "", "five": "55555"},
                "reply": OK,
            },
            CATCH_ALL,
        ],
        RunStatus.SUCCEEDED,
        id="QueryParamsMatched",
    ),
    pytest.param(
        [
            {
                "method": "POST",
                "query": {
                    "one": "oneValue",
                    "two": ANY,
                    "three": "",
                    "ten": "ParameterThatIsNotMatched",
                },
                "reply": OK,
            },
            CATCH_ALL,
        ],
        RunStatus.FAILED,
        id="QueryParamsNotMatched",
    ),
    pytest.param(
        [
            {
                "method": "POST",
                # "MyCustomHeader" is given twice in the C# matcher; the later value replaces it
                "headers": {
                    "MyCustomHeader": "MyValue",
                    "UserAgent": "LogicAppUnit",
                    "Expect": "application/json",
                    "Accept": ANY,
                },
                "reply": OK,
            },
            CATCH_ALL,
        ],
        RunStatus.SUCCEEDED,
        id="HeadersMatched",
    ),
    pytest.param(
        [
            {
                "method": "POST",
                "headers": {
                    "UserAgent": "LogicAppUnit",
                    "Expect": "application/json",
                    "Accept": ANY,
                    "MyCustomHeader": "HeaderValueThatIsNotMatched",
                },
                "reply": OK,
            },
            CATCH_ALL,
        ],
        RunStatus.FAILED,
        id="HeadersNotMatched",
    ),
    pytest.param(
        [
            {"method": "POST", "text": contains("Blue Origin"), "reply": ERROR},
            {"method": "POST", "text": contains("SpaceX"), "reply": OK},
            CATCH_ALL,
        ],
        RunStatus.SUCCEEDED,
        id="ContentAsString",
    ),
    pytest.param(
        [{"method": "POST", "reply": by_manufacturer}, CATCH_ALL],
        RunStatus.SUCCEEDED,
        id="ContentAsJson",
    ),
    pytest.param(
        [
            {"method": "POST", "text": contains("Virgin Orbit"), "reply": ERROR},
            {"reply": api_mocks_delegate},
        ],
        RunStatus.SUCCEEDED,
        id="ContentUsingBothApproaches",
    ),
]


@pytest.mark.parametrize(("stubs", "status"), MATCHER_CASES)
def test_request_matcher(
    reqres_server: MockServer, stubs: list[dict[str, Any]], status: RunStatus
) -> None:
    """FluentWorkflowRequestMatcherTest.FluentWorkflowTest_RequestMatcher_<id>: MethodAny,
    MethodPost, PathSingle, PathMany, ActionNameMatched, ActionNameNotMatched, ContentType,
    ContentTypeNotMatched, QueryParamsMatched, QueryParamsNotMatched, HeadersMatched,
    HeadersNotMatched, ContentAsString, ContentAsJson, ContentUsingBothApproaches.

    Skipped (LogicAppUnit only): the mock names ("PutMethod", "Default-Error"...) and the
    request-matching log."""
    wf = load_sample(reqres_server, WORKFLOW)
    for stub in stubs:
        wf.stub_http(url=SERVICE_ONE, **stub)
    trigger(wf, SPACEX)
    assert run_of(wf).status == status


# -- FluentWorkflowResponseBuilderTest ---------------------------------------------------------
#
# The mocked service's reply becomes the workflow's answer through Response_Success (status code,
# body and three headers copied from Call_Service_One's outputs).

FALCON_9 = '{"name":"Falcon 9","manufacturer":"SpaceX","diameter":3.7,"height":70,"massToLeo":22.8}'
#: ``JsonConvert.SerializeObject`` of the test's ``Rocket``: its decimals keep a ".0".
STARSHIP = (
    '{"Name":"Starship","Manufacturer":"SpaceX","Height":120.0,"Diameter":9.0,'
    '"MassToLeo":150.0,"VolumeToLeo":1000.0}'
)
PLAIN_TEXT = (
    "This is some plain text that we can use as a text. It is not very interesting. But it "
    "doesn't have to be interested to prove that this test works as expected."
)
XML_TEXT = (
    "<root><msg>This is some XML that we can use as a text. It is not very interesting. But it "
    "doesn't have to be interested to prove that this test works as expected.</msg></root>"
)


def _reply(status: int, content: str | None = None, declared: str | None = None) -> HttpReply:
    return HttpReply(status, {"Content-Type": declared} if declared else {}, content)


BUILDER_CASES = [
    pytest.param(_reply(204), 204, None, None, "", id="StatusCodeNoContent"),
    pytest.param(_reply(205), 205, None, None, "", id="StatusCodeResetContent"),
    pytest.param(
        _reply(200, FALCON_9, JSON_UTF8),
        200,
        "application/json",
        "utf-8",
        FALCON_9,
        id="ContentAsJsonObject",
    ),
    pytest.param(
        _reply(200, STARSHIP, JSON_UTF8),
        200,
        "application/json",
        "utf-8",
        STARSHIP,
        id="ContentAsJsonClass",
    ),
    pytest.param(
        _reply(200, PLAIN_TEXT, "text/plain; charset=utf-8"),
        200,
        "text/plain",
        "utf-8",
        PLAIN_TEXT,
        id="ContentAsPlainTextString",
    ),
    pytest.param(
        # a resource is a StreamContent: Content-Type without charset
        _reply(200, mockdata(FOLDER, "Response.txt"), "text/plain"),
        200,
        "text/plain",
        "utf-8",
        mockdata(FOLDER, "Response.txt"),
        id="ContentAsPlainTextResource",
    ),
    pytest.param(
        # WithContent(xmlMsg, ClueInfoXmlContentType, Encoding.ASCII): a StringContent
        _reply(200, XML_TEXT, f"{CLUE_INFO_XML}; charset=us-ascii"),
        200,
        CLUE_INFO_XML,
        "us-ascii",
        XML_TEXT,
        id="ContentString",
    ),
    pytest.param(
        _reply(200, mockdata(FOLDER, "Response.ClueXml.xml"), CLUE_INFO_XML),
        200,
        CLUE_INFO_XML,
        None,
        mockdata(FOLDER, "Response.ClueXml.xml"),
        id="ContentResource",
    ),
]


@pytest.mark.parametrize(("reply", "status", "media", "charset", "body"), BUILDER_CASES)
def test_response_builder_content(
    reqres_server: MockServer,
    reply: HttpReply,
    status: int,
    media: str | None,
    charset: str | None,
    body: str,
) -> None:
    """FluentWorkflowResponseBuilderTest.FluentWorkflowTest_ResponseBuilder_<id>:
    StatusCodeNoContent, StatusCodeResetContent, ContentAsJsonObject, ContentAsJsonClass,
    ContentAsPlainTextString, ContentAsPlainTextResource, ContentString, ContentResource."""
    wf = load_sample(reqres_server, WORKFLOW)
    wf.stub_http(url=SERVICE_ONE, reply=reply)
    answer = trigger(wf, SPACEX)
    assert run_of(wf).status == RunStatus.SUCCEEDED
    assert answer.status_code == status
    assert content_type(answer) == (media, charset)
    assert text_of(answer) == body


def test_response_builder_content_as_json_resource(reqres_server: MockServer) -> None:
    """FluentWorkflowResponseBuilderTest.FluentWorkflowTest_ResponseBuilder_ContentAsJsonResource
    (the body compared after ContentHelper.FormatJson, i.e. as parsed JSON)."""
    wf = load_sample(reqres_server, WORKFLOW)
    resource = mockdata(FOLDER, "Response.json")
    wf.stub_http(url=SERVICE_ONE, reply=_reply(200, resource, "application/json"))
    answer = trigger(wf, SPACEX)
    assert run_of(wf).status == RunStatus.SUCCEEDED
    assert answer.status_code == 200
    assert content_type(answer) == ("application/json", "utf-8")
    assert json.loads(text_of(answer)) == json.loads(resource)


def test_response_builder_header(reqres_server: MockServer) -> None:
    """FluentWorkflowResponseBuilderTest.FluentWorkflowTest_ResponseBuilder_Header."""
    wf = load_sample(reqres_server, WORKFLOW)
    # WithHeader("oneHeader", ...) twice: the builder keeps the later value
    headers = {"oneHeader": "oneValue", "twoHeader": "twoValue", "threeHeader": "threeValue"}
    wf.stub_http(url=SERVICE_ONE, reply=HttpReply(200, headers))
    answer = trigger(wf, SPACEX)
    assert run_of(wf).status == RunStatus.SUCCEEDED
    assert answer.status_code == 200
    assert content_type(answer) == (None, None)
    assert text_of(answer) == ""
    for name, value in headers.items():
        assert answer.headers[name].split(",")[0].strip() == value  # GetValues(..).First()


@pytest.mark.reqres(unstubbed="200")  # LogicAppUnit's default answer: 200, no content
def test_response_builder_no_response_configured(reqres_server: MockServer) -> None:
    """FluentWorkflowResponseBuilderTest.FluentWorkflowTest_ResponseBuilder_NoResponseConfigured."""
    wf = load_sample(reqres_server, WORKFLOW)
    answer = trigger(wf, SPACEX)
    assert run_of(wf).status == RunStatus.SUCCEEDED
    assert answer.status_code == 200
    assert text_of(answer) == ""


def test_response_builder_throws_exception(reqres_server: MockServer) -> None:
    """FluentWorkflowResponseBuilderTest.FluentWorkflowTest_ResponseBuilder_ThrowsException.

    The exception is thrown inside LogicAppUnit's mock server (ASP.NET Core), which answers the
    runtime's call with a bare 500: that is what the stub replies. The workflow answers through
    Response_Failure."""
    wf = load_sample(reqres_server, WORKFLOW)
    wf.stub_http(url=SERVICE_ONE, reply=HttpReply(500))
    answer = trigger(wf, SPACEX)
    assert run_of(wf).status == RunStatus.FAILED
    assert answer.status_code == 500


# -- FluentWorkflowResponseBuilderWithBaseTest -------------------------------------------------
#
# TestInitialize adds "DefinedInTestClass" (matches everything, WithNoContent) for every test;
# LogicAppUnit tries the test case's mocks first. Here: a server-wide stub, tried after the
# workflow's own.


def with_class_mock(server: MockServer) -> Workflow:
    server.stub_http(url=SERVICE_ONE, reply=HttpReply(204))
    return load_sample(server, WORKFLOW)


def test_response_builder_no_test_case_mock(reqres_server: MockServer) -> None:
    """FluentWorkflowResponseBuilderWithBaseTest.FluentWorkflowTest_ResponseBuilder_NoTestCaseMock."""
    wf = with_class_mock(reqres_server)
    answer = trigger(wf, VIRGIN_ORBIT)
    assert run_of(wf).status == RunStatus.SUCCEEDED
    assert answer.status_code == 204
    assert text_of(answer) == ""


def test_response_builder_with_test_case_mock_that_matches(reqres_server: MockServer) -> None:
    """FluentWorkflowResponseBuilderWithBaseTest
    .FluentWorkflowTest_ResponseBuilder_WithTestCaseMockThatMatches."""
    wf = with_class_mock(reqres_server)
    queued = "Your request has been queued for processing"
    wf.stub_http(url=SERVICE_ONE, reply=_reply(202, queued, "text/plain; charset=utf-8"))
    answer = trigger(wf, VIRGIN_ORBIT)
    assert run_of(wf).status == RunStatus.SUCCEEDED
    assert answer.status_code == 202
    assert text_of(answer) == queued


def test_response_builder_test_case_mock_not_matched(reqres_server: MockServer) -> None:
    """FluentWorkflowResponseBuilderWithBaseTest
    .FluentWorkflowTest_ResponseBuilder_TestCaseMockNotMatched."""
    wf = with_class_mock(reqres_server)
    wf.stub_http(
        url=SERVICE_ONE,
        path=re.compile(".*HelloWorld.*"),  # WithPath(PathMatchType.Contains, "HelloWorld")
        reply=_reply(500, "It all went wrong!", "text/plain; charset=utf-8"),
    )
    answer = trigger(wf, VIRGIN_ORBIT)
    assert run_of(wf).status == RunStatus.SUCCEEDED
    assert answer.status_code == 204
    assert text_of(answer) == ""
