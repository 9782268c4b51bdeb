"""The HttpWebhook action as Logic Apps runs it: it subscribes (its ``subscribe`` request, with
``listCallbackUrl()`` giving the action's own URL), waits until the service calls that URL, takes
the call's headers and body as its outputs, then unsubscribes. "When the workflow runs, the
webhook action pauses the workflow and waits until the service endpoint calls the URL before
the workflow resumes running the action"
(https://learn.microsoft.com/azure/connectors/connectors-native-webhook). The URL's shape is
the one public scripts were handed: ``…/workflows/<id>/runs/<run>/actions/HTTP_Webhook/run?
api-version=2016-06-01&sp=%2Fruns%2F<run>%2Factions%2FHTTP_Webhook%2Frun%2C%2Fruns%2F<run>
%2Factions%2FHTTP_Webhook%2Fread&sv=1.0&sig=…`` (a callback URL in a public Event Hubs script
and in a Windows Virtual Desktop scaling runbook's webhook data, found through the code search).
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from reqres_mock import MockServer, RunStatus, UnstubbedActionError, WaitTimeoutError

JSON = {"Content-Type": "application/json"}
WAIT = 5.0
SUBSCRIBE = "https://hooks.example.com/subscribe"
UNSUBSCRIBE = "https://hooks.example.com/unsubscribe"


def webhook_flow(server: MockServer, **extra: Any) -> Any:
    document = {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": {
            "Wait_for_approval": {
                "type": "HttpWebhook",
                "inputs": {
                    "subscribe": {
                        "method": "POST",
                        "uri": SUBSCRIBE,
                        "body": {"callbackUrl": "@{listCallbackUrl()}", "order": "@triggerBody()"},
                    },
                    "unsubscribe": {
                        "method": "POST",
                        "uri": UNSUBSCRIBE,
                        "body": {"callbackUrl": "@{listCallbackUrl()}"},
                    },
                },
                "runAfter": {},
                **extra,
            },
            "Response": {
                "type": "Response",
                "inputs": {
                    "statusCode": 200,
                    "headers": JSON,
                    "body": {
                        "decision": "@body('Wait_for_approval')",
                        "from": "@outputs('Wait_for_approval')['headers']?['X-Approver']",
                    },
                },
                "runAfter": {"Wait_for_approval": ["Succeeded"]},
            },
        },
    }
    (wf,) = server.add_definition("approvals", document)
    return wf


class Caller(threading.Thread):
    """The test's client, calling the workflow while the test plays the service."""

    def __init__(self, url: str, body: Any) -> None:
        super().__init__(daemon=True)
        self.url, self.body = url, body
        self.reply: requests.Response | None = None

    def run(self) -> None:
        self.reply = requests.post(self.url, json=self.body, timeout=3 * WAIT)


class Waiting:
    """The approvals workflow, called, its webhook action subscribed and waiting."""

    def __init__(self, server: MockServer, *, unsubscribe: bool = True, body: Any = None) -> None:
        self.wf = webhook_flow(server)
        self.subscribe = self.wf.stub_http(method="POST", url=SUBSCRIBE, status=201)
        self.unsubscribe = (
            self.wf.stub_http(method="POST", url=UNSUBSCRIBE, status=200) if unsubscribe else None
        )
        self.caller = Caller(self.wf.callback_url, {} if body is None else body)
        self.caller.start()
        self.hook = self.wf.wait_for_webhook("Wait_for_approval", timeout=WAIT)


def test_the_action_waits_for_its_callback_and_takes_its_body(reqres_server):
    waiting = Waiting(reqres_server, body={"id": 7})
    wf, caller, hook = waiting.wf, waiting.caller, waiting.hook
    subscribe, unsubscribe = waiting.subscribe, waiting.unsubscribe
    run = wf.wait_for_runs(1)[0]
    assert run.status is RunStatus.RUNNING and caller.reply is None  # it waits

    (subscribed,) = subscribe.calls
    assert subscribed.json() == {"callbackUrl": hook.callback_url, "order": {"id": 7}}
    url = urlsplit(hook.callback_url)
    assert url.path == f"/workflows/{wf.id}/runs/{run.id}/actions/Wait_for_approval/run"
    query = parse_qs(url.query)
    assert query["api-version"] == ["2016-06-01"]
    assert query["sp"] == [
        f"/runs/{run.id}/actions/Wait_for_approval/run,/runs/{run.id}/actions/Wait_for_approval/read"
    ]
    assert query["sv"] == ["1.0"]

    called = requests.post(
        hook.callback_url, json={"approved": True}, headers={"X-Approver": "ada"}, timeout=WAIT
    )
    assert called.status_code == 200
    caller.join(WAIT)
    assert caller.reply is not None
    assert caller.reply.json() == {"decision": {"approved": True}, "from": "ada"}
    run.wait(WAIT)
    action = run.actions["Wait_for_approval"]
    assert action.status == "Succeeded"
    assert action.outputs["body"] == {"approved": True}
    assert [c.request.url for c in run.outbound] == [SUBSCRIBE, UNSUBSCRIBE]
    assert unsubscribe is not None
    (left,) = unsubscribe.calls
    assert left.json() == {"callbackUrl": hook.callback_url}
    # subscribe and unsubscribe are the same action's requests: the runtime's headers name it,
    # with one action tracking id (Microsoft's request history example shows an HTTP Webhook's)
    assert subscribed.headers["x-ms-workflow-operation-name"] == "Wait_for_approval"
    assert left.headers["x-ms-workflow-operation-name"] == "Wait_for_approval"
    assert left.headers["x-ms-action-tracking-id"] == subscribed.headers["x-ms-action-tracking-id"]


def test_a_second_callback_or_a_forged_one_is_refused(reqres_server):
    waiting = Waiting(reqres_server)
    caller, hook = waiting.caller, waiting.hook
    forged = hook.callback_url.replace("sig=", "sig=x")
    refused = requests.post(forged, json={}, timeout=WAIT)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "DirectApiInvalidAuthorizationSignature"
    assert requests.post(hook.callback_url, json={"n": 1}, timeout=WAIT).status_code == 200
    again = requests.post(hook.callback_url, json={"n": 2}, timeout=WAIT)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "WorkflowRunActionNotWaiting"
    caller.join(WAIT)
    assert caller.reply is not None and caller.reply.json()["decision"] == {"n": 1}


def test_a_failed_subscription_fails_the_action_without_waiting(reqres_server):
    wf = webhook_flow(reqres_server)
    wf.stub_http(method="POST", url=SUBSCRIBE, status=400, body={"error": "no"})
    reply = requests.post(wf.callback_url, json={}, timeout=WAIT)
    assert reply.status_code == 502  # the run ended without its Response
    run = wf.wait_for_runs(1)[0].wait(WAIT)
    assert run.actions["Wait_for_approval"].status == "Failed"
    assert [c.request.url for c in run.outbound] == [SUBSCRIBE]
    with pytest.raises(WaitTimeoutError):
        wf.wait_for_webhook("Wait_for_approval", timeout=0.01)


def test_a_cancelled_run_stops_waiting_and_unsubscribes():
    with MockServer() as server:
        waiting = Waiting(server)
        caller, hook, unsubscribe = waiting.caller, waiting.hook, waiting.unsubscribe
        run = waiting.wf.wait_for_runs(1)[0]
        assert run.cancel()
        caller.join(WAIT)
        late = requests.post(hook.callback_url, json={}, timeout=WAIT)
    # stop() joined the run's thread: what it recorded after the cancel is there
    assert run.actions["Wait_for_approval"].status == "Cancelled"
    assert unsubscribe is not None and len(unsubscribe.calls) == 1
    assert late.status_code == 409


def test_each_iteration_of_a_loop_waits_on_its_own_url(reqres_server):
    document = {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": {
            "Each": {
                "type": "Foreach",
                "foreach": "@triggerBody()",
                "actions": {
                    "Hook": {
                        "type": "HttpWebhook",
                        "inputs": {
                            "subscribe": {
                                "method": "POST",
                                "uri": SUBSCRIBE,
                                "body": {"url": "@{listCallbackUrl()}", "item": "@items('Each')"},
                            }
                        },
                    }
                },
                "runAfter": {},
            },
            "Response": {
                "type": "Response",
                "inputs": {"statusCode": 200, "body": "@{length(triggerBody())}"},
                "runAfter": {"Each": ["Succeeded"]},
            },
        },
    }
    (wf,) = reqres_server.add_definition("loop", document)
    subscribe = wf.stub_http(method="POST", url=SUBSCRIBE, status=201)
    caller = Caller(wf.callback_url, ["a", "b"])
    caller.start()
    first = wf.wait_for_webhook("Hook", timeout=WAIT)
    assert requests.post(first.callback_url, json={"for": "first"}, timeout=WAIT).status_code == 200
    second = wf.wait_for_webhook("Hook", timeout=WAIT)
    assert second.callback_url != first.callback_url
    assert requests.post(second.callback_url, json={"for": "second"}, timeout=WAIT).ok
    caller.join(WAIT)
    assert caller.reply is not None and caller.reply.text == "2"
    urls = sorted(call.json()["url"] for call in subscribe.calls)
    assert [urlsplit(u).path.rsplit("/", 3)[1:] for u in urls] == [
        ["repetitions", "000000", "run"],
        ["repetitions", "000001", "run"],
    ]
    run = wf.wait_for_runs(1)[0].wait(WAIT)
    bodies = [r.outputs["body"] for r in run.actions["Hook"].repetitions]
    assert sorted(map(str, bodies)) == ["{'for': 'first'}", "{'for': 'second'}"]


def test_a_callback_made_while_subscribing_is_kept(reqres_server):
    # A service may call back at once, before its subscribe reply reached the action.
    wf = webhook_flow(reqres_server)
    answered = []

    def subscribe(request: Any) -> Any:
        answered.append(requests.post(request.json()["callbackUrl"], json="early", timeout=WAIT))
        return {"statusCode": 201}

    wf.stub_http(method="POST", url=SUBSCRIBE, reply=subscribe)
    wf.stub_http(method="POST", url=UNSUBSCRIBE, status=200)
    reply = requests.post(wf.callback_url, json={}, timeout=WAIT)
    assert [a.status_code for a in answered] == [200]
    assert reply.json()["decision"] == "early"


def test_a_callback_with_broken_json_is_refused_and_the_action_waits_on(reqres_server):
    waiting = Waiting(reqres_server)
    caller, hook = waiting.caller, waiting.hook
    broken = requests.post(
        hook.callback_url, data="{nope", headers={"Content-Type": "application/json"}, timeout=WAIT
    )
    assert (broken.status_code, broken.json()["error"]["code"]) == (400, "InvalidRequestContent")
    assert requests.post(hook.callback_url, json=[1], timeout=WAIT).status_code == 200
    caller.join(WAIT)
    assert caller.reply is not None and caller.reply.json()["decision"] == [1]


def test_a_reset_ends_the_waits_of_the_runs_it_forgets():
    with MockServer() as server:
        waiting = Waiting(server)
        caller, unsubscribe = waiting.caller, waiting.unsubscribe
        server.reset()
        caller.join(WAIT)
        assert not caller.is_alive()  # the run ended without its Response
        assert caller.reply is not None and caller.reply.status_code == 502
    assert unsubscribe is not None and len(unsubscribe.calls) == 1


def test_an_unstubbed_unsubscribe_fails_the_tests_check_not_the_run():
    with MockServer() as server:
        waiting = Waiting(server, unsubscribe=False)
        wf, caller, hook = waiting.wf, waiting.caller, waiting.hook
        requests.post(hook.callback_url, json={}, timeout=WAIT)
        caller.join(WAIT)
        assert caller.reply is not None and caller.reply.status_code == 200
        assert wf.wait_for_runs(1)[0].wait(WAIT).status is RunStatus.SUCCEEDED
        with pytest.raises(UnstubbedActionError, match="unsubscribe"):
            server.check()


def test_a_branch_beside_the_waiting_action_goes_on(reqres_server):
    # While the webhook waits, a parallel branch runs and its Response answers the caller.
    document = {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": {
            "Wait_for_approval": {
                "type": "HttpWebhook",
                "inputs": {"subscribe": {"method": "POST", "uri": SUBSCRIBE}},
                "runAfter": {},
            },
            "Meanwhile": {"type": "Compose", "inputs": "done", "runAfter": {}},
            "Ack": {
                "type": "Response",
                "inputs": {"statusCode": 202, "body": "@outputs('Meanwhile')"},
                "runAfter": {"Meanwhile": ["Succeeded"]},
            },
        },
    }
    (side,) = reqres_server.add_definition("side", document)
    side.stub_http(method="POST", url=SUBSCRIBE, status=201)
    reply = requests.post(side.callback_url, json={}, timeout=WAIT)
    assert (reply.status_code, reply.text) == (202, "done")
    hook = side.wait_for_webhook("Wait_for_approval", timeout=WAIT)
    assert requests.post(hook.callback_url, timeout=WAIT).status_code == 200
    run = side.wait_for_runs(1)[0].wait(WAIT)
    assert run.status is RunStatus.SUCCEEDED
    assert run.actions["Wait_for_approval"].outputs["body"] is None  # called with no body


def test_a_standard_workflows_callback_lives_under_the_hosts_run_links(reqres_server):
    # Inferred from the Standard host's other run links (content links, under
    # /runtime/webhooks/workflow/scaleUnits/prod-00/…); no Standard capture of this one.
    from reqres_mock.protocol.hosts import is_logic_apps_url

    document = {
        "definition": {
            "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
            "actions": {
                "Hook": {
                    "type": "HttpWebhook",
                    "inputs": {
                        "subscribe": {
                            "method": "POST",
                            "uri": SUBSCRIBE,
                            "body": "@listCallbackUrl()",
                        }
                    },
                    "runAfter": {},
                },
                "Response": {
                    "type": "Response",
                    "inputs": {"statusCode": 200, "body": "@body('Hook')"},
                    "runAfter": {"Hook": ["Succeeded"]},
                },
            },
        },
        "kind": "Stateful",
    }
    (wf,) = reqres_server.add_definition("standard", document)
    subscribe = wf.stub_http(method="POST", url=SUBSCRIBE, status=201)
    caller = Caller(wf.callback_url, {})
    caller.start()
    hook = wf.wait_for_webhook("Hook", timeout=WAIT)
    assert subscribe.calls[0].text == hook.callback_url
    path = urlsplit(hook.callback_url).path
    assert path.startswith(f"/runtime/webhooks/workflow/scaleUnits/prod-00/workflows/{wf.id}/runs/")
    assert is_logic_apps_url("my-app.azurewebsites.net", path)
    called = requests.post(
        hook.callback_url, data="hello", headers={"Content-Type": "text/plain"}, timeout=WAIT
    )
    assert called.status_code == 200
    caller.join(WAIT)
    assert caller.reply is not None and caller.reply.text == "hello"


def test_a_connectors_webhook_action_waits_for_its_callback_too(reqres_server):
    # "the Office 365 Outlook connector action named Send approval email follows the webhook
    # pattern" (Microsoft's HTTP Webhook page): an ApiConnectionWebhook action.
    approval = (
        "https://logic-apis-westeurope.azure-apim.net/apim/office365/approvalmail/$subscriptions"
    )
    document = {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": {
            "Send_approval_email": {
                "type": "ApiConnectionWebhook",
                "inputs": {
                    "host": {"connection": {"name": "office365"}},
                    "path": "/approvalmail/$subscriptions",
                    "body": {
                        "NotificationUrl": "@{listCallbackUrl()}",
                        "Message": {"To": "boss@example.com", "Options": "Approve, Reject"},
                    },
                },
                "runAfter": {},
            },
            "Response": {
                "type": "Response",
                "inputs": {
                    "statusCode": 200,
                    "body": "@body('Send_approval_email')?['SelectedOption']",
                },
                "runAfter": {"Send_approval_email": ["Succeeded"]},
            },
        },
    }
    (wf,) = reqres_server.add_definition("approval", document)
    subscribe = wf.stub_http(method="POST", url=approval, status=201)
    caller = Caller(wf.callback_url, {})
    caller.start()
    hook = wf.wait_for_webhook("Send_approval_email", timeout=WAIT)
    assert subscribe.calls[0].json()["NotificationUrl"] == hook.callback_url
    assert requests.post(hook.callback_url, json={"SelectedOption": "Approve"}, timeout=WAIT).ok
    caller.join(WAIT)
    assert caller.reply is not None and caller.reply.text == "Approve"
    run = wf.wait_for_runs(1)[0].wait(WAIT)
    assert [c.request.url for c in run.outbound] == [approval]  # no unsubscription modelled
