"""Each test sees only its own calls: half-sent requests are no calls, late calls stay with the
test they arrived in."""

from __future__ import annotations

import socket

import pytest

from reqres_mock import MockServer, Response


def target(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def read_to_end(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    "head",
    [
        pytest.param("POST {target} HTTP/1.1\r\nHost: x\r\nContent-Type: app", id="mid-header"),
        pytest.param("POST {target} HTTP/1.1\r\nHost: x\r\n", id="no-blank-line"),
        pytest.param("POST {target} HTTP/1.1", id="request-line-only"),
        pytest.param("POST /workflows/0123/triggers/manual/paths/invoke", id="mid-request-line"),
    ],
)
def test_a_request_whose_head_never_completed_is_not_a_call(server, head):
    """The client closes before the blank line that ends the head: nothing is dispatched or
    journalled (it used to become a call without its query or headers)."""
    wf = server.add_workflow("orders")
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(head.format(target=target(wf.callback_url)).encode())
        sock.shutdown(socket.SHUT_WR)
        assert read_to_end(sock) == b""  # the server closed without answering
    assert server.calls == []


def test_a_call_that_arrived_before_a_reset_is_not_journalled_after_it():
    """A call whose head arrived before ``reset()`` (the previous test) but whose body ends
    after it never reaches the workflows or the journal of what came after."""
    with MockServer(access_key="fixed") as server:
        wf = server.add_workflow("orders", response=Response(200, body="first"))
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(
                f"POST {target(wf.callback_url)} HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                "Expect: 100-continue\r\nConnection: close\r\n\r\n".encode()
            )
            # the server asks for the body once it has read the head: it has arrived
            assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue")
            server.reset()  # the fixture's teardown, while the body is still on its way
            again = server.add_workflow("orders", response=Response(200, body="second"))
            assert again.callback_url == wf.callback_url
            sock.sendall(b"abcd")
            raw = read_to_end(sock)
        assert raw.startswith(b"HTTP/1.1 404 ")
        assert b"WorkflowNotFound" in raw
        assert server.calls == []
        assert again.runs == []


SLOW_CLIENT_THEN_ANOTHER_TEST = """
import socket
import requests

def test_slow_client(reqres_server):
    wf = reqres_server.add_workflow("orders")
    path = "/" + wf.callback_url.split("://", 1)[1].split("/", 1)[1]
    with socket.create_connection(("127.0.0.1", reqres_server.port), timeout=5) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\\r\\nHost: x\\r\\n".encode())
    # the socket closes at the end of the test, its request head unfinished

def test_next(reqres_server):
    wf = reqres_server.add_workflow("next")
    assert requests.post(wf.callback_url, json={}, timeout=5).status_code == 202
    wf.wait_for_runs(1, timeout=5)
"""


def test_a_test_that_leaves_a_request_half_sent_fails_neither_itself_nor_the_next(run_inner):
    result = run_inner(SLOW_CLIENT_THEN_ANOTHER_TEST)
    result.assert_outcomes(passed=2)
