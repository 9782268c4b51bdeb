"""Faults on demand: every kind through a real socket and both in-process transports, plans
(sequences, times, seeded rates), the admin API and the command line."""

from __future__ import annotations

import http.client
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import requests

from reqres_mock import ConfigurationError, Fault, FaultKind, MockServer, Response
from reqres_mock.engine.faultplan import FaultPlan

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from reqres_mock import Workflow

HELLO = Path(__file__).parent.parent / "examples" / "hello" / "workflow.json"
# The four rate-limit headers of a captured Consumption trigger reply (tomasrabazo/
# azure-LA-logic-storage README, July 2023); a throttled call reports them at zero.
RATELIMIT = (
    "x-ms-ratelimit-burst-remaining-workflow-writes",
    "x-ms-ratelimit-remaining-workflow-download-contentsize",
    "x-ms-ratelimit-remaining-workflow-upload-contentsize",
    "x-ms-ratelimit-time-remaining-directapirequests",
)

# -- the four ways a caller reaches the mock -----------------------------------------------------


@pytest.fixture(params=["socket-requests", "socket-httpx", "inprocess-requests", "inprocess-httpx"])
def transport(
    request: pytest.FixtureRequest,
) -> Iterator[tuple[str, MockServer, Callable[..., Any]]]:
    """(name, server, post): ``post(url, **kw)`` sends a JSON POST the transport's way."""
    name: str = request.param
    where, library = name.split("-")
    server = MockServer(access_key="test-key")
    if where == "socket":
        server.start()
    try:
        if library == "requests":
            if where == "inprocess":
                with server.requests_adapter().intercept():
                    yield name, server, lambda url, **kw: requests.post(url, json={}, **kw)
            else:
                yield name, server, lambda url, **kw: requests.post(url, json={}, **kw)
        else:
            with httpx.Client() as client:
                if where == "inprocess":
                    with server.respx():
                        yield name, server, lambda url, **kw: client.post(url, json={}, **kw)
                else:
                    yield name, server, lambda url, **kw: client.post(url, json={}, **kw)
    finally:
        server.stop()


def add(server: MockServer) -> Workflow:
    response = Response(200, headers={"Content-Type": "application/json"}, body={"ok": True})
    return server.add_workflow("orders", response=response, timeout=30)


def test_throttled_is_429_with_retry_after_and_rate_limits_at_zero(transport):
    _, server, post = transport
    wf = add(server)
    wf.inject(Fault.throttled(retry_after=2), Fault.throttled(retry_after=2))
    first, second, third = (post(wf.callback_url) for _ in range(3))
    for reply in (first, second):
        assert reply.status_code == 429
        assert reply.headers["Retry-After"] == "2"
        assert [reply.headers[name] for name in RATELIMIT] == ["0"] * 4
        # Azure's workflow-scoped throttle: {"error":{"code":"WorkflowRequestsThrottled",
        # "message":"Number of read requests for workflow 'X' exceeded the limit of '1086' over
        # time window of '00:05:00'."}} (quoted in a public Logic Apps run-export script)
        assert reply.json()["error"]["code"] == "WorkflowRequestsThrottled"
        assert "'orders'" in reply.json()["error"]["message"]
    assert third.status_code == 200
    assert [str(c.fault) for c in wf.calls] == ["throttled(retryAfter=2)"] * 2 + ["None"]
    assert len(wf.runs) == 1 and len(wf.rejected) == 2  # faulted calls start no run


@pytest.mark.parametrize(
    ("status", "code"),
    [(500, "InternalServerError"), (502, "NoResponse"), (503, "ServiceUnavailable")],
)
def test_server_error_answers_the_front_ends_error(transport, status, code):
    _, server, post = transport
    wf = add(server)
    wf.inject(Fault.server_error(status))
    reply = post(wf.callback_url)
    assert reply.status_code == status
    assert reply.json()["error"]["code"] == code
    assert wf.calls[-1].fault == Fault.server_error(status)
    assert not wf.runs


def test_timeout_is_504_at_once(transport):
    _, server, post = transport
    wf = add(server)  # a 30 s deadline: the fault does not wait for it
    wf.inject(Fault.timeout())
    started = time.monotonic()
    reply = post(wf.callback_url)
    assert time.monotonic() - started < 10
    assert reply.status_code == 504
    assert reply.json()["error"]["code"] == "ResponseTimeout"


def _dropped_errors(name: str, kind: FaultKind) -> tuple[type[BaseException], ...]:
    if name.endswith("requests"):
        if kind is FaultKind.PARTIAL:
            return (requests.exceptions.ChunkedEncodingError,)
        return (requests.ConnectionError,)
    return (httpx.ReadError,) if kind is FaultKind.RESET else (httpx.RemoteProtocolError,)


@pytest.mark.parametrize("fault", [Fault.reset(), Fault.empty(), Fault.partial()], ids=str)
def test_connection_faults_raise_the_client_librarys_own_error(transport, fault):
    """The in-process transports raise what a real socket makes the library raise."""
    name, server, post = transport
    wf = add(server)
    wf.inject(fault)
    with pytest.raises(_dropped_errors(name, fault.kind)) as caught:
        post(wf.callback_url)
    if name.endswith("requests") and fault.kind is not FaultKind.PARTIAL:
        cause = caught.value.args[0].args[1]  # urllib3's ProtocolError("Connection aborted.", x)
        expected = (
            ConnectionResetError
            if fault.kind is FaultKind.RESET
            else http.client.RemoteDisconnected
        )
        assert isinstance(cause, expected)
    if fault.kind is FaultKind.PARTIAL:
        assert "expected" in str(caught.value)  # received n bytes, expected m
    call = wf.calls[-1]
    assert call.fault == fault and not wf.runs
    assert (call.reply is None) is (fault.kind is not FaultKind.PARTIAL)
    assert post(wf.callback_url).status_code == 200  # the next call is served as usual


@pytest.mark.parametrize(
    "fault", [Fault.slow(first_byte=0.3, bytes_per_second=400), Fault.delay(0.3)], ids=str
)
def test_slow_and_delayed_replies_are_the_real_reply_late(transport, fault):
    _, server, post = transport
    wf = add(server)
    wf.inject(fault)
    started = time.monotonic()
    reply = post(wf.callback_url)
    assert time.monotonic() - started >= 0.3
    assert reply.status_code == 200 and reply.json() == {"ok": True}
    [run] = wf.runs  # the call ran the workflow
    assert run.fault == fault


def test_a_read_timeout_shorter_than_the_delay_times_the_client_out(transport):
    name, server, post = transport
    wf = add(server)
    wf.inject(Fault.delay(5))
    error = requests.ReadTimeout if name.endswith("requests") else httpx.ReadTimeout
    started = time.monotonic()
    with pytest.raises(error):
        post(wf.callback_url, timeout=0.3)
    assert time.monotonic() - started < 4


# -- plans: sequences, times, rates ------------------------------------------------------------


def draws(plan: FaultPlan, count: int) -> list[str]:
    return [str(plan.draw()) for _ in range(count)]


def test_a_sequence_is_consumed_in_order_times_over():
    plan = FaultPlan()
    plan.inject([Fault.reset(), Fault.empty()], times=2)
    assert [str(f) for f in plan.pending] == ["reset()", "empty()", "reset()", "empty()"]
    assert draws(plan, 5) == ["reset()", "empty()", "reset()", "empty()", "None"]


def test_a_seeded_rate_faults_the_same_calls_and_a_sequence_comes_first():
    def run(seed: int) -> list[str]:
        plan = FaultPlan()
        plan.inject([Fault.server_error(503)], rate=0.3, seed=seed)
        plan.inject([Fault.timeout()])
        return draws(plan, 200)

    first = run(7)
    assert first == run(7)
    assert first != run(8)
    assert first[0] == "timeout()"
    faulted = first[1:].count("server_error(status=503)")
    assert 30 < faulted < 90  # about 30 % of 199


def test_a_rate_stops_after_times_faults():
    plan = FaultPlan()
    plan.inject([Fault.reset()], rate=1, times=3)
    assert draws(plan, 5) == ["reset()"] * 3 + ["None"] * 2
    assert plan.describe() == {"sequences": [], "rates": []}


def test_workflow_faults_come_before_server_faults_and_clear(server):
    wf = add(server)
    other = server.add_workflow("other", response=Response(200))
    server.inject(Fault.server_error(500), rate=1)
    wf.inject(Fault.throttled(1))
    assert requests.post(wf.callback_url, json={}).status_code == 429
    assert requests.post(wf.callback_url, json={}).status_code == 500
    assert requests.post(other.callback_url, json={}).status_code == 500
    server.clear_faults()
    wf.inject(Fault.timeout())
    wf.clear_faults()
    assert requests.post(wf.callback_url, json={}).status_code == 200


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Fault.throttled(-1), "retry_after"),
        (lambda: Fault.throttled(1.5), "whole seconds"),
        (lambda: Fault.server_error(504), "500, 502, 503"),
        (lambda: Fault.partial(1), "below 1"),
        (lambda: Fault.slow(bytes_per_second=0), "positive"),
        (lambda: Fault.delay(float("nan")), "seconds"),
        (lambda: FaultPlan().inject([]), "at least one Fault"),
        (lambda: FaultPlan().inject(["reset"]), "Fault objects"),
        (lambda: FaultPlan().inject([Fault.reset()], times=0), "1 or more"),
        (lambda: FaultPlan().inject([Fault.reset()], rate=1.5), "probability"),
        (lambda: Fault.from_json({"kind": "nope"}), "'throttled', 'server_error'"),
        (lambda: Fault.from_json({"kind": "slow", "retryAfter": 1}), "firstByte (first_byte)"),
        (lambda: Fault.parse("throttled:retry_after"), "name=value"),
    ],
)
def test_bad_faults_are_configuration_errors_that_say_what_is_valid(make, message):
    with pytest.raises(ConfigurationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make()


@pytest.mark.parametrize(
    "fault",
    [
        Fault.throttled(3),
        Fault.server_error(503, retry_after=5),
        Fault.timeout(),
        Fault.reset(),
        Fault.empty(),
        Fault.partial(0.25),
        Fault.slow(first_byte=1.5, bytes_per_second=100),
        Fault.delay(2),
    ],
    ids=str,
)
def test_faults_round_trip_through_json_and_the_command_line_spelling(fault):
    assert Fault.from_json(fault.describe()) == fault
    spelled = ",".join(f"{k}={v}" for k, v in _snake(fault.describe()).items() if k != "kind")
    assert Fault.parse(f"{fault.kind.value}:{spelled}" if spelled else fault.kind.value) == fault


def _snake(described: dict[str, Any]) -> dict[str, Any]:
    names = {"retryAfter": "retry_after", "firstByte": "first_byte"}
    names["bytesPerSecond"] = "bytes_per_second"
    return {names.get(k, k): v for k, v in described.items()}


# -- lifecycle ---------------------------------------------------------------------------------


def test_stop_does_not_wait_for_a_slow_reply(server):
    wf = add(server)
    wf.inject(Fault.slow(first_byte=30))
    errors: list[BaseException] = []

    def call() -> None:
        try:
            requests.post(wf.callback_url, json={}, timeout=10)
        except requests.RequestException as err:
            errors.append(err)

    caller = threading.Thread(target=call)
    caller.start()
    wf.wait_for_runs(1)[0].wait()  # the run answered; its reply now waits 30 s to go out
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 3
    caller.join(timeout=5)
    assert errors  # the caller's connection was cut


def test_the_engine_answers_faults_without_any_transport():
    mock = MockServer()  # never started: no socket
    wf = mock.add_workflow("orders", response=Response(200))
    wf.inject(Fault.throttled(4))
    reply = mock.engine.handle_call(_request(wf.callback_url))[1]
    assert reply.status == 429
    assert reply.headers["Retry-After"] == "4"
    mock.stop()


def _request(url: str) -> Any:
    from reqres_mock.transports.inprocess import inbound

    target = "/" + url.split("/", 3)[3]
    return inbound(method="POST", url=url, target=target, headers=[], body=b"{}")


# -- admin API ---------------------------------------------------------------------------------


def test_admin_api_injects_shows_and_clears_faults(server):
    wf = add(server)
    admin = f"{server.url}/_reqres"
    document = {"faults": [{"kind": "throttled", "retryAfter": 2}], "times": 2}
    shown = requests.post(f"{admin}/workflows/orders/faults", json=document).json()
    assert shown["sequences"] == [
        {"faults": [{"kind": "throttled", "retryAfter": 2}], "next": 0, "times": 2}
    ]
    assert requests.post(wf.callback_url, json={}).status_code == 429
    server_faults = {"faults": [{"kind": "server_error", "status": 503}], "rate": 1, "seed": 1}
    assert requests.post(f"{admin}/faults", json=server_faults).status_code == 200
    assert requests.get(f"{admin}/faults").json()["rates"][0]["rate"] == 1
    assert requests.delete(f"{admin}/workflows/orders/faults").status_code == 204
    assert requests.post(wf.callback_url, json={}).status_code == 503
    assert requests.delete(f"{admin}/faults").status_code == 204
    assert requests.post(wf.callback_url, json={}).status_code == 200
    runs = requests.get(f"{admin}/runs").json()["value"]
    assert [r["fault"] for r in runs] == [
        None,
        {"kind": "server_error", "status": 503},
        {"kind": "throttled", "retryAfter": 2},
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"faults": []}, "non-empty array"),
        ({"faults": [{"kind": "boom"}]}, "'throttled'"),
        ({"faults": [{"kind": "reset"}], "rate": 2}, "probability"),
        ({"faults": [{"kind": "reset"}], "every": 2}, "unknown member"),
        # an unknown name is refused even when null (the OpenAPI document's
        # additionalProperties: false; schemathesis found it accepted)
        ({"faults": [{"kind": "delay", "seconds": 0, "": None}]}, "takes no ''"),
        ([1], "send {"),
    ],
)
def test_admin_api_refuses_bad_fault_documents_with_400(server, document, message):
    add(server)
    reply = requests.post(f"{server.url}/_reqres/workflows/orders/faults", json=document)
    assert reply.status_code == 400
    assert reply.json()["error"]["code"] == "InvalidFault"
    assert message in reply.json()["error"]["message"]
    missing = requests.post(f"{server.url}/_reqres/workflows/nope/faults", json=document)
    assert missing.status_code == 404


# -- command line ------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["bogus", "reset@rate=2", "reset@every=2", "delay"])
def test_serve_refuses_a_bad_fault_spec_as_a_usage_error(capsys, spec):
    from reqres_mock.cli.main import main

    with pytest.raises(SystemExit) as exited:
        main(["serve", str(HELLO), "--fault", spec])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--fault" in err and len(err.strip().splitlines()) == 1


def test_serve_fault_option_faults_calls_end_to_end():
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reqres_mock",
            "serve",
            str(HELLO),
            "--fault",
            "hello/throttled:retry_after=3+reset",
            "--fault",
            "server_error:status=502@rate=1,times=1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[2]
        throttled = requests.post(url, json={"name": "Ada"}, timeout=5)
        assert (throttled.status_code, throttled.headers["Retry-After"]) == (429, "3")
        with pytest.raises(requests.ConnectionError):
            requests.post(url, json={"name": "Ada"}, timeout=5)
        assert requests.post(url, json={"name": "Ada"}, timeout=5).status_code == 502
        assert requests.post(url, json={"name": "Ada"}, timeout=5).status_code == 200
        # Each line is written after its reply went out, on the call's own connection thread:
        # the next call may be logged first, so the order of lines is not the order of calls.
        lines = [process.stdout.readline() for _ in range(3)]
        assert sum("fault=throttled(retryAfter=3)" in line for line in lines) == 1
        assert sum("fault=reset()" in line for line in lines) == 1
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


# -- the fixture -------------------------------------------------------------------------------


def test_the_fixture_clears_faults_between_tests(pytester):
    pytester.makepyfile(
        """
        import requests
        from reqres_mock import Fault, Response

        def test_leaves_faults(reqres_server):
            reqres_server.add_workflow("a", response=Response(200))
            reqres_server.inject(Fault.reset(), times=5)

        def test_sees_none(reqres_server):
            wf = reqres_server.add_workflow("a", response=Response(200))
            assert requests.post(wf.callback_url, json={}).status_code == 200
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_the_run_page_marks_a_faulted_call(server):
    wf = add(server)
    wf.inject(Fault.server_error(503))
    requests.post(wf.callback_url, json={})
    page = requests.get(server.inspector_url).text
    assert "fault: server_error" in page
    assert "Injected fault" in page


def test_the_run_page_draws_a_definitions_actions_from_their_seven_digit_times(server):
    """Action times are .NET's seven fraction digits (``…38.4120740Z``); the page's timeline
    parses them on every supported Python (3.10's ``fromisoformat`` takes at most six)."""
    (wf,) = server.add_definition(
        "timeline",
        {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {
                "Compose": {"type": "Compose", "inputs": "x"},
                "Response": {
                    "type": "Response",
                    "runAfter": {"Compose": ["Succeeded"]},
                    "inputs": {"statusCode": 200},
                },
            },
        },
    )
    assert requests.post(wf.callback_url, json={}, timeout=5).status_code == 200
    assert len(wf.runs[0].actions["Compose"].start_time) == len("2024-11-18T22:48:38.4120740Z")
    page = requests.get(server.inspector_url, timeout=5)
    assert page.status_code == 200
    assert "Compose" in page.text
