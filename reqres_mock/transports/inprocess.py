"""In-process transports: calls answered by the engine without a socket.

The respx router (:mod:`reqres_mock.transports.respx_router`, for httpx) and the ``requests``
adapter (:mod:`reqres_mock.transports.requests_adapter`) share this module: they turn their
library's request into an :class:`InboundRequest`, call :meth:`Engine.handle_call` and turn the
:class:`Reply` into their library's response, adding the framing headers the socket server
writes (``Date``,
``Content-Length``). Calls are journalled in the same run history as socket calls.

The engine blocks until the reply is decided (the 504 deadline is enforced inside). A caller
whose own read timeout is shorter than that gets its library's timeout error at its timeout,
as over a socket, and the run is marked ``client_disconnected``; to keep the common case
cheap, a call runs on the caller's thread when its reply is decided at once (a rejection, no
Response action, a static Response without delay, a definition that only computes, and no
closed gate) or the caller would wait longer than the engine anyway, and on a short-lived
thread otherwise.
"""

from __future__ import annotations

import threading
import time
from email.utils import formatdate
from typing import TYPE_CHECKING

from reqres_mock.definitions.actions import CompiledWorkflow
from reqres_mock.exchange import Headers, InboundRequest
from reqres_mock.protocol.encoding import NO_BODY_STATUSES, encode_reply, framing
from reqres_mock.protocol.hosts import is_logic_apps_url, origin
from reqres_mock.protocol.response import Response
from reqres_mock.protocol.routing import parse_route

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.engine.run import Run
    from reqres_mock.exchange import Reply


class Handoff:
    """Hands an engine call's result to a caller that may give up waiting first.

    Exactly one side marks the run sent: the caller when it got the reply, or the engine's
    thread (as ``client_disconnected``) when the caller had already given up.
    """

    __slots__ = ("_abandoned", "_done", "_lock", "_result")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._result: tuple[Run, Reply] | None = None
        self._abandoned = False

    def run(self, engine: Engine, request: InboundRequest) -> None:
        """Answer ``request`` (on the engine's thread) and hand the result over."""
        result = engine.handle_call(request)
        engine.faults.pause(lateness(*result))  # a slow / delayed reply comes late
        with self._lock:
            self._result = result
            abandoned = self._abandoned
        self._done.set()
        if abandoned:
            result[0].mark_sent(disconnected=True)

    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds for the result; whether it came."""
        return self._done.wait(timeout)

    def take(self) -> tuple[Run, Reply] | None:
        """The result, or ``None`` after which the caller has given up for good."""
        with self._lock:
            if self._result is None:
                self._abandoned = True
            return self._result


def answers_at_once(engine: Engine, request: InboundRequest) -> bool:
    """Whether the engine decides the reply to ``request`` without waiting for a Response.

    A best guess made before the call (a gate closed in between makes the call wait).
    """
    route = parse_route(request.path)
    workflow = engine.find_workflow(route) if route is not None else None
    if workflow is None:
        return True
    spec = workflow.response
    if spec is None:
        return True
    gate = workflow.current_gate
    if gate is not None and not gate.is_open:
        return False
    if isinstance(spec, CompiledWorkflow):
        return spec.runs_inline(workflow.stubs)  # computes on the calling thread, never waits
    return isinstance(spec, Response) and not spec.delay


def longest_wait(engine: Engine) -> float:
    """The longest the engine can take to decide a reply: the largest deadline."""
    deadlines = [w.effective_timeout() for w in engine.workflows]
    return max([engine.config.timeout_for(engine.config.flavor), *deadlines])


def call(engine: Engine, request: InboundRequest, wait: float | None) -> tuple[Run, Reply] | None:
    """Answer ``request``, waiting at most ``wait`` seconds (``None``: as long as it takes).

    :returns: the journal entry and reply, or ``None`` when the caller's wait ran out first
        (the run goes on and is marked ``client_disconnected`` once it has a reply).
    """
    if wait is None or wait >= longest_wait(engine) or answers_at_once(engine, request):
        started = time.monotonic()
        run, reply = engine.handle_call(request)
        late = lateness(run, reply)
        if late:
            left = None if wait is None else wait - (time.monotonic() - started)
            if left is not None and run.fault is not None and run.fault.first_byte > left:
                engine.faults.pause(max(left, 0.0))  # the caller's read timeout runs out first
                run.mark_sent(disconnected=True)
                return None
            engine.faults.pause(late)
        run.mark_sent()
        return run, reply
    handoff = Handoff()
    worker = threading.Thread(
        target=handoff.run, args=(engine, request), name="reqres-mock-inprocess-call", daemon=True
    )
    worker.start()
    handoff.wait(max(wait, 0.0))
    result = handoff.take()
    if result is not None:
        result[0].mark_sent()
    return result


def lateness(run: Run, reply: Reply) -> float:
    """Seconds a slow or delayed reply takes to arrive whole (0 without such a fault)."""
    fault = run.fault
    if fault is None or not fault.starts_run:
        return 0.0
    return fault.duration(len(reply.body))


def inbound(
    *,
    method: str,
    url: str,
    target: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
) -> InboundRequest:
    """An :class:`InboundRequest` from a client's request.

    :param url: the absolute URL (its scheme and authority become ``base_url``).
    :param target: the raw request target, path plus query, as it would go on the wire.
    """
    path, _, query = target.partition("?")
    scheme, _, rest = url.partition("://")
    scheme = scheme.lower()
    authority = rest.split("/", 1)[0].split("?", 1)[0].rpartition("@")[2]
    default_port = {"http": ":80", "https": ":443"}.get(scheme)
    if default_port and authority.endswith(default_port):  # as a Host header shows it
        authority = authority[: -len(default_port)]
    return InboundRequest(
        method=method.upper(),
        path=path or "/",
        query_string=query,
        headers=Headers(headers),
        body=body,
        base_url=f"{scheme}://{authority}",
    )


def wire_reply(
    method: str, reply: Reply, accept_encoding: str | None = None
) -> tuple[list[tuple[str, str]], bytes]:
    """The headers and body a client reads, as the socket server frames ``reply`` (gzipped
    when it is compressible and the caller accepts gzip)."""
    reply = encode_reply(reply, accept_encoding)
    fields, _ = framing(reply, formatdate(usegmt=True))  # the library reads chunks itself
    no_body = method.upper() == "HEAD" or reply.status in NO_BODY_STATUSES
    return fields, b"" if no_body else reply.body


class Interception:
    """Which URLs an in-process transport answers with the engine.

    Logic Apps URLs (:func:`~reqres_mock.protocol.hosts.is_logic_apps_url`) always; the engine's own
    base URL too when ``own_base_url`` is true (a listening server's socket URL).
    """

    def __init__(self, engine: Engine, *, own_base_url: bool) -> None:
        self._engine = engine
        self._own = own_base_url

    def __call__(self, url: str, path: str) -> bool:
        try:
            scheme, host, port = origin(url)
        except ValueError:
            return False
        if is_logic_apps_url(host, path):
            return True
        return self._own and (scheme, host, port) == origin(self._engine.base_url)
