"""The socket server: an engine on a TCP socket, served by Werkzeug's threaded server.

Bind (port 0 picks a free one), read the port back, serve in a background thread;
:meth:`SocketServer.stop` closes idle connections at once and busy ones after a short grace,
and joins every thread it started, idempotently.
"""

from __future__ import annotations

import socket
import threading
from typing import TYPE_CHECKING

from reqres_mock.errors import ConfigurationError
from reqres_mock.server.connection import LISTEN_BACKLOG, ConnectionServer

if TYPE_CHECKING:
    from pathlib import Path

    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.server.handshake import RejectedConnection, TlsEndpoint
    from reqres_mock.server.tls import CertificateAuthority, TlsProfile

#: Seconds stop() lets in-flight replies finish before it cuts the remaining connections.
STOP_GRACE = 0.5


class SocketServer:
    """Serves ``engine`` on ``host:port`` over HTTP, or HTTPS when ``tls`` is given.

    :param tls: the TLS endpoint (certificates, handshake journal); see :func:`make_tls`.
    """

    def __init__(
        self, engine: Engine, *, host: str, port: int, tls: TlsEndpoint | None = None
    ) -> None:
        self.engine = engine
        self.host = host
        self.tls = tls
        self._requested_port = port
        self._server: ConnectionServer | None = None
        self._thread: threading.Thread | None = None
        self._state_lock = threading.Lock()
        self._stopped = False
        self.base_url: str | None = None

    def start(self) -> None:
        """Bind and serve in a background thread; returns once the socket accepts calls.

        :raises ConfigurationError: when the address cannot be bound, or the server was stopped.
        """
        with self._state_lock:
            if self._stopped:
                raise ConfigurationError("this MockServer was stopped; create a new one")
            if self._server is not None:
                return
            family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.bind((self.host, self._requested_port))
                sock.listen(LISTEN_BACKLOG)
                self._server = ConnectionServer(self.engine, sock, tls=self.tls)
            except OSError as err:
                raise ConfigurationError(
                    f"cannot listen on {self.host}:{self._requested_port}: {err.strerror or err}"
                ) from err
            except RuntimeError as err:  # no thread for the dispatcher
                raise ConfigurationError(f"cannot serve: {err}") from err
            finally:
                sock.close()
            port = self._server.server_address[1]
            shown = f"[{self.host}]" if family is socket.AF_INET6 else self.host
            self.base_url = f"{'https' if self.tls else 'http'}://{shown}:{port}"
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.02},
                name=f"reqres-mock-server-{port}",
                daemon=True,
            )
            try:
                self._thread.start()
            except RuntimeError as err:
                self._server.server_close()
                self._server = self._thread = None
                self.base_url = None
                raise ConfigurationError(f"cannot serve: {err}") from err

    def stop(self) -> None:
        """Stop serving: connections close, threads are joined. Idempotent.

        Shut the engine down first, so that pending callers get their 503.
        """
        with self._state_lock:
            if self._stopped:
                return
            self._stopped = True
            server, thread = self._server, self._thread
        if server is not None and thread is not None:
            server.shutdown()
            # The serving thread now joins the connection threads: idle keep-alive connections
            # are closed at once, those answering (503 included) finish by themselves, and any
            # still busy after a short grace (a client stalled mid-request) are cut.
            server.close_connections(idle_only=True)
            thread.join(timeout=STOP_GRACE)
            if thread.is_alive():
                server.close_connections(idle_only=False)
                thread.join(timeout=5.0)
        if self.tls is not None:
            self.tls.close()

    @property
    def stopped(self) -> bool:
        """Whether :meth:`stop` was called."""
        return self._stopped

    @property
    def is_running(self) -> bool:
        """Whether the serving thread is up and :meth:`stop` was not called."""
        return self._thread is not None and self._thread.is_alive() and not self._stopped

    @property
    def port(self) -> int:
        """The bound TCP port.

        :raises ConfigurationError: before :meth:`start`.
        """
        if self._server is None:
            raise ConfigurationError("the server is not started; call start() first")
        return int(self._server.server_address[1])

    @property
    def rejected_connections(self) -> list[RejectedConnection]:
        """Connections refused before any HTTP request, oldest first (HTTPS only)."""
        return self.tls.rejected if self.tls is not None else []


def make_tls(
    *,
    host: str,
    profile: TlsProfile | str | None,
    ca: CertificateAuthority | None,
    certificate: str | Path | tuple[str | Path, str | Path] | None,
) -> TlsEndpoint:
    """The TLS endpoint for an HTTPS server: certificates from ``ca`` (or a new one), or your
    own ``certificate``; Logic Apps' TLS 1.2 profile unless ``profile`` says otherwise.

    :raises ConfigurationError: for a certificate that cannot be loaded.
    """
    from reqres_mock.server.handshake import create_endpoint  # noqa: PLC0415 (ssl only if asked)

    return create_endpoint(profile=profile, ca=ca, certificate=certificate, host=host)
