"""Run history: every call, in arrival order, thread-safe, with bounded waits."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from reqres_mock.errors import WaitTimeoutError

if TYPE_CHECKING:
    from collections.abc import Callable

    from reqres_mock.engine.run import Run, RunStatus
    from reqres_mock.exchange import Reply


class Journal:
    """The server's run history. Entries are added before their reply is written."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._entries: list[Run] = []

    def add(self, run: Run) -> None:
        """Journal ``run`` (before its reply is written), waking whoever waits on runs."""
        with self._cond:
            self._entries.append(run)
            self._cond.notify_all()

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
        with self._cond:
            if predicate is None:
                return list(self._entries)
            return [r for r in self._entries if predicate(r)]

    def clear(self) -> None:
        """Forget every entry."""
        with self._cond:
            self._entries.clear()
            self._cond.notify_all()

    def wait_for(
        self, predicate: Callable[[Run], bool], count: int, timeout: float, what: str
    ) -> list[Run]:
        """Block until at least ``count`` entries match ``predicate``; return those entries.

        :raises WaitTimeoutError: after ``timeout`` seconds, saying what did arrive.
        """
        found: list[Run] = []

        def enough() -> bool:
            nonlocal found
            found = [r for r in self._entries if predicate(r)]
            return len(found) >= count

        with self._cond:
            if self._cond.wait_for(enough, timeout):
                return found
            others = [r.summary() for r in self._entries if not predicate(r)]
        got = "\n  ".join(r.summary() for r in found) or "(none)"
        message = f"expected {count} {what} within {timeout} s, got {len(found)}:\n  {got}"
        if others:
            message += "\nother calls journalled meanwhile:\n  " + "\n  ".join(others)
        raise WaitTimeoutError(message)
