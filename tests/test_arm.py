"""Azure Resource Manager's view of the mock, with the Azure SDK for Python as the client.

Shapes are checked against the azure-rest-api-specs examples of Microsoft.Logic 2019-05-01
(specification/logic/resource-manager/Microsoft.Logic/stable/2019-05-01/examples/):
Workflows_Get.json, WorkflowTriggers_Get.json, WorkflowRuns_Get.json, WorkflowRuns_List.json,
WorkflowRunActions_Get.json, WorkflowTriggerHistories_List.json.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
import requests
from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.logic import LogicManagementClient

from reqres_mock import Response

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reqres_mock import MockServer

GROUP = "rg"
CONSUMPTION = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Logic/workflows"
STANDARD = (
    "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Web/sites/app/hostruntime/runtime/"
    "webhooks/workflow/api/management/workflows"
)
BEARER = {"Authorization": "Bearer any-token"}


def arm_json(url: str, ca: Any, api_version: str) -> Any:
    """A GET of an ARM or management path with a token; its JSON, once it answered 200."""
    separator = "&" if "?" in url else "?"
    reply = requests.get(
        f"{url}{separator}api-version={api_version}", headers=BEARER, verify=ca.path, timeout=10
    )
    assert reply.status_code == 200, (url, reply.text)
    return reply.json()


#: A definition whose Http action is stubbed: 500 for {"fail": true} fails the run (the caller
#: gets 502), and trigger conditions skip {"skip": true} without starting a run.
ORDERS: dict[str, Any] = {
    "definition": {
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/"
        "2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "triggers": {
            "manual": {
                "type": "Request",
                "kind": "Http",
                "inputs": {"method": "POST", "schema": {"type": "object"}},
                "conditions": [{"expression": "@not(equals(triggerBody()?['skip'], true))"}],
            }
        },
        "actions": {
            "Call_backend": {
                "type": "Http",
                "inputs": {
                    "method": "POST",
                    "uri": "https://backend.example/orders",
                    "body": "@triggerBody()",
                },
                "runAfter": {},
                # Tracked properties see their own action through action() (Microsoft Learn,
                # "Monitor and collect diagnostic data for workflows", tracked properties).
                "trackedProperties": {
                    "orderId": "@action()['inputs']['body']['id']",
                    "status": "@action()['outputs']['statusCode']",
                    "broken": "@action()['outputs']['nope']['deeper']",
                },
            },
            "Response": {
                "type": "Response",
                "kind": "Http",
                "inputs": {
                    "statusCode": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": "@body('Call_backend')",
                },
                "runAfter": {"Call_backend": ["Succeeded"]},
            },
        },
    }
}


def backend(inputs: dict[str, Any]) -> dict[str, Any]:
    if inputs["body"].get("fail"):
        return {"statusCode": 500, "headers": {}, "body": {"error": "backend down"}}
    return {"statusCode": 200, "headers": {}, "body": {"accepted": inputs["body"]["id"]}}


class AnyToken:
    """A TokenCredential: the mock checks only that a Bearer token is sent."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken("any-token", int(time.time()) + 3600)


@pytest.fixture
def server(reqres_https_server: MockServer) -> MockServer:
    return reqres_https_server


@pytest.fixture
def client(server: MockServer, reqres_ca: Any) -> Iterator[LogicManagementClient]:
    with LogicManagementClient(
        AnyToken(),  # type: ignore[arg-type]
        "sub",
        base_url=server.url,
        connection_verify=reqres_ca.path,
    ) as sdk:
        yield sdk


@pytest.fixture
def orders(server: MockServer, reqres_ca: Any) -> dict[str, str]:
    """Three runs (the second failed) and a skipped call; their run ids by outcome."""
    (wf,) = server.add_definition("orders", ORDERS)
    wf.stub_action("Call_backend", handler=backend)
    ids = {}
    for outcome, body in (("first", {"id": 1}), ("failed", {"id": 2, "fail": True})):
        reply = requests.post(wf.callback_url, json=body, verify=reqres_ca.path, timeout=10)
        ids[outcome] = reply.headers["x-ms-workflow-run-id"]
    skipped = requests.post(wf.callback_url, json={"skip": True}, verify=reqres_ca.path, timeout=10)
    assert skipped.status_code == 202
    reply = requests.post(wf.callback_url, json={"id": 3}, verify=reqres_ca.path, timeout=10)
    ids["last"] = reply.headers["x-ms-workflow-run-id"]
    wf.wait_for_runs(3)
    for run in wf.runs:
        run.wait()
    return ids


def test_get_workflow_has_arms_workflow_shape(client, server):
    """Workflows_Get.json: id, name, type, location, state, version, definition, endpoint."""
    wf = server.add_workflow("hello", response=Response(200, body="hi"))
    got = client.workflows.get(GROUP, "hello")
    assert got.id == f"{CONSUMPTION}/hello"
    assert (got.name, got.type) == ("hello", "Microsoft.Logic/workflows")
    assert got.location == server.config.region
    assert (got.state, got.provisioning_state) == ("Enabled", "Succeeded")
    assert got.version == wf.version
    assert got.created_time is not None and got.changed_time is not None
    assert got.access_endpoint == f"{server.url}/workflows/{wf.id}"
    assert got.definition["triggers"]["manual"]["type"] == "Request"
    assert got.definition["actions"]["Response"]["inputs"] == {"statusCode": 200, "body": "hi"}
    client.workflows.disable(GROUP, "hello")
    assert [w.state for w in client.workflows.list_by_resource_group(GROUP)] == ["Disabled"]
    assert not wf.enabled
    client.workflows.enable(GROUP, "hello")
    assert wf.enabled


def test_trigger_and_version_resources(client, server, orders):
    """WorkflowTriggers_Get.json and WorkflowVersions_Get.json."""
    wf = server.workflow("orders")
    trigger = client.workflow_triggers.get(GROUP, "orders", "manual")
    assert trigger.id == f"{CONSUMPTION}/orders/triggers/manual"
    assert (trigger.state, trigger.provisioning_state) == ("Enabled", "Succeeded")
    assert trigger.last_execution_time is not None
    assert trigger.workflow.name == wf.version
    assert [t.name for t in client.workflow_triggers.list(GROUP, "orders")] == ["manual"]
    version = client.workflow_versions.get(GROUP, "orders", wf.version)
    assert version.type == "Microsoft.Logic/workflows/versions"
    assert "Call_backend" in version.definition["actions"]


def test_runs_are_listed_newest_first_with_the_ids_callers_saw(client, orders):
    """WorkflowRuns_List.json: a skipped call starts no run; ids are x-ms-workflow-run-id."""
    runs = list(client.workflow_runs.list(GROUP, "orders"))
    assert [r.name for r in runs] == [orders["last"], orders["failed"], orders["first"]]
    assert [r.status for r in runs] == ["Succeeded", "Failed", "Succeeded"]
    failed = runs[1]
    assert failed.id == f"{CONSUMPTION}/orders/runs/{orders['failed']}"
    assert failed.type == "Microsoft.Logic/workflows/runs"
    assert failed.error["code"] == "ActionFailed"
    assert failed.correlation.client_tracking_id == orders["failed"]
    assert failed.trigger.name == "manual" and failed.trigger.status == "Succeeded"
    assert failed.start_time <= failed.end_time
    assert runs[0].response.status == "Succeeded"


@pytest.mark.parametrize(
    ("inputs", "status", "error"),
    [
        pytest.param(
            {"runStatus": "Failed", "runError": {"code": "500", "message": "bad language"}},
            "Failed",
            {"code": "500", "message": "bad language"},
            id="failed-with-run-error",
        ),
        pytest.param({"runStatus": "Succeeded"}, "Succeeded", None, id="succeeded"),
        pytest.param({"runStatus": "Failed"}, "Failed", None, id="failed-without-run-error"),
    ],
)
def test_a_run_a_terminate_ended_has_code_terminated(
    client, server, reqres_ca, inputs, status, error
):
    """A run a Terminate action ended says so in properties.code, its runError in
    properties.error: LogicAppUnit's TestRunner reads WorkflowWasTerminated as code ==
    'Terminated' and the termination code and message from error, and its
    BuiltInConnectorWorkflowTest passes on the runtime with a Failed Terminate whose runError
    is {"code": "500", "message": ...}. The Succeeded case is inferred from the same rule."""
    document = {
        "triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {"Stop": {"type": "Terminate", "inputs": inputs}},
    }
    (wf,) = server.add_definition("ends", document)
    requests.post(wf.callback_url, json={}, verify=reqres_ca.path, timeout=10)
    assert wf.wait_for_runs(1)[0].wait().terminated
    (got,) = client.workflow_runs.list(GROUP, "ends")
    assert (got.status, got.code) == (status, "Terminated")
    assert got.error == error
    (shown,) = requests.get(f"{server.url}/_reqres/runs", verify=reqres_ca.path, timeout=10).json()[
        "value"
    ]
    assert shown["terminated"] is True


def test_runs_page_with_top_and_filter_on_status_and_start_time(client, server, orders):
    pages = client.workflow_runs.list(GROUP, "orders", top=2).by_page()
    sizes = [len(list(page)) for page in pages]
    assert sizes == [2, 1]
    failed = list(client.workflow_runs.list(GROUP, "orders", filter="status eq 'Failed'"))
    assert [r.name for r in failed] == [orders["failed"]]
    since = server.workflow("orders").runs[1].started_at.isoformat().replace("+00:00", "Z")
    recent = client.workflow_runs.list(GROUP, "orders", filter=f"startTime ge {since}")
    assert [r.name for r in recent] == [orders["last"], orders["failed"]]


def test_failed_runs_actions_and_their_outputs_through_the_content_link(client, orders, reqres_ca):
    """WorkflowRunActions_Get.json: a content link is a plain GET that returns the JSON."""
    actions = {
        a.name: a for a in client.workflow_run_actions.list(GROUP, "orders", orders["failed"])
    }
    assert set(actions) == {"Call_backend", "Response"}
    call = actions["Call_backend"]
    # an HTTP action answered 500: the status is its code, and there is no error (Microsoft
    # Learn, "Handle errors and exceptions", the result() of a 404)
    assert (call.status, call.code, call.error) == ("Failed", "InternalServerError", None)
    assert call.type == "Microsoft.Logic/workflows/runs/actions"
    assert actions["Response"].status == "Skipped"
    assert call.tracked_properties == {"orderId": 2, "status": 500}  # "broken" is left out
    link = call.outputs_link
    assert link.content_hash.algorithm == "md5"
    content = requests.get(link.uri, verify=reqres_ca.path, timeout=10)
    assert content.status_code == 200
    assert content.json()["statusCode"] == 500
    assert content.json()["body"] == {"error": "backend down"}
    assert len(content.content) == link.content_size
    one = client.workflow_run_actions.get(GROUP, "orders", orders["failed"], "Call_backend")
    assert one.id == f"{CONSUMPTION}/orders/runs/{orders['failed']}/actions/Call_backend"
    inputs = requests.get(one.inputs_link.uri, verify=reqres_ca.path, timeout=10).json()
    assert inputs["body"] == {"id": 2, "fail": True}
    tampered = link.uri.replace("sig=", "sig=x")
    assert requests.get(tampered, verify=reqres_ca.path, timeout=10).status_code == 401


def test_run_trigger_outputs_link_returns_the_trigger_outputs(client, orders, reqres_ca):
    run = client.workflow_runs.get(GROUP, "orders", orders["first"])
    outputs = requests.get(run.trigger.outputs_link.uri, verify=reqres_ca.path, timeout=10)
    assert outputs.json()["body"] == {"id": 1}


def test_trigger_histories_list_every_call_fired_or_not(client, orders):
    """WorkflowTriggerHistories_List.json; the skipped call is there, not fired, no run."""
    histories = list(client.workflow_trigger_histories.list(GROUP, "orders", "manual"))
    assert [h.fired for h in histories] == [True, False, True, True]
    assert [h.status for h in histories] == ["Succeeded", "Skipped", "Succeeded", "Succeeded"]
    assert histories[0].run.name == orders["last"]
    assert histories[1].run is None
    assert histories[0].type == "Microsoft.Logic/workflows/triggers/histories"
    one = client.workflow_trigger_histories.get(GROUP, "orders", "manual", histories[1].name)
    assert one.status == "Skipped"
    skipped = client.workflow_trigger_histories.list(
        GROUP, "orders", "manual", filter="status eq 'Skipped'"
    )
    assert len(list(skipped)) == 1


def test_cancelling_a_gated_run_ends_it_and_answers_its_caller_502(client, server, reqres_ca):
    wf = server.add_workflow("slow", response=Response(200, body="late"))
    replies: queue.Queue[requests.Response] = queue.Queue()
    with wf.gate() as gate:
        caller = threading.Thread(
            target=lambda: replies.put(
                requests.post(wf.callback_url, verify=reqres_ca.path, timeout=10)
            )
        )
        caller.start()
        gate.wait_for_held(1)
        (run,) = wf.runs
        assert client.workflow_runs.get(GROUP, "slow", run.id).status == "Running"
        client.workflow_runs.cancel(GROUP, "slow", run.id)
        reply = replies.get(timeout=10)
        caller.join(timeout=10)
    # A run that ends without its Response leaves the caller 502 NoResponse (DESIGN.md).
    assert reply.status_code == 502
    assert reply.json()["error"]["code"] == "NoResponse"
    assert reply.headers["x-ms-failure-cause"] == "Trigger"
    assert client.workflow_runs.get(GROUP, "slow", run.id).status == "Cancelled"
    assert run.response is None  # released gate: the Response never ran
    actions = list(client.workflow_run_actions.list(GROUP, "slow", run.id))
    assert [(a.name, a.status) for a in actions] == [("Response", "Cancelled")]
    with pytest.raises(HttpResponseError) as again:
        client.workflow_runs.cancel(GROUP, "slow", run.id)
    assert again.value.status_code == 409
    assert again.value.error.code == "WorkflowRunCanNotBeCancelled"


def test_unknown_names_get_arms_error_bodies(client, server, orders):
    with pytest.raises(ResourceNotFoundError) as workflow:
        client.workflows.get(GROUP, "nope")
    assert workflow.value.error.code == "WorkflowNotFound"
    with pytest.raises(ResourceNotFoundError) as run:
        client.workflow_runs.get(GROUP, "orders", "08585000000000000000000000000CU00")
    assert run.value.error.code == "WorkflowRunNotFound"
    with pytest.raises(ResourceNotFoundError) as trigger:
        client.workflow_triggers.get(GROUP, "orders", "other")
    assert trigger.value.error.code == "WorkflowTriggerNotFound"
    with pytest.raises(ResourceNotFoundError) as action:
        client.workflow_run_actions.get(GROUP, "orders", orders["first"], "Nope")
    assert action.value.error.code == "WorkflowRunActionNotFound"


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        pytest.param({}, "AuthenticationFailed", id="missing"),
        pytest.param(
            {"Authorization": "Basic dTpw"}, "AuthenticationFailedInvalidHeader", id="basic"
        ),
    ],
)
def test_arm_needs_a_bearer_header(server, reqres_ca, headers, code):
    """ARM's 401s, as quoted in hashicorp/terraform-provider-azurerm issue 3612 (missing) and
    Azure/azure-sdk-for-python issue 4124 (invalid format)."""
    server.add_workflow("hello")
    reply = requests.get(
        f"{server.url}{CONSUMPTION}/hello?api-version=2019-05-01",
        headers=headers,
        verify=reqres_ca.path,
        timeout=10,
    )
    assert reply.status_code == 401
    assert reply.json()["error"]["code"] == code


def test_standard_management_paths_serve_the_same_resources(server, orders, reqres_ca):
    def get(path: str) -> Any:
        return arm_json(f"{server.url}{STANDARD}/orders{path}", reqres_ca, "2022-05-01")

    runs = get("/runs")["value"]
    assert [r["name"] for r in runs] == [orders["last"], orders["failed"], orders["first"]]
    assert runs[0]["id"] == f"/workflows/orders/runs/{orders['last']}"  # the host's own names
    assert "canResubmit" not in runs[0]["properties"]["response"]  # an action's, not the run's
    actions = get(f"/runs/{orders['failed']}/actions")["value"]
    assert {a["name"] for a in actions} == {"Call_backend", "Response"}
    assert len(get("/triggers/manual/histories")["value"]) == 4


def documented_schema(component: str, base_url: str) -> Any:
    """A validator for a component of the admin OpenAPI document."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    from reqres_mock.admin.openapi import admin_document

    registry: Registry[Any] = Registry().with_resource(
        "urn:admin",
        Resource.from_contents(admin_document(base_url), default_specification=DRAFT202012),
    )
    return jsonschema.Draft202012Validator(
        {"$ref": f"urn:admin#/components/schemas/{component}"}, registry=registry
    )


def test_arm_replies_match_the_documented_schemas(server, orders, reqres_ca):
    """The admin OpenAPI document describes the ARM replies (seeded, deterministic)."""
    from reqres_mock.admin.openapi import admin_document

    document = admin_document(server.url)
    wf = server.workflow("orders")
    failed = orders["failed"]
    for path, component in [
        ("", "ArmWorkflowList"),
        ("/orders", "ArmWorkflow"),
        (f"/orders/versions/{wf.version}", "ArmWorkflowVersion"),
        ("/orders/triggers", "ArmTriggerList"),
        ("/orders/triggers/manual/histories", "ArmTriggerHistoryList"),
        ("/orders/runs?$top=1", "ArmRunList"),
        (f"/orders/runs/{failed}", "ArmRun"),
        (f"/orders/runs/{failed}/actions", "ArmRunActionList"),
    ]:
        shown = arm_json(f"{server.url}{CONSUMPTION}{path}", reqres_ca, "2019-05-01")
        documented_schema(component, server.url).validate(shown)
    from reqres_mock.admin.arm_openapi import ARM_WORKFLOWS

    assert "post" in document["paths"][ARM_WORKFLOWS + "/{workflowName}/runs/{runName}/cancel"]


def test_subscription_listing_callback_url_and_swagger_through_the_sdk(client, server, reqres_ca):
    wf = server.add_workflow("hello", relative_path="/items/{id}", response=Response(200))
    assert [w.name for w in client.workflows.list_by_subscription()] == ["hello"]
    url = client.workflow_triggers.list_callback_url(GROUP, "hello", "manual")
    assert url.value == wf.callback_url.replace(wf.callback_base(), server.url)
    assert url.relative_path_parameters == ["id"]
    swagger = client.workflows.list_swagger(GROUP, "hello")
    assert swagger["swagger"] == "2.0"


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("$filter=status%20is%20Failed", id="not-field-op-value"),
        pytest.param("$filter=color%20eq%20'red'", id="unknown-field"),
        pytest.param("$filter=startTime%20ge%20yesterday", id="not-a-time"),
        pytest.param("$top=0", id="top-zero"),
        pytest.param("$top=251", id="top-too-big"),
    ],
)
def test_unreadable_list_options_get_400(server, orders, reqres_ca, query):
    reply = requests.get(
        f"{server.url}{CONSUMPTION}/orders/runs?api-version=2019-05-01&{query}",
        headers=BEARER,
        verify=reqres_ca.path,
        timeout=10,
    )
    assert reply.status_code == 400
    assert reply.json()["error"]["code"] == "InvalidQueryParameterValue"


@pytest.mark.parametrize(
    ("expression", "outcomes"),
    [
        pytest.param("status eq 'Succeeded'", ["last", "first"], id="status-eq"),
        pytest.param("Status ne 'succeeded'", ["failed"], id="any-case"),
        pytest.param("status eq 'Succeeded' and status ne 'Failed'", ["last", "first"], id="and"),
        pytest.param("clientTrackingId eq '{first}'", ["first"], id="tracking-id"),
    ],
)
def test_run_filters(client, orders, expression, outcomes):
    found = client.workflow_runs.list(GROUP, "orders", filter=expression.format(**orders))
    assert [r.name for r in found] == [orders[o] for o in outcomes]


def test_a_running_runs_actions_are_listed_and_it_can_be_cancelled(client, server, reqres_ca):
    """Polling a run shows each action that ended and the one in progress (Running, no end:
    a captured Standard run, Azure/LogicAppsUX __mocks__/runs/MonitoringViewConditional/
    loadingState.json); a cancel stops the rest."""
    reached, proceed = threading.Event(), threading.Event()

    def hold(inputs: dict[str, Any]) -> dict[str, Any]:
        reached.set()
        proceed.wait(10)
        return {"statusCode": 200, "headers": {}, "body": None}

    (wf,) = server.add_definition(
        "steps",
        {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {
                "Prepare": {"type": "Compose", "inputs": {"step": 1}, "runAfter": {}},
                "Hold": {
                    "type": "Http",
                    "inputs": {"method": "GET", "uri": "https://backend.example/hold"},
                    "runAfter": {"Prepare": ["Succeeded"]},
                },
                "Response": {
                    "type": "Response",
                    "inputs": {"statusCode": 200, "body": "done"},
                    "runAfter": {"Hold": ["Succeeded"]},
                },
            },
        },
    )
    wf.stub_action("Hold", handler=hold)
    replies: queue.Queue[requests.Response] = queue.Queue()
    caller = threading.Thread(
        target=lambda: replies.put(
            requests.post(wf.callback_url, verify=reqres_ca.path, timeout=10)
        )
    )
    caller.start()
    try:
        assert reached.wait(10)
        (run,) = wf.runs
        assert client.workflow_runs.get(GROUP, "steps", run.id).status == "Running"
        listed = list(client.workflow_run_actions.list(GROUP, "steps", run.id))
        assert [(a.name, a.status) for a in listed] == [
            ("Prepare", "Succeeded"),
            ("Hold", "Running"),
        ]
        assert listed[1].start_time is not None
        assert (listed[1].end_time, listed[1].code, listed[1].outputs_link) == (None, None, None)
        client.workflow_runs.cancel(GROUP, "steps", run.id)
        assert replies.get(timeout=10).status_code == 502
    finally:
        proceed.set()
        caller.join(timeout=10)
    # Run workers end as soon as no run is queued: joining them waits for the cancelled run's
    # remaining actions to be recorded.
    for worker in [t for t in threading.enumerate() if t.name == "reqres-mock-run"]:
        worker.join(timeout=10)
    statuses = {a.name: a.status for a in client.workflow_run_actions.list(GROUP, "steps", run.id)}
    # Hold was running when the cancel came ("The action was running but received a cancel
    # request": Microsoft Learn, "Monitor workflow run status", action statuses)
    assert statuses == {"Prepare": "Succeeded", "Hold": "Cancelled", "Response": "Cancelled"}
    assert client.workflow_runs.get(GROUP, "steps", run.id).status == "Cancelled"


#: A Foreach doubling each item of the trigger body's ``items``.
LOOP: dict[str, Any] = {
    "triggers": {"manual": {"type": "Request", "kind": "Http"}},
    "actions": {
        "Each": {
            "type": "Foreach",
            "foreach": "@triggerBody()['items']",
            "actions": {"Double": {"type": "Compose", "inputs": "@mul(item(), 2)"}},
            "runAfter": {},
        }
    },
}


def test_repetitions_of_an_action_inside_a_foreach(client, server, reqres_ca):
    """One repetition per iteration with its repetitionIndexes, as LogicAppUnit reads them
    (LogicAppUnit's TestRunner: rep["properties"]["repetitionIndexes"][0]["itemIndex"])."""
    (wf,) = server.add_definition("loop", LOOP)
    reply = requests.post(
        wf.callback_url, json={"items": [1, 2, 3]}, verify=reqres_ca.path, timeout=10
    )
    assert reply.status_code == 202
    (run,) = wf.wait_for_runs(1)
    run.wait()
    repetitions = list(client.workflow_run_action_repetitions.list(GROUP, "loop", run.id, "Double"))
    assert [r.name for r in repetitions] == ["000000", "000001", "000002"]
    assert [r.outputs for r in repetitions] == [2, 4, 6]
    assert [(i.scope_name, i.item_index) for i in repetitions[2].repetition_indexes] == [
        ("Each", 2)
    ]
    one = client.workflow_run_action_repetitions.get(GROUP, "loop", run.id, "Double", "000001")
    assert (one.status, one.inputs) == ("Succeeded", 4)
    assert one.id.endswith(f"/runs/{run.id}/actions/Double/repetitions/000001")
    outer = client.workflow_run_action_repetitions.list(GROUP, "loop", run.id, "Each")
    assert list(outer) == []  # the loop itself runs once
    with pytest.raises(ResourceNotFoundError):
        client.workflow_run_action_repetitions.get(GROUP, "loop", run.id, "Double", "000009")
    raw = requests.get(
        f"{server.url}{CONSUMPTION}/loop/runs/{run.id}/actions/Double/repetitions",
        headers=BEARER,
        verify=reqres_ca.path,
        timeout=10,
    ).json()
    documented_schema("ArmRunActionRepetitionList", server.url).validate(raw)


def test_the_standard_hosts_own_management_path_needs_no_token(server, orders, reqres_ca):
    """As the local runtime answers LogicAppUnit (and a container's host with its key)."""
    host = f"{server.url}/runtime/webhooks/workflow/api/management/workflows/orders"
    runs = requests.get(f"{host}/runs?api-version=2022-05-01", verify=reqres_ca.path, timeout=10)
    assert runs.status_code == 200
    assert runs.json()["value"][0]["name"] == orders["last"]
    url = requests.post(
        f"{host}/triggers/manual/listCallbackUrl?api-version=2022-05-01",
        verify=reqres_ca.path,
        timeout=10,
    )
    assert url.json()["queries"]["sp"] == "/triggers/manual/run"


def test_a_standard_workflows_content_links_use_the_hosts_scale_unit_path(server, reqres_ca):
    """Azure/LogicAppsUX monitoring tests: https://<site>:443/runtime/webhooks/workflow/
    scaleUnits/prod-00/workflows/<id>/runs/<run>CU00/actions/Initialize_variable/contents/
    ActionInputs?api-version=2018-11-01&…&sp=%2Fruns%2F…%2Fread&sv=1.0&sig=…"""
    document = {
        "definition": {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {"Compose": {"type": "Compose", "inputs": "@triggerBody()"}},
        },
        "kind": "Stateful",
    }
    (wf,) = server.add_definition("std", document)  # {"definition", "kind"}: Standard
    requests.post(wf.callback_url, json={"n": 1}, verify=reqres_ca.path, timeout=10)
    run = wf.wait_for_runs(1)[0].wait()
    host = f"{server.url}/runtime/webhooks/workflow/api/management/workflows/std"
    action = requests.get(
        f"{host}/runs/{run.id}/actions/Compose?api-version=2022-05-01",
        verify=reqres_ca.path,
        timeout=10,
    ).json()
    link = action["properties"]["inputsLink"]["uri"]
    path = f"/runtime/webhooks/workflow/scaleUnits/prod-00/workflows/{wf.id}/runs/{run.id}"
    assert f"{path}/actions/Compose/contents/ActionInputs?api-version=2018-11-01&" in link
    assert requests.get(link, verify=reqres_ca.path, timeout=10).json() == {"n": 1}


#: A Standard run and repetition as the host's management API answered them (ids anonymised
#: there): sahinozd/LogicAppsStandard.Testing Management.Tests/ManagementApiResponseMessages/
#: Workflow-run-content.json and Until-action-repetition.json.
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$")


@pytest.mark.parametrize("standard", [True, False], ids=["standard-host", "consumption-arm"])
def test_run_and_repetition_resources_as_azure_writes_them(server, reqres_ca, standard):
    """Properties first, then id, name, type; the Standard host names its resources from
    /workflows with bare types (workflows/runs, workflows/versions,
    workflows/runs/actions/repetitions) and gives a repetition trackingId and canResubmit;
    ARM's are Microsoft.Logic's (WorkflowRuns_Get.json). Times as .NET writes them, the
    fraction's trailing zeros trimmed (…:53.533961Z in the capture)."""
    (wf,) = server.add_definition("loop", LOOP)
    requests.post(wf.callback_url, json={"items": [1, 2]}, verify=reqres_ca.path, timeout=10)
    (run,) = wf.wait_for_runs(1)
    run.wait()
    base = f"{server.url}{STANDARD if standard else CONSUMPTION}/loop"

    def get(path: str) -> Any:
        return arm_json(f"{base}{path}", reqres_ca, "2018-11-01")

    got = get(f"/runs/{run.id}")
    action = get(f"/runs/{run.id}/actions/Each")
    repetition = get(f"/runs/{run.id}/actions/Double/repetitions/000001")
    assert list(action) == ["properties", "id", "name", "type"]
    assert list(got) == ["properties", "id", "name", "type"]
    assert list(repetition) == ["properties", "id", "name", "type"]
    for moment in (
        got["properties"]["startTime"],
        action["properties"]["startTime"],
        repetition["properties"]["endTime"],
    ):
        assert TIMESTAMP.match(moment), moment
        fraction = moment.rstrip("Z").partition(".")[2]
        assert not fraction.endswith("0"), moment  # .NET's FFFFFFF trims trailing zeros
    # what is served is what the admin OpenAPI document describes, on either path
    for component, shown in (
        ("ArmRun", got),
        ("ArmRunAction", action),
        ("ArmRunActionRepetition", repetition),
    ):
        documented_schema(component, server.url).validate(shown)
    version = got["properties"]["workflow"]
    if standard:
        assert (got["id"], got["type"]) == (f"/workflows/loop/runs/{run.id}", "workflows/runs")
        assert version == {
            "id": f"/workflows/loop/versions/{wf.version}",
            "name": wf.version,
            "type": "workflows/versions",
        }
        assert (
            repetition["id"] == f"/workflows/loop/runs/{run.id}/actions/Double/repetitions/000001"
        )
        assert repetition["type"] == "workflows/runs/actions/repetitions"
        properties = repetition["properties"]
        assert list(properties)[:3] == ["repetitionIndexes", "trackingId", "canResubmit"]
        assert properties["trackingId"] == properties["correlation"]["actionTrackingId"]
        assert properties["canResubmit"] is False
        # a captured Standard action (Action_Initialize-variables.json): bare type, a content
        # link of uri and size only, canResubmit after the links
        assert action["type"] == "workflows/runs/actions"
        assert list(action["properties"]["inputsLink"]) == ["uri", "contentSize"]
        keys = list(action["properties"])
        # a Foreach: its iteration count first, its items as inputs, no outputs (a captured
        # Until has none either: Azure/LogicAppsUX __mocks__/runs/LoopsPager/SuccessRun.json)
        assert keys[: keys.index("startTime")] == ["iterationCount", "inputsLink", "canResubmit"]
        assert action["properties"]["iterationCount"] == 2
        # an action inside it: how many times it ran, and no content links (the captured
        # Increment_variable inside the Until)
        inside = get(f"/runs/{run.id}/actions/Double")["properties"]
        assert list(inside)[:2] == ["repetitionCount", "canResubmit"]
        assert inside["repetitionCount"] == 2
    else:
        assert got["type"] == "Microsoft.Logic/workflows/runs"
        assert got["id"] == f"{CONSUMPTION}/loop/runs/{run.id}"
        assert version["type"] == "Microsoft.Logic/workflows/versions"
        assert repetition["type"] == "Microsoft.Logic/workflows/runs/actions/repetitions"
        assert "trackingId" not in repetition["properties"]
        assert action["type"] == "Microsoft.Logic/workflows/runs/actions"
        assert list(action["properties"]["inputsLink"]) == [
            "uri",
            "contentVersion",
            "contentSize",
            "contentHash",
        ]


@pytest.mark.parametrize(
    "path",
    [
        "/Runtime/Webhooks/Workflow/api/management/workflows/orders/runs",
        "/SUBSCRIPTIONS/sub/resourcegroups/rg/providers/microsoft.logic/workflows/orders/runs",
    ],
)
def test_management_paths_match_in_any_case(server, orders, reqres_ca, path):
    """ARM's paths and the host's own (ASP.NET Core routing) match without regard to case."""
    assert len(arm_json(f"{server.url}{path}", reqres_ca, "2018-11-01")["value"]) == 3


def test_a_definitions_trigger_schema_shows_its_escapes_as_saved(client, server):
    """A definition writes "@@odata.etag" (the runtime reads inputs as templates); read back
    through ARM it is the definition as saved, so loading it again gives the same workflow."""
    schema = {"type": "object", "properties": {"@@odata.etag": {"type": "string"}}}
    server.add_definition(
        "etag",
        {"triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {"schema": schema}}}},
    )
    got = client.workflows.get(GROUP, "etag")
    assert got.definition["triggers"]["manual"]["inputs"]["schema"] == schema
    (again,) = server.add_definition("again", got.definition)
    assert again.trigger.schema == {
        "type": "object",
        "properties": {"@odata.etag": {"type": "string"}},
    }
