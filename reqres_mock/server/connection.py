"""HTTP/1.1 connections: Werkzeug's threaded server and request handler, answering natively.

Werkzeug's WSGI path closes every connection after one reply; Logic Apps keeps them alive, and
clients that reuse connections (``requests.Session``, httpx) should see that. So the handler
reads the request itself, hands an :class:`InboundRequest` to the engine and writes the
:class:`Reply` in one send, keeping the connection open unless the client, an error or a
shutdown says otherwise. Requests that ``http.server`` refuses before that (bad request line,
header floods, huge URLs) are answered and journalled the same way.
"""

from __future__ import annotations

import contextlib
import io
import logging
import socket
import struct
import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.serving import DechunkedInput, ThreadedWSGIServer, WSGIRequestHandler

from reqres_mock.admin.paths import is_admin_path
from reqres_mock.exchange import Headers, InboundRequest
from reqres_mock.protocol import replies
from reqres_mock.protocol.encoding import NO_BODY_STATUSES, encode_reply, framing, in_chunks
from reqres_mock.server import dispatch, faulting
from reqres_mock.server.head import parse_plain_head

if TYPE_CHECKING:
    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.engine.run import Run
    from reqres_mock.exchange import Reply
    from reqres_mock.protocol.replies import Failure
    from reqres_mock.server.handshake import TlsEndpoint

log = logging.getLogger("reqres_mock.server.sockets")

#: Pending connections the kernel queues; Logic Apps takes about 1,000 concurrent calls.
LISTEN_BACKLOG = 1024
#: After refusing a body it did not read, the server reads and drops what the client is still
#: sending for at most this long, so the client sees the reply instead of a reset.
_DRAIN_SECONDS = 1.0


class _TimedSocketIO(socket.SocketIO):
    """Socket reads where the kernel's receive timeout (EAGAIN) raises TimeoutError.

    Plain SocketIO reports it as "no data yet", which a buffered reader would take for the
    end of the stream, and a half-sent request would look complete.
    """

    def __init__(self, sock: socket.socket) -> None:
        super().__init__(sock, "rb")
        #: The client closed its side. Read while parsing a head, that head never completed:
        #: readline only asks for more bytes when its line has no end yet.
        self.ended = False
        self.probing = False

    def readinto(self, buffer: Any) -> int:
        if self.probing:  # asked only what is buffered above: no system call
            raise BlockingIOError
        count = super().readinto(buffer)
        if count is None:
            raise TimeoutError("the client sent nothing within the read timeout")
        self.ended = count == 0
        return count


class Handler(WSGIRequestHandler):
    """One client connection; Werkzeug routes every method to :meth:`run_wsgi`."""

    server: ConnectionServer
    protocol_version = "HTTP/1.1"
    # Replies go out in one send; do not let Nagle hold back the last segment of a reply.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        if not self.dispatched:
            threading.current_thread().name = f"reqres-mock-server-{self.server.port}-connection"
        # A stalled client (slowloris) raises TimeoutError in its thread, which then ends. A
        # kernel receive timeout does it without socket.settimeout(), which would make CPython
        # poll() before every send and recv (twice the system calls on the hot path).
        seconds = self.server.engine.config.read_timeout
        if self.server.tls is not None:
            # Under TLS a kernel timeout would surface as SSLWantReadError, not TimeoutError.
            self.connection.settimeout(seconds)
        else:
            whole = int(seconds)
            timeval = struct.pack("ll", whole, int((seconds - whole) * 1_000_000))
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval)
        self.rfile.close()
        self.socket_io = _TimedSocketIO(self.connection)
        self.rfile = self._buffered = io.BufferedReader(self.socket_io)
        self.server.track(self.connection)

    # -- served by the dispatcher, one request at a time --------------------------------------

    #: Whether the dispatcher serves this connection (no thread of its own).
    dispatched = False

    @classmethod
    def for_dispatch(
        cls, request: socket.socket, client_address: Any, server: ConnectionServer
    ) -> Handler:
        """A set-up handler that has not read anything yet (socketserver's constructor would
        serve the whole connection)."""
        handler = cls.__new__(cls)
        handler.request, handler.client_address, handler.server = request, client_address, server
        handler.dispatched = True
        handler.setup()
        return handler

    def serve_one(self) -> bool:
        """Answer one request (Werkzeug's handle(), once); whether to keep the connection."""
        self.close_connection = True
        try:
            self.handle_one_request()
        except (ConnectionError, TimeoutError) as err:
            self.connection_dropped(err)
            return False
        return not self.close_connection

    def has_buffered_input(self) -> bool:
        return bool(self._buffered_bytes())

    def _buffered_bytes(self) -> bytes:
        """What was read from the socket and not yet consumed (no system call)."""
        self.socket_io.probing = True
        try:
            return self._buffered.peek(1)
        except BlockingIOError:
            return b""
        finally:
            self.socket_io.probing = False

    def _fields(self) -> list[tuple[str, str]]:
        """The request's header fields in order, repeated ones apart, whichever parser read
        them."""
        headers = getattr(self, "headers", None)  # unset when the request line was refused
        if headers is None:
            return []
        if isinstance(headers, Headers):
            return headers.items_list()
        return list(headers.items())

    def mark_idle(self) -> None:
        self.server.set_idle(self.connection, idle=True)

    def close(self) -> None:
        try:
            self.finish()
        finally:
            self.server.shutdown_request(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def handle_one_request(self) -> None:
        self.server.set_idle(self.connection, idle=True)
        super().handle_one_request()

    def handle_expect_100(self) -> bool:
        # http.server would say "100 Continue" while parsing; say it only once the body is
        # wanted (not before a 413).
        return True

    def parse_request(self) -> bool:
        self.server.set_idle(self.connection, idle=False)
        self.received_at = time.monotonic()
        if self.socket_io.ended:  # the request line was cut off: no call, nothing to answer
            self.close_connection = True
            return False
        plain = parse_plain_head(self.raw_requestline, self._buffered_bytes())
        if plain is not None:  # the common case, without http.server's email parser
            self._buffered.read(plain.size)
            self.command, self.path, self.requestline = plain.command, plain.path, plain.requestline
            self.request_version = "HTTP/1.1"
            self.headers = Headers(plain.fields)  # type: ignore[assignment]
            self.close_connection = plain.first("Connection").lower() == "close"
            return plain.first("Expect").lower() != "100-continue" or self.handle_expect_100()
        if not super().parse_request():
            return False
        if self.socket_io.ended:  # so were the headers (http.client takes EOF as their end)
            log.debug("connection closed before its request head ended; not a call")
            self.close_connection = True
            return False
        return True

    # -- the request --------------------------------------------------------------------------

    def _inbound(self) -> InboundRequest:
        raw = self.path.encode("latin-1").decode("utf-8", "replace")
        if "://" in raw.split("?", 1)[0]:  # absolute-form request target
            raw = "/" + raw.split("://", 1)[1].partition("/")[2]
        path, _, query = raw.partition("?")
        headers = self.headers if isinstance(self.headers, Headers) else Headers(self._fields())
        host = headers.get("Host") or self.server.engine.base_url.split("://", 1)[1]
        scheme = "https" if self.server.ssl_context is not None else "http"
        return InboundRequest(
            method=(self.command or "-").upper(),
            path=path or "/",
            query_string=query,
            headers=headers,
            base_url=f"{scheme}://{host}",
            remote_addr=self.client_address[0] if self.client_address else None,
            received_at=self.received_at,
        )

    def _continue(self, headers: Headers) -> None:
        if headers.get("Expect", "").strip().lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def _read_body(self, request: InboundRequest) -> tuple[bytes, Failure | None]:
        """The body within the size limit, or the failure to answer (connection then closes)."""
        limit = self.server.engine.config.max_body_size
        headers = request.headers
        if "chunked" in headers.get("Transfer-Encoding", "").lower():
            self._continue(headers)
            stream = DechunkedInput(self.rfile)  # type: ignore[arg-type]
            parts: list[bytes] = []
            size = 0
            try:
                while size <= limit and (part := stream.read(min(65536, limit + 1 - size))):
                    parts.append(part)
                    size += len(part)
            except (OSError, ValueError) as err:
                return b"", replies.bad_http_request(400, f"invalid chunked body ({err})")
            if size > limit:
                return b"", replies.content_too_large(size, limit)
            return b"".join(parts), None
        declared = headers.get("Content-Length")
        if declared is None:
            return b"", None
        if not declared.strip().isdigit():
            return b"", replies.bad_http_request(400, f"invalid Content-Length {declared!r}")
        length = int(declared)
        if length > limit:
            return b"", replies.content_too_large(length, limit)
        self._continue(headers)
        body = self.rfile.read(length)
        if len(body) < length:
            return body, replies.bad_http_request(
                400, f"the body ended after {len(body)} of {length} bytes"
            )
        return body, None

    def run_wsgi(self) -> None:
        """Answer one request through the engine (the name is Werkzeug's dispatch point)."""
        engine: Engine = self.server.engine
        request = self._inbound()
        try:
            body, failure = self._read_body(request)
        except (ConnectionError, TimeoutError) as err:
            body, failure = b"", replies.bad_http_request(400, f"the body was not received ({err})")
        if is_admin_path(request.path):  # admin calls are answered, never journalled
            # Loaded on the first admin call: a test that only calls workflows never needs it.
            from reqres_mock.admin import api as admin  # noqa: PLC0415

            reply = (
                failure.reply()
                if failure is not None
                else admin.handle(
                    engine,
                    replace(request, body=body),
                    rejected=self.server.tls.rejected if self.server.tls is not None else (),
                )
            )
            self._write(reply, None, close=failure is not None or engine.stopping)
            return
        if failure is not None:
            run, reply = engine.reject_early(replace(request, body=body), failure)
            self._write(reply, run, close=True)
            self._drain()
            return
        run, reply = engine.handle_call(replace(request, body=body))
        accepted = request.headers.get("Accept-Encoding")
        reply = encode_reply(reply, accepted, chunks=self.request_version == "HTTP/1.1")
        self._write(reply, run, close=engine.stopping)

    # -- the reply ----------------------------------------------------------------------------

    def _write(self, reply: Reply, run: Run | None, *, close: bool) -> None:
        if close:
            self.close_connection = True
        status = reply.status
        fields, chunked = framing(reply, self.date_time_string(), close=self.close_connection)
        lines = [f"HTTP/1.1 {status} {HTTP_STATUS_CODES.get(status, '')}"]
        lines.extend(f"{name}: {value}" for name, value in fields)
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        body = b""
        if self.command != "HEAD" and status not in NO_BODY_STATUSES:
            body = in_chunks(reply.body) if chunked else reply.body
        fault = run.fault if run is not None else None
        try:
            if fault is None:
                self.wfile.write(head + body)
            elif faulting.deliver(  # one hook: the fault decides what goes on the wire
                self.connection,
                self.wfile,  # type: ignore[arg-type]
                (head, body),
                fault=fault,
                plan=self.server.engine.faults,
            ):
                self.close_connection = True
        except OSError as err:
            self.close_connection = True
            if run is not None:
                run.mark_sent(disconnected=True)
                self.server.engine.reply_sent(run)
            log.debug("client went away before its reply: %s", err)
            return
        if run is not None:
            run.mark_sent()
            self.server.engine.reply_sent(run)
        self.log_request(status)

    def _drain(self) -> None:
        """Tell the client we are done, then drop what it is still sending, briefly."""
        try:
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(0.1)
            deadline = time.monotonic() + _DRAIN_SECONDS
            while time.monotonic() < deadline and self.connection.recv(65536):
                pass
        except OSError:
            pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Requests http.server refuses before :meth:`run_wsgi` are answered the Logic Apps way
        and journalled."""
        raw_path = getattr(self, "path", "") or ""
        path, _, query = raw_path.partition("?")
        engine = self.server.engine
        request = InboundRequest(
            method=getattr(self, "command", None) or "-",
            path=path or "-",
            query_string=query,
            headers=Headers(self._fields()),
            base_url=engine.base_url,
            remote_addr=self.client_address[0] if self.client_address else None,
        )
        if code == 414:
            failure = replies.uri_too_long(len(raw_path), engine.config.max_url_length)
        else:
            failure = replies.bad_http_request(code, message or HTTP_STATUS_CODES.get(code, ""))
        run, reply = engine.reject_early(request, failure)
        self._write(reply, run, close=True)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        log.debug("%s -> %s", getattr(self, "command", "-"), code)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug(format, *args)

    def log_error(self, format: str, *args: Any) -> None:
        log.debug(format, *args)


class ConnectionServer(ThreadedWSGIServer):
    """Werkzeug's threaded server, knowing its connections (idle or busy) and joining threads."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, engine: Engine, sock: socket.socket, tls: TlsEndpoint | None = None) -> None:
        self.engine = engine
        self.tls = tls
        self._connections: dict[socket.socket, bool] = {}
        self._connections_lock = threading.Lock()
        self._dispatcher: dispatch.Dispatcher | None = None
        self._shutdown_requested = threading.Event()
        host, port = sock.getsockname()[:2]
        super().__init__(host, port, _no_wsgi_app, handler=Handler, fd=sock.fileno())
        # Not Werkzeug's ssl_context= (it would wrap the listening socket and handshake in the
        # accept loop): connections are secured in their own threads by finish_request.
        self.ssl_context = tls.context if tls is not None else None
        if self.dispatched:
            try:  # here, so that start() fails if it cannot serve (no threads, no descriptors)
                self._dispatcher = dispatch.Dispatcher(
                    f"reqres-mock-server-{self.port}",
                    self.engine.config.read_timeout,
                    on_error=lambda: self.handle_error(None, None),
                )
            except BaseException:
                self.socket.close()
                raise

    @property
    def dispatched(self) -> bool:
        """Whether connections are accepted and served by the dispatcher (plain HTTP where
        epoll exists); HTTPS connections, which handshake first, get a thread each."""
        return self.tls is None and dispatch.AVAILABLE

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Serve until :meth:`shutdown`. Dispatched, the dispatcher's poller accepts (no
        accept loop of its own here); this thread waits for the shutdown, then closes."""
        if self._dispatcher is None:
            super().serve_forever(poll_interval)
            return
        try:
            self.socket.setblocking(False)
            self._dispatcher.accept_from(self.socket.fileno(), self.accept_waiting)
            self._shutdown_requested.wait()
        finally:
            self.server_close()

    def accept_waiting(self) -> None:
        """Take the connections waiting in the backlog (the poller calls this when the
        listening socket is readable), as socketserver's loop takes one."""
        for _ in range(LISTEN_BACKLOG):
            if self._dispatcher is None or self._dispatcher.closing:
                return
            try:
                # Out of descriptors or memory, accept() raises: the dispatcher then stops
                # watching the listener for a moment instead of retrying on every wake-up.
                request, client_address = self.get_request()
            except BlockingIOError:
                return
            try:
                self.process_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
                self.shutdown_request(request)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Dispatched connections go to the dispatcher (fair keep-alive); HTTPS ones get a
        thread each."""
        if self._dispatcher is None:  # not dispatched: only serve_forever's loop accepts then
            super().process_request(request, client_address)
            return
        try:
            handler = Handler.for_dispatch(request, client_address, self)
        except OSError:
            self.shutdown_request(request)
            return
        self._dispatcher.add(handler)

    def shutdown(self) -> None:
        if self._dispatcher is None:
            super().shutdown()
            return
        self._dispatcher.begin_closing()
        self._shutdown_requested.set()

    def server_close(self) -> None:
        if self._dispatcher is not None:
            self._dispatcher.begin_closing()  # no accept runs on the socket closed below
        try:
            super().server_close()  # closes the listening socket; joins HTTPS connections' threads
        finally:
            if self._dispatcher is not None:
                self._dispatcher.close()

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        # Named like the handler names it, already during the handshake.
        threading.current_thread().name = f"reqres-mock-server-{self.port}-connection"
        timeout = self.engine.config.read_timeout
        secured = self.tls.accept(request, client_address, self, timeout)
        if secured is None:
            return
        try:
            super().finish_request(secured, client_address)
        finally:
            self.tls.close_connection(secured)

    def track(self, conn: socket.socket, *, idle: bool = False) -> None:
        with self._connections_lock:
            self._connections[conn] = idle

    def untrack(self, conn: socket.socket) -> None:
        with self._connections_lock:
            self._connections.pop(conn, None)

    def set_idle(self, conn: socket.socket, *, idle: bool) -> None:
        # Only the connection's own thread changes its entry, and replacing a value is atomic,
        # so this hot path (twice per request) takes no lock: under load the lock convoyed.
        if conn in self._connections:
            self._connections[conn] = idle

    def close_connections(self, *, idle_only: bool) -> None:
        """Shut connections down so their threads end: the idle ones, or all."""
        with self._connections_lock:
            chosen = [c for c, idle in self._connections.items() if idle or not idle_only]
        for conn in chosen:
            with contextlib.suppress(OSError):
                # The TCP socket's shutdown, also under TLS: SSLSocket.shutdown would drop its
                # SSL state under the thread that is reading from it.
                socket.socket.shutdown(conn, socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("error on connection from %s", client_address, exc_info=True)


def _no_wsgi_app(environ: Any, start_response: Any) -> Any:  # pragma: no cover
    raise AssertionError("reqres-mock answers natively; the WSGI app is never called")
