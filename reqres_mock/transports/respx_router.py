"""httpx in process: a respx router whose Logic Apps route is answered by the engine.

Needs the ``respx`` extra (``pip install 'reqres-mock[respx]'``). Sync and async clients are
both served; async calls run the engine in a worker thread, so the event loop goes on while a
call waits for its Response.
"""

from __future__ import annotations

import contextvars
from typing import TYPE_CHECKING

import anyio
import anyio.to_thread
import httpx
import respx
from respx.models import AllMockedAssertionError, PassThrough, SideEffectError

from reqres_mock.engine.faults import FaultKind
from reqres_mock.protocol.hosts import origin
from reqres_mock.transports.inprocess import Handoff, Interception, call, inbound, wire_reply

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator
    from typing import Any, TypeAlias

    from respx.models import ResolvedRoute

    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.engine.run import Run
    from reqres_mock.exchange import InboundRequest, Reply

    #: What answering a request gives: a response, one to await (async clients), or
    #: ``None`` for a call that is not the engine's.
    _Answer: TypeAlias = httpx.Response | Coroutine[Any, Any, httpx.Response] | None

#: Set while the router resolves a request of an async client.
_ASYNC = contextvars.ContextVar("reqres_mock_respx_async", default=False)


class _EngineRoute(respx.Route):
    """The router's Logic Apps route: answered by the engine, equal only to itself.

    Calling the engine directly spares respx's per-call side-effect introspection; identity
    equality keeps a catch-all route a user adds (``router.route()``) from replacing it.
    """

    def __init__(self, answer: Callable[[httpx.Request], _Answer]) -> None:
        super().__init__()
        self._engine_answer = answer

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__

    def resolve(self, request: httpx.Request, **kwargs: Any) -> _Answer:
        try:
            return self._engine_answer(request)
        except Exception as err:  # recorded on the route, then raised to the caller
            raise SideEffectError(self, origin=err) from err


class LogicAppsRouter(respx.MockRouter):
    """A respx router answering Logic Apps URLs with an engine, without a socket.

    Its first route, named ``"logic-apps"``, takes calls to ``*.logic.azure.com``, Standard
    trigger paths on ``*.azurewebsites.net`` and the engine's own base URL (a listening
    server's socket URL). Routes you add to the router serve other hosts; a call nothing
    matches fails with respx's ``AllMockedAssertionError``, unless ``pass_through`` lets it
    go to the network. Use it as a context manager or decorator, like any respx router::

        with server.respx():
            httpx.post(wf.callback_url, json={})

    :param engine: the engine (or :class:`~reqres_mock.MockServer`) that answers.
    :param pass_through: ``True`` lets every other call reach the network; an iterable
        lets calls to those hosts (``"localhost"``) or URL prefixes (``"http://db:8080"``)
        through.
    """

    def __init__(self, engine: Engine, *, pass_through: bool | Iterable[str] = False) -> None:
        super().__init__(assert_all_called=False, assert_all_mocked=True)
        self.engine = engine
        self._intercepts = Interception(engine, own_base_url=True)
        self._pass_all = pass_through is True
        entries = [] if isinstance(pass_through, bool) else [str(p) for p in pass_through]
        self._pass_prefixes = tuple(p.lower() for p in entries if "://" in p)
        self._pass_hosts = frozenset(p.lower() for p in entries if "://" not in p)
        self.logic_apps = self.add(_EngineRoute(self._answer), name="logic-apps")

    # -- routing ------------------------------------------------------------------------------

    def resolve(self, request: httpx.Request) -> ResolvedRoute:
        try:
            return super().resolve(request)
        except AllMockedAssertionError:
            self._maybe_pass(request)
            raise

    async def aresolve(self, request: httpx.Request) -> ResolvedRoute:
        token = _ASYNC.set(True)
        try:
            return await super().aresolve(request)
        except AllMockedAssertionError:
            self._maybe_pass(request)
            raise
        finally:
            _ASYNC.reset(token)

    def _maybe_pass(self, request: httpx.Request) -> None:
        url = str(request.url)
        host = (request.url.host or "").lower()
        if (
            self._pass_all
            or host in self._pass_hosts
            or url.lower().startswith(self._pass_prefixes)
        ):
            raise PassThrough(
                f"reqres-mock: {request.method} {url} passes through",
                request=request,
                origin=self.logic_apps,
            ) from None

    # -- answering ----------------------------------------------------------------------------

    def _answer(self, request: httpx.Request) -> _Answer:
        target = request.url.raw_path.decode("ascii")
        if not self._intercepts(str(request.url), target.partition("?")[0]):
            return None  # not ours: later routes, pass-through or respx's error decide
        call_request = inbound(
            method=request.method,
            url=str(request.url),
            target=target,
            headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw],
            body=request.content,
        )
        timeouts = request.extensions.get("timeout") or {}
        wait = timeouts.get("read")
        if _ASYNC.get():
            return self._answer_async(request, call_request, wait)
        result = call(self.engine, call_request, wait)
        if result is None:
            raise _timed_out(request, wait)
        return _response(request, *result)

    async def _answer_async(
        self, request: httpx.Request, call_request: InboundRequest, wait: float | None
    ) -> httpx.Response:
        handoff = Handoff()
        result: tuple[Run, Reply] | None
        try:
            with anyio.move_on_after(wait):
                await anyio.to_thread.run_sync(
                    handoff.run, self.engine, call_request, abandon_on_cancel=True
                )
        except BaseException:  # cancelled: the caller is gone, whatever the engine says
            result = handoff.take()
            if result is not None:
                result[0].mark_sent(disconnected=True)
            raise
        result = handoff.take()
        if result is None:
            raise _timed_out(request, wait)
        result[0].mark_sent()
        return _response(request, *result)

    def __repr__(self) -> str:
        return f"<LogicAppsRouter for {origin(self.engine.base_url)[1]}, {len(self.routes)} routes>"


def _response(request: httpx.Request, run: Run, reply: Reply) -> httpx.Response:
    """httpx's response to ``reply``; or httpx's own error when a fault dropped the line."""
    fault = run.fault
    if fault is not None and fault.kind is FaultKind.RESET:
        raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request)
    if fault is not None and fault.kind is FaultKind.EMPTY:
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )
    fields, body = wire_reply(request.method, reply, request.headers.get("Accept-Encoding"))
    if fault is not None and fault.kind is FaultKind.PARTIAL:
        stream = _CutStream(fault.cut(body), len(body), request)
        return httpx.Response(reply.status, headers=fields, stream=stream, request=request)
    # A stream, not content=: httpx would add a Content-Length to a chunked reply.
    return httpx.Response(
        reply.status, headers=fields, stream=httpx.ByteStream(body), request=request
    )


class _CutStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that ends early: its part, then the error httpx raises for a closed connection."""

    def __init__(self, part: bytes, expected: int, request: httpx.Request) -> None:
        self._part = part
        self._expected = expected
        self._request = request

    def _broken(self) -> httpx.RemoteProtocolError:
        return httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body "
            f"(received {len(self._part)} bytes, expected {self._expected})",
            request=self._request,
        )

    def __iter__(self) -> Iterator[bytes]:
        if self._part:
            yield self._part
        raise self._broken()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._part:
            yield self._part
        raise self._broken()


def _timed_out(request: httpx.Request, wait: float | None) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(
        f"reqres-mock: no reply within the client's read timeout ({wait} s)", request=request
    )
