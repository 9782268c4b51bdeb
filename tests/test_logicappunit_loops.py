"""LogicAppUnit's loop, stateless and inline-script samples, asserted of reqres-mock.

Each test follows one C# test of LogicAppUnit/TestingFramework
(``src/LogicAppUnit.Samples.LogicApps.Tests/<Folder>/<Class>.cs``, commit ``1907275d``), whose
assertions were recorded against the real Logic Apps Standard runtime: ``LoopWorkflowTest``
(``loop-workflow``: an Until and a sequential Foreach calling two services),
``StatelessWorkflowTest`` (``stateless-workflow``: a relative path, a client tracking id and a
built-in Blob connector action) and ``InlineScriptWorkflowTest`` (``inline-script-workflow``: a
C# script action).

LogicAppUnit rewrites a workflow before the runtime runs it
(``src/LogicAppUnit/Wrapper/WorkflowDefinitionWrapper.cs``): every Http action gets
``retryPolicy: {"type": "none"}`` (``ReplaceHttpRetryPoliciesWithNone``), and a built-in
connector action becomes an Http ``POST`` of its ``parameters`` to ``<mock server>/<action
name>`` (``ReplaceBuiltInConnectorActionsWithHttp``). The first rewrite changes what the
runtime did (a failed call is not retried), so ``loop-workflow`` is loaded with it applied; the
second is LogicAppUnit's plumbing, so ``Upload_Blob`` stays a ``ServiceProvider`` action here
and its call is matched on reqres-mock's stand-in for it.
"""

from __future__ import annotations

import itertools
import json
import shutil
import threading
from typing import TYPE_CHECKING, Any

import pytest
import requests
from logicappunit_support import MOCKDATA, PROJECT, format_json, load_sample, mockdata

from reqres_mock import (
    ActionResult,
    HttpReply,
    MockServer,
    OutboundCall,
    OutboundRequest,
    Run,
    RunStatus,
    Workflow,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

# ContentHelper.CreateJsonStringContent: Newtonsoft's JSON in a StringContent, UTF-8.
JSON_UTF8 = "application/json; charset=utf-8"
# ContentHelper.CreateJsonStreamContent: the resource stream as it is (BOM included).
JSON = "application/json"

# reqres-mock's stand-in for the Blob connector's uploadBlob operation (README, "Outbound
# calls"); LogicAppUnit's mock server saw it as POST /Upload_Blob after its rewrite.
UPLOAD_BLOB_PATH = "/AzureBlob/azureBlob/uploadBlob"


def repetition_count(action: ActionResult) -> int:
    """``TestRunner.GetWorkflowActionRepetitionCount``: the loop's iterations or the action's
    repetitions, else 1 (an action that was not repeated)."""
    return len(action.repetitions) or 1


def repetition(action: ActionResult, number: int) -> ActionResult:
    """``TestRunner.GetWorkflowActionRepetition``: the repetition whose first
    ``repetitionIndexes`` item index is ``number - 1``."""
    (found,) = [r for r in action.repetitions if r.iteration_indexes[0] == number - 1]
    return found


def json_reply(status: int, body: bytes | str, content_type: str = JSON_UTF8) -> HttpReply:
    return HttpReply(status, headers={"Content-Type": content_type}, body=body)


def message_reply(status: int, message: str) -> HttpReply:
    """``GetMockResponse(message)`` of ``LoopWorkflowTest``: ``{"message": ...}`` as JSON."""
    return json_reply(status, json.dumps({"message": message}, separators=(",", ":")))


def by_call_number(
    numbered: dict[int, HttpReply], otherwise: HttpReply
) -> Callable[[OutboundRequest], HttpReply]:
    """LogicAppUnit's ``WithMatchCount`` matcher and the one it falls through to: the n-th call
    to the stubbed path gets ``numbered[n]``, every other call ``otherwise``."""
    counter = itertools.count(1)
    lock = threading.Lock()

    def reply(request: OutboundRequest) -> HttpReply:
        with lock:
            number = next(counter)
        return numbered.get(number, otherwise)

    return reply


def without_http_retries(tmp_path: Path, workflow: str) -> Path:
    """A copy of the sample project in which ``workflow``'s Http actions have
    ``retryPolicy: {"type": "none"}``, as LogicAppUnit's ``ReplaceHttpRetryPoliciesWithNone``
    hands it to the runtime."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    path = project / workflow / "workflow.json"
    document = json.loads(path.read_text(encoding="utf-8-sig"))

    def rewrite(node: Any) -> None:  # JSONPath $..actions.*, as LogicAppUnit selects them
        if isinstance(node, list):
            for item in node:
                rewrite(item)
            return
        if not isinstance(node, dict):
            return
        actions = node.get("actions")
        if isinstance(actions, dict):
            for action in actions.values():
                if isinstance(action, dict) and action.get("type") == "Http":
                    action["inputs"]["retryPolicy"] = {"type": "none"}
        for value in node.values():
            rewrite(value)

    rewrite(document["definition"])
    path.write_text(json.dumps(document, indent=4), encoding="utf-8")
    return project / workflow


def calls_of(run: Run, action: str) -> list[OutboundCall]:
    return [call for call in run.outbound if call.action == action]


# -- LoopWorkflowTest ---------------------------------------------------------------------------


def test_loop_workflow_with_five_iterations(reqres_server, tmp_path):
    """LoopWorkflowTest.LoopWorkflowTest_With_Five_Iterations"""
    number_of_iterations = 5
    (wf,) = reqres_server.load(without_http_retries(tmp_path, "loop-workflow"))

    # The C# test's two matchers per path: call 4 to Service One answers 500, the others 200;
    # calls 1, 4 and 5 to Service Two answer 200, the others 400. (Their random AfterDelay
    # is LogicAppUnit's mock server slowing down; it changes no result and is left out.)
    one_ok = message_reply(200, "All working in System One")
    two_ok = message_reply(200, "All working in System Two")
    two_bad = message_reply(400, "Bad request received by System Two")
    wf.stub_http(
        method="POST",
        path="/api/v1/doSomethingInsideUntilLoop",
        reply=by_call_number(
            {4: message_reply(500, "Internal server error detected in System One")}, one_ok
        ),
    )
    wf.stub_http(
        method="POST",
        path="/api/v1.1/doSomethingInsideForEachLoop",
        reply=by_call_number({2: two_bad, 3: two_bad}, two_ok),
    )

    reply = requests.post(
        wf.callback_url,
        data=json.dumps({"numberOfIterations": number_of_iterations}, separators=(",", ":")),
        headers={"Content-Type": JSON_UTF8},
        timeout=30,
    )
    run = wf.wait_for_runs(1, timeout=30)[0].wait(timeout=30)

    # Check workflow run status
    assert run.status == RunStatus.SUCCEEDED

    # Check workflow response
    assert reply.status_code == 200
    assert format_json(reply.text) == format_json(mockdata("LoopWorkflow", "Response.json"))

    # Check repetitions
    actions = run.actions
    assert repetition_count(actions["Initialize_systemOneResponses"]) == 1
    assert repetition_count(actions["Initialize_systemTwoResponses"]) == 1
    assert repetition_count(actions["Until_Loop"]) == number_of_iterations
    assert repetition_count(actions["Call_Service_One"]) == number_of_iterations
    assert repetition_count(actions["For_Each_Loop"]) == number_of_iterations
    assert repetition_count(actions["Call_Service_Two"]) == number_of_iterations
    assert repetition_count(actions["Response"]) == 1

    # Check action result for the actions that were not repeated
    assert actions["Initialize_systemOneResponses"].status == "Succeeded"
    assert actions["Initialize_systemTwoResponses"].status == "Succeeded"
    assert actions["Response"].status == "Succeeded"

    # Check action results for the 'Call_Service_One' action that was repeated
    service_one = actions["Call_Service_One"]
    assert [repetition(service_one, n).status for n in range(1, 6)] == [
        "Succeeded",
        "Succeeded",
        "Succeeded",
        "Failed",
        "Succeeded",
    ]

    # Check action results for the 'Call_Service_Two' action that was repeated
    service_two = actions["Call_Service_Two"]
    assert [repetition(service_two, n).status for n in range(1, 6)] == [
        "Succeeded",
        "Failed",
        "Failed",
        "Succeeded",
        "Succeeded",
    ]

    # Get the action properties (GetWorkflowAction / GetWorkflowActionRepetition throw when
    # the action or the repetition is not in the history)
    assert actions["Response"] is not None
    assert repetition(service_one, 2) is not None
    assert repetition(service_one, 4) is not None

    # Get action input and output
    assert repetition(service_one, 2).inputs is not None
    assert repetition(service_one, 2).outputs is not None


# -- StatelessWorkflowTest ----------------------------------------------------------------------

CONTAINER = "thisIsMyContainer"
BLOB = "thisIsMyBlob"


def trigger_stateless(wf: Workflow) -> tuple[requests.Response, Run]:
    """``TriggerWorkflow(CreateJsonStreamContent(WorkflowRequest.json), Post,
    "{container}/{blob}")``: the resource's bytes, BOM and all, as ``application/json``."""
    reply = requests.post(
        wf.url(containerName=CONTAINER, blobName=BLOB),
        data=(MOCKDATA / "StatelessWorkflow" / "WorkflowRequest.json").read_bytes(),
        headers={"Content-Type": JSON},
        timeout=30,
    )
    return reply, wf.wait_for_runs(1, timeout=30)[0].wait(timeout=30)


def assert_upload_blob_request(run: Run) -> None:
    """``MockRequests.First(r => r.RequestUri.AbsolutePath == "/Upload_Blob")``: its method,
    content type and JSON body (the action's ``parameters``). The path is LogicAppUnit's
    rewrite of the connector action, not the runtime's, so the call is found by action name."""
    request = calls_of(run, "Upload_Blob")[0].request
    assert request.method == "POST"
    assert request.headers["Content-Type"] == JSON_UTF8
    assert format_json(request.text) == format_json(
        mockdata("StatelessWorkflow", "UploadBlobRequest.json")
    )


def test_stateless_workflow_when_successful(reqres_server):
    """StatelessWorkflowTest.StatelessWorkflowTest_When_Successful"""
    wf = load_sample(reqres_server, "stateless-workflow")
    # No mock is configured: LogicAppUnit's mock server answers its default, an empty 200.
    wf.stub_http(method="POST", path=UPLOAD_BLOB_PATH, status=200)

    reply, run = trigger_stateless(wf)

    # Check workflow run status
    assert run.status == RunStatus.SUCCEEDED

    # Check workflow response
    assert reply.status_code == 200
    assert reply.text == f"Blob '{BLOB}' has been uploaded to storage container '{CONTAINER}'"
    assert reply.headers["Content-Type"] == "text/plain; charset=utf-8"

    # Check the Client Tracking Id
    assert run.client_tracking_id == f"{CONTAINER}-{BLOB}"

    # Check action result
    assert run.actions["Upload_Blob"].status == "Succeeded"
    assert run.actions["Success_Response"].status == "Succeeded"
    assert run.actions["Failed_Response"].status == "Skipped"

    # Check request to Blob Storage container
    assert_upload_blob_request(run)

    # Check tracked properties: not logged in the run history of a stateless workflow
    assert run.actions["Upload_Blob"].tracked_properties is None


def test_stateless_workflow_when_upload_blob_fails(reqres_server):
    """StatelessWorkflowTest.StatelessWorkflowTest_When_UploadBlob_Fails"""
    wf = load_sample(reqres_server, "stateless-workflow")
    # The C# delegate: 400 with UploadBlobResponseFailed.json (a stream content, BOM and all).
    wf.stub_http(
        method="POST",
        path=UPLOAD_BLOB_PATH,
        reply=json_reply(
            400,
            (MOCKDATA / "StatelessWorkflow" / "UploadBlobResponseFailed.json").read_bytes(),
            JSON,
        ),
    )

    reply, run = trigger_stateless(wf)

    # Check workflow run status
    assert run.status == RunStatus.FAILED

    # Check workflow response
    assert reply.status_code == 500
    assert reply.text == f"Blob '{BLOB}' failed to upload to storage container '{CONTAINER}'"
    assert reply.headers["Content-Type"] == "text/plain; charset=utf-8"

    # Check the Client Tracking Id
    assert run.client_tracking_id == f"{CONTAINER}-{BLOB}"

    # Check action result
    assert run.actions["Upload_Blob"].status == "Failed"
    assert run.actions["Success_Response"].status == "Skipped"
    assert run.actions["Failed_Response"].status == "Succeeded"

    # Check request to Blob Storage container
    assert_upload_blob_request(run)


# The connector action keeps the runtime's default retry policy here (LogicAppUnit's Http
# stand-in had none): a 500 is retried, so the waits are scaled to nothing.
@pytest.mark.reqres(wait_scale=0)
def test_stateless_workflow_when_upload_blob_mock_server_exception(reqres_server):
    """StatelessWorkflowTest.StatelessWorkflowTest_When_UploadBlob_MockServerException"""
    wf = load_sample(reqres_server, "stateless-workflow")
    # The C# delegate throws; LogicAppUnit's Kestrel mock server answers 500 with no body.
    wf.stub_http(method="POST", path=UPLOAD_BLOB_PATH, reply=HttpReply(500))

    reply, run = trigger_stateless(wf)

    # Check workflow run status
    assert run.status == RunStatus.FAILED

    # Check workflow response
    assert reply.status_code == 500
    assert reply.text == f"Blob '{BLOB}' failed to upload to storage container '{CONTAINER}'"
    assert reply.headers["Content-Type"] == "text/plain; charset=utf-8"

    # Check action result
    assert run.actions["Upload_Blob"].status == "Failed"
    assert run.actions["Success_Response"].status == "Skipped"
    assert run.actions["Failed_Response"].status == "Succeeded"

    # Check response from Blob Storage container
    assert str(run.actions["Upload_Blob"].outputs["statusCode"]) == "500"


# -- InlineScriptWorkflowTest -------------------------------------------------------------------


def test_inline_script_workflow_when_successful(reqres_server: MockServer) -> None:
    """InlineScriptWorkflowTest.InlineScriptWorkflowTest_When_Successful

    The runtime compiles and runs ``execute_csharp_script_code.csx`` (LogicAppUnit does not
    mock it: its CsxWrapper copies the file for the runtime). reqres-mock runs no C#: the test
    stands in for the script with a stub returning what the script returns for this trigger
    (``new Results { Message = $"Hello {name} from CSharp action" }``, serialised camelCase),
    and checks the rest as the C# test does: the stub's outputs take the runtime's shape for a
    script, ``{"body": ...}``, the very document of the C# test's MockData.
    """
    wf = load_sample(reqres_server, "inline-script-workflow")
    wf.stub_action("Execute_CSharp_Script_Code", body={"message": "Hello Jane from CSharp action"})
    requests.post(
        wf.callback_url,
        data=json.dumps({"name": "Jane"}, separators=(",", ":")),
        headers={"Content-Type": JSON_UTF8},
        timeout=30,
    )
    run = wf.wait_for_runs(1, timeout=30)[0].wait(timeout=30)

    # Check workflow run status
    assert run.status == RunStatus.SUCCEEDED

    # Check action result
    script = run.actions["Execute_CSharp_Script_Code"]
    assert script.status == "Succeeded"
    assert format_json(json.dumps(script.outputs)) == format_json(
        mockdata("InlineScriptWorkflow", "Execute_CSharp_Script_Code_Output.json")
    )
