"""HTTPS as Logic Apps accepts it: real handshakes on loopback, one suite or version at a time."""

from __future__ import annotations

import asyncio
import http.client
import socket
import ssl
import time
import urllib.request
import warnings

import httpx
import pytest
import requests

from reqres_mock import ConfigurationError, MockServer, Response, ServerConfig
from reqres_mock.server.tls import LOGIC_APPS_CIPHER_SUITES, CertificateAuthority

EIGHT = list(LOGIC_APPS_CIPHER_SUITES.values())
#: Failures raised by the client's own OpenSSL before anything reaches the server.
LOCAL_REFUSALS = {
    "NO_CIPHERS_AVAILABLE",
    "NO_PROTOCOLS_AVAILABLE",
    "NO_SUITABLE_SIGNATURE_ALGORITHM",
}


OK = Response(200, headers={"Content-Type": "application/json"}, body={"ok": True})


def post(server: MockServer, context: ssl.SSLContext) -> tuple[int, str | None, str]:
    """POST to a fresh workflow over one TLS connection; returns the status, the TLS version
    and the cipher suite."""
    wf = server.add_workflow("orders", response=OK)
    target = "/" + wf.callback_url.split("://", 1)[1].split("/", 1)[1]
    conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=context, timeout=5)
    try:
        conn.request("POST", target, body=b"{}", headers={"Content-Type": "application/json"})
        status = conn.getresponse().status
        assert isinstance(conn.sock, ssl.SSLSocket)
        return status, conn.sock.version(), conn.sock.cipher()[0]
    finally:
        conn.close()


def handshake(server: MockServer, context: ssl.SSLContext) -> ssl.SSLSocket:
    """Connect and handshake; the caller closes the returned socket."""
    raw = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    try:
        return context.wrap_socket(raw, server_hostname="127.0.0.1")
    except BaseException:
        raw.close()
        raise


def refused(server: MockServer, context: ssl.SSLContext, what: str) -> ssl.SSLError:
    """The client's error for a handshake the server must refuse; skips when the local
    OpenSSL refuses to even offer ``what``."""
    with pytest.raises(ssl.SSLError) as info:
        handshake(server, context).close()
    if info.value.reason in LOCAL_REFUSALS:
        pytest.skip(f"the local {ssl.OPENSSL_VERSION} cannot offer {what} ({info.value.reason})")
    return info.value


def pinned(ca: CertificateAuthority, version: ssl.TLSVersion, ciphers: str | None = None):
    context = ca.client_context()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLS 1.0/1.1 are deprecated
        context.minimum_version = version
        context.maximum_version = version
    if ciphers:
        context.set_ciphers(ciphers)
    return context


# -- what is accepted -------------------------------------------------------------------------


@pytest.mark.parametrize("suite", EIGHT)
def test_each_of_the_eight_suites_is_negotiated_over_tls_1_2(reqres_https_server, reqres_ca, suite):
    context = pinned(reqres_ca, ssl.TLSVersion.TLSv1_2, suite)
    assert post(reqres_https_server, context) == (200, "TLSv1.2", suite)
    assert reqres_https_server.rejected_connections == []


def test_a_default_client_gets_tls_1_2_and_one_of_the_eight(reqres_https_server, reqres_ca):
    status, version, suite = post(reqres_https_server, reqres_ca.client_context())
    assert (status, version, suite in EIGHT) == (200, "TLSv1.2", True)


def test_callback_urls_start_with_https_and_name_the_server_ca(reqres_https_server, reqres_ca):
    wf = reqres_https_server.add_workflow("orders")
    assert wf.callback_url.startswith(f"https://127.0.0.1:{reqres_https_server.port}/")
    assert reqres_https_server.https and reqres_https_server.ca is reqres_ca


def test_modern_profile_allows_tls_1_3(reqres_ca):
    with MockServer(https=True, tls="modern", ca=reqres_ca) as server:
        status, version, _ = post(server, reqres_ca.client_context())
    assert (status, version) == (200, "TLSv1.3")


def test_an_unknown_tls_profile_lists_the_valid_ones():
    with pytest.raises(ConfigurationError, match="'logic-apps', 'modern'"):
        MockServer(https=True, tls="tls13", certificate="missing.pem")


# -- what is refused --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "name"),
    [
        pytest.param(ssl.TLSVersion.TLSv1, "TLS 1.0", id="tls1.0"),
        pytest.param(ssl.TLSVersion.TLSv1_1, "TLS 1.1", id="tls1.1"),
    ],
)
def test_tls_1_0_and_1_1_clients_are_refused_and_journalled(
    reqres_https_server, reqres_ca, version, name
):
    # OpenSSL 3 offers TLS 1.0/1.1 only at security level 0.
    context = pinned(reqres_ca, version, "DEFAULT:@SECLEVEL=0")
    error = refused(reqres_https_server, context, name)
    assert error.reason == "TLSV1_ALERT_PROTOCOL_VERSION"
    [rejection] = reqres_https_server.wait_for_rejected_connections(1)
    assert rejection.offered_version == version
    assert rejection.code == "UNSUPPORTED_PROTOCOL"
    assert rejection.reason == f"the client offered {name}; the server accepts TLS 1.2 only"


def test_a_tls_1_3_only_client_is_refused(reqres_https_server, reqres_ca):
    context = reqres_ca.client_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    refused(reqres_https_server, context, "TLS 1.3")
    [rejection] = reqres_https_server.wait_for_rejected_connections(1)
    assert rejection.offered_versions == (ssl.TLSVersion.TLSv1_3,)
    assert "offered TLS 1.3; the server accepts TLS 1.2 only" in rejection.reason
    described = rejection.describe()
    assert described["offeredVersions"] == ["TLS 1.3"]
    assert described["code"] == "UNSUPPORTED_PROTOCOL"
    assert described["peer"].startswith("127.0.0.1:")


@pytest.mark.parametrize(
    ("suite", "iana"),
    [
        pytest.param("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", id="rsa-kx-cbc-sha1"),
        pytest.param("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", id="rsa-kx-gcm"),
        pytest.param("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", id="cbc-sha1"),
        pytest.param(
            "ECDHE-RSA-CHACHA20-POLY1305",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            id="chacha20",
        ),
    ],
)
def test_tls_1_2_suites_the_article_does_not_list_are_refused(
    reqres_https_server, reqres_ca, suite, iana
):
    context = pinned(reqres_ca, ssl.TLSVersion.TLSv1_2, suite)
    error = refused(reqres_https_server, context, suite)
    assert error.reason == "SSLV3_ALERT_HANDSHAKE_FAILURE"
    [rejection] = reqres_https_server.wait_for_rejected_connections(1)
    assert rejection.code == "NO_SHARED_CIPHER"
    assert iana in rejection.offered_cipher_suites
    assert rejection.reason.startswith(f"no shared cipher suite: the client offered {iana}")
    assert "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256" in rejection.reason


def test_a_client_that_does_not_trust_the_ca_is_told_which_ca(reqres_https_server):
    wf = reqres_https_server.add_workflow("orders")
    with pytest.raises(requests.exceptions.SSLError):
        requests.post(wf.callback_url, timeout=5)
    [rejection] = reqres_https_server.wait_for_rejected_connections(1)
    assert rejection.code == "TLSV1_ALERT_UNKNOWN_CA"
    assert "reqres_ca" in rejection.reason
    assert reqres_https_server.calls == []


# -- clients, configured through reqres_ca -----------------------------------------------------


@pytest.fixture
def orders(reqres_https_server):
    ok = Response(201, headers={"Content-Type": "application/json"}, body={"ok": True})
    return reqres_https_server.add_workflow("orders", response=ok)


def test_requests_reaches_the_trigger_with_verify(orders, reqres_ca):
    with requests.Session() as session:
        replies = [
            session.post(orders.callback_url, json={"n": n}, verify=reqres_ca.requests_verify)
            for n in range(3)
        ]
    assert [r.status_code for r in replies] == [201, 201, 201]
    assert [r.trigger_outputs["body"] for r in orders.wait_for_runs(3)] == [
        {"n": 0},
        {"n": 1},
        {"n": 2},
    ]


def test_requests_and_urllib_trust_the_ca_through_the_environment(orders, reqres_ca, monkeypatch):
    for name, value in reqres_ca.environ().items():
        monkeypatch.setenv(name, value)
    assert requests.post(orders.callback_url, json={}, timeout=5).status_code == 201
    request = urllib.request.Request(orders.callback_url, data=b"{}", method="POST")
    with urllib.request.urlopen(request, timeout=5) as reply:
        assert reply.status == 201


def test_patch_environ_restores_what_was_there(reqres_ca, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", "/before")
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    import os

    with reqres_ca.patch_environ() as values:
        assert os.environ["REQUESTS_CA_BUNDLE"] == values["REQUESTS_CA_BUNDLE"]
    assert os.environ["SSL_CERT_FILE"] == "/before"
    assert "REQUESTS_CA_BUNDLE" not in os.environ


def test_httpx_reaches_the_trigger_with_an_ssl_context(orders, reqres_ca):
    with httpx.Client(verify=reqres_ca.client_context()) as client:
        replies = [client.post(orders.callback_url, json={}) for _ in range(2)]
    assert [r.status_code for r in replies] == [201, 201]
    assert replies[0].json() == {"ok": True}


def test_async_httpx_reaches_the_trigger(orders, reqres_ca):
    async def call() -> list[int]:
        async with httpx.AsyncClient(verify=reqres_ca.client_context()) as client:
            replies = await asyncio.gather(
                *(client.post(orders.callback_url, json={"n": n}) for n in range(4))
            )
        return [r.status_code for r in replies]

    assert asyncio.run(call()) == [201] * 4
    assert len(orders.wait_for_runs(4)) == 4


# -- plain HTTP, garbage, silence ------------------------------------------------------------


def read_until_closed(sock: socket.socket) -> bytes:
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def test_plain_http_gets_a_clear_400_and_the_server_keeps_serving(
    reqres_https_server, orders, reqres_ca
):
    plain = orders.callback_url.replace("https://", "http://", 1)
    reply = requests.post(plain, json={}, timeout=5)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["code"] == "HttpsRequired"
    assert f"call https://127.0.0.1:{reqres_https_server.port}/..." in error["message"]
    [rejection] = reqres_https_server.wait_for_rejected_connections(1)
    assert rejection.code == "PLAIN_HTTP"
    assert orders.runs == []
    assert requests.post(orders.callback_url, verify=reqres_ca.requests_verify).status_code == 201


@pytest.mark.parametrize(
    ("garbage", "code"),
    [
        pytest.param(b"\x00\x01\x02 not tls at all\r\n\r\n", "NOT_TLS", id="not-tls"),
        pytest.param(b"\x16\x03\x01\x00\x08\x01\x00\x00\x04\xff" * 3, None, id="bad-hello"),
        pytest.param(b"\x16" + bytes(range(200)), None, id="bad-record"),
    ],
)
def test_garbage_in_the_handshake_is_refused_and_the_server_survives(
    reqres_https_server, reqres_ca, garbage, code
):
    with socket.create_connection(("127.0.0.1", reqres_https_server.port), timeout=5) as sock:
        sock.sendall(garbage)
        read_until_closed(sock)
    [rejection] = reqres_https_server.wait_for_rejected_connections(1)
    if code is not None:
        assert rejection.code == code
    else:  # OpenSSL's reason, which varies with its version (WRONG_VERSION_NUMBER...)
        assert rejection.code.isupper()
        assert rejection.reason.startswith("TLS handshake failed: ")
    status, _, _ = post(reqres_https_server, reqres_ca.client_context())
    assert status == 200


def test_a_silent_client_neither_blocks_others_nor_outlives_the_read_timeout(reqres_ca):
    with (
        MockServer(config=ServerConfig(read_timeout=0.3), https=True, ca=reqres_ca) as server,
        socket.create_connection(("127.0.0.1", server.port), timeout=5) as silent,
    ):
        status, _, _ = post(server, reqres_ca.client_context())  # served while `silent` waits
        assert status == 200
        assert silent.recv(1) == b""  # the server gave up on it
        [rejection] = server.wait_for_rejected_connections(1)
    assert rejection.code == "HANDSHAKE_TIMEOUT"
    assert rejection.reason == "the client sent nothing within 0.3 s"


def test_an_idle_tls_connection_is_closed_after_the_read_timeout(reqres_ca):
    with MockServer(config=ServerConfig(read_timeout=0.3), https=True, ca=reqres_ca) as server:
        sock = handshake(server, reqres_ca.client_context())
        with sock:
            assert sock.recv(1) == b""
        assert server.rejected_connections == []


def test_stop_cuts_connections_stalled_in_the_handshake_quickly(reqres_ca):
    server = MockServer(https=True, ca=reqres_ca).start()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as stalled:
        stalled.sendall(b"\x16\x03\x01")  # a handshake that never completes
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 2.0
        assert not server.is_running


# -- certificates -----------------------------------------------------------------------------


def test_the_ca_pem_lives_in_a_temporary_directory_until_closed(tmp_path):
    with CertificateAuthority() as ca:
        path = ca.path
        assert path.read_bytes() == ca.pem
        assert ca.pem.startswith(b"-----BEGIN CERTIFICATE-----")
        assert ca.write(tmp_path / "ca.pem").read_bytes() == ca.pem
    assert not path.exists()
    assert (tmp_path / "ca.pem").exists()


def test_a_server_makes_its_own_ca_when_none_is_given():
    with MockServer(https=True) as server:
        assert server.ca is not None
        path = server.ca.path
        wf = server.add_workflow("orders")
        assert requests.post(wf.callback_url, verify=str(path), timeout=5).status_code == 202
    assert not path.exists()  # the server's own CA is thrown away with it


def test_your_own_certificate_files_are_served(tmp_path):
    import trustme

    authority = trustme.CA()
    leaf = authority.issue_cert("127.0.0.1")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    leaf.cert_chain_pems[0].write_to_path(str(cert))
    leaf.private_key_pem.write_to_path(str(key))
    with MockServer(https=True, certificate=(cert, key)) as server:
        assert server.ca is None
        wf = server.add_workflow("orders")
        bundle = tmp_path / "ca.pem"
        authority.cert_pem.write_to_path(str(bundle))
        reply = requests.post(wf.callback_url, verify=str(bundle), timeout=5)
    assert reply.status_code == 202


def test_missing_certificate_files_are_a_clear_error(tmp_path):
    with pytest.raises(ConfigurationError, match=r"certificate file\(s\) not found: .*nope.pem"):
        MockServer(https=True, certificate=(tmp_path / "nope.pem", tmp_path / "key.pem"))


def test_a_plain_http_server_rejects_no_connections(reqres_server):
    assert reqres_server.rejected_connections == []
    assert reqres_server.ca is None and not reqres_server.https
    with pytest.raises(ConfigurationError, match="only an HTTPS server"):
        reqres_server.wait_for_rejected_connections(1)


def test_a_refused_body_is_answered_over_tls_too(reqres_ca):
    """413 before the body is read, then the drain, work on TLS connections as on plain ones."""
    with MockServer(https=True, ca=reqres_ca, max_body_size=10) as server:
        wf = server.add_workflow("orders")
        reply = requests.post(
            wf.callback_url, data=b"x" * 200_000, verify=reqres_ca.requests_verify, timeout=5
        )
        assert reply.status_code == 413
        assert reply.json()["error"]["code"] == "RequestContentTooLarge"


def test_without_trustme_https_names_the_extra_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "trustme", None)  # as if it were not installed
    with pytest.raises(ConfigurationError, match=r"pip install 'reqres-mock\[https\]'"):
        MockServer(https=True)


def test_rejected_connections_are_listed_by_the_admin_api(reqres_ca):
    with MockServer(https=True, ca=reqres_ca) as server:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.minimum_version = ssl.TLSVersion.TLSv1_3
        context.load_verify_locations(reqres_ca.path)
        with (
            pytest.raises(ssl.SSLError),
            socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw,
        ):
            context.wrap_socket(raw, server_hostname="127.0.0.1")
        server.wait_for_rejected_connections(1)
        listed = requests.get(
            f"{server.url}/_reqres/connections/rejected",
            verify=reqres_ca.requests_verify,
            timeout=5,
        ).json()["value"]
        assert listed[0]["offeredVersions"] == ["TLS 1.3"]
        assert "TLS 1.2 only" in listed[0]["reason"]
