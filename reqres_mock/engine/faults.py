"""Faults on demand: the failure modes a caller of a Logic App must survive, injected by a test.

A :class:`Fault` is transport-neutral data. The engine draws one from a workflow's
:class:`FaultPlan` (then the server's) for each trigger call, before the workflow sees it:

- ``throttled``, ``server_error`` and ``timeout`` become a :class:`Reply` (429, 5xx, 504); no
  run starts;
- ``reset``, ``empty`` and ``partial`` are carried out by the transport (the socket server
  resets or closes the connection; the in-process transports raise their library's own
  connection error); no run starts;
- ``slow`` and ``delay`` let the call run as usual; the transport delivers the real reply late
  or trickled.

A plan holds a sequence (consumed first, call by call) and rate rules (a seeded coin per call),
so ``inject(a, b)`` faults the next two calls and ``inject(a, rate=0.1, seed=7)`` the same 10 %
of calls for the same seed (:mod:`reqres_mock.engine.faultplan`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reqres_mock.config import Choice, parse_choice
from reqres_mock.errors import ConfigurationError
from reqres_mock.exchange import Headers, Reply
from reqres_mock.protocol import replies
from reqres_mock.protocol.headers import ratelimit_headers

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from reqres_mock.protocol.replies import Failure

#: The statuses ``Fault.server_error`` can answer.
SERVER_ERROR_STATUSES = (500, 502, 503)
_PARTIAL_MESSAGE = "reqres-mock Fault.partial(): the connection closes before the end of this body."
#: The slow trickle sends a piece this often (seconds), sized to the rate.
_TRICKLE_TICK = 0.05


class FaultKind(Choice):
    """What a fault does to a call."""

    THROTTLED = "throttled"
    SERVER_ERROR = "server_error"
    TIMEOUT = "timeout"
    RESET = "reset"
    EMPTY = "empty"
    PARTIAL = "partial"
    SLOW = "slow"
    DELAY = "delay"


#: Faults whose call starts a run; the reply is delivered late.
_RUNS = frozenset({FaultKind.SLOW, FaultKind.DELAY})
#: Faults that end the connection without a whole reply.
_DROPS = frozenset({FaultKind.RESET, FaultKind.EMPTY, FaultKind.PARTIAL})


def _seconds(value: object, name: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigurationError(f"{name} must be a number of seconds, got {value!r}")
    if value < 0 or (positive and value == 0):
        sign = "positive" if positive else "zero or more"
        raise ConfigurationError(f"{name} must be {sign}, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Fault:
    """One failure a call meets. Make it with the class methods: ``Fault.throttled(2)``...

    :ivar kind: the :class:`FaultKind`.
    :ivar retry_after: ``Retry-After`` seconds (throttled; optional on server_error 503).
    :ivar status: the status of a server_error.
    :ivar first_byte: seconds before the first reply byte (slow), or the whole delay (delay).
    :ivar bytes_per_second: trickle rate of a slow reply (``None``: all at once).
    :ivar fraction: the share of the body a partial reply sends before closing.
    """

    kind: FaultKind
    retry_after: int | None = None
    status: int | None = None
    first_byte: float = 0.0
    bytes_per_second: float | None = None
    fraction: float = 0.5

    # -- the kinds ----------------------------------------------------------------------------

    @classmethod
    def throttled(cls, retry_after: int = 1) -> Fault:
        """429 ``WorkflowRequestsThrottled`` with ``Retry-After`` and the ``x-ms-ratelimit-*``
        headers at zero; no run starts."""
        if isinstance(retry_after, bool) or not isinstance(retry_after, int) or retry_after < 0:
            raise ConfigurationError(
                f"retry_after must be whole seconds, zero or more (HTTP's Retry-After), "
                f"got {retry_after!r}"
            )
        return cls(FaultKind.THROTTLED, retry_after=retry_after)

    @classmethod
    def server_error(cls, status: int = 500, *, retry_after: int | None = None) -> Fault:
        """500 ``InternalServerError``, 502 ``NoResponse`` or 503 ``ServiceUnavailable`` at
        once; no run starts."""
        if status not in SERVER_ERROR_STATUSES:
            raise ConfigurationError(
                f"server_error status must be one of {', '.join(map(str, SERVER_ERROR_STATUSES))}"
                f", got {status!r}"
            )
        if retry_after is not None and (
            isinstance(retry_after, bool) or not isinstance(retry_after, int) or retry_after < 0
        ):
            raise ConfigurationError(f"retry_after must be whole seconds, got {retry_after!r}")
        return cls(FaultKind.SERVER_ERROR, status=status, retry_after=retry_after)

    @classmethod
    def timeout(cls) -> Fault:
        """504 ``ResponseTimeout`` at once (no waiting for the deadline); no run starts."""
        return cls(FaultKind.TIMEOUT)

    @classmethod
    def reset(cls) -> Fault:
        """The connection is reset (TCP RST) before any reply byte; no run starts."""
        return cls(FaultKind.RESET)

    @classmethod
    def empty(cls) -> Fault:
        """The connection is closed without any reply; no run starts."""
        return cls(FaultKind.EMPTY)

    @classmethod
    def partial(cls, fraction: float = 0.5) -> Fault:
        """Status line, headers (a ``Content-Length`` of the whole body) and ``fraction`` of a
        200 body, then the connection closes; no run starts."""
        if isinstance(fraction, bool) or not isinstance(fraction, (int, float)):
            raise ConfigurationError(f"fraction must be a number, got {fraction!r}")
        if not 0 <= fraction < 1:
            raise ConfigurationError(f"fraction must be at least 0 and below 1, got {fraction!r}")
        return cls(FaultKind.PARTIAL, fraction=float(fraction))

    @classmethod
    def slow(cls, first_byte: float = 0.0, bytes_per_second: float | None = None) -> Fault:
        """The real reply, its first byte ``first_byte`` seconds late, then trickled at
        ``bytes_per_second`` (all at once when ``None``)."""
        first = _seconds(first_byte, "first_byte")
        rate = None
        if bytes_per_second is not None:
            rate = _seconds(bytes_per_second, "bytes_per_second", positive=True)
        return cls(FaultKind.SLOW, first_byte=first, bytes_per_second=rate)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """The real reply, ``seconds`` late."""
        return cls(FaultKind.DELAY, first_byte=_seconds(seconds, "seconds"))

    # -- what it means ------------------------------------------------------------------------

    @property
    def starts_run(self) -> bool:
        """Whether the call still reaches the workflow (slow, delay)."""
        return self.kind in _RUNS

    @property
    def drops_connection(self) -> bool:
        """Whether the transport ends the connection without a whole reply."""
        return self.kind in _DROPS

    @property
    def sends_reply(self) -> bool:
        """Whether the caller gets any reply bytes (all but reset and empty)."""
        return self.kind not in (FaultKind.RESET, FaultKind.EMPTY)

    def failure(self, workflow: str, tracking_id: str) -> Failure | None:
        """The error a throttled / server_error / timeout call is answered with, else ``None``."""
        if self.kind is FaultKind.THROTTLED:
            return replies.requests_throttled(workflow)
        if self.kind is FaultKind.TIMEOUT:
            return replies.response_timeout(tracking_id)
        if self.kind is FaultKind.SERVER_ERROR:
            return replies.front_end_error(self.status or 500, tracking_id)
        return None

    def headers(self, method: str) -> list[tuple[str, str]]:
        """Headers the fault adds to its error reply (``Retry-After``, rate limits)."""
        fields: list[tuple[str, str]] = []
        if self.kind is FaultKind.THROTTLED:
            fields += ratelimit_headers(method, burst=0, download=0, upload=0, direct_api_time=0)
        if self.retry_after is not None:
            fields.append(("Retry-After", str(self.retry_after)))
        return fields

    def cut(self, body: bytes) -> bytes:
        """The part of ``body`` a partial reply sends (always short of the whole)."""
        return body[: min(int(len(body) * self.fraction), max(len(body) - 1, 0))]

    def pieces(self, data: bytes) -> Iterator[tuple[float, bytes]]:
        """``(pause, piece)`` pairs that deliver ``data`` as this fault says: the first pause
        is the delay before the first byte, the next ones pace the trickle."""
        if self.bytes_per_second is None or not data:
            yield self.first_byte, data
            return
        size = max(1, math.ceil(self.bytes_per_second * _TRICKLE_TICK))
        pause = self.first_byte
        for start in range(0, len(data), size):
            piece = data[start : start + size]
            yield pause, piece
            pause = len(piece) / self.bytes_per_second

    def duration(self, size: int) -> float:
        """Seconds a reply of ``size`` bytes takes to deliver under this fault."""
        if self.bytes_per_second is None or size == 0:
            return self.first_byte
        size_piece = max(1, math.ceil(self.bytes_per_second * _TRICKLE_TICK))
        return self.first_byte + max(size - size_piece, 0) / self.bytes_per_second

    # -- as data (admin API, CLI, run history) -------------------------------------------------

    def describe(self) -> dict[str, Any]:
        """JSON-ready, in the admin API's spelling: ``{"kind": "throttled", "retryAfter": 2}``."""
        shown: dict[str, Any] = {"kind": self.kind.value}
        if self.kind in (FaultKind.THROTTLED, FaultKind.SERVER_ERROR):
            if self.status is not None:
                shown["status"] = self.status
            if self.retry_after is not None:
                shown["retryAfter"] = self.retry_after
        elif self.kind is FaultKind.PARTIAL:
            shown["fraction"] = self.fraction
        elif self.kind is FaultKind.SLOW:
            shown["firstByte"] = self.first_byte
            if self.bytes_per_second is not None:
                shown["bytesPerSecond"] = self.bytes_per_second
        elif self.kind is FaultKind.DELAY:
            shown["seconds"] = self.first_byte
        return shown

    def __str__(self) -> str:
        params = ", ".join(f"{k}={v}" for k, v in self.describe().items() if k != "kind")
        return f"{self.kind.value}({params})"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Fault:
        """A fault from the admin API's spelling (see :meth:`describe`); snake_case works too.

        :raises ConfigurationError: for an unknown kind or parameter, or a bad value.
        """
        if not isinstance(data, dict) or "kind" not in data:
            raise ConfigurationError(f'a fault is an object with a "kind", got {data!r}')
        kind = FaultKind(parse_choice(FaultKind, data["kind"], "kind"))
        given: dict[str, Any] = {
            _PYTHON_NAMES.get(str(k), str(k)): whole(v)
            for k, v in data.items()
            if k != "kind" and v is not None  # null: not given
        }
        allowed = _PARAMETERS[kind]
        # an unknown name is refused whatever its value: null only leaves a known one unset
        named = {_PYTHON_NAMES.get(str(k), str(k)) for k in data if k != "kind"}
        unknown = sorted(named - set(allowed))
        if unknown:
            valid = (
                ", ".join(f"{_JSON_NAMES[p]} ({p})" if p in _JSON_NAMES else p for p in allowed)
                or "none"
            )
            raise ConfigurationError(
                f"fault {kind.value!r} takes no {', '.join(map(repr, unknown))}; "
                f"its parameters: {valid}"
            )
        maker = getattr(cls, kind.value)
        try:
            fault: Fault = maker(**given)
        except TypeError as err:
            raise ConfigurationError(f"fault {kind.value!r}: {err}") from err
        return fault

    @classmethod
    def parse(cls, text: str) -> Fault:
        """A fault from the command line's spelling: ``kind`` or ``kind:name=value,...``
        (``throttled:retry_after=2``, ``server_error:status=503``, ``slow:first_byte=1.5``).

        :raises ConfigurationError: for anything else, saying what is expected.
        """
        kind, _, rest = text.strip().partition(":")
        data: dict[str, Any] = {"kind": kind.strip().replace("-", "_")}
        for item in filter(None, (p.strip() for p in rest.split(","))):
            name, eq, value = item.partition("=")
            if not eq:
                raise ConfigurationError(f"fault parameter {item!r} in {text!r} is not name=value")
            data[name.strip().replace("-", "_")] = _number(value.strip(), text)
        return cls.from_json(data)


def whole(value: Any) -> Any:
    """``value``, with a float that is a whole number (JSON's ``2.0``) as an int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number(value: str, text: str) -> int | float:
    try:
        return int(value)
    except ValueError:
        pass
    try:
        return float(value)
    except ValueError:
        raise ConfigurationError(
            f"fault parameter value {value!r} in {text!r} is not a number"
        ) from None


#: Each kind's parameters (Python names), for from_json's diagnosis.
_PARAMETERS: dict[FaultKind, tuple[str, ...]] = {
    FaultKind.THROTTLED: ("retry_after",),
    FaultKind.SERVER_ERROR: ("status", "retry_after"),
    FaultKind.TIMEOUT: (),
    FaultKind.RESET: (),
    FaultKind.EMPTY: (),
    FaultKind.PARTIAL: ("fraction",),
    FaultKind.SLOW: ("first_byte", "bytes_per_second"),
    FaultKind.DELAY: ("seconds",),
}
_JSON_NAMES = {
    "retry_after": "retryAfter",
    "first_byte": "firstByte",
    "bytes_per_second": "bytesPerSecond",
}
_PYTHON_NAMES = {v: k for k, v in _JSON_NAMES.items()}


def error_reply(
    fault: Fault, workflow: str, tracking_id: str, method: str, headers: list[tuple[str, str]]
) -> Reply | None:
    """The reply to a faulted call that gets one at once (throttled, server_error, timeout,
    partial); ``None`` for reset and empty (nothing is sent) and slow/delay (the run answers)."""
    failure = fault.failure(workflow, tracking_id)
    if failure is not None:
        return failure.reply([*headers, *fault.headers(method)])
    if fault.kind is FaultKind.PARTIAL:
        body = json.dumps({"message": _PARTIAL_MESSAGE}, separators=(",", ":")).encode()
        fields = [*headers, ("Content-Type", replies.JSON_CONTENT_TYPE)]
        return Reply(200, Headers(fields), body)
    return None
