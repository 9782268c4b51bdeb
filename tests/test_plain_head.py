"""The request-head fast path gives exactly what http.server's email-based parser gives, or
steps aside (``None``) so that http.server parses the head, errors included."""

from __future__ import annotations

import http.client
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wire_support import raw_exchange, target

from reqres_mock import MockServer, Response
from reqres_mock.server.head import parse_plain_head

LINE = b"POST /workflows/abc/triggers/manual/paths/invoke?api-version=2016-10-01 HTTP/1.1\r\n"


def email_fields(head: bytes) -> list[tuple[str, str]]:
    """The fields http.server would read from ``head`` (without its blank line)."""
    return list(http.client.parse_headers(io.BytesIO(head + b"\r\n\r\n")).items())


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(b"Host: a\r\nContent-Length: 2", id="plain"),
        pytest.param(b"X-A: 1\r\nx-a: 2\r\nX-A:3", id="repeated-any-case-no-blank"),
        pytest.param(b"X-Trailing: v  \t", id="trailing-blanks-kept"),
        pytest.param(b"X-Leading:  \t v", id="leading-blanks-dropped"),
        pytest.param(b"X-Empty:", id="empty-value"),
        pytest.param(b"X-Colons: a:b::c", id="colons-in-value"),
        pytest.param("X-Latin: caf\u00e9".encode("latin-1"), id="latin-1-value"),
        pytest.param(b"X-Nul: a\x00b", id="control-byte-in-value"),
        pytest.param(b"!#$%&'*+-.^_`|~: token-name", id="token-punctuation-name"),
        pytest.param(b"\r\n".join(b"X-%d: v" % i for i in range(99)), id="99-fields"),
    ],
)
def test_accepted_heads_read_as_the_email_parser_reads_them(head):
    parsed = parse_plain_head(LINE, head + b"\r\n\r\nbody")
    assert parsed is not None
    assert parsed.fields == email_fields(head)
    assert parsed.size == len(head) + 4
    assert (parsed.command, parsed.path) == (
        "POST",
        "/workflows/abc/triggers/manual/paths/invoke?api-version=2016-10-01",
    )


def test_a_head_without_fields():
    parsed = parse_plain_head(b"GET / HTTP/1.1\r\n", b"\r\nrest")
    assert parsed is not None
    assert (parsed.fields, parsed.size, parsed.requestline) == ([], 2, "GET / HTTP/1.1")


@pytest.mark.parametrize(
    ("line", "buffered"),
    [
        pytest.param(b"POST / HTTP/1.0\r\n", b"\r\n", id="http-1.0"),
        pytest.param(b"POST / HTTP/2.0\r\n", b"\r\n", id="http-2.0-gets-505-there"),
        pytest.param(b"POST / HTTP/1.1\n", b"\r\n", id="bare-lf-request-line"),
        pytest.param(b"POST  / HTTP/1.1\r\n", b"\r\n", id="two-spaces"),
        pytest.param(b"POST /\tx HTTP/1.1\r\n", b"\r\n", id="tab-in-target"),
        pytest.param(b"POST //a HTTP/1.1\r\n", b"\r\n", id="double-slash-collapsed-there"),
        pytest.param(b"POST http://h/a HTTP/1.1\r\n", b"\r\n", id="absolute-form"),
        pytest.param(b"GET /\r\n", b"", id="http-0.9"),
        pytest.param(b"P(ST / HTTP/1.1\r\n", b"\r\n", id="method-not-a-token"),
        pytest.param(LINE, b"Host: a\r\n", id="head-not-all-received"),
        pytest.param(LINE, b"Host: a\r\n folded\r\n\r\n", id="obs-fold"),
        pytest.param(LINE, b"Host a\r\n\r\n", id="no-colon"),
        pytest.param(LINE, b"Host : a\r\n\r\n", id="blank-before-colon"),
        pytest.param(LINE, b": a\r\n\r\n", id="empty-name"),
        pytest.param(LINE, b"X-A: a\nX-B: b\r\n\r\n", id="bare-lf-in-head"),
        pytest.param(LINE, b"X-A: a\rb\r\n\r\n", id="bare-cr-in-value"),
        pytest.param(LINE, b"X-A: a\x85b\r\n\r\n", id="nel-splits-for-the-email-parser"),
        pytest.param(LINE, b"X-A: a\x0bb\r\n\r\n", id="vertical-tab-splits-too"),
        pytest.param(LINE, b"X-A: " + b"v" * 9000 + b"\r\n\r\n", id="long-line"),
        pytest.param(
            # http.client counts the blank line: the 100th field gets 431 there
            LINE,
            b"\r\n".join(b"X-%d: v" % i for i in range(100)) + b"\r\n\r\n",
            id="100-fields",
        ),
    ],
)
def test_other_heads_are_left_to_http_server(line, buffered):
    assert parse_plain_head(line, buffered) is None


_NAME = st.sampled_from(["Host", "X-A", "x-a", "Content-Type", "Connection", "Expect", "From"])
_VALUE = st.binary(max_size=12).map(lambda b: b.decode("latin-1"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_NAME, _VALUE, st.sampled_from([":", ": ", ":\t", " :"])), max_size=8))
def test_whenever_the_fast_path_answers_it_agrees_with_the_email_parser(fields):
    head = b"\r\n".join(f"{n}{sep}{v}".encode("latin-1") for n, v, sep in fields)
    parsed = parse_plain_head(LINE, head + b"\r\n\r\n")
    if parsed is not None:
        assert parsed.fields == (email_fields(head) if head else [])


@pytest.fixture
def served():
    """A server with one text workflow, and the raw request line start for calling it."""
    with MockServer() as server:
        wf = server.add_workflow(
            "orders",
            response=Response(200, headers={"Content-Type": "text/plain"}, body="ok"),
        )
        yield server, wf, b"POST " + target(wf.callback_url).encode() + b" HTTP/1.1\r\n"


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(b"X-Order: 1\r\nx-order: 2\r\nX-Pad: v \r\n", id="fast-path"),
        pytest.param(b"X-Order: 1\r\nx-order: 2\r\nX-Pad: v \r\nX-Fold: a\r\n b\r\n", id="folded"),
    ],
)
def test_the_journal_keeps_fields_in_order_on_either_path(served, extra):
    server, wf, line = served
    reply = raw_exchange(
        server, line + b"Host: h\r\nContent-Length: 2\r\nConnection: close\r\n" + extra + b"\r\n{}"
    )
    assert reply.startswith(b"HTTP/1.1 200 "), reply
    assert b"\r\nConnection: close\r\n" in reply
    fields = wf.wait_for_runs(1, timeout=5)[0].request.headers.items_list()
    assert fields[3:6] == [("X-Order", "1"), ("x-order", "2"), ("X-Pad", "v ")]


@pytest.mark.parametrize(("fields", "status"), [(99, b"200"), (100, b"431")])
def test_the_field_limit_is_http_servers_on_either_path(served, fields, status):
    server, _, line = served
    own = b"Host: h\r\nContent-Length: 2\r\nConnection: close\r\n"
    padding = b"".join(b"X-%d: v\r\n" % i for i in range(fields - 3))
    reply = raw_exchange(server, line + own + padding + b"\r\n{}")
    assert reply.startswith(b"HTTP/1.1 " + status), reply[:200]
    assert server.calls[-1].reply.status == int(status)
