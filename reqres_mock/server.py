"""The Werkzeug HTTP server that puts the engine on a socket.

``make_server(host, 0, app, threaded=True)``, port read back, served in a daemon thread;
:meth:`MockServer.stop` answers pending calls, closes open connections, shuts the loop down and
joins every thread it started, fast and idempotently.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werkzeug.datastructures import EnvironHeaders
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from reqres_mock import replies
from reqres_mock.config import (
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_MAX_URL_LENGTH,
    DEFAULT_TIMEOUT,
    Flavor,
    ReminderMode,
    ServerConfig,
)
from reqres_mock.engine import Engine
from reqres_mock.errors import ConfigurationError
from reqres_mock.exchange import Headers, InboundRequest, Reply

if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import TracebackType

    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from reqres_mock.run import Run
    from reqres_mock.workflow import Workflow

log = logging.getLogger("reqres_mock.server")

_RUN_KEY = "reqres_mock.run"
#: Seconds stop() lets in-flight replies finish before it cuts the remaining connections.
STOP_GRACE = 0.5


class _Handler(WSGIRequestHandler):
    """Werkzeug's handler, made to journal what it refuses and to keep quiet."""

    server: _Server

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.engine.config.read_timeout)
        self.server.track(self.connection)

    def run_wsgi(self) -> None:
        try:
            super().run_wsgi()
        finally:
            run: Run | None = getattr(self, "environ", {}).get(_RUN_KEY)
            if run is not None:
                run._mark_sent()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Requests http.server refuses before the app (bad request line, header flood, huge URL)
        are answered the Logic Apps way and journalled."""
        raw_path = getattr(self, "path", "") or ""
        path, _, query = raw_path.partition("?")
        headers = getattr(self, "headers", None)
        request = InboundRequest(
            method=getattr(self, "command", None) or "-",
            path=path or "-",
            query_string=query,
            headers=Headers(headers.items() if headers is not None else []),
            base_url=self.server.engine.base_url,
            remote_addr=self.client_address[0] if self.client_address else None,
        )
        if code == 414:
            failure = replies.uri_too_long(len(raw_path), self.server.engine.config.max_url_length)
        else:
            failure = replies.bad_http_request(code, message or HTTP_STATUS_CODES.get(code, ""))
        reply = self.server.engine.reject_early(request, failure)
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # unparseable request line: still answer 1.1
            self.request_version = "HTTP/1.1"
        try:
            self.send_response(reply.status, HTTP_STATUS_CODES.get(reply.status, ""))
            for name, value in reply.headers.items_list():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(reply.body)
        except OSError:
            log.debug("client went away before its %s reply", code)

    def connection_dropped(
        self, error: BaseException, environ: WSGIEnvironment | None = None
    ) -> None:
        run: Run | None = (environ or {}).get(_RUN_KEY)
        if run is not None:
            run._mark_sent(disconnected=True)
        log.debug("connection dropped: %s", error)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        log.debug("%s %s -> %s", getattr(self, "command", "-"), "(path hidden)", code)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug(format, *args)

    def log_error(self, format: str, *args: Any) -> None:
        log.debug(format, *args)


class _Server(ThreadedWSGIServer):
    """Threaded Werkzeug server that knows its open connections and joins its threads."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, engine: MockServer, sock: socket.socket) -> None:
        self.engine = engine
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        host, port = sock.getsockname()[:2]
        super().__init__(host, port, engine.wsgi_app, handler=_Handler, fd=sock.fileno())

    def track(self, conn: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(conn)

    def untrack(self, conn: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(conn)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("error on connection from %s", client_address, exc_info=True)


class MockServer(Engine):
    """A local Logic App endpoint: workflows with Request triggers, served over HTTP.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`::

        with MockServer() as server:
            wf = server.add_workflow("orders", response=Response(200, body={"ok": True}))
            requests.post(wf.callback_url, json={})

    :param host: interface to bind; loopback unless you say otherwise.
    :param port: TCP port; 0 picks a free one (read it back from :attr:`port`).
    :param timeout: seconds a caller waits for the Response before 504.
    :param https: serve HTTPS (not available yet: raises :class:`ConfigurationError`).
    :param config: a full :class:`ServerConfig`; the keyword settings above override it.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        timeout: float = DEFAULT_TIMEOUT,
        https: bool = False,
        flavor: Flavor | str = Flavor.CONSUMPTION,
        region: str = "westeurope",
        access_key: str | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        max_url_length: int = DEFAULT_MAX_URL_LENGTH,
        reminders: ReminderMode | str = ReminderMode.WARN,
        config: ServerConfig | None = None,
    ) -> None:
        if https:
            raise ConfigurationError(
                "https=True is not available in this version; serve plain HTTP on loopback"
            )
        settings = config or ServerConfig(
            timeout=timeout,
            flavor=Flavor(flavor),
            region=region,
            access_key=access_key,
            max_body_size=max_body_size,
            max_url_length=max_url_length,
            reminders=ReminderMode(reminders),
        )
        super().__init__(settings)
        self.host = host
        self._requested_port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._state_lock = threading.Lock()
        self._stopped = False

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
                sock.listen(128)
                self._server = _Server(self, sock)
            except OSError as err:
                raise ConfigurationError(
                    f"cannot listen on {self.host}:{self._requested_port}: {err.strerror or err}"
                ) from err
            finally:
                sock.close()
            port = self._server.server_address[1]
            shown = f"[{self.host}]" if family is socket.AF_INET6 else self.host
            self.base_url = f"http://{shown}:{port}"
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
            return
        server.shutdown()
        # The serving thread now joins the request threads: those answering (503 included)
        # finish at once; connections that are idle or stalled mid-request are cut after a
        # short grace period.
        thread.join(timeout=STOP_GRACE)
        if thread.is_alive():
            server.close_connections()
            thread.join(timeout=5.0)

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

    @property
    def url(self) -> str:
        """The server's base URL, e.g. ``http://127.0.0.1:54321``."""
        return self.base_url

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

    def load(self, path: str | Path, *, parameters: dict[str, Any] | None = None) -> list[Workflow]:
        """Load workflow definition file(s): Standard ``workflow.json``, a bare definition, or an
        ARM template. Returns the workflows added.

        :raises DefinitionError: naming the file and JSON pointer of what is wrong.
        """
        from reqres_mock.definition import load_workflows  # noqa: PLC0415 (keeps start-up light)

        return [self.add(w) for w in load_workflows(self, Path(path), parameters=parameters)]

    # -- WSGI ---------------------------------------------------------------------------------

    def wsgi_app(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI application: read the request within the limits, let the engine answer."""
        raw = environ.get("REQUEST_URI") or environ.get("RAW_URI") or environ.get("PATH_INFO", "/")
        raw = raw.encode("latin-1").decode("utf-8", "replace")
        if "://" in raw.split("?", 1)[0]:  # absolute-form request target
            raw = "/" + raw.split("://", 1)[1].partition("/")[2]
        path, _, query = raw.partition("?")
        scheme = environ.get("wsgi.url_scheme", "http")
        host = environ.get("HTTP_HOST") or self.base_url.split("://", 1)[1]
        request = InboundRequest(
            method=environ.get("REQUEST_METHOD", "GET").upper(),
            path=path,
            query_string=query,
            headers=Headers(list(EnvironHeaders(environ).items())),
            base_url=f"{scheme}://{host}",
            remote_addr=environ.get("REMOTE_ADDR"),
        )
        limit = self.config.max_body_size
        declared = environ.get("CONTENT_LENGTH") or ""
        if declared.isdigit() and int(declared) > limit:
            reply = self.reject_early(request, replies.content_too_large(int(declared), limit))
            return self._write(reply, start_response, close=True)
        stream = environ["wsgi.input"]
        if environ.get("wsgi.input_terminated"):
            body = stream.read(limit + 1)
            if len(body) > limit:
                reply = self.reject_early(request, replies.content_too_large(len(body), limit))
                return self._write(reply, start_response, close=True)
        else:
            body = stream.read(int(declared)) if declared.isdigit() else b""
        run, reply = self.handle_call(replace(request, body=body))
        environ[_RUN_KEY] = run
        return self._write(reply, start_response)

    @staticmethod
    def _write(reply: Reply, start_response: StartResponse, *, close: bool = False) -> list[bytes]:
        headers = [*reply.headers.items_list(), ("Content-Length", str(len(reply.body)))]
        if close:
            headers.append(("Connection", "close"))
        start_response(f"{reply.status} {HTTP_STATUS_CODES.get(reply.status, '')}", headers)
        return [reply.body]
