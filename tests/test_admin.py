"""The admin API under /_reqres/ and ARM's listCallbackUrl/listSwagger, over real HTTP."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
import requests

from reqres_mock import MockServer, Response, ServerThreadError

HELLO = Path(__file__).parent.parent / "examples" / "hello" / "workflow.json"

BARE = {
    "triggers": {
        "manual": {
            "type": "Request",
            "kind": "Http",
            "inputs": {"method": "POST", "relativePath": "/orders/{id}"},
        }
    },
    "actions": {
        "Response": {
            "type": "Response",
            "inputs": {
                "statusCode": 201,
                "headers": {"Content-Type": "application/json"},
                "body": {"created": True},
            },
        }
    },
}


def admin(server: MockServer, path: str) -> str:
    return f"{server.url}/_reqres{path}"


def error_code(reply: requests.Response) -> str:
    assert reply.headers["Content-Type"].startswith("application/json")
    return str(reply.json()["error"]["code"])


def test_health_says_ok(server):
    reply = requests.get(admin(server, "/health"), timeout=5)
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "workflows": 0, "calls": 0}


def test_workflows_are_listed_with_urls_for_the_host_the_caller_used(server):
    server.add_workflow("orders", method="PUT", schema={"type": "object"})
    reply = requests.get(admin(server, "/workflows"), headers={"Host": "mock:7071"}, timeout=5)
    (listed,) = reply.json()["value"]
    assert listed["name"] == "orders"
    assert listed["method"] == "PUT"
    assert listed["schema"] == {"type": "object"}
    assert listed["responseKind"] == "none"
    assert listed["callbackUrl"].startswith("http://mock:7071/workflows/")
    assert (
        listed["callbackUrl"].split("?")[1] == server.workflow("orders").callback_url.split("?")[1]
    )


def test_put_adds_a_workflow_that_answers_then_replaces_and_delete_removes_it(server):
    created = requests.put(admin(server, "/workflows/orders"), json=BARE, timeout=5)
    assert created.status_code == 201
    url = created.json()["callbackUrl"].replace("{id}", "7")
    reply = requests.post(url, json={}, timeout=5)
    assert (reply.status_code, reply.json()) == (201, {"created": True})

    replaced = requests.put(admin(server, "/workflows/orders"), json=BARE, timeout=5)
    assert replaced.status_code == 200
    assert len(server.workflows) == 1

    assert requests.delete(admin(server, "/workflows/orders"), timeout=5).status_code == 204
    missing = requests.get(admin(server, "/workflows/orders"), timeout=5)
    assert (missing.status_code, error_code(missing)) == (404, "WorkflowNotFound")
    assert requests.post(url, json={}, timeout=5).status_code == 404


@pytest.mark.parametrize(
    ("name", "document"),
    [
        pytest.param("hello", json.loads(HELLO.read_text()), id="standard"),
        pytest.param("workflow", json.loads(HELLO.read_text()), id="standard-named-workflow"),
        pytest.param("bare.v2", BARE, id="bare-with-a-dot"),
        pytest.param(
            "armed",
            {
                "resources": [
                    {
                        "type": "Microsoft.Logic/workflows",
                        "name": "[parameters('name')]",
                        "properties": {"definition": BARE},
                    }
                ],
                "parameters": {"name": {"type": "string", "defaultValue": "armed"}},
            },
            id="arm",
        ),
    ],
)
def test_put_accepts_the_three_definition_shapes(server, name, document):
    reply = requests.put(admin(server, f"/workflows/{name}"), json=document, timeout=5)
    assert reply.status_code == 201, reply.text
    assert reply.json()["name"] == name
    assert [w.name for w in server.workflows] == [name]


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        pytest.param(b"", "InvalidRequestContent", "empty", id="empty"),
        pytest.param(b"{", "InvalidRequestContent", "not valid JSON", id="not-json"),
        pytest.param(b"\xff\xfe", "InvalidRequestContent", "not valid JSON", id="not-utf8"),
        pytest.param(b"[1]", "InvalidDefinition", "not a workflow definition", id="a-list"),
        pytest.param(
            json.dumps({"triggers": {"t": {"type": "Recurrence"}}}).encode(),
            "InvalidDefinition",
            "/triggers/t/type: trigger 't' has type 'Recurrence'",
            id="pointer",
        ),
        pytest.param(
            json.dumps(
                {
                    "resources": [
                        {
                            "type": "Microsoft.Logic/workflows",
                            "name": "other",
                            "properties": {"definition": BARE},
                        }
                    ]
                }
            ).encode(),
            "InvalidDefinition",
            "none named 'orders'",
            id="arm-other-name",
        ),
    ],
)
def test_put_refuses_bad_definitions_with_400(server, body, code, message):
    reply = requests.put(admin(server, "/workflows/orders"), data=body, timeout=5)
    assert reply.status_code == 400
    assert error_code(reply) == code
    assert message in reply.json()["error"]["message"]
    assert server.workflows == []


@pytest.mark.parametrize(
    "path",
    [
        "/_reqres/workflows/orders/triggers/manual/listCallbackUrl",
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Logic/workflows/orders/triggers/"
        "manual/listCallbackUrl?api-version=2016-06-01",
        "/subscriptions/s/resourcegroups/g/providers/Microsoft.Web/sites/app/hostruntime/runtime/"
        "webhooks/workflow/api/management/workflows/orders/triggers/manual/listCallbackUrl",
    ],
    ids=["admin", "arm-consumption", "arm-standard"],
)
def test_list_callback_url_has_arms_shape(server, path):
    wf = server.add_workflow("orders", relative_path="/orders/{id}", response=Response(200))
    # ARM needs a Bearer header (any token); the admin path needs none without an admin token.
    reply = requests.post(server.url + path, headers={"Authorization": "Bearer t"}, timeout=5)
    assert reply.status_code == 200
    document = reply.json()
    assert document["value"] == wf.callback_url
    assert document["method"] == "POST"
    assert document["basePath"] == wf.callback_url.split("/orders/")[0]
    assert set(document["queries"]) == {"api-version", "sp", "sv", "sig"}
    assert document["queries"]["sp"] == "/triggers/manual/run"
    assert document["relativePath"] == "/orders/{id}"
    assert document["relativePathParameters"] == ["id"]
    assert requests.post(wf.url(id=1), timeout=5).status_code == 200


def test_list_callback_url_of_an_unknown_trigger_or_with_get_is_refused(server):
    server.add_workflow("orders")
    reply = requests.post(admin(server, "/workflows/orders/triggers/nope/listCallbackUrl"))
    assert (reply.status_code, error_code(reply)) == (404, "WorkflowTriggerNotFound")
    arm = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Logic/workflows/orders/listSwagger"
    reply = requests.get(server.url + arm, headers={"Authorization": "Bearer t"}, timeout=5)
    assert (reply.status_code, reply.headers["Allow"]) == (405, "POST")
    reply = requests.post(server.url + arm, timeout=5)
    assert (reply.status_code, error_code(reply)) == (401, "AuthenticationFailed")


def test_swagger_describes_the_trigger_and_can_drive_a_call(server):
    server.add_workflow(
        "orders",
        method="PUT",
        relative_path="/orders/{id}",
        schema={"type": "object", "required": ["id"]},
        response=Response(201, headers={"Content-Type": "application/json"}, body={"ok": True}),
    )
    document = requests.get(admin(server, "/workflows/orders/swagger"), timeout=5).json()
    assert document["swagger"] == "2.0"
    ((path, operations),) = document["paths"].items()
    assert path == "/manual/paths/invoke/orders/{id}"
    operation = operations["put"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["id"]["in"] == "path"
    assert parameters["body"]["schema"] == {"type": "object", "required": ["id"]}
    assert operation["responses"]["201"]["examples"] == {"application/json": {"ok": True}}
    query = "&".join(
        f"{name}={requests.utils.quote(parameters[name]['enum'][0], safe='')}"
        for name in ("api-version", "sp", "sv", "sig")
    )
    url = f"http://{document['host']}{document['basePath']}/manual/paths/invoke/orders/3?{query}"
    assert requests.put(url, json={"id": 3}, timeout=5).status_code == 201


def test_runs_are_listed_newest_first_without_the_signature(server):
    wf = server.add_workflow(
        "orders", response=Response(200, headers={"Content-Type": "application/json"}, body=[1])
    )
    requests.post(wf.callback_url, json={"n": 1}, timeout=5)
    requests.post(wf.callback_url + "x", json={"n": 2}, timeout=5)  # bad sig: rejected
    reply = requests.get(admin(server, "/runs"), timeout=5)
    assert wf.callback_url.split("sig=")[1] not in reply.text
    newest, oldest = reply.json()["value"]
    assert (newest["status"], newest["reply"]["status"]) == ("Rejected", 401)
    assert newest["request"]["path"].endswith("sig=***")
    assert oldest["status"] == "Succeeded"
    assert oldest["triggerOutputs"]["body"] == {"n": 1}
    assert oldest["reply"]["body"] == [1]
    (action,) = oldest["actions"]
    assert (action["name"], action["status"]) == ("Response", "Succeeded")
    assert action["outputs"]["statusCode"] == 200
    assert oldest["id"] == wf.runs[0].id


def test_runs_can_be_filtered_fetched_by_id_and_cleared(server):
    first = server.add_workflow("first")
    second = server.add_workflow("second")
    requests.post(first.callback_url, timeout=5)
    requests.post(second.callback_url, timeout=5)
    requests.post(second.callback_url, json={}, headers={"Authorization": "x"}, timeout=5)

    def ids(query: str) -> list[str]:
        reply = requests.get(admin(server, "/runs") + query, timeout=5)
        assert reply.status_code == 200, reply.text
        return [r["id"] for r in reply.json()["value"]]

    assert ids("?workflow=FIRST") == [first.runs[0].id]
    assert ids("?status=Rejected") == [second.rejected[0].id]
    assert ids("?status=202") == [second.runs[0].id, first.runs[0].id]
    assert ids("?since=2999-01-01T00:00:00Z") == []
    assert len(ids("?since=2000-01-01t00:00:00.1234567%2B01:00")) == 3
    run_id = first.runs[0].id
    assert requests.get(admin(server, f"/runs/{run_id}"), timeout=5).json()["id"] == run_id
    assert requests.delete(admin(server, "/runs"), timeout=5).status_code == 204
    assert ids("") == []
    missing = requests.get(admin(server, f"/runs/{run_id}"), timeout=5)
    assert (missing.status_code, error_code(missing)) == (404, "RunNotFound")


@pytest.mark.parametrize(
    "query",
    ["?status=nope", "?status=rejected", "?status=20", "?since=yesterday", "?since=2024-01-01"],
)
def test_bad_run_filters_are_400(server, query):
    reply = requests.get(admin(server, "/runs") + query, timeout=5)
    assert (reply.status_code, error_code(reply)) == (400, "InvalidQueryParameter")


def test_unmatched_calls_are_listed_with_near_misses(server):
    wf = server.add_workflow("orders", relative_path="/orders/{id}")
    requests.post(wf.callback_url.replace("/orders/{id}", "/orders"), timeout=5)
    (call,) = requests.get(admin(server, "/unmatched"), timeout=5).json()["value"]
    assert call["reply"]["status"] == 404
    assert "needs 2" in call["nearMisses"][0]
    assert requests.get(admin(server, "/runs"), timeout=5).json()["value"] == []


def test_wait_returns_runs_that_arrive_while_it_waits(server):
    wf = server.add_workflow("orders")
    result: list[requests.Response] = []
    waiter = threading.Thread(
        target=lambda: result.append(
            requests.post(
                admin(server, "/runs/wait"),
                json={"workflow": "orders", "count": 2, "timeout": 10},
                timeout=15,
            )
        )
    )
    waiter.start()
    for _ in range(2):
        requests.post(wf.callback_url, timeout=5)
    waiter.join(timeout=15)
    assert result[0].status_code == 200
    assert [r["id"] for r in result[0].json()["value"]] == [r.id for r in reversed(wf.runs)]


def test_wait_times_out_with_408_and_what_did_arrive(server):
    wf = server.add_workflow("orders")
    requests.post(wf.callback_url, timeout=5)
    reply = requests.post(
        admin(server, "/runs/wait"), json={"workflow": "orders", "count": 2, "timeout": 0.1}
    )
    assert (reply.status_code, error_code(reply)) == (408, "WaitTimeout")
    assert "expected 2 run(s) of workflow 'orders' within 0.1 s, got 1" in reply.text
    assert [r["id"] for r in reply.json()["value"]] == [wf.runs[0].id]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param([], id="not-an-object"),
        pytest.param({"count": 0}, id="count-zero"),
        pytest.param({"count": True}, id="count-bool"),
        pytest.param({"timeout": 61}, id="timeout-too-long"),
        pytest.param({"timeout": "1"}, id="timeout-string"),
        pytest.param({"workflow": 3}, id="workflow-number"),
        pytest.param({"workflow": None}, id="workflow-null"),
        pytest.param({"wokflow": "x"}, id="unknown-field"),
    ],
)
def test_wait_refuses_bad_input_with_400(server, body):
    reply = requests.post(admin(server, "/runs/wait"), json=body, timeout=5)
    assert (reply.status_code, error_code(reply)) == (400, "InvalidRequestContent")


def test_a_wait_in_progress_does_not_hold_up_stop():
    server = MockServer().start()
    outcome: list[object] = []

    def wait() -> None:
        try:
            reply = requests.post(admin(server, "/runs/wait"), json={"timeout": 30}, timeout=10)
            outcome.append(reply.status_code)
        except requests.ConnectionError as err:  # stop() came before the request
            outcome.append(err)

    waiter = threading.Thread(target=wait)
    waiter.start()
    started = time.monotonic()
    server.stop()
    waiter.join(timeout=10)
    assert time.monotonic() - started < 5
    assert (outcome and outcome[0] in (503,)) or isinstance(outcome[0], Exception)


def test_admin_calls_are_not_journalled_and_reset_forgets_everything(server):
    wf = server.add_workflow("orders")
    requests.post(wf.callback_url, timeout=5)
    for path in ("/health", "/workflows", "/runs", "/unmatched", "/openapi.json", "/nope"):
        requests.get(admin(server, path), timeout=5)
    assert len(server.calls) == 1
    assert requests.post(admin(server, "/reset"), timeout=5).status_code == 204
    assert (server.workflows, server.calls) == ([], [])


def test_unknown_admin_paths_and_methods_get_json_errors(server):
    reply = requests.get(admin(server, "/nope"), timeout=5)
    assert (reply.status_code, error_code(reply)) == (404, "NotFound")
    assert "/_reqres/openapi.json" in reply.json()["error"]["message"]
    reply = requests.patch(admin(server, "/runs"), timeout=5)
    assert (reply.status_code, error_code(reply)) == (405, "MethodNotAllowed")
    assert reply.headers["Allow"] == "DELETE, GET"
    reply = requests.post(admin(server, "/runs/wait/"), json={"timeout": 0}, timeout=5)
    assert (reply.status_code, error_code(reply)) == (408, "WaitTimeout")  # same endpoint


def test_an_admin_body_over_the_size_limit_is_413_and_not_journalled():
    with MockServer(max_body_size=10) as server:
        reply = requests.put(admin(server, "/workflows/x"), data=b"{" * 100, timeout=5)
        assert (reply.status_code, error_code(reply)) == (413, "RequestContentTooLarge")
        assert server.calls == []


def test_openapi_document_is_served(server):
    document = requests.get(admin(server, "/openapi.json"), timeout=5).json()
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": server.url}]
    assert "/_reqres/runs/wait" in document["paths"]


def test_observers_see_each_call_after_its_reply_and_their_errors_are_collected(server):
    seen: list[tuple[str, bool]] = []
    done = threading.Event()

    def observe(run) -> None:
        seen.append((run.id, run.reply is not None))
        done.set()
        raise RuntimeError("observer broke")

    server.add_observer(observe)
    wf = server.add_workflow("orders")
    requests.post(wf.callback_url, timeout=5)
    requests.get(admin(server, "/health"), timeout=5)  # admin calls are not observed
    assert done.wait(5)
    assert seen == [(wf.runs[0].id, True)]
    with pytest.raises(ServerThreadError, match="observer broke"):
        server.check()
