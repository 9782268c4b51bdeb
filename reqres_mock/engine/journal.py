"""Run history: every call, in arrival order, thread-safe, with bounded waits, and capped.

The cap keeps a long-running mock's memory bounded: past ``max_entries`` the oldest finished
runs are evicted and counted. A run still in progress is never evicted, and nothing is evicted
while a caller waits in :meth:`Journal.wait_for` (a test waiting on runs never loses one).

Older runs are kept *packed*. A stored :class:`~reqres_mock.engine.run.Run` is a graph of a
dozen objects (request, reply, headers, trigger outputs, action results...) that Python's
garbage collector scans in every full collection; at 10,000 stored runs those collections
paused every connection ~100 ms, and were the server's latency tail under load (issue 19).
Past the newest :data:`LIVE_ENTRIES` runs, a run that is over (ended, replied, reply written,
no asynchronous operation still polled) is pickled into one bytes value, kept in a tuple of
atomic values that the collector does not track at all; reading it gives an equal :class:`Run`
rebuilt from those bytes (a new object on each read: only the newest runs keep their
identity). A run that cannot be pickled (an exception object that will not round-trip, a
user's callable) simply stays as it is. The window is short so that a run is packed while it
is still young: runs kept whole for a thousand calls were promoted into the collector's old
generation and made its full collections both more frequent and longer (expression workflows
under load: p99 1.7x bare Werkzeug with 1,000 live runs, 1.0x with 64).
"""

from __future__ import annotations

import copy
import pickle
import threading
from collections import deque
from typing import TYPE_CHECKING, Any, Union

from reqres_mock.config import DEFAULT_MAX_RUNS
from reqres_mock.errors import WaitTimeoutError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from reqres_mock.engine.run import Run, RunStatus
    from reqres_mock.exchange import Reply

#: How many of the newest runs stay unpacked (at most half the cap). Small on purpose: a run
#: packed within a few dozen calls dies young, in the collector's first generations, instead
#: of being promoted into the old generation that every full collection walks.
LIVE_ENTRIES = 64
#: How far past the live window a run still being answered may hold up packing before it is
#: moved on unpacked (a gate, a slow workflow, a transport that never reports its replies).
_BACKSTOP = 64
#: How many workflows' keys are kept before those no packed run names are forgotten.
_WORKFLOW_KEYS = 256

#: A packed run: its id, its workflow's key in :attr:`Journal._workflows` and its pickle. Only
#: atomic values, so the garbage collector stops tracking the tuple: stored runs cost full
#: collections nothing.
Packed = tuple[str, int, bytes]
Entry = Union["Run", Packed]


def _stays_whole(run: Run) -> bool:
    """The run is never packed: an operation may still be polled, or its exception object
    may not round-trip."""
    return run.operation is not None or run.error is not None


def _settled(run: Run) -> bool:
    """The run will not change any more: ended, replied, reply written, nothing to poll."""
    return run.done and run.reply_sent and not _stays_whole(run)


def _entry_id(entry: Entry) -> str:
    return entry[0] if isinstance(entry, tuple) else entry.id


class Journal:
    """The server's run history. Entries are added before their reply is written.

    :param max_entries: how many entries to keep; older finished ones are evicted.
    """

    def __init__(self, max_entries: int = DEFAULT_MAX_RUNS) -> None:
        # Adding (every call) takes no lock when nobody waits: deque appends and pops are
        # atomic, and a lock shared by every connection convoyed under load. Only waiters use
        # the condition; packing and eviction run under a lock that no adder ever waits for
        # (readers take it for the instant of a snapshot).
        self._cond = threading.Condition()
        self._moving = threading.Lock()
        self._live: deque[Run] = deque()  # the newest runs, as they are
        self._older: deque[Entry] = deque()  # before them: packed when over
        self._max = max_entries
        self._live_max = max(1, min(LIVE_ENTRIES, max_entries // 2))
        self._waiters = 0
        self._evicted = 0
        # The workflows of packed runs, by id(): a packed tuple holds the key, not the object.
        self._workflows: dict[int, Any] = {}

    @property
    def max_entries(self) -> int:
        """The cap on kept entries."""
        return self._max

    @property
    def evicted(self) -> int:
        """How many entries were evicted to stay within :attr:`max_entries` (since the last
        :meth:`clear`)."""
        with self._moving:
            self._settle()
            return self._evicted

    def add(self, run: Run) -> None:
        """Journal ``run`` (before its reply is written), waking whoever waits on runs."""
        self._live.append(run)
        # A waiter counts itself under the condition before it looks at the entries, so it
        # either sees this entry or is counted here and notified.
        if self._waiters:
            with self._cond:
                self._cond.notify_all()
        overflow = len(self._live) > self._live_max + _BACKSTOP
        if (overflow or len(self._live) + len(self._older) > self._max) and self._moving.acquire(
            blocking=False
        ):
            try:
                if overflow:
                    self._age()
                elif not self._waiters:
                    self._evict()  # cheap: the cap holds at once, packing waits for tidy()
            finally:
                self._moving.release()

    def tidy(self) -> None:
        """Pack the runs past the live window (and evict past the cap). Transports call this
        after writing a reply, so packing stays off the reply's path; :meth:`add` packs too
        once the window overflows (for transports that never call this)."""
        if len(self._live) > self._live_max and self._moving.acquire(blocking=False):
            try:
                self._age(force=len(self._live) > self._live_max + _BACKSTOP)
            finally:
                self._moving.release()

    def _age(self, *, force: bool = True) -> None:
        # Oldest first, so a run still being answered at the head waits (in the live window)
        # for its reply to be written and is then packed; past the backstop (``force``) it
        # moves on as it is.
        live, older = self._live, self._older
        while len(live) > self._live_max:
            run = live[0]
            if _settled(run):
                older.append(self._pack(run) or run)
            elif force or _stays_whole(run):
                older.append(run)
            else:
                break
            live.popleft()
        if not self._waiters:
            self._evict()

    def _pack(self, run: Run) -> Packed | None:
        """``run`` (settled) as a :data:`Packed` record, or ``None`` when it will not pickle."""
        detached = copy.copy(run)  # the workflow stays out of the pickle: it is kept by key
        detached.workflow_ref = None
        try:
            blob = pickle.dumps(detached, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # anything pickle refuses leaves the run unpacked
            return None
        key = id(run.workflow_ref)
        if key not in self._workflows:
            if len(self._workflows) >= _WORKFLOW_KEYS:
                self._forget_workflows()
            self._workflows[key] = run.workflow_ref
        return (run.id, key, blob)

    def _forget_workflows(self) -> None:
        # Workflows added and removed over a long run (hot reload) would pile up here: keep
        # only those packed entries still name. Under _moving. The dict is replaced, never
        # emptied in place: a reader keeps the one its snapshot came with.
        named = {entry[1] for entry in self._older if isinstance(entry, tuple)}
        self._workflows = {k: w for k, w in self._workflows.items() if k in named}

    def _evict(self) -> None:
        chain: tuple[deque[Any], ...] = (self._older, self._live)
        for entries in chain:  # oldest first; live's head only once older is empty
            while self._total() > self._max and entries and _over(entries[0]):
                if self._waiters:
                    return
                entries.popleft()
                self._evicted += 1
            if entries:
                break
        # A run held at the head (a gate, a slow workflow) blocks the cheap path; past a margin
        # remove finished ones behind it, once, instead of on every add. Only this (under
        # _moving) removes entries, and adds go to the right end: indexes stay valid.
        excess = self._total() - self._max
        if excess <= max(16, self._max // 8):
            return
        for entries in chain:
            index = 0
            while excess > 0 and index < len(entries) and not self._waiters:
                if _over(entries[index]):
                    del entries[index]
                    excess -= 1
                    self._evicted += 1
                else:
                    index += 1

    def _total(self) -> int:
        return len(self._older) + len(self._live)

    def _settle(self) -> None:
        # Under _moving, before a read: an add that found the lock taken skipped its
        # eviction, so readers see the cap kept whatever the timing.
        if not self._waiters and self._total() > self._max:
            self._evict()

    def __len__(self) -> int:
        with self._moving:
            self._settle()
            return self._total()

    def conclude(self, run: Run, reply: Reply, status: RunStatus) -> Reply:
        """Settle a call that ends at once (rejected, skipped, intercepted): its status and
        reply set, the run finished and journalled; returns ``reply``."""
        run.status = status
        run.set_reply(reply)
        run.finish(status)
        self.add(run)
        return reply

    def _snapshot(self) -> _Snapshot:
        # Entries move from live to older only under this lock: the two copies agree.
        with self._moving:
            self._settle()
            return _Snapshot([*self._older, *self._live], self._workflows)

    def entries(
        self,
        predicate: Callable[[Run], bool] | None = None,
        *,
        workflow_ref: object | None = None,
    ) -> list[Run]:
        """A snapshot of the entries (those of ``workflow_ref``, those matching
        ``predicate``), oldest first."""
        taken = self._snapshot()
        snapshot: Iterable[Entry] = taken.entries
        if workflow_ref is not None:
            key = id(workflow_ref)
            snapshot = (
                e
                for e in snapshot
                if (e[1] == key if isinstance(e, tuple) else e.workflow_ref is workflow_ref)
            )
        runs = (taken.unpack(e) for e in snapshot)
        if predicate is None:
            return list(runs)
        return [r for r in runs if predicate(r)]

    def find(self, run_id: str) -> Run | None:
        """The entry of run ``run_id`` (``None`` when there is none), unpacking only it."""
        taken = self._snapshot()
        for entry in reversed(taken.entries):
            if _entry_id(entry) == run_id:
                return taken.unpack(entry)
        return None

    def clear(self) -> None:
        """Forget every entry and reset the eviction count."""
        with self._cond, self._moving:  # the order waiters take them in (enough())
            self._older.clear()
            self._live.clear()
            self._workflows = {}
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
        # A packed entry never changes: it is unpacked and tested once per wait, not on
        # every call that wakes the waiter.
        tested: dict[bytes, Run | None] = {}

        def matches(taken: _Snapshot, entry: Entry) -> Run | None:
            if not isinstance(entry, tuple):
                return entry if predicate(entry) else None
            key = entry[2]
            if key not in tested:
                run = taken.unpack(entry)
                tested[key] = run if predicate(run) else None
            return tested[key]

        def enough() -> bool:
            nonlocal found
            taken = self._snapshot()
            found = [r for e in taken.entries if (r := matches(taken, e)) is not None]
            return len(found) >= count

        with self._cond:
            self._waiters += 1
            try:
                if self._cond.wait_for(enough, timeout):
                    return found
            finally:
                self._waiters -= 1
            others = [r.summary() for r in self.entries() if not predicate(r)]
        got = "\n  ".join(r.summary() for r in found) or "(none)"
        message = f"expected {count} {what} within {timeout} s, got {len(found)}:\n  {got}"
        if others:
            message += "\nother calls journalled meanwhile:\n  " + "\n  ".join(others)
        raise WaitTimeoutError(message)


class _Snapshot:
    """The entries at one instant, and the workflows their packed runs name."""

    __slots__ = ("entries", "workflows")

    def __init__(self, entries: list[Entry], workflows: dict[int, Any]) -> None:
        self.entries = entries
        self.workflows = workflows

    def unpack(self, entry: Entry) -> Run:
        """The run an entry holds (rebuilt when packed)."""
        if not isinstance(entry, tuple):
            return entry
        _, key, blob = entry
        run: Run = pickle.loads(blob)  # our own bytes, made by Journal._pack()
        run.workflow_ref = self.workflows[key]
        return run


def _over(entry: Entry) -> bool:
    return isinstance(entry, tuple) or entry.done
