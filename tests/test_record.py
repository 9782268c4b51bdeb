"""Record through the proxy into tmp_path, stop, replay offline, compare — over real HTTP.

The "real Logic App" is one of our own MockServers; a second one records in front of it.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest
import requests

from reqres_mock import MockServer, Response
from reqres_mock.cassettes.cassette import Cassette
from reqres_mock.cassettes.session import CassetteOptions
from reqres_mock.errors import CassetteError, ConfigurationError, UnexpectedCallError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from reqres_mock import Workflow


@pytest.fixture
def real() -> Iterator[MockServer]:
    """Stands in for the real Logic App in the cloud."""
    with MockServer(access_key="cloud-key") as cloud:
        yield cloud


@pytest.fixture
def orders(real: MockServer) -> Workflow:
    def answer(run):
        body = run.trigger_outputs.get("body") or {}
        return Response(201, body={"id": body.get("id"), "status": "accepted"})

    return real.add_workflow("orders", response=answer)


def record(cassette: Path, target: str, calls, **options) -> list[requests.Response]:
    """Run ``calls(url)`` against a recording proxy in front of ``target``; the replies."""
    opts = CassetteOptions(**options) if options else None
    with MockServer(record_to=cassette, target=target, cassette_options=opts) as proxy:
        assert proxy.interceptor is not None
        return calls(proxy.interceptor.url)


def test_record_then_replay_offline_gives_the_same_replies(tmp_path, real, orders):
    """The client gets the real replies while recording, and the same ones replayed."""
    cassette = tmp_path / "orders.yaml"

    def calls(url):
        return [
            requests.post(url, json={"id": 1}, timeout=5),
            requests.post(url, json={"id": 2}, timeout=5),
        ]

    recorded = record(cassette, orders.callback_url, calls)
    assert [r.status_code for r in recorded] == [201, 201]
    assert recorded[1].json() == {"id": 2, "status": "accepted"}
    assert "x-ms-workflow-run-id" in recorded[0].headers
    real.stop()  # offline from here on

    with MockServer(replay=cassette) as replay:
        url = replay.interceptor.url
        assert url.startswith(replay.url)
        second = requests.post(url, json={"id": 2}, timeout=5)
        first = requests.post(url, json={"id": 1}, timeout=5)
        replay.assert_no_unexpected_calls()
        runs = replay.runs
    assert (first.json(), second.json()) == (recorded[0].json(), recorded[1].json())
    assert second.headers["x-ms-workflow-run-id"] == recorded[1].headers["x-ms-workflow-run-id"]
    assert first.headers["Content-Type"] == "application/json; charset=utf-8"
    assert [r.trigger_outputs["body"] for r in runs] == [{"id": 2}, {"id": 1}]
    assert runs[0].id == recorded[1].headers["x-ms-workflow-run-id"]
    assert runs[0].workflow == orders.id


def test_the_recording_is_journalled_on_the_proxy(tmp_path, orders):
    with MockServer(record_to=tmp_path / "c.yaml", target=orders.callback_url) as proxy:
        requests.post(proxy.interceptor.url, json={"id": 5}, timeout=5)
        [run] = proxy.runs
        assert run.reply.status == 201 and run.trigger_outputs["body"] == {"id": 5}
        assert proxy.interceptor.recorded_count == 1


def test_secrets_never_reach_the_file(tmp_path, real, orders):
    """sig, Authorization-like headers, cookies and user-named fields are scrubbed on disk."""
    sig = orders.callback_url.split("sig=")[1]
    cassette = tmp_path / "secret.yaml"

    def calls(url):
        return [
            requests.post(
                url + "&code=query-secret",
                json={"id": 1, "customer": {"ssn": "123-45-6789", "name": "Ada"}},
                headers={
                    "x-functions-key": "header-secret",
                    "Cookie": "session=cookie-secret; theme=dark",
                    "X-Tenant-Token": "custom-secret",
                },
                timeout=5,
            )
        ]

    [reply] = record(
        cassette,
        orders.callback_url,
        calls,
        filter_headers=frozenset({"X-Tenant-Token"}),
        filter_query=frozenset({"code"}),
        filter_json_paths=("$.customer.ssn",),
    )
    assert reply.status_code == 201  # the real endpoint saw the real values
    text = cassette.read_text()
    for secret in (sig, "query-secret", "header-secret", "cookie-secret", "custom-secret"):
        assert secret not in text
    assert "123-45-6789" not in text
    assert "session=REDACTED; theme=REDACTED" in text
    [interaction] = Cassette(cassette).interactions
    assert "sig=REDACTED" in interaction.request.uri and "sp=%2Ftriggers" in interaction.request.uri
    assert b'"name":"Ada"' in interaction.request.body
    real.stop()
    with MockServer(replay=cassette) as replay:  # the placeholder matches any value
        again = requests.post(
            replay.interceptor.url.replace("code=REDACTED", "code=other"),
            json={"id": 1, "customer": {"ssn": "000-00-0000", "name": "Ada"}},
            timeout=5,
        )
        replay.assert_no_unexpected_calls()
    assert again.status_code == 201


def test_sig_in_location_headers_is_scrubbed_and_polls_go_through_the_proxy(tmp_path, real):
    """An asynchronous Response's Location points at the proxy; its sig never hits disk."""
    wf = real.add_workflow("slow", response=Response(200, body="done"), asynchronous=True)
    cassette = tmp_path / "async.yaml"

    def calls(url):
        accepted = requests.post(url, timeout=5)
        location = accepted.headers["Location"]
        assert location.startswith(url.split("/workflows/")[0])
        wf.wait_for_runs(1)[0].wait()
        return [accepted, requests.get(location, timeout=5)]

    accepted, polled = record(cassette, wf.callback_url, calls)
    assert (accepted.status_code, polled.status_code, polled.text) == (202, 200, "done")
    location_sig = accepted.headers["Location"].split("sig=")[1]
    assert location_sig not in cassette.read_text()
    real.stop()
    with MockServer(replay=cassette) as replay:
        first = requests.post(replay.interceptor.url, timeout=5)
        assert first.headers["Location"].startswith(replay.url)
        assert requests.get(first.headers["Location"], timeout=5).text == "done"
        replay.assert_no_unexpected_calls()


def test_gzip_bodies_are_stored_decoded_and_forwarded_unchanged(tmp_path, httpserver):
    payload = b'{"greeting": "hello"}'
    httpserver.expect_request("/api/x").respond_with_data(
        gzip.compress(payload),
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    cassette = tmp_path / "gzip.yaml"
    [reply] = record(
        cassette, httpserver.url_for("/"), lambda url: [requests.get(url + "/api/x", timeout=5)]
    )
    assert reply.json() == {"greeting": "hello"}  # requests decoded what it was sent
    assert reply.headers["Content-Encoding"] == "gzip"
    [interaction] = Cassette(cassette).interactions
    assert interaction.response.body == payload
    assert "Content-Encoding" not in interaction.response.headers
    assert '{"greeting": "hello"}' in cassette.read_text()


def test_repeated_identical_requests_replay_in_recorded_order(tmp_path, real):
    counter = iter(range(1, 100))
    wf = real.add_workflow("counter", response=lambda run: Response(200, body={"n": next(counter)}))
    cassette = tmp_path / "repeat.yaml"
    record(cassette, wf.callback_url, lambda url: [requests.post(url, timeout=5) for _ in "abc"])
    real.stop()
    with MockServer(replay=cassette) as replay:
        got = [requests.post(replay.interceptor.url, timeout=5) for _ in "abcd"]
        assert [r.json()["n"] for r in got[:3]] == [1, 2, 3]
        assert got[3].status_code == 404
        [unmatched] = replay.unmatched
    assert "already played (1 time(s))" in unmatched.near_misses[0]
    options = CassetteOptions(allow_playback_repeats=True)
    with MockServer(replay=cassette, cassette_options=options) as replay:
        got = [requests.post(replay.interceptor.url, timeout=5) for _ in "abcd"]
        assert [r.json()["n"] for r in got] == [1, 2, 3, 3]


def test_a_mismatch_names_the_closest_interaction_with_a_field_by_field_diff(
    tmp_path, real, orders
):
    cassette = tmp_path / "orders.yaml"
    record(
        cassette,
        orders.callback_url,
        lambda url: [
            requests.post(url, json={"id": 1, "items": [{"sku": "A", "qty": 1}]}, timeout=5),
            requests.post(url + "&region=eu", json={"id": 9}, timeout=5),
        ],
    )
    real.stop()
    with MockServer(replay=cassette) as replay:
        reply = requests.post(
            replay.interceptor.url,
            json={"id": 1, "items": [{"sku": "B", "qty": 1}], "note": "x"},
            timeout=5,
        )
        assert reply.status_code == 404
        assert reply.json()["error"]["code"] == "CassetteInteractionNotFound"
        assert "match_on: method, path, query, body" in reply.json()["error"]["message"]
        with pytest.raises(UnexpectedCallError) as info:
            replay.assert_no_unexpected_calls()
    message = str(info.value)
    assert "1 call(s) matched no workflow" in message
    assert "sig=***" in message  # the call's own signature is not printed
    assert "#0 POST" in message and "(same method, path, query; differs in body)" in message
    assert 'body $.items[0].sku: recorded "A", got "B"' in message
    assert 'body $.note: recorded missing, got "x"' in message
    assert "#1 POST" in message and "query 'region': recorded \"eu\", got missing" in message


def test_volatile_values_in_bodies_do_not_prevent_a_match(tmp_path, real):
    wf = real.add_workflow("audit", response=Response(200, body="ok"))
    cassette = tmp_path / "audit.yaml"
    record(
        cassette,
        wf.callback_url,
        lambda url: [
            requests.post(
                url,
                json={"at": "2024-05-01T10:00:00Z", "id": "0b7c0c3e-6c57-4a0e-9a43-4bb7b1b3e0a1"},
                timeout=5,
            )
        ],
    )
    real.stop()
    with MockServer(replay=cassette) as replay:
        reply = requests.post(
            replay.interceptor.url,
            json={"id": "5f1d8c3a-0000-4a0e-9a43-4bb7b1b3e0a1", "at": "2026-01-02T03:04:05.123Z"},
            timeout=5,
        )
        replay.assert_no_unexpected_calls()
    assert reply.text == "ok"


def test_match_on_is_configurable(tmp_path, real, orders):
    cassette = tmp_path / "orders.yaml"
    record(cassette, orders.callback_url, lambda url: [requests.post(url, json={"id": 1})])
    real.stop()
    loose = CassetteOptions(match_on=("method", "path"))
    with MockServer(replay=cassette, cassette_options=loose) as replay:
        assert requests.post(replay.interceptor.url, json={"id": 2}).json()["id"] == 1
    with pytest.raises(ConfigurationError, match="match_on='uri' is not valid; use one of"):
        CassetteOptions(match_on=("uri",))


def test_replay_timing_reproduces_the_recorded_latency_scaled(tmp_path):
    cassette = tmp_path / "slow.yaml"
    cassette.write_text(
        "interactions:\n"
        "- request: {method: GET, uri: 'https://example.invalid/api/slow', headers: {}, "
        "body: null}\n"
        "  response: {status: {code: 504, message: Gateway Timeout}, headers: {}, "
        "body: {string: late}, duration: 100.0}\n"
        "version: 1\n"
    )
    options = CassetteOptions(replay_timing=0.002)  # 100 s recorded -> 0.2 s
    with MockServer(replay=cassette, cassette_options=options) as replay:
        reply = requests.get(replay.url + "/api/slow", timeout=5)
        [run] = replay.calls
    assert reply.status_code == 504 and reply.text == "late"
    assert run.ended_at is not None and (run.ended_at - run.started_at).total_seconds() >= 0.19


def test_stop_interrupts_a_replay_waiting_out_its_latency(tmp_path):
    cassette = tmp_path / "slow.yaml"
    cassette.write_text(
        "interactions:\n"
        "- request: {method: GET, uri: 'https://example.invalid/x', headers: {}, body: null}\n"
        "  response: {status: {code: 200, message: OK}, headers: {}, body: {string: ''}, "
        "duration: 600}\n"
        "version: 1\n"
    )
    options = CassetteOptions(replay_timing=1.0)
    replay = MockServer(replay=cassette, cassette_options=options).start()
    done = threading.Event()

    def call():
        with contextlib.suppress(requests.RequestException):
            requests.get(replay.url + "/x", timeout=10)
        done.set()

    caller = threading.Thread(target=call)
    caller.start()
    deadline = time.monotonic() + 5
    while replay.interceptor.play_count == 0 and time.monotonic() < deadline:
        done.wait(0.01)  # bounded wait for the call to reach the replay
    assert replay.interceptor.play_count == 1
    started = time.monotonic()
    replay.stop()
    assert done.wait(10)
    caller.join(5)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("mode", "exists", "replayed", "recorded"),
    [
        pytest.param("once", False, 0, 2, id="once-new-cassette-records"),
        pytest.param("once", True, 1, 0, id="once-existing-replays-only"),
        pytest.param("new_episodes", True, 1, 1, id="new-episodes-adds"),
        pytest.param("all", True, 0, 2, id="all-rewrites"),
        pytest.param("none", True, 1, 0, id="none-replays-only"),
    ],
)
def test_record_modes(tmp_path, real, orders, mode, exists, replayed, recorded):
    cassette = tmp_path / "modes.yaml"
    if exists:
        record(cassette, orders.callback_url, lambda url: [requests.post(url, json={"id": 1})])
    with MockServer(access_key="proxy") as proxy:
        session = proxy.use_cassette(cassette, target=orders.callback_url, record_mode=mode)
        replies = [requests.post(session.url, json={"id": i}, timeout=5) for i in (1, 2)]
        assert session.play_count == replayed and session.recorded_count == recorded
        session.close()
        assert proxy.interceptor is None
    expected = {"once": 2 if not exists else 1, "new_episodes": 2, "all": 2, "none": 1}[mode]
    assert len(Cassette(cassette).interactions) == expected
    assert replies[0].status_code == 201
    if not (replayed or recorded > 1):
        assert replies[1].status_code == 201


def test_modes_that_must_record_need_a_target_and_none_needs_a_cassette(tmp_path):
    with MockServer() as server:
        with pytest.raises(CassetteError, match="does not exist yet and would be recorded"):
            server.use_cassette(tmp_path / "new.yaml")
        with pytest.raises(CassetteError, match="record_mode='none' never records"):
            server.use_cassette(tmp_path / "new.yaml", record_mode="none")
    with pytest.raises(ConfigurationError, match="record_to= needs target="):
        MockServer(record_to=tmp_path / "x.yaml")


def test_an_unreachable_target_is_a_502_and_a_server_error(tmp_path):
    with MockServer() as gone:
        url = gone.url
    with MockServer(record_to=tmp_path / "c.yaml", target=url) as proxy:
        reply = requests.post(proxy.url + "/api/x/triggers/manual/invoke", timeout=10)
        assert reply.status_code == 502
        assert reply.json()["error"]["code"] == "RecordTargetUnreachable"
        with pytest.raises(AssertionError, match="got no reply from"):
            proxy.check()
    assert not (tmp_path / "c.yaml").exists()


def test_workflows_still_answer_what_the_cassette_does_not(tmp_path, real, orders):
    cassette = tmp_path / "orders.yaml"
    record(cassette, orders.callback_url, lambda url: [requests.post(url, json={"id": 1})])
    with MockServer(replay=cassette) as replay:
        local = replay.add_workflow("local", response=Response(200, body="mine"))
        assert requests.post(local.callback_url, timeout=5).text == "mine"
        assert requests.post(replay.interceptor.url, json={"id": 1}).status_code == 201
        replay.assert_no_unexpected_calls()


def test_rerecording_an_unchanged_exchange_leaves_the_file_unchanged(tmp_path, real, orders):
    cassette = tmp_path / "stable.yaml"

    def calls(url):
        return [requests.post(url, json={"id": i}, timeout=5) for i in (1, 2)]

    record(cassette, orders.callback_url, calls)
    first = cassette.read_bytes()
    record(cassette, orders.callback_url, calls)  # new run ids, dates and latencies
    assert cassette.read_bytes() == first
    real.add_workflow("orders", response=Response(201, body={"id": 0, "status": "changed"}))
    record(cassette, orders.callback_url, calls)
    assert cassette.read_bytes() != first


def test_concurrent_recording_keeps_every_interaction_and_a_valid_file(tmp_path, real, orders):
    """Appends from many connection threads are atomic: no lost or torn interaction."""
    cassette = tmp_path / "busy.yaml"
    seen_valid = []

    def calls(url):
        def one(i):
            reply = requests.post(url, json={"id": i}, timeout=10)
            seen_valid.append(len(Cassette(cassette).interactions) >= 1)
            return reply

        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(one, range(24)))

    replies = record(cassette, orders.callback_url, calls)
    assert all(r.status_code == 201 for r in replies)
    ids = sorted(i.request.body for i in Cassette(cassette).interactions)
    assert ids == sorted(f'{{"id": {i}}}'.encode() for i in range(24))
    assert all(seen_valid)
    assert [p.name for p in tmp_path.iterdir()] == ["busy.yaml"]  # no temp files left


def test_the_recording_url_never_shows_the_targets_sig(tmp_path, real, orders):
    """The URL a recorder hands out carries a local sig, swapped for the real one on the way
    out; a wrong sig still goes out as sent and the real Logic App refuses it."""
    real_sig = orders.callback_url.split("sig=")[1]
    cassette = tmp_path / "orders.yaml"

    def calls(url):
        assert real_sig not in url
        assert len(url.split("sig=")[1]) == 43
        wrong = url.split("sig=")[0] + "sig=" + "A" * 43
        return [
            requests.post(url, json={"id": 1}, timeout=5),
            requests.post(wrong, json={"id": 2}, timeout=5),
        ]

    good, bad = record(cassette, orders.callback_url, calls)
    assert good.status_code == 201
    assert bad.status_code == 401
    assert real_sig not in cassette.read_text()


def test_record_command_prints_no_sig(tmp_path, real, orders):
    import signal
    import subprocess
    import sys
    from pathlib import Path

    real_sig = orders.callback_url.split("sig=")[1]
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "reqres-mock"),
            "record",
            "--cassette",
            str(tmp_path / "c.yaml"),
            "--target",
            orders.callback_url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        local = process.stdout.readline().split()[-1]
        assert requests.post(local, json={"id": 1}, timeout=5).status_code == 201
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
        assert real_sig not in local + out + err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        process.stdout.close()
        process.stderr.close()


def test_a_replayed_standard_reply_is_written_as_recorded(tmp_path, real):
    """A cassette's reply keeps its recorded order (Kestrel's here), only reframed: the
    replaying server adds Date first, and does not re-sort a Server it did not write."""
    wf = real.add_workflow(
        "std", flavor="standard", response=Response(200, headers={"Server": "nginx"}, body="x")
    )
    cassette = tmp_path / "std.yaml"
    record(cassette, wf.callback_url, lambda url: requests.post(url, json={"a": 1}, timeout=5))
    recorded = [
        name for name, _ in Cassette(cassette).interactions[0].response.headers.items_list()
    ]
    real.stop()
    with MockServer(replay=cassette) as replay:
        url = replay.interceptor.url
        head = (
            f"POST {url.split('://', 1)[1].split('/', 1)[1].join(['/', ''])} HTTP/1.1\r\n"
            "Host: h\r\nContent-Type: application/json\r\nContent-Length: 8\r\n"
            "Connection: close\r\n\r\n"
        )
        with socket.create_connection(("127.0.0.1", replay.port), timeout=5) as sock:
            sock.sendall(head.encode() + b'{"a": 1}')
            raw = b"".join(iter(lambda: sock.recv(65536), b""))
        (run,) = replay.runs
    names = [line.split(":", 1)[0] for line in raw.split(b"\r\n\r\n")[0].decode().split("\r\n")[1:]]
    kept = [n for n in recorded if n.lower() not in ("date", "content-length")]
    assert names == ["Date", *kept, "Content-Length", "Connection"]
    # The replayed call is journalled as the Standard route it named: Kestrel's header order.
    assert list(run.trigger_outputs["headers"]) == [
        "Connection",
        "Host",
        "Content-Type",
        "Content-Length",
    ]
