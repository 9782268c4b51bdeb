"""One behaviour, three transports: the socket, httpx through respx, and the requests adapter.

The core cases run identically over all three; then what only in-process mode has: cloud
callback URLs, async httpx that does not block the loop, pass-through, client timeouts.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
import requests
from respx.models import AllMockedAssertionError

from reqres_mock import (
    ConfigurationError,
    MockServer,
    Response,
    RunStatus,
    SchemaReminder,
    ServerThreadError,
    cloud_base_url,
)
from reqres_mock.protocol.hosts import is_logic_apps_url

if TYPE_CHECKING:
    from collections.abc import Iterator

CONSUMPTION_CLOUD = cloud_base_url(region="northeurope", scale_unit="prod-12")
STANDARD_CLOUD = cloud_base_url("standard", app="contoso-orders")
JSON = {"Content-Type": "application/json"}


@dataclass
class Result:
    """A reply as any of the three clients read it."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def error_code(self) -> str:
        return str(self.json()["error"]["code"])


class Transport:
    """Declares workflows where the transport reaches them and sends calls through it."""

    def __init__(self, name: str, server: MockServer) -> None:
        self.name = name
        self.server = server
        self.in_process = name != "socket"
        self.httpx = httpx.Client(timeout=5)
        self.session = requests.Session()
        if name == "requests":
            adapter = server.requests_adapter()
            for base in (CONSUMPTION_CLOUD, STANDARD_CLOUD):
                self.session.mount(base.removesuffix(":443"), adapter)

    def add_workflow(self, name: str, **options: Any):
        if self.in_process:
            standard = options.get("flavor") == "standard"
            options["base_url"] = STANDARD_CLOUD if standard else CONSUMPTION_CLOUD
        return self.server.add_workflow(name, **options)

    def send(self, method: str, url: str, *, timeout: float = 5, **kwargs: Any) -> Result:
        if self.name == "respx":
            reply = self.httpx.request(method, url, timeout=timeout, **kwargs)
            return Result(reply.status_code, dict(reply.headers), reply.content)
        if "content" in kwargs:
            kwargs["data"] = kwargs.pop("content")
        answer = self.session.request(method, url, timeout=timeout, **kwargs)
        return Result(
            answer.status_code, {k.lower(): v for k, v in answer.headers.items()}, answer.content
        )

    def close(self) -> None:
        self.httpx.close()
        self.session.close()


@pytest.fixture(params=["socket", "respx", "requests"])
def transport(request: pytest.FixtureRequest, server: MockServer) -> Iterator[Transport]:
    chosen = Transport(request.param, server)
    try:
        if chosen.name == "respx":
            with server.respx():
                yield chosen
        else:
            yield chosen
    finally:
        chosen.close()
    # Each call went the way the test meant: through the socket, or in process.
    assert {r.request.remote_addr is None for r in server.calls} == {chosen.in_process}


def with_query(url: str, **changes: str | None) -> str:
    """``url`` with query parameters replaced (or removed, for ``None``)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


# -- the same behaviour over every transport ----------------------------------------------------


def test_no_response_action_is_202_at_once(transport):
    wf = transport.add_workflow("orders")
    reply = transport.send("POST", wf.callback_url, json={"id": 1})
    assert reply.status == 202
    assert reply.body == b""
    assert reply.headers["content-length"] == "0"
    run = wf.wait_for_runs(1)[0]
    assert reply.headers["x-ms-workflow-run-id"] == run.id
    assert run.trigger_outputs["body"] == {"id": 1}
    assert run.status is RunStatus.SUCCEEDED


def test_response_status_headers_and_body(transport):
    wf = transport.add_workflow(
        "orders",
        response=Response(201, headers={**JSON, "X-Order": 7}, body={"ok": True}),
    )
    reply = transport.send("POST", wf.callback_url, json={})
    assert reply.status == 201
    assert reply.json() == {"ok": True}
    assert reply.headers["content-type"] == "application/json"
    assert reply.headers["x-order"] == "7"
    assert reply.headers["x-ms-workflow-name"] == "orders"
    # A 201 goes plain even to a caller that accepts gzip (tomasrabazo/azure-LA-logic-storage
    # README.md: a captured 201 Response reply to "Accept-Encoding: gzip,deflate").
    assert "content-encoding" not in reply.headers
    assert reply.headers["content-length"] == str(len(b'{"ok":true}'))
    assert "date" in reply.headers
    assert wf.runs[-1].response == wf.response


def test_a_200_response_is_gzipped_and_chunked(transport):
    # JanneMattila/some-questions-and-some-answers q&a/la_sync_or_async_http_processing.http
    # and tomasrabazo/azure-LA-logic-storage README.md: captured 200 Response replies carry
    # Transfer-Encoding: chunked, Content-Encoding: gzip and Vary: Accept-Encoding, no length.
    wf = transport.add_workflow("orders", response=Response(200, headers=JSON, body={"ok": True}))
    reply = transport.send("POST", wf.callback_url, json={})
    assert reply.json() == {"ok": True}
    assert reply.headers["content-encoding"] == "gzip"
    assert reply.headers["transfer-encoding"] == "chunked"
    assert reply.headers["vary"] == "Accept-Encoding"
    assert "content-length" not in reply.headers


def test_standard_workflow_answers_on_its_url_shape(transport):
    wf = transport.add_workflow("orders", flavor="standard", response=Response(200, body="hi"))
    reply = transport.send(
        "PUT", wf.callback_url, content=b"x", headers={"Content-Type": "text/plain"}
    )
    assert reply.status == 200
    assert reply.body == b"hi"
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"
    assert wf.runs[-1].trigger_outputs["body"] == "x"


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        pytest.param(
            {"sp": None, "sv": None, "sig": None},
            401,
            "DirectApiAuthorizationRequired",
            id="no-sas",
        ),
        pytest.param({"sv": None}, 401, "AuthorizationFailed", id="no-sv"),
        pytest.param(
            {"sig": "A" * 43}, 401, "DirectApiInvalidAuthorizationSignature", id="bad-sig"
        ),
        pytest.param({"api-version": None}, 400, "MissingApiVersionParameter", id="no-api-version"),
    ],
)
def test_bad_signatures_are_rejected_and_journalled(transport, changes, status, code):
    wf = transport.add_workflow("orders", response=Response(200))
    reply = transport.send("POST", with_query(wf.callback_url, **changes))
    assert reply.status == status
    assert reply.error_code == code
    assert wf.runs == []
    assert [r.reply.status for r in wf.rejected if r.reply] == [status]


def test_wrong_method_is_400(transport):
    wf = transport.add_workflow("orders", method="POST", response=Response(200))
    reply = transport.send("PATCH", wf.callback_url)
    assert reply.status == 400
    assert reply.json()["error"] == {
        "code": "TriggerRequestMethodNotValid",
        "message": "The HTTP method for this request is not valid: expected 'POST' and "
        "actual 'PATCH'.",
    }


def test_relative_path_parameters_arrive_decoded(transport):
    wf = transport.add_workflow(
        "orders", method="GET", relative_path="/orders/{id}/items/{item}", response=Response(200)
    )
    reply = transport.send("GET", wf.url(id="a b/c", item=3) + "&extra=1")
    assert reply.status == 200
    outputs = wf.runs[-1].trigger_outputs
    assert outputs["relativePathParameters"] == {"id": "a b/c", "item": "3"}
    assert outputs["queries"] == {"extra": "1"}


def test_schema_mismatch_is_400_with_validation_on(transport):
    wf = transport.add_workflow(
        "orders",
        schema={"type": "object", "required": ["id"]},
        validate_schema=True,
        response=Response(200),
    )
    reply = transport.send("POST", wf.callback_url, json={"name": "x"})
    assert reply.status == 400
    assert reply.error_code == "TriggerInputSchemaMismatch"
    assert "Required properties are missing from object: id." in reply.json()["error"]["message"]


def test_invalid_json_is_400(transport):
    wf = transport.add_workflow("orders", response=Response(200))
    reply = transport.send("POST", wf.callback_url, content=b'{"id": ', headers=JSON)
    assert reply.status == 400
    assert reply.error_code == "InvalidRequestContent"


def test_response_too_late_is_504_and_the_run_goes_on(transport):
    wf = transport.add_workflow("slow", response=Response(200, body="late"), timeout=0.2)
    with wf.gate() as gate:
        reply = transport.send("POST", wf.callback_url, timeout=10)
        assert reply.status == 504
        assert reply.error_code == "ResponseTimeout"
        assert gate.held == 1
    run = wf.runs[-1].wait()
    assert run.responded_late
    assert run.reply is not None and run.reply.status == 504


def test_raising_callable_is_502_and_reraised(transport):
    def broken(run):
        raise RuntimeError("bug in the test's response")

    wf = transport.add_workflow("broken", response=broken)
    reply = transport.send("POST", wf.callback_url)
    assert reply.status == 502
    assert reply.error_code == "NoResponse"
    assert reply.headers["x-ms-failure-cause"] == "Trigger"
    with pytest.raises(ServerThreadError, match="bug in the test's response"):
        transport.server.check()


def test_reminders_are_surfaced_in_the_test_thread(transport):
    wf = transport.add_workflow("orders", schema={"type": "object"})
    transport.send(
        "POST", wf.callback_url, content=b'{"id": 1}', headers={"Content-Type": "text/plain"}
    )
    with pytest.warns(SchemaReminder, match="not 'application/json'"):
        wf.wait_for_runs(1)


def test_journal_counts_accepted_rejected_and_unmatched_calls(transport):
    wf = transport.add_workflow("orders", relative_path="/orders/{id}", response=Response(200))
    assert transport.send("POST", wf.url(id=1)).status == 200
    assert transport.send("POST", with_query(wf.url(id=2), sig="A" * 43)).status == 401
    unknown = wf.url(id=3).replace(wf.id, "0" * 32)
    assert transport.send("POST", unknown).error_code == "WorkflowNotFound"
    server = transport.server
    assert (len(server.runs), len(wf.rejected), len(server.unmatched), len(server.calls)) == (
        1,
        1,
        1,
        3,
    )
    assert server.unmatched[0].near_misses


def test_a_client_timeout_shorter_than_the_deadline_raises_and_the_run_goes_on(transport):
    wf = transport.add_workflow("held", response=Response(200), timeout=30)
    gate = wf.gate()
    timeouts = (httpx.ReadTimeout, requests.ReadTimeout)
    with pytest.raises(timeouts):
        transport.send("POST", wf.callback_url, timeout=0.2)
    # On a loaded machine the client can give up before the server has even read the call:
    # wait until the run is held at the gate, then let it go on.
    gate.wait_for_held(1, timeout=10)
    gate.release()
    run = wf.runs[-1].wait()
    assert run.status is RunStatus.SUCCEEDED
    if transport.in_process:  # no socket write to fail: the transport knows the caller left
        assert run.wait_reply_sent().client_disconnected


# -- in-process only ------------------------------------------------------------------------


def test_a_server_never_started_has_cloud_urls_and_answers_in_process():
    server = MockServer(access_key="test-key", region="eastus")
    try:
        consumption = server.add_workflow("orders", response=Response(200, body="ok"))
        standard = server.add_workflow("billing", flavor="standard")
        assert server.base_url == "https://prod-00.eastus.logic.azure.com:443"
        assert consumption.callback_url.startswith(
            f"https://prod-00.eastus.logic.azure.com:443/workflows/{consumption.id}/triggers/"
        )
        assert standard.callback_url.startswith(
            "https://reqres-mock.azurewebsites.net:443/api/billing/triggers/manual/invoke?"
        )
        with server.respx():
            assert httpx.post(consumption.callback_url).text == "ok"
            assert httpx.post(standard.callback_url).status_code == 202
        with server.requests_adapter().intercept():
            assert requests.post(consumption.callback_url, timeout=5).text == "ok"
        assert [r.request.base_url for r in server.runs] == [
            "https://prod-00.eastus.logic.azure.com",
            "https://reqres-mock.azurewebsites.net",
            "https://prod-00.eastus.logic.azure.com",
        ]
    finally:
        server.stop()


def test_one_journal_for_socket_and_in_process_calls(server):
    local = server.add_workflow("local", response=Response(200))
    cloud = server.add_workflow("cloud", base_url=CONSUMPTION_CLOUD, response=Response(200))
    assert requests.post(local.callback_url, timeout=5).status_code == 200
    with server.respx():
        assert httpx.post(cloud.callback_url).status_code == 200
        assert httpx.post(local.callback_url).status_code == 200  # the server's URL: in process
    with server.requests_adapter().intercept():
        assert requests.post(cloud.callback_url, timeout=5).status_code == 200
        assert requests.post(local.callback_url, timeout=5).status_code == 200  # the socket
    remote = [(r.workflow, r.request.remote_addr) for r in server.runs]
    assert remote == [
        ("local", "127.0.0.1"),
        ("cloud", None),
        ("local", None),
        ("cloud", None),
        ("local", "127.0.0.1"),
    ]


def test_async_calls_do_not_block_the_event_loop(server):
    wf = server.add_workflow("held", base_url=CONSUMPTION_CLOUD, response=Response(200))
    gate = wf.gate()

    async def main() -> list[httpx.Response]:
        async with httpx.AsyncClient() as client:
            calls = [asyncio.create_task(client.post(wf.callback_url)) for _ in range(2)]
            # Both calls wait at the gate at once: neither holds the loop while it waits.
            await asyncio.to_thread(gate.wait_for_held, 2, 5)
            gate.release()
            return await asyncio.gather(*calls)

    with server.respx():
        replies = asyncio.run(main())
    assert [r.status_code for r in replies] == [200, 200]
    assert len(wf.runs) == 2


def test_async_client_timeout_raises_and_the_run_goes_on(server):
    wf = server.add_workflow("held", base_url=CONSUMPTION_CLOUD, response=Response(200))
    gate = wf.gate()

    async def main() -> None:
        async with httpx.AsyncClient(timeout=0.2) as client:
            await client.post(wf.callback_url)

    with server.respx(), pytest.raises(httpx.ReadTimeout):
        asyncio.run(main())
    gate.release()
    run = wf.runs[-1].wait()
    assert run.wait_reply_sent().client_disconnected


def test_async_504_at_the_deadline(server):
    wf = server.add_workflow(
        "slow", base_url=CONSUMPTION_CLOUD, response=Response(200), timeout=0.1
    )

    async def main() -> httpx.Response:
        async with httpx.AsyncClient() as client:
            return await client.post(wf.callback_url)

    with server.respx(), wf.gate():
        reply = asyncio.run(main())
    assert reply.status_code == 504
    assert reply.json()["error"]["code"] == "ResponseTimeout"


def test_other_hosts_fail_as_respx_does_by_default(server):
    with MockServer() as other, server.respx():
        with pytest.raises(AllMockedAssertionError):
            httpx.get(f"{other.url}/anything")
        assert other.calls == []


@pytest.mark.parametrize(
    "pass_through",
    [
        pytest.param(True, id="all"),
        pytest.param(["127.0.0.1"], id="host"),
        pytest.param(["http://127.0.0.1:"], id="url-prefix"),
    ],
)
def test_pass_through_lets_other_hosts_reach_the_network(server, pass_through):
    with MockServer() as other, server.respx(pass_through=pass_through):
        reply = httpx.get(f"{other.url}/anything")
        assert reply.json()["error"]["code"] == "NotFound"  # answered by the other server
        assert len(other.calls) == 1
        assert server.calls == []


def test_routes_added_to_the_router_serve_other_apis(server):
    wf = server.add_workflow("orders", base_url=CONSUMPTION_CLOUD, response=Response(200))
    with server.respx() as router:
        router.get("https://api.example.com/stock").respond(json={"left": 3})
        assert httpx.get("https://api.example.com/stock").json() == {"left": 3}
        assert httpx.post(wf.callback_url).status_code == 200
        router.route().respond(418)  # a catch-all comes after the engine, never instead of it
        assert httpx.get("https://elsewhere.example.com/").status_code == 418
        assert httpx.post(wf.callback_url).status_code == 200
        assert router["logic-apps"].call_count == 2


def test_requests_interception_takes_logic_apps_hosts_only(server):
    wf = server.add_workflow("orders", base_url=CONSUMPTION_CLOUD, response=Response(200))
    original = requests.Session.get_adapter
    with MockServer() as other, server.requests_adapter().intercept() as adapter:
        with requests.Session() as session:
            assert session.get_adapter(wf.callback_url) is adapter
            assert session.get_adapter(other.url) is not adapter
            assert session.post(wf.callback_url, timeout=5).status_code == 200
            assert session.get(f"{other.url}/x", timeout=5).status_code == 404
        assert len(other.calls) == 1
    assert requests.Session.get_adapter is original
    assert len(server.calls) == 1


def test_requests_adapter_sends_bodies_as_requests_would(server):
    wf = server.add_workflow(
        "orders", base_url=CONSUMPTION_CLOUD, response=Response(200, body="ok")
    )
    text = {"Content-Type": "text/plain"}
    with requests.Session() as session:
        session.mount(CONSUMPTION_CLOUD.removesuffix(":443"), server.requests_adapter())
        session.post(wf.callback_url, data=(p for p in [b"ab", b"cd"]), headers=text, timeout=5)
        session.post(wf.callback_url, data="\u00e9", headers=text, timeout=5)
        head = session.head(wf.callback_url, timeout=5)
    bodies = [r.request.body for r in server.calls]
    assert bodies == [b"abcd", b"\xe9", b""]  # a str body goes out as http.client encodes it
    assert server.runs[0].trigger_outputs["body"] == "abcd"
    assert head.status_code == 400 and head.content == b""  # the method check; HEAD: no body
    assert int(head.headers["Content-Length"]) > 0


@pytest.mark.parametrize(
    ("host", "path", "expected"),
    [
        pytest.param("prod-12.westeurope.logic.azure.com", "/anything", True, id="consumption"),
        pytest.param("PROD-12.WestEurope.Logic.Azure.Com.", "/x", True, id="case-and-dot"),
        pytest.param(
            "contoso.azurewebsites.net", "/api/orders/triggers/manual/invoke", True, id="standard"
        ),
        pytest.param("contoso.azurewebsites.net", "/api/orders", False, id="function-app"),
        pytest.param("logic.azure.com.example.org", "/x", False, id="lookalike"),
        pytest.param("management.azure.com", "/x", False, id="arm"),
    ],
)
def test_which_urls_are_logic_apps(host, path, expected):
    assert is_logic_apps_url(host, path) is expected


@pytest.mark.parametrize(
    "base_url",
    ["ftp://x", "https://host/path", "https://host?q=1", "https://user@host", "https://host:x"],
)
def test_base_url_must_be_scheme_and_authority(server, base_url):
    with pytest.raises(ConfigurationError, match="base_url"):
        server.add_workflow("orders", base_url=base_url)


def test_cloud_base_url_checks_its_labels():
    assert cloud_base_url("standard", app="Contoso") == "https://contoso.azurewebsites.net:443"
    with pytest.raises(ConfigurationError, match="region"):
        cloud_base_url(region="west europe")


def test_a_standard_runs_links_on_azurewebsites_are_answered_in_process():
    """A never-started server's Standard async run: its Location and content links are under
    the host's /runtime/webhooks/workflow/scaleUnits/… on *.azurewebsites.net, which respx and
    the requests adapter intercept like its trigger URLs."""
    server = MockServer(access_key="test-key")
    try:
        wf = server.add_workflow(
            "billing",
            flavor="standard",
            response=Response(200, body={"done": True}, asynchronous=True),
        )
        with server.respx(), wf.gate():
            accepted = httpx.post(wf.callback_url, json={"a": 1})
            location = accepted.headers["Location"]
            assert location.startswith(
                "https://reqres-mock.azurewebsites.net/runtime/webhooks/workflow/scaleUnits/"
            )
            assert httpx.get(location).status_code == 202
            link = accepted.json()["properties"]["trigger"]["outputsLink"]["uri"]
            assert httpx.get(link).json()["body"] == {"a": 1}
        wf.runs[0].wait()
        with server.requests_adapter().intercept():
            assert requests.get(location, timeout=5).json() == {"done": True}
    finally:
        server.stop()
