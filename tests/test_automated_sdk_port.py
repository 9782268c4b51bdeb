"""A Logic Apps Standard project tested with Microsoft's Automated Test SDK, as the real
workflow engine ran it.

ronaldbosma/track-availability-in-app-insights (``tests/data/track-availability``, see its
README) tests its workflows ``backend-availability-test`` and
``apim-ssl-certificate-check-availability-test`` with ``Microsoft.Azure.Workflows.UnitTesting``
(``src/logicApp/Workflows.Tests``): ``UnitTestExecutor.RunWorkflowAsync`` runs the real engine
in-process with the Recurrence trigger mocked and the HTTP and InvokeFunction actions answered
by ``ActionMock``s, and the tests assert on the ``TestWorkflowRun``. Each test here follows one
C# test (named in its docstring) of ``backend-availability-test/BackendAvailabilityTestWorkflow
Tests.cs`` or ``apim-ssl-certificate-check-availability-test/ApimSslCertificateCheckAvailability
TestWorkflowTests.cs``.

How the C# pieces are ported:

- ``TestExecutor`` loads the workflow with the project's ``parameters.json`` and
  ``connections.json`` and the tests' ``workflows.settings.json`` as local settings: here the
  project is loaded with ``replace_triggers=True`` and that file's ``Values`` as app settings.
- ``RecurrenceTriggerMock()`` (Succeeded, empty outputs): a POST with an empty body.
- ``HTTPActionMock(status, outputs: new HTTPActionOutput(code))``: the outputs are
  ``{"statusCode": code}`` with a null ``Body``; a Failed mock fails the action with those
  outputs. Here ``stub_action("HTTP", status=code)`` (no body): a 503 fails the action, a 200
  succeeds, the body is null either way.
- ``InvokeFunctionActionMock(...)`` (Succeeded, body ``{}``) and ``InvokeFunctionActionMock<int>(
  outputs: new InvokeFunctionActionOutput<int>(n))`` (body ``n``): ``stub_action(name,
  status=200, body=...)``. A Failed one with only a ``TestErrorInfo`` (``InvokeFunctionFailed``)
  fails the action; its outputs are not read by the workflow or the test: here a 500 stub.
- ``VerifyFunctionWasInvoked`` (``TestWorkflowRunExtensions.cs``) compares the action's
  ``Inputs["functionName"]``, the exact set of ``Inputs["parameters"]`` and each value (the
  expected ``startTime`` is ``Start_time``'s ``Outputs["body"]``), then the action's status;
  ``VerifyActionWasSkipped`` its status, looking into nested actions (``ChildActions``) as
  ``run.actions`` holds every action by name.

No C# test mocks ``Start_time`` (a Date Time "Get current time" action, type ``Expression``,
kind ``CurrentTime``): the engine runs it, and so does the mock. This port found two
divergences, both fixed: the Date Time actions were not run, and the actions inside a skipped
If got no record.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests

from reqres_mock import MockServer

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reqres_mock import Run, Workflow

DATA = Path(__file__).parent / "data" / "track-availability"
PROJECT = DATA / "Workflows"
SETTINGS = DATA / "Workflows.Tests" / "workflows.settings.json"

BACKEND = "backend-availability-test"
SSL_CHECK = "apim-ssl-certificate-check-availability-test"

# ActionNames and FunctionNames of the C# tests.
HTTP = "HTTP"
START_TIME = "Start_time"
GET_EXPIRATION = "Get_APIM_SSL_server_certificate_expiration_in_days"
TRACK_CERTIFICATE_EXPIRATION = "Track_certificate_expiration_(in_App_Insights)"
TRACK_IS_AVAILABLE = "Track_is_available_(in_App_Insights)"
TRACK_IS_UNAVAILABLE = "Track_is_unavailable_(in_App_Insights)"
FN_TRACK_IS_AVAILABLE = "TrackIsAvailable"
FN_TRACK_IS_UNAVAILABLE = "TrackIsUnavailable"

BACKEND_TEST_NAME = "Logic App Workflow - Backend API Status"
SSL_TEST_NAME = "Logic App Workflow - API Management SSL Certificate Check"


@pytest.fixture
def server() -> Iterator[MockServer]:
    """A server of this test; the test ends with :func:`check`, so that an unstubbed action
    fails the test itself."""
    with MockServer() as mock:
        yield mock


def check(server: MockServer) -> None:
    server.check()
    server.assert_no_unexpected_calls()


def sdk_settings() -> dict[str, str]:
    """``workflows.settings.json`` ``Values`` as app settings: numbers as their text, as the
    Functions host reads a local settings file (``SSL_CERT_REMAINING_LIFETIME_DAYS: 30``)."""
    values: dict[str, Any] = json.loads(SETTINGS.read_text(encoding="utf-8-sig"))["Values"]
    return {name: str(value) for name, value in values.items() if value is not None}


def load_workflow(server: MockServer, workflow: str) -> Workflow:
    """``new TestExecutor(workflow).Create()``: the workflow with the project's files."""
    (wf,) = server.load(PROJECT / workflow, app_settings=sdk_settings(), replace_triggers=True)
    return wf


def run_workflow(wf: Workflow) -> Run:
    """``RunWorkflowAsync(new RecurrenceTriggerMock(), ...)``: the trigger fires with empty
    outputs; the run is awaited to its end."""
    reply = requests.post(wf.callback_url, timeout=10)
    assert reply.status_code == 202  # no Response action
    return wf.wait_for_runs(1, timeout=5)[0].wait(timeout=10)


def start_time(run: Run) -> Any:
    """``testRun.GetAction(ActionNames.StartTime).Outputs["body"]?.ToString()``."""
    action = run.actions[START_TIME]
    assert action.status == "Succeeded", action.error
    body = action.outputs["body"]
    assert isinstance(body, str)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z", body), body  # utcNow()
    return body


def verify_function_was_invoked(
    run: Run,
    action: str,
    function_name: str,
    parameters: dict[str, Any],
    status: str = "Succeeded",
) -> None:
    """``TestWorkflowRunExtensions.VerifyFunctionWasInvoked``."""
    assert action in run.actions, f"Action with name {action} not found"
    inputs = run.actions[action].inputs
    assert inputs["functionName"] == function_name
    actual = inputs["parameters"]
    assert isinstance(actual, dict)
    assert len(actual) == len(parameters)
    for name, value in parameters.items():
        assert name in actual, f"Parameter with name {name} not found"
        assert actual[name] == value, f"Unexpected value for parameter {name}"
    assert run.actions[action].status == status


def verify_action_was_skipped(run: Run, action: str) -> None:
    """``TestWorkflowRunExtensions.VerifyActionWasSkipped`` (``GetAction`` first asserts that
    the action, nested or not, is in the run)."""
    assert action in run.actions, f"Action with name {action} not found"
    assert run.actions[action].status == "Skipped"


# -- backend-availability-test ----------------------------------------------------------------


def test_backend_is_available(server: MockServer) -> None:
    """BackendAvailabilityTestWorkflowTests.RunWorkflow_BackendIsAvailable_AvailabilitySuccess
    TrackedAndWorkflowSucceeds"""
    wf = load_workflow(server, BACKEND)
    wf.stub_action(HTTP, status=200)
    wf.stub_action(TRACK_IS_AVAILABLE, status=200, body={})

    run = run_workflow(wf)

    assert run.status == "Succeeded"
    verify_function_was_invoked(
        run,
        TRACK_IS_AVAILABLE,
        FN_TRACK_IS_AVAILABLE,
        {"testName": BACKEND_TEST_NAME, "startTime": start_time(run)},
    )
    verify_action_was_skipped(run, TRACK_IS_UNAVAILABLE)
    check(server)


def backend_unavailable(server: MockServer, body: Any, shown: str) -> None:
    """The HTTP action fails with a 503 whose body is ``body``; the message shows it as
    ``shown``."""
    wf = load_workflow(server, BACKEND)
    wf.stub_action(HTTP, status=503, body=body)  # Failed, outputs {"statusCode": 503, "body"}
    wf.stub_action(TRACK_IS_UNAVAILABLE, status=200, body={})

    run = run_workflow(wf)

    assert run.status == "Failed"
    verify_function_was_invoked(
        run,
        TRACK_IS_UNAVAILABLE,
        FN_TRACK_IS_UNAVAILABLE,
        {
            "testName": BACKEND_TEST_NAME,
            "startTime": start_time(run),
            "message": f'HTTP call failed with status code 503 and response body: "{shown}"',
        },
    )
    verify_action_was_skipped(run, TRACK_IS_AVAILABLE)
    check(server)


def test_backend_is_unavailable(server: MockServer) -> None:
    """BackendAvailabilityTestWorkflowTests.RunWorkflow_BackendIsUnavailable_AvailabilityFailure
    TrackedAndWorkflowFails (``HTTPActionOutput(ServiceUnavailable)``: ``Body`` null, so
    ``body('HTTP')`` adds nothing to the ``concat``)."""
    backend_unavailable(server, None, "")


def test_backend_is_unavailable_with_empty_object_body(server: MockServer) -> None:
    """The same C# test at commit e851e1f (the workflow equal but for its Recurrence
    settings), when ``HTTPActionOutput`` set ``Body = new JObject()``: the runtime's ``concat``
    writes the empty object as ``{}`` (``...response body: \\"{}\\"``)."""
    backend_unavailable(server, {}, "{}")


# -- apim-ssl-certificate-check-availability-test ---------------------------------------------


def test_certificate_is_valid(server: MockServer) -> None:
    """ApimSslCertificateCheckAvailabilityTestWorkflowTests.RunWorkflow_CertificateIsValid_
    AvailabilitySuccessTrackedAndWorkflowSucceeds"""
    wf = load_workflow(server, SSL_CHECK)
    wf.stub_action(GET_EXPIRATION, status=200, body=31)
    wf.stub_action(TRACK_IS_AVAILABLE, status=200, body={})

    run = run_workflow(wf)

    assert run.status == "Succeeded"
    verify_function_was_invoked(
        run,
        TRACK_IS_AVAILABLE,
        FN_TRACK_IS_AVAILABLE,
        {"testName": SSL_TEST_NAME, "startTime": start_time(run)},
    )
    verify_action_was_skipped(run, TRACK_CERTIFICATE_EXPIRATION)
    verify_action_was_skipped(run, TRACK_IS_UNAVAILABLE)
    check(server)


def certificate_expiring(server: MockServer, expiration_in_days: int) -> None:
    """The two C# tests whose certificate expires within the 30 days' limit."""
    wf = load_workflow(server, SSL_CHECK)
    wf.stub_action(GET_EXPIRATION, status=200, body=expiration_in_days)
    wf.stub_action(TRACK_CERTIFICATE_EXPIRATION, status=200, body={})

    run = run_workflow(wf)

    assert run.status == "Failed"  # Terminate runStatus Failed
    verify_function_was_invoked(
        run,
        TRACK_CERTIFICATE_EXPIRATION,
        FN_TRACK_IS_UNAVAILABLE,
        {
            "testName": SSL_TEST_NAME,
            "startTime": start_time(run),
            "message": (
                "SSL server certificate for sample.azure-api.net is expiring in "
                f"{expiration_in_days} days"
            ),
        },
    )
    verify_action_was_skipped(run, TRACK_IS_AVAILABLE)
    verify_action_was_skipped(run, TRACK_IS_UNAVAILABLE)
    check(server)


def test_certificate_expires_in_30_days(server: MockServer) -> None:
    """ApimSslCertificateCheckAvailabilityTestWorkflowTests.RunWorkflow_CertificateExpiresIn30
    Days_AvailabilityFailureTrackedAndWorkflowFails"""
    certificate_expiring(server, 30)


def test_certificate_has_expired(server: MockServer) -> None:
    """ApimSslCertificateCheckAvailabilityTestWorkflowTests.RunWorkflow_CertificateHasExpired_
    AvailabilityFailureTrackedAndWorkflowFails"""
    certificate_expiring(server, -5)


def test_determination_of_certificate_expiration_failed(server: MockServer) -> None:
    """ApimSslCertificateCheckAvailabilityTestWorkflowTests.RunWorkflow_DeterminationOf
    CertificateExpirationFailed_AvailabilityFailureTrackedAndWorkflowFails"""
    wf = load_workflow(server, SSL_CHECK)
    # InvokeFunctionActionMock<int>(TestWorkflowStatus.Failed, ..., TestErrorInfo(
    # InvokeFunctionFailed, "The function ... failed to execute. ...")): the action fails.
    wf.stub_action(GET_EXPIRATION, status=500)
    wf.stub_action(TRACK_IS_UNAVAILABLE, status=200, body={})

    run = run_workflow(wf)

    assert run.status == "Failed"
    verify_function_was_invoked(
        run,
        TRACK_IS_UNAVAILABLE,
        FN_TRACK_IS_UNAVAILABLE,
        {
            "testName": SSL_TEST_NAME,
            "startTime": start_time(run),
            "message": "Unable to determine APIM SSL server certificate expiration",
        },
    )
    verify_action_was_skipped(run, TRACK_IS_AVAILABLE)
    verify_action_was_skipped(run, TRACK_CERTIFICATE_EXPIRATION)
    check(server)
