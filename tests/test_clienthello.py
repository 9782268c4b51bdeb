"""Reading what a client offered from its ClientHello, as real OpenSSL clients write it."""

from __future__ import annotations

import ssl

import pytest

from reqres_mock.server.clienthello import parse_client_hello, version_name


def client_hello(context: ssl.SSLContext) -> bytes:
    """The first bytes ``context`` sends (a real ClientHello, no network)."""
    obj = context.wrap_bio(ssl.MemoryBIO(), outgoing := ssl.MemoryBIO(), server_hostname="x")
    with pytest.raises(ssl.SSLWantReadError):
        obj.do_handshake()
    return outgoing.read()


def test_a_default_client_offers_tls_1_3_and_1_2():
    hello = parse_client_hello(client_hello(ssl.create_default_context()))
    assert hello is not None
    assert hello.versions == (ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_2)
    assert "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" in hello.cipher_suites


def test_a_tls_1_2_client_with_one_suite():
    context = ssl.create_default_context()
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("ECDHE-RSA-AES128-SHA256")
    hello = parse_client_hello(client_hello(context))
    assert hello is not None
    assert hello.versions == (ssl.TLSVersion.TLSv1_2,)
    assert hello.cipher_suites == (
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
    )


def test_every_truncation_of_a_hello_parses_without_error():
    data = client_hello(ssl.create_default_context())
    for length in range(len(data)):
        hello = parse_client_hello(data[:length])
        assert hello is None or set(hello.versions) <= {
            ssl.TLSVersion.TLSv1_2,
            ssl.TLSVersion.TLSv1_3,
        }


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"POST / HTTP/1.1\r\n\r\n", id="http"),
        pytest.param(b"\x16\x03\x01\x00\x05\x02\x00\x00\x01\x00", id="server-hello"),
    ],
)
def test_what_is_no_client_hello_gives_none(data):
    assert parse_client_hello(data) is None


def test_versions_are_named_as_people_write_them():
    assert version_name(ssl.TLSVersion.TLSv1_1) == "TLS 1.1"
