"""The mock server: the engine on a socket, served by Werkzeug's threaded server.

Bind (port 0 picks a free one), read the port back, serve in a background thread;
:meth:`MockServer.stop` answers pending calls, closes idle connections at once and busy ones
after a short grace, and joins every thread it started, idempotently.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reqres_mock.config import (
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_MAX_URL_LENGTH,
    DEFAULT_TIMEOUT,
    Flavor,
    ReminderMode,
    ServerConfig,
)
from reqres_mock.engine.pipeline import Engine
from reqres_mock.errors import ConfigurationError
from reqres_mock.server.connection import LISTEN_BACKLOG, ConnectionServer

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

    from reqres_mock.cassettes.session import CassetteOptions
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.server.handshake import RejectedConnection, TlsEndpoint
    from reqres_mock.server.tls import CertificateAuthority, TlsProfile

#: Seconds stop() lets in-flight replies finish before it cuts the remaining connections.
STOP_GRACE = 0.5


class MockServer(Engine):
    """A local Logic App endpoint: workflows with Request triggers, served over HTTP(S).

    Use it as a context manager, or call :meth:`start` and :meth:`stop`::

        with MockServer() as server:
            wf = server.add_workflow("orders", response=Response(200, body={"ok": True}))
            requests.post(wf.callback_url, json={})

    :param host: interface to bind; loopback unless you say otherwise.
    :param port: TCP port; 0 picks a free one (read it back from :attr:`port`).
    :param timeout: seconds a caller waits for the Response before 504.
    :param https: serve HTTPS with certificates from a throw-away CA (:attr:`ca`), as Logic
        Apps accepts it: TLS 1.2 only, the article's eight cipher suites.
    :param tls: ``"logic-apps"`` (default) or ``"modern"`` (TLS 1.2 and 1.3, default suites).
    :param ca: the :class:`~reqres_mock.server.tls.CertificateAuthority` to issue the server
        certificates from (the ``reqres_ca`` fixture); a new one per server when ``None``.
    :param certificate: your own certificate instead of a CA's: a PEM file with chain and key,
        or a ``(cert, key)`` pair.
    :param config: a full :class:`ServerConfig`; the keyword settings above override it.
    :param record_to: a cassette file to record into, forwarding every call to ``target``
        (record mode ``all`` unless ``cassette_options`` says otherwise).
    :param target: the real Logic App to record from: its callback URL, or a base URL.
    :param replay: a cassette file to answer calls from (record mode ``none``).
    :param cassette_options: a :class:`~reqres_mock.cassettes.session.CassetteOptions`
        (matching, scrubbing, replay timing); the cassette is :attr:`interceptor`.
    :raises ConfigurationError: for TLS settings without ``https=True``, or a certificate that
        cannot be loaded.
    :raises CassetteError: for a cassette that cannot be read, or ``record_to`` without
        ``target``.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        timeout: float = DEFAULT_TIMEOUT,
        https: bool = False,
        tls: TlsProfile | str | None = None,
        ca: CertificateAuthority | None = None,
        certificate: str | Path | tuple[str | Path, str | Path] | None = None,
        flavor: Flavor | str = Flavor.CONSUMPTION,
        region: str = "westeurope",
        access_key: str | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        max_url_length: int = DEFAULT_MAX_URL_LENGTH,
        reminders: ReminderMode | str = ReminderMode.WARN,
        admin_token: str | None = None,
        config: ServerConfig | None = None,
        record_to: str | Path | None = None,
        target: str | None = None,
        replay: str | Path | None = None,
        cassette_options: CassetteOptions | None = None,
    ) -> None:
        self._tls: TlsEndpoint | None = None
        if https:
            from reqres_mock.server.handshake import create_endpoint  # noqa: PLC0415 (ssl only if asked)

            self._tls = create_endpoint(profile=tls, ca=ca, certificate=certificate, host=host)
        elif tls is not None or ca is not None or certificate is not None:
            raise ConfigurationError("tls=, ca= and certificate= need https=True")
        settings = config or ServerConfig(
            timeout=timeout,
            flavor=Flavor(flavor),
            region=region,
            access_key=access_key,
            max_body_size=max_body_size,
            max_url_length=max_url_length,
            reminders=ReminderMode(reminders),
            admin_token=admin_token,
        )
        super().__init__(settings)
        self.host = host
        self._requested_port = port
        self._server: ConnectionServer | None = None
        self._thread: threading.Thread | None = None
        self._state_lock = threading.Lock()
        self._stopped = False
        self._setup_cassette(record_to, target, replay, cassette_options)

    def _setup_cassette(
        self,
        record_to: str | Path | None,
        target: str | None,
        replay: str | Path | None,
        options: CassetteOptions | None,
    ) -> None:
        if record_to is not None and replay is not None:
            raise ConfigurationError("record_to= and replay= exclude each other")
        if record_to is not None:
            if not target:
                raise ConfigurationError("record_to= needs target= (the real Logic App's URL)")
            mode = None if options is not None and options.record_mode.value != "once" else "all"
            self.use_cassette(record_to, target=target, record_mode=mode, options=options)
        elif replay is not None:
            mode = None if options is not None and options.record_mode.value != "once" else "none"
            self.use_cassette(replay, target=target, record_mode=mode, options=options)
        elif target is not None or options is not None:
            raise ConfigurationError("target= and cassette_options= need record_to= or replay=")

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> MockServer:
        """Bind and serve in a background thread; returns once the socket accepts calls.

        :raises ConfigurationError: when the address cannot be bound, or the server was stopped.
        """
        with self._state_lock:
            if self._stopped:
                raise ConfigurationError("this MockServer was stopped; create a new one")
            if self._server is not None:
                return self
            family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.bind((self.host, self._requested_port))
                sock.listen(LISTEN_BACKLOG)
                self._server = ConnectionServer(self, sock, tls=self._tls)
            except OSError as err:
                raise ConfigurationError(
                    f"cannot listen on {self.host}:{self._requested_port}: {err.strerror or err}"
                ) from err
            finally:
                sock.close()
            port = self._server.server_address[1]
            shown = f"[{self.host}]" if family is socket.AF_INET6 else self.host
            self.base_url = f"{'https' if self._tls else 'http'}://{shown}:{port}"
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.02},
                name=f"reqres-mock-server-{port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: pending callers get 503, connections close, threads are joined.

        Idempotent; takes well under 100 ms when nothing is stuck in user code.
        """
        with self._state_lock:
            if self._stopped:
                return
            self._stopped = True
            server, thread = self._server, self._thread
        self.shutdown()
        if server is None or thread is None:
            if self._tls is not None:
                self._tls.close()
            return
        server.shutdown()
        # The serving thread now joins the connection threads: idle keep-alive connections are
        # closed at once, those answering (503 included) finish by themselves, and any still
        # busy after a short grace (a client stalled mid-request) are cut.
        server.close_connections(idle_only=True)
        thread.join(timeout=STOP_GRACE)
        if thread.is_alive():
            server.close_connections(idle_only=False)
            thread.join(timeout=5.0)
        if self._tls is not None:
            self._tls.close()

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stopped

    @property
    def port(self) -> int:
        """The bound TCP port.

        :raises ConfigurationError: before :meth:`start`.
        """
        if self._server is None:
            raise ConfigurationError("the server is not started; call start() first")
        return int(self._server.server_address[1])

    # -- HTTPS --------------------------------------------------------------------------------

    @property
    def https(self) -> bool:
        """Whether the server speaks HTTPS."""
        return self._tls is not None

    @property
    def ca(self) -> CertificateAuthority | None:
        """The CA clients must trust (``ca.requests_verify``, ``ca.client_context()``...);
        ``None`` over plain HTTP or with your own ``certificate``."""
        return self._tls.ca if self._tls is not None else None

    @property
    def rejected_connections(self) -> list[RejectedConnection]:
        """Connections refused before any HTTP request (failed TLS handshakes, plain HTTP on
        the HTTPS port...), oldest first, with what each client offered."""
        return self._tls.rejected if self._tls is not None else []

    def add_rejection_observer(self, observer: Callable[[RejectedConnection], None]) -> None:
        """Call ``observer(connection)`` for each connection refused at the handshake (HTTPS
        only; a plain HTTP server refuses none), on the connection's thread."""
        if self._tls is not None:
            self._tls.observers.append(observer)

    def wait_for_rejected_connections(
        self, count: int = 1, timeout: float = 5.0
    ) -> list[RejectedConnection]:
        """Block until at least ``count`` connections were refused; return them all.

        A client usually sees the refusal a moment before the server journals it.

        :raises WaitTimeoutError: after ``timeout`` seconds.
        :raises ConfigurationError: on a plain HTTP server, which refuses no connection.
        """
        if self._tls is None:
            raise ConfigurationError("only an HTTPS server (https=True) rejects connections")
        return self._tls.wait_for_rejected(count, timeout)

    def reset(self, *, keep_loaded: bool = False) -> None:
        """Forget workflows, runs, errors, reminders and rejected connections
        (``keep_loaded``: see :meth:`Engine.reset`)."""
        super().reset(keep_loaded=keep_loaded)
        if self._tls is not None:
            self._tls.clear()

    @property
    def url(self) -> str:
        """The server's base URL, e.g. ``http://127.0.0.1:54321`` (``https://`` with HTTPS)."""
        return self.base_url

    @property
    def inspector_url(self) -> str:
        """The run-history page, e.g. ``http://127.0.0.1:54321/_reqres/``."""
        return f"{self.base_url}/_reqres/"

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.is_running else "stopped"
        return f"<MockServer {self.base_url} {state}, {len(self.workflows)} workflow(s)>"

    # -- definitions --------------------------------------------------------------------------

    def load(
        self,
        path: str | Path,
        *,
        parameters: dict[str, Any] | None = None,
        app_settings: dict[str, str] | None = None,
    ) -> list[Workflow]:
        """Load workflow definition file(s): Standard ``workflow.json``, a bare definition, or an
        ARM template. Returns the workflows added.

        :raises DefinitionError: naming the file and JSON pointer of what is wrong.
        """
        from reqres_mock.definitions.loader import load_workflows  # noqa: PLC0415 (keeps start-up light)

        found = load_workflows(self, Path(path), parameters=parameters, app_settings=app_settings)
        return [self.add(w) for w in found]

    def add_definition(
        self,
        name: str,
        document: dict[str, Any],
        *,
        parameters: dict[str, Any] | None = None,
        app_settings: dict[str, str] | None = None,
    ) -> list[Workflow]:
        """Add workflow(s) from a definition held in memory, in any of the three shapes.

        ``name`` names a bare definition or a Standard ``{"definition": ...}`` document (ARM
        templates name their own workflows). Returns the workflows added.

        :raises DefinitionError: naming the JSON pointer of what is wrong.
        """
        from reqres_mock.definitions.loader import detect_shape, workflows_from_document  # noqa: PLC0415

        source = (
            Path(name) / "workflow.json"
            if detect_shape(document) == "standard"
            else Path(f"{name}.json")
        )
        found = workflows_from_document(
            self, document, source, parameters, app_settings=app_settings
        )
        return [self.add(w) for w in found]
