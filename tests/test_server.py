"""The Werkzeug server: lifecycle, limits and malformed input, over raw sockets too."""

from __future__ import annotations

import socket
import threading

import pytest
import requests
from wire_support import raw_exchange, target

from reqres_mock import ConfigurationError, MockServer, Response, ServerConfig


def status_of(raw: bytes) -> int:
    return int(raw.split(b" ", 2)[1])


def empty_post(wf, version: str = "HTTP/1.1", extra: str = "") -> bytes:
    """A raw POST without body to ``wf``, with ``extra`` header lines."""
    return (
        f"POST {target(wf.callback_url)} {version}\r\nHost: x\r\n{extra}Content-Length: 0\r\n\r\n"
    ).encode()


def test_start_binds_loopback_on_a_free_port_and_stop_closes_everything():
    server = MockServer().start()
    port = server.port
    assert server.url == f"http://127.0.0.1:{port}"
    assert server.is_running
    server.stop()
    server.stop()  # idempotent
    assert not server.is_running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_a_stopped_server_cannot_be_restarted():
    server = MockServer()
    server.start()
    server.stop()
    with pytest.raises(ConfigurationError, match="create a new one"):
        server.start()


def test_port_in_use_is_a_clear_error():
    with (
        MockServer() as first,
        pytest.raises(ConfigurationError, match=f"cannot listen on 127.0.0.1:{first.port}"),
    ):
        MockServer(port=first.port).start()


def test_port_before_start_is_an_error():
    with pytest.raises(ConfigurationError, match="not started"):
        _ = MockServer().port


def test_tls_settings_without_https_are_refused():
    with pytest.raises(ConfigurationError, match="need https=True"):
        MockServer(tls="modern")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        pytest.param({"timeout": 0}, "positive number", id="timeout"),
        pytest.param({"flavor": "premium"}, "'consumption', 'standard'", id="flavor"),
        pytest.param({"reminders": "loud"}, "'warn', 'error', 'ignore'", id="reminders"),
        pytest.param({"max_body_size": -1}, "positive integer", id="body-size"),
        pytest.param({"region": "west europe"}, "region", id="region"),
    ],
)
def test_invalid_settings_list_what_is_valid(settings, message):
    with pytest.raises(ConfigurationError, match=message):
        ServerConfig(**settings)


def test_stop_answers_pending_calls_with_503():
    server = MockServer().start()
    wf = server.add_workflow("held", response=Response(200))
    gate = wf.gate()
    results: list = []
    caller = threading.Thread(
        target=lambda: results.append(requests.post(wf.callback_url, timeout=10))
    )
    caller.start()
    gate.wait_for_held(1)
    server.stop()
    caller.join(timeout=5)
    assert results[0].status_code in {200, 503}  # stop opens gates; either may win the race
    assert wf.runs[0].done


def test_stop_with_a_delayed_response_is_prompt():
    server = MockServer().start()
    wf = server.add_workflow("slow", response=Response(200, delay=30))
    results: list = []
    caller = threading.Thread(
        target=lambda: results.append(requests.post(wf.callback_url, timeout=10))
    )
    caller.start()
    server.engine.journal.wait_for(lambda r: True, 1, 5, "call")
    server.stop()
    caller.join(timeout=5)
    assert results[0].status_code == 503
    assert results[0].json()["error"]["code"] == "ServiceUnavailable"


def test_declared_body_over_the_limit_is_413_before_reading_it():
    with MockServer(max_body_size=1000) as server:
        wf = server.add_workflow("orders")
        request = (
            f"POST {target(wf.callback_url)} HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"
        ).encode()
        raw = raw_exchange(server, request + b"{")
        assert status_of(raw) == 413
        assert b'"code":"RequestContentTooLarge"' in raw
        (call,) = wf.rejected
        assert call.reply is not None and call.reply.status == 413


def test_chunked_body_over_the_limit_is_413():
    with MockServer(max_body_size=10) as server:
        wf = server.add_workflow("orders")
        chunks = (b"x" * 20 for _ in range(3))
        reply = requests.post(wf.callback_url, data=chunks, timeout=5)
        assert reply.status_code == 413
        assert len(wf.rejected) == 1


def test_chunked_body_within_the_limit_is_read():
    with MockServer() as server:
        wf = server.add_workflow("orders")
        chunks = (part for part in (b'{"a":', b" 1}"))
        reply = requests.post(
            wf.callback_url, data=chunks, headers={"Content-Type": "application/json"}, timeout=5
        )
        assert reply.status_code == 202
        assert wf.runs[0].trigger_outputs["body"] == {"a": 1}


@pytest.mark.reqres(allow_unexpected=True)
def test_url_over_16384_characters_is_414_and_journalled(reqres_server):
    wf = reqres_server.add_workflow("orders")
    reply = requests.post(wf.callback_url + "&pad=" + "a" * 16_400, timeout=5)
    assert reply.status_code == 414
    assert reply.json()["error"]["code"] == "RequestUriTooLong"
    assert len(wf.rejected) == 1


@pytest.mark.reqres(allow_unexpected=True)
def test_request_line_too_long_for_http_server_is_414_and_journalled(reqres_server):
    raw = raw_exchange(reqres_server, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n")
    assert status_of(raw) == 414
    assert b"RequestUriTooLong" in raw
    assert reqres_server.calls[-1].reply.status == 414


@pytest.mark.reqres(allow_unexpected=True)
def test_header_flood_is_431_and_journalled(reqres_server):
    wf = reqres_server.add_workflow("orders")
    headers = "".join(f"X-H{n}: {n}\r\n" for n in range(200))
    raw = raw_exchange(
        reqres_server,
        f"POST {target(wf.callback_url)} HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode(),
    )
    assert status_of(raw) == 431
    assert b'"code":"BadRequest"' in raw
    assert reqres_server.calls[-1].reply.status == 431


@pytest.mark.reqres(allow_unexpected=True)
def test_garbage_request_line_is_400_and_the_server_survives(reqres_server):
    raw = raw_exchange(reqres_server, b"\x16\x03\x01garbage\r\n\r\n")
    assert status_of(raw) == 400
    assert reqres_server.calls[-1].reply.status == 400
    wf = reqres_server.add_workflow("orders")
    assert requests.post(wf.callback_url, timeout=5).status_code == 202


def test_client_disconnect_while_waiting_is_journalled(reqres_server):
    wf = reqres_server.add_workflow("held", response=Response(200, body="x" * 100_000))
    gate = wf.gate()
    sock = socket.create_connection(("127.0.0.1", reqres_server.port), timeout=5)
    sock.sendall(
        f"POST {target(wf.callback_url)} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".encode()
    )
    gate.wait_for_held(1)
    # Reset the connection (SO_LINGER 0) so the server's write fails at once.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    sock.close()
    gate.release()
    run = wf.runs[0].wait_reply_sent(timeout=5)
    assert run.client_disconnected
    assert run.status.value == "Succeeded", "the run itself completes"


def test_reply_sent_is_marked_for_normal_calls(reqres_server):
    wf = reqres_server.add_workflow("orders", response=Response(200))
    requests.post(wf.callback_url, timeout=5)
    assert not wf.runs[0].wait_reply_sent(timeout=5).client_disconnected


def test_reset_forgets_workflows_and_runs(reqres_server):
    wf = reqres_server.add_workflow("orders")
    requests.post(wf.callback_url, timeout=5)
    reqres_server.reset()
    assert reqres_server.workflows == [] and reqres_server.calls == []


def test_workflow_lookup_and_removal(reqres_server):
    wf = reqres_server.add_workflow("Orders")
    assert reqres_server.workflow("orders") is wf
    replaced = reqres_server.add_workflow("orders", response=Response(200))
    assert reqres_server.workflows == [replaced]
    reqres_server.remove("ORDERS")
    with pytest.raises(KeyError, match="no workflow 'orders'"):
        reqres_server.workflow("orders")


def read_reply(sock: socket.socket, buffer: bytearray) -> bytes:
    """Read one HTTP reply (headers + Content-Length body) from a kept-alive connection."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        assert chunk, "connection closed before a full reply"
        buffer.extend(chunk)
    head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed mid-body"
        rest += chunk
    buffer[:] = rest[length:]
    return head + b"\r\n\r\n" + rest[:length]


def test_connections_are_kept_alive_for_http_1_1(reqres_server):
    wf = reqres_server.add_workflow("orders", response=Response(200, body="one"))
    with socket.create_connection(("127.0.0.1", reqres_server.port), timeout=5) as sock:
        buffer = bytearray()
        for _ in range(3):
            sock.sendall(empty_post(wf))
            reply = read_reply(sock, buffer)
            assert reply.startswith(b"HTTP/1.1 200 OK\r\n")
            assert b"Connection: close" not in reply
            assert reply.endswith(b"one")
    assert len(wf.runs) == 3


def test_a_session_reuses_its_connection(reqres_server):
    wf = reqres_server.add_workflow("orders", response=Response(200))
    with requests.Session() as session:
        first = session.post(wf.callback_url, timeout=5)
        second = session.post(wf.callback_url, timeout=5)
    assert first.status_code == second.status_code == 200
    assert first.headers.get("Connection") is None


@pytest.mark.parametrize(
    ("version", "extra"),
    [
        pytest.param("HTTP/1.1", "Connection: close\r\n", id="client-asks-close"),
        pytest.param("HTTP/1.0", "", id="http-1.0"),
    ],
)
def test_connection_closes_when_the_client_wants_it(reqres_server, version, extra):
    wf = reqres_server.add_workflow("orders")
    raw = raw_exchange(reqres_server, empty_post(wf, version, extra))
    assert status_of(raw) == 202  # raw_exchange returns only once the server closed


def test_stop_closes_idle_keep_alive_connections():
    server = MockServer().start()
    wf = server.add_workflow("orders")
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    try:
        sock.sendall(empty_post(wf))
        read_reply(sock, bytearray())
        server.stop()
        assert sock.recv(1) == b"", "the idle connection was closed by stop()"
    finally:
        sock.close()


def test_expect_100_continue_is_honoured(reqres_server):
    wf = reqres_server.add_workflow("orders")
    with socket.create_connection(("127.0.0.1", reqres_server.port), timeout=5) as sock:
        sock.sendall(
            f"POST {target(wf.callback_url)} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
            "Content-Type: application/json\r\nContent-Length: 8\r\n\r\n".encode()
        )
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(b'{"a": 1}')
        assert read_reply(sock, bytearray()).startswith(b"HTTP/1.1 202 Accepted")
    assert wf.runs[0].trigger_outputs["body"] == {"a": 1}


def test_head_gets_headers_without_a_body(reqres_server):
    wf = reqres_server.add_workflow(
        "orders", flavor="standard", response=Response(200, body="text")
    )
    raw = raw_exchange(
        reqres_server,
        f"HEAD {target(wf.callback_url)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(),
    )
    assert status_of(raw) == 200
    assert raw.endswith(b"\r\n\r\n"), "no body after the headers"
    assert b"Content-Length: 4" in raw


def test_204_has_no_content_length(reqres_server):
    wf = reqres_server.add_workflow("orders", response=Response(204))
    raw = raw_exchange(
        reqres_server,
        f"POST {target(wf.callback_url)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(),
    )
    assert status_of(raw) == 204
    assert b"Content-Length" not in raw


@pytest.mark.parametrize(
    ("headers", "body", "message"),
    [
        pytest.param("Content-Length: abc\r\n", b"", b"invalid Content-Length", id="bad-length"),
        pytest.param("Content-Length: 10\r\n", b"abc", b"the body ended after 3 of 10", id="short"),
        pytest.param(
            "Transfer-Encoding: chunked\r\n", b"zz\r\nabc\r\n", b"invalid chunked body", id="chunks"
        ),
    ],
)
def test_malformed_bodies_are_400_and_journalled(reqres_server, headers, body, message):
    wf = reqres_server.add_workflow("orders")
    with socket.create_connection(("127.0.0.1", reqres_server.port), timeout=5) as sock:
        sock.sendall(
            f"POST {target(wf.callback_url)} HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode()
        )
        sock.sendall(body)
        sock.shutdown(socket.SHUT_WR)
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    assert status_of(raw) == 400
    assert message in raw
    assert wf.rejected[0].reply.status == 400


def test_a_stalled_client_is_dropped_after_the_read_timeout():
    with MockServer(config=ServerConfig(read_timeout=0.2)) as server:
        wf = server.add_workflow("orders")
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(f"POST {target(wf.callback_url)} HTTP/1.1\r\nHost: x\r\n".encode())
            assert sock.recv(65536) == b"", "the server gave up on the half-sent request"


def test_pipelined_requests_on_one_keep_alive_connection_are_all_answered_in_order():
    # Both requests arrive in one segment: the second is already buffered when the first is
    # answered, so the server must serve it before waiting for the socket to be readable.
    with MockServer() as server:
        wf = server.add_workflow("orders", response=Response(200, body="done"))
        request = f"POST {target(wf.callback_url)} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n"
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall((request + "{}").encode() + (request + "[]").encode())
            raw = b""
            while raw.count(b"HTTP/1.1 200") < 2:
                chunk = sock.recv(65536)
                assert chunk, f"the connection closed after {raw!r}"
                raw += chunk
        assert [call.request.body for call in wf.calls] == [b"{}", b"[]"]


def test_many_idle_keep_alive_connections_neither_block_new_ones_nor_each_other():
    # Idle keep-alive connections hold no worker: 50 sessions, each used twice, in turn.
    with MockServer() as server:
        wf = server.add_workflow("orders", response=Response(200))
        sessions = [requests.Session() for _ in range(50)]
        try:
            for _ in range(2):
                for session in sessions:
                    assert session.post(wf.callback_url, timeout=5).status_code == 200
        finally:
            for session in sessions:
                session.close()
        assert len(wf.calls) == 100


def test_a_server_that_cannot_start_its_threads_says_so_and_leaves_nothing_behind(monkeypatch):
    # Connections are accepted by the dispatcher's threads; when the process has no threads
    # left for them, start() must fail (not return a server that refuses every call), close
    # what it opened, end what it started, and a later start() must work.
    real_start = threading.Thread.start
    started = []

    def start(thread: threading.Thread) -> None:
        if thread.name.endswith("-connection"):
            started.append(thread.name)
            if len(started) == 3:
                raise RuntimeError("can't start new thread")
        real_start(thread)

    before = {t.ident for t in threading.enumerate()}
    server = MockServer()
    with monkeypatch.context() as patched:
        patched.setattr(threading.Thread, "start", start)
        with pytest.raises(ConfigurationError, match="cannot serve: can't start new thread"):
            server.start()
    assert {t.ident for t in threading.enumerate()} == before
    server.start()
    try:
        wf = server.add_workflow("orders", response=Response(200))
        assert requests.post(wf.callback_url, timeout=5).status_code == 200
    finally:
        server.stop()


_OUT_OF_FILES = """
import json, os, resource, sys
from reqres_mock import MockServer, Response
server = MockServer().start()
wf = server.add_workflow("orders", response=Response(200, headers={"Content-Type": "text/plain"},
                                                     body="ok"))
_, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 6, hard))
print(json.dumps({"port": server.port, "target": wf.callback_url.split(str(server.port), 1)[1]}),
      flush=True)
sys.stdin.read()
server.stop()
"""


def _ask(conn: socket.socket, target: str) -> bytes:
    conn.sendall(f"POST {target} HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n".encode())
    reply = b""
    while b"\r\n\r\nok" not in reply:
        chunk = conn.recv(65536)
        if not chunk:
            break
        reply += chunk
    return reply


def test_out_of_file_descriptors_the_server_serves_its_connections_and_accepts_again():
    # The server process may open only a few more descriptors; more clients connect than it
    # can accept. Its open connection is still answered; once clients leave, a new one is
    # accepted (the listener, set aside while accepting failed, is watched again).
    import json
    import subprocess
    import sys

    child = subprocess.Popen(
        [sys.executable, "-c", _OUT_OF_FILES],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    crowd: list[socket.socket] = []
    try:
        assert child.stdout is not None
        info = json.loads(child.stdout.readline())
        address = ("127.0.0.1", info["port"])
        first = socket.create_connection(address, timeout=10)
        crowd.append(first)
        assert _ask(first, info["target"]).startswith(b"HTTP/1.1 200")
        crowd.extend(socket.create_connection(address, timeout=10) for _ in range(20))
        assert _ask(first, info["target"]).startswith(b"HTTP/1.1 200")
        for conn in crowd:
            conn.close()
        crowd.clear()
        with socket.create_connection(address, timeout=10) as late:
            assert _ask(late, info["target"]).startswith(b"HTTP/1.1 200")
    finally:
        for conn in crowd:
            conn.close()
        child.communicate(input="", timeout=30)
    assert child.returncode == 0
