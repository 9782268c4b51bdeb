"""requests in process: a transport adapter whose calls the engine answers, without a socket.

Mount it on a Session for a Logic App's host, or let :meth:`LogicAppsAdapter.intercept` route
Logic Apps URLs of every Session (``requests.post`` included) to it. Needs ``requests``.
"""

from __future__ import annotations

import contextlib
import errno
import http
import http.client
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.exceptions import ReadTimeout
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3 import HTTPHeaderDict, HTTPResponse
from urllib3.exceptions import ProtocolError

from reqres_mock.engine.faults import FaultKind
from reqres_mock.transports.inprocess import Interception, call, inbound, wire_reply

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from requests import PreparedRequest

    from reqres_mock.engine.pipeline import Engine

_DEFAULT_PORTS = {"http": 80, "https": 443}


class LogicAppsAdapter(BaseAdapter):
    """A ``requests`` transport adapter: the engine answers, in this process.

    Mount it for the hosts your code calls, or use :meth:`intercept`::

        session.mount("https://prod-12.westeurope.logic.azure.com", server.requests_adapter())

    A ``timeout=`` shorter than the workflow's deadline raises ``requests.ReadTimeout`` when
    it runs out, as over a socket; the run goes on and is marked ``client_disconnected``.

    :param engine: the engine (or :class:`~reqres_mock.MockServer`) that answers.
    """

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self._intercepts = Interception(engine, own_base_url=False)

    def handles(self, url: str) -> bool:
        """Whether :meth:`intercept` routes ``url`` here: a Logic Apps URL."""
        try:
            path = urlsplit(url).path
        except ValueError:
            return False
        return self._intercepts(url, path)

    def send(  # noqa: PLR0917 (requests' BaseAdapter signature)
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Answer ``request`` with the engine.

        :raises requests.ReadTimeout: when the read timeout runs out before the reply.
        """
        url = request.url or ""
        method = request.method or "GET"
        call_request = inbound(
            method=method,
            url=url,
            target=request.path_url,
            headers=[("Host", _host_header(url)), *request.headers.items()],
            body=_body_bytes(request.body),
        )
        result = call(self.engine, call_request, _read_timeout(timeout))
        if result is None:
            raise ReadTimeout(
                f"reqres-mock: no reply within the client's read timeout ({timeout} s)",
                request=request,
            )
        run, reply = result
        fault = run.fault
        if fault is not None and not fault.sends_reply:
            raise _dropped(fault.kind, request)
        fields, body = wire_reply(method, reply, request.headers.get("Accept-Encoding"))
        headers: CaseInsensitiveDict[str] = CaseInsensitiveDict()
        for name, value in fields:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        response = requests.Response()
        response.status_code = reply.status
        try:
            response.reason = http.HTTPStatus(reply.status).phrase
        except ValueError:
            response.reason = ""
        response.headers = headers
        # urllib3's response decodes a gzipped body for requests, as on a real connection; over
        # a partial fault's cut body, reading it raises what a connection closed mid-body
        # raises (requests turns it into ChunkedEncodingError).
        cut = fault.cut(body) if fault is not None and fault.kind is FaultKind.PARTIAL else None
        raw_headers = HTTPHeaderDict()
        for name, value in fields:
            raw_headers.add(name, value)
        response.raw = HTTPResponse(
            body=io.BytesIO(body if cut is None else cut),
            headers=raw_headers,
            status=reply.status,
            preload_content=False,
            decode_content=True,
            # a HEAD reply announces a body it does not send; a cut one must fail
            enforce_content_length=cut is not None,
            request_method=method,
        )
        response.url = url
        response.request = request
        response.connection = self  # type: ignore[assignment]  # stubs say HTTPAdapter
        response.encoding = get_encoding_from_headers(headers)
        return response

    def close(self) -> None:
        """Nothing to release: there are no connections."""

    @contextlib.contextmanager
    def intercept(self) -> Iterator[LogicAppsAdapter]:
        """Route Logic Apps URLs of every ``requests.Session`` to this adapter while open.

        Other URLs (the socket server's included) keep their usual adapters. Patches
        ``requests.Session.get_adapter`` and restores it on exit.
        """
        original = requests.Session.get_adapter
        adapter = self

        def get_adapter(self: requests.Session, url: str) -> BaseAdapter:
            if adapter.handles(url):
                return adapter
            return original(self, url)

        requests.Session.get_adapter = get_adapter  # type: ignore[method-assign]
        try:
            yield self
        finally:
            requests.Session.get_adapter = original  # type: ignore[method-assign]

    def __repr__(self) -> str:
        return f"<LogicAppsAdapter for {self.engine!r}>"


def _dropped(kind: FaultKind, request: PreparedRequest) -> requests.ConnectionError:
    """The error requests raises when the connection is reset, or closed before any reply."""
    cause: OSError | http.client.HTTPException
    if kind is FaultKind.RESET:
        cause = ConnectionResetError(errno.ECONNRESET, "Connection reset by peer")
    else:
        cause = http.client.RemoteDisconnected("Remote end closed connection without response")
    return requests.ConnectionError(ProtocolError("Connection aborted.", cause), request=request)


def _host_header(url: str) -> str:
    """The Host header http.client sends: the authority without user info or default port."""
    parts = urlsplit(url)
    authority = parts.netloc.rpartition("@")[2]
    port = parts.port
    if port is not None and port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        authority = authority.rsplit(":", 1)[0]
    return authority


def _body_bytes(body: object) -> bytes:
    """The bytes requests would send for a prepared body (str as http.client encodes it).

    :raises TypeError: for a body requests could not send either.
    """
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("iso-8859-1")
    read = getattr(body, "read", None)
    if callable(read):
        return _body_bytes(read())
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, Iterable):  # a generator: requests sends it chunked
        return b"".join(_body_bytes(chunk) for chunk in body)
    raise TypeError(f"cannot send a request body of type {type(body).__name__}")


def _read_timeout(timeout: object) -> float | None:
    """The read part of a requests ``timeout`` (a number, a pair or a urllib3 Timeout)."""
    if timeout is None:
        return None
    if isinstance(timeout, tuple):
        return None if timeout[1] is None else float(timeout[1])
    if isinstance(timeout, (int, float)):
        return float(timeout)
    read = getattr(timeout, "read_timeout", None)
    return float(read) if isinstance(read, (int, float)) else None
