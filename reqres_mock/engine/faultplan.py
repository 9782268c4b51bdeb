"""Which call meets which fault: a plan of sequences (consumed first) and seeded rates.

One :class:`FaultPlan` per workflow and one per server; each trigger call draws once from its
workflow's plan, then the server's (:func:`draw`). The plan also paces slow replies for the
transports (:meth:`FaultPlan.pause`), ending every pause when the server stops.
"""

from __future__ import annotations

import random
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reqres_mock.engine.faults import Fault
from reqres_mock.errors import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Sequence

#: The most faults :attr:`FaultPlan.pending` lists.
_SHOWN = 1000


@dataclass
class _Sequence:
    faults: tuple[Fault, ...]
    times: int  # rounds left, the current one included
    index: int = 0

    def take(self) -> Fault:
        fault = self.faults[self.index]
        self.index += 1
        if self.index == len(self.faults):
            self.index, self.times = 0, self.times - 1
        return fault

    def upcoming(self, limit: int) -> list[Fault]:
        ahead = list(self.faults[self.index :]) + list(self.faults) * min(self.times - 1, limit)
        return ahead[:limit]


@dataclass
class _Rate:
    faults: tuple[Fault, ...]
    rate: float
    rng: random.Random
    remaining: int | None

    def draw(self) -> Fault | None:
        if self.remaining == 0:
            return None
        if self.rng.random() >= self.rate:
            return None
        if self.remaining is not None:
            self.remaining -= 1
        return self.faults[0] if len(self.faults) == 1 else self.rng.choice(self.faults)


@dataclass
class FaultPlan:
    """The faults waiting for the calls of one workflow (or of a whole server).

    Thread-safe: every trigger call draws once, under a lock, so a seeded rate faults the same
    calls of the same sequence of calls.
    """

    _queue: deque[_Sequence] = field(default_factory=deque)
    _rates: list[_Rate] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _closed: threading.Event = field(default_factory=threading.Event, repr=False)

    def inject(
        self,
        faults: Sequence[Fault],
        *,
        times: int | None = None,
        rate: float | None = None,
        seed: int | None = None,
    ) -> None:
        """Add ``faults``: without ``rate``, the next calls get them in order (the whole
        sequence ``times`` times over); with ``rate``, each later call gets one with that
        probability (at most ``times`` calls), drawn from ``random.Random(seed)`` (a sequence
        ignores ``seed``).

        :raises ConfigurationError: for no faults, something not a Fault, or a bad number.
        """
        if not faults:
            raise ConfigurationError("inject() needs at least one Fault, e.g. Fault.reset()")
        for fault in faults:
            if not isinstance(fault, Fault):
                raise ConfigurationError(
                    f"inject() takes Fault objects (Fault.throttled(), ...), got {fault!r}"
                )
        if times is not None and (
            isinstance(times, bool) or not isinstance(times, int) or times < 1
        ):
            raise ConfigurationError(
                f"times must be a whole number of calls, 1 or more, got {times!r}"
            )
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ConfigurationError(f"seed must be an integer, got {seed!r}")
        if rate is None:
            with self._lock:
                self._queue.append(_Sequence(tuple(faults), times or 1))
            return
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate <= 1:
            raise ConfigurationError(f"rate must be a probability above 0, at most 1, got {rate!r}")
        rule = _Rate(tuple(faults), float(rate), random.Random(seed), times)
        with self._lock:
            self._rates.append(rule)

    def clear(self) -> None:
        """Forget every pending fault and rate."""
        with self._lock:
            self._queue.clear()
            self._rates.clear()

    def draw(self) -> Fault | None:
        """The fault for the next call, if any: the sequence first, then each rate in turn."""
        with self._lock:
            if self._queue:
                taken = self._queue[0].take()
                if self._queue[0].times == 0:
                    self._queue.popleft()
                return taken
            for rule in self._rates:
                drawn = rule.draw()
                if drawn is not None:
                    return drawn
            self._rates = [r for r in self._rates if r.remaining != 0]
            return None

    @property
    def pending(self) -> list[Fault]:
        """The faults the next calls will get, in order (rates not included; at most 1,000)."""
        with self._lock:
            ahead: list[Fault] = []
            for sequence in self._queue:
                ahead += sequence.upcoming(_SHOWN - len(ahead))
            return ahead

    def describe(self) -> dict[str, Any]:
        """JSON-ready: the sequences (``next``: index of the next fault, ``times``: rounds left,
        the current one included) and the rate rules."""
        with self._lock:
            return {
                "sequences": [
                    {
                        "faults": [f.describe() for f in q.faults],
                        "next": q.index,
                        "times": q.times,
                    }
                    for q in self._queue
                ],
                "rates": [
                    {
                        "faults": [f.describe() for f in r.faults],
                        "rate": r.rate,
                        "remaining": r.remaining,
                    }
                    for r in self._rates
                ],
            }

    # -- pacing for transports ----------------------------------------------------------------

    def pause(self, seconds: float) -> bool:
        """Wait ``seconds`` (a slow or delayed reply); ``False`` at once when the plan was
        closed (the server is stopping), so no delay holds up a shutdown."""
        if seconds <= 0:
            return not self._closed.is_set()
        return not self._closed.wait(seconds)

    def close(self) -> None:
        """End every :meth:`pause` now and from now on (the server stops)."""
        self._closed.set()


def draw(workflow_plan: FaultPlan, server_plan: FaultPlan) -> Fault | None:
    """The fault for a call to a workflow: its own plan first, then the server's."""
    return workflow_plan.draw() or server_plan.draw()
