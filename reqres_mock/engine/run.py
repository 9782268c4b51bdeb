"""A run: one call that reached the mock, what the workflow did with it and what was replied."""

from __future__ import annotations

import contextlib
import itertools
import random
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from reqres_mock.config import Choice
from reqres_mock.errors import WaitTimeoutError
from reqres_mock.exchange import redact
from reqres_mock.language.datetimes import EPOCH_TICKS

if TYPE_CHECKING:
    from collections.abc import Callable

    from reqres_mock.definitions.actions import ActionResult
    from reqres_mock.definitions.outbound import OutboundCall
    from reqres_mock.engine.asynchronous import AsyncOperation, Poll
    from reqres_mock.engine.faults import Fault
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.errors import Reminder
    from reqres_mock.exchange import InboundRequest, Reply
    from reqres_mock.protocol.response import Response

_counter = itertools.count()

#: The conditions runs wait on, shared in stripes: a run is journalled for a long time after it
#: ended, and a Condition of its own (a lock, a deque and five bound methods, all tracked by the
#: garbage collector) per stored run made full collections scan ~10 more objects per call; the
#: pauses that caused were the server's latency tail under load (issue 19). Waiters re-check
#: their own predicate, so a wake-up meant for another run of the same stripe is harmless, and
#: no code holds two runs' conditions at once (nothing runs under one but field updates).
_STRIPES = tuple(threading.Condition() for _ in range(64))


def new_run_id(*, scale_unit: int | None = None) -> str:
    """A run id made as Logic Apps makes one, unique per process: 20 digits of
    ``long.MaxValue - DateTime.UtcNow.Ticks`` (newer runs sort first, and the id tells when the
    run was made), 9 more digits, ``CU`` and the scale unit's two digits (random unless given;
    the Standard runtime's are ``00``).

    Evidence: every ScoreUnder/IllogicApps trace (TestData/*/trace-*.txt) — e.g. run
    ``08584696367670655220902005966CU00`` started 2024-11-18T22:48:38.412074Z, whose ticks are
    ``long.MaxValue - 08584696367670655067`` (153 ticks earlier, when the id was made).
    """
    reversed_ticks = 2**63 - 1 - (EPOCH_TICKS + time.time_ns() // 100)
    serial = next(_counter) % 10**9
    unit = random.randrange(100) if scale_unit is None else scale_unit
    return f"{reversed_ticks:020d}{serial:09d}CU{unit:02d}"


class RunStatus(Choice):
    """Where a run stands. ``REJECTED`` marks a call refused before any run started;
    ``SKIPPED`` a call whose trigger conditions were false (no run, as in Logic Apps)."""

    RUNNING = "Running"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"
    CANCELLED = "Cancelled"
    TIMED_OUT = "TimedOut"
    WAITING = "Waiting"
    SKIPPED = "Skipped"
    REJECTED = "Rejected"


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(eq=False, slots=True)
class Run:
    """One journalled call.

    A call refused before a run exists (401, 404, 400...) is journalled too, with status
    ``Rejected``; ``workflow`` is ``None`` when it matched no workflow at all.

    :ivar trigger_outputs: ``headers``, ``body``, ``queries``, ``relativePathParameters``.
    :ivar reply: what the caller was sent (``None`` until decided).
    :ivar response: what the Response action produced, even when it came too late.
    :ivar responded_late: the Response came after the caller had been sent 504.
    :ivar reminders: reminders raised by this call.
    :ivar error: an exception raised while running (a Response callable, for example).
    :ivar near_misses: for unmatched calls, why each workflow did not match.
    :ivar trigger_record: what ``trigger()`` returns in the run's expressions.
    :ivar actions: each action's result (status, inputs, outputs, error), in the order run;
        inside a loop, the last iteration's inputs and outputs, with the status of all the
        iterations and the error of the first iteration that ended with it. While the run goes
        on, an action that started and has not ended shows status ``Running`` (``Waiting``: a
        webhook action waiting for its callback), no ``end_time`` and no outputs (inside a
        loop, an action shows once an iteration of it ended).
    :ivar repetitions: for actions inside loops, every iteration's result, in the order run.
    :ivar variables: the workflow variables when the run ended.
    :ivar failure: the run's error (``code``, ``message``) when it failed.
    :ivar terminated: a Terminate action ended the run (whatever status it gave it).
    :ivar outbound: every attempt of every outbound call (Http, connectors, functions,
        workflows), in order: request, reply, attempt number.
    :ivar fault: the :class:`~reqres_mock.engine.faults.Fault` injected into this call, if any
        (``reply`` is ``None`` when it reset or closed the connection without a reply).
    :ivar rate_limit_headers: the ``x-ms-ratelimit-*`` headers of its replies (Consumption).
    """

    id: str
    request: InboundRequest
    workflow: str | None = None
    trigger: str | None = None
    status: RunStatus = RunStatus.RUNNING
    trigger_outputs: dict[str, Any] = field(default_factory=dict)
    client_tracking_id: str = ""
    correlation_id: str = ""
    started_at: datetime = field(default_factory=_now)
    ended_at: datetime | None = None
    reply: Reply | None = None
    replied_at: datetime | None = None
    response: Response | None = None
    responded_late: bool = False
    client_disconnected: bool = False
    reminders: list[Reminder] = field(default_factory=list)
    error: BaseException | None = None
    near_misses: list[str] = field(default_factory=list)
    trigger_record: dict[str, Any] = field(default_factory=dict)
    actions: dict[str, ActionResult] = field(default_factory=dict)
    repetitions: dict[str, list[ActionResult]] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    failure: dict[str, str] | None = None
    terminated: bool = False
    outbound: list[OutboundCall] = field(default_factory=list)
    fault: Fault | None = None
    rate_limit_headers: list[tuple[str, str]] = field(default_factory=list)
    operation: AsyncOperation | None = field(default=None, repr=False)
    workflow_ref: Workflow | None = field(default=None, repr=False)
    _sent: bool = field(default=False, repr=False)
    # Hooks hold closures over the caller's reply slot: dropped when the run ends, so a stored
    # run keeps none of them alive (fewer objects for the garbage collector to scan).
    _finish_hooks: list[Callable[[], None]] | None = field(default=None, repr=False)
    _cancel_hooks: list[Callable[[], None]] | None = field(default=None, repr=False)

    @property
    def _cond(self) -> threading.Condition:
        return _STRIPES[hash(self.id) % len(_STRIPES)]

    @property
    def accepted(self) -> bool:
        """Whether the call started a run (it was not rejected nor skipped)."""
        return self.status not in (RunStatus.REJECTED, RunStatus.SKIPPED)

    @property
    def matched(self) -> bool:
        """Whether the call was addressed to a known workflow."""
        return self.workflow is not None

    @property
    def duration(self) -> float | None:
        """Seconds from arrival to the end of the run, once it ended."""
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()

    @property
    def done(self) -> bool:
        """The run has ended and its caller's reply is decided."""
        replied = self.reply is not None or (self.fault is not None and not self.fault.sends_reply)
        return replied and self.ended_at is not None

    def wait(self, timeout: float = 5.0) -> Run:
        """Block until the run has ended and its reply is decided.

        :raises WaitTimeoutError: when that takes longer than ``timeout`` seconds.
        """
        with self._cond:
            if not self._cond.wait_for(lambda: self.done, timeout):
                raise WaitTimeoutError(
                    f"run {self.id} of workflow {self.workflow!r} is still {self.status} after "
                    f"{timeout} s"
                )
        return self

    @property
    def reply_sent(self) -> bool:
        """The transport has written the reply (or found the caller gone)."""
        return self._sent

    def wait_reply_sent(self, timeout: float = 5.0) -> Run:
        """Block until the transport has written the reply, or found the caller gone
        (then :attr:`client_disconnected` is true).

        :raises WaitTimeoutError: when that takes longer than ``timeout`` seconds.
        """
        with self._cond:
            if not self._cond.wait_for(lambda: self._sent, timeout):
                raise WaitTimeoutError(
                    f"the reply to run {self.id} was not sent within {timeout} s"
                )
        return self

    def mark_sent(self, *, disconnected: bool = False) -> None:
        """Transports call this once the reply was written (or the caller was gone)."""
        with self._cond:
            if disconnected:
                self.client_disconnected = True
            self._sent = True
            self._cond.notify_all()

    def set_reply(self, reply: Reply) -> None:
        """Decide the caller's reply; the first one set wins."""
        body = self.request.body
        if reply.body is not body and reply.body == body and body:
            # An echo (the Response sends the request body back): keep one copy of the bytes.
            reply = replace(reply, body=body)
        with self._cond:
            if self.reply is None:
                self.reply = reply
                self.replied_at = _now()
            self._cond.notify_all()

    @property
    def polls(self) -> list[Poll]:
        """Polls of an asynchronous run's Location (when, and the status answered)."""
        return list(self.operation.polls) if self.operation is not None else []

    def on_finish(self, hook: Callable[[], None]) -> None:
        """Call ``hook()`` once when the run ends (releasing its concurrency slot...)."""
        with self._cond:
            if self._finish_hooks is None:
                self._finish_hooks = []
            self._finish_hooks.append(hook)

    def finish(self, status: RunStatus) -> None:
        """End the run with ``status``; only the first call counts, and runs the hooks."""
        with self._cond:
            first = self.ended_at is None
            if first:
                self.status = status
                self.ended_at = _now()
            hooks = (self._finish_hooks or []) if first else []
            self._finish_hooks = None
            if status is not RunStatus.CANCELLED:
                self._cancel_hooks = None  # it can no longer be cancelled
            self._cond.notify_all()
        for hook in hooks:
            hook()

    def on_cancel(self, hook: Callable[[], None]) -> None:
        """Call ``hook`` once if the run is cancelled: on the cancelling thread, or at once
        when the run was cancelled already."""
        with self._cond:
            if self.status is not RunStatus.CANCELLED:
                if self.ended_at is None:
                    if self._cancel_hooks is None:
                        self._cancel_hooks = []
                    self._cancel_hooks.append(hook)
                return
        hook()

    def cancel(self) -> bool:
        """Cancel the run if it is still going, as Azure's ``runs/{id}/cancel`` does.

        The run ends ``Cancelled``; actions not yet run never run; a caller still waiting for
        the Response gets what Logic Apps sends when a run ends without one (502
        ``NoResponse``, ``x-ms-failure-cause: Trigger``). A caller already answered keeps its
        answer.

        :returns: ``False`` when the run had already ended (or never started: a rejected or
            skipped call), so there was nothing to cancel.
        """
        with self._cond:
            if self.ended_at is not None or not self.accepted:
                return False
        self.finish(RunStatus.CANCELLED)
        if self.status is not RunStatus.CANCELLED:
            return False  # it ended on its own meanwhile
        with self._cond:  # hooks added from now on run at once (on_cancel)
            hooks, self._cancel_hooks = self._cancel_hooks or [], None
        for hook in hooks:
            hook()
        return True

    @property
    def cancelled(self) -> bool:
        """Whether the run ended by :meth:`cancel` (or by the server stopping it)."""
        return self.status is RunStatus.CANCELLED

    def summary(self) -> str:
        """One line: method, path without the signature, status and error code."""
        status = self.reply.status if self.reply is not None else "..."
        code = f" fault {self.fault}" if self.fault is not None else ""
        if self.fault is not None and not self.fault.sends_reply:
            status = "no reply"
        elif self.reply is not None and self.reply.status >= 400:
            with contextlib.suppress(ValueError, KeyError, TypeError):
                code = " " + str(self.reply.json()["error"]["code"]) + code
        return f"{self.request.method} {redact(self.request.target)} -> {status}{code}"

    @property
    def error_code(self) -> str | None:
        """The ``error.code`` of a 4xx/5xx reply's body (``None`` otherwise)."""
        return self._reply_error().get("code")

    @property
    def error_message(self) -> str | None:
        """The ``error.message`` of a 4xx/5xx reply's body (``None`` otherwise)."""
        return self._reply_error().get("message")

    def _reply_error(self) -> dict[str, str]:
        if self.reply is None or self.reply.status < 400:
            return {}
        try:
            error = self.reply.json()["error"]
        except (ValueError, KeyError, TypeError):
            return {}
        if not isinstance(error, dict):
            return {}
        return {k: str(error[k]) for k in ("code", "message") if error.get(k) is not None}


class ResponseSlot:
    """Hands the reply from the run (worker side) to the waiting caller (request side).

    Exactly one of the two wins: the run's reply if it comes before the deadline, else the
    caller's timeout. Waiting blocks on a condition: it costs no CPU.
    """

    __slots__ = ("_abandoned", "_cond", "_reply")

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._reply: Reply | None = None
        self._abandoned = False

    def offer(self, reply: Reply) -> bool:
        """Deliver ``reply``; ``False`` when the caller already gave up or got another reply."""
        with self._cond:
            if self._abandoned or self._reply is not None:
                return False
            self._reply = reply
            self._cond.notify_all()
            return True

    def take(self, timeout: float) -> Reply | None:
        """Wait up to ``timeout`` seconds for the reply; ``None`` (and abandon) on timeout."""
        with self._cond:
            self._cond.wait_for(lambda: self._reply is not None, timeout)
            if self._reply is None:
                self._abandoned = True
            return self._reply
