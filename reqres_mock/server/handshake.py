"""TLS handshakes, one per connection thread, and the journal of connections refused.

The listening socket stays plain: each accepted connection is secured in its own thread, so a
slow or garbage-sending client never holds up the accept loop, and the handshake is bounded by
the server's read timeout. Before the handshake the server peeks at the client's first bytes:
its ClientHello tells which TLS versions and suites the client offered (so a test can assert
"my client offered TLS 1.1"), and a plain HTTP request gets a plain, readable 400 instead of a
reset.
"""

from __future__ import annotations

import contextlib
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol

from reqres_mock.config import parse_choice
from reqres_mock.errors import WaitTimeoutError
from reqres_mock.protocol.replies import Failure
from reqres_mock.server.clienthello import (
    HANDSHAKE_RECORD,
    ClientHello,
    parse_client_hello,
    version_name,
)
from reqres_mock.server.tls import (
    LOGIC_APPS_CIPHER_SUITES,
    LOOPBACK_NAMES,
    CertificateAuthority,
    ServerCertificates,
    TlsProfile,
    server_context,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

#: A ClientHello fits in one read of this size (it is usually under 600 bytes).
_PEEK_BYTES = 16384
_DRAIN_SECONDS = 1.0
_HTTP_REQUEST_START = re.compile(rb"^[A-Z]{3,10} \S")
_CERTIFICATE_REFUSED = frozenset(
    {
        "TLSV1_ALERT_UNKNOWN_CA",
        "SSLV3_ALERT_BAD_CERTIFICATE",
        "SSLV3_ALERT_CERTIFICATE_UNKNOWN",
        "TLSV1_ALERT_DECRYPT_ERROR",
    }
)
_VERSION_REFUSED = frozenset(
    {"UNSUPPORTED_PROTOCOL", "WRONG_SSL_VERSION", "VERSION_TOO_LOW", "VERSION_TOO_HIGH"}
)


@dataclass(frozen=True)
class RejectedConnection:
    """A connection refused before any HTTP request was read: a failed TLS handshake, plain
    HTTP or garbage on the HTTPS port, or silence until the read timeout.

    :param peer: the client's ``(host, port)``.
    :param code: OpenSSL's reason (``UNSUPPORTED_PROTOCOL``, ``NO_SHARED_CIPHER``...), or
        ``PLAIN_HTTP``, ``NOT_TLS``, ``HANDSHAKE_TIMEOUT``.
    :param reason: a sentence saying what the client did and what the server accepts.
    :param offered_versions: the TLS versions the client offered, highest first.
    :param offered_cipher_suites: the suites it offered (IANA names, else hex codes).
    """

    peer: tuple[str, int]
    code: str
    reason: str
    offered_versions: tuple[ssl.TLSVersion, ...] = ()
    offered_cipher_suites: tuple[str, ...] = ()
    at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def offered_version(self) -> ssl.TLSVersion | None:
        """The highest TLS version the client offered, if it sent a ClientHello."""
        return self.offered_versions[0] if self.offered_versions else None

    def summary(self) -> str:
        return f"{self.peer[0]}:{self.peer[1]} {self.code}: {self.reason}"

    def describe(self) -> dict[str, Any]:
        """A JSON-ready form (for an admin API or a log)."""
        return {
            "peer": f"{self.peer[0]}:{self.peer[1]}",
            "code": self.code,
            "reason": self.reason,
            "offeredVersions": [version_name(v) for v in self.offered_versions],
            "offeredCipherSuites": list(self.offered_cipher_suites),
            "at": self.at.isoformat(),
        }


class ConnectionTracker(Protocol):
    """Where the server keeps its open connections, so stop() can cut them."""

    def track(self, conn: socket.socket, *, idle: bool = False) -> None: ...

    def untrack(self, conn: socket.socket) -> None: ...


class TlsEndpoint:
    """The server side of TLS: the context, the per-connection handshake, and the journal of
    rejected connections.

    :param context: the server's SSLContext (see :func:`reqres_mock.server.tls.server_context`).
    :param profile: the profile it was built for (named in refusal reasons).
    :param ca: the CA that issued its certificates, when reqres-mock made them.
    :param owns_ca: close ``ca`` (removing its temporary PEM) when the endpoint closes.
    """

    def __init__(
        self,
        context: ssl.SSLContext,
        *,
        profile: TlsProfile,
        ca: CertificateAuthority | None = None,
        owns_ca: bool = False,
    ) -> None:
        self.context = context
        self.profile = profile
        self.ca = ca
        self._owns_ca = owns_ca
        self._cond = threading.Condition()
        self._rejected: list[RejectedConnection] = []
        #: Called with each refused connection, on its thread (``serve`` logs them).
        self.observers: list[Callable[[RejectedConnection], None]] = []

    # -- the journal --------------------------------------------------------------------------

    @property
    def rejected(self) -> list[RejectedConnection]:
        """Connections refused so far, oldest first (a snapshot)."""
        with self._cond:
            return list(self._rejected)

    def wait_for_rejected(self, count: int = 1, timeout: float = 5.0) -> list[RejectedConnection]:
        """Block until at least ``count`` connections were refused; return them all.

        The client usually sees the refusal before the server has journalled it; wait here.

        :raises WaitTimeoutError: after ``timeout`` seconds, saying how many there were.
        """
        with self._cond:
            if self._cond.wait_for(lambda: len(self._rejected) >= count, timeout):
                return list(self._rejected)
            got = "\n  ".join(r.summary() for r in self._rejected) or "(none)"
        raise WaitTimeoutError(
            f"expected {count} rejected connection(s) within {timeout} s, got:\n  {got}"
        )

    def clear(self) -> None:
        with self._cond:
            self._rejected.clear()

    def close(self) -> None:
        """Release the CA's temporary files if this endpoint made the CA."""
        if self._owns_ca and self.ca is not None:
            self.ca.close()

    def _reject(
        self, peer: tuple[str, int], code: str, reason: str, hello: ClientHello | None = None
    ) -> None:
        entry = RejectedConnection(
            peer=(str(peer[0]), int(peer[1])),
            code=code,
            reason=reason,
            offered_versions=hello.versions if hello else (),
            offered_cipher_suites=hello.cipher_suites if hello else (),
        )
        with self._cond:
            self._rejected.append(entry)
            self._cond.notify_all()
        for observer in list(self.observers):
            observer(entry)

    # -- one connection -----------------------------------------------------------------------

    def accept(
        self,
        raw: socket.socket,
        peer: tuple[str, int],
        tracker: ConnectionTracker,
        timeout: float,
    ) -> ssl.SSLSocket | None:
        """Secure an accepted connection, in its own thread, within ``timeout`` seconds.

        Returns the TLS socket, or ``None`` when the connection was refused (journalled, with
        a plain 400 for plain HTTP) or closed before saying anything. Never raises for what
        the client did.
        """
        tracker.track(raw, idle=True)
        try:
            raw.settimeout(timeout)
            try:
                head = raw.recv(_PEEK_BYTES, socket.MSG_PEEK)
            except TimeoutError:
                self._reject(
                    peer, "HANDSHAKE_TIMEOUT", f"the client sent nothing within {timeout:g} s"
                )
                return None
            except OSError:
                return None
            if not head:
                return None  # connected and closed: a port probe, not a refusal
            if head[0] != HANDSHAKE_RECORD:
                self._refuse_non_tls(raw, peer, head)
                return None
            hello = parse_client_hello(head)
            try:
                secured = self.context.wrap_socket(
                    raw, server_side=True, do_handshake_on_connect=False
                )
            except OSError:
                return None
            tracker.track(secured, idle=True)
        finally:
            tracker.untrack(raw)
        try:
            secured.do_handshake()
        except ssl.SSLError as err:
            self._reject(peer, err.reason or type(err).__name__, self._explain(err, hello), hello)
        except TimeoutError:
            self._reject(
                peer, "HANDSHAKE_TIMEOUT", f"the handshake did not finish within {timeout:g} s"
            )
        except OSError:
            pass  # the client went away (or stop() cut it): nothing to report
        else:
            return secured
        finally:
            tracker.untrack(secured)
        self.close_connection(secured)
        return None

    @staticmethod
    def close_connection(conn: socket.socket) -> None:
        """Close a connection without raising."""
        with contextlib.suppress(OSError):
            conn.shutdown(socket.SHUT_WR)
        conn.close()

    def _explain(self, err: ssl.SSLError, hello: ClientHello | None) -> str:
        reason = err.reason or ""
        offered = ", ".join(version_name(v) for v in hello.versions) if hello else ""
        accepted = "TLS 1.2 only" if self.profile is TlsProfile.LOGIC_APPS else "TLS 1.2 and 1.3"
        if reason in _VERSION_REFUSED:
            offered = offered or "no known TLS version"
            return f"the client offered {offered}; the server accepts {accepted}"
        if reason == "NO_SHARED_CIPHER":
            suites = ", ".join(hello.cipher_suites) if hello else "(unknown)"
            wanted = (
                ", ".join(LOGIC_APPS_CIPHER_SUITES)
                if self.profile is TlsProfile.LOGIC_APPS
                else "Python's default suites"
            )
            return (
                f"no shared cipher suite: the client offered {suites}; the server accepts {wanted}"
            )
        if reason in _CERTIFICATE_REFUSED:
            return (
                f"the client refused the server certificate ({reason}): make it trust the CA "
                "(the reqres_ca fixture, server.ca)"
            )
        return f"TLS handshake failed: {err}"

    def _refuse_non_tls(self, raw: socket.socket, peer: tuple[str, int], head: bytes) -> None:
        if not _HTTP_REQUEST_START.match(head):
            self._reject(peer, "NOT_TLS", f"the client sent {head[:16]!r}, not a TLS handshake")
            self.close_connection(raw)
            return
        host, port = raw.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        message = (
            "The request was sent as plain HTTP to an HTTPS endpoint; call "
            f"https://{shown}:{port}/... (Logic Apps accepts HTTPS with TLS 1.2 only)."
        )
        reply = Failure(400, "HttpsRequired", message).reply()
        lines = ["HTTP/1.1 400 Bad Request", *(f"{k}: {v}" for k, v in reply.headers.items_list())]
        lines += [f"Content-Length: {len(reply.body)}", "Connection: close"]
        data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + reply.body
        self._reject(peer, "PLAIN_HTTP", "plain HTTP request on the HTTPS port", None)
        try:
            raw.recv(len(head))  # consume what was peeked, so closing does not reset the reply
            raw.sendall(data)
            raw.shutdown(socket.SHUT_WR)
            raw.settimeout(0.1)
            deadline = time.monotonic() + _DRAIN_SECONDS
            while time.monotonic() < deadline and raw.recv(65536):
                pass
        except OSError:
            pass
        raw.close()


def create_endpoint(
    *,
    profile: TlsProfile | str | None = None,
    ca: CertificateAuthority | None = None,
    certificate: str | Path | tuple[str | Path, str | Path] | None = None,
    host: str = "127.0.0.1",
) -> TlsEndpoint:
    """The TLS endpoint of an HTTPS server.

    :param profile: ``"logic-apps"`` (default: TLS 1.2, the eight suites) or ``"modern"``.
    :param ca: the CA that issues the server certificates; a new throw-away one when ``None``
        (closed with the endpoint).
    :param certificate: your own certificate instead: a PEM file holding chain and key, or a
        ``(cert, key)`` pair of PEM files.
    :param host: the address the server binds; named in the certificates when specific.
    :raises ConfigurationError: for an unknown profile, unreadable certificate files, or a
        missing ``trustme``.
    """
    chosen = TlsProfile(parse_choice(TlsProfile, profile or TlsProfile.LOGIC_APPS, "tls"))
    if certificate is not None:
        pair = certificate if isinstance(certificate, tuple) else (certificate, None)
        return TlsEndpoint(
            server_context(chosen, ServerCertificates.from_files(*pair)), profile=chosen, ca=ca
        )
    owns_ca = ca is None
    authority = ca if ca is not None else CertificateAuthority()
    try:
        wildcard = host in {"", "0.0.0.0", "::"}
        names = (*LOOPBACK_NAMES, *(() if wildcard else (host,)))
        context = server_context(chosen, authority.issue(*names))
    except BaseException:
        if owns_ca:
            authority.close()
        raise
    return TlsEndpoint(context, profile=chosen, ca=authority, owns_ca=owns_ca)
