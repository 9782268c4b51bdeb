"""Microsoft's Logic Apps Sample Test Framework (Azure/logicapps
``LogicAppsSampleTestFramework/TestCases/TestCases.cs``), whose three tests run their workflows
in the real Standard runtime: each test here follows one of them, through the same management
API calls (``listCallbackUrl``, the run list, the run's actions) on the host's own paths.
The workflows are in ``tests/data/sample-test-framework``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests

if TYPE_CHECKING:
    from reqres_mock import MockServer, Workflow

PROJECT = Path(__file__).parent / "data" / "sample-test-framework"
MANAGEMENT = "/runtime/webhooks/workflow/api/management/workflows"
API_VERSION = {"api-version": "2019-10-01-edge-preview"}
#: The framework's mock host (``TestEnvironment.FlowV2MockTestHostUri``: the machine, port 7075).
MOCK_HOST = "http://testmachine:7075"


def load(server: MockServer, name: str, settings: dict[str, str] | None = None) -> Workflow:
    (wf,) = server.load(PROJECT / name, app_settings=settings)
    return wf


def run_through_management(server: MockServer, wf: Workflow) -> requests.Response:
    """``GetTriggerCallbackRequestUri`` then a POST with no content to the URL it returns."""
    listed = requests.post(
        f"{server.url}{MANAGEMENT}/{wf.name}/triggers/manual/listCallbackUrl",
        params=API_VERSION,
        timeout=10,
    )
    assert listed.status_code == 200, listed.text
    return requests.post(listed.json()["value"], timeout=10)


def run_and_action_status(server: MockServer, wf: Workflow, action: str) -> tuple[str, Any]:
    """``GetRunsRequestUriWithManagementHost`` (the newest run's status) and
    ``GetRunActionsRequestUri`` (the named action's status)."""
    wf.wait_for_runs(1)[0].wait(timeout=10)
    runs = requests.get(f"{server.url}{MANAGEMENT}/{wf.name}/runs", params=API_VERSION, timeout=10)
    newest = runs.json()["value"][0]
    actions = requests.get(
        f"{server.url}{MANAGEMENT}/{wf.name}/runs/{newest['name']}/actions",
        params=API_VERSION,
        timeout=10,
    ).json()["value"]
    (chosen,) = [a for a in actions if a["name"] == action]
    return newest["properties"]["status"], chosen["properties"]["status"]


def test_request_response(reqres_server):
    """TestCases.RequestResponse"""
    wf = load(reqres_server, "requestresponseworkflow")
    reply = run_through_management(reqres_server, wf)
    assert (reply.status_code, reply.text) == (200, "Hello from Logic Apps!")
    assert run_and_action_status(reqres_server, wf, "Compose") == ("Succeeded", "Succeeded")


def test_http_action(reqres_server):
    """TestCases.HttpAction: the mocked service answers ``new StringContent("Mocked Http
    Response")`` (text/plain; charset=utf-8), which the Response passes on as it is."""
    wf = load(reqres_server, "httpactionworkflow", {"httpuri": MOCK_HOST})
    wf.stub_http(
        method="GET",
        url=f"{MOCK_HOST}/",
        reply_headers={"Content-Type": "text/plain; charset=utf-8"},
        body="Mocked Http Response",
    )
    reply = run_through_management(reqres_server, wf)
    assert (reply.status_code, reply.text) == (200, "Mocked Http Response")
    assert run_and_action_status(reqres_server, wf, "HTTP") == ("Succeeded", "Succeeded")


#: The C# test's mockedResourceGroups, byte for byte (its verbatim string's line breaks).
RESOURCE_GROUPS = """
{
    "value": [   
        {
            "id": "/subscriptions/someSubscription/resourceGroups/someResourceGroup1",
            "name": "someResourceGroup1",
            "location": "eastus",
            "properties": {
                "provisioningState": "Succeeded"
            }
        },
        {
            "id": "/subscriptions/someSubscription/resourceGroups/someResourceGroup2",
            "name": "someResourceGroup2",
            "location": "westus",
            "properties": {
                "provisioningState": "Succeeded"
            }
        }
    ]
}"""  # noqa: W291 (the C# string has a trailing blank after "[")


def test_api_connection_action(reqres_server):
    """TestCases.ApiConnectionAction: the connection's runtime URL comes from connections.json
    through an app setting; the mocked service answers the resource groups as
    ``StringContent`` (text/plain), which the Response passes on byte for byte."""
    wf = load(
        reqres_server,
        "apiconnectionactionworkflow",
        {"arm-connectionRuntimeUrl": f"{MOCK_HOST}/apim/arm/foobar", "arm-connectionKey": "foobar"},
    )
    stub = wf.stub_http(
        method="GET",
        url=f"{MOCK_HOST}/apim/arm/foobar/subscriptions/someSubscription/resourcegroups?*",
        reply_headers={"Content-Type": "text/plain; charset=utf-8"},
        body=RESOURCE_GROUPS,
    )
    reply = run_through_management(reqres_server, wf)
    assert (reply.status_code, reply.text) == (200, RESOURCE_GROUPS)
    assert run_and_action_status(reqres_server, wf, "List_resource_groups") == (
        "Succeeded",
        "Succeeded",
    )
    (call,) = stub.calls
    assert call.query == {"x-ms-api-version": "2016-06-01"}
    assert call.headers["Authorization"] == "Key foobar"  # the Raw authentication, as set
