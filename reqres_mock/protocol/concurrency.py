"""Trigger concurrency as Logic Apps models it: ``runtimeConfiguration.concurrency``.

At most ``runs`` runs of a workflow are active at once; later ones wait (status ``Waiting``) in
a queue of at most ``maximum_waiting_runs``, and start as active runs end; past the queue the
trigger answers 429. Waiting holds no thread: a waiting run is a continuation in the queue.
"""

from __future__ import annotations

import enum
import threading
from collections import deque
from typing import TYPE_CHECKING

from reqres_mock.errors import DefinitionError

if TYPE_CHECKING:
    from collections.abc import Callable

#: Logic Apps' bounds on the trigger's concurrency settings (the limits page): at most 100
#: runs; at most 100 waiting runs multitenant (Consumption), 200 single-tenant (Standard).
MAX_RUNS = 100
MAX_WAITING_RUNS = 100
MAX_WAITING_RUNS_STANDARD = 200


class Admission(enum.Enum):
    STARTED = "started"
    WAITING = "waiting"
    REFUSED = "refused"


def check_limits(runs: int | None, waiting: int | None, pointer: str) -> tuple[int | None, int]:
    """Validate the settings; the waiting queue defaults to 10 + runs, as in Logic Apps.

    ``maximumWaitingRuns`` is checked against the wider Standard bound here;
    :func:`check_waiting_runs` applies the flavour's.

    :raises DefinitionError: for runs outside 1..100 or waiting runs outside 1..200 (0 with
        Azure's message, https://github.com/MicrosoftDocs/azure-docs/issues/46066).
    """
    if runs is None:
        return None, 0
    for name, value, top in (
        ("runs", runs, MAX_RUNS),
        ("maximumWaitingRuns", waiting, MAX_WAITING_RUNS_STANDARD),
    ):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise DefinitionError(
                f"concurrency {name} must be an integer from 1 to {top}, got {value!r}",
                pointer=pointer,
            )
        if name == "maximumWaitingRuns" and value < 1:
            raise DefinitionError(
                f"The provided value '{value}' of property 'maximumWaitingRuns' is not a "
                "positive integer.",
                pointer=pointer,
            )
        if not 0 <= value <= top:
            raise DefinitionError(
                f"concurrency {name} must be an integer from 1 to {top}, got {value!r}",
                pointer=pointer,
            )
    if runs < 1:
        raise DefinitionError("concurrency runs must be at least 1", pointer=pointer)
    return runs, min(MAX_WAITING_RUNS, 10 + runs) if waiting is None else waiting


def check_waiting_runs(waiting: int | None, *, standard: bool, pointer: str) -> None:
    """The flavour's bound on ``maximumWaitingRuns``: 100 Consumption, 200 Standard.

    :raises DefinitionError: above it.
    """
    top = MAX_WAITING_RUNS_STANDARD if standard else MAX_WAITING_RUNS
    if waiting is not None and waiting > top:
        flavor = "Standard" if standard else "Consumption"
        raise DefinitionError(
            f"concurrency maximumWaitingRuns must be an integer from 1 to {top} on {flavor}, "
            f"got {waiting}",
            pointer=pointer,
        )


class RunLimiter:
    """Counts a workflow's active runs and queues the ones waiting for a slot."""

    def __init__(self, runs: int | None, waiting: int) -> None:
        self.runs = runs
        self.waiting = waiting
        self._lock = threading.Lock()
        self._active = 0
        self._queue: deque[Callable[[], None]] = deque()

    @property
    def active(self) -> int:
        return self._active

    @property
    def queued(self) -> int:
        return len(self._queue)

    def admit(self, record: Callable[[], None], start: Callable[[], None]) -> Admission:
        """Start the run now, queue it, or refuse it (the caller then answers 429).

        ``record`` (journalling the run) is called under the lock for admitted runs, so a
        queued run is always journalled before it can start.
        """
        with self._lock:
            if self.runs is None or self._active < self.runs:
                self._active += 1
                record()
            elif len(self._queue) < self.waiting:
                record()
                self._queue.append(start)
                return Admission.WAITING
            else:
                return Admission.REFUSED
        start()
        return Admission.STARTED

    def release(self) -> None:
        """An active run ended: start the next waiting one, if any."""
        with self._lock:
            if self._queue:
                following = self._queue.popleft()
            else:
                self._active = max(0, self._active - 1)
                return
        following()

    def drain(self) -> list[Callable[[], None]]:
        """Take every waiting run out of the queue (the server is stopping)."""
        with self._lock:
            taken = list(self._queue)
            self._queue.clear()
            return taken
