"""Parallel branches: actions of a scope that are ready at the same time run at the same time.

Logic Apps runs parallel branches "at the same time" (Microsoft's "Create or join parallel
branches" page): while one branch waits (a Wait, a slow call, a retry's delay) another runs, and
a Response on one branch answers its caller while the other still works. The mock runs each
branch beyond the first as a **strand**, a thread of the run, and passes one **baton** between
them: only the strand holding it touches the run (results, variables), and the baton goes to the
waiting strand whose action comes first in the definition's order. A run whose branches never
wait so runs its actions in exactly the order a sequential run would; a strand gives the baton
up only while it blocks (:func:`blocking`), and takes it back in its turn.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

#: Where an action comes in a sequential run: its index in each enclosing scope's order.
Key = tuple[int, ...]


class Baton:
    """The right to touch a run, held by one strand at a time; handed out in :data:`Key`
    order among the strands waiting for it (a strand waiting *until* something is true is
    passed over until it is)."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self._held = False
        self._queue: list[tuple[Key, int]] = []
        self._until: dict[int, Callable[[], bool]] = {}
        self._tickets = itertools.count()

    def enqueue(self, key: Key, until: Callable[[], bool] | None = None) -> int:
        """Put a strand in line (the holder does this for the strands it starts, so that
        who runs next never depends on which thread the system wakes first)."""
        with self.changed:
            ticket = next(self._tickets)
            heapq.heappush(self._queue, (key, ticket))
            if until is not None:
                self._until[ticket] = until
            return ticket

    def _next(self) -> tuple[Key, int] | None:
        """The first in line that may go (called with :attr:`changed` held)."""
        if not self._until:
            return self._queue[0] if self._queue else None
        for entry in sorted(self._queue):
            until = self._until.get(entry[1])
            if until is None or until():
                return entry
        return None

    def wait_turn(self, ticket: int) -> None:
        """Block until the baton is free and ``ticket`` is next; then hold it."""
        with self.changed:
            while True:
                following = None if self._held else self._next()
                if following is not None and following[1] == ticket:
                    break
                self.changed.wait()
            self._queue.remove(following)
            heapq.heapify(self._queue)
            self._until.pop(ticket, None)
            self._held = True

    def withdraw(self, ticket: int) -> None:
        """Take a ticket whose strand never started out of the line."""
        with self.changed:
            self._queue = [entry for entry in self._queue if entry[1] != ticket]
            heapq.heapify(self._queue)
            self._until.pop(ticket, None)
            self.changed.notify_all()

    def acquire(self, key: Key) -> None:
        self.wait_turn(self.enqueue(key))

    def release(self) -> None:
        with self.changed:
            self._held = False
            self.changed.notify_all()

    def wait_until(self, key: Key, ready: Callable[[], bool]) -> None:
        """Give the baton up and take it back at ``key`` once ``ready()`` (which must change
        only under the baton: strands ending, slots freeing). Keeping its place in line, a
        scope that waits for its strands goes on before any later sibling does."""
        ticket = self.enqueue(key, ready)
        self.release()
        self.wait_turn(ticket)

    def yield_to(self, key: Key) -> None:
        """Let a strand waiting with an earlier key go first (the holder goes on at ``key``)."""
        with self.changed:
            following = self._next()
            if following is None or following[0] >= key:
                return
        self.release()
        self.acquire(key)

    @contextlib.contextmanager
    def released(self, key: Key) -> Iterator[None]:
        """Without the baton for the block; back in line at ``key`` after it."""
        self.release()
        try:
            yield
        finally:
            self.acquire(key)


class _Place(threading.local):
    """The strand this thread is: its run's baton and the key of the action it runs."""

    baton: Baton | None = None
    key: Key = ()


_place = _Place()


@contextlib.contextmanager
def blocking() -> Iterator[None]:
    """Give the baton up while the block blocks (a wait, a stub's handler, a nested
    workflow), so that the run's other branches go on; a no-op outside a strand."""
    baton = _place.baton
    if baton is None:
        yield
        return
    with baton.released(_place.key):
        yield


@contextlib.contextmanager
def holding(baton: Baton | None, key: Key) -> Iterator[None]:
    """Make this thread a strand of ``baton``'s run at ``key`` (the baton already held), and
    restore what it was after (a nested workflow's run on the same thread has its own)."""
    saved = _place.baton, _place.key
    _place.baton, _place.key = baton, key
    try:
        yield
    finally:
        _place.baton, _place.key = saved


def current_key() -> Key:
    """The key of the action this strand runs (``()`` outside any)."""
    return _place.key


def set_key(key: Key) -> None:
    _place.key = key


def start_strand(baton: Baton, key: Key, name: str, work: Callable[[], None]) -> threading.Thread:
    """Start a thread that waits for its turn at ``key``, runs ``work`` holding the baton,
    and gives the baton back when ``work`` returns (or raises: ``work`` must catch)."""
    ticket = baton.enqueue(key)

    def main() -> None:
        baton.wait_turn(ticket)
        try:
            with holding(baton, key):
                work()
        finally:
            baton.release()

    thread = threading.Thread(target=main, name=name, daemon=True)
    try:
        thread.start()
    except RuntimeError:  # no more threads: the caller runs the branch itself
        baton.withdraw(ticket)
        raise
    return thread
