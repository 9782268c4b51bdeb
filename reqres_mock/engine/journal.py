"""Run history: every call, in arrival order, thread-safe, with bounded waits, and capped.

The cap keeps a long-running mock's memory bounded: past ``max_entries`` the oldest finished
runs are evicted and counted. A run still in progress is never evicted, and nothing is evicted
while a caller waits in :meth:`Journal.wait_for` (a test waiting on runs never loses one).
"""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING

from reqres_mock.config import DEFAULT_MAX_RUNS
from reqres_mock.errors import WaitTimeoutError

if TYPE_CHECKING:
    from collections.abc import Callable

    from reqres_mock.engine.run import Run, RunStatus
    from reqres_mock.exchange import Reply


class Journal:
    """The server's run history. Entries are added before their reply is written.

    :param max_entries: how many entries to keep; older finished ones are evicted.
    """

    def __init__(self, max_entries: int = DEFAULT_MAX_RUNS) -> None:
        # Adding (every call) takes no lock when nobody waits: deque appends and pops are
        # atomic, and a lock shared by every connection convoyed under load. Only waiters use
        # the condition; eviction runs under a lock that nobody ever waits for.
        self._cond = threading.Condition()
        self._evicting = threading.Lock()
        self._entries: deque[Run] = deque()
        self._max = max_entries
        self._waiters = 0
        self._evicted = 0

    @property
    def max_entries(self) -> int:
        """The cap on kept entries."""
        return self._max

    @property
    def evicted(self) -> int:
        """How many entries were evicted to stay within :attr:`max_entries` (since the last
        :meth:`clear`)."""
        return self._evicted  # one int read: no lock, callers poll it per call

    def add(self, run: Run) -> None:
        """Journal ``run`` (before its reply is written), waking whoever waits on runs."""
        self._entries.append(run)
        # A waiter counts itself under the condition before it looks at the entries, so it
        # either sees this entry or is counted here and notified.
        if self._waiters:
            with self._cond:
                self._cond.notify_all()
        elif len(self._entries) > self._max and self._evicting.acquire(blocking=False):
            try:
                self._evict()
            finally:
                self._evicting.release()

    def _evict(self) -> None:
        entries = self._entries
        while len(entries) > self._max and entries[0].done and not self._waiters:
            entries.popleft()
            self._evicted += 1
        # A run held at the head (a gate, a slow workflow) blocks the cheap path; past a margin
        # remove finished ones behind it, once, instead of on every add. Only this (under
        # _evicting) removes entries, and adds go to the right end: indexes here stay valid.
        excess = len(entries) - self._max
        if excess > max(16, self._max // 8):
            index = 0
            while excess > 0 and index < len(entries) and not self._waiters:
                if entries[index].done:
                    del entries[index]
                    excess -= 1
                    self._evicted += 1
                else:
                    index += 1

    def __len__(self) -> int:
        return len(self._entries)

    def conclude(self, run: Run, reply: Reply, status: RunStatus) -> Reply:
        """Settle a call that ends at once (rejected, skipped, intercepted): its status and
        reply set, the run finished and journalled; returns ``reply``."""
        run.status = status
        run.set_reply(reply)
        run.finish(status)
        self.add(run)
        return reply

    def entries(self, predicate: Callable[[Run], bool] | None = None) -> list[Run]:
        """A snapshot of the entries (those matching ``predicate``), oldest first."""
        snapshot = list(self._entries)  # one atomic copy
        if predicate is None:
            return snapshot
        return [r for r in snapshot if predicate(r)]

    def clear(self) -> None:
        """Forget every entry and reset the eviction count."""
        with self._evicting, self._cond:
            self._entries.clear()
            self._evicted = 0
            self._cond.notify_all()

    def wait_for(
        self, predicate: Callable[[Run], bool], count: int, timeout: float, what: str
    ) -> list[Run]:
        """Block until at least ``count`` entries match ``predicate``; return those entries.

        Nothing is evicted while this waits, so a matching entry cannot be lost meanwhile.

        :raises WaitTimeoutError: after ``timeout`` seconds, saying what did arrive.
        """
        found: list[Run] = []

        def enough() -> bool:
            nonlocal found
            found = [r for r in list(self._entries) if predicate(r)]
            return len(found) >= count

        with self._cond:
            self._waiters += 1
            try:
                if self._cond.wait_for(enough, timeout):
                    return found
            finally:
                self._waiters -= 1
            others = [r.summary() for r in list(self._entries) if not predicate(r)]
        got = "\n  ".join(r.summary() for r in found) or "(none)"
        message = f"expected {count} {what} within {timeout} s, got {len(found)}:\n  {got}"
        if others:
            message += "\nother calls journalled meanwhile:\n  " + "\n  ".join(others)
        raise WaitTimeoutError(message)
